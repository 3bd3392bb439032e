/**
 * The kind of a 1C counterparty — legal entity, individual entrepreneur, private person, state
 * body, foreign — from the fields each configuration has (F16–F17): УНФ `ВидКонтрагента`, УТ 11
 * `ЮрФизЛицо`, БП 3.0 `ЮридическоеФизическоеЛицо` (+ `ГосударственныйОрган`; an ИП there is a
 * «физическое лицо» with a 12-digit INN and a 15-digit OGRNIP, or named «ИП …»). Pure.
 *
 * `DEFAULT_PRESET_TABLE` is the module's default correspondence with the requisite presets of a
 * Russian portal (ids 1 «Организация», 2 «ИП», 3 «Физ. лицо»): state bodies take «Организация»;
 * foreign counterparties have no default preset — an unmapped kind is an error, never a skip.
 */
import { MappingError, validateTable, type MappingTable } from './mapping';

export type CounterpartyKind = 'legal' | 'entrepreneur' | 'person' | 'government' | 'foreign';

const str = (v: unknown) => String(v ?? '').trim();
const ENTREPRENEUR_NAME = /^(ип|индивидуальный предприниматель)\s|\sип$/i;

/** The kind, or undefined when the row has none of the known fields. */
export function counterpartyKind(row: Record<string, unknown>): CounterpartyKind | undefined {
	const vid = str(row.ВидКонтрагента);
	const ut = str(row.ЮрФизЛицо);
	const bp = str(row.ЮридическоеФизическоеЛицо);
	if (row.ГосударственныйОрган === true || vid === 'ГосударственныйОрган' || ut === 'ГосударственныйОрган') return 'government';
	if (vid) {
		if (vid === 'ИндивидуальныйПредприниматель') return 'entrepreneur';
		if (vid === 'ФизическоеЛицо') return 'person';
		if (vid === 'ЮридическоеЛицо') return 'legal';
		if (/нерезидент|иностран/i.test(vid)) return 'foreign';
	}
	if (ut) {
		if (ut === 'ЮрЛицо') return 'legal';
		if (ut === 'ЮрЛицоНеРезидент') return 'foreign';
		if (ut === 'ИндивидуальныйПредприниматель') return 'entrepreneur';
		if (ut === 'ФизЛицо') return 'person';
	}
	if (bp === 'ЮридическоеЛицо') return !str(row.ИНН) && (str(row.НалоговыйНомер) || str(row.РегистрационныйНомер)) ? 'foreign' : 'legal';
	if (bp === 'ФизическоеЛицо') {
		const inn = str(row.ИНН).replace(/\D/g, '');
		const ogrnip = str(row.РегистрационныйНомер).replace(/\D/g, '');
		const name = str(row.НаименованиеПолное) || str(row.Description);
		return (inn.length === 12 && ogrnip.length === 15) || ENTREPRENEUR_NAME.test(name) ? 'entrepreneur' : 'person';
	}
	return undefined;
}

export const DEFAULT_PRESET_TABLE: MappingTable = {
	version: 1,
	kind: 'requisitePreset',
	rows: [
		{ b24: '1', onec: 'legal', b24Label: 'Организация', onecLabel: 'Юридическое лицо' },
		{ b24: '2', onec: 'entrepreneur', b24Label: 'ИП', onecLabel: 'Индивидуальный предприниматель' },
		{ b24: '3', onec: 'person', b24Label: 'Физ. лицо', onecLabel: 'Физическое лицо' },
		{ b24: '1', onec: 'government', b24Label: 'Организация', onecLabel: 'Государственный орган' },
	],
	forced: [],
};

/** The built-in table of a kind (only counterparty kind ↔ requisite preset has one). */
export function defaultTable(kind: string): MappingTable {
	if (kind !== 'requisitePreset') throw new MappingError(`There are built-in defaults only for the counterparty kind ↔ requisite preset table, not for "${kind}"`);
	return validateTable(DEFAULT_PRESET_TABLE);
}

/**
 * Counterparty kinds (lib/counterparty-kind.ts) on the fields of БП 3.0, УНФ and УТ 11 — checked
 * against the dataset's legal forms on every seeded base — and the built-in preset table through
 * the Mapping node (an unmapped kind is an error item).
 */
import type { IDataObject } from 'n8n-workflow';
import { counterpartyKind } from '../../lib/counterparty-kind';
import { seedAll } from '../helpers/onec-seed-checks';
import { runNode } from '../helpers/n8n';

describe('counterpartyKind', () => {
	it('reads each configuration’s fields', () => {
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо', ИНН: '7707083893' })).toBe('legal');
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо', ГосударственныйОрган: true })).toBe('government');
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо', ИНН: '', НалоговыйНомер: 'DE811907980' })).toBe('foreign');
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ФизическоеЛицо', ИНН: '500100732259', РегистрационныйНомер: '304500116000157' })).toBe('entrepreneur');
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ФизическоеЛицо', Description: 'ИП Петров П.П.' })).toBe('entrepreneur');
		expect(counterpartyKind({ ЮридическоеФизическоеЛицо: 'ФизическоеЛицо', ИНН: '500100732259' })).toBe('person');
		expect(counterpartyKind({ ВидКонтрагента: 'ИндивидуальныйПредприниматель' })).toBe('entrepreneur');
		expect(counterpartyKind({ ЮрФизЛицо: 'ЮрЛицоНеРезидент' })).toBe('foreign');
		expect(counterpartyKind({ Description: 'x' })).toBeUndefined();
	});

	it('agrees with the dataset’s legal form on every seeded base', () => {
		const world = seedAll(3, 150);
		const form = new Map(world.ds.companies.map((c) => [c.guid.toLowerCase(), c.form]));
		const expected = (f: string) => (f === 'ИП' ? 'entrepreneur' : f === 'ФЛ' ? 'person' : 'legal');
		for (const id of ['bp30', 'unf', 'ut11'] as const) {
			let checked = 0;
			for (const row of world.bases[id].base.table('Catalog_Контрагенты').values()) {
				const f = form.get(String(row.Ref_Key).toLowerCase());
				if (!f) continue;
				expect({ id, ref: row.Ref_Key, kind: counterpartyKind(row) }).toEqual({ id, ref: row.Ref_Key, kind: expected(f) });
				checked++;
			}
			expect(checked).toBeGreaterThan(50);
		}
	});
});

describe('Mapping node with the built-in preset table', () => {
	it('maps the counterparty kind of each item; a foreign counterparty is an error item', async () => {
		const input: IDataObject[] = [
			{ Ref_Key: 'a', ЮрФизЛицо: 'ЮрЛицо' },
			{ Ref_Key: 'b', ЮрФизЛицо: 'ИндивидуальныйПредприниматель' },
			{ Ref_Key: 'c', ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо', ГосударственныйОрган: true },
			{ Ref_Key: 'd', ЮрФизЛицо: 'ЮрЛицоНеРезидент' },
		];
		const r = await runNode(
			{ type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Mapping', onError: 'continueErrorOutput', credentials: {}, parameters: { operation: 'map', kind: 'requisitePreset', tableSource: 'defaults', direction: 'toB24', valueFrom: 'counterpartyKind', outputField: 'preset' } },
			input,
			{},
		);
		const [mapped, , failed] = r.outputs;
		expect(mapped.map((x) => [x.json.Ref_Key, (x.json.preset as IDataObject).value])).toEqual([
			['a', '1'],
			['b', '2'],
			['c', '1'],
		]);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].json.error)).toContain('1C value "foreign" has no row in the requisitePreset table');
	});
});

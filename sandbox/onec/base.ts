/**
 * One infobase: the schema of its configuration and its data — reference objects by entity set
 * and `Ref_Key`, register records, constants — with the platform's write rules: defaults of the
 * type's empty values, `Code`/`Number` assigned from per-set sequences with the configuration's
 * prefixes, `DataVersion` bumped on every write (8 bytes, base64; the first write gives
 * `AAAAAAAAAAA=`), strings truncated to their length, unknown properties ignored.
 */
import { randomUUID } from 'node:crypto';
import { E } from './errors';
import { EMPTY_DATE, EMPTY_REF, type Row } from './format/values';
import type { EntitySetDef, PropertyDef, Schema } from './model/schema-types';
import type { CatalogDef, ChartOfCharacteristicTypesDef, DocumentDef } from './model/types';

export function dataVersion(n: number): string {
	const b = Buffer.alloc(8);
	b.writeUInt32BE(n >>> 0, 0);
	return b.toString('base64');
}

export function versionNumber(dv: unknown): number {
	try {
		return Buffer.from(String(dv), 'base64').readUInt32BE(0);
	} catch {
		return 0;
	}
}

export const TYPE_DESCRIPTION = 'StandardODATA.TypeDescription';

/**
 * An empty `ОписаниеТипов` as the platform writes `ValueType` (DR `ChartOfCharacteristicTypes.xml`:
 * `Types` + the four qualifier groups). Its JSON form is UNVERIFIED (same structure assumed).
 */
export function emptyTypeDescription(types: string[] = []): Record<string, unknown> {
	return {
		Types: [...types],
		NumberQualifiers: { AllowedSign: 'Any', Digits: 0, FractionDigits: 0 },
		StringQualifiers: { AllowedLength: 'Variable', Length: 0 },
		DateQualifiers: { DateFractions: 'DateTime' },
		BinaryDataQualifiers: { AllowedLength: 'Variable', Length: 0 },
	};
}

/** The empty value of a property's type (1C never sends JSON null for these). */
export function emptyValue(p: PropertyDef): unknown {
	if (p.type === TYPE_DESCRIPTION) return emptyTypeDescription();
	switch (p.type) {
		case 'Edm.String':
			return p.role.kind === 'compositeType' ? 'StandardODATA.Undefined' : '';
		case 'Edm.Boolean':
			return false;
		case 'Edm.DateTime':
			return EMPTY_DATE;
		case 'Edm.Guid':
			return EMPTY_REF;
		case 'Edm.Double':
		case 'Edm.Int16':
		case 'Edm.Int32':
		case 'Edm.Int64':
			return 0;
		default:
			return p.type.startsWith('Collection(') ? [] : null;
	}
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** Convert one incoming JSON value to the stored form, as the platform would (or fail as it does). */
export function coerce(p: PropertyDef, v: unknown): unknown {
	if (v === null || v === undefined) return emptyValue(p);
	if (p.type === TYPE_DESCRIPTION) {
		if (typeof v !== 'object' || Array.isArray(v)) throw E.internal('Непредвиденный символ при чтении JSON');
		return { ...emptyTypeDescription(), ...(JSON.parse(JSON.stringify(v)) as Record<string, unknown>) };
	}
	if (Array.isArray(v) || (typeof v === 'object' && v !== null)) throw E.internal('Непредвиденный символ при чтении JSON');
	switch (p.type) {
		case 'Edm.Guid':
			if (typeof v !== 'string' || !GUID_RE.test(v)) throw E.cannotParse(String(v), 'Edm.Guid');
			return v.toLowerCase();
		case 'Edm.Boolean':
			if (typeof v === 'boolean') return v;
			if (v === 'true' || v === 'false') return v === 'true';
			throw E.cannotParse(String(v), 'Edm.Boolean');
		case 'Edm.DateTime':
			if (typeof v !== 'string' || !DATE_RE.test(v)) throw E.cannotParse(String(v), 'Edm.DateTime');
			return v.length === 16 ? `${v}:00` : v;
		case 'Edm.Double': {
			const n = Number(v);
			if (!Number.isFinite(n)) throw E.cannotParse(String(v), 'Edm.Double');
			return n;
		}
		case 'Edm.Int16':
		case 'Edm.Int32':
		case 'Edm.Int64': {
			const n = Number(v);
			if (!Number.isInteger(n)) throw E.cannotParse(String(v), p.type);
			return n;
		}
		default: {
			const s = String(v);
			return p.maxLength && s.length > p.maxLength ? s.slice(0, p.maxLength) : s;
		}
	}
}

export class Base {
	/** entity set → Ref_Key → object (reference objects only) */
	readonly objects = new Map<string, Map<string, Row>>();
	/** register entity set (the record-set one) → records */
	readonly records = new Map<string, Row[]>();
	readonly constants = new Map<string, unknown>();
	private readonly sequences = new Map<string, number>();
	/** server-local wall clock (tests may pin it) */
	clock: () => Date = () => new Date();

	constructor(
		readonly id: string,
		readonly schema: Schema,
	) {}

	set(name: string): EntitySetDef | undefined {
		return this.schema.entitySets.get(name);
	}

	table(name: string): Map<string, Row> {
		let t = this.objects.get(name);
		if (!t) {
			t = new Map();
			this.objects.set(name, t);
		}
		return t;
	}

	get(setName: string, ref: string): Row | undefined {
		return this.objects.get(setName)?.get(ref);
	}

	registerRecords(setName: string): Row[] {
		let r = this.records.get(setName);
		if (!r) {
			r = [];
			this.records.set(setName, r);
		}
		return r;
	}

	/** Local time without offset, as 1C writes dates. */
	now(): string {
		const d = this.clock();
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
	}

	/** A new object with every property at its empty value, then the model defaults. */
	blank(set: EntitySetDef): Row {
		const row: Row = {};
		for (const p of set.properties) row[p.name] = emptyValue(p);
		for (const p of set.properties) if (p.role.kind === 'value' && p.role.attribute.default !== undefined) row[p.name] = p.role.attribute.default;
		if ('Predefined' in row) row.PredefinedDataName = '';
		return row;
	}

	/** Apply incoming JSON fields: unknown ones ignored, tabular sections replaced whole. */
	apply(set: EntitySetDef, row: Row, body: Row): void {
		const complex = (n: string) => this.schema.complexTypes.get(n);
		for (const p of set.properties) {
			if (!(p.name in body) || p.name === 'Ref_Key' || p.name === 'DataVersion') continue;
			const v = body[p.name];
			if (p.role.kind === 'tabular') {
				if (!Array.isArray(v)) throw E.internal('Непредвиденный символ при чтении JSON');
				const rt = complex(p.role.rowType);
				row[p.name] = v.map((r, i) => {
					if (typeof r !== 'object' || r === null) throw E.internal('Непредвиденный символ при чтении JSON');
					const src = r as Row;
					if (src.LineNumber === undefined) throw E.internal();
					if (Number(src.LineNumber) !== i + 1) throw E.badValue('LineNumber');
					const out: Row = {};
					for (const q of rt?.properties ?? []) out[q.name] = q.name === 'Ref_Key' ? row.Ref_Key : q.name in src ? coerce(q, src[q.name]) : emptyValue(q);
					out.LineNumber = i + 1;
					return out;
				});
				continue;
			}
			if (p.role.kind === 'recordSet') continue;
			row[p.name] = coerce(p, v);
		}
		// composite fields written without _Type keep "Undefined" only when empty
		for (const p of set.properties) {
			if (p.role.kind !== 'compositeType') continue;
			const valueName = p.name.replace(/_Type$/, '');
			if (row[valueName] === '' && !(p.name in body)) row[p.name] = 'StandardODATA.Undefined';
		}
	}

	/** Next `Code` / `Number` of a set, with the configuration's prefix and length. */
	nextCode(set: EntitySetDef): string | number {
		const o = set.object as CatalogDef | DocumentDef | ChartOfCharacteristicTypesDef;
		const n = (this.sequences.get(set.name) ?? 0) + 1;
		this.sequences.set(set.name, n);
		if (o.kind === 'Document') {
			const prefix = o.numberPrefix ?? '';
			return prefix + String(n).padStart(Math.max(1, o.numberLength - prefix.length), '0');
		}
		if (o.kind === 'Catalog' && o.codeType === 'number') return n;
		const prefix = (o as CatalogDef).codePrefix ?? '';
		return prefix + String(n).padStart(Math.max(1, o.codeLength - prefix.length), '0');
	}

	/** Keep sequences ahead of seeded codes/numbers. */
	bumpSequence(setName: string, n: number): void {
		this.sequences.set(setName, Math.max(this.sequences.get(setName) ?? 0, n));
	}

	touch(row: Row): void {
		row.DataVersion = dataVersion(versionNumber(row.DataVersion) + 1);
	}

	/** Insert a new reference object (POST): defaults, key, code/number, DataVersion. */
	create(set: EntitySetDef, body: Row): Row {
		const row = this.blank(set);
		this.apply(set, row, body);
		row.Ref_Key = typeof body.Ref_Key === 'string' && GUID_RE.test(body.Ref_Key) ? body.Ref_Key.toLowerCase() : randomUUID();
		for (const p of set.properties) if (p.role.kind === 'tabular') for (const r of (row[p.name] as Row[]) ?? []) if ('Ref_Key' in r) r.Ref_Key = row.Ref_Key;
		if ('Code' in row && (row.Code === '' || row.Code === 0)) row.Code = this.nextCode(set);
		if ('Number' in row && row.Number === '') row.Number = this.nextCode(set);
		if ('Date' in row && row.Date === EMPTY_DATE && set.object.kind === 'Document') row.Date = this.now();
		row.DataVersion = dataVersion(0);
		this.table(set.name).set(String(row.Ref_Key), row);
		return row;
	}

	/** Seed insert: a complete row (already in storage form). */
	insert(setName: string, row: Row): Row {
		const set = this.set(setName);
		if (!set) throw new Error(`no entity set ${setName} in ${this.id}`);
		const full = { ...this.blank(set), ...row };
		if (!full.Ref_Key) full.Ref_Key = randomUUID();
		if (!full.DataVersion) full.DataVersion = dataVersion(1);
		this.table(setName).set(String(full.Ref_Key), full);
		return full;
	}
}

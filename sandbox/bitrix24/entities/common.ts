/**
 * Shared pieces of the entity modules: the module shape, field schemas and their `*.fields`
 * description, the old-API string view of typed rows, parameters, lists and multi-fields.
 */
import { Errors, RestError } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param, type Params } from '../core/params';
import { listPage, matchFilter, selectFields, sortRows, type FilterOptions } from '../core/query';
import type { ListResult, Portal, Registry } from '../core/registry';
import { isoWithOffset } from '../core/time';
import type { Row, Store, Table } from '../core/store';
import type { Dataset } from '../../seed/types';

/** Every entity module: registers its methods and loads its part of the seed dataset. */
export interface EntityModule {
	name: string;
	register(registry: Registry): void;
	load?(store: Store, ds: Dataset): void;
}

export type FieldType =
	| 'integer'
	| 'double'
	| 'string'
	| 'char'
	| 'date'
	| 'datetime'
	| 'boolean'
	| 'crm_status'
	| 'crm_multifield'
	| 'crm_currency'
	| 'crm_category'
	| 'crm_company'
	| 'crm_contact'
	| 'crm_lead'
	| 'crm_deal'
	| 'user'
	| 'location'
	| 'file'
	| 'enumeration'
	| 'object';

export interface FieldDef {
	type: FieldType;
	title: string;
	isRequired?: boolean;
	isReadOnly?: boolean;
	isImmutable?: boolean;
	isMultiple?: boolean;
	/** Deprecated field (kept for compatibility, e.g. a lead's CONTACT_ID). */
	isDeprecated?: boolean;
	statusType?: string;
	/** Type settings, e.g. `{parentEntityTypeId: 4}` of a company link. */
	settings?: Record<string, unknown>;
}

export type Schema = Record<string, FieldDef>;

/** `crm.*.fields` answer: `{type,isRequired,isReadOnly,isImmutable,isMultiple,isDynamic,title}` (+isDeprecated, statusType, settings). */
export function describeFields(schema: Schema): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [name, f] of Object.entries(schema)) {
		const d: Record<string, unknown> = {
			type: f.type,
			isRequired: f.isRequired ?? false,
			isReadOnly: f.isReadOnly ?? false,
			isImmutable: f.isImmutable ?? false,
			isMultiple: f.isMultiple ?? false,
			isDynamic: name.startsWith('UF_') || name.startsWith('ufCrm'),
		};
		if (f.isDeprecated) d.isDeprecated = true;
		if (f.statusType) d.statusType = f.statusType;
		d.title = f.title;
		if (f.settings) d.settings = f.settings;
		out[name] = d;
	}
	return out;
}

/** The old crm.* view: every scalar is a string (money with 2 decimals) or null. */
export function classicValue(v: unknown, type?: FieldType): unknown {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number') return type === 'double' ? v.toFixed(2) : String(v);
	if (typeof v === 'boolean') return v ? 'Y' : 'N';
	if (Array.isArray(v)) return v.map((x) => (isPlainObject(x) ? classicRow(x) : x));
	if (isPlainObject(v)) return classicRow(v);
	return v;
}

export function classicRow(row: Row, schema?: Schema): Row {
	const out: Row = {};
	for (const [k, v] of Object.entries(row)) out[k] = classicValue(v, schema?.[k]?.type);
	return out;
}

/** Typed value from a request value, by schema type (requests carry strings in forms). */
export function typedValue(v: unknown, type?: FieldType): unknown {
	if (v === null || v === undefined) return null;
	if (type === 'integer' || type === 'user' || type === 'crm_company' || type === 'crm_contact' || type === 'crm_lead' || type === 'crm_deal' || type === 'crm_category') {
		if (v === '') return null;
		const n = Number(v);
		return Number.isFinite(n) ? Math.trunc(n) : null;
	}
	if (type === 'double') {
		if (v === '') return null;
		const n = Number(v);
		return Number.isFinite(n) ? n : null;
	}
	if (type === 'boolean' || type === 'char') {
		if (v === true || v === 1 || v === '1') return 'Y';
		if (v === false || v === 0 || v === '0') return 'N';
		return String(v);
	}
	return v;
}

export function fieldsParam(params: Params, required = true): Record<string, unknown> {
	const f = param(params, 'fields');
	if (f === undefined && !required) return {};
	if (!isPlainObject(f)) throw Errors.crm("Parameter 'fields' must be array.");
	return f;
}

export function idParam(params: Params, name = 'id'): number {
	const v = param(params, name);
	const n = Number(v);
	if (v === undefined || v === null || v === '' || !Number.isInteger(n) || n <= 0) throw Errors.crmIdInvalid();
	return n;
}

export function nowIso(portal: Portal): string {
	return isoWithOffset(portal.now());
}

/**
 * A date/date-time request value as the portal stores it: ISO with offset (portal zone +03:00
 * when none is given); `DD.MM.YYYY[ HH:mm[:ss]]` is read too; anything else is kept as sent.
 */
export function requestDate(v: unknown): unknown {
	if (typeof v !== 'string' || v === '') return v === '' ? null : v;
	const dmy = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}:\d{2}(?::\d{2})?))?$/.exec(v);
	const s = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}${dmy[4] ? 'T' + dmy[4] : ''}` : v;
	const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
	if (!m) return v;
	return `${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}${m[4] === 'Z' ? '+00:00' : (m[4] ?? '+03:00')}`;
}

/** A seed timestamp (Moscow, no offset) → ISO with +03:00. */
export function seedDate(s: string): string {
	return /[+-]\d\d:\d\d$|Z$/.test(s) ? s : `${s.length === 10 ? s + 'T00:00:00' : s}+03:00`;
}

export interface ListOptions {
	defaultSelect?: string[];
	idKey?: string;
	filter?: FilterOptions;
	/** view of a stored row (e.g. classic strings) applied after select */
	view?: (row: Row) => Row;
	/** wrap the page rows into the result (e.g. `{items: rows}`) */
	wrap?: (rows: Row[]) => unknown;
	/** rows the filter sees may be a computed view (e.g. with multi-fields) */
	before?: (row: Row) => Row;
}

/** filter → order → page → select → view, with the envelope's total/next. */
export function listRows(rows: Row[], params: Params, start: number | undefined, opts: ListOptions = {}): ListResult {
	const filter = param(params, 'filter');
	const order = param(params, 'order');
	const select = param(params, 'select');
	const seen = opts.before ? rows.map(opts.before) : rows;
	const filtered = seen.filter((r) => matchFilter(r, filter, opts.filter));
	const sorted = sortRows(filtered, order, opts.idKey ?? 'ID');
	return listPage(sorted, start, (page) => {
		const shaped = page.map((r) => {
			const s = selectFields(r, select, opts.defaultSelect);
			return opts.view ? opts.view(s) : s;
		});
		return opts.wrap ? opts.wrap(shaped) : shaped;
	});
}

/** A row or the family's "not found" error. */
export function mustGet(table: Table, id: unknown, notFound: () => RestError = Errors.crmNotFound): Row {
	const row = table.get(id);
	if (!row) throw notFound();
	return row;
}

/** Next value of a named sequence kept in the store (ids of multi-fields, product rows, …). */
export function nextSeq(store: Store, name: string): number {
	const t = store.table('_seq', 'id');
	const row = t.where((r) => r.name === name)[0] ?? t.insert({ name, value: 0 });
	row.value = Number(row.value) + 1;
	return row.value as number;
}

export interface MultiValue {
	ID: number;
	VALUE_TYPE: string;
	VALUE: string;
	TYPE_ID: string;
}

/**
 * Multi-fields (PHONE, EMAIL, WEB, IM) on add/update: entries with an ID update that entry
 * (an empty VALUE deletes it), entries without ID are added.
 */
export function mergeMulti(store: Store, typeId: string, current: MultiValue[] | undefined, incoming: unknown): MultiValue[] {
	const list = [...(current ?? [])];
	const entries = Array.isArray(incoming) ? incoming : isPlainObject(incoming) ? Object.values(incoming) : [];
	for (const e of entries) {
		if (!isPlainObject(e)) continue;
		const value = e.VALUE === undefined ? undefined : String(e.VALUE);
		const valueType = String(e.VALUE_TYPE ?? 'WORK');
		if (e.ID !== undefined && e.ID !== '' && e.ID !== null) {
			const i = list.findIndex((m) => m.ID === Number(e.ID));
			if (i < 0) continue;
			if (value === '' || e.DELETE === 'Y') list.splice(i, 1);
			else list[i] = { ...list[i], VALUE: value ?? list[i].VALUE, VALUE_TYPE: valueType };
		} else if (value) {
			list.push({ ID: nextSeq(store, 'multifield'), VALUE_TYPE: valueType, VALUE: value, TYPE_ID: typeId });
		}
	}
	return list;
}

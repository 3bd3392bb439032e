/**
 * Pure helpers for 1C:Enterprise OData v3 (research 1c-odata.md §1.4, §1.7, §2.4, §7): literals,
 * a `$filter` builder, UTF-8 percent-encoding with `%20` for spaces (never `+`), and splitting
 * long `or`-lists of GUIDs so that no query string exceeds the web server's limit.
 * No dependencies (time zones via `Intl.DateTimeFormat`).
 */

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(s: unknown): s is string {
	return typeof s === 'string' && GUID_RE.test(s);
}

/** `guid'…'`; throws on anything that is not a GUID (the value would otherwise break the URL). */
export function guidLiteral(s: string): string {
	const v = String(s ?? '').trim();
	if (!GUID_RE.test(v)) throw new Error(`Not a GUID: "${v.slice(0, 60)}"`);
	return `guid'${v.toLowerCase()}'`;
}

/** `'…'` with `'` doubled. */
export function stringLiteral(s: string): string {
	return `'${String(s).replace(/'/g, "''")}'`;
}

export function numberLiteral(n: number | string): string {
	const v = typeof n === 'number' ? n : Number(String(n).trim().replace(',', '.'));
	if (!Number.isFinite(v)) throw new Error(`Not a number: "${String(n).slice(0, 60)}"`);
	return String(v);
}

export function booleanLiteral(b: boolean | string): string {
	if (typeof b === 'boolean') return String(b);
	const s = String(b).trim().toLowerCase();
	if (s === 'true' || s === '1') return 'true';
	if (s === 'false' || s === '0' || s === '') return 'false';
	throw new Error(`Not a boolean: "${s.slice(0, 60)}"`);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;

/** Wall-clock parts of an instant in an IANA time zone. */
export function wallClock(d: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
	const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
	const p: Record<string, number> = {};
	for (const part of fmt.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
	return { y: p.year, mo: p.month, d: p.day, h: p.hour === 24 ? 0 : p.hour, mi: p.minute, s: p.second };
}

/**
 * `YYYY-MM-DDTHH:mm:ss` as 1C stores it (server local time, no offset). A Date or an ISO string
 * with `Z`/offset is converted into `timeZone`; an ISO string without an offset is taken as
 * already local to the server.
 */
export function formatDateTime(value: Date | string, timeZone = 'Europe/Moscow'): string {
	if (typeof value === 'string') {
		const m = LOCAL_ISO.exec(value.trim());
		if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
	}
	const d = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(d.getTime())) throw new Error(`Not a date: "${String(value).slice(0, 60)}"`);
	const w = wallClock(d, timeZone);
	return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

export function dateTimeLiteral(value: Date | string, timeZone = 'Europe/Moscow'): string {
	return `datetime'${formatDateTime(value, timeZone)}'`;
}

export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'like' | 'startswith' | 'endswith' | 'substringof' | 'isEmpty' | 'isNotEmpty';
export type FilterValueType = 'string' | 'number' | 'boolean' | 'date' | 'guid' | 'ref' | 'composite';

export interface FilterRow {
	field: string;
	operator: FilterOperator;
	value?: unknown;
	type?: FilterValueType;
	/** for `composite`: the entity set of the value, e.g. `Document_СчетНаОплатуПокупателю` */
	compositeType?: string;
}

export interface FilterOptions {
	combine?: 'and' | 'or';
	timeZone?: string;
}

const FIELD_RE = /^[\p{L}\p{N}_/]+$/u;

function checkField(field: string): string {
	const f = String(field ?? '').trim();
	if (!FIELD_RE.test(f)) throw new Error(`Invalid field name: "${f.slice(0, 60)}"`);
	return f;
}

function literal(row: FilterRow, timeZone: string): string {
	const v = row.value;
	switch (row.type ?? 'string') {
		case 'number':
			return numberLiteral(v as number);
		case 'boolean':
			return booleanLiteral(v as boolean);
		case 'date':
			return dateTimeLiteral(v as string, timeZone);
		case 'guid':
		case 'ref':
			return guidLiteral(String(v));
		case 'composite': {
			const t = String(row.compositeType ?? '').trim();
			if (!/^[\p{L}\p{N}_]+$/u.test(t)) throw new Error(`Composite field "${row.field}" needs a type such as Document_СчетНаОплатуПокупателю`);
			return `cast(${guidLiteral(String(v))},${stringLiteral(t)})`;
		}
		default:
			return stringLiteral(String(v ?? ''));
	}
}

/** The literal of a condition; a bad value names its field (`field "Date": Not a date: "вчера"`). */
function valueOf(row: FilterRow, timeZone: string): string {
	try {
		return literal(row, timeZone);
	} catch (e) {
		const message = (e as Error).message;
		throw new Error(message.includes(`"${row.field}"`) ? message : `field "${row.field}": ${message}`);
	}
}

function emptyValue(row: FilterRow): string {
	switch (row.type ?? 'string') {
		case 'number':
			return '0';
		case 'boolean':
			return 'false';
		case 'date':
			return "datetime'0001-01-01T00:00:00'";
		case 'guid':
		case 'ref':
			return `guid'${EMPTY_GUID}'`;
		default:
			return "''";
	}
}

/** One condition; a `ref` compares `Field_Key`. */
export function filterCondition(row: FilterRow, timeZone = 'Europe/Moscow'): string {
	let field = checkField(row.field);
	if (row.type === 'ref' && !field.endsWith('_Key')) field = `${field}_Key`;
	switch (row.operator) {
		case 'isEmpty':
			return `${field} eq ${emptyValue(row)}`;
		case 'isNotEmpty':
			return `${field} ne ${emptyValue(row)}`;
		case 'like':
			return `like(${field},${stringLiteral(String(row.value ?? ''))})`;
		case 'startswith':
		case 'endswith':
			return `${row.operator}(${field},${stringLiteral(String(row.value ?? ''))})`;
		case 'substringof':
			return `substringof(${stringLiteral(String(row.value ?? ''))},${field})`;
		case 'eq':
		case 'ne':
		case 'gt':
		case 'ge':
		case 'lt':
		case 'le':
			return `${field} ${row.operator} ${valueOf(row, timeZone)}`;
		default:
			throw new Error(`Unknown filter operator: ${String(row.operator)}`);
	}
}

/** Rows joined by `and`/`or`; empty string for no rows. */
export function buildFilter(rows: FilterRow[], opts: FilterOptions = {}): string {
	const parts = rows.map((r) => filterCondition(r, opts.timeZone));
	if (parts.length <= 1) return parts[0] ?? '';
	return parts.map((p) => (/ (and|or) /.test(p) ? `(${p})` : p)).join(` ${opts.combine ?? 'and'} `);
}

const KEEP = /[A-Za-z0-9\-_.!~*'()$,:@;]/;

/** Percent-encode as UTF-8 (`%20` for spaces), keeping OData punctuation readable. `/` kept only in paths. */
export function encodeODataComponent(s: string, keepSlash = false): string {
	let out = '';
	for (const ch of s) {
		if (KEEP.test(ch) || (keepSlash && ch === '/')) out += ch;
		else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

export function encodePath(path: string): string {
	return encodeODataComponent(path, true);
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

/** `k=v&…` encoded, `undefined` values dropped. */
export function encodeQuery(query: QueryParams): string {
	return Object.entries(query)
		.filter(([, v]) => v !== undefined && v !== '')
		.map(([k, v]) => `${encodeODataComponent(k)}=${encodeODataComponent(String(v))}`)
		.join('&');
}

/**
 * Split `field eq guid'…' or …` over the GUIDs (or other values, with their `literal`) so that each encoded query string (the base query
 * plus `$filter`) stays within `maxQueryBytes`. Returns the `$filter` value of each chunk.
 */
export function splitInChunks(field: string, guids: string[], maxQueryBytes = 1500, baseQuery: QueryParams = {}, literal: (v: string) => string = guidLiteral): string[] {
	const f = checkField(field);
	const base = encodeQuery(baseQuery);
	const fixed = (base ? base.length + 1 : 0) + encodeODataComponent('$filter').length + 1;
	const unique = [...new Set(guids.map((g) => (literal === guidLiteral ? String(g).trim().toLowerCase() : String(g))))];
	const chunks: string[] = [];
	let cur: string[] = [];
	let size = 0;
	const sep = encodeODataComponent(' or ').length;
	for (const g of unique) {
		const cond = `${f} eq ${literal(g)}`;
		const len = encodeODataComponent(cond).length;
		if (fixed + len > maxQueryBytes) throw new Error(`maxQueryBytes ${maxQueryBytes} is too small for one condition`);
		if (cur.length && fixed + size + sep + len > maxQueryBytes) {
			chunks.push(cur.join(' or '));
			cur = [];
			size = 0;
		}
		size += (cur.length ? sep : 0) + len;
		cur.push(cond);
	}
	if (cur.length) chunks.push(cur.join(' or '));
	return chunks;
}

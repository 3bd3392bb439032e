/**
 * 1C OData values made usable and written safely (research 1c-odata.md §2.6, §3, §7) — pure, no
 * HTTP and no n8n types:
 * - `typeRow`: the read side. `Edm.Int64` travels as a JSON string (`"LineNumber": "1"`) → number
 *   when it is a safe integer; `Edm.DateTime` has no offset → ISO with the server zone's offset
 *   (`2026-11-24T10:00:00+03:00`), the empty date `0001-01-01T00:00:00` → null; tabular rows too.
 * - `coerceRow`: the write side. Values from the UI (strings) or expressions → the JSON 1C takes:
 *   numbers, booleans, `YYYY-MM-DDTHH:mm:ss` in the server zone, lower-case GUIDs; tabular
 *   sections as arrays of rows with `LineNumber` 1..n.
 * - `verifyWrite`: 1C ignores unknown fields and truncates long strings without a word; compare
 *   what was sent with what came back and name every field that did not land as sent.
 */
import { EMPTY_GUID, formatDateTime, isGuid, wallClock } from './odata';

export type Row = Record<string, unknown>;

/** The EDM types of one entity set: field → `Edm.*`, and for tabular sections field → row types. */
export interface SetTypes {
	fields: Record<string, string>;
	rows?: Record<string, Record<string, string>>;
}

export const EMPTY_DATE = '0001-01-01T00:00:00';
const LOCAL_DT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const INTEGER_TYPES = new Set(['Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Byte', 'Edm.SByte']);
const NUMBER_TYPES = new Set([...INTEGER_TYPES, 'Edm.Double', 'Edm.Decimal', 'Edm.Single']);

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm:ss` wall time of `timeZone` → the same with that zone's offset at that moment. */
export function toZonedIso(local: string, timeZone: string): string {
	const m = LOCAL_DT.exec(local);
	if (!m) return local;
	const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
	const offsetAt = (t: number) => {
		const w = wallClock(new Date(t), timeZone);
		return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - t;
	};
	let offset = offsetAt(asUtc);
	offset = offsetAt(asUtc - offset);
	const minutes = Math.round(offset / 60_000);
	const sign = minutes < 0 ? '-' : '+';
	return `${local}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

function typeValue(type: string | undefined, v: unknown, timeZone: string): unknown {
	if (type === 'Edm.Int64' && typeof v === 'string' && /^-?\d+$/.test(v)) {
		const n = Number(v);
		return Number.isSafeInteger(n) ? n : v;
	}
	if (type === 'Edm.DateTime' && typeof v === 'string') {
		if (v === EMPTY_DATE) return null;
		return toZonedIso(v, timeZone);
	}
	return v;
}

/** A row as 1C sent it → usable JSON (see the file header); unknown fields are left as they are. */
export function typeRow(row: Row, types: SetTypes | undefined, timeZone: string): Row {
	if (!types) return row;
	const out: Row = {};
	for (const [k, v] of Object.entries(row)) {
		const rowTypes = types.rows?.[k];
		if (rowTypes && Array.isArray(v)) out[k] = v.map((r) => (r && typeof r === 'object' ? typeRow(r as Row, { fields: rowTypes }, timeZone) : r));
		else out[k] = typeValue(types.fields[k], v, timeZone);
	}
	return out;
}

export class ValueError extends Error {}

function coerceValue(field: string, type: string | undefined, v: unknown, timeZone: string): unknown {
	if (type === undefined) return v;
	if (v === null || v === undefined) {
		if (type === 'Edm.DateTime') return EMPTY_DATE;
		if (type === 'Edm.Guid') return EMPTY_GUID;
		return v;
	}
	if (NUMBER_TYPES.has(type)) {
		if (typeof v === 'number') return v;
		const s = String(v).trim().replace(/\s/g, '').replace(',', '.');
		const n = s === '' ? 0 : Number(s);
		if (!Number.isFinite(n) || (INTEGER_TYPES.has(type) && !Number.isInteger(n))) throw new ValueError(`Field "${field}" (${type}) needs a number, got "${String(v as unknown).slice(0, 60)}"`);
		return n;
	}
	if (type === 'Edm.Boolean') {
		if (typeof v === 'boolean') return v;
		const s = String(v).trim().toLowerCase();
		if (['true', '1', 'yes', 'да'].includes(s)) return true;
		if (['false', '0', 'no', 'нет', ''].includes(s)) return false;
		throw new ValueError(`Field "${field}" (Edm.Boolean) needs true or false, got "${String(v).slice(0, 60)}"`);
	}
	if (type === 'Edm.DateTime') {
		if (v === '') return EMPTY_DATE;
		try {
			return formatDateTime(v as string | Date, timeZone);
		} catch {
			throw new ValueError(`Field "${field}" (Edm.DateTime) needs a date, got "${String(v).slice(0, 60)}"`);
		}
	}
	if (type === 'Edm.Guid') {
		const s = String(v).trim();
		if (s === '') return EMPTY_GUID;
		if (!isGuid(s)) throw new ValueError(`Field "${field}" (Edm.Guid) needs a GUID (the Ref_Key of the referenced object), got "${String(v).trim().slice(0, 60)}"`);
		return s.toLowerCase();
	}
	if (type === 'Edm.String' && typeof v !== 'string') {
		if (typeof v === 'object') throw new ValueError(`Field "${field}" (Edm.String) cannot take an object or array`);
		return String(v);
	}
	return v;
}

/**
 * Values → the JSON 1C accepts, by the set's types; fields the metadata does not know are kept as
 * given (verification then reports them if 1C ignores them). Tabular sections: an array of rows
 * (or a JSON string of one), `LineNumber` set to 1..n in the given order.
 */
export function coerceRow(data: Row, types: SetTypes | undefined, timeZone: string): Row {
	const out: Row = {};
	for (const [k, raw] of Object.entries(data)) {
		const rowTypes = types?.rows?.[k];
		if (rowTypes) {
			let v = raw;
			if (typeof v === 'string') {
				try {
					v = v.trim() === '' ? [] : JSON.parse(v);
				} catch {
					throw new ValueError(`Tabular section "${k}" needs a JSON array of rows`);
				}
			}
			if (!Array.isArray(v)) throw new ValueError(`Tabular section "${k}" needs an array of rows`);
			out[k] = v.map((r, i) => {
				if (!r || typeof r !== 'object' || Array.isArray(r)) throw new ValueError(`Tabular section "${k}", row ${i + 1}: a row must be an object`);
				const row = coerceRow(r as Row, { fields: rowTypes }, timeZone);
				delete row.Ref_Key;
				return { ...row, LineNumber: String(i + 1) };
			});
		} else out[k] = coerceValue(k, types?.fields[k], raw, timeZone);
	}
	return out;
}

function same(type: string | undefined, sent: unknown, got: unknown): boolean {
	if (sent === got) return true;
	if (typeof sent === 'number' || (type && NUMBER_TYPES.has(type))) return Number(sent) === Number(got);
	if (typeof sent === 'string' && typeof got === 'string') {
		if (isGuid(sent) && isGuid(got)) return sent.toLowerCase() === got.toLowerCase();
		if (type === 'Edm.DateTime') return sent.slice(0, 19) === got.slice(0, 19);
		// a string written into a composite or enum field may come back exactly; anything else differs
	}
	if (typeof sent === 'boolean') return String(sent) === String(got);
	return false;
}

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? 'undefined';

function compareField(path: string, type: string | undefined, sent: unknown, got: unknown, problems: string[]): void {
	if (got === undefined) return void problems.push(`field "${path}" was ignored by 1C (not a field of this object?)`);
	if (same(type, sent, got)) return;
	if (typeof sent === 'string' && typeof got === 'string' && got.length < sent.length && sent.startsWith(got.trimEnd())) {
		return void problems.push(`field "${path}" was truncated by 1C to ${got.length} characters (sent ${sent.length})`);
	}
	problems.push(`field "${path}": sent ${show(sent)}, 1C stored ${show(got)}`);
}

/**
 * What was sent (after `coerceRow`) against the object 1C returned; one message per field that did
 * not land as sent. Tabular sections are compared row by row on the fields that were sent.
 */
export function verifyWrite(sent: Row, got: Row, types: SetTypes | undefined): string[] {
	const problems: string[] = [];
	for (const [k, v] of Object.entries(sent)) {
		if (k.includes('@')) continue;
		if (Array.isArray(v)) {
			const back = got[k];
			if (!Array.isArray(back)) {
				problems.push(`tabular section "${k}" was ignored by 1C (not a tabular section of this object?)`);
				continue;
			}
			if (back.length !== v.length) problems.push(`tabular section "${k}": sent ${v.length} rows, 1C stored ${back.length}`);
			v.forEach((row, i) => {
				const b = (back[i] ?? {}) as Row;
				for (const [f, fv] of Object.entries(row as Row)) compareField(`${k}[${i + 1}].${f}`, types?.rows?.[k]?.[f], fv, b[f], problems);
			});
			continue;
		}
		compareField(k, types?.fields[k], v, got[k], problems);
	}
	return problems;
}

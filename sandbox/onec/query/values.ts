/**
 * Static types and runtime values of the expression evaluator, decoding from the sandbox storage
 * form, comparison, `cast` and `isof`.
 *
 * Choices where the sources are silent (documented for the emulator's users):
 * - Strings compare case-insensitively and ignore trailing spaces (what `=` does under the
 *   case-insensitive collations 1C bases run on); ordering uses the Russian ICU collation,
 *   accent-sensitive (`е` ≠ `ё`). `like`, `substringof`, `startswith`, `endswith` are
 *   case-insensitive too.
 * - A missing / null value compares as the empty value of the other side's type ('' · 0 · false ·
 *   0001-01-01T00:00:00 · empty GUID); `X eq null` is therefore true for empty values.
 * - GUIDs are lower-cased; references compare by GUID and, when both sides carry a type, by type.
 * - A composite `Undefined` (`StandardODATA.Undefined`) and a failed `cast` are null.
 */
import type { Row } from './evaluate';
import type { Scope } from './scope';
import { EMPTY_DATE, normalizeDate } from './dates';
import { GUID_RE } from './lexer';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

export type SType =
	| { k: 'string' | 'number' | 'boolean' | 'date' | 'guid' | 'binary' | 'null' | 'composite' }
	| { k: 'ref'; set: string }
	| { k: 'collection'; scope: Scope };

export type Value =
	| { k: 'null' }
	| { k: 'string' | 'date' | 'guid' | 'binary'; v: string }
	| { k: 'number'; v: number }
	| { k: 'boolean'; v: boolean }
	| { k: 'ref'; set: string; v: string }
	| { k: 'rows'; v: Row[] };

export const T = {
	string: { k: 'string' },
	number: { k: 'number' },
	boolean: { k: 'boolean' },
	date: { k: 'date' },
	guid: { k: 'guid' },
	binary: { k: 'binary' },
	null: { k: 'null' },
	composite: { k: 'composite' },
} as const satisfies Record<string, SType>;

export const NULL: Value = { k: 'null' };
export const TRUE: Value = { k: 'boolean', v: true };
export const FALSE: Value = { k: 'boolean', v: false };
export const bool = (b: boolean): Value => (b ? TRUE : FALSE);
export const str = (v: string): Value => ({ k: 'string', v });
export const num = (v: number): Value => ({ k: 'number', v });

const collator = new Intl.Collator('ru', { sensitivity: 'accent' });

export function compareStrings(a: string, b: string): number {
	return collator.compare(a.trimEnd(), b.trimEnd());
}

/** Human name of a static type for error messages (`String`, `Number`, `Catalog_X`, …). */
export function typeLabel(t: SType): string {
	if (t.k === 'ref') return t.set;
	if (t.k === 'collection') return `Collection(${t.scope.name})`;
	return { string: 'String', number: 'Number', boolean: 'Boolean', date: 'Date', guid: 'Guid', binary: 'Binary', null: 'Null', composite: 'Composite' }[t.k];
}

function guidOf(raw: unknown): string {
	return typeof raw === 'string' && raw !== '' ? raw.toLowerCase() : EMPTY_GUID;
}

/** A stored value of a non-composite property, read as its static type. */
export function decode(raw: unknown, t: SType): Value {
	switch (t.k) {
		case 'string':
			return str(raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : String(raw));
		case 'number': {
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : 0;
			return num(Number.isFinite(n) ? n : 0);
		}
		case 'boolean':
			return bool(raw === true || raw === 'true');
		case 'date':
			return { k: 'date', v: normalizeDate(raw) };
		case 'guid':
			return { k: 'guid', v: guidOf(raw) };
		case 'binary':
			return { k: 'binary', v: typeof raw === 'string' ? raw : '' };
		case 'ref':
			return { k: 'ref', set: t.set, v: guidOf(raw) };
		case 'collection':
			return { k: 'rows', v: Array.isArray(raw) ? (raw as Row[]) : [] };
		default:
			return NULL;
	}
}

const EDM_NUMBERS = new Set(['Edm.Double', 'Edm.Decimal', 'Edm.Single', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Byte', 'Edm.SByte']);

/** The value of a composite attribute from `X` and `X_Type`. */
export function decodeComposite(raw: unknown, rawType: unknown): Value {
	const type = typeof rawType === 'string' ? rawType : '';
	if (type === '' || type === 'StandardODATA.Undefined') return NULL;
	if (type === 'Edm.String') return decode(raw, T.string);
	if (EDM_NUMBERS.has(type)) return decode(raw, T.number);
	if (type === 'Edm.Boolean') return decode(raw, T.boolean);
	if (type === 'Edm.DateTime') return decode(raw, T.date);
	if (type === 'Edm.Guid') return decode(raw, T.guid);
	if (type === 'Edm.Binary') return decode(raw, T.binary);
	const name = type.slice(type.indexOf('.') + 1);
	// references: StandardODATA.Catalog_X + GUID; enum values (StandardODATA.<Enum> / UnavailableEnums.<Enum>) are names
	if (typeof raw === 'string' && GUID_RE.test(raw)) return { k: 'ref', set: name, v: raw.toLowerCase() };
	return decode(raw, T.string);
}

/** The empty value of a runtime value's type (what null compares as). */
export function emptyLike(v: Value): Value {
	switch (v.k) {
		case 'string':
			return str('');
		case 'number':
			return num(0);
		case 'boolean':
			return FALSE;
		case 'date':
			return { k: 'date', v: EMPTY_DATE };
		case 'guid':
			return { k: 'guid', v: EMPTY_GUID };
		case 'binary':
			return { k: 'binary', v: '' };
		case 'ref':
			return { k: 'ref', set: v.set, v: EMPTY_GUID };
		case 'rows':
			return { k: 'rows', v: [] };
		default:
			return NULL;
	}
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Three-way comparison; undefined = the values are of incomparable types (never equal). */
export function compareValues(a: Value, b: Value): number | undefined {
	if (a.k === 'null' && b.k === 'null') return 0;
	if (a.k === 'null') a = emptyLike(b);
	if (b.k === 'null') b = emptyLike(a);
	switch (a.k) {
		case 'string':
			return b.k === 'string' ? compareStrings(a.v, b.v) : undefined;
		case 'number':
			return b.k === 'number' ? sign(a.v - b.v) : undefined;
		case 'boolean':
			return b.k === 'boolean' ? Number(a.v) - Number(b.v) : undefined;
		case 'date':
		case 'binary':
			return b.k === a.k ? cmpText(a.v, b.v) : undefined;
		case 'guid':
			return b.k === 'guid' || b.k === 'ref' ? cmpText(a.v, b.v) : undefined;
		case 'ref':
			if (b.k === 'guid') return cmpText(a.v, b.v);
			if (b.k === 'ref' && b.set === a.set) return cmpText(a.v, b.v);
			return undefined;
		default:
			return undefined;
	}
}

const RANK: Record<Value['k'], number> = { null: 0, boolean: 1, number: 2, date: 3, string: 4, guid: 5, ref: 6, binary: 7, rows: 8 };

/** Total order for `$orderby`: comparable values by value; otherwise by kind, then by type name. */
export function orderCompare(a: Value, b: Value): number {
	const c = compareValues(a, b);
	if (c !== undefined) return c;
	if (a.k === 'ref' && b.k === 'ref') return cmpText(a.set, b.set);
	return RANK[a.k] - RANK[b.k];
}

export function truthy(v: Value): boolean {
	return v.k === 'boolean' && v.v;
}

/** A runtime value as plain JSON-ish data (refs → GUID strings, null → null). */
export function toPlain(v: Value): unknown {
	return v.k === 'null' ? null : v.v;
}

/** Type names of `cast`/`isof` (DOC: `String`, `Number`, `Boolean`, `Date`, `Catalog_Товары`, …). */
export type TypeTarget = SType | { k: 'undefined' };

const PRIMITIVE_NAMES: Record<string, SType> = {
	String: T.string,
	'Edm.String': T.string,
	Number: T.number,
	Boolean: T.boolean,
	'Edm.Boolean': T.boolean,
	Date: T.date,
	'Edm.DateTime': T.date,
	'Edm.Guid': T.guid,
	'Edm.Binary': T.binary,
};

/** Resolves a type name; `isSet` says whether an entity-set name exists. Undefined = unknown type. */
export function parseTypeName(name: string, isSet: (set: string) => boolean): TypeTarget | undefined {
	if (Object.prototype.hasOwnProperty.call(PRIMITIVE_NAMES, name)) return PRIMITIVE_NAMES[name];
	if (EDM_NUMBERS.has(name)) return T.number;
	if (name === 'Undefined' || name === 'StandardODATA.Undefined') return { k: 'undefined' };
	const set = name.startsWith('StandardODATA.') ? name.slice('StandardODATA.'.length) : name;
	return isSet(set) ? { k: 'ref', set } : undefined;
}

export function isOf(v: Value, t: TypeTarget): boolean {
	if (t.k === 'undefined') return v.k === 'null';
	if (t.k === 'ref') return v.k === 'ref' && v.set === t.set;
	return v.k === t.k;
}

/** `cast(value, type)`: the value as that type, or null when it is of another type. */
export function castValue(v: Value, t: SType): Value {
	switch (t.k) {
		case 'ref':
			if (v.k === 'guid') return { k: 'ref', set: t.set, v: v.v };
			return v.k === 'ref' && v.set === t.set ? v : NULL;
		case 'string':
			if (v.k === 'number') return str(String(v.v));
			return v.k === 'string' ? v : NULL;
		case 'number':
			if (v.k === 'string') {
				const n = Number(v.v.trim().replace(',', '.'));
				return Number.isFinite(n) && v.v.trim() !== '' ? num(n) : NULL;
			}
			return v.k === 'number' ? v : NULL;
		case 'guid':
			if (v.k === 'ref') return { k: 'guid', v: v.v };
			return v.k === 'guid' ? v : NULL;
		default:
			return v.k === t.k ? v : NULL;
	}
}

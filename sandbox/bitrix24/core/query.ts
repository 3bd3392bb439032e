/**
 * List filters, order and select as Bitrix24 applies them: key prefixes
 * `>= > <= < @ !@ % =% %= !% != ! =`, nested `logic: OR` groups (crm.item), multi-fields
 * (PHONE/EMAIL arrays of {VALUE}) matching on any value, and case-insensitive field names.
 */
import { ListResult } from './registry';
import { isPlainObject } from './php';
import { RestError } from './errors';
import type { Row } from './store';

export const PAGE_SIZE = 50;

const OPERATORS = ['!=%', '!%=', '>=', '<=', '!=', '!%', '=%', '%=', '!@', '>', '<', '@', '%', '=', '!'];

export function splitOperator(key: string): { op: string; field: string } {
	for (const op of OPERATORS) if (key.startsWith(op)) return { op, field: key.slice(op.length) };
	return { op: '', field: key };
}

/** Case-insensitive field lookup (returns the row's own key). */
export function fieldKey(row: Row, field: string): string | undefined {
	if (field in row) return field;
	const lower = field.toLowerCase();
	return Object.keys(row).find((k) => k.toLowerCase() === lower);
}

function valuesOf(row: Row, field: string): unknown[] {
	const k = fieldKey(row, field);
	const v = k === undefined ? undefined : row[k];
	if (Array.isArray(v)) {
		return v.map((x) => (isPlainObject(x) ? (x.VALUE ?? x.value ?? x.ID ?? x.id) : x));
	}
	return [v];
}

function isNumeric(v: unknown): boolean {
	return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()));
}

function isDateLike(v: unknown): boolean {
	return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
}

function cmp(a: unknown, b: unknown): number {
	if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
	if (isDateLike(a) && isDateLike(b)) return Date.parse(String(a)) - Date.parse(String(b));
	return String(a ?? '').localeCompare(String(b ?? ''), 'ru');
}

function eq(a: unknown, b: unknown): boolean {
	if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '' || b === false))
		return true;
	if (a === null || a === undefined) return false;
	if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
	if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
	return String(a).toLowerCase() === String(b).toLowerCase();
}

function like(a: unknown, pattern: unknown, implicitWildcards: boolean): boolean {
	if (a === null || a === undefined) return false;
	const p = String(pattern).toLowerCase();
	const s = String(a).toLowerCase();
	if (implicitWildcards) return s.includes(p);
	const re = new RegExp(
		'^' + p.split('%').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$',
	);
	return re.test(s);
}

function listOf(v: unknown): unknown[] {
	if (Array.isArray(v)) return v;
	if (isPlainObject(v)) return Object.values(v);
	return [v];
}

function matchOne(values: unknown[], op: string, expected: unknown): boolean {
	switch (op) {
		case '':
		case '=':
		case '@': {
			const options = listOf(expected);
			return values.some((v) => options.some((o) => eq(v, o)));
		}
		case '!':
		case '!=':
		case '!@': {
			const options = listOf(expected);
			return !values.some((v) => options.some((o) => eq(v, o)));
		}
		case '>':
			return values.some((v) => v !== null && v !== undefined && cmp(v, expected) > 0);
		case '>=':
			return values.some((v) => v !== null && v !== undefined && cmp(v, expected) >= 0);
		case '<':
			return values.some((v) => v !== null && v !== undefined && cmp(v, expected) < 0);
		case '<=':
			return values.some((v) => v !== null && v !== undefined && cmp(v, expected) <= 0);
		case '%':
			return values.some((v) => like(v, expected, true));
		case '=%':
		case '%=':
			return values.some((v) => like(v, expected, false));
		case '!%':
			return !values.some((v) => like(v, expected, true));
		case '!=%':
		case '!%=':
			return !values.some((v) => like(v, expected, false));
		default:
			return false;
	}
}

export interface FilterOptions {
	/** Field names the filter may use; unknown ones raise `unknownField(field)`. */
	allowed?: (field: string) => boolean;
	unknownField?: (field: string) => RestError;
}

export function matchFilter(row: Row, filter: unknown, opts: FilterOptions = {}): boolean {
	if (!isPlainObject(filter) && !Array.isArray(filter)) return true;
	const entries = Object.entries(filter as Record<string, unknown>);
	const logic = String((filter as Record<string, unknown>).logic ?? (filter as Record<string, unknown>).LOGIC ?? 'AND').toUpperCase();
	const results: boolean[] = [];
	for (const [key, value] of entries) {
		if (key.toLowerCase() === 'logic') continue;
		if (/^\d+$/.test(key) || (isPlainObject(value) && ('logic' in value || 'LOGIC' in value))) {
			results.push(matchFilter(row, value, opts));
			continue;
		}
		const { op, field } = splitOperator(key);
		if (opts.allowed && !opts.allowed(field)) {
			if (opts.unknownField) throw opts.unknownField(field);
			continue;
		}
		results.push(matchOne(valuesOf(row, field), op, value));
	}
	return logic === 'OR' ? results.length === 0 || results.some(Boolean) : results.every(Boolean);
}

export function sortRows(rows: Row[], order: unknown, defaultKey: string): Row[] {
	const spec: Array<[string, number]> = [];
	if (isPlainObject(order)) {
		for (const [f, dir] of Object.entries(order)) spec.push([f, String(dir).toUpperCase() === 'DESC' ? -1 : 1]);
	}
	if (spec.length === 0) spec.push([defaultKey, 1]);
	return [...rows].sort((a, b) => {
		for (const [f, dir] of spec) {
			const ka = fieldKey(a, f);
			const kb = fieldKey(b, f);
			const c = cmp(ka ? a[ka] : null, kb ? b[kb] : null);
			if (c !== 0) return c * dir;
		}
		return 0;
	});
}

/**
 * `select` with `*` (all standard fields), `UF_*` (user fields) and explicit names.
 * `defaultSelect` is used when select is empty.
 */
export function selectFields(row: Row, select: unknown, defaultSelect: string[] = ['*', 'UF_*']): Row {
	let fields = (select === undefined || select === null || select === '' ? [] : listOf(select)).map(String).filter(Boolean);
	if (fields.length === 0) fields = defaultSelect;
	const out: Row = {};
	const keys = Object.keys(row);
	const isUf = (k: string) => k.startsWith('UF_') || k.startsWith('ufCrm');
	for (const f of fields) {
		if (f === '*') {
			for (const k of keys) if (!isUf(k) && !isMulti(k)) out[k] = row[k];
		} else if (f.toUpperCase() === 'UF_*' || f === 'uf*') {
			for (const k of keys) if (isUf(k)) out[k] = row[k];
		} else {
			const k = fieldKey(row, f);
			out[k ?? f] = k === undefined ? null : row[k];
		}
	}
	return out;
}

/** Multi-fields are only returned when named in select (as the portal does). */
function isMulti(k: string): boolean {
	return ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'].includes(k);
}

/**
 * One page of a list: 50 rows from `start`; `next` only when more rows exist.
 * `start=-1` skips counting: no `next`, `total` 0 (as documented for huge exports).
 */
export function listPage<T>(rows: T[], start: number | undefined, wrap: (page: T[]) => unknown): ListResult {
	if (start !== undefined && start < 0) {
		return new ListResult(wrap(rows.slice(0, PAGE_SIZE)), 0);
	}
	const offset = Math.max(0, start ?? 0);
	const page = rows.slice(offset, offset + PAGE_SIZE);
	const next = offset + page.length < rows.length ? offset + page.length : undefined;
	return new ListResult(wrap(page), rows.length, next);
}

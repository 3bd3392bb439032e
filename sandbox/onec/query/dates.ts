/**
 * Date arithmetic of the expression language on the storage form `YYYY-MM-DDTHH:mm:ss`
 * (server wall clock, no offset; proleptic Gregorian like the platform; range 0001…9999).
 *
 * Semantics follow the 1C query-language functions the OData ones map to:
 * - `dateadd` = ДОБАВИТЬКДАТЕ: month/quarter/year keep the day, clamped to the month's end
 *   (31 Jan + 1 month = 28/29 Feb); `week` (not in the DOC list, in ДОБАВИТЬКДАТЕ) = 7 days.
 * - `datedifference(d1, d2, unit)` = РАЗНОСТЬДАТ: d2 − d1 with both dates first truncated to the
 *   start of the unit (23:59:59 → next day 00:00:00 is 1 day).
 * - `dayofweek` = ДЕНЬНЕДЕЛИ: Monday = 1 … Sunday = 7 (the DOC example `dayofweek(…) eq 7`).
 */
import { E } from '../errors';
import { daysInMonth } from './lexer';

export const EMPTY_DATE = '0001-01-01T00:00:00';

export interface DateParts {
	y: number;
	mo: number;
	d: number;
	h: number;
	mi: number;
	s: number;
}

const STORAGE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** Any stored date-ish string → canonical `YYYY-MM-DDTHH:mm:ss` (fractions/offsets dropped); junk → empty date. */
export function normalizeDate(raw: unknown): string {
	if (typeof raw !== 'string') return EMPTY_DATE;
	const m = STORAGE_RE.exec(raw);
	if (!m) return EMPTY_DATE;
	return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
}

export function parts(date: string): DateParts {
	const n = (a: number, b: number) => Number(date.slice(a, b));
	return { y: n(0, 4), mo: n(5, 7), d: n(8, 10), h: n(11, 13), mi: n(14, 16), s: n(17, 19) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function format(p: DateParts): string {
	return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

export function toMs(p: DateParts): number {
	const dt = new Date(0);
	dt.setUTCFullYear(p.y, p.mo - 1, p.d);
	dt.setUTCHours(p.h, p.mi, p.s, 0);
	return dt.getTime();
}

export function fromMs(ms: number): DateParts {
	const dt = new Date(ms);
	return {
		y: dt.getUTCFullYear(),
		mo: dt.getUTCMonth() + 1,
		d: dt.getUTCDate(),
		h: dt.getUTCHours(),
		mi: dt.getUTCMinutes(),
		s: dt.getUTCSeconds(),
	};
}

/** Monday = 1 … Sunday = 7. */
export function dayOfWeek(date: string): number {
	const wd = new Date(toMs(parts(date))).getUTCDay();
	return wd === 0 ? 7 : wd;
}

export function dayOfYear(date: string): number {
	const p = parts(date);
	return Math.floor((toMs({ ...p, h: 0, mi: 0, s: 0 }) - toMs({ y: p.y, mo: 1, d: 1, h: 0, mi: 0, s: 0 })) / 86400000) + 1;
}

export function quarter(date: string): number {
	return Math.floor((parts(date).mo - 1) / 3) + 1;
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
const UNIT_MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

export const DATEADD_UNITS: ReadonlySet<string> = new Set([...Object.keys(UNIT_MS), ...Object.keys(UNIT_MONTHS)]);
export const DATEDIFF_UNITS: ReadonlySet<string> = new Set(['second', 'minute', 'hour', 'day', 'month', 'quarter', 'year']);

function checkRange(p: DateParts): string {
	if (p.y < 1 || p.y > 9999) throw E.internal('Произошла внутренняя ошибка OData сервиса. Выход за пределы диапазона дат');
	return format(p);
}

export function dateAdd(date: string, unit: string, amount: number): string {
	const p = parts(date);
	const months = UNIT_MONTHS[unit];
	if (months !== undefined) {
		const total = p.y * 12 + (p.mo - 1) + Math.trunc(amount) * months;
		const y = Math.floor(total / 12);
		const mo = (total % 12) + 1;
		if (y < 1 || y > 9999) return checkRange({ ...p, y });
		return checkRange({ ...p, y, mo, d: Math.min(p.d, daysInMonth(y, mo)) });
	}
	const ms = toMs(p) + Math.round(amount * UNIT_MS[unit]);
	return checkRange(fromMs(Math.floor(ms / 1000) * 1000));
}

export function dateDiff(from: string, to: string, unit: string): number {
	const a = parts(from);
	const b = parts(to);
	switch (unit) {
		case 'year':
			return b.y - a.y;
		case 'quarter':
			return b.y * 4 + Math.floor((b.mo - 1) / 3) - (a.y * 4 + Math.floor((a.mo - 1) / 3));
		case 'month':
			return b.y * 12 + b.mo - (a.y * 12 + a.mo);
		default: {
			const u = UNIT_MS[unit];
			return Math.floor(toMs(b) / u) - Math.floor(toMs(a) / u);
		}
	}
}

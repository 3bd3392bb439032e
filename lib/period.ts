/**
 * Report periods relative to "now" in the 1C server's time zone, so a scheduled report needs no
 * edits: today, yesterday, this/last week (Monday–Sunday), month to date, last month, quarter to
 * date, last quarter, year to date, last year, the last N days. Bounds are wall-clock
 * `YYYY-MM-DDTHH:mm:ss` as 1C takes them (start 00:00:00, end 23:59:59). Pure.
 */
import { formatDateTime, wallClock } from './odata';

export type RelativePeriod = 'today' | 'yesterday' | 'thisWeek' | 'lastWeek' | 'monthToDate' | 'lastMonth' | 'quarterToDate' | 'lastQuarter' | 'yearToDate' | 'lastYear' | 'last7Days' | 'last30Days';

export interface Period {
	start: string;
	end: string;
	/** «01.11.2026 – 30.11.2026» for report headers */
	label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
/** A calendar date (UTC midnight used as a plain date). */
const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

export function relativePeriod(kind: RelativePeriod, now: Date = new Date(), timeZone = 'Europe/Moscow'): Period {
	const w = wallClock(now, timeZone);
	const today = ymd(w.y, w.mo - 1, w.d);
	const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
	const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
	const q = Math.floor((w.mo - 1) / 3);
	let from: Date;
	let to: Date;
	switch (kind) {
		case 'today':
			[from, to] = [today, today];
			break;
		case 'yesterday':
			[from, to] = [addDays(today, -1), addDays(today, -1)];
			break;
		case 'thisWeek':
			[from, to] = [monday, today];
			break;
		case 'lastWeek':
			[from, to] = [addDays(monday, -7), addDays(monday, -1)];
			break;
		case 'monthToDate':
			[from, to] = [ymd(w.y, w.mo - 1, 1), today];
			break;
		case 'lastMonth':
			[from, to] = [ymd(w.y, w.mo - 2, 1), ymd(w.y, w.mo - 1, 0)];
			break;
		case 'quarterToDate':
			[from, to] = [ymd(w.y, q * 3, 1), today];
			break;
		case 'lastQuarter':
			[from, to] = [ymd(w.y, q * 3 - 3, 1), ymd(w.y, q * 3, 0)];
			break;
		case 'yearToDate':
			[from, to] = [ymd(w.y, 0, 1), today];
			break;
		case 'lastYear':
			[from, to] = [ymd(w.y - 1, 0, 1), ymd(w.y - 1, 11, 31)];
			break;
		case 'last7Days':
			[from, to] = [addDays(today, -6), today];
			break;
		case 'last30Days':
			[from, to] = [addDays(today, -29), today];
			break;
		default:
			throw new Error(`Unknown period: ${String(kind)}`);
	}
	const start = `${day(from)}T00:00:00`;
	const end = `${day(to)}T23:59:59`;
	return { start, end, label: from.getTime() === to.getTime() ? ru(day(from)) : `${ru(day(from))} – ${ru(day(to))}` };
}

/** A fixed period from two dates (any form `formatDateTime` takes), whole days in the server zone. */
export function fixedPeriod(from: Date | string, to: Date | string, timeZone = 'Europe/Moscow'): Period {
	const a = formatDateTime(from, timeZone).slice(0, 10);
	const b = formatDateTime(to, timeZone).slice(0, 10);
	if (a > b) throw new Error(`The period starts (${ru(a)}) after it ends (${ru(b)})`);
	return { start: `${a}T00:00:00`, end: `${b}T23:59:59`, label: a === b ? ru(a) : `${ru(a)} – ${ru(b)}` };
}

/** Options of a relative-period picker (value = RelativePeriod). */
export const RELATIVE_PERIODS: Array<{ name: string; value: RelativePeriod }> = [
	{ name: 'Today', value: 'today' },
	{ name: 'Yesterday', value: 'yesterday' },
	{ name: 'This Week', value: 'thisWeek' },
	{ name: 'Last Week', value: 'lastWeek' },
	{ name: 'Month to Date', value: 'monthToDate' },
	{ name: 'Last Month', value: 'lastMonth' },
	{ name: 'Quarter to Date', value: 'quarterToDate' },
	{ name: 'Last Quarter', value: 'lastQuarter' },
	{ name: 'Year to Date', value: 'yearToDate' },
	{ name: 'Last Year', value: 'lastYear' },
	{ name: 'Last 7 Days', value: 'last7Days' },
	{ name: 'Last 30 Days', value: 'last30Days' },
];

/**
 * Building blocks of the seed dataset: people, phones (clean and dirty), e-mails, addresses and
 * timestamps. Uniqueness of phones and e-mails across the dataset is tracked by `Registry`, so
 * that the only shared contacts are the intentional duplicates.
 */
import type { Address, Person } from './types';
import {
	CITIES,
	COMMON_STREETS,
	EMAIL_DOMAINS,
	FEMALE_NAMES,
	MALE_NAMES,
	MOBILE_CODES,
	PATRONYMICS,
	SURNAMES,
	feminineSurname,
	translit,
	type City,
} from './dictionaries';
import type { Random } from './random';

// ---------------------------------------------------------------- time

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The dataset's world: 2025-01-01 … 2026-11-20 (Moscow time, kept as UTC numbers without offset). */
export const START = Date.UTC(2025, 0, 1);
export const END = Date.UTC(2026, 10, 20, 23, 59, 59);

const floor = Math.floor; // a local alias: global lookups are slow inside vm contexts (jest)
const pad2 = (x: number) => (x < 10 ? `0${x}` : `${x}`);

/** `YYYY-MM-DDTHH:mm:ss` (arithmetic, no Date objects: it is called ~50,000 times at big seeds) */
export function fmt(ms: number): string {
	const days = floor(ms / DAY);
	let rest = floor((ms - days * DAY) / 1000);
	const hh = floor(rest / 3600);
	rest -= hh * 3600;
	const mm = floor(rest / 60);
	const ss = rest - mm * 60;
	// civil-from-days (H. Hinnant)
	const z = days + 719468;
	const era = floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
	const mp = floor((5 * doy + 2) / 153);
	const d = doy - floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${y}-${pad2(m)}-${pad2(d)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
}

/** Midnight of the day: `YYYY-MM-DDT00:00:00` */
export function fmtDay(ms: number): string {
	return fmt(ms - (ms % DAY));
}

function isWeekend(ms: number): boolean {
	const d = (floor(ms / DAY) + 4) % 7; // 1970-01-01 was a Thursday
	return d === 0 || d === 6;
}

/** A moment during office hours (09:00–19:00, mostly weekdays) of a day in [from, to]. */
export function officeTime(r: Random, from: number, to: number): number {
	const firstDay = from - (from % DAY);
	const days = Math.max(0, floor((to - firstDay) / DAY));
	let day = firstDay + r.int(0, days) * DAY;
	if (isWeekend(day) && r.chance(0.85)) day = firstDay + r.int(0, days) * DAY;
	const t = day + 9 * HOUR + floor(r.next() * 10 * HOUR / 1000) * 1000;
	return Math.min(Math.max(t, from), to);
}

/** Any moment in [from, to] (web orders come at night too). */
export function anyTime(r: Random, from: number, to: number): number {
	return from + floor((r.next() * (to - from)) / 1000) * 1000;
}

// ---------------------------------------------------------------- uniqueness

export class Registry {
	readonly phones = new Set<string>();
	readonly emails = new Set<string>();
	readonly domains = new Set<string>();
	readonly inns = new Set<string>();
	readonly names = new Set<string>();
}

// ---------------------------------------------------------------- people

export function makePerson(r: Random, gender?: 'M' | 'F'): Person {
	const g = gender ?? (r.chance(0.52) ? 'M' : 'F');
	const surname = r.pick(SURNAMES);
	const [pm, pf] = r.pick(PATRONYMICS);
	return g === 'M'
		? { lastName: surname, firstName: r.pick(MALE_NAMES), middleName: pm, gender: 'M' }
		: { lastName: feminineSurname(surname), firstName: r.pick(FEMALE_NAMES), middleName: pf, gender: 'F' };
}

export function fullName(p: Person): string {
	return [p.lastName, p.firstName, p.middleName].filter((s) => s !== '').join(' ');
}

/** "Смирнова О.П." */
export function shortName(p: Person, spaced = false): string {
	const initials = [p.firstName, p.middleName].filter((s) => s !== '').map((s) => s[0] + '.');
	return `${p.lastName} ${initials.join(spaced ? ' ' : '')}`;
}

// ---------------------------------------------------------------- phones

export interface Phone {
	/** 10 digits without the country code */
	digits: string;
	/** length of the area / operator code: 3 or 4 */
	codeLen: 3 | 4;
}

function localGroups(local: string): string[] {
	return local.length === 7 ? [local.slice(0, 3), local.slice(3, 5), local.slice(5)] : [local.slice(0, 2), local.slice(2, 4), local.slice(4)];
}

/** The clean form: "+7 495 123-45-67", "+7 3812 12-34-56". */
export function cleanPhone(p: Phone): string {
	const code = p.digits.slice(0, p.codeLen);
	return `+7 ${code} ${localGroups(p.digits.slice(p.codeLen)).join('-')}`;
}

/** Dirty forms as people type them; `variant` picks one (0…9). */
export function dirtyPhone(p: Phone, variant: number, r: Random): string {
	const code = p.digits.slice(0, p.codeLen);
	const local = p.digits.slice(p.codeLen);
	const g = localGroups(local);
	switch (variant % 10) {
		case 0:
			return `8 (${code}) ${g.join('-')}`;
		case 1:
			return `8-${code}-${local.slice(0, 3)}-${local.slice(3)}`;
		case 2:
			return `+7(${code})${local}`;
		case 3:
			return `8${p.digits}`;
		case 4:
			return `+7 (${code}) ${g.join(' ')}`;
		case 5:
			return `8 ${code} ${local}`;
		case 6:
			return `7-${code}-${g.join('-')}`;
		case 7:
			return `(${code}) ${g.join('-')}`;
		case 8:
			return `+7${p.digits}`;
		default:
			// an extension only makes sense on an office line
			return p.digits[0] === '9' ? `+7 ${code} ${g.join(' ')}` : `${cleanPhone(p)} доб. ${r.int(100, 499)}`;
	}
}

export function formatPhone(r: Random, p: Phone, dirtyShare = 0.15): string {
	return r.chance(dirtyShare) ? dirtyPhone(p, r.int(0, 9), r) : cleanPhone(p);
}

/** The same number written differently from `than`. */
export function reformatPhone(r: Random, p: Phone, than: string): string {
	const start = r.int(0, 9);
	for (let i = 0; i < 11; i++) {
		const s = i === 10 ? cleanPhone(p) : dirtyPhone(p, start + i, r);
		if (s !== than) return s;
	}
	return cleanPhone(p);
}

export function newPhone(r: Random, reg: Registry, kind: 'mobile' | 'landline', city: City): Phone {
	for (;;) {
		let p: Phone;
		if (kind === 'mobile') p = { digits: r.pick(MOBILE_CODES) + r.digits(7), codeLen: 3 };
		else {
			const code = r.pick(city.areaCodes);
			p = { digits: code + String(r.int(2, 9)) + r.digits(9 - code.length), codeLen: code.length === 4 ? 4 : 3 };
		}
		if (!reg.phones.has(p.digits)) {
			reg.phones.add(p.digits);
			return p;
		}
	}
}

// ---------------------------------------------------------------- e-mails

const latinCache = new Map<string, string>();

function latin(s: string): string {
	let out = latinCache.get(s);
	if (out === undefined) {
		out = translit(s).replace(/[^a-z0-9]/g, '');
		latinCache.set(s, out);
	}
	return out;
}

/** A personal address at an example domain (or at `domain` for an employee). */
export function personalEmail(r: Random, reg: Registry, p: Person, domain?: string): string {
	const last = latin(p.lastName);
	const first = latin(p.firstName);
	const mid = latin(p.middleName);
	for (let attempt = 0; ; attempt++) {
		const host = domain ?? r.weighted(EMAIL_DOMAINS);
		let local: string;
		switch (r.int(0, domain ? 2 : 5)) {
			case 0:
				local = `${first[0]}.${last}`;
				break;
			case 1:
				local = `${last}.${first[0]}${mid[0] ?? ''}`;
				break;
			case 2:
				local = `${first}.${last}`;
				break;
			case 3:
				local = `${last}${r.int(70, 99)}`;
				break;
			case 4:
				local = `${first}_${last}${r.int(1, 99)}`;
				break;
			default:
				local = `${last}.${first}`;
		}
		if (attempt > 2) local += String(r.int(2, 999));
		const email = `${local}@${host}`;
		if (!reg.emails.has(email)) {
			reg.emails.add(email);
			return email;
		}
	}
}

/** The same address written differently: other case, sometimes with stray spaces. */
export function reformatEmail(r: Random, email: string): string {
	const [local, host] = email.split('@');
	switch (r.int(0, 3)) {
		case 0:
			return email.toUpperCase();
		case 1:
			return `${local[0].toUpperCase()}${local.slice(1)}@${host[0].toUpperCase()}${host.slice(1)}`;
		case 2:
			return ` ${local}@${host.toUpperCase()}`;
		default:
			return `${local.split('.').map((s) => (s ? s[0].toUpperCase() + s.slice(1) : s)).join('.')}@${host}`;
	}
}

// ---------------------------------------------------------------- addresses

const CITY_WEIGHTS = CITIES.map((c) => [c, c.weight] as const);

export function pickCity(r: Random): City {
	return r.weighted(CITY_WEIGHTS);
}

export function makeAddress(r: Random, city: City, kind: 'office' | 'home'): Address {
	const postalCode = r.pick(city.postal) + String(r.int(1, 199)).padStart(3, '0');
	const streetName = city.streets && r.chance(0.7) ? r.pick(city.streets) : r.pick(COMMON_STREETS);
	let street = `${streetName}, д. ${r.int(1, r.chance(0.8) ? 60 : 180)}`;
	if (r.chance(0.25)) street += r.chance(0.5) ? `, корп. ${r.int(1, 5)}` : `, стр. ${r.int(1, 12)}`;
	if (kind === 'home') street += `, кв. ${r.int(1, 320)}`;
	else if (r.chance(0.7)) street += r.chance(0.8) ? `, офис ${r.int(1, 950)}` : `, пом. ${r.pick(['I', 'II', 'IV', 'V'])}`;
	const place = city.federal ? `г. ${city.city}` : `${city.region}, г. ${city.city}`;
	return {
		postalCode,
		region: city.region,
		city: city.city,
		street,
		full: `${postalCode}, ${place}, ${street}`,
	};
}

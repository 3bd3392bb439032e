/**
 * Normalisers for the matching keys of the official 1C module's «Настройка идентификации»
 * (research official-module-features.md F47–F49): company name, phone, e-mail, INN, KPP, BIK,
 * bank account, surname / first name / patronymic. Pure, no HTTP and no n8n types.
 *
 * Why: the same counterparty is typed differently in 1C and Bitrix24 (`ООО "Ромашка"` vs
 * `Ромашка ООО`, `8 (495) 123-45-67` vs `+7 495 1234567`), so keys are compared only after
 * normalisation. Every function returns `undefined` for an empty or unusable input; keys with a
 * checksum (INN, KPP, BIK, account) return `{ value, valid }` so that an invalid one can be kept
 * out of matching and reported. Checksums come from ./requisites.
 */
import { accountKeyValid, bikValid, innChecksumValid, kppValid } from './requisites';

/** A normalised key with a checksum verdict. */
export interface CheckedValue {
	value: string;
	valid: boolean;
}

/** Parts of a person's full name, each normalised with `normalizePersonName`. */
export interface FullName {
	surname?: string;
	name?: string;
	patronymic?: string;
}

/** Strings and numbers as text (numbers arrive from JSON for INN, phones…); anything else is empty. */
function toText(s: unknown): string {
	if (typeof s === 'string') return s;
	if (typeof s === 'number' && Number.isFinite(s)) return String(s);
	if (typeof s === 'bigint') return String(s);
	return '';
}

function digitsOf(s: unknown): string {
	return toText(s).replace(/\D/g, '');
}

const fold = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

// ---------------------------------------------------------------------------------------------
// Company name

/** Legal-form phrases, longest first; matched on whole words after punctuation is collapsed. */
const LEGAL_PHRASES = [
	'федеральное государственное унитарное предприятие',
	'государственное унитарное предприятие',
	'муниципальное унитарное предприятие',
	'общество с ограниченной ответственностью',
	'общество с дополнительной ответственностью',
	'товарищество с ограниченной ответственностью',
	'публичное акционерное общество',
	'непубличное акционерное общество',
	'открытое акционерное общество',
	'закрытое акционерное общество',
	'акционерное общество',
	'автономная некоммерческая организация',
	'некоммерческая организация',
	'индивидуальный предприниматель',
	'частное предприятие',
	'limited liability company',
];
/** Legal-form abbreviations; `ooo`/`oao`/`zao` also in latin letters (a frequent typing slip). */
const LEGAL_WORDS = [
	'ооо', 'оао', 'зао', 'пао', 'ао', 'нао', 'ип', 'чп', 'тоо', 'нко', 'ано', 'гуп', 'муп', 'фгуп', 'пбоюл',
	'ooo', 'oao', 'zao', 'pao', 'llc', 'ltd', 'inc', 'gmbh', 'corp', 'plc',
];
const LEGAL_FORMS = new RegExp(`(?<=^| )(?:${[...LEGAL_PHRASES, ...LEGAL_WORDS].join('|')})(?= |$)`, 'g');

/**
 * Company name for comparison: case-folded, ё→е, quotes of every kind removed, legal forms
 * (ООО, АО, «Общество с ограниченной ответственностью», LLC…) removed wherever they stand, any other
 * punctuation (hyphens too: «Альфа-Банк» = «Альфа Банк») → one space. Word order is kept.
 * A name that is only a legal form gives `undefined`.
 */
export function normalizeOrgName(s: unknown): string | undefined {
	let t = fold(toText(s));
	t = t.replace(/['`’‘ʼ]/g, ''); // apostrophes inside words: «Д'Арт» = «ДАрт»
	t = t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim(); // quotes «»“”„"", dots, dashes, commas…
	// the lookbehind needs single spaces; two passes handle "ооо ао" style neighbours
	t = t.replace(LEGAL_FORMS, ' ').replace(/ +/g, ' ').trim();
	t = t.replace(LEGAL_FORMS, ' ').replace(/ +/g, ' ').trim();
	return t || undefined;
}

// ---------------------------------------------------------------------------------------------
// Phone

/** A trailing extension: «доб. 123», «вн. 5», «ext 12», «x12», «#12». */
const EXTENSION = /[,;]?\s*(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext(?:ension)?|x|#)\s*[.:]?\s*\d{1,6}\s*$/i;

/**
 * Phone → E.164 (`+74951234567`). Without a `+`, Russian rules apply for `defaultCountry` 7:
 * `8XXXXXXXXXX` and `7XXXXXXXXXX` → `+7…`, ten digits → `+7` + digits, `8 10 …` and `00 …` are the
 * international prefix; for other default countries a leading trunk `0` is replaced by the country
 * code. Extensions are dropped. A `+7` number must have 10 national digits; other numbers 8–15
 * digits in total. Fewer digits (a local number without area code, junk) → `undefined`.
 */
export function normalizePhone(s: unknown, defaultCountry = '7'): string | undefined {
	const cc = defaultCountry.replace(/\D/g, '') || '7';
	const body = toText(s).replace(EXTENSION, '');
	const plus = /^[^\d+]*\+/.test(body);
	let d = body.replace(/\D/g, '');
	if (!d) return undefined;
	if (!plus) {
		if (d.startsWith('00')) d = d.slice(2);
		else if (cc === '7' && d.startsWith('810') && d.length > 11) d = d.slice(3);
		else if (cc === '7' && d.length === 11 && d.startsWith('8')) d = '7' + d.slice(1);
		else if (cc === '7' && d.length === 10) d = '7' + d;
		else if (cc === '7' && d.length < 10) return undefined;
		else if (cc !== '7' && d.startsWith('0')) d = cc + d.slice(1);
		else if (cc !== '7' && d.length <= 10) d = cc + d;
	}
	if (d.startsWith('7') ? d.length !== 11 : d.length < 8 || d.length > 15) return undefined;
	return '+' + d;
}

// ---------------------------------------------------------------------------------------------
// E-mail

/**
 * E-mail: `Name <addr>` → addr, `mailto:` stripped, spaces removed, lower-cased, trailing
 * punctuation dropped. Exactly one `@`, a non-empty local part and a dotted domain without empty
 * labels are required, else `undefined`.
 */
export function normalizeEmail(s: unknown): string | undefined {
	let t = toText(s);
	const angle = /<([^<>]*@[^<>]*)>/.exec(t);
	if (angle) t = angle[1];
	t = t.replace(/\s+/g, '').replace(/^mailto:/i, '').toLowerCase();
	t = t.replace(/\?.*$/, '').replace(/[.,;:]+$/, '');
	const parts = t.split('@');
	if (parts.length !== 2) return undefined;
	const [local, domain] = parts;
	if (!local || !/^[^.]+(?:\.[^.]+)+$/.test(domain)) return undefined;
	return t;
}

// ---------------------------------------------------------------------------------------------
// INN, KPP, BIK, account

/**
 * INN: digits only. 10 digits (legal entity) or 12 (individual / ИП) with correct control digits
 * is valid. A leading zero lost by a spreadsheet (9 or 11 digits) is restored when that makes the
 * checksum right (regions 01–09: `0274062111`).
 */
export function normalizeInn(s: unknown): CheckedValue | undefined {
	const d = digitsOf(s);
	if (!d) return undefined;
	if ((d.length === 9 || d.length === 11) && innChecksumValid('0' + d)) return { value: '0' + d, valid: true };
	return { value: d, valid: innChecksumValid(d) };
}

/** Cyrillic letters that look like the latin ones allowed in KPP positions 5–6. */
const LOOKALIKES: Record<string, string> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X' };

/**
 * KPP `NNNNPPNNN`: four digits, two digits or latin capitals (reason code), three digits
 * (`kppValid`). A «КПП» label, spaces and punctuation are dropped, Cyrillic look-alike letters
 * become latin; 8 digits get their lost leading zero back.
 */
export function normalizeKpp(s: unknown): CheckedValue | undefined {
	let t = toText(s).toUpperCase().replace(/^\s*КПП\s*:?/, '');
	t = t.replace(/[А-ЯЁ]/g, (c) => LOOKALIKES[c] ?? '').replace(/[^0-9A-Z]/g, '');
	if (!t) return undefined;
	if (/^\d{8}$/.test(t)) t = '0' + t;
	return { value: t, valid: kppValid(t) };
}

/** BIK: digits only; valid = 9 digits starting with 04. `44525225` (lost zero) → `044525225`. */
export function normalizeBik(s: unknown): CheckedValue | undefined {
	let d = digitsOf(s);
	if (!d) return undefined;
	if (d.length === 8 && d.startsWith('4')) d = '0' + d;
	return { value: d, valid: bikValid(d) };
}

/**
 * Settlement account: digits only; valid = 20 digits, and when a `bik` is given, the Bank of
 * Russia control key of the account for that BIK is right (`accountKeyValid`).
 */
export function normalizeAccount(s: unknown, bik?: string): CheckedValue | undefined {
	const d = digitsOf(s);
	if (!d) return undefined;
	const valid = d.length === 20 && (bik === undefined || accountKeyValid(bik, d));
	return { value: d, valid };
}

// ---------------------------------------------------------------------------------------------
// Person names

/**
 * Surname, first name or patronymic: case-folded, ё→е, dashes unified to `-` with no spaces
 * around (`Римский - Корсаков` = `римский-корсаков`), apostrophes removed, other punctuation
 * (dots of initials too) → space, spaces collapsed.
 */
export function normalizePersonName(s: unknown): string | undefined {
	let t = fold(toText(s));
	t = t.replace(/[‐‑‒–—―−]/g, '-').replace(/['`’‘ʼ]/g, '');
	t = t.replace(/[^\p{L}\p{N}\s-]+/gu, ' ');
	t = t.replace(/\s*-\s*/g, '-').replace(/\s+/g, ' ').trim().replace(/^-+|-+$/g, '');
	return t || undefined;
}

const IP_PREFIX = /(^|\s)(?:индивидуальный\s+предприниматель|ип)(?=\s|$)/giu;
const INITIAL = /^\p{L}\.?$/u;

/**
 * «Иванов Иван Иванович» → `{ surname: 'иванов', name: 'иван', patronymic: 'иванович' }`.
 * The Russian order (surname first) is assumed; initials stay initials (`Иванов И.И.` → name `и`,
 * patronymic `и`); initials written first (`И.И. Иванов`) are recognised; «ИП» / «Индивидуальный
 * предприниматель» is dropped; everything after the first name is the patronymic (`Али оглы`).
 */
export function splitFullName(s: unknown): FullName | undefined {
	const t = toText(s).replace(IP_PREFIX, ' ').replace(/(\p{L})\.(?=\p{L})/gu, '$1. ');
	let tokens = t.split(/[\s,]+/).filter((x) => x && x !== '.');
	if (tokens.length === 0) return undefined;
	if (tokens.length >= 2 && INITIAL.test(tokens[0]) && !INITIAL.test(tokens[tokens.length - 1])) {
		tokens = [tokens[tokens.length - 1], ...tokens.slice(0, -1)];
	}
	const out: FullName = {};
	const surname = normalizePersonName(tokens[0]);
	const name = normalizePersonName(tokens[1]);
	const patronymic = normalizePersonName(tokens.slice(2).join(' '));
	if (surname) out.surname = surname;
	if (name) out.name = name;
	if (patronymic) out.patronymic = patronymic;
	return Object.keys(out).length ? out : undefined;
}

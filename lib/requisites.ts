/**
 * Russian company requisites: checksums and makers for INN, KPP, OGRN/OGRNIP, BIK and bank
 * account keys. Pure functions without dependencies; every input is a string of digits as
 * printed (no spaces) — normalise before calling.
 */

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const ACCOUNT_WEIGHTS = [7, 1, 3];

function isDigits(s: unknown, length: number): boolean {
	return typeof s === 'string' && s.length === length && /^\d+$/.test(s);
}

function weightedControl(digits: string, weights: number[]): number {
	let sum = 0;
	for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i];
	return (sum % 11) % 10;
}

/** INN of a legal entity (10 digits) or of an individual / ИП (12 digits) with valid control digits. */
export function innChecksumValid(inn: string): boolean {
	if (isDigits(inn, 10)) return weightedControl(inn, INN10_WEIGHTS) === inn.charCodeAt(9) - 48;
	if (isDigits(inn, 12)) {
		return (
			weightedControl(inn, INN12_WEIGHTS_1) === inn.charCodeAt(10) - 48 &&
			weightedControl(inn, INN12_WEIGHTS_2) === inn.charCodeAt(11) - 48
		);
	}
	return false;
}

/** 10-digit INN from its first 9 digits. */
export function makeInn10(base9: string): string {
	if (!isDigits(base9, 9)) throw new Error(`makeInn10: 9 digits expected, got "${base9}"`);
	return base9 + String(weightedControl(base9, INN10_WEIGHTS));
}

/** 12-digit INN from its first 10 digits. */
export function makeInn12(base10: string): string {
	if (!isDigits(base10, 10)) throw new Error(`makeInn12: 10 digits expected, got "${base10}"`);
	const eleven = base10 + String(weightedControl(base10, INN12_WEIGHTS_1));
	return eleven + String(weightedControl(eleven, INN12_WEIGHTS_2));
}

/** KPP: 4 digits (tax office), 2 digits or upper-case latin letters (reason), 3 digits (number). */
export function kppValid(kpp: string): boolean {
	return typeof kpp === 'string' && /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);
}

/** OGRN (13 digits, legal entity) or OGRNIP (15 digits, individual entrepreneur) with a valid control digit. */
export function ogrnValid(ogrn: string): boolean {
	if (isDigits(ogrn, 13)) return ogrnControl(ogrn.slice(0, 12), 11n) === ogrn.charCodeAt(12) - 48;
	if (isDigits(ogrn, 15)) return ogrnControl(ogrn.slice(0, 14), 13n) === ogrn.charCodeAt(14) - 48;
	return false;
}

function ogrnControl(base: string, modulus: bigint): number {
	return Number((BigInt(base) % modulus) % 10n);
}

/** 13-digit OGRN from its first 12 digits. */
export function makeOgrn(base12: string): string {
	if (!isDigits(base12, 12)) throw new Error(`makeOgrn: 12 digits expected, got "${base12}"`);
	return base12 + String(ogrnControl(base12, 11n));
}

/** 15-digit OGRNIP from its first 14 digits. */
export function makeOgrnip(base14: string): string {
	if (!isDigits(base14, 14)) throw new Error(`makeOgrnip: 14 digits expected, got "${base14}"`);
	return base14 + String(ogrnControl(base14, 13n));
}

/** BIK of a Russian bank: 9 digits starting with 04. */
export function bikValid(bik: string): boolean {
	return isDigits(bik, 9) && bik.startsWith('04');
}

/** Bank of Russia key: 23 digits, weights 7,1,3 repeated, the last digits of the products sum to 0 mod 10. */
function keySum(digits23: string): number {
	let sum = 0;
	for (let i = 0; i < 23; i++) sum += ((digits23.charCodeAt(i) - 48) * ACCOUNT_WEIGHTS[i % 3]) % 10;
	return sum % 10;
}

function settlementPrefix(bik: string): string {
	return bik.slice(6, 9);
}

function correspondentPrefix(bik: string): string {
	return '0' + bik.slice(4, 6);
}

/** Settlement account (20 digits) with a valid key for the BIK: last 3 BIK digits + account. */
export function accountKeyValid(bik: string, account: string): boolean {
	if (!isDigits(bik, 9) || !isDigits(account, 20)) return false;
	return keySum(settlementPrefix(bik) + account) === 0;
}

/** Correspondent account (20 digits, 30101…) with a valid key for the BIK: "0" + BIK digits 5–6 + account. */
export function corrAccountKeyValid(bik: string, corr: string): boolean {
	if (!isDigits(bik, 9) || !isDigits(corr, 20) || !corr.startsWith('30101')) return false;
	return keySum(correspondentPrefix(bik) + corr) === 0;
}

/**
 * Put the control key at position 9 (index 8). `account` is either 20 characters with any
 * placeholder at index 8 (e.g. "40702810X38000060473") or the 19 digits without the key.
 */
function withKey(prefix: string, account: string, what: string): string {
	let body: string;
	if (account.length === 20) body = account.slice(0, 8) + '0' + account.slice(9);
	else if (account.length === 19) body = account.slice(0, 8) + '0' + account.slice(8);
	else throw new Error(`${what}: 19 or 20 characters expected, got "${account}"`);
	if (!/^\d{20}$/.test(body)) throw new Error(`${what}: digits expected, got "${account}"`);
	// the key sits at index 3 + 8 = 11 of the 23 digits → weight 3; 3 × 7 ≡ 1 (mod 10), so the
	// key that brings the sum to 0 mod 10 is 7 × (10 − sum) mod 10
	const key = (((10 - keySum(prefix + body)) % 10) * 7) % 10;
	return body.slice(0, 8) + String(key) + body.slice(9);
}

/** Settlement account with the key computed for the BIK (see withKey for the input forms). */
export function makeAccount(bik: string, account: string): string {
	if (!isDigits(bik, 9)) throw new Error(`makeAccount: BIK of 9 digits expected, got "${bik}"`);
	return withKey(settlementPrefix(bik), account, 'makeAccount');
}

/** Correspondent account with the key computed for the BIK (see withKey for the input forms). */
export function makeCorrAccount(bik: string, corr: string): string {
	if (!isDigits(bik, 9)) throw new Error(`makeCorrAccount: BIK of 9 digits expected, got "${bik}"`);
	return withKey(correspondentPrefix(bik), corr, 'makeCorrAccount');
}

/** The usual correspondent account of a bank at the Bank of Russia: 30101810K0000000 + last 3 BIK digits. */
export function standardCorrAccount(bik: string): string {
	return makeCorrAccount(bik, '30101810' + '0' + '00000000' + bik.slice(6, 9));
}

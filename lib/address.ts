/**
 * Addresses between 1C and Bitrix24 — pure, no HTTP.
 *
 * 1C (БСП contact information) keeps an address as one line, `Представление`
 * («123456, Московская обл., г. Химки, ул. Ленина, д. 5, офис 12»), plus a few parsed fields
 * (`Страна`, `Регион`, `Город`); Bitrix24 `crm.address` keeps the parts: `POSTAL_CODE`,
 * `PROVINCE` (region), `CITY`, `ADDRESS_1` (street, house, office), `COUNTRY`.
 * `addressFromLine` splits the line: a leading 6-digit postal code, the region and city (the
 * given ones, else a «г. …» part and what precedes it), the rest is the street line.
 *
 * `changedFields`: which of the wanted values differ from a stored record (trimmed strings;
 * null, undefined and '' are the same) — writes are made only for those.
 */

export interface AddressParts {
	POSTAL_CODE?: string;
	PROVINCE?: string;
	CITY?: string;
	ADDRESS_1?: string;
}

const clean = (v: unknown) => (v === undefined || v === null ? '' : String(v).replace(/\s+/g, ' ').trim());
const CITY_PART = /^(г\.?|город)\s+(.+)$/i;
const bare = (s: string) => clean(s).replace(CITY_PART, '$2').toLowerCase();

/** `hints`: the region and city 1C parsed (`Регион`, `Город`), when known. */
export function addressFromLine(line: unknown, hints: { region?: unknown; city?: unknown } = {}): AddressParts {
	const parts = clean(line).split(',').map((p) => p.trim()).filter(Boolean);
	const out: AddressParts = {};
	if (parts.length && /^\d{6}$/.test(parts[0])) out.POSTAL_CODE = parts.shift();
	const region = clean(hints.region);
	const city = clean(hints.city);
	// the city: the hinted one, else the first «г. …» part; what precedes it is the region
	let at = city ? parts.findIndex((p) => bare(p) === city.toLowerCase()) : -1;
	if (at < 0) at = parts.findIndex((p) => CITY_PART.test(p));
	if (at >= 0) {
		out.CITY = city || parts[at].replace(CITY_PART, '$2');
		const before = parts.slice(0, at).filter((p) => !region || bare(p) !== region.toLowerCase());
		out.PROVINCE = region || before.join(', ') || undefined;
		parts.splice(0, at + 1);
	} else if (region) {
		out.PROVINCE = region;
		if (parts.length && bare(parts[0]) === region.toLowerCase()) parts.shift();
	}
	if (!out.PROVINCE) delete out.PROVINCE;
	if (parts.length) out.ADDRESS_1 = parts.join(', ');
	return out;
}

/** The names of the `wanted` fields whose values differ from `current`. */
export function changedFields(current: Record<string, unknown> | undefined, wanted: Record<string, unknown>): string[] {
	return Object.keys(wanted).filter((k) => clean(current?.[k]) !== clean(wanted[k]));
}

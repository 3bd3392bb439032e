/**
 * Tokenizer of the 1C OData expression language (`$filter`, `$orderby`, virtual-table
 * `Condition`), DOC §17.4.5.2 / research §1.4, §2.4.
 *
 * The text is the already-decoded option value (the server decodes `%XX` escapes only). Any
 * lexical problem is a `QuerySyntaxError`, which the public entry points turn into 400 code 14
 * («Ошибка при разборе опции запроса $filter»). Notable rules:
 * - a `+` outside a string literal is an error: on the live platform `+` is not a space
 *   (research §1.7: with `+` 1C ignored the filter). We reject it (400/14) so the client bug shows.
 * - typed literals: `guid'8-4-4-4-12'`, `datetime'YYYY-MM-DDTHH:mm[:ss[.f]]'` (year exactly 4
 *   digits — `datetime'1-01-01T00:00:00'` is 400/14 live), `X'hex'` / `binary'hex'`.
 * - numbers: `10`, `10.5`, `1e-3`, optional suffix `M m D d F f L l` (ignored).
 * - identifiers: letters (Cyrillic included), digits and `_`, not starting with a digit.
 */

export type Punct = '(' | ')' | ',' | '/' | ':' | '-';

export type Token =
	| { t: 'ident'; v: string; pos: number }
	| { t: 'string'; v: string; pos: number }
	| { t: 'number'; v: number; pos: number }
	| { t: 'guid'; v: string; pos: number }
	| { t: 'datetime'; v: string; pos: number }
	| { t: 'binary'; v: string; pos: number }
	| { t: 'punct'; v: Punct; pos: number }
	| { t: 'eof'; pos: number };

/** A syntax error; converted to `E.queryOptionParse(option)` (400, code 14) by the parser. */
export class QuerySyntaxError extends Error {
	constructor(
		message: string,
		readonly pos: number,
	) {
		super(message);
	}
}

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?$/;
const IDENT_START = /[\p{L}\p{Nl}_]/u;
const IDENT_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}_]/u;
const NUMBER_RE = /\d+(?:\.\d+)?(?:[eE]-?\d+)?[mMdDfFlL]?/y;
const PUNCT = '(),/:-';

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Validates a `datetime'…'` body and returns the canonical `YYYY-MM-DDTHH:mm:ss` (fractions dropped). */
export function parseDateTimeLiteral(body: string): string | undefined {
	const m = DATETIME_RE.exec(body);
	if (!m) return undefined;
	const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
	const s = m[6] === undefined ? 0 : Number(m[6]);
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
	return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${String(s).padStart(2, '0')}`;
}

export function tokenize(text: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	const fail = (msg: string, pos = i): never => {
		throw new QuerySyntaxError(msg, pos);
	};
	/** Reads a quoted literal starting at the opening quote; returns the unescaped body. */
	const readQuoted = (): string => {
		const start = i;
		i++;
		let body = '';
		for (;;) {
			if (i >= text.length) fail('unterminated string literal', start);
			const c = text[i];
			if (c === "'") {
				if (text[i + 1] === "'") {
					body += "'";
					i += 2;
					continue;
				}
				i++;
				return body;
			}
			body += c;
			i++;
		}
	};
	while (i < text.length) {
		const c = text[i];
		const pos = i;
		if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
			i++;
			continue;
		}
		if (c === '+') fail("'+' is not a space in 1C OData query options");
		if (c === "'") {
			out.push({ t: 'string', v: readQuoted(), pos });
			continue;
		}
		if (PUNCT.includes(c)) {
			out.push({ t: 'punct', v: c as Punct, pos });
			i++;
			continue;
		}
		if (c >= '0' && c <= '9') {
			NUMBER_RE.lastIndex = i;
			const m = NUMBER_RE.exec(text);
			if (!m) fail('bad number');
			const raw = (m as RegExpExecArray)[0];
			i += raw.length;
			if (i < text.length && IDENT_PART.test(text[i])) fail('bad number');
			out.push({ t: 'number', v: Number(raw.replace(/[mMdDfFlL]$/, '')), pos });
			continue;
		}
		if (IDENT_START.test(c)) {
			let j = i + 1;
			while (j < text.length && IDENT_PART.test(text[j])) j++;
			const name = text.slice(i, j);
			i = j;
			if (text[i] !== "'") {
				out.push({ t: 'ident', v: name, pos });
				continue;
			}
			const body = readQuoted();
			switch (name) {
				case 'guid':
					if (!GUID_RE.test(body)) fail('bad guid literal', pos);
					out.push({ t: 'guid', v: body.toLowerCase(), pos });
					break;
				case 'datetime': {
					const v = parseDateTimeLiteral(body);
					if (v === undefined) fail('bad datetime literal', pos);
					out.push({ t: 'datetime', v: v as string, pos });
					break;
				}
				case 'X':
				case 'x':
				case 'binary':
					if (!/^(?:[0-9a-fA-F]{2})*$/.test(body)) fail('bad binary literal', pos);
					out.push({ t: 'binary', v: body.toLowerCase(), pos });
					break;
				default:
					// datetimeoffset'…', time'…' and anything else: not in the 1C dialect
					fail(`unsupported literal type ${name}`, pos);
			}
			continue;
		}
		fail(`unexpected character '${c}'`);
	}
	out.push({ t: 'eof', pos: text.length });
	return out;
}

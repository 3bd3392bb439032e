/**
 * Resource paths and query options of `/odata/standard.odata/`:
 *   Set · Set(guid'…') · Set(A=…,B=…) · Set(…)/Nav · Set(…)/Prop · Set/$count · Set(…)/Post[()] ·
 *   Set(…)/Unpost · Register/Balance(…) · Register/SliceLast(…) · $metadata · (root)
 * The query string is split by hand: `%XX` is decoded as UTF-8, `+` stays `+` (1C does not read it
 * as a space — research §1.7).
 */
import { E } from './errors';

export interface KeyPart {
	name?: string;
	/** decoded literal value: guid string, datetime string, string, number */
	value: string | number;
	kind: 'guid' | 'datetime' | 'string' | 'number';
}

export interface ResourcePath {
	kind: 'service' | 'metadata' | 'resource';
	set?: string;
	keys?: KeyPart[];
	/** segments after the entity: nav/property names, `$count`, `Post`, `Unpost`, function calls */
	rest: Array<{ name: string; args?: Record<string, string> }>;
}

export function decodeComponent(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		throw E.badRequest();
	}
}

export function parseQuery(search: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const part of search.replace(/^\?/, '').split('&')) {
		if (!part) continue;
		const i = part.indexOf('=');
		const k = decodeComponent(i < 0 ? part : part.slice(0, i));
		out.set(k, decodeComponent(i < 0 ? '' : part.slice(i + 1)));
	}
	return out;
}

/** Split `a(b,c)/d/e(f)` into segments, respecting quotes and parentheses. */
function segments(path: string): string[] {
	const out: string[] = [];
	let cur = '';
	let depth = 0;
	let quote = false;
	for (let i = 0; i < path.length; i++) {
		const c = path[i];
		if (c === "'") quote = !quote;
		if (!quote && c === '(') depth++;
		if (!quote && c === ')') depth--;
		if (c === '/' && depth === 0 && !quote) {
			out.push(cur);
			cur = '';
		} else cur += c;
	}
	out.push(cur);
	return out.filter((s) => s !== '');
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseLiteral(text: string): KeyPart {
	const t = text.trim();
	let m = /^guid'([^']*)'$/i.exec(t);
	if (m) {
		if (!GUID.test(m[1])) throw E.cannotParse(m[1], 'Edm.Guid');
		return { value: m[1].toLowerCase(), kind: 'guid' };
	}
	m = /^datetime'([^']*)'$/i.exec(t);
	if (m) {
		if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(m[1])) throw E.cannotParse(m[1], 'Edm.DateTime');
		return { value: m[1].length === 16 ? `${m[1]}:00` : m[1], kind: 'datetime' };
	}
	m = /^'(.*)'$/s.exec(t);
	if (m) return { value: m[1].replace(/''/g, "'"), kind: 'string' };
	if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t), kind: 'number' };
	throw E.cannotParse(t, 'Edm.String');
}

/** `(guid'…')` or `(Name=Value, Name=Value)`: top-level commas outside quotes. */
export function parseKeys(inner: string): KeyPart[] {
	const parts: string[] = [];
	let cur = '';
	let quote = false;
	for (const c of inner) {
		if (c === "'") quote = !quote;
		if (c === ',' && !quote) {
			parts.push(cur);
			cur = '';
		} else cur += c;
	}
	if (cur.trim()) parts.push(cur);
	return parts.map((p) => {
		const m = /^\s*([^=\s']+)\s*=(.*)$/s.exec(p);
		return m ? { ...parseLiteral(m[2]), name: m[1] } : parseLiteral(p);
	});
}

const FUNCTION_PARAMS = ['Condition', 'Dimensions', 'Period', 'StartPeriod', 'EndPeriod', 'PostingModeOperational', 'AccountCondition', 'ExtraDimensions', 'Top', 'OrderBy'];

/**
 * Function-call arguments `Name=value,Name=value` where `Condition='… guid'…' …'` carries
 * unescaped inner quotes (DOC §17.4.9): split only before `,<KnownParam>=`.
 */
export function parseFunctionArgs(inner: string): Record<string, string> {
	const out: Record<string, string> = {};
	const re = new RegExp(`(?:^|,)\\s*(${FUNCTION_PARAMS.join('|')})\\s*=`, 'g');
	const hits: Array<{ name: string; start: number; valueStart: number }> = [];
	let m: RegExpExecArray | null;
	while ((m = re.exec(inner)) !== null) hits.push({ name: m[1], start: m.index, valueStart: m.index + m[0].length });
	hits.forEach((h, i) => {
		let v = inner.slice(h.valueStart, i + 1 < hits.length ? hits[i + 1].start : inner.length).trim();
		if (v.startsWith("'") && v.endsWith("'")) v = v.slice(1, -1);
		out[h.name] = v;
	});
	return out;
}

export function parsePath(rawPath: string): ResourcePath {
	const path = decodeComponent(rawPath);
	if (path === '' || path === '/') return { kind: 'service', rest: [] };
	const segs = segments(path);
	if (segs[0] === '$metadata') return { kind: 'metadata', rest: [] };
	const first = /^([^(]+)(?:\((.*)\))?$/s.exec(segs[0]);
	if (!first) throw E.badUrl(segs[0]);
	const res: ResourcePath = { kind: 'resource', set: first[1], rest: [] };
	if (first[2] !== undefined && first[2].trim() !== '') res.keys = parseKeys(first[2]);
	for (const s of segs.slice(1)) {
		const m = /^([^(]+)(?:\((.*)\))?$/s.exec(s);
		if (!m) throw E.badUrl(s);
		res.rest.push(m[2] !== undefined ? { name: m[1], args: parseFunctionArgs(m[2]) } : { name: m[1] });
	}
	return res;
}

/**
 * Request parameters as PHP sees them: GET query, JSON, urlencoded and multipart bodies, with
 * bracket notation (`fields[TITLE]=…`, `select[]=ID`) folded into nested values. Objects whose
 * keys are exactly 0..n-1 become arrays (PHP does not tell the two apart either).
 */
export type Params = Record<string, unknown>;

export function parseBracketKey(key: string): string[] {
	const first = key.indexOf('[');
	if (first <= 0) return [key];
	const parts = [key.slice(0, first)];
	const re = /\[([^\]]*)\]/g;
	let m: RegExpExecArray | null;
	let last = first;
	while ((m = re.exec(key.slice(first))) !== null) {
		parts.push(m[1]);
		last = first + re.lastIndex;
	}
	if (last < key.length) parts[parts.length - 1] += key.slice(last);
	return parts;
}

export function foldPairs(pairs: Array<[string, unknown]>): Params {
	const root: Record<string, unknown> = {};
	for (const [rawKey, value] of pairs) {
		const path = parseBracketKey(rawKey);
		let node: Record<string, unknown> = root;
		for (let i = 0; i < path.length; i++) {
			let k = path[i];
			if (k === '') k = String(nextIndex(node));
			if (i === path.length - 1) {
				node[k] = value;
			} else {
				const child = node[k];
				if (typeof child !== 'object' || child === null) node[k] = {};
				node = node[k] as Record<string, unknown>;
			}
		}
	}
	return normalizeLists(root) as Params;
}

function nextIndex(node: Record<string, unknown>): number {
	let max = -1;
	for (const k of Object.keys(node)) {
		if (/^\d+$/.test(k)) max = Math.max(max, Number(k));
	}
	return max + 1;
}

function normalizeLists(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(normalizeLists);
	if (typeof v !== 'object' || v === null) return v;
	const obj = v as Record<string, unknown>;
	const keys = Object.keys(obj);
	for (const k of keys) obj[k] = normalizeLists(obj[k]);
	if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
	return obj;
}

export function parseQueryString(qs: string): Params {
	const pairs: Array<[string, unknown]> = [];
	for (const [k, v] of new URLSearchParams(qs)) pairs.push([k, v]);
	return foldPairs(pairs);
}

export interface UploadedFile {
	filename: string;
	contentType: string;
	/** base64 of the bytes, the same form as `["name", "<base64>"]` file parameters. */
	base64: string;
}

export function parseBody(contentType: string | undefined, body: Buffer): Params {
	if (body.length === 0) return {};
	const ct = (contentType ?? '').toLowerCase();
	if (ct.includes('application/json')) {
		const parsed = JSON.parse(body.toString('utf8')) as unknown;
		return typeof parsed === 'object' && parsed !== null ? (parsed as Params) : {};
	}
	if (ct.includes('multipart/form-data')) {
		const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
		if (!m) throw new Error('multipart body without boundary');
		return foldPairs(parseMultipart(body, m[1] ?? m[2]));
	}
	return parseQueryString(body.toString('utf8'));
}

function parseMultipart(body: Buffer, boundary: string): Array<[string, unknown]> {
	const pairs: Array<[string, unknown]> = [];
	const delimiter = Buffer.from(`--${boundary}`);
	let pos = body.indexOf(delimiter);
	while (pos >= 0) {
		const partStart = pos + delimiter.length;
		if (body.slice(partStart, partStart + 2).toString() === '--') break;
		const next = body.indexOf(delimiter, partStart);
		if (next < 0) break;
		const part = body.slice(partStart + 2, next - 2); // skip CRLF after boundary and before next
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd >= 0) {
			const headers = part.slice(0, headerEnd).toString('utf8');
			const content = part.slice(headerEnd + 4);
			const name = /name="([^"]*)"/i.exec(headers)?.[1];
			const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
			const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
			if (name !== undefined) {
				if (filename !== undefined) {
					const file: UploadedFile = { filename, contentType: type, base64: content.toString('base64') };
					pairs.push([name, file]);
				} else {
					pairs.push([name, content.toString('utf8')]);
				}
			}
		}
		pos = next;
	}
	return pairs;
}

/** Parameter lookup that accepts both `fields` and `FIELDS` (old crm.* examples send either). */
export function param(params: Params, name: string): unknown {
	if (name in params) return params[name];
	const upper = name.toUpperCase();
	if (upper in params) return params[upper];
	const lower = name.toLowerCase();
	if (lower in params) return params[lower];
	const found = Object.keys(params).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : params[found];
}

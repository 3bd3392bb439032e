/**
 * PHP `http_build_query`: nested values in bracket notation (`fields[TITLE]=…`,
 * `select[0]=ID`), keys and values percent-encoded — as Bitrix24 expects inside `batch`
 * commands (`"crm.company.add?fields%5BTITLE%5D=…"`). An unencoded `filter[<=ID]=5` would split
 * at its first `=`, in PHP too, so keys are always encoded. Empty arrays/objects are sent as an
 * empty value so that e.g. `PHONE: []` still reaches the server.
 */
export type Params = Record<string, unknown>;

function pairs(value: unknown, prefix: string, out: string[]): void {
	if (value === undefined) return;
	if (value === null) {
		out.push(`${encodeURIComponent(prefix)}=`);
		return;
	}
	if (Array.isArray(value) || (typeof value === 'object' && !(value instanceof Date))) {
		const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
		if (entries.length === 0) {
			out.push(`${encodeURIComponent(prefix)}=`);
			return;
		}
		for (const [k, v] of entries) pairs(v, `${prefix}[${k}]`, out);
		return;
	}
	const text = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 'Y' : 'N') : String(value);
	out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(text)}`);
}

export function buildQuery(params: Params): string {
	const out: string[] = [];
	for (const [k, v] of Object.entries(params)) pairs(v, k, out);
	return out.join('&');
}

/** A `batch` command string: `method?query`. */
export function batchCommand(method: string, params: Params = {}): string {
	const q = buildQuery(params);
	return q ? `${method}?${q}` : method;
}

import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** A 1C OData error answer or a transport failure, secrets already removed. */
export class OneCError extends Error {
	constructor(
		readonly entitySet: string,
		readonly key: string,
		readonly status: number,
		/** the 1C internal code (`9`, `14`, `-1`, …) or a transport code (`HTML_RESPONSE`, `BAD_JSON`, `ECONNRESET`, `LICENCE`) */
		readonly code: string,
		/** the 1C text or the transport message */
		readonly detail: string,
	) {
		super(describe(entitySet, key, status, code, detail));
	}

	/** Worth another attempt: 5xx without a 1C business error, resets, timeouts, HTML 502/503, the session cap. */
	get retryable(): boolean {
		if (this.code === 'LICENCE') return true;
		if (this.status === 0) return true;
		if (this.status >= 400 && this.status < 500) return false;
		if (this.code === 'HTML_RESPONSE') return this.status >= 500;
		return this.status >= 500 && this.code !== '-1' && this.code !== '6' && this.code !== '14';
	}
}

const LICENCE_RE = /лиценз|licen[cs]e|одновременных сеансов|concurrent sessions/i;

export function isLicenceError(text: string): boolean {
	return LICENCE_RE.test(text);
}

function target(entitySet: string, key: string): string {
	return `${entitySet || 'service root'}${key ? `(${key})` : ''}`;
}

function describe(entitySet: string, key: string, status: number, code: string, detail: string): string {
	const t = target(entitySet, key);
	if (code === 'LICENCE') return `1C ${t}: no free 1C session/licence — ${detail}`;
	if (status === 401 && code !== '20') return `1C ${t}: the user name or password was rejected (HTTP 401)`;
	if (code === 'HTML_RESPONSE') {
		if (status === 404 || status === 414) return `1C ${t}: the web server answered HTTP ${status} with an HTML page (${detail}) — the publication URL is wrong or the query string is too long`;
		return status === 200
			? `1C ${t}: the publication answered with an HTML page (${detail}) instead of OData — usually a login page: check the credentials and that the URL ends in /odata/standard.odata/`
			: `1C ${t}: the web server answered HTTP ${status} with an HTML page (${detail})`;
	}
	if (code === 'BAD_JSON') return `1C ${t}: the answer is not valid JSON (HTTP ${status}, ${detail}) — cut short or malformed by the web server or a proxy`;
	if (status === 401) return `1C ${t}: access denied by 1C rights (code 20): ${detail} — enable "Allowed Only" or grant rights`;
	if (status === 412) return `1C ${t}: version conflict (HTTP 412) — the object was changed by someone else; re-read it and retry`;
	switch (code) {
		case '8':
			return `1C ${t}: entity set not found (code 8) — is it in the OData composition? ${detail}`;
		case '9':
			return `1C ${t}: no object with this key (code 9)`;
		case '14':
			return `1C ${t}: 1C could not parse the $filter (code 14): ${detail} — OData v3 only (no "in", no "contains")`;
		case '6':
			return `1C ${t}: unknown field or bad URL (code 6): ${detail} — check the names in $select/$orderby/$expand/$filter`;
		case '-1':
			return `1C ${t}: 1C error: ${detail}`;
		default:
			return `1C ${t}: ${detail || 'request failed'}${code ? ` (code ${code})` : ''}${status ? `, HTTP ${status}` : ''}`;
	}
}

export function toNodeApiError(node: INode, e: OneCError, itemIndex?: number): NodeApiError {
	const body: JsonObject = { entitySet: e.entitySet, key: e.key, code: e.code, message: e.detail, httpCode: String(e.status) };
	return new NodeApiError(node, body, {
		message: e.message,
		description: `Entity set: ${e.entitySet || '(root)'}${e.key ? `, key: ${e.key}` : ''}${e.status ? `, HTTP ${e.status}` : ''}${e.code ? `, code ${e.code}` : ''}`,
		httpCode: e.status ? String(e.status) : undefined,
		itemIndex,
	});
}

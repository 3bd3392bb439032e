/**
 * HTTP client of the contract suite: sends a request exactly as described by a case (JSON,
 * form-encoded or bracket query; webhook, OAuth or a restricted webhook) and offers set-up
 * helpers (`call`, `batch`, `addMany`) that go through the REST API like a real client.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import type { Reply } from './shape';

/** Who calls: the default webhook (user 1), OAuth app token, or a restricted webhook. */
export type AuthKind = 'webhook' | 'oauth' | 'useronly' | 'nocrm' | 'crmonly';

export const WEBHOOKS: Record<Exclude<AuthKind, 'oauth'>, string> = {
	webhook: '/rest/1/b24sandboxhook0001/',
	useronly: '/rest/2/b24sandboxuseronly02/',
	nocrm: '/rest/3/b24sandboxnocrm00003/',
	crmonly: '/rest/4/b24sandboxcrmonly004/',
};

export interface RequestSpec {
	/** REST method, e.g. `crm.deal.get` or `batch`. */
	method: string;
	auth?: AuthKind;
	http?: 'GET' | 'POST';
	/** JSON body (what fast_bitrix24 and most SDKs send). */
	json?: unknown;
	/** application/x-www-form-urlencoded body in PHP bracket notation. */
	form?: Record<string, unknown>;
	/** URL query in PHP bracket notation. */
	query?: Record<string, unknown>;
	headers?: Record<string, string>;
}

/** PHP `http_build_query`: nested objects and arrays as `a[b][0]=v`; null skipped; booleans 1/0. */
export function httpBuildQuery(params: Record<string, unknown>, prefix = ''): string {
	const parts: string[] = [];
	for (const [k, v] of Object.entries(params)) {
		const key = prefix ? `${prefix}[${k}]` : k;
		if (v === null || v === undefined) continue;
		if (typeof v === 'object') {
			const nested = Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x])) : (v as Record<string, unknown>);
			const s = httpBuildQuery(nested, key);
			if (s) parts.push(s);
			continue;
		}
		const value = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
	}
	return parts.join('&');
}

/** A batch command string: `method?query`. */
export function cmd(method: string, params: Record<string, unknown> = {}): string {
	const q = httpBuildQuery(params);
	return q ? `${method}?${q}` : method;
}

/** Set-up call failed: the reply is kept for the test message. */
export class CallError extends Error {
	constructor(
		readonly method: string,
		readonly reply: Reply,
	) {
		super(`${method} → HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 400)}`);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export class Client {
	private token?: string;

	constructor(readonly sb: Bitrix24Sandbox) {}

	async admin(path: string, body?: unknown): Promise<Json> {
		const res = await fetch(`${this.sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
		return res.json();
	}

	/** An access token of the default OAuth application (issued once per sandbox). */
	async oauthToken(): Promise<string> {
		this.token ??= String((await this.admin('oauth/issue', {})).access_token);
		return this.token;
	}

	async send(req: RequestSpec): Promise<Reply> {
		const auth = req.auth ?? 'webhook';
		const query: Record<string, unknown> = { ...req.query };
		let base: string;
		if (auth === 'oauth') {
			base = `${this.sb.baseUrl}/rest/`;
			query.auth = await this.oauthToken();
		} else {
			base = this.sb.baseUrl + WEBHOOKS[auth];
		}
		const qs = httpBuildQuery(query);
		const url = `${base}${req.method}${qs ? '?' + qs : ''}`;
		const headers: Record<string, string> = { ...req.headers };
		let body: string | undefined;
		if (req.json !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(req.json);
		} else if (req.form !== undefined) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = httpBuildQuery(req.form);
		}
		const res = await fetch(url, { method: req.http ?? 'POST', headers, body });
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON: the comparison reports it */
		}
		return { status: res.status, body: parsed };
	}

	/** The whole response body of a successful call (result, total, next, time). */
	async callFull(method: string, params: Record<string, unknown> = {}, auth: AuthKind = 'webhook'): Promise<Json> {
		const reply = await this.send({ method, json: params, auth });
		const body = reply.body as Json;
		if (reply.status !== 200 || body?.error !== undefined) throw new CallError(method, reply);
		return body;
	}

	/** `result` of a successful call. */
	async call(method: string, params: Record<string, unknown> = {}, auth: AuthKind = 'webhook'): Promise<Json> {
		return (await this.callFull(method, params, auth)).result;
	}

	/** A batch of command strings; throws if any command failed. Returns `result.result`. */
	async batch(cmds: Record<string, string> | string[], halt = 0): Promise<Json> {
		const out = await this.call('batch', { halt, cmd: cmds });
		const errors = out.result_error;
		if (errors && Object.keys(errors).length) throw new Error(`batch errors: ${JSON.stringify(errors).slice(0, 400)}`);
		return out.result;
	}

	/** Add `n` rows with `method` in batches of 50; returns the `result` of each add in order. */
	async addMany(method: string, n: number, params: (i: number) => Record<string, unknown>): Promise<Json[]> {
		const out: Json[] = [];
		for (let from = 0; from < n; from += 50) {
			const cmds: Record<string, string> = {};
			for (let i = from; i < Math.min(n, from + 50); i++) cmds[`a${i}`] = cmd(method, params(i));
			const res = await this.batch(cmds);
			for (let i = from; i < Math.min(n, from + 50); i++) out.push(res[`a${i}`]);
		}
		return out;
	}
}

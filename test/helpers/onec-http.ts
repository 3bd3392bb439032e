/**
 * A small raw-HTTP client for the 1C OData sandbox (node:http, so headers arrive exactly as sent —
 * the POST `Location` carries raw UTF-8 bytes that fetch-style clients may mangle).
 * Paths and query values are percent-encoded as UTF-8 the way real clients do it (spaces as
 * `%20`, never `+` — research §1.7); OData punctuation (`(`, `)`, `'`, `,`, `=`, `$`, `*`, `/`)
 * stays readable.
 */
import { request } from 'node:http';
import type { OneCSandbox, Publication } from '../../sandbox/onec/server';

export interface OneCReply {
	status: number;
	headers: Record<string, string>;
	/** raw body bytes */
	raw: Buffer;
	text: string;
}

export interface SendOptions {
	/** query pairs, values unencoded; or a ready string (already encoded, without `?`) */
	query?: Array<[string, string]> | string;
	body?: unknown;
	headers?: Record<string, string>;
	/** override the publication's credentials */
	auth?: { user: string; password: string } | null;
}

const KEEP = /[A-Za-z0-9\-_.!~*'()$,=/:@;]/;

/** Percent-encode as UTF-8, keeping OData punctuation readable. */
export function encodeOData(s: string): string {
	let out = '';
	for (const ch of s) out += KEEP.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
	return out;
}

export function queryString(q: SendOptions['query']): string {
	if (q === undefined) return '';
	if (typeof q === 'string') return q;
	return q.map(([k, v]) => `${encodeOData(k)}=${encodeOData(v)}`).join('&');
}

export function basicAuth(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<OneCReply> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const h: Record<string, string> = {};
				for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
				resolve({ status: res.statusCode ?? 0, headers: h, raw, text: raw.toString('utf8') });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

export class OneCClient {
	constructor(readonly pub: Publication) {}

	static of(sb: OneCSandbox, id: Publication['id']): OneCClient {
		return new OneCClient(sb.publications.find((p) => p.id === id)!);
	}

	url(path: string, query?: SendOptions['query']): string {
		const q = queryString(query);
		return this.pub.url + encodeOData(path) + (q ? `?${q}` : '');
	}

	async send(method: string, path: string, o: SendOptions = {}): Promise<OneCReply> {
		const headers: Record<string, string> = { ...o.headers };
		const auth = o.auth === undefined ? { user: this.pub.user, password: this.pub.password } : o.auth;
		if (auth) headers.Authorization = basicAuth(auth.user, auth.password);
		let body: Buffer | undefined;
		if (o.body !== undefined) {
			body = Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body), 'utf8');
			headers['Content-Type'] ??= 'application/json';
		}
		return rawRequest(this.url(path, o.query), method, headers, body);
	}

	get(path: string, query?: SendOptions['query'], o: Omit<SendOptions, 'query'> = {}): Promise<OneCReply> {
		return this.send('GET', path, { ...o, query });
	}

	/** GET with `$format=json` appended; parses the body. */
	async json(path: string, query: Array<[string, string]> = [], o: Omit<SendOptions, 'query'> = {}): Promise<{ status: number; body: Record<string, unknown>; reply: OneCReply }> {
		const reply = await this.get(path, [...query, ['$format', 'json']], o);
		return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown>, reply };
	}

	/** POST a JSON object (`$format=json`); 201 + Location + the created object. */
	async create(set: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
		const r = await this.send('POST', set, { query: [['$format', 'json']], body });
		if (r.status !== 201 && r.status !== 200) throw new Error(`POST ${set}: ${r.status} ${r.text}`);
		return JSON.parse(r.text) as Record<string, unknown>;
	}
}

/**
 * Outbound events: handlers bound by `event.bind` (applications) or configured as an outbound
 * webhook (the portal UI; here the admin API). Each change made through the API posts a
 * form-encoded body to every matching handler, asynchronously, without retries.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Binding {
	id: number;
	event: string; // upper case
	handler: string;
	applicationToken: string;
	/** `app:{clientId}` or `outbound` */
	owner: string;
	authType: number;
}

export interface Delivery {
	event: string;
	handler: string;
	ts: number;
	status: number | 'error';
	body: string;
}

/** PHP bracket form encoding of a nested object. */
export function formEncode(value: unknown, prefix = ''): string[] {
	if (value === null || value === undefined) return [`${encodeURIComponent(prefix)}=`];
	if (typeof value !== 'object') return [`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`];
	const out: string[] = [];
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
		out.push(...formEncode(v, prefix ? `${prefix}[${k}]` : k));
	}
	return out;
}

export class EventBus {
	bindings: Binding[] = [];
	deliveries: Delivery[] = [];
	private nextId = 1;
	private pending = 0;
	private idleWaiters: Array<() => void> = [];
	/** Delay before delivery (the real portal delivers from a queue). */
	delayMs = 20;

	constructor(
		private readonly domain: () => string,
		private readonly baseUrl: () => string,
	) {}

	bind(b: Omit<Binding, 'id'>): { ok: boolean } {
		const exists = this.bindings.some(
			(x) => x.event === b.event && x.handler === b.handler && x.owner === b.owner,
		);
		if (exists) return { ok: false };
		this.bindings.push({ ...b, id: this.nextId++ });
		return { ok: true };
	}

	unbind(owner: string, event: string, handler?: string): number {
		const before = this.bindings.length;
		this.bindings = this.bindings.filter(
			(x) => !(x.owner === owner && x.event === event && (!handler || x.handler === handler)),
		);
		return before - this.bindings.length;
	}

	emit(event: string, fields: Record<string, unknown>): void {
		const name = event.toUpperCase();
		for (const b of this.bindings.filter((x) => x.event === name)) {
			const payload = {
				event: name,
				event_handler_id: String(b.id),
				data: { FIELDS: stringify(fields) },
				ts: String(Math.floor(Date.now() / 1000)),
				auth: {
					domain: this.domain(),
					client_endpoint: `${this.baseUrl()}/rest/`,
					server_endpoint: 'https://oauth.bitrix24.tech/rest/',
					member_id: 'b24sandbox0000000000000000000001',
					application_token: b.applicationToken,
				},
			};
			this.deliver(b, payload);
		}
	}

	/** Resolves when no delivery is pending (tests wait on it). */
	idle(): Promise<void> {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((r) => this.idleWaiters.push(r));
	}

	private deliver(b: Binding, payload: Record<string, unknown>): void {
		const body = formEncode(payload).join('&');
		this.pending++;
		const done = (status: number | 'error') => {
			this.deliveries.push({ event: b.event, handler: b.handler, ts: Date.now(), status, body });
			if (this.deliveries.length > 1000) this.deliveries.shift();
			this.pending--;
			if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
		};
		setTimeout(() => postForm(b.handler, body, done), this.delayMs);
	}
}

/** One form POST as the portal's queue server sends it (events, robot calls); `done` gets the status or 'error'. */
export function postForm(url: string, body: string, done: (status: number | 'error') => void): void {
	try {
		const u = new URL(url);
		const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
			u,
			{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'user-agent': 'Bitrix24 Webhook Engine' }, timeout: 5000 },
			(res) => {
				res.resume();
				res.on('end', () => done(res.statusCode ?? 0));
			},
		);
		req.on('error', () => done('error'));
		req.on('timeout', () => req.destroy());
		req.end(body);
	} catch {
		done('error');
	}
}

function stringify(fields: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(fields)) out[k] = v === null || v === undefined ? '' : String(v);
	return out;
}

/**
 * One emulated portal: the store, the method registry, auth, limits, faults, events and
 * counters, and the handling of one HTTP request to /rest/ or /oauth/token/.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthRegistry } from './core/auth';
import { Dispatcher } from './core/dispatch';
import { Errors, RestError } from './core/errors';
import { EventBus } from './core/events';
import { FaultInjector, HTML_ERROR_PAGE, type FaultConfig } from './core/faults';
import { LeakyBucket, OperatingLimiter, type OperatingConfig, type RateConfig } from './core/limits';
import { parseBody, parseQueryString, type Params } from './core/params';
import { Registry, type AuthInfo, type Portal } from './core/registry';
import { Store } from './core/store';
import { registerAllMethods } from './entities';
import { loadSeed } from './entities/seed-load';

export const DEFAULT_WEBHOOK_USER = 1;
export const DEFAULT_WEBHOOK_CODE = 'b24sandboxhook0001';
export const DEFAULT_APP = {
	clientId: 'local.sandbox0000000001',
	clientSecret: 'sandboxclientsecret0000000000000000000000000000000',
	applicationToken: 'sandboxapptoken000000000000000001',
};
export const DEFAULT_OUTBOUND_TOKEN = 'sandboxoutboundtoken0000000000001';

export interface Bitrix24PortalOptions {
	seed?: number;
	companies?: number;
	rate?: Partial<RateConfig>;
	operating?: Partial<OperatingConfig>;
	faults?: Partial<FaultConfig>;
	httpsRequired?: boolean;
	webhookCode?: string;
	/** Load no seed data at all (contract tests of empty portals). */
	empty?: boolean;
}

export interface RequestLogEntry {
	ts: number;
	method: string;
	status: number;
	batchSize?: number;
	/** the commands of a batch, as sent */
	commands?: string[];
	auth: string;
	fault?: string;
	ms: number;
}

export class Bitrix24Portal implements Portal {
	readonly store = new Store();
	readonly registry = new Registry();
	readonly auth: AuthRegistry;
	readonly bucket: LeakyBucket;
	readonly operating: OperatingLimiter;
	readonly faults: FaultInjector;
	readonly events: EventBus;
	readonly dispatcher: Dispatcher;
	readonly log: RequestLogEntry[] = [];
	counters = emptyCounters();
	baseUrl = 'http://127.0.0.1:8024';
	httpsRequired: boolean;
	clock: () => number = Date.now;

	constructor(readonly options: Bitrix24PortalOptions = {}) {
		const now = () => this.clock();
		this.auth = new AuthRegistry(now);
		this.bucket = new LeakyBucket({ enabled: true, burst: 50, drain: 2, ...options.rate }, now);
		this.operating = new OperatingLimiter(
			{ enabled: true, limitSeconds: 480, costSeconds: {}, ...options.operating },
			now,
		);
		this.faults = new FaultInjector();
		if (options.faults) this.faults.configure(options.faults);
		this.events = new EventBus(
			() => this.domain,
			() => this.baseUrl,
		);
		this.httpsRequired = options.httpsRequired ?? false;
		registerAllMethods(this.registry);
		this.dispatcher = new Dispatcher(this.registry, this.operating, this);
		this.reset({ seed: options.seed, companies: options.companies, empty: options.empty });
	}

	get domain(): string {
		return new URL(this.baseUrl).host;
	}

	now(): number {
		return this.clock();
	}

	emit(event: string, fields: Record<string, unknown>): void {
		this.events.emit(event, fields);
	}

	get webhookUrl(): string {
		return `${this.baseUrl}/rest/${DEFAULT_WEBHOOK_USER}/${this.options.webhookCode ?? DEFAULT_WEBHOOK_CODE}/`;
	}

	/** Fresh data from the seed; auth set-up, counters, limits and events start over. */
	reset(opts: { seed?: number; companies?: number; empty?: boolean } = {}): void {
		this.store.clear();
		this.auth.webhooks.length = 0;
		this.auth.apps.length = 0;
		this.auth.webhooks.push(
			{ userId: DEFAULT_WEBHOOK_USER, code: this.options.webhookCode ?? DEFAULT_WEBHOOK_CODE, scopes: null },
			// a webhook with the `user` scope only (insufficient_scope on crm.*)
			{ userId: 2, code: 'b24sandboxuseronly02', scopes: ['user', 'department'] },
			// a user without CRM permissions ("Access denied.")
			{ userId: 3, code: 'b24sandboxnocrm00003', scopes: null, crmDenied: true },
			// a webhook with the `crm` scope only (insufficient_scope on user.*, department.*)
			{ userId: 4, code: 'b24sandboxcrmonly004', scopes: ['crm'] },
		);
		this.auth.apps.push({ ...DEFAULT_APP, scopes: null, userId: 1 });
		this.events.bindings = [];
		this.events.deliveries = [];
		this.bucket.reset();
		this.operating.reset();
		this.counters = emptyCounters();
		this.log.length = 0;
		loadSeed(this.store, {
			seed: opts.seed ?? this.options.seed ?? 1,
			companies: opts.companies ?? this.options.companies ?? 200,
			empty: opts.empty,
		});
	}

	/** Handle /rest/… and /oauth/token/. Returns false when the path is not ours. */
	async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
		if (url.pathname.startsWith('/oauth/token')) {
			this.handleOAuth(url, req, body, res);
			return true;
		}
		if (!url.pathname.startsWith('/rest/')) return false;
		const t0 = Date.now();
		const route = parseRestPath(url.pathname);
		const entry: RequestLogEntry = { ts: t0, method: route?.method ?? '?', status: 0, auth: '-', ms: 0 };
		// a fault that strikes after the work: the method ran, then the answer is lost or replaced
		let late: string | undefined;
		const finish = (status: number, payload: unknown, contentType = 'application/json; charset=utf-8') => {
			if (late === 'reset') {
				entry.status = -1;
				this.record(entry);
				req.socket.destroy();
				return;
			}
			if (late === 'http500') [status, payload] = [500, Errors.internal().toBody()];
			if (late === 'html') [status, payload, contentType] = [502, HTML_ERROR_PAGE, 'text/html; charset=utf-8'];
			entry.status = status;
			entry.ms = Date.now() - t0;
			this.record(entry);
			const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
			res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
			res.end(text);
		};
		this.counters.requests++;
		const armed = route ? this.faults.take(route.method) : undefined;
		const fault = armed ? armed.kind : this.faults.draw();
		if (fault) {
			entry.fault = fault;
			this.counters.faults[fault] = (this.counters.faults[fault] ?? 0) + 1;
			if ((fault === 'reset' || fault === 'http500' || fault === 'html') && (armed ? armed.after : this.faults.strikesAfter())) {
				late = fault;
				entry.fault = `${fault} after processing`;
				this.counters.faults[`${fault}After`] = (this.counters.faults[`${fault}After`] ?? 0) + 1;
			} else if (fault === 'reset') {
				entry.status = -1;
				this.record(entry);
				req.socket.destroy();
				return true;
			}
			if (fault === 'slow') await new Promise((r) => setTimeout(r, this.faults.config.slowMs));
			if (fault === 'http500' && !late) return finish(500, Errors.internal().toBody()), true;
			if (fault === 'html' && !late) return finish(502, HTML_ERROR_PAGE, 'text/html; charset=utf-8'), true;
			if (fault === 'queryLimit') return finish(503, Errors.queryLimit().toBody()), true;
			if (fault === 'operationLimit') return finish(429, Errors.operationTimeLimit().toBody()), true;
		}
		try {
			if (!route) throw Errors.methodNotFound();
			if (this.httpsRequired && req.headers['x-forwarded-proto'] !== 'https') throw Errors.httpsRequired();
			let params: Params;
			try {
				params = { ...parseQueryString(url.search.slice(1)), ...parseBody(req.headers['content-type'], body) };
			} catch {
				throw new RestError('INVALID_REQUEST', 'Invalid request body', 400);
			}
			const auth = this.authenticate(route, params, req);
			entry.auth = auth.key.replace(/:[^:]+$/, ':***');
			if (!this.bucket.take(auth.key)) {
				this.counters.status503++;
				throw Errors.queryLimit();
			}
			const start = params.start === undefined ? undefined : parseInt(String(params.start), 10) || 0;
			delete params.start;
			if (route.method.toLowerCase() === 'batch') {
				const cmd = params.cmd ?? params.CMD;
				entry.batchSize = cmd && typeof cmd === 'object' ? Object.keys(cmd).length : 0;
				entry.commands = cmd && typeof cmd === 'object' ? Object.values(cmd as Record<string, unknown>).map(String) : [];
				this.counters.batches++;
				this.counters.batchCommands += entry.batchSize;
				for (const c of cmd && typeof cmd === 'object' ? Object.values(cmd as Record<string, unknown>) : []) {
					const m = String(c).split('?')[0].toLowerCase();
					this.counters.byCommand[m] = (this.counters.byCommand[m] ?? 0) + 1;
				}
			} else this.counters.byCommand[route.method.toLowerCase()] = (this.counters.byCommand[route.method.toLowerCase()] ?? 0) + 1;
			const out = this.dispatcher.call(route.method, params, start, auth, false);
			const envelope: Record<string, unknown> = { result: out.result };
			if (out.total !== undefined) envelope.total = out.total;
			if (out.next !== undefined) envelope.next = out.next;
			envelope.time = out.time;
			finish(200, envelope);
		} catch (e) {
			const err = e instanceof RestError ? e : Errors.internal();
			if (!(e instanceof RestError)) console.error('[bitrix24 sandbox] internal error:', e);
			if (err.status === 429) this.counters.status429++;
			finish(err.status, err.toBody());
		}
		return true;
	}

	private authenticate(route: RestRoute, params: Params, req: IncomingMessage): AuthInfo {
		if (route.userId !== undefined && route.code !== undefined) {
			return this.auth.resolveWebhook(route.userId, route.code);
		}
		let token = (params.auth ?? params.access_token) as string | undefined;
		const header = req.headers.authorization;
		if (!token && header && /^bearer\s+/i.test(header)) token = header.replace(/^bearer\s+/i, '');
		delete params.auth;
		delete params.access_token;
		return this.auth.resolveToken(typeof token === 'string' ? token : undefined);
	}

	private handleOAuth(url: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
		const p = { ...parseQueryString(url.search.slice(1)), ...parseBody(req.headers['content-type'], body) };
		let status = 200;
		let payload: unknown;
		try {
			if (p.grant_type !== 'refresh_token') throw new RestError('invalid_request', 'Unsupported grant_type', 400);
			const tokens = this.auth.refreshToken(String(p.client_id ?? ''), String(p.client_secret ?? ''), String(p.refresh_token ?? ''));
			payload = { ...tokens, client_endpoint: `${this.baseUrl}/rest/`, member_id: 'b24sandbox0000000000000000000001' };
		} catch (e) {
			const err = e instanceof RestError ? e : Errors.internal();
			status = err.status;
			payload = err.toBody();
		}
		const text = JSON.stringify(payload);
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(text);
	}

	private record(entry: RequestLogEntry): void {
		this.log.push(entry);
		if (this.log.length > 5000) this.log.shift();
		const m = entry.method.toLowerCase();
		this.counters.byMethod[m] = (this.counters.byMethod[m] ?? 0) + 1;
		this.counters.byStatus[entry.status] = (this.counters.byStatus[entry.status] ?? 0) + 1;
	}
}

export interface Counters {
	requests: number;
	batches: number;
	batchCommands: number;
	status503: number;
	status429: number;
	byMethod: Record<string, number>;
	/** REST methods called, batch commands counted one by one (what a request did, not how it was sent) */
	byCommand: Record<string, number>;
	byStatus: Record<string, number>;
	faults: Record<string, number>;
}

function emptyCounters(): Counters {
	return { requests: 0, batches: 0, batchCommands: 0, status503: 0, status429: 0, byMethod: {}, byCommand: {}, byStatus: {}, faults: {} };
}

interface RestRoute {
	method: string;
	userId?: number;
	code?: string;
}

/** `/rest/{user}/{code}/{method}[.json][/]` or `/rest/{method}[.json][/]` */
export function parseRestPath(pathname: string): RestRoute | undefined {
	const parts = decodeURIComponent(pathname).split('/').filter(Boolean).slice(1);
	const strip = (m: string) => m.replace(/\.(json|xml)$/i, '');
	if (parts.length === 3 && /^\d+$/.test(parts[0])) {
		return { userId: Number(parts[0]), code: parts[1], method: strip(parts[2]) };
	}
	if (parts.length === 1) return { method: strip(parts[0]) };
	return undefined;
}

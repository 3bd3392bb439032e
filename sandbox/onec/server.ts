/**
 * The 1C OData sandbox: one HTTP server on loopback with one publication per configuration —
 * `/bp30/odata/standard.odata/`, `/unf/odata/standard.odata/`, `/ut11/odata/standard.odata/` —
 * Basic auth per base, the web server's realities (IIS query-string limit, HTML error pages,
 * resets, timeouts, slow first call), an optional latency profile and session cap, and the admin
 * API under /_admin/ (same style as the Bitrix24 sandbox):
 *   POST /_admin/reset {seed?, companies?}     GET /_admin/counters · POST /_admin/counters/reset
 *   GET  /_admin/log?limit=N                   GET|POST /_admin/faults {…OneCFaultConfig}
 *   GET|POST /_admin/latency {enabled, scale}  GET|POST /_admin/sessions {max}
 *   GET|POST /_admin/ifmatch {enforce}         GET /_admin/base/{id}/{entitySet} (stored rows)
 *   GET|POST /_admin/webserver {kind: 'iis'|'apache'} (URL length limit and its HTML page)
 * and, on bases that publish it (bp30, unf), the print-form HTTP service
 *   GET /<base>/hs/print/<EntitySet>/<Ref_Key>?form=invoice|sale|order → application/pdf
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Base } from './base';
import { E } from './errors';
import { CONFIGURATIONS } from './config';
import { writeEdmx } from './edmx';
import { buildSchema } from './model/schema';
import { errorResponse, handle } from './service';
import { loadOneCSeed } from './seed';
import { PRINT_SERVICE_BASES, printForm } from './print';
import { APACHE_MAX_REQUEST_LINE, MAX_QUERY_STRING, NO_ONEC_FAULTS, PAGES, WebServerFaults, type OneCFaultConfig, type WebServerKind } from './webfaults';
import { rng } from '../bitrix24/core/faults';

export type BaseId = 'bp30' | 'unf' | 'ut11';
export const BASE_IDS: BaseId[] = ['bp30', 'unf', 'ut11'];

/** Per-base users (Basic auth; user names may be Cyrillic — sent as UTF-8). */
export const ONEC_USERS: Record<BaseId, Array<{ user: string; password: string }>> = {
	bp30: [{ user: 'odata', password: 'bp30-odata' }, { user: 'Администратор', password: 'админ' }],
	unf: [{ user: 'odata', password: 'unf-odata' }],
	ut11: [{ user: 'odata', password: 'ut11-odata' }],
};

export interface LatencyConfig {
	enabled: boolean;
	/** multiplies every delay (1 = the real base's figures of research §7) */
	scale: number;
}

export interface OneCSandboxOptions {
	port?: number;
	host?: string;
	seed?: number;
	companies?: number;
	latency?: Partial<LatencyConfig>;
	faults?: Partial<OneCFaultConfig>;
	/** concurrent sessions per base (0 = unlimited) */
	maxSessions?: number;
	enforceIfMatch?: boolean;
	empty?: boolean;
	/** the web server the publication sits behind (default IIS) */
	webServer?: WebServerKind;
}

export interface Publication {
	id: BaseId;
	url: string;
	user: string;
	password: string;
}

interface LogEntry {
	ts: number;
	base: string;
	method: string;
	path: string;
	status: number;
	bytes: number;
	ms: number;
	fault?: string;
}

/** Request counters; per entity set keyed `<base>:<set>` (`(root)` for the service root). */
export interface OneCCounters {
	requests: number;
	bytes: number;
	byEntitySet: Record<string, number>;
	bytesByEntitySet: Record<string, number>;
	byStatus: Record<string, number>;
	faults: Record<string, number>;
}

function emptyCounters(): OneCCounters {
	return { requests: 0, bytes: 0, byEntitySet: {}, bytesByEntitySet: {}, byStatus: {}, faults: {} };
}

export class OneCSandboxState {
	bases = new Map<BaseId, Base>();
	edmx = new Map<BaseId, string>();
	faults: WebServerFaults;
	latency: LatencyConfig;
	maxSessions: number;
	enforceIfMatch: boolean;
	webServer: WebServerKind;
	active = new Map<BaseId, number>();
	lastRequest = new Map<BaseId, number>();
	log: LogEntry[] = [];
	counters = emptyCounters();
	private jitter = rng(11);

	constructor(readonly opts: OneCSandboxOptions) {
		this.faults = new WebServerFaults({ ...NO_ONEC_FAULTS, ...opts.faults });
		this.latency = { enabled: false, scale: 1, ...opts.latency };
		this.maxSessions = opts.maxSessions ?? 0;
		this.enforceIfMatch = opts.enforceIfMatch ?? false;
		this.webServer = opts.webServer ?? 'iis';
		this.reset({ seed: opts.seed, companies: opts.companies, empty: opts.empty });
	}

	reset(o: { seed?: number; companies?: number; empty?: boolean }): void {
		for (const id of BASE_IDS) {
			const schema = buildSchema(CONFIGURATIONS[id]);
			const base = new Base(id, schema);
			this.bases.set(id, base);
			this.edmx.set(id, writeEdmx(schema));
		}
		if (!o.empty) loadOneCSeed(this.bases, { seed: o.seed ?? this.opts.seed ?? 1, companies: o.companies ?? this.opts.companies ?? 200 });
		this.counters = emptyCounters();
		this.log = [];
	}

	/** Delay of an operation on a real base (research §7), jittered, scaled. */
	delayFor(method: string, path: string): number {
		if (!this.latency.enabled) return 0;
		const j = this.jitter();
		let ms: number;
		if (path.startsWith('$metadata')) ms = 2000 + 1000 * j;
		else if (/\/(Post|Unpost)(\(\))?$/.test(path)) ms = 3000 + 3000 * j;
		else if (method === 'POST') ms = 2000 + 3000 * j;
		else if (method === 'PATCH' || method === 'PUT' || method === 'DELETE') ms = 2000 + 1000 * j;
		else if (/\/(Balance|Turnovers|BalanceAndTurnovers)\(/.test(path)) ms = 3500 + 9000 * j;
		else ms = 100 + 400 * j;
		return ms * this.latency.scale;
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): number {
	const buf = Buffer.from(body, 'utf8');
	// Location carries raw UTF-8 bytes, as the platform sends it (research §1.7)
	const raw: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) raw[k] = k === 'Location' ? Buffer.from(v, 'utf8').toString('latin1') : v;
	res.writeHead(status, { ...raw, 'Content-Length': String(buf.length) });
	res.end(buf);
	return buf.length;
}

function authorized(id: BaseId, header: string | undefined): boolean {
	if (!header || !/^basic\s+/i.test(header)) return false;
	const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	return ONEC_USERS[id].some((u) => u.user === decoded.slice(0, i) && u.password === decoded.slice(i + 1));
}

async function serveOData(state: OneCSandboxState, id: BaseId, req: IncomingMessage, res: ServerResponse, rawPath: string, search: string, origin: string): Promise<{ status: number; bytes: number; fault?: string }> {
	if (state.webServer === 'iis' && Buffer.byteLength(search, 'utf8') > MAX_QUERY_STRING) {
		return { status: 404, bytes: send(res, 404, { 'Content-Type': 'text/html' }, PAGES.notFoundQueryString()) };
	}
	if (state.webServer === 'apache' && Buffer.byteLength(`${req.method ?? 'GET'} ${req.url ?? ''} HTTP/${req.httpVersion}`, 'utf8') > APACHE_MAX_REQUEST_LINE) {
		return { status: 414, bytes: send(res, 414, { 'Content-Type': 'text/html; charset=iso-8859-1' }, PAGES.apache414()) };
	}
	if (!authorized(id, req.headers.authorization)) {
		return { status: 401, bytes: send(res, 401, { 'Content-Type': 'text/html', 'WWW-Authenticate': 'Basic realm=""' }, PAGES.unauthorized()) };
	}
	const now = Date.now();
	const last = state.lastRequest.get(id) ?? now;
	state.lastRequest.set(id, now);
	if (state.faults.config.slowFirstCall && now - last > state.faults.config.idleMs) await sleep(state.faults.config.firstCallMs);
	const fault = state.faults.draw();
	// a fault that strikes after 1C did the work (the write is committed, the answer is lost or replaced)
	const late = fault && fault !== 'loginPage' && state.faults.strikesAfter() ? fault : undefined;
	if (fault) state.counters.faults[late ? `${fault}After` : fault] = (state.counters.faults[late ? `${fault}After` : fault] ?? 0) + 1;
	if (fault && !late) {
		if (fault === 'reset') {
			req.socket.destroy();
			return { status: -1, bytes: 0, fault };
		}
		if (fault === 'timeout') {
			await sleep(state.faults.config.timeoutMs);
			req.socket.destroy();
			return { status: -1, bytes: 0, fault };
		}
		const page = fault === 'html500' ? [500, PAGES.html500()] : fault === 'html502' ? [502, PAGES.html502()] : fault === 'html503' ? [503, PAGES.html503()] : [200, PAGES.login()];
		return { status: page[0] as number, bytes: send(res, page[0] as number, { 'Content-Type': 'text/html; charset=utf-8' }, page[1] as string), fault };
	}
	const body = (await readBody(req)).toString('utf8');
	const active = state.active.get(id) ?? 0;
	if (state.maxSessions > 0 && active >= state.maxSessions) {
		// assumption (research §11 leaves it open): the platform refuses a new session with a licence error
		const wantsJson = /\$format=json/i.test(search) || String(req.headers.accept ?? '').includes('json');
		const r = errorResponse(E.internal('Не удалось установить соединение: превышено допустимое количество одновременных сеансов (нет свободной лицензии)'), wantsJson);
		return { status: r.status, bytes: send(res, r.status, r.headers, r.body) };
	}
	state.active.set(id, active + 1);
	try {
		const delay = state.delayFor(req.method ?? 'GET', decodeURIComponentSafe(rawPath));
		if (delay) await sleep(delay);
		const base = state.bases.get(id)!;
		const r = handle(base, { method: req.method ?? 'GET', path: rawPath, search, headers: req.headers, body, root: `${origin}/${id}/odata/standard.odata/` }, { enforceIfMatch: state.enforceIfMatch, edmx: () => state.edmx.get(id)! });
		if (late === 'reset' || late === 'timeout') {
			if (late === 'timeout') await sleep(state.faults.config.timeoutMs);
			req.socket.destroy();
			return { status: -1, bytes: 0, fault: `${late} after processing` };
		}
		if (late) {
			const page = late === 'html500' ? [500, PAGES.html500()] : late === 'html502' ? [502, PAGES.html502()] : [503, PAGES.html503()];
			return { status: page[0] as number, bytes: send(res, page[0] as number, { 'Content-Type': 'text/html; charset=utf-8' }, page[1] as string), fault: `${late} after processing` };
		}
		return { status: r.status, bytes: send(res, r.status, r.headers, r.body) };
	} finally {
		state.active.set(id, (state.active.get(id) ?? 1) - 1);
	}
}

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

function json(res: ServerResponse, status: number, v: unknown): void {
	send(res, status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(v));
}

async function admin(state: OneCSandboxState, req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
	const body = (await readBody(req)).toString('utf8');
	const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
	const post = req.method === 'POST';
	if (path === 'reset' && post) {
		state.reset({ seed: input.seed as number, companies: input.companies as number, empty: input.empty as boolean });
		return json(res, 200, { ok: true });
	}
	if (path === 'counters') return json(res, 200, state.counters);
	if (path === 'counters/reset' && post) {
		state.counters = emptyCounters();
		state.log = [];
		return json(res, 200, { ok: true });
	}
	if (path === 'log') return json(res, 200, state.log.slice(-Number(url.searchParams.get('limit') ?? 500)));
	if (path === 'faults') return json(res, 200, post ? state.faults.configure(input) : state.faults.config);
	if (path === 'latency') {
		if (post) state.latency = { ...state.latency, ...input };
		return json(res, 200, state.latency);
	}
	if (path === 'sessions') {
		if (post) state.maxSessions = Number(input.max ?? 0);
		return json(res, 200, { max: state.maxSessions });
	}
	if (path === 'webserver') {
		if (post && (input.kind === 'iis' || input.kind === 'apache')) state.webServer = input.kind;
		return json(res, 200, { kind: state.webServer });
	}
	if (path === 'ifmatch') {
		if (post) state.enforceIfMatch = Boolean(input.enforce);
		return json(res, 200, { enforce: state.enforceIfMatch });
	}
	const m = /^base\/(bp30|unf|ut11)\/(.+)$/.exec(path);
	if (m) {
		const base = state.bases.get(m[1] as BaseId)!;
		const name = decodeURIComponentSafe(m[2]);
		return json(res, 200, base.objects.has(name) ? [...base.table(name).values()] : base.registerRecords(name));
	}
	return json(res, 404, { error: 'unknown admin endpoint' });
}

export interface OneCSandbox {
	state: OneCSandboxState;
	server: Server;
	port: number;
	baseUrl: string;
	publications: Publication[];
	close(): Promise<void>;
}

export async function startOneCSandbox(opts: OneCSandboxOptions = {}): Promise<OneCSandbox> {
	const state = new OneCSandboxState(opts);
	const host = opts.host ?? '127.0.0.1';
	let origin = '';
	const server = createServer((req, res) => {
		void (async () => {
			const t0 = Date.now();
			const rawUrl = req.url ?? '/';
			const q = rawUrl.indexOf('?');
			const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
			const search = q < 0 ? '' : rawUrl.slice(q + 1);
			try {
				if (rawPath.startsWith('/_admin/')) return await admin(state, req, res, rawPath.slice(8), new URL(rawUrl, origin));
				const hs = /^\/(bp30|unf|ut11)\/hs\/print\/([^/]+)\/([^/]+)$/.exec(rawPath);
				if (hs) {
					const id = hs[1] as BaseId;
					if (!PRINT_SERVICE_BASES.has(id)) return void send(res, 404, { 'Content-Type': 'text/html' }, PAGES.notFoundQueryString());
					if (!authorized(id, req.headers.authorization)) return void send(res, 401, { 'Content-Type': 'text/html', 'WWW-Authenticate': 'Basic realm=""' }, PAGES.unauthorized());
					const form = new URL(rawUrl, origin).searchParams.get('form') ?? 'invoice';
					const out = await printForm(state.bases.get(id)!, decodeURIComponentSafe(hs[2]), decodeURIComponentSafe(hs[3]), form);
					res.writeHead(out.status, { 'Content-Type': out.contentType, 'Content-Length': out.body.length });
					return void res.end(out.body);
				}
				const m = /^\/(bp30|unf|ut11)\/odata\/standard\.odata\/?(.*)$/.exec(rawPath);
				if (!m) {
					send(res, 404, { 'Content-Type': 'text/html' }, PAGES.notFoundQueryString());
					return;
				}
				const id = m[1] as BaseId;
				const out = await serveOData(state, id, req, res, m[2], search, origin);
				const set = decodeURIComponentSafe(m[2]).split(/[(/]/)[0] || '(root)';
				state.counters.requests++;
				state.counters.bytes += out.bytes;
				state.counters.byEntitySet[`${id}:${set}`] = (state.counters.byEntitySet[`${id}:${set}`] ?? 0) + 1;
				state.counters.bytesByEntitySet[`${id}:${set}`] = (state.counters.bytesByEntitySet[`${id}:${set}`] ?? 0) + out.bytes;
				state.counters.byStatus[out.status] = (state.counters.byStatus[out.status] ?? 0) + 1;
				state.log.push({ ts: t0, base: id, method: req.method ?? 'GET', path: decodeURIComponentSafe(rawPath), status: out.status, bytes: out.bytes, ms: Date.now() - t0, fault: out.fault });
				if (state.log.length > 5000) state.log.shift();
			} catch (e) {
				if (!res.headersSent) json(res, 500, { error: String((e as Error).message) });
			}
		})();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	origin = `http://${host}:${port}`;
	return {
		state,
		server,
		port,
		baseUrl: origin,
		publications: BASE_IDS.map((id) => ({ id, url: `${origin}/${id}/odata/standard.odata/`, ...ONEC_USERS[id][0] })),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

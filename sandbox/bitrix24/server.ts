/**
 * The Bitrix24 sandbox as an HTTP server on loopback, with the admin API under /_admin/:
 *   POST /_admin/reset            {seed?, companies?, empty?}   fresh seed data
 *   GET  /_admin/counters         requests, batches, batch commands, 503s, 429s, per method/status
 *   POST /_admin/counters/reset
 *   GET  /_admin/log?limit=N      the request log (auth keys redacted)
 *   GET|POST /_admin/faults       fault probabilities {http500, reset, slow, slowMs, queryLimit, operationLimit, html, seed}
 *   POST /_admin/faults/arm       one fault for the next request of a method {method, kind, after}
 *   GET|POST /_admin/rate         {enabled, burst, drain}
 *   GET|POST /_admin/operating    {enabled, limitSeconds, costSeconds}
 *   POST /_admin/oauth/issue      {clientId?} → token pair;  POST /_admin/oauth/expire {accessToken?}
 *   POST /_admin/outbound-webhook {handler, events[]} → {applicationToken}
 *   GET  /_admin/events           deliveries; GET /_admin/events/idle waits for pending ones
 *   GET  /_admin/tables, /_admin/table/{name}   stored rows (tests count data here)
 *   POST /_admin/snapshot | /_admin/restore      to/from the data dir
 *   Application automation (what the admin sets up in the portal UI; entities/automation-runtime.ts):
 *   POST /_admin/automation/robots   {stageId, code, clientId?, properties?, useSubscription?, timeoutDuration?}
 *                                    a registered robot placed on a deal stage → {ok, placement}
 *   POST /_admin/automation/triggers {stageId, code, clientId?, allowBackwards?} an app trigger on a deal stage → {ok, placement}
 *   GET  /_admin/automation          {robots, triggers, robotPlacements, triggerPlacements, workflows, log}
 *   GET  /_admin/automation/idle     waits for queued/in-flight robot calls;  POST /_admin/automation/clear
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serveFile } from './entities/feed-disk';
import { AdminInputError, automationIdle, automationState, clearAutomation, placeRobot, placeTrigger } from './entities/automation-runtime';
import { FAULT_KINDS, type FaultKind } from './core/faults';
import { Bitrix24Portal, DEFAULT_APP, DEFAULT_OUTBOUND_TOKEN, type Bitrix24PortalOptions } from './portal';

export interface Bitrix24SandboxOptions extends Bitrix24PortalOptions {
	port?: number;
	host?: string;
	/** Snapshot directory: state is loaded from it at start when present. */
	dataDir?: string;
}

export interface Bitrix24Sandbox {
	portal: Bitrix24Portal;
	server: Server;
	port: number;
	baseUrl: string;
	webhookUrl: string;
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function json(res: ServerResponse, status: number, payload: unknown): void {
	const text = JSON.stringify(payload);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(text);
}

async function admin(portal: Bitrix24Portal, opts: Bitrix24SandboxOptions, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
	const p = url.pathname.replace(/^\/_admin\/?/, '');
	const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
	const post = req.method === 'POST';
	switch (true) {
		case p === 'reset' && post:
			portal.reset({ seed: input.seed as number, companies: input.companies as number, empty: input.empty as boolean });
			return json(res, 200, { ok: true, tables: tableSizes(portal) });
		case p === 'counters':
			return json(res, 200, portal.counters);
		case p === 'counters/reset' && post:
			portal.counters = { requests: 0, batches: 0, batchCommands: 0, status503: 0, status429: 0, byMethod: {}, byCommand: {}, byStatus: {}, faults: {} };
			portal.log.length = 0;
			return json(res, 200, { ok: true });
		case p === 'log': {
			const limit = Number(url.searchParams.get('limit') ?? 500);
			return json(res, 200, portal.log.slice(-limit));
		}
		case p === 'faults':
			return json(res, 200, post ? portal.faults.configure(input) : portal.faults.config);
		case p === 'faults/arm' && post:
			if (!FAULT_KINDS.includes(input.kind as FaultKind) || !input.method) return json(res, 400, { error: `method and kind (${FAULT_KINDS.join(', ')}) are required` });
			portal.faults.arm(String(input.method), input.kind as FaultKind, input.after === true);
			return json(res, 200, { ok: true });
		case p === 'rate':
			if (post) portal.bucket.config = { ...portal.bucket.config, ...input };
			if (post) portal.bucket.reset();
			return json(res, 200, portal.bucket.config);
		case p === 'operating':
			if (post) portal.operating.config = { ...portal.operating.config, ...input };
			if (post) portal.operating.reset();
			return json(res, 200, portal.operating.config);
		case p === 'oauth/issue' && post:
			return json(res, 200, {
				...portal.auth.issue(String(input.clientId ?? DEFAULT_APP.clientId), input.userId as number | undefined),
				client_endpoint: `${portal.baseUrl}/rest/`,
			});
		case p === 'oauth/expire' && post:
			return json(res, 200, { expired: portal.auth.expire(input.accessToken as string | undefined) });
		case p === 'outbound-webhook' && post: {
			const token = String(input.applicationToken ?? DEFAULT_OUTBOUND_TOKEN);
			for (const ev of (input.events as string[]) ?? []) {
				portal.events.bind({ event: ev.toUpperCase(), handler: String(input.handler), applicationToken: token, owner: 'outbound', authType: 0 });
			}
			return json(res, 200, { applicationToken: token, bindings: portal.events.bindings.length });
		}
		case p === 'events':
			return json(res, 200, { bindings: portal.events.bindings, deliveries: portal.events.deliveries });
		case p === 'events/idle':
			await portal.events.idle();
			return json(res, 200, { ok: true });
		case p === 'automation':
			return json(res, 200, automationState(portal));
		case p === 'automation/idle':
			await automationIdle(portal);
			return json(res, 200, { ok: true });
		case p === 'automation/clear' && post:
			clearAutomation(portal);
			return json(res, 200, { ok: true });
		case (p === 'automation/robots' || p === 'automation/triggers') && post:
			try {
				const placement = (p === 'automation/robots' ? placeRobot : placeTrigger)(portal, input, DEFAULT_APP.clientId);
				return json(res, 200, { ok: true, placement });
			} catch (e) {
				if (e instanceof AdminInputError) return json(res, 400, { error: e.message });
				throw e;
			}
		case p === 'tables':
			return json(res, 200, tableSizes(portal));
		case p.startsWith('table/'):
			return json(res, 200, portal.store.find(decodeURIComponent(p.slice(6)))?.all() ?? []);
		case p === 'snapshot' && post:
			if (!opts.dataDir) return json(res, 400, { error: 'no data dir' });
			saveSnapshot(portal, opts.dataDir);
			return json(res, 200, { ok: true });
		case p === 'restore' && post:
			if (!opts.dataDir || !loadSnapshot(portal, opts.dataDir)) return json(res, 400, { error: 'no snapshot' });
			return json(res, 200, { ok: true });
		default:
			return json(res, 404, { error: 'unknown admin endpoint' });
	}
}

function tableSizes(portal: Bitrix24Portal): Record<string, number> {
	const out: Record<string, number> = {};
	for (const n of portal.store.names()) out[n] = portal.store.find(n)!.size;
	return out;
}

function snapshotFile(dir: string): string {
	return join(dir, 'bitrix24.json');
}

function saveSnapshot(portal: Bitrix24Portal, dir: string): void {
	mkdirSync(dir, { recursive: true });
	writeFileSync(snapshotFile(dir), JSON.stringify(portal.store.snapshot()));
}

function loadSnapshot(portal: Bitrix24Portal, dir: string): boolean {
	if (!existsSync(snapshotFile(dir))) return false;
	portal.store.restore(JSON.parse(readFileSync(snapshotFile(dir), 'utf8')));
	return true;
}

export async function startBitrix24Sandbox(opts: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
	const portal = new Bitrix24Portal(opts);
	if (opts.dataDir) loadSnapshot(portal, opts.dataDir);
	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', portal.baseUrl);
			try {
				const body = await readBody(req);
				if (url.pathname.startsWith('/_admin/')) return await admin(portal, opts, req, res, url, body);
				if (url.pathname.startsWith('/_files/')) {
					const file = serveFile(portal.store, url.pathname.slice(8));
					if (!file) return json(res, 404, { error: 'NOT_FOUND', error_description: 'File not found' });
					res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}` });
					return void res.end(file.body);
				}
				if (await portal.handle(req, res, url, body)) return;
				json(res, 404, { error: 'NOT_FOUND', error_description: 'Not found' });
			} catch (e) {
				if (!res.headersSent) json(res, 500, { error: 'INTERNAL_SERVER_ERROR', error_description: String((e as Error).message) });
			}
		})();
	});
	server.keepAliveTimeout = 5000;
	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	portal.baseUrl = `http://${host}:${port}`;
	return {
		portal,
		server,
		port,
		baseUrl: portal.baseUrl,
		webhookUrl: portal.webhookUrl,
		close: () =>
			new Promise<void>((resolve) => {
				if (opts.dataDir) saveSnapshot(portal, opts.dataDir);
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * The bad-input corpus' environment: both sandboxes, and a small corrupting proxy in front of
 * each that spoils only the requests carrying a marker (in the URL or the body) — an HTML page, a
 * malformed JSON body, a truncated body — so the other items of the same run still complete.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox, type Publication } from '../../sandbox/onec/server';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { sandbox } from '../helpers/b24';
import type { Credentials } from '../helpers/n8n';
import { oneCCredential } from '../helpers/onec-host';

/** what the proxy answers instead of the upstream's reply when a marker is seen */
export const MARKERS = {
	html: 'BADINPUT-HTML',
	badJson: 'BADINPUT-JSON',
	truncated: 'BADINPUT-TRUNC',
	cut: 'BADINPUT-CUT',
} as const;

const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

export interface Proxy {
	url: string;
	close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** A forwarding proxy to `upstream` (an origin) that corrupts marked requests. */
export async function corruptingProxy(upstream: string): Promise<Proxy> {
	const target = new URL(upstream);
	const server: Server = createServer(async (req, res) => {
		const body = await readAll(req);
		let seen = decodeURIComponent(req.url ?? '');
		try {
			seen += decodeURIComponent(body.toString('utf8').replace(/\+/g, ' '));
		} catch {
			seen += body.toString('utf8');
		}
		if (seen.includes(MARKERS.html)) {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			return void res.end(HTML);
		}
		if (seen.includes(MARKERS.badJson)) {
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
			return void res.end('{"value": [{"Ref_Key": "x", "result": [1, 2,, }');
		}
		if (seen.includes(MARKERS.cut)) {
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
			return void res.end('{"odata.metadata":"x","value":[{"Ref_Key":"0000');
		}
		if (seen.includes(MARKERS.truncated)) {
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '4000' });
			res.write('{"value":[{"Ref_Key":"00000000-');
			return void setTimeout(() => res.destroy(), 20);
		}
		const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (r) => {
			res.writeHead(r.statusCode ?? 502, r.headers);
			r.pipe(res);
		});
		up.on('error', () => res.destroy());
		up.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export interface Env {
	b24: Bitrix24Sandbox;
	onec: OneCSandbox;
	pub: Publication;
	b24Proxy: Proxy;
	onecProxy: Proxy;
	/** credentials by name, built after the sandboxes start */
	creds: Record<string, Credentials>;
	/** values a case stores for its checks (ids it created …) */
	state: IDataObject;
}

export const ONEC_PASSWORD = 'Секрет-1С-пароль-77';

export async function startEnv(): Promise<Env> {
	const b24 = await sandbox({ companies: 20 });
	const onec = await startOneCSandbox({ companies: 40 });
	const pub0 = onec.publications.find((p) => p.id === 'bp30')!;
	const b24Proxy = await corruptingProxy(b24.baseUrl);
	const onecProxy = await corruptingProxy(new URL(pub0.url).origin);
	const pub = pub0;
	const hook = { burst: 50, drainRate: 50 };
	const creds: Record<string, Credentials> = {
		b24: { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, ...hook } },
		b24BadCode: { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl.replace(/\/rest\/1\/[^/]+\//, '/rest/1/wrongcode0123456789/'), ...hook } },
		b24Proxy: { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl.replace(b24.baseUrl, b24Proxy.url), ...hook } },
		onec: { oneCODataApi: oneCCredential(pub) },
		onecBadPassword: { oneCODataApi: oneCCredential({ ...pub, password: ONEC_PASSWORD }) },
		onecProxy: { oneCODataApi: oneCCredential({ ...pub, url: pub.url.replace(new URL(pub.url).origin, onecProxy.url) }) },
	};
	return { b24, onec, pub, b24Proxy, onecProxy, creds, state: {} };
}

export async function stopEnv(env: Env | undefined): Promise<void> {
	await env?.b24Proxy.close();
	await env?.onecProxy.close();
	await env?.b24.close();
	await env?.onec.close();
}

/**
 * Secrets of the credentials a case used: the webhook code, the 1C password (and its Basic
 * header), OAuth tokens and the client secret. None may appear in any error text.
 */
export function secretsOf(creds: Credentials): string[] {
	const out: string[] = [];
	for (const [type, c] of Object.entries(creds)) {
		if (type === 'bitrix24WebhookApi') {
			const code = /\/rest\/\d+\/([^/]+)\//.exec(String(c.webhookUrl))?.[1];
			if (code) out.push(code);
		}
		if (type === 'oneCODataApi') {
			out.push(String(c.password), Buffer.from(`${String(c.user)}:${String(c.password)}`).toString('base64'));
		}
		if (type === 'bitrix24OAuth2Api') {
			const t = (c.oauthTokenData ?? {}) as IDataObject;
			for (const v of [t.access_token, t.refresh_token, c.clientSecret]) if (v) out.push(String(v));
		}
	}
	return out.filter((s) => s.length >= 6);
}

export type NodeKind = 'oneC' | 'bitrix24' | 'match' | 'links' | 'mapping';

type OrFn<T> = T | ((env: Env) => T | Promise<T>);

/** One bad-input case: the node, its parameters and input, and what must come out. */
export interface BadInputCase {
	name: string;
	node: NodeKind;
	/** credentials by name in `env.creds` (default: `onec` for the 1C node, `b24` for the others), or built by the case */
	creds?: OrFn<Credentials> | string;
	parameters: OrFn<IDataObject>;
	input: OrFn<IDataObject[]>;
	binary?: (env: Env) => Array<IDataObject | undefined>;
	/** the error text expected for each bad item, by input index (empty: the case must not error) */
	errors: Record<number, RegExp>;
	/** indices of the items that must complete (default: every index not in `errors`) */
	ok?: number[];
	before?: (env: Env) => Promise<void>;
	after?: (env: Env) => Promise<void>;
	/** extra checks of the result (rows read back, nothing written …) */
	check?: (r: import('../helpers/n8n').RunResult, env: Env) => Promise<void> | void;
	timeout?: number;
}

export const resolve = async <T>(v: OrFn<T>, env: Env): Promise<T> => (typeof v === 'function' ? (v as (e: Env) => T | Promise<T>)(env) : v);

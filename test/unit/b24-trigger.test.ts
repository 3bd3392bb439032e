/**
 * The Bitrix24 Trigger: `webhook()` on real event bodies captured from the sandbox (a local
 * handler receives what the portal posts), token checks, form parsing, Re-Read Record, smart
 * item filtering, OAuth2 `event.bind/unbind/get` against the sandbox, and a secret-leak check of
 * failing Bitrix24 node runs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQs } from 'node:querystring';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { bracketPath, parseEventBody, safeEqual } from '../../nodes/Bitrix24/trigger/form';
import { DEFAULT_APP, DEFAULT_OUTBOUND_TOKEN, DEFAULT_WEBHOOK_CODE } from '../../sandbox/bitrix24/portal';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DEFAULT_RETRY } from '../../nodes/Bitrix24/transport/client';
import { admin, post, sandbox } from '../helpers/b24';
import { fakeHookContext, fakeWebhookContext, type CredMap, type WebhookRequest } from '../helpers/b24-host';
import { runNode, type Credentials, type RunResult } from '../helpers/n8n';

interface Capture {
	path: string;
	contentType: string;
	body: Buffer;
}

/** A local event handler that records every POST. */
async function captureServer(): Promise<{ server: Server; url: string; got: Capture[] }> {
	const got: Capture[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

const trigger = new Bitrix24Trigger();
const hooks = trigger.webhookMethods.default;
const items = (r: IWebhookResponseData) => (r.workflowData?.[0] ?? []).map((i) => i.json);

describe('Bitrix24 Trigger', () => {
	let sb: Bitrix24Sandbox;
	let cap: Awaited<ReturnType<typeof captureServer>>;
	let creds: CredMap;
	let companyBody: Buffer;
	let companyId: number;
	const params = (extra: IDataObject = {}): IDataObject => ({ authentication: 'webhook', events: ['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE'], applicationToken: DEFAULT_OUTBOUND_TOKEN, dynamicTypes: 'all', options: {}, ...extra });
	const run = (p: IDataObject, req: WebhookRequest, c: CredMap = creds) => {
		const f = fakeWebhookContext(p, c, req);
		return trigger.webhook.call(f.ctx).then((r) => ({ r, res: f.res }));
	};
	/** The captured body with some form fields replaced (undefined = removed). */
	const edit = (raw: Buffer, changes: Record<string, string | undefined>): Buffer => {
		const q = new URLSearchParams(raw.toString('utf8'));
		for (const [k, v] of Object.entries(changes)) if (v === undefined) q.delete(k); else q.set(k, v);
		return Buffer.from(q.toString());
	};

	beforeAll(async () => {
		sb = await sandbox({ companies: 10 });
		cap = await captureServer();
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
		await admin(sb, 'outbound-webhook', { handler: `${cap.url}/hook`, events: ['ONCRMCOMPANYADD', 'ONCRMDYNAMICITEMADD'] });
		companyId = Number((await post(`${sb.webhookUrl}crm.company.add.json`, { fields: { TITLE: 'ООО "Триггер"', PHONE: [{ VALUE: '+7 495 111-22-33', VALUE_TYPE: 'WORK' }] } })).body.result);
		await admin(sb, 'events/idle');
		const got = cap.got.find((c) => c.path === '/hook');
		expect(got?.contentType).toBe('application/x-www-form-urlencoded');
		companyBody = got!.body;
	});
	afterAll(async () => {
		cap.server.close();
		await sb.close();
	});

	it('turns a real event body into one item, from raw bytes, a flat bracket-key object or a nested object', async () => {
		const flat = parseQs(companyBody.toString('utf8'));
		expect(Object.keys(flat)).toContain('auth[application_token]');
		const nested = parseEventBody(companyBody);
		for (const req of [{ rawBody: companyBody }, { body: flat }, { body: nested }, { body: companyBody.toString('utf8') }] as WebhookRequest[]) {
			const { r, res } = await run(params(), req);
			expect(res.statusCode).toBe(200);
			expect(r.noWebhookResponse).toBeUndefined();
			const out = items(r);
			expect(out).toHaveLength(1);
			expect(out[0]).toEqual({
				event: 'ONCRMCOMPANYADD',
				event_handler_id: expect.stringMatching(/^\d+$/),
				ts: expect.stringMatching(/^\d+$/),
				data: { FIELDS: { ID: String(companyId) } },
				domain: new URL(sb.baseUrl).host,
				member_id: expect.any(String),
			});
			expect(JSON.stringify(out)).not.toContain(DEFAULT_OUTBOUND_TOKEN);
		}
	});

	it('rejects a wrong token with 403 and a missing one with 401, starting no execution', async () => {
		const cases: Array<[Buffer, number]> = [
			[edit(companyBody, { 'auth[application_token]': 'wrongtoken0000000000000000000001' }), 403],
			[edit(companyBody, { 'auth[application_token]': DEFAULT_OUTBOUND_TOKEN.slice(0, -1) }), 403],
			[edit(companyBody, { 'auth[application_token]': undefined }), 401],
			[edit(companyBody, { 'auth[application_token]': '' }), 401],
			[Buffer.from(''), 401],
		];
		for (const [body, status] of cases) {
			const { r, res } = await run(params(), { rawBody: body });
			expect([res.statusCode, r.noWebhookResponse, r.workflowData]).toEqual([status, true, undefined]);
			expect(JSON.stringify(res.body)).not.toContain(DEFAULT_OUTBOUND_TOKEN);
		}
		// no token configured: nothing can be verified, nothing runs
		const { r, res } = await run(params({ applicationToken: '' }), { rawBody: companyBody });
		expect([res.statusCode, r.workflowData]).toEqual([403, undefined]);
	});

	it('strips access tokens, ignores unselected events, filters smart items by entity type', async () => {
		const withTokens = edit(companyBody, { 'auth[access_token]': 'leakyaccesstoken000001', 'auth[refresh_token]': 'leakyrefreshtoken00001', 'auth[expires_in]': '3600' });
		const { r } = await run(params(), { rawBody: withTokens });
		expect(JSON.stringify(items(r))).not.toMatch(/leaky|application_token|access_token/);
		expect(items((await run(params({ events: ['ONCRMDEALADD'] }), { rawBody: companyBody })).r)).toHaveLength(0);

		cap.got.length = 0;
		const inv = await post(`${sb.webhookUrl}crm.item.add.json`, { entityTypeId: 31, fields: { title: 'Счёт для триггера' } });
		await admin(sb, 'events/idle');
		const invBody = cap.got.find((c) => c.path === '/hook')!.body;
		expect(parseEventBody(invBody)).toMatchObject({ event: 'ONCRMDYNAMICITEMADD', data: { FIELDS: { ID: String(inv.body.result.item.id), ENTITY_TYPE_ID: '31' } } });
		const dyn = (extra: IDataObject) => run(params({ events: ['ONCRMDYNAMICITEMADD'], ...extra }), { rawBody: invBody }).then((x) => items(x.r).length);
		expect(await dyn({ dynamicTypes: 'all' })).toBe(1);
		expect(await dyn({ dynamicTypes: 'invoice' })).toBe(1);
		expect(await dyn({ dynamicTypes: 'type', entityTypeId: 31 })).toBe(1);
		expect(await dyn({ dynamicTypes: 'type', entityTypeId: 1038 })).toBe(0);
		const other = edit(invBody, { 'data[FIELDS][ENTITY_TYPE_ID]': '1038' });
		expect(items((await run(params({ events: ['ONCRMDYNAMICITEMADD'], dynamicTypes: 'invoice' }), { rawBody: other })).r)).toHaveLength(0);

		// Re-Read of a smart invoice goes through crm.item.get
		const re = await run(params({ events: ['ONCRMDYNAMICITEMADD'], options: { reRead: true } }), { rawBody: invBody });
		expect(items(re.r)[0].record).toMatchObject({ id: inv.body.result.item.id, entityTypeId: 31, title: 'Счёт для триггера' });
	});

	it('Re-Read Record returns the full company with one request', async () => {
		await admin(sb, 'counters/reset', {});
		const { r } = await run(params({ options: { reRead: true } }), { rawBody: companyBody });
		const out = items(r);
		expect(out).toHaveLength(1);
		expect(out[0].record).toMatchObject({ ID: String(companyId), TITLE: 'ООО "Триггер"', PHONE: [expect.objectContaining({ VALUE: '+7 495 111-22-33' })] });
		expect((await admin(sb, 'counters')).requests).toBe(1);
		// a record that is gone: the event still goes on, with the error
		const gone = await run(params({ options: { reRead: true } }), { rawBody: edit(companyBody, { 'data[FIELDS][ID]': '99999999' }) });
		expect(items(gone.r)[0]).toMatchObject({ record: null, recordError: expect.stringContaining('crm.company.get') });
	});

	it('parses PHP bracket notation safely and compares tokens in constant time', () => {
		expect(bracketPath('data[FIELDS][ID]')).toEqual(['data', 'FIELDS', 'ID']);
		expect(bracketPath('plain')).toEqual(['plain']);
		expect(parseEventBody('a[]=x&a[]=y&b[c][0]=1&b[c][1]=2&__proto__[polluted]=1&d[constructor][x]=1')).toEqual({ a: { 0: 'x', 1: 'y' }, b: { c: { 0: '1', 1: '2' } } });
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
	});

	it('inbound-webhook mode: nothing to bind, and the node explains the outbound webhook set-up', async () => {
		await admin(sb, 'counters/reset', {});
		const { ctx } = fakeHookContext(params(), creds, `${cap.url}/n8n`);
		expect(await hooks.checkExists.call(ctx)).toBe(false);
		expect(await hooks.create.call(ctx)).toBe(true);
		expect(await hooks.delete.call(ctx)).toBe(true);
		expect((await admin(sb, 'counters')).requests).toBe(0);
		const notice = trigger.description.properties.find((p) => p.type === 'notice' && p.displayOptions?.show?.authentication?.includes('webhook'));
		expect(notice?.displayName).toMatch(/Outbound webhook.*URL.*events.*token/is);
	});

	it('OAuth2: create binds every event to the webhook URL, events verify with the app token, delete unbinds', async () => {
		const tokens = await admin(sb, 'oauth/issue', {});
		const oauth: CredMap = { bitrix24OAuth2Api: { portalUrl: sb.baseUrl, oauthTokenData: tokens, applicationToken: DEFAULT_APP.applicationToken, clientSecret: DEFAULT_APP.clientSecret } };
		const url = `${cap.url}/n8n/bitrix24`;
		const p = params({ authentication: 'oAuth2', events: ['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE'], applicationToken: '' });
		const { ctx, staticData, host } = fakeHookContext(p, oauth, url);
		expect(await hooks.checkExists.call(ctx)).toBe(false);
		expect(await hooks.create.call(ctx)).toBe(true);
		// the token travels only in the credential's Authorization header, never in what the node builds
		expect(host.sent.map((o) => o.url)).toEqual(['event.get.json', 'batch.json']);
		expect(JSON.stringify(host.sent)).not.toContain(tokens.access_token);
		const mine = async () => ((await admin(sb, 'events')).bindings as Array<{ event: string; handler: string; owner: string }>).filter((b) => b.handler === url);
		expect((await mine()).map((b) => b.event).sort()).toEqual(['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE']);
		expect(staticData.boundEvents).toEqual(['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE']);
		expect(await hooks.checkExists.call(ctx)).toBe(true);
		expect(await hooks.create.call(ctx)).toBe(true); // already bound: fine

		cap.got.length = 0;
		await post(`${sb.webhookUrl}crm.company.update.json`, { id: companyId, fields: { TITLE: 'ООО "Триггер 2"' } });
		await admin(sb, 'events/idle');
		const appBody = cap.got.find((c) => c.path === '/n8n/bitrix24')!.body;
		const { r } = await run(p, { rawBody: appBody }, oauth);
		expect(items(r)).toMatchObject([{ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: String(companyId) } } }]);
		const forged = await run(p, { rawBody: edit(appBody, { 'auth[application_token]': DEFAULT_OUTBOUND_TOKEN }) }, oauth);
		expect(forged.res.statusCode).toBe(403);
		const re = await run({ ...p, options: { reRead: true } }, { rawBody: appBody }, oauth);
		expect(items(re.r)[0].record).toMatchObject({ TITLE: 'ООО "Триггер 2"' });

		expect(await hooks.delete.call(ctx)).toBe(true);
		expect(await mine()).toEqual([]);
		expect(staticData.boundEvents).toBeUndefined();
		expect(await hooks.checkExists.call(ctx)).toBe(false);
	});

	it('an inbound webhook cannot event.bind (WRONG_AUTH_TYPE), which is why create() does not try', async () => {
		const res = await post(`${sb.webhookUrl}event.bind.json`, { event: 'ONCRMCOMPANYADD', handler: `${cap.url}/x` });
		expect(res.body.error).toBe('WRONG_AUTH_TYPE');
	});
});

describe('no secret in the output of failing Bitrix24 node runs', () => {
	let sb: Bitrix24Sandbox;
	const saved = { ...DEFAULT_RETRY };
	beforeAll(async () => {
		sb = await sandbox({ companies: 5 });
		Object.assign(DEFAULT_RETRY, { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 });
	});
	afterAll(async () => {
		Object.assign(DEFAULT_RETRY, saved);
		await sb.close();
	});

	/** Every output item, the error's message/description and the whole run as JSON. */
	const everything = (r: RunResult): string => {
		const e = r.error as (Error & { description?: string }) | undefined;
		return [JSON.stringify(r.items), e?.message, e?.description, JSON.stringify(e ?? {}), JSON.stringify(r.run)].join('\n');
	};
	const list = { resource: 'company', operation: 'getAll', returnAll: false, limit: 5 };
	const get = { resource: 'company', operation: 'get', id: '={{ $json.id }}' };

	it('wrong webhook code: the error says 401, and the code appears nowhere', async () => {
		const secret = 'wrongcode0000secret42';
		const creds: Credentials = { bitrix24WebhookApi: { webhookUrl: `${sb.baseUrl}/rest/1/${secret}/` } };
		for (const onError of [undefined, 'continueRegularOutput'] as const) {
			const r = await runNode({ parameters: list, onError }, [{}], creds);
			const text = everything(r);
			expect(text).toMatch(/INVALID_CREDENTIALS|401/);
			expect(text).not.toContain(secret);
		}
	});

	it('a 5xx storm (every request faulted): retried, then failed without the code in any output', async () => {
		const creds: Credentials = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl } };
		for (const fault of [{ http500: 1 }, { html: 1 }, { reset: 1 }]) {
			await admin(sb, 'faults', { http500: 0, html: 0, reset: 0, ...fault });
			await admin(sb, 'counters/reset', {});
			for (const onError of [undefined, 'continueRegularOutput'] as const) {
				const r = await runNode({ parameters: get, onError }, [{ id: 1 }, { id: 2 }], creds);
				const text = everything(r);
				if (onError) {
					// the failed request's error goes to every item of it, the run itself succeeds
					expect(r.error).toBeUndefined();
					expect(r.items.map((x) => String(x.json.error))).toEqual([expect.stringMatching(/^Bitrix24 batch: /), expect.stringMatching(/^Bitrix24 batch: /)]);
					expect(r.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
				} else {
					expect(r.error?.message).toMatch(/^Bitrix24 batch: /);
				}
				expect(text).not.toContain(DEFAULT_WEBHOOK_CODE);
			}
			expect((await admin(sb, 'counters')).requests).toBe(2 * 4);
		}
		await admin(sb, 'faults', { http500: 0, html: 0, reset: 0 });
	});
});

/**
 * The one Bitrix24 client against the sandbox over real HTTP (n8n-core's request helper behind a
 * minimal fake host): batch mapping, splitting, pacing, retries, the operating-time limit, list
 * reading by `>ID` cursors and by offsets, and redaction of secrets in every error.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { Bitrix24Client, type RetryOptions } from '../../nodes/Bitrix24/transport/client';
import { B24Error, toNodeApiError } from '../../nodes/Bitrix24/transport/errors';
import { DEFAULT_WEBHOOK_CODE } from '../../sandbox/bitrix24/portal';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { fakeHost, TEST_NODE, type CredMap } from '../helpers/b24-host';

const FAST: Partial<RetryOptions> = { maxRetries: 12, baseDelayMs: 5, maxDelayMs: 40 };
const CODE = DEFAULT_WEBHOOK_CODE;

type Row = { ID: number; TITLE: string };
const companyIds = async (sb: Bitrix24Sandbox): Promise<number[]> => ((await admin(sb, 'table/company')) as Row[]).map((r) => Number(r.ID)).sort((a, b) => a - b);
const webhookCreds = (sb: Bitrix24Sandbox, extra: Record<string, unknown> = {}): CredMap => ({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2, ...extra } });

/** Everything an error carries, as text. */
const errorText = (e: unknown): string => {
	const b = e as B24Error;
	const api = e instanceof B24Error ? toNodeApiError(TEST_NODE, e) : undefined;
	return [b.message, b.description, JSON.stringify(e), api?.message, api?.description, JSON.stringify(api ?? {})].join('\n');
};

describe('Bitrix24 client (transport) against the sandbox', () => {
	let sb: Bitrix24Sandbox;
	let ids: number[];
	beforeAll(async () => {
		sb = await sandbox({ companies: 40 });
		ids = await companyIds(sb);
	});
	afterAll(async () => sb.close());
	beforeEach(async () => {
		await admin(sb, 'faults', { http500: 0, reset: 0, html: 0, queryLimit: 0, operationLimit: 0, slow: 0 });
		await admin(sb, 'rate', { enabled: false });
		await admin(sb, 'operating', { enabled: false, costSeconds: {} });
		await admin(sb, 'counters/reset', {});
	});

	it('maps a batch with mixed success and errors to the right slots', async () => {
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
		const res = await client.batch({
			a: { method: 'crm.company.get', params: { id: ids[0] } },
			b: { method: 'crm.company.get', params: { id: 99999999 } },
			c: { method: 'crm.company.list', params: { select: ['ID'], filter: { '<=ID': ids[2] } } },
			d: { method: 'crm.no.such.method' },
		});
		expect(res.a.ok && (res.a.result as Row).ID).toBe(String(ids[0]));
		expect(!res.b.ok && res.b.error.method).toBe('crm.company.get');
		expect(!res.b.ok && res.b.error.description).toMatch(/not found/i);
		expect(res.c.ok && res.c.total).toBe(3);
		expect(res.c.ok && (res.c.result as Row[]).map((r) => Number(r.ID))).toEqual(ids.slice(0, 3));
		expect(!res.d.ok && res.d.error.code).toMatch(/METHOD_NOT_FOUND/);

		// numeric keys: PHP answers with JSON arrays for 0..n-1, objects otherwise
		const num = await client.batch({
			0: { method: 'crm.company.get', params: { id: 99999998 } },
			1: { method: 'crm.company.get', params: { id: ids[1] } },
			2: { method: 'crm.company.get', params: { id: 99999997 } },
			3: { method: 'crm.company.get', params: { id: ids[3] } },
		});
		expect(Object.entries(num).map(([k, r]) => [k, r.ok, r.ok ? Number((r.result as Row).ID) : r.error.code])).toEqual([
			['0', false, expect.any(String)],
			['1', true, ids[1]],
			['2', false, expect.any(String)],
			['3', true, ids[3]],
		]);
		const all = await client.runAll([ids[0], 99999999, ids[4]].map((id) => ({ method: 'crm.company.get', params: { id } })));
		expect(all.map((r) => r.ok)).toEqual([true, false, true]);
		expect((await admin(sb, 'counters')).requests).toBe(3);
	});

	it('splits more than 50 commands into batches of 50, results in order', async () => {
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
		const want = Array.from({ length: 120 }, (_, i) => ids[i % ids.length]);
		const res = await client.runAll(want.map((id) => ({ method: 'crm.company.get', params: { id } })));
		expect(res.map((r) => (r.ok ? Number((r.result as Row).ID) : -1))).toEqual(want);
		const c = await admin(sb, 'counters');
		expect([c.requests, c.batches, c.batchCommands]).toEqual([3, 3, 120]);
		await expect(client.batch(Object.fromEntries(want.slice(0, 51).map((id, i) => [`k${i}`, { method: 'crm.company.get', params: { id } }])))).rejects.toThrow(/at most 50/);
	});

	it('paces to the leaky bucket: 30 calls at burst 5 / drain 20 get no 503', async () => {
		await admin(sb, 'rate', { enabled: true, burst: 5, drain: 20 });
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb, { burst: 5, drainRate: 20 })), 'webhook', FAST);
		const t0 = Date.now();
		for (let i = 0; i < 30; i++) await client.call('server.time');
		const c = await admin(sb, 'counters');
		expect(c.status503).toBe(0);
		expect(c.requests).toBe(30);
		expect(client.stats.retries).toBe(0);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(((30 - 5) / 20) * 1000 - 100);
	});

	it('a 503 from a busier bucket fills the local one and the call still succeeds', async () => {
		await admin(sb, 'rate', { enabled: true, burst: 3, drain: 20 });
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb, { burst: 50, drainRate: 20 })), 'webhook', FAST);
		for (let i = 0; i < 10; i++) await client.call('server.time');
		const c = await admin(sb, 'counters');
		expect(c.status503).toBeGreaterThan(0);
		expect(c.byStatus['200']).toBe(10);
	});

	it('retries 500, HTML, connection resets and QUERY_LIMIT_EXCEEDED: 100 calls and 100 batched commands all succeed', async () => {
		const before = (await companyIds(sb)).length;
		await admin(sb, 'faults', { http500: 0.075, html: 0.075, reset: 0.075, queryLimit: 0.075, seed: 11 });
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb, { burst: 50, drainRate: 500 })), 'webhook', FAST);
		for (let i = 0; i < 100; i++) await client.call('crm.company.add', { fields: { TITLE: `Fault test ${i}` } });
		const res = await client.runAll(Array.from({ length: 100 }, (_, i) => ({ method: 'crm.company.get', params: { id: ids[i % ids.length] } })));
		expect(res.every((r) => r.ok)).toBe(true);
		const c = await admin(sb, 'counters');
		for (const kind of ['http500', 'html', 'reset', 'queryLimit']) expect(c.faults[kind]).toBeGreaterThan(0);
		const faults = Object.values(c.faults as Record<string, number>).reduce((a, b) => a + b, 0);
		expect(faults).toBeGreaterThanOrEqual(20);
		expect(client.stats.retries).toBe(faults);
		expect(c.requests).toBe(102 + faults);
		// faults hit before the portal works: each company was created exactly once
		await admin(sb, 'faults', { http500: 0, html: 0, reset: 0, queryLimit: 0 });
		const rows = (await admin(sb, 'table/company')) as Row[];
		expect(rows.length).toBe(before + 100);
		expect(new Set(rows.filter((r) => r.TITLE.startsWith('Fault test')).map((r) => r.TITLE)).size).toBe(100);
	});

	it('does not retry a 4xx: exactly one request', async () => {
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
		await expect(client.call('crm.company.get', { id: 99999999 })).rejects.toMatchObject({ status: 400 });
		expect((await admin(sb, 'counters')).requests).toBe(1);
		await admin(sb, 'counters/reset', {});
		const wrong = await Bitrix24Client.create(fakeHost({ bitrix24WebhookApi: { webhookUrl: `${sb.baseUrl}/rest/1/wrongcode0000secret/` } }), 'webhook', FAST);
		const err = await wrong.call('crm.company.list').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(B24Error);
		expect((err as B24Error).status).toBe(401);
		expect(errorText(err)).not.toContain('wrongcode0000secret');
		expect((await admin(sb, 'counters')).requests).toBe(1);
	});

	it('waits for operating_reset_at on OPERATION_TIME_LIMIT (shared fake clock jumped to just before the reset)', async () => {
		const realNow = Date.now.bind(Date);
		let shift = 0;
		const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift);
		sb.portal.clock = () => realNow() + shift;
		try {
			await admin(sb, 'operating', { enabled: true, limitSeconds: 0.5, costSeconds: { 'server.time': 1 } });
			const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
			const first = await client.call('server.time');
			const resetAt = Number(first.time?.operating_reset_at) * 1000;
			expect(resetAt).toBeGreaterThan(Date.now() + 8 * 60_000);
			shift += resetAt - Date.now() - 1500;
			const t0 = realNow();
			await client.call('server.time');
			const waited = realNow() - t0;
			expect((await admin(sb, 'counters')).status429).toBe(1);
			expect(waited).toBeGreaterThanOrEqual(2000);
			expect(waited).toBeLessThan(4000);
			expect(client.stats.retries).toBe(1);
		} finally {
			spy.mockRestore();
			sb.portal.clock = Date.now;
		}
	});

	it('redacts the webhook code and OAuth tokens in every error', async () => {
		const echoUrl = (o: IHttpRequestOptions) => `${o.baseURL}${o.url}`;
		const cases: Array<(o: IHttpRequestOptions) => unknown> = [
			(o) => {
				throw Object.assign(new Error(`connect ECONNREFUSED ${echoUrl(o)}`), { code: 'ECONNREFUSED' });
			},
			(o) => ({ statusCode: 400, body: { error: 'INVALID_REQUEST', error_description: `bad request to ${echoUrl(o)} (${CODE})` } }),
			(o) => ({ statusCode: 502, body: `<html><head><title>502 at ${echoUrl(o)}</title></head></html>` }),
			(o) => ({ statusCode: 200, body: { result: { result: [], result_error: { c0: { error: 'X', error_description: `see ${echoUrl(o)}` } } } } }),
		];
		for (const reply of cases) {
			const host = fakeHost(webhookCreds(sb), async (o) => reply(o));
			const client = await Bitrix24Client.create(host, 'webhook', { ...FAST, maxRetries: 1 });
			const got = await client.runAll([{ method: 'crm.company.get', params: { id: 1 } }, { method: 'crm.company.get', params: { id: 2 } }]).then(
				(r) => (r[0].ok ? new Error('no error') : r[0].error),
				(e: unknown) => e,
			);
			expect(got).toBeInstanceOf(B24Error);
			const text = errorText(got);
			expect(text).not.toContain(CODE);
			expect(text).toContain('***');
		}
		const token = { access_token: 'accesstoken0123456789abcdef', refresh_token: 'refreshtoken0123456789abcdef' };
		const oauth: CredMap = { bitrix24OAuth2Api: { portalUrl: sb.baseUrl, clientSecret: 'clientsecret0123456789', oauthTokenData: token } };
		const host = fakeHost(oauth, async (o) => ({ statusCode: 401, body: { error: 'invalid_token', error_description: `token ${String((o.headers as Record<string, string>).Authorization)} / ${token.refresh_token} / clientsecret0123456789` } }));
		const err = await (await Bitrix24Client.create(host, 'oAuth2', FAST)).call('crm.company.list').catch((e: unknown) => e);
		const text = errorText(err);
		for (const s of [token.access_token, token.refresh_token, 'clientsecret0123456789']) expect(text).not.toContain(s);
	});
});

describe('Bitrix24 client list() over 3,000 companies', () => {
	let sb: Bitrix24Sandbox;
	let ids: number[];
	const requests = async () => (await admin(sb, 'counters')).requests as number;
	beforeAll(async () => {
		sb = await sandbox({ companies: 3250 });
		ids = await companyIds(sb);
	});
	afterAll(async () => sb.close());
	beforeEach(async () => admin(sb, 'counters/reset', {}));

	it('returnAll by >ID cursors: 1 + ⌈(N−50)/2500⌉ requests, no duplicates, no gaps', async () => {
		expect(ids.length).toBeGreaterThanOrEqual(3000);
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
		const rows = await client.list('crm.company.list', { select: ['ID', 'TITLE'] }, { returnAll: true });
		expect(rows.map((r) => Number(r.ID))).toEqual(ids);
		expect(await requests()).toBe(1 + Math.ceil((ids.length - 50) / 2500));

		// an exact multiple of 2,500 after the first page, and a short tail: no extra request, small batch
		for (const n of [2550, 120]) {
			await admin(sb, 'counters/reset', {});
			const part = await client.list('crm.company.list', { filter: { '<=ID': ids[n - 1] }, select: ['ID'] }, { returnAll: true });
			expect(part.map((r) => Number(r.ID))).toEqual(ids.slice(0, n));
			const c = await admin(sb, 'counters');
			expect(c.requests).toBe(1 + Math.ceil((n - 50) / 2500));
			expect(c.batchCommands).toBe(Math.ceil((n - 50) / 50));
		}
	});

	it('returnAll with a custom order reads pages by start offsets', async () => {
		const host = fakeHost(webhookCreds(sb));
		const client = await Bitrix24Client.create(host, 'webhook', FAST);
		const rows = await client.list('crm.company.list', { order: { TITLE: 'DESC' }, select: ['ID', 'TITLE'] }, { returnAll: true });
		expect(rows).toHaveLength(ids.length);
		expect(new Set(rows.map((r) => Number(r.ID))).size).toBe(ids.length);
		expect(await requests()).toBe(1 + Math.ceil((ids.length - 50) / 2500));
		const cmds = host.sent.filter((o) => o.url === 'batch.json').flatMap((o) => Object.values((o.body as { cmd: Record<string, string> }).cmd));
		expect(cmds.length).toBe(Math.ceil((ids.length - 50) / 50));
		expect(cmds.every((q) => /(^|&)start=\d+/.test(q.split('?')[1]) && !q.includes('%3EID'))).toBe(true);
		expect(cmds.map((q) => Number(/start=(\d+)/.exec(q)![1]))).toEqual(cmds.map((_q, i) => 50 + i * 50));
	});

	it('not returnAll: follows next up to the limit', async () => {
		const client = await Bitrix24Client.create(fakeHost(webhookCreds(sb)), 'webhook', FAST);
		const rows = await client.list('crm.company.list', { select: ['ID'] }, { returnAll: false, limit: 120 });
		expect(rows.map((r) => Number(r.ID))).toEqual(ids.slice(0, 120));
		expect(await requests()).toBe(3);
	});
});

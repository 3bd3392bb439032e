/**
 * The 1C OData client against the sandbox over real HTTP (n8n-core's httpRequest + our
 * credential's `authenticate`): paging, GUID lists within 1,500 bytes, HTML faults, login pages,
 * 401 without secrets, no retry of 404, session cap, bounded concurrency, writes and posting.
 */
import { startOneCSandbox, type OneCSandbox, type Publication } from '../../sandbox/onec/server';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { OneCError, toNodeApiError } from '../../nodes/OneC/transport/errors';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { TEST_NODE } from '../helpers/b24-host';

const SET = 'Catalog_Контрагенты';
const FAST = { baseDelayMs: 20, maxDelayMs: 100, maxRetries: 8 };
let sb: OneCSandbox;
let pub: Publication;

async function admin(path: string, body: unknown): Promise<void> {
	const r = await fetch(`${sb.baseUrl}/_admin/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	if (r.status !== 200) throw new Error(`admin ${path}: ${r.status}`);
}

async function client(extra = {}) {
	const host = fakeOneCHost(oneCCredential(pub, extra));
	return { host, c: await OneCClient.create(host, 'oneCODataApi', FAST) };
}

beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 1200 });
	pub = sb.publications.find((p) => p.id === 'bp30')!;
});
afterAll(async () => sb?.close());
afterEach(async () => {
	await admin('faults', { html500: 0, html502: 0, html503: 0, loginPage: 0, reset: 0, timeout: 0 });
	await admin('sessions', { max: 0 });
	await admin('latency', { enabled: false });
});

describe('reads', () => {
	it('pages all counterparties by 500 with a stable $orderby, one after another at Max Concurrency 1', async () => {
		const { host, c } = await client({ maxConcurrency: 1 });
		const rows = await c.list(SET, { returnAll: true, select: 'Ref_Key,Description' });
		expect(rows.length).toBeGreaterThan(1000);
		expect(rows.length).toBeLessThan(1500);
		expect(host.urls).toHaveLength(3);
		expect(new Set(rows.map((r) => r.Ref_Key)).size).toBe(rows.length);
		for (const u of host.urls) {
			expect(u).toContain('$orderby=Ref_Key');
			expect(u).toContain('$format=json');
			expect(u).not.toContain('+');
		}
		expect(host.urls[1]).toContain('$skip=500');
	});

	it('with Max Concurrency 4 asks $count and reads the pages in parallel: the same rows', async () => {
		const { c: one } = await client({ maxConcurrency: 1 });
		const expected = await one.list(SET, { returnAll: true, select: 'Ref_Key', pageSize: 100 });
		const { host, c } = await client({ maxConcurrency: 4 });
		await admin('latency', { enabled: true, scale: 0.05 });
		const rows = await c.list(SET, { returnAll: true, select: 'Ref_Key', pageSize: 100 });
		expect(rows.map((r) => r.Ref_Key)).toEqual(expected.map((r) => r.Ref_Key));
		expect(host.urls[0]).toMatch(/\/\$count\?/);
		expect(host.urls).toHaveLength(1 + Math.ceil(expected.length / 100));
	});

	it('listByKeys with 120 GUIDs keeps every query ≤ 1,500 bytes and returns all rows', async () => {
		const { c } = await client();
		const all = await c.list(SET, { limit: 120, select: 'Ref_Key' });
		const { host, c: c2 } = await client();
		const rows = await c2.listByKeys(SET, 'Ref_Key', all.map((r) => String(r.Ref_Key)), { select: 'Ref_Key,Description' });
		expect(new Set(rows.map((r) => r.Ref_Key))).toEqual(new Set(all.map((r) => r.Ref_Key)));
		expect(host.urls.length).toBeGreaterThan(1);
		for (const u of host.urls) expect(Buffer.byteLength(u.split('?')[1], 'utf8')).toBeLessThanOrEqual(1500);
	});

	it('retries HTML 502 pages and succeeds', async () => {
		await admin('faults', { html502: 0.5, seed: 3 });
		const { c } = await client();
		for (let i = 0; i < 6; i++) expect((await c.list(SET, { limit: 2 })).length).toBe(2);
		expect(c.stats.retries).toBeGreaterThan(0);
	});

	it('a login page with HTTP 200 is a clear error', async () => {
		await admin('faults', { loginPage: 1 });
		const { c } = await client();
		const e = (await c.list(SET, { limit: 1 }).catch((x: unknown) => x)) as OneCError;
		expect(e).toBeInstanceOf(OneCError);
		expect(e.code).toBe('HTML_RESPONSE');
		expect(e.message).toMatch(/HTML page.*login page/);
		expect(c.stats.requests).toBe(1);
	});

	it('401 → error naming the entity set, never the password', async () => {
		const { c } = await client({ password: 'wrong-secret-pw' });
		const e = (await c.list(SET, { limit: 1 }).catch((x: unknown) => x)) as OneCError;
		expect(e.status).toBe(401);
		expect(e.message).toMatch(/user name or password was rejected/);
		expect(c.stats.requests).toBe(1);
		const n = toNodeApiError(TEST_NODE, e);
		const text = JSON.stringify({ m: n.message, d: n.description, e: e.message, ctx: n.context });
		expect(text).toContain(SET);
		expect(text).not.toContain('wrong-secret-pw');
	});

	it('404 code 9 is not retried', async () => {
		const { c } = await client();
		const e = (await c.getByKey(SET, '00000000-0000-0000-0000-00000000abcd').catch((x: unknown) => x)) as OneCError;
		expect([e.status, e.code]).toEqual([404, '9']);
		expect(e.message).toContain("guid'00000000-0000-0000-0000-00000000abcd'");
		expect(c.stats.requests).toBe(1);
	});

	it('$filter parse error (code 14) is explained and not retried', async () => {
		const { c } = await client();
		const e = (await c.list(SET, { filter: "Ref_Key in ('a')" }).catch((x: unknown) => x)) as OneCError;
		expect([e.status, e.code]).toEqual([400, '14']);
		expect(e.message).toMatch(/could not parse the \$filter/);
		expect(c.stats.requests).toBe(1);
	});

	it('stale If-Match → 412 version conflict', async () => {
		await admin('ifmatch', { enforce: true });
		try {
			const { c } = await client();
			const made = await c.create(SET, { Description: 'Версия' });
			const e = (await c.update(SET, String(made.Ref_Key), { Description: 'x' }, 'AAAAAAAAAAB=').catch((x: unknown) => x)) as OneCError;
			expect(e.status).toBe(412);
			expect(e.message).toMatch(/version conflict/);
		} finally {
			await admin('ifmatch', { enforce: false });
		}
	});

	it('the session cap (licence error) is retried with backoff', async () => {
		await admin('latency', { enabled: true, scale: 0.5 });
		await admin('sessions', { max: 1 });
		const { c } = await client();
		const out = await Promise.all([1, 2, 3].map(() => c.list(SET, { limit: 1 })));
		expect(out.every((r) => r.length === 1)).toBe(true);
		expect(c.stats.retries).toBeGreaterThan(0);
	});
});

describe('writes', () => {
	it('20 creates run 4 at a time', async () => {
		await admin('latency', { enabled: true, scale: 0.1 });
		const { c } = await client();
		const t0 = Date.now();
		const made = await c.runAll(Array.from({ length: 20 }, (_, i) => () => c.create(SET, { Description: `Параллельный ${i}` })));
		const ms = Date.now() - t0;
		expect(made).toHaveLength(20);
		// one create takes 200–500 ms at this scale: ≥ 5 rounds of 200 ms, well under 20 × 200 ms
		expect(ms).toBeGreaterThanOrEqual(950);
		expect(ms).toBeLessThan(3000);
	});

	it('POST, PATCH, DELETE, Post and Unpost round trip', async () => {
		const { c } = await client();
		const made = await c.create(SET, { Description: "ООО 'Кавычки' и пробелы" });
		const ref = String(made.Ref_Key);
		expect(made.Description).toBe("ООО 'Кавычки' и пробелы");
		const patched = await c.update(SET, ref, { Description: 'ООО Новое' });
		expect(patched.Description).toBe('ООО Новое');
		await c.remove(SET, ref);
		const gone = (await c.getByKey(SET, ref).catch((x: unknown) => x)) as OneCError;
		expect(gone.status).toBe(404);

		const DOC = 'Document_СчетНаОплатуПокупателю';
		const [doc] = await c.list(DOC, { limit: 1, filter: 'Posted eq true' });
		const dref = String(doc.Ref_Key);
		await c.unpost(DOC, dref);
		expect((await c.getByKey(DOC, dref)).Posted).toBe(false);
		await c.post(DOC, dref);
		expect((await c.getByKey(DOC, dref)).Posted).toBe(true);
	});
});

describe('credential', () => {
	it('normalises the publication URL, rejects non-http(s), Basic auth as UTF-8', async () => {
		const { OneCODataApi } = await import('../../credentials/OneCODataApi.credentials');
		const { normalizePublicationUrl } = await import('../../nodes/OneC/transport/publication');
		expect(normalizePublicationUrl(' https://srv/base/odata/standard.odata ')).toBe('https://srv/base/odata/standard.odata/');
		expect(() => normalizePublicationUrl('ftp://srv/base/odata/standard.odata/')).toThrow(/http or https/);
		expect(() => normalizePublicationUrl('https://u:p@srv/base/')).toThrow(/user name/);
		const auth = new OneCODataApi().authenticate as (c: object, o: object) => Promise<{ baseURL: string; headers: Record<string, string> }>;
		const o = await auth({ url: 'http://127.0.0.1/bp30/odata/standard.odata', user: 'Администратор', password: 'админ' }, { url: '' });
		expect(o.baseURL).toBe('http://127.0.0.1/bp30/odata/standard.odata/');
		expect(o.headers.Authorization).toBe(`Basic ${Buffer.from('Администратор:админ', 'utf8').toString('base64')}`);
	});

	it('a Cyrillic user name works against the sandbox', async () => {
		const host = fakeOneCHost(oneCCredential(pub, { user: 'Администратор', password: 'админ' }));
		const c = await OneCClient.create(host, 'oneCODataApi', FAST);
		expect(await c.list(SET, { limit: 1 })).toHaveLength(1);
	});
});

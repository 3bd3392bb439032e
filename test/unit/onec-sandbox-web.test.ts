/**
 * The 1C OData sandbox over HTTP — the web server in front of the publication and the admin API
 * (research 1c-odata.md §1.7, §3.6, §7): IIS query-string limit, Basic auth with UTF-8 user names,
 * injected HTML pages and resets, the session cap, request counters.
 */
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { basicAuth, OneCClient, rawRequest } from '../helpers/onec-http';

type Obj = Record<string, unknown>;

let sb: OneCSandbox;
let bp: OneCClient;

const admin = async (path: string, body?: unknown): Promise<Obj> => {
	const r = await fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
	return (await r.json()) as Obj;
};

/** cp1251 bytes of a Cyrillic string (Node has no cp1251 codec). */
function cp1251(s: string): Buffer {
	return Buffer.from([...s].map((ch) => {
		const c = ch.codePointAt(0)!;
		return c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : c;
	}));
}

beforeAll(async () => {
	sb = await startOneCSandbox({ empty: true });
	bp = OneCClient.of(sb, 'bp30');
	await bp.create('Catalog_Контрагенты', { Description: 'Альфа' });
});
afterAll(async () => sb?.close());

describe('IIS in front of the publication', () => {
	it('a query string over 2,048 bytes gets the IIS HTML 404, a shorter one reaches 1C', async () => {
		const filter = (n: number) => `$format=json&$filter=Description%20eq%20'${'a'.repeat(n)}'`;
		const long = await bp.get('Catalog_Контрагенты', filter(2100 - filter(0).length));
		expect(Buffer.byteLength(filter(2100 - filter(0).length))).toBe(2100);
		expect(long.status).toBe(404);
		expect(long.headers['content-type']).toMatch(/^text\/html/);
		expect(long.text).toContain('404 - File or directory not found.');
		const short = await bp.get('Catalog_Контрагенты', filter(2000 - filter(0).length));
		expect(short.status).toBe(200);
	});

	it('behind Apache (/_admin/webserver) the limit is the 8,190-byte request line → 414', async () => {
		await admin('webserver', { kind: 'apache' });
		try {
			const q = (n: number) => `$format=json&$filter=Description%20eq%20'${'a'.repeat(n)}'`;
			expect((await bp.get('Catalog_Контрагенты', q(4000))).status).toBe(200);
			const r = await bp.get('Catalog_Контрагенты', q(9000));
			expect({ status: r.status, html: r.headers['content-type'].startsWith('text/html') }).toEqual({ status: 414, html: true });
		} finally {
			expect(await admin('webserver', { kind: 'iis' })).toEqual({ kind: 'iis' });
		}
	});
});

describe('Basic authentication', () => {
	it('a wrong password or no credentials → 401 with a Basic challenge', async () => {
		const wrong = await bp.get('Catalog_Контрагенты', undefined, { auth: { user: 'odata', password: 'nope' } });
		expect({ status: wrong.status, challenge: wrong.headers['www-authenticate'] }).toEqual({ status: 401, challenge: 'Basic realm=""' });
		expect((await bp.get('Catalog_Контрагенты', undefined, { auth: null })).status).toBe(401);
	});

	it('a Cyrillic user name works UTF-8-encoded (Администратор on bp30), not in cp1251', async () => {
		const ok = await bp.get('Catalog_Контрагенты', [['$format', 'json']], { auth: { user: 'Администратор', password: 'админ' } });
		expect(ok.status).toBe(200);
		expect(basicAuth('Администратор', 'админ')).toBe(`Basic ${Buffer.from('Администратор:админ', 'utf8').toString('base64')}`);
		const legacy = `Basic ${cp1251('Администратор:админ').toString('base64')}`;
		expect((await rawRequest(bp.url('Catalog_Контрагенты'), 'GET', { Authorization: legacy })).status).toBe(401);
	});
});

describe('fault injection (/_admin/faults)', () => {
	afterEach(async () => {
		await admin('faults', { html500: 0, html502: 0, html503: 0, loginPage: 0, reset: 0, timeout: 0 });
	});

	it.each([
		['html500', 500],
		['html502', 502],
		['html503', 503],
		['loginPage', 200],
	])('%s → HTTP %d with an HTML page instead of OData', async (fault, status) => {
		await admin('faults', { [fault]: 1 });
		const r = await bp.get('Catalog_Контрагенты', [['$format', 'json']]);
		expect({ status: r.status, html: r.headers['content-type'].startsWith('text/html') }).toEqual({ status, html: true });
		expect(() => JSON.parse(r.text)).toThrow();
		expect(((await admin('counters')).faults as Obj)[fault]).toBeGreaterThanOrEqual(1);
	});

	it('reset → the connection is dropped and fetch rejects', async () => {
		await admin('faults', { reset: 1 });
		const auth = basicAuth(bp.pub.user, bp.pub.password);
		await expect(fetch(bp.url('Catalog_Контрагенты'), { headers: { Authorization: auth } })).rejects.toThrow();
		await admin('faults', { reset: 0 });
		expect((await fetch(bp.url('Catalog_Контрагенты'), { headers: { Authorization: auth } })).status).toBe(200);
	});
});

describe('session cap (/_admin/sessions)', () => {
	it('with max 1 and a slow base, a concurrent request gets the licence error (500, code -1)', async () => {
		await admin('sessions', { max: 1 });
		await admin('latency', { enabled: true, scale: 0.5 });
		try {
			const [a, b] = await Promise.all([bp.get('Catalog_Контрагенты', [['$format', 'json']]), new Promise((r) => setTimeout(r, 20)).then(() => bp.get('Catalog_Контрагенты', [['$format', 'json']]))]);
			expect(a.status).toBe(200);
			expect(b.status).toBe(500);
			const e = (JSON.parse(b.text) as { 'odata.error': { code: string; message: { value: string } } })['odata.error'];
			expect(e.code).toBe('-1');
			expect(e.message.value).toMatch(/лицензи/);
		} finally {
			await admin('latency', { enabled: false });
			await admin('sessions', { max: 0 });
		}
		expect((await bp.get('Catalog_Контрагенты')).status).toBe(200);
	});
});

describe('counters (/_admin/counters)', () => {
	it('count requests, bytes and both per entity set; reset clears them', async () => {
		await admin('counters/reset', {});
		const replies = [await bp.get('Catalog_Контрагенты'), await bp.get("Catalog_Контрагенты(guid'00000000-0000-0000-0000-000000000001')"), await bp.get('Catalog_Номенклатура', [['$format', 'json']])];
		const c = await admin('counters');
		const bytes = replies.map((r) => r.raw.length);
		expect(c.requests).toBe(3);
		expect(c.bytes).toBe(bytes[0] + bytes[1] + bytes[2]);
		expect(c.byEntitySet).toEqual({ 'bp30:Catalog_Контрагенты': 2, 'bp30:Catalog_Номенклатура': 1 });
		expect(c.bytesByEntitySet).toEqual({ 'bp30:Catalog_Контрагенты': bytes[0] + bytes[1], 'bp30:Catalog_Номенклатура': bytes[2] });
		expect(c.byStatus).toEqual({ 200: 2, 404: 1 });
		await admin('counters/reset', {});
		expect((await admin('counters')).requests).toBe(0);
	});
});

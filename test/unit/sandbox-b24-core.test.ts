import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { foldPairs, parseQueryString } from '../../sandbox/bitrix24/core/params';
import { phpArray } from '../../sandbox/bitrix24/core/php';
import { LeakyBucket, OperatingLimiter } from '../../sandbox/bitrix24/core/limits';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { admin, post, postForm, sandbox } from '../helpers/b24';

describe('PHP request and response conventions', () => {
	it('folds bracket notation into nested values and lists', () => {
		expect(parseQueryString('fields[TITLE]=A%26B&fields[PHONE][0][VALUE]=1&select[]=ID&select[]=TITLE&filter[>ID]=5')).toEqual({
			fields: { TITLE: 'A&B', PHONE: [{ VALUE: '1' }] },
			select: ['ID', 'TITLE'],
			filter: { '>ID': '5' },
		});
		expect(foldPairs([['cmd[a]', 'x'], ['cmd[b]', 'y']])).toEqual({ cmd: { a: 'x', b: 'y' } });
	});

	it('serialises empty maps as [] and sequential keys as lists', () => {
		expect(phpArray([])).toEqual([]);
		expect(phpArray([['0', 'a'], ['1', 'b']])).toEqual(['a', 'b']);
		expect(phpArray([['1', 'a']])).toEqual({ 1: 'a' });
		expect(phpArray([['x', 1]])).toEqual({ x: 1 });
	});
});

describe('limits with a fake clock', () => {
	it('leaky bucket: the 51st request in one instant is refused, and the bucket drains at 2/s', () => {
		let now = 0;
		const b = new LeakyBucket({ enabled: true, burst: 50, drain: 2 }, () => now);
		const accepted = Array.from({ length: 60 }, () => b.take('k')).filter(Boolean).length;
		expect(accepted).toBe(50);
		now += 1000;
		expect(b.take('k')).toBe(true);
		expect(b.take('k')).toBe(true);
		expect(b.take('k')).toBe(false);
		expect(b.take('other')).toBe(true);
	});

	it('operating time: a method over its limit is blocked until the oldest minute bucket expires', () => {
		let now = 0;
		const op = new OperatingLimiter({ enabled: true, limitSeconds: 10, costSeconds: { 'crm.deal.list': 4 } }, () => now);
		for (let i = 0; i < 3; i++) op.record('k', 'crm.deal.list', 0);
		expect(op.blocked('k', 'crm.deal.list')).toBe(true);
		expect(op.blocked('k', 'crm.deal.get')).toBe(false);
		expect(op.state('k', 'crm.deal.list').resetAt).toBe(600);
		now = 601_000;
		expect(op.blocked('k', 'crm.deal.list')).toBe(false);
	});
});

describe('Bitrix24 sandbox over HTTP', () => {
	let sb: Bitrix24Sandbox;
	beforeAll(async () => {
		sb = await sandbox();
	});
	afterAll(async () => sb.close());
	beforeEach(async () => {
		await admin(sb, 'rate', { enabled: false });
		await admin(sb, 'faults', { http500: 0, reset: 0, slow: 0, queryLimit: 0, operationLimit: 0, html: 0 });
		await admin(sb, 'operating', { enabled: true, limitSeconds: 480, costSeconds: {} });
	});

	it('accepts webhook calls with .json suffix, trailing slash, GET query and form bodies', async () => {
		const a = await post(`${sb.webhookUrl}crm.company.add.json`, { fields: { TITLE: 'ООО "Альфа"' } });
		expect(a.status).toBe(200);
		expect(typeof a.body.result).toBe('number');
		const get = await fetch(`${sb.webhookUrl}crm.company.get/?id=${a.body.result}`).then((r) => r.json() as Promise<any>); // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(get.result.TITLE).toBe('ООО "Альфа"');
		expect(get.result.ID).toBe(String(a.body.result));
		const f = await postForm(`${sb.webhookUrl}CRM.COMPANY.UPDATE`, `id=${a.body.result}&fields[TITLE]=${encodeURIComponent('ООО "Бета"')}`);
		expect(f.body.result).toBe(true);
	});

	it('answers wrong credentials, missing auth, unknown methods and missing scopes with the documented statuses', async () => {
		const wrong = await post(sb.webhookUrl.replace('b24sandboxhook0001', 'nope') + 'crm.company.list', {});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' });
		const none = await post(`${sb.baseUrl}/rest/crm.company.list`, {});
		expect([none.status, none.body.error]).toEqual([401, 'NO_AUTH_FOUND']);
		const unknown = await post(`${sb.webhookUrl}crm.nothing.here`, {});
		expect([unknown.status, unknown.body.error]).toEqual([404, 'ERROR_METHOD_NOT_FOUND']);
		const scope = await post(`${sb.baseUrl}/rest/2/b24sandboxuseronly02/crm.company.list`, {});
		expect([scope.status, scope.body.error]).toEqual([403, 'insufficient_scope']);
		const denied = await post(`${sb.baseUrl}/rest/3/b24sandboxnocrm00003/crm.company.list`, {});
		expect([denied.status, denied.body]).toEqual([400, { error: '', error_description: 'Access denied.' }]);
	});

	it('OAuth: tokens work until they expire, then refresh through /oauth/token/', async () => {
		const t = await admin(sb, 'oauth/issue', {});
		const ok = await post(`${sb.baseUrl}/rest/crm.company.list`, { auth: t.access_token, select: ['ID'] });
		expect(ok.status).toBe(200);
		const bearer = await post(`${sb.baseUrl}/rest/crm.company.list`, {}, { headers: { 'content-type': 'application/json', authorization: `Bearer ${t.access_token}` } });
		expect(bearer.status).toBe(200);
		await admin(sb, 'oauth/expire', { accessToken: t.access_token });
		const expired = await post(`${sb.baseUrl}/rest/crm.company.list`, { auth: t.access_token });
		expect([expired.status, expired.body.error]).toEqual([401, 'expired_token']);
		const bad = await post(`${sb.baseUrl}/rest/crm.company.list`, { auth: 'garbage' });
		expect([bad.status, bad.body.error]).toEqual([401, 'invalid_token']);
		const q = new URLSearchParams({ grant_type: 'refresh_token', client_id: DEFAULT_APP.clientId, client_secret: DEFAULT_APP.clientSecret, refresh_token: t.refresh_token });
		const fresh = await fetch(`${sb.baseUrl}/oauth/token/?${q}`).then((r) => r.json() as Promise<any>); // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(fresh.access_token).not.toBe(t.access_token);
		expect(fresh.expires_in).toBe(3600);
		expect((await post(`${sb.baseUrl}/rest/profile`, { auth: fresh.access_token })).status).not.toBe(401);
		const reused = await fetch(`${sb.baseUrl}/oauth/token/?${q}`);
		expect(reused.status).toBe(400);
		expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');
	});

	it('pages lists by 50 with next, and start=-1 skips the count', async () => {
		await post(`${sb.webhookUrl}batch`, { cmd: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, `crm.company.add?fields[TITLE]=Page${i}`])) });
		const p1 = await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'], order: { ID: 'ASC' } });
		expect(p1.body.result).toHaveLength(50);
		expect(p1.body.next).toBe(50);
		expect(p1.body.total).toBeGreaterThan(50);
		const last = await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'], start: p1.body.total - 3 });
		expect(last.body.result).toHaveLength(3);
		expect(last.body).not.toHaveProperty('next');
		const fast = await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'], order: { ID: 'ASC' }, filter: { '>ID': 10 }, start: -1 });
		expect(fast.body.total).toBe(0);
		expect(fast.body).not.toHaveProperty('next');
		expect(Number(fast.body.result[0].ID)).toBe(11);
	});

	it('batch: $result references, halt, list totals, PHP list/map quirks, and the 50-command cap', async () => {
		const b = await post(`${sb.webhookUrl}batch`, {
			halt: 0,
			cmd: {
				add: 'crm.company.add?fields[TITLE]=Ref',
				get: 'crm.company.get?id=$result[add]',
				list: 'crm.company.list?select[]=ID',
				missing: 'crm.company.get?id=99999999',
			},
		});
		expect(b.status).toBe(200);
		expect(b.body.result.result.get.TITLE).toBe('Ref');
		expect(b.body.result.result_error.missing).toEqual({ error: '', error_description: 'Not found' });
		expect(b.body.result.result_total.list).toBeGreaterThan(50);
		expect(b.body.result.result_next.list).toBe(50);
		expect(Object.keys(b.body.result.result_time)).toEqual(['add', 'get', 'list']);
		const seq = await post(`${sb.webhookUrl}batch`, { cmd: ['crm.company.get?id=99999999', 'crm.company.get?id='] });
		expect(seq.body.result.result).toEqual([]);
		expect(Array.isArray(seq.body.result.result_error)).toBe(true);
		expect(seq.body.result.result_time).toEqual([]);
		const halted = await post(`${sb.webhookUrl}batch`, { halt: 1, cmd: { a: 'crm.company.get?id=99999999', b: 'crm.company.add?fields[TITLE]=never' } });
		expect(Object.keys(halted.body.result.result_error)).toEqual(['a']);
		expect(halted.body.result.result).toEqual([]);
		const tooMany = await post(`${sb.webhookUrl}batch`, { cmd: Array.from({ length: 51 }, () => 'server.time') });
		expect([tooMany.status, tooMany.body.error]).toEqual([400, 'ERROR_BATCH_LENGTH_EXCEEDED']);
		const nested = await post(`${sb.webhookUrl}batch`, { cmd: { x: 'batch?cmd[y]=server.time' } });
		expect(nested.body.result.result_error.x.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
	});

	it('1,000 crm.company.add commands sent as 20 batch requests pass the rate limit without a 503', async () => {
		await admin(sb, 'rate', { enabled: true, burst: 50, drain: 2 });
		await admin(sb, 'counters/reset', {});
		const before = (await admin(sb, 'tables')).company;
		for (let r = 0; r < 20; r++) {
			const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, `crm.company.add?fields[TITLE]=Bulk ${r}-${i}`]));
			const res = await post(`${sb.webhookUrl}batch`, { halt: 0, cmd });
			expect(res.status).toBe(200);
			expect(res.body.result.result_error).toEqual([]);
		}
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(20);
		expect(c.batchCommands).toBe(1000);
		expect(c.status503).toBe(0);
		expect((await admin(sb, 'tables')).company - before).toBe(1000);
	});

	it('60 unpaced single calls in one second get 503 QUERY_LIMIT_EXCEEDED after the burst of 50', async () => {
		await admin(sb, 'rate', { enabled: true, burst: 50, drain: 2 });
		const replies = await Promise.all(Array.from({ length: 60 }, () => post(`${sb.webhookUrl}server.time`, {})));
		const ok = replies.filter((r) => r.status === 200).length;
		const limited = replies.filter((r) => r.status === 503);
		expect(ok).toBeGreaterThanOrEqual(50);
		expect(ok).toBeLessThanOrEqual(52);
		expect(limited.length).toBe(60 - ok);
		expect(limited[0].body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
	});

	it('a client pacing itself to the drain rate never sees a 503', async () => {
		await admin(sb, 'rate', { enabled: true, burst: 5, drain: 20 });
		const statuses: number[] = [];
		for (let i = 0; i < 30; i++) {
			if (i >= 5) await new Promise((r) => setTimeout(r, 55));
			statuses.push((await post(`${sb.webhookUrl}server.time`, {})).status);
		}
		expect(statuses.every((s) => s === 200)).toBe(true);
	});

	it('operating time over the limit answers 429 OPERATION_TIME_LIMIT for that method only', async () => {
		await admin(sb, 'operating', { enabled: true, limitSeconds: 10, costSeconds: { 'crm.company.list': 6 } });
		expect((await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'] })).status).toBe(200);
		const second = await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'] });
		expect(second.body.time.operating).toBe(12);
		const third = await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'] });
		expect(third.status).toBe(429);
		expect(third.body).toEqual({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' });
		expect((await post(`${sb.webhookUrl}crm.contact.list`, { select: ['ID'] })).status).toBe(200);
	});

	it('fault injection: 500, HTML error page, connection reset', async () => {
		await admin(sb, 'faults', { http500: 1 });
		const e500 = await post(`${sb.webhookUrl}server.time`, {});
		expect([e500.status, e500.body.error]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
		await admin(sb, 'faults', { http500: 0, html: 1 });
		const html = await post(`${sb.webhookUrl}server.time`, {});
		expect(html.status).toBe(502);
		expect(html.contentType).toContain('text/html');
		await admin(sb, 'faults', { html: 0, reset: 1 });
		await expect(post(`${sb.webhookUrl}server.time`, {})).rejects.toThrow();
		await admin(sb, 'faults', { reset: 0 });
		expect((await post(`${sb.webhookUrl}server.time`, {})).status).toBe(200);
	});

	it('an armed fault strikes the next request of its method once; `after` = the method ran and the answer is lost', async () => {
		await admin(sb, 'faults/arm', { method: 'crm.company.add', kind: 'html', after: true });
		expect((await post(`${sb.webhookUrl}server.time`, {})).status).toBe(200);
		const count = () => sb.portal.store.find('company')!.all().filter((c) => c.TITLE === 'ООО «Потерянный ответ»').length;
		const lost = await post(`${sb.webhookUrl}crm.company.add`, { fields: { TITLE: 'ООО «Потерянный ответ»' } });
		expect([lost.status, lost.contentType.includes('text/html'), count()]).toEqual([502, true, 1]);
		expect((await post(`${sb.webhookUrl}crm.company.add`, { fields: { TITLE: 'ООО «Потерянный ответ»' } })).status).toBe(200);
		expect(count()).toBe(2);
		await admin(sb, 'faults/arm', { method: 'crm.company.add', kind: 'queryLimit' });
		const refused = await post(`${sb.webhookUrl}crm.company.add`, { fields: { TITLE: 'ООО «Потерянный ответ»' } });
		expect([refused.status, refused.body.error, count()]).toEqual([503, 'QUERY_LIMIT_EXCEEDED', 2]);
		const bad = await fetch(`${sb.baseUrl}/_admin/faults/arm`, { method: 'POST', body: JSON.stringify({ method: 'crm.company.add', kind: 'gremlins' }) });
		expect(bad.status).toBe(400);
	});

	it('outbound events: event.bind needs an application; changes post form-encoded events with application_token', async () => {
		const received: string[] = [];
		const hook: Server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push(body);
				res.end('ok');
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
		try {
			const viaWebhook = await post(`${sb.webhookUrl}event.bind`, { event: 'ONCRMCOMPANYADD', handler: url });
			expect([viaWebhook.status, viaWebhook.body.error]).toEqual([403, 'WRONG_AUTH_TYPE']);
			const t = await admin(sb, 'oauth/issue', {});
			expect((await post(`${sb.baseUrl}/rest/event.bind`, { auth: t.access_token, event: 'ONCRMCOMPANYADD', handler: url })).body.result).toBe(true);
			const dup = await post(`${sb.baseUrl}/rest/event.bind`, { auth: t.access_token, event: 'ONCRMCOMPANYADD', handler: url });
			expect(dup.body.error).toBe('ERROR_HANDLER_ALREADY_EXIST');
			const unknown = await post(`${sb.baseUrl}/rest/event.bind`, { auth: t.access_token, event: 'ONNOTHING', handler: url });
			expect([unknown.status, unknown.body.error]).toEqual([400, 'ERROR_EVENT_NOT_FOUND']);
			const id = (await post(`${sb.webhookUrl}crm.company.add`, { fields: { TITLE: 'Event Co' } })).body.result;
			await admin(sb, 'events/idle');
			expect(received).toHaveLength(1);
			const form = new URLSearchParams(received[0]);
			expect(form.get('event')).toBe('ONCRMCOMPANYADD');
			expect(form.get('data[FIELDS][ID]')).toBe(String(id));
			expect(form.get('auth[application_token]')).toBe(DEFAULT_APP.applicationToken);
			expect(form.get('auth[domain]')).toBe(new URL(sb.baseUrl).host);
		} finally {
			hook.close();
		}
	});
});

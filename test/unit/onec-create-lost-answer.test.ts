/**
 * A 1C create whose answer is lost after 1C wrote the object (a reset, a timeout, a proxy's 5xx
 * page on the way back) must not make a second object when the client retries: the client gives
 * the new object its `Ref_Key` and reads that key back before re-sending. Checked with a host that
 * drops the answer of the first POST, and with the sandbox's own faults striking after processing.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';

const FAST = { maxRetries: 8, baseDelayMs: 5, maxDelayMs: 20 };
const SET = 'Catalog_Контрагенты';
let sb: OneCSandbox;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 5 });
});
afterAll(async () => sb?.close());

const bp30 = () => sb.publications.find((p) => p.id === 'bp30')!;
const named = (name: string) => [...sb.state.bases.get('bp30')!.table(SET).values()].filter((r) => r.Description === name);

it('a POST done by 1C whose answer was lost is found by its key, not sent again', async () => {
	const host = fakeOneCHost(oneCCredential(bp30()));
	const send = host.helpers.httpRequestWithAuthentication;
	let dropped = 0;
	host.helpers.httpRequestWithAuthentication = async function (this: unknown, type: string, o: IHttpRequestOptions) {
		const res = await send.call(this, type, o);
		if (o.method === 'POST' && dropped === 0) {
			dropped++;
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		}
		return res;
	};
	const client = await OneCClient.create(host, 'oneCODataApi', FAST);
	const row = await client.create(SET, { Description: 'ООО «Потерянный ответ»' });
	expect(dropped).toBe(1);
	expect(named('ООО «Потерянный ответ»')).toHaveLength(1);
	expect(row.Ref_Key).toBe(named('ООО «Потерянный ответ»')[0].Ref_Key);
	expect(client.stats.probed).toBe(1);
	// one POST, then the read-back by key; no second POST
	expect(host.sent.map((o) => o.method)).toEqual(['POST', 'GET']);
});

it('a POST that never reached 1C is sent again once the key is not found', async () => {
	const host = fakeOneCHost(oneCCredential(bp30()));
	const send = host.helpers.httpRequestWithAuthentication;
	let refused = 0;
	host.helpers.httpRequestWithAuthentication = async function (this: unknown, type: string, o: IHttpRequestOptions) {
		if (o.method === 'POST' && refused === 0) {
			refused++;
			throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		}
		return send.call(this, type, o);
	};
	const client = await OneCClient.create(host, 'oneCODataApi', FAST);
	await client.create(SET, { Description: 'ООО «Не дошло»' });
	expect(named('ООО «Не дошло»')).toHaveLength(1);
	expect(client.stats.probed).toBe(0);
	// (the refused POST never reached the recording host) the read-back, then the POST again
	expect(host.sent.map((o) => o.method)).toEqual(['GET', 'POST']);
});

it('under the sandbox faults striking after processing (resets, timeouts, 5xx pages), 30 creates make 30 objects', async () => {
	sb.state.faults.configure({ reset: 0.15, timeout: 0.05, timeoutMs: 1500, html502: 0.1, html503: 0.1, after: 1, seed: 11 });
	try {
		const client = await OneCClient.create(fakeOneCHost(oneCCredential(bp30(), { timeout: 1 })), 'oneCODataApi', FAST);
		for (let i = 0; i < 30; i++) await client.create(SET, { Description: `Сбой после записи ${i}` });
		for (let i = 0; i < 30; i++) expect({ i, n: named(`Сбой после записи ${i}`).length }).toEqual({ i, n: 1 });
		const f = sb.state.counters.faults;
		expect(Object.keys(f).filter((k) => k.endsWith('After')).reduce((s, k) => s + f[k], 0)).toBeGreaterThanOrEqual(5);
		expect(client.stats.probed).toBeGreaterThanOrEqual(3);
	} finally {
		sb.state.faults.configure({ reset: 0, timeout: 0, html502: 0, html503: 0, after: 0 });
	}
}, 60_000);

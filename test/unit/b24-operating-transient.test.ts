/**
 * OPERATION_TIME_LIMIT that our own use of the method cannot explain (the portal reported a small
 * `operating` for it, the reset is minutes away): the client retries after a short backoff instead
 * of sleeping until `operating_reset_at` (up to 10 minutes); a block that persists is then waited
 * out. (A block whose reset is near is waited for at once: b24-transport.test.ts.)
 */
import { Bitrix24Client, type RetryOptions } from '../../nodes/Bitrix24/transport/client';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { sandbox } from '../helpers/b24';
import { fakeHost } from '../helpers/b24-host';

const FAST: Partial<RetryOptions> = { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 20, maxOperatingWaitMs: 1500 };
let sb: Bitrix24Sandbox;
beforeAll(async () => {
	sb = await sandbox({ companies: 3 });
});
afterAll(async () => sb?.close());

/** A host answering OPERATION_TIME_LIMIT to the next `blocked` calls of server.time. */
function blockingHost(blocked: number) {
	let left = 0;
	const host = fakeHost({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } }, async (o, send) => {
		if (String(o.url).startsWith('server.time') && left > 0) {
			left--;
			return { statusCode: 429, body: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' } };
		}
		return send(o);
	});
	return { host, block: () => (left = blocked) };
}

it('a one-off block of a method we hardly used is retried after a short backoff, not waited out', async () => {
	const { host, block } = blockingHost(1);
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	const first = await client.call('server.time');
	// the portal's window resets minutes from now and our use of the method is near zero
	expect(Number(first.time?.operating_reset_at) * 1000 - Date.now()).toBeGreaterThan(60_000);
	block();
	const t0 = Date.now();
	await client.call('server.time');
	expect(Date.now() - t0).toBeLessThan(500);
	expect(client.stats.retries).toBe(1);
});

it('a block that persists past two short retries is waited out until the reset (here capped)', async () => {
	const { host, block } = blockingHost(3);
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	await client.call('server.time');
	block();
	const t0 = Date.now();
	await client.call('server.time');
	// two short backoffs, then the (capped) wait for the reset
	expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
	expect(client.stats.retries).toBe(3);
});

it('other faults before a one-off block do not use up its short retries (counted per OPERATION_TIME_LIMIT, not per attempt)', async () => {
	let call = 0;
	const host = fakeHost({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } }, async (o, send) => {
		if (!String(o.url).startsWith('server.time')) return send(o);
		call++;
		// 2nd call: a reset, then a 500, then the block, then the answer
		if (call === 2) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		if (call === 3) return { statusCode: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' } };
		if (call === 4) return { statusCode: 429, body: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' } };
		return send(o);
	});
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	await client.call('server.time');
	const t0 = Date.now();
	await client.call('server.time');
	expect(Date.now() - t0).toBeLessThan(500);
	expect(client.stats.retries).toBe(3);
});

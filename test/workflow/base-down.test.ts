/**
 * Issue 10: a 1C base that is down for the whole run. The client-sync template as shipped, with
 * its 1C credential pointing at a closed port: the run ends with an error that names the base URL
 * (never the password) and writes nothing in Bitrix24 — not even the deletion branch's field
 * setup, which comes after the failing read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflow';

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows-templates/01-client-sync-1c-to-bitrix24.json'), 'utf8')) as WorkflowJson;

let b24: Bitrix24Sandbox;
beforeAll(async () => {
	b24 = await startBitrix24Sandbox({ companies: 20 });
});
afterAll(async () => b24?.close());

it('ends with an error naming the base URL, no password, nothing written in Bitrix24', async () => {
	const password = 'Pa$$-w0rd-that-must-not-leak';
	const url = 'http://127.0.0.1:9/bp30/odata/standard.odata/';
	const r = await runWorkflow(TEMPLATE, {
		bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 },
		oneCODataApi: { url, user: 'Администратор', password, allowedOnly: false, timeZone: 'Europe/Moscow', timeout: 5, maxConcurrency: 4 },
	});
	expect(r.status).toBe('error');
	const text = `${r.error?.message} ${(r.error as { description?: string })?.description ?? ''}`;
	expect(text).toContain(`base ${url}`);
	expect(text).toMatch(/refused|ECONNREFUSED|offline/i);
	expect(JSON.stringify(r.run)).not.toContain(password);
	expect(JSON.stringify(r.run)).not.toContain(Buffer.from(`Администратор:${password}`).toString('base64'));
	const byMethod = ((await (await fetch(`${b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as Record<string, number>;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|delete|set)$/.test(m))).toEqual([]);
}, 120_000);

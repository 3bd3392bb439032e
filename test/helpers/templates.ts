/**
 * Shared pieces of the template workflow tests (test/workflow/): the template file as shipped,
 * both sandboxes and n8n's data tables for the suite, a run with the demo credential types pointing at them (1C: БП 3.0),
 * and a PATCH to the 1C publication as a 1C user would make a change.
 */
import { readFileSync } from 'node:fs';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sandboxApp } from '../../scripts/demo-env';
import { b24AppCredentialData } from '../../scripts/n8n-home';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { DataTables } from './data-tables';
import { runWorkflow, type WorkflowJson, type WorkflowRunOptions } from './workflow';
import { oneCCredential } from './onec-host';

export const template = (file: string): WorkflowJson => JSON.parse(readFileSync(join(__dirname, '../../workflows-templates', file), 'utf8')) as WorkflowJson;

/** Starts both sandboxes for the suite (beforeAll/afterAll); the getters are valid inside tests. */
export function templateSandboxes(companies: number) {
	let b24: Bitrix24Sandbox;
	let onec: OneCSandbox;
	let app: ICredentialDataDecryptedObject;
	beforeAll(async () => {
		[b24, onec] = await Promise.all([startBitrix24Sandbox({ companies }), startOneCSandbox({ companies })]);
		app = b24AppCredentialData(await sandboxApp(b24.baseUrl)) as ICredentialDataDecryptedObject;
	});
	afterAll(async () => Promise.all([b24?.close(), onec?.close()]));
	const bp30 = () => onec.publications.find((p) => p.id === 'bp30')!;
	// n8n's data tables (the error journal) persist across the runs of a suite, as in n8n's database
	const tables = new DataTables();
	return {
		tables,
		get b24() {
			return b24;
		},
		get onec() {
			return onec;
		},
		bp30,
		/** the OAuth2 credential of the portal's application (robots and triggers), as the demo's b24DemoApp */
		get app() {
			return app;
		},
		run: (file: string, opts: WorkflowRunOptions = {}) =>
			runWorkflow(template(file), { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, bitrix24OAuth2Api: { ...app, drainRate: 50 }, oneCODataApi: oneCCredential(bp30()) }, { dataTables: tables, ...opts }),
		/** PATCH `<publication>/<path>` (e.g. `Catalog_Контрагенты(guid'…')`) with Basic auth */
		patch1C: (path: string, body: unknown) =>
			fetch(`${bp30().url}${path}${path.includes('?') ? '&' : '?'}$format=json`, {
				method: 'PATCH',
				headers: { Authorization: `Basic ${Buffer.from(`${bp30().user}:${bp30().password}`).toString('base64')}`, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			}),
	};
}

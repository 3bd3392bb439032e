/**
 * The error-notifications template as shipped, in-process: started from its Error Trigger fed with
 * what n8n hands it for a failed execution, and from its
 * «Run now» sample, each run leaves one Bitrix24 notification for the integration owner naming the
 * workflow, the node and the cause; the optional healthcheck ping is disabled, so nothing else is
 * called.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflow';

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows-templates/07-error-notifications.json'), 'utf8')) as WorkflowJson;

let b24: Bitrix24Sandbox;
beforeAll(async () => {
	b24 = await startBitrix24Sandbox({ companies: 3 });
});
afterAll(async () => b24?.close());

const notes = async () => (await (await fetch(`${b24.baseUrl}/_admin/table/im_notify`)).json()) as IDataObject[];

/** What n8n hands an Error Trigger when a workflow fails (execution + workflow). */
const FAILED = { execution: { id: '231', url: 'http://localhost:5678/execution/231', lastNodeExecuted: '1C: counterparties', mode: 'trigger', error: { message: 'connect ECONNREFUSED 10.0.0.5:80' } }, workflow: { id: 'tplClientSync1c2b24', name: '1C → Bitrix24: client sync' } };

it.each([
	['Run now (sample failure)', undefined],
	['When a sync fails', [FAILED]],
])('from «%s»: one notification naming the workflow, the node and the cause', async (startNode, input) => {
	const before = (await notes()).length;
	const r = await runWorkflow(TEMPLATE, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } }, { startNode, input });
	expect(r.status).toBe('success');
	const record = r.itemsOut('Record')[0].json;
	expect(record).toMatchObject({ workflow: expect.any(String), node: expect.any(String), cause: expect.any(String), resolved: false });
	const all = await notes();
	expect(all).toHaveLength(before + 1);
	const note = all[all.length - 1];
	expect(note).toMatchObject({ USER_ID: 1, TYPE: 'personal' });
	expect(String(note.MESSAGE)).toContain(`«${String(record.workflow)}» stopped`);
	expect(String(note.MESSAGE)).toContain(`«${String(record.node)}»: ${String(record.cause)}`);
	if (input) expect(String(note.MESSAGE)).toBe('[b]n8n: «1C → Bitrix24: client sync» stopped[/b] at «1C: counterparties»: connect ECONNREFUSED 10.0.0.5:80\nhttp://localhost:5678/execution/231');
});

/**
 * The error journal and notifications template as shipped, in-process, with its n8n data table:
 * - a failed run (its Error Trigger fed with what n8n hands it) and failed items (called by a
 *   sync's «Record in the journal») become rows of the data table — workflow, object, cause,
 *   execution, time, resolved = false — and one Bitrix24 notification per run, ten lines at most;
 * - an error already in the journal and not resolved is neither recorded nor announced again;
 * - the morning digest lists the unresolved rows only (a row ticked resolved drops out);
 * - the optional healthcheck ping and e-mail are disabled, so nothing else is called.
 */
import type { IDataObject } from 'n8n-workflow';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DataTables } from '../helpers/data-tables';
import { template } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';

const TEMPLATE = template('07-error-notifications.json');
const TABLE = '1C-Bitrix24 sync errors';

let b24: Bitrix24Sandbox;
beforeAll(async () => {
	b24 = await startBitrix24Sandbox({ companies: 3 });
});
afterAll(async () => b24?.close());

const notes = async () => (await (await fetch(`${b24.baseUrl}/_admin/table/im_notify`)).json()) as IDataObject[];
const tables = new DataTables();
const run = (startNode: string, input?: IDataObject[]) => runWorkflow(TEMPLATE, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } }, { startNode, input, dataTables: tables });

/** What n8n hands an Error Trigger when a workflow fails (execution + workflow). */
const FAILED = { execution: { id: '231', url: 'http://localhost:5678/execution/231', lastNodeExecuted: '1C: counterparties', mode: 'trigger', error: { message: 'connect ECONNREFUSED 10.0.0.5:80' } }, workflow: { id: 'tplClientSync1c2b24', name: '1C → Bitrix24: client sync' } };

it('a failed run: one journal row and one notification naming the workflow, the node and the cause', async () => {
	const before = (await notes()).length;
	const r = await run('When a sync fails', [FAILED]);
	expect(r.status).toBe('success');
	const rows = tables.rows(TABLE);
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({ workflow: '1C → Bitrix24: client sync', object: 'the run, stopped at «1C: counterparties»', cause: 'connect ECONNREFUSED 10.0.0.5:80', execution: 'http://localhost:5678/execution/231', resolved: false });
	expect(rows[0].time).toBeInstanceOf(Date);
	expect(Date.now() - (rows[0].time as Date).getTime()).toBeLessThan(60_000);
	const all = await notes();
	expect(all).toHaveLength(before + 1);
	expect(all[all.length - 1]).toMatchObject({ USER_ID: 1, TYPE: 'personal', MESSAGE: '[b]n8n: «1C → Bitrix24: client sync» — 1 error[/b]\nthe run, stopped at «1C: counterparties»: connect ECONNREFUSED 10.0.0.5:80' });
	expect(TEMPLATE.nodes.find((n) => n.name === 'Healthcheck ping (optional)')?.disabled).toBe(true); // passes items through, calls nothing
});

it('failed items of a sync run: a row each, one notification of ten lines and the rest counted', async () => {
	const before = (await notes()).length;
	const items = Array.from({ length: 12 }, (_, i) => ({ workflow: '1C → Bitrix24: client sync', object: `1C counterparty ${i + 1}`, cause: 'INN 7707083894: checksum fails' }));
	const r = await run('When a sync records failed items', items);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Journal table')).toHaveLength(1);
	const rows = tables.rows(TABLE);
	expect(rows).toHaveLength(13);
	expect(rows.slice(1).map((x) => x.object)).toEqual(items.map((x) => x.object));
	const all = await notes();
	expect(all).toHaveLength(before + 1);
	const lines = String(all[all.length - 1].MESSAGE).split('\n');
	expect(lines[0]).toBe('[b]n8n: «1C → Bitrix24: client sync» — 12 errors[/b]');
	expect(lines.slice(1, 11)).toEqual(items.slice(0, 10).map((x) => `${x.object}: ${x.cause}`));
	expect(lines[11]).toBe(`… 2 more in the data table «${TABLE}»`);
});

it('a notification whose answer is lost on the way back is sent again under its tag: the owner gets it once', async () => {
	const before = await notes();
	b24.portal.faults.arm('im.notify.personal.add', 'html', true);
	const r = await run('When a sync records failed items', [{ workflow: '1C → Bitrix24: invoice sync', object: 'Bitrix24 smart invoice 7', cause: 'its company is not linked' }]);
	expect(r.status).toBe('success');
	const after = await notes();
	expect(after).toHaveLength(before.length + 1);
	expect(after.filter((n) => String(n.MESSAGE).includes('smart invoice 7'))).toHaveLength(1);
	expect(String(after[after.length - 1].TAG)).toMatch(/^n8n-journal-\S+$/);
	expect(b24.portal.log.filter((e) => e.method === 'im.notify.personal.add').slice(-2).map((e) => e.fault)).toEqual(['html after processing', undefined]);
	// two runs are two notifications: the tag is the run's
	await run('When a sync records failed items', [{ workflow: '1C → Bitrix24: invoice sync', object: 'Bitrix24 smart invoice 8', cause: 'its company is not linked' }]);
	const tags = (await notes()).slice(-2).map((n) => n.TAG);
	expect(tags[0]).not.toBe(tags[1]);
	tables.rows(TABLE).splice(-2);
});

it('the same errors again (not resolved): no new row, no notification', async () => {
	const before = (await notes()).length;
	const again = [{ workflow: '1C → Bitrix24: client sync', object: '1C counterparty 3', cause: 'INN 7707083894: checksum fails' }];
	const r = await run('When a sync records failed items', again);
	expect(r.status).toBe('success');
	expect(tables.rows(TABLE)).toHaveLength(13);
	expect(await notes()).toHaveLength(before);
	// another cause for the same object is news
	await run('When a sync records failed items', [{ ...again[0], cause: 'KPP is empty' }]);
	expect(tables.rows(TABLE)).toHaveLength(14);
	expect(await notes()).toHaveLength(before + 1);
	// once ticked resolved, the error coming back is recorded and announced again
	tables.rows(TABLE).find((x) => x.object === '1C counterparty 3' && x.cause === 'KPP is empty')!.resolved = true;
	await run('When a sync records failed items', [{ ...again[0], cause: 'KPP is empty' }]);
	expect(tables.rows(TABLE)).toHaveLength(15);
	expect(await notes()).toHaveLength(before + 2);
	tables.rows(TABLE).pop();
});

it('the morning digest lists the unresolved errors only', async () => {
	const rows = tables.rows(TABLE);
	rows[1].resolved = true; // the user ticks one row in the data table
	const open = rows.filter((x) => !x.resolved).length;
	const before = (await notes()).length;
	const r = await run('Every morning');
	expect(r.status).toBe('success');
	const digest = r.itemsOut('Digest text')[0].json;
	expect(digest.subject).toBe(`Синхронизация 1С — Битрикс24: ${open} нерешённых ошибок / unresolved sync errors`);
	const text = String(digest.text);
	expect(text).not.toContain('1C counterparty 1:');
	expect(text).toContain('1C counterparty 2: INN 7707083894: checksum fails');
	expect(text).toContain('the run, stopped at «1C: counterparties»');
	expect(text.split('\n')).toHaveLength(open);
	expect(TEMPLATE.nodes.find((n) => n.name === 'E-mail digest')?.disabled).toBe(true); // until an SMTP credential is chosen
	const all = await notes();
	expect(all).toHaveLength(before + 1);
	expect(String(all[all.length - 1].MESSAGE)).toContain(String(digest.subject));
});

it('«Run now» records the sample failure', async () => {
	const r = await run('Run now (sample failure)');
	expect(r.status).toBe('success');
	expect(tables.rows(TABLE).at(-1)).toMatchObject({ workflow: '1C → Bitrix24: client sync (sample)', cause: 'The connection to the 1C base was refused (sample)' });
});

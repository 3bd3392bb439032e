/**
 * The print-form template (06-print-form-to-timeline) as shipped, in-process, after the client and
 * invoice syncs: «Run now» posts one comment with the 1C invoice PDF on every linked smart invoice
 * in the stage «Отправлен» (the PDF read back names the invoice number), an invoice of the stage
 * that is not linked lands in the Error journal while the others complete, and a second run posts
 * nothing. Then the production start: a real ONCRMDYNAMICITEMUPDATE delivery of the sandbox (an
 * invoice moved into the stage), passed through the Bitrix24 Trigger's webhook(), starts the
 * workflow at the trigger node → exactly one comment; the same event again and an event of an
 * invoice in another stage post nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { baseIdFromUrl } from '../../lib/links';
import { checkPrintFormTimeline, markerOf } from '../../scripts/checks/print-form-timeline';
import { admin, post } from '../helpers/b24';
import { fakeWebhookContext } from '../helpers/b24-host';
import { oneCCredential } from '../helpers/onec-host';
import { HAS_POPPLER, pdfFiles, pdfText, warnWithoutPoppler } from '../helpers/pdf';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { startEventSink, type EventSink } from '../helpers/event-sink';

const FILE = '06-print-form-to-timeline.json';
const STAGE = 'DT31_2:S';
const TRIGGER = 'Bitrix24 Trigger: invoice changed';
const sb = templateSandboxes(200);
const pdfs = pdfFiles('print-form-timeline-');
warnWithoutPoppler('the print-form template');

const baseId = () => baseIdFromUrl(sb.bp30().url);
const smartInvoices = async () => ((await (await fetch(`${sb.b24.baseUrl}/_admin/table/item`)).json()) as IDataObject[]).filter((x) => Number(x.entityTypeId) === 31);
const comments = async (id: unknown) => ((await (await fetch(`${sb.b24.baseUrl}/_admin/table/timeline_comment`)).json()) as IDataObject[]).filter((c) => Number(c.ENTITY_TYPE_ID) === 31 && Number(c.ENTITY_ID) === Number(id));
/** A REST call as a user's script makes it: waits and retries while the portal says QUERY_LIMIT_EXCEEDED (the runs used the budget). */
async function rest(method: string, body: unknown): Promise<IDataObject> {
	for (let attempt = 0; ; attempt++) {
		const res = (await post(`${sb.b24.webhookUrl}${method}`, body)).body as IDataObject;
		if (res.error !== 'QUERY_LIMIT_EXCEEDED' || attempt === 20) return res;
		await new Promise((r) => setTimeout(r, 500));
	}
}
const check = () => checkPrintFormTimeline(sb.b24.baseUrl, sb.b24.webhookUrl, sb.onec.baseUrl, 'bp30', baseId(), STAGE);

/** A local handler that keeps the bodies the portal posts to it. */
let hook: EventSink;
beforeAll(async () => {
	hook = await startEventSink();
});
afterAll(() => hook?.server.close());

let unlinkedId = 0;

it('Run now: one PDF comment on every linked invoice in the stage, the unlinked one journaled; a second run posts nothing', async () => {
	for (const f of ['01-client-sync-1c-to-bitrix24.json', '03-invoice-sync-bitrix24-to-1c.json']) expect((await sb.run(f)).status).toBe('success');
	// an invoice in the stage that never reached 1C
	unlinkedId = Number(((await rest('crm.item.add', { entityTypeId: 31, fields: { title: 'Счёт без 1С', stageId: STAGE } })).result as { item: IDataObject }).item.id);
	const before = await smartInvoices();
	const linkedInStage = before.filter((x) => x.stageId === STAGE && String(x.xmlId ?? '').startsWith(`${baseId()}:`));
	const unlinkedInStage = before.filter((x) => x.stageId === STAGE && !String(x.xmlId ?? '').startsWith(`${baseId()}:`));
	expect(linkedInStage.length).toBeGreaterThanOrEqual(2);
	// a manager's own comment on one of them is not a print form: it must not stop the posting
	expect((await rest('crm.timeline.comment.add', { fields: { ENTITY_ID: linkedInStage[0].id, ENTITY_TYPE: 'smart_invoice', COMMENT: 'Клиент просил счёт на почту' } })).result).toBeDefined();

	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	const journal = first.itemsOut('Error journal').map((x) => x.json);
	// every unlinked invoice of the stage (the seeded ones 03 could not load, and ours) once, with its cause
	expect(journal.map((j) => Number(/smart invoice (\d+)/.exec(String(j.object))?.[1])).sort((a, b) => a - b)).toEqual(unlinkedInStage.map((x) => Number(x.id)).sort((a, b) => a - b));
	expect(journal.every((j) => /^not in 1C yet: run the invoice sync/.test(String(j.cause)))).toBe(true);
	expect(journal).toContainEqual(expect.objectContaining({ object: `Bitrix24 smart invoice ${unlinkedId} «Счёт без 1С»` }));
	expect(first.itemsOut('Bitrix24: comment with the PDF').map((x) => Number(x.json.id)).every((id) => id > 0)).toBe(true);
	expect(first.itemsOut('Bitrix24: comment with the PDF')).toHaveLength(linkedInStage.length);
	expect(await comments(unlinkedId)).toHaveLength(0);

	const facts = await check();
	expect(facts.failures).toEqual([]);
	expect(facts.posted).toBe(linkedInStage.length);
	// invoices outside the stage got nothing
	const outside = before.filter((x) => x.stageId !== STAGE).slice(0, 20);
	for (const x of outside) expect((await comments(x.id)).filter((c) => String(c.COMMENT).includes('[1С: '))).toHaveLength(0);
	if (HAS_POPPLER) {
		for (const [id, p] of facts.pdfs) {
			const text = pdfText(pdfs.save(p.pdf));
			expect({ id, found: text.includes(p.number) }).toEqual({ id, found: true });
			expect(text).toMatch(/Сч[её]т на оплату/i);
		}
	}

	const again = await sb.run(FILE);
	expect(again.status).toBe('success');
	expect(again.itemsOut('1C: invoice print form')).toHaveLength(0);
	expect(again.itemsOut('Bitrix24: comment with the PDF')).toHaveLength(0);
	expect(again.itemsOut('Error journal')).toHaveLength(unlinkedInStage.length);
	expect((await check()).posted).toBe(linkedInStage.length);
	for (const x of linkedInStage) expect((await comments(x.id)).filter((c) => String(c.COMMENT).includes('[1С: '))).toHaveLength(1);
	expect(await comments(linkedInStage[0].id)).toHaveLength(2);
}, 240_000);

it('the trigger path: an invoice moved into the stage gets exactly one comment; repeated and other-stage events post nothing', async () => {
	const { applicationToken } = (await admin(sb.b24, 'outbound-webhook', { handler: hook.url, events: ['ONCRMDYNAMICITEMUPDATE'] })) as { applicationToken: string };
	const wf = template(FILE);
	const triggerNode = wf.nodes.find((n) => n.name === TRIGGER)!;
	expect(triggerNode.type).toBe('n8n-nodes-1c-bitrix24.bitrix24Trigger');
	expect(triggerNode.parameters.events).toEqual(['ONCRMDYNAMICITEMUPDATE']);
	// set up as the sticky note says: the application token of the portal's outbound webhook
	expect(triggerNode.parameters.applicationToken).toBe('');
	triggerNode.parameters.applicationToken = applicationToken;
	const creds = { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(sb.bp30()) };

	/** Change the invoice through REST, take the event the portal delivered, run it through the trigger node and the workflow. */
	const eventRun = async (id: number, fields: IDataObject) => {
		hook.bodies.length = 0;
		expect((await rest('crm.item.update', { entityTypeId: 31, id, fields })).result).toBeDefined();
		await admin(sb.b24, 'events/idle');
		expect(hook.bodies).toHaveLength(1);
		const { ctx } = fakeWebhookContext(triggerNode.parameters, creds, { rawBody: hook.bodies[0] });
		const out = (await new Bitrix24Trigger().webhook.call(ctx)).workflowData?.[0] ?? [];
		expect(out.map((x) => x.json)).toEqual([expect.objectContaining({ event: 'ONCRMDYNAMICITEMUPDATE', data: { FIELDS: { ID: String(id), ENTITY_TYPE_ID: '31' } } })]);
		return runWorkflow(wf, creds, { startNode: TRIGGER, input: out.map((x) => x.json), dataTables: sb.tables });
	};

	const candidate = (await smartInvoices()).find((x) => String(x.stageId).endsWith(':N') && String(x.xmlId ?? '').startsWith(`${baseId()}:`))!;
	expect(candidate).toBeDefined();
	expect(await comments(candidate.id)).toHaveLength(0);

	// an update that leaves it outside the stage: nothing
	const notYet = await eventRun(Number(candidate.id), { comments: 'проверено' });
	expect(notYet.status).toBe('success');
	expect(notYet.itemsOut('Other stage')).toHaveLength(1);
	expect(notYet.itemsOut('Links: 1C invoice')).toHaveLength(0);

	// moved into the stage: exactly one comment with the PDF, on that invoice
	const moved = await eventRun(Number(candidate.id), { stageId: STAGE });
	expect(moved.status).toBe('success');
	expect(moved.itemsOut('Bitrix24: comment with the PDF')).toHaveLength(1);
	expect(moved.itemsOut('Error journal')).toHaveLength(0);
	const posted = await comments(candidate.id);
	expect(posted).toHaveLength(1);
	expect(String(posted[0].COMMENT)).toContain(markerOf(String(candidate.xmlId).split(':').pop()!));
	expect((posted[0].FILES as unknown[]).length).toBe(1);

	// another update of the same invoice (still in the stage): nothing more
	const repeated = await eventRun(Number(candidate.id), { comments: 'ещё раз' });
	expect(repeated.status).toBe('success');
	expect(repeated.itemsOut('Print form comments')).toHaveLength(1);
	expect(repeated.itemsOut('Bitrix24: comment with the PDF')).toHaveLength(0);
	expect(await comments(candidate.id)).toHaveLength(1);

	// the unlinked invoice's event: journaled, nothing posted
	const unlinked = await eventRun(unlinkedId, { comments: 'ждёт 1С' });
	expect(unlinked.itemsOut('Error journal').map((x) => x.json.object)).toEqual([`Bitrix24 smart invoice ${unlinkedId} «Счёт без 1С»`]);
	expect(await comments(unlinkedId)).toHaveLength(0);
	expect((await check()).failures).toEqual([]);

	// an event whose invoice is gone by the time it is read: journaled under the event's ID
	const gone = await runWorkflow(wf, creds, { startNode: TRIGGER, input: [{ event: 'ONCRMDYNAMICITEMUPDATE', data: { FIELDS: { ID: '999999', ENTITY_TYPE_ID: '31' } } }], dataTables: sb.tables });
	expect(gone.status).toBe('success');
	expect(gone.itemsOut('Error journal').map((x) => x.json)).toEqual([expect.objectContaining({ object: 'Bitrix24 smart invoice 999999', cause: expect.stringMatching(/NOT_FOUND/) })]);
}, 120_000);

it('the sandbox keeps comments with files on a smart invoice under either type name (smart_invoice, dynamic_31) and lists them by owner', async () => {
	const inv = Number(((await rest('crm.item.add', { entityTypeId: 31, fields: { title: 'Счёт для комментария' } })).result as { item: IDataObject }).item.id);
	const file = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
	const id = (await rest('crm.timeline.comment.add', { fields: { ENTITY_ID: inv, ENTITY_TYPE: 'dynamic_31', COMMENT: 'dyn', FILES: [['a.pdf', file.toString('base64')]] } })).result;
	expect(Number(id)).toBeGreaterThan(0);
	for (const type of ['dynamic_31', 'smart_invoice', 'SMART_INVOICE']) {
		const list = (await rest('crm.timeline.comment.list', { filter: { ENTITY_TYPE: type, ENTITY_ID: inv }, select: ['ID', 'ENTITY_ID', 'COMMENT', 'FILES'] })).result as IDataObject[];
		expect(list.map((c) => [Number(c.ID), c.COMMENT, Object.values(c.FILES as Record<string, { name: string }>).map((f) => f.name)])).toEqual([[Number(id), 'dyn', ['a.pdf']]]);
	}
	expect((await rest('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'dynamic_31', ENTITY_ID: inv + 100000 } })).result).toEqual([]);
});

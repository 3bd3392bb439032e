/**
 * Issue 11 — template 09 (deal automation) in-process on the sandboxes, after 05 linked deals to
 * УНФ orders: Run now registers the four robots and eight triggers (again: nothing new); an admin
 * puts «post» and «print form» on a stage and the «paid» trigger on another; moving a deal into
 * the stage makes the portal call the robots one after the other — each call, delivered to the
 * handler, goes through the Bitrix24 Trigger and the workflow — and the order is posted in 1C and
 * its PDF is on the deal's timeline, each robot answered; paying the order in 1C makes the 1C
 * Trigger emit «paid» and the workflow fire the trigger: the deal moves; re-posting fires nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { b24Rest } from '../../scripts/checks/rest';
import { webClientBase, webClientLink } from '../../lib/onec-weblink';
import { admin } from '../helpers/b24';
import { fakeWebhookContext } from '../helpers/b24-host';
import { startEventSink, type EventSink } from '../helpers/event-sink';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { templatePoller, type TemplatePoller } from '../helpers/onec-poller';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow, type WorkflowJson } from '../helpers/workflow';

const FILE = '09-deal-automation.json';
const ROBOT_TRIGGER = 'Bitrix24 Trigger: robot called';
const sb = templateSandboxes(200);
const unf = () => sb.onec.publications.find((p) => p.id === 'unf')!;
let sink: EventSink;
let wf: WorkflowJson;
let orders: TemplatePoller;

const creds = () => ({ bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 }, bitrix24OAuth2Api: { ...sb.app, drainRate: 50 } });
const run = (opts: { startNode?: string; input?: IDataObject[] } = {}) => runWorkflow(wf, creds(), { credsById: { onecUnf: oneCCredential(unf()) }, dataTables: sb.tables, ...opts });
const rest = async (method: string, body: unknown) => (await b24Rest(sb.b24.webhookUrl, method, body)) as { result: IDataObject & IDataObject[] };
const automation = async () => (await admin(sb.b24, 'automation')) as { robots: unknown[]; triggers: Array<{ CODE: string; NAME: string }>; log: Array<IDataObject & { kind: string }> };
const unfClient = () => OneCClient.create(fakeOneCHost(oneCCredential(unf())));
const webLink = (set: string, ref: string) => webClientLink(webClientBase(unf().url), set, ref)!;
/** robots placed on stages by the tests before are taken off (registrations stay) */
const clearStages = () => admin(sb.b24, 'automation/clear', {});

/** Every robot call the portal delivered to the handler goes through the trigger node and the workflow (a robot waiting for its result holds the next one). */
async function deliverRobotCalls(opts: { journal?: IDataObject[] } = {}): Promise<IDataObject[]> {
	const calls: IDataObject[] = [];
	for (let seen = 0; ; ) {
		await admin(sb.b24, 'automation/idle');
		if (sink.bodies.length === seen) return calls;
		const body = sink.bodies[seen++];
		const trigger = wf.nodes.find((n) => n.name === ROBOT_TRIGGER)!;
		const { ctx } = fakeWebhookContext(trigger.parameters, { bitrix24OAuth2Api: sb.app }, { rawBody: body });
		const items = ((await new Bitrix24Trigger().webhook.call(ctx)).workflowData?.[0] ?? []).map((x) => x.json);
		expect(items).toHaveLength(1);
		const r = await run({ startNode: ROBOT_TRIGGER, input: items });
		expect({ status: r.status, error: r.error?.message }).toEqual({ status: 'success', error: undefined });
		if (opts.journal) opts.journal.push(...r.itemsOut('Error journal').map((x) => x.json));
		else expect(r.itemsOut('Error journal')).toEqual([]);
		const answer = r.itemsOut('Robot report')[0] ?? r.itemsOut('No 1C document')[0];
		calls.push({ ...items[0], answered: r.itemsOut('Bitrix24: robot result').length, logMessage: answer?.json.logMessage });
	}
}

beforeAll(async () => {
	sink = await startEventSink();
	wf = template(FILE);
	const settings = wf.nodes.find((n) => n.name === 'Settings')!;
	const a = (settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	a.find((x) => x.name === 'robotHandlerUrl')!.value = sink.url;
	const linked = await runWorkflow(template('05-deal-order-sync.json'), creds(), { credsById: { onecUnf: oneCCredential(unf()) }, dataTables: sb.tables });
	expect(linked.status).toBe('success');
	orders = templatePoller(FILE, oneCCredential(unf()));
	expect(await orders.poll()).toEqual([]); // the baseline: orders as they are now
}, 120_000);
afterAll(() => sink?.server.close());

it('Run now registers the four robots and eight triggers named after the 1C base; a second run adds nothing', async () => {
	const r = await run();
	expect(r.status).toBe('success');
	expect(r.itemsOut('Bitrix24: register robot').map((x) => x.json)).toEqual(['onec_post_document', 'onec_unpost_document', 'onec_create_on_basis', 'onec_export_print_form'].map((code) => ({ code, registered: true, updated: false })));
	expect(r.itemsOut('Bitrix24: register trigger')).toHaveLength(8);
	const a = await automation();
	expect(a.robots).toHaveLength(4);
	expect(a.triggers.map((t) => t.NAME)).toContain('[1С] (УНФ (demo)) Документ стал оплаченным (Заказ покупателя)');
	const again = await run();
	expect(again.itemsOut('Bitrix24: register robot').every((x) => x.json.updated === true)).toBe(true);
	expect((await automation()).triggers).toHaveLength(8);
});

describe('a deal linked to an unposted 1C order', () => {
	let deal: number;
	let order: string;
	/** the stage codes of the deal's pipeline (`C1:NEW` in pipeline 1) */
	let stage: (code: string) => string;
	/** the deal of «two orders» and its orders: the first linked, the second named in its comment */
	let twoOrders: { deal: number; orders: string[] };
	beforeAll(async () => {
		// a deal of 05 and its order, the order unposted in 1C as a manager may leave it
		const links = (await rest('crm.deal.list', { filter: { '!ORIGIN_ID': '' }, select: ['ID', 'ORIGIN_ID', 'STAGE_ID', 'CATEGORY_ID'] })).result;
		deal = Number(links[0].ID);
		order = String(links[0].ORIGIN_ID);
		const prefix = Number(links[0].CATEGORY_ID) > 0 ? `C${String(links[0].CATEGORY_ID)}:` : '';
		stage = (code) => `${prefix}${code}`;
		const c = await unfClient();
		if ((await c.getByKey('Document_ЗаказПокупателя', order)).Posted !== true) {
			await c.post('Document_ЗаказПокупателя', order);
			await orders.poll();
		}
		await c.unpost('Document_ЗаказПокупателя', order);
		expect(await orders.poll()).toEqual([expect.objectContaining({ event: 'unposted', Ref_Key: order })]);
		await rest('crm.deal.update', { id: deal, fields: { STAGE_ID: stage('NEW') } });
		await admin(sb.b24, 'automation/idle');
	});

	it('entering the stage posts the order in 1C and puts its print form on the timeline; each robot gets its answer', async () => {
		await admin(sb.b24, 'automation/robots', { stageId: stage('PREPARATION'), code: 'onec_post_document', properties: { documentType: 'Document_ЗаказПокупателя' }, useSubscription: 'Y' });
		await admin(sb.b24, 'automation/robots', { stageId: stage('PREPARATION'), code: 'onec_export_print_form', properties: { documentType: 'Document_ЗаказПокупателя', printForm: 'invoice' }, useSubscription: 'Y' });
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: deal, fields: { STAGE_ID: stage('PREPARATION') } });
		const calls = await deliverRobotCalls();
		expect(calls.map((c) => [c.robotCode, c.entityId, c.answered])).toEqual([
			['onec_post_document', deal, 1],
			['onec_export_print_form', deal, 1],
		]);
		const c = await unfClient();
		expect((await c.getByKey('Document_ЗаказПокупателя', order)).Posted).toBe(true);
		const comments = (await rest('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'deal', ENTITY_ID: deal }, select: ['ID', 'COMMENT', 'FILES'] })).result;
		// «Счет на оплату» printed from the order, the PDF attached
		const pdfs = comments.filter((x) => /^Счет на оплату № .* печатная форма из 1С во вложении/.test(String(x.COMMENT)));
		expect(pdfs).toHaveLength(1);
		expect(Object.values(pdfs[0].FILES as Record<string, { name: string }>).map((f) => f.name)).toEqual([expect.stringMatching(/\.pdf$/)]);
		const log = (await automation()).log.filter((e) => e.kind === 'event' && Number(e.dealId ?? deal) === deal).map((e) => String(e.logMessage));
		expect(log).toEqual(expect.arrayContaining([expect.stringMatching(/проведён/), expect.stringMatching(/печатная форма «Счет на оплату»/)]));
	}, 120_000);

	it('the order paid in 1C fires «paid» on the deal: it moves to the trigger\'s stage; re-posting fires nothing', async () => {
		await admin(sb.b24, 'automation/triggers', { stageId: stage('UC_4F2K1A'), code: 'onec_paid' });
		// the post by the robot is seen as «posted» (it fires onec_posted, placed nowhere: the deal stays)
		const posted = await orders.poll();
		expect(posted.map((e) => [e.event, e.Ref_Key])).toEqual([['posted', order]]);
		expect((await run({ startNode: '1C: order events', input: posted })).itemsOut('Bitrix24: fire the trigger').map((x) => x.json.code)).toEqual(['onec_posted']);
		expect((await rest('crm.deal.get', { id: deal })).result.STAGE_ID).toBe(stage('PREPARATION'));

		const c = await unfClient();
		const o = await c.getByKey('Document_ЗаказПокупателя', order);
		const pay = await c.create('Document_ПоступлениеНаСчет', {
			Организация_Key: o.Организация_Key,
			Контрагент_Key: o.Контрагент_Key,
			Договор_Key: o.Договор_Key,
			Date: new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 19),
			СуммаДокумента: o.СуммаДокумента,
			РасшифровкаПлатежа: [{ LineNumber: '1', Договор_Key: o.Договор_Key, СчетНаОплату: order, СчетНаОплату_Type: 'StandardODATA.Document_ЗаказПокупателя', ПризнакАванса: false, СуммаПлатежа: o.СуммаДокумента }],
		});
		await c.post('Document_ПоступлениеНаСчет', String(pay.Ref_Key));
		const paid = await orders.poll();
		expect(paid.map((e) => [e.event, e.Ref_Key])).toEqual([['paid', order]]);
		const fired = await run({ startNode: '1C: order events', input: paid });
		expect(fired.itemsOut('Bitrix24: fire the trigger').map((x) => x.json)).toEqual([{ code: 'onec_paid', ownerTypeId: 2, ownerId: deal, fired: true }]);
		expect((await rest('crm.deal.get', { id: deal })).result.STAGE_ID).toBe(stage('UC_4F2K1A'));

		// re-posting the order: not «posted» again, nothing to fire
		await c.post('Document_ЗаказПокупателя', order);
		const reposted = await orders.poll();
		expect(reposted.map((e) => e.event)).not.toContain('posted');
		const triggersBefore = (await automation()).log.filter((e) => e.kind === 'trigger').length;
		if (reposted.length) await run({ startNode: '1C: order events', input: reposted });
		const fires = (await automation()).log.filter((e) => e.kind === 'trigger').slice(triggersBefore);
		expect(fires.map((e) => e.code)).not.toContain('onec_posted');
	}, 120_000);

	it('«create on basis» makes a posted sale of the order in 1C and a timeline comment that opens it in the 1C web client', async () => {
		await admin(sb.b24, 'automation/robots', { stageId: stage('EXECUTING'), code: 'onec_create_on_basis', properties: { documentType: 'Document_ЗаказПокупателя', basisType: 'Document_РасходнаяНакладная' }, useSubscription: 'Y' });
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: deal, fields: { STAGE_ID: stage('EXECUTING') } });
		const calls = await deliverRobotCalls();
		expect(calls.map((c) => [c.robotCode, c.answered])).toEqual([['onec_create_on_basis', 1]]);
		const c = await unfClient();
		const sales = await c.list('Document_РасходнаяНакладная', { filter: `Заказ eq cast(guid'${order}', 'Document_ЗаказПокупателя')`, limit: 5 });
		expect(sales).toHaveLength(1);
		expect(sales[0]).toMatchObject({ Posted: true });
		const comments = (await rest('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'deal', ENTITY_ID: deal } })).result;
		const ref = String(sales[0].Ref_Key).split('-');
		const link = `${unf().url.replace(/odata\/standard\.odata\/$/, '')}#e1cib/data/Документ.РасходнаяНакладная?ref=${ref[3]}${ref[4]}${ref[2]}${ref[1]}${ref[0]}`;
		expect(comments.filter((x) => String(x.COMMENT).includes(link))).toHaveLength(1);
	}, 120_000);

	it('two orders made from one deal: «paid» fires when either is paid — the second order found by the deal in its comment', async () => {
		const c = await unfClient();
		const first = await c.getByKey('Document_ЗаказПокупателя', order);
		const fresh = Number((await rest('crm.deal.add', { fields: { TITLE: 'Две заявки', CATEGORY_ID: 1, STAGE_ID: stage('NEW'), COMPANY_ID: 1 } })).result);
		const make = async (n: number) =>
			String(
				(
					await c.create('Document_ЗаказПокупателя', {
						Date: new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 19),
						Организация_Key: first.Организация_Key,
						Контрагент_Key: first.Контрагент_Key,
						Договор_Key: first.Договор_Key,
						СуммаДокумента: 1000,
						Комментарий: `Bitrix24 deal ${fresh} «Две заявки» (${n})`,
						Запасы: [{ ...(first.Запасы as IDataObject[])[0], LineNumber: '1', Количество: 1, Цена: 1000, Сумма: 1000, Всего: 1000 }],
					})
				).Ref_Key,
			);
		const [a, b] = [await make(1), await make(2)];
		// the first order holds the deal's link (as 05 makes it); the second names the deal only in its comment
		await rest('crm.deal.update', { id: fresh, fields: { ORIGINATOR_ID: String((await rest('crm.deal.get', { id: deal })).result.ORIGINATOR_ID), ORIGIN_ID: a } });
		for (const ref of [a, b]) await c.post('Document_ЗаказПокупателя', ref);
		// (the sale of the test before shipped the first deal's order: its «shipped» comes in this poll too)
		const posted = (await orders.poll()).filter((e) => e.Ref_Key === a || e.Ref_Key === b);
		expect(posted.map((e) => e.event)).toEqual(['posted', 'posted']);
		const onPost = await run({ startNode: '1C: order events', input: posted });
		expect(onPost.itemsOut('Bitrix24: fire the trigger').map((x) => x.json.ownerId)).toEqual([fresh, fresh]);

		// only the second order is paid
		const pay = await c.create('Document_ПоступлениеНаСчет', {
			Организация_Key: first.Организация_Key,
			Контрагент_Key: first.Контрагент_Key,
			Договор_Key: first.Договор_Key,
			Date: new Date(Date.now() + 4 * 3600_000).toISOString().slice(0, 19),
			СуммаДокумента: 1000,
			РасшифровкаПлатежа: [{ LineNumber: '1', Договор_Key: first.Договор_Key, СчетНаОплату: b, СчетНаОплату_Type: 'StandardODATA.Document_ЗаказПокупателя', ПризнакАванса: false, СуммаПлатежа: 1000 }],
		});
		await c.post('Document_ПоступлениеНаСчет', String(pay.Ref_Key));
		const paid = await orders.poll();
		expect(paid.map((e) => [e.event, e.Ref_Key])).toEqual([['paid', b]]);
		const fired = await run({ startNode: '1C: order events', input: paid });
		expect(fired.itemsOut('Bitrix24: fire the trigger').map((x) => x.json)).toEqual([{ code: 'onec_paid', ownerTypeId: 2, ownerId: fresh, fired: true }]);
		expect((await rest('crm.deal.get', { id: fresh })).result.STAGE_ID).toBe(stage('UC_4F2K1A'));
		twoOrders = { deal: fresh, orders: [a, b] };
	}, 120_000);

	it('a robot acts on every document of its type bound to the deal — its link and its timeline — and answers once', async () => {
		const {
			deal: fresh,
			orders: [a, b],
		} = twoOrders;
		await clearStages();
		// the second order bound the way the syncs bind: a timeline comment with its 1C link (F13)
		await rest('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: fresh, COMMENT: `Создан в 1С: Заказ покупателя.\nОткрыть в 1С: ${webLink('Document_ЗаказПокупателя', b)}` } });
		await admin(sb.b24, 'automation/robots', { stageId: stage('PREPARATION'), code: 'onec_unpost_document', properties: { documentType: 'Document_ЗаказПокупателя' }, useSubscription: 'Y' });
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: fresh, fields: { STAGE_ID: stage('PREPARATION') } });
		const calls = await deliverRobotCalls();
		expect(calls.map((x) => [x.robotCode, x.entityId, x.answered])).toEqual([['onec_unpost_document', fresh, 1]]);
		const c = await unfClient();
		for (const ref of [a, b]) expect((await c.getByKey('Document_ЗаказПокупателя', ref)).Posted).toBe(false);
		const done = /^1С: распроведён документ «Заказ покупателя» № \S+ от \d\d\.\d\d\.\d{4}$/;
		expect(String(calls[0].logMessage).split('\n')).toEqual([expect.stringMatching(done), expect.stringMatching(done)]);
		const events = (await automation()).log.filter((e) => e.kind === 'event');
		expect(events.map((e) => e.logMessage)).toEqual([calls[0].logMessage]);
	}, 120_000);

	it('of two bound documents one is gone: the other is posted, the one answer names both, the journal the failure; a deal with none is told so', async () => {
		const {
			deal: fresh,
			orders: [a],
		} = twoOrders;
		await clearStages();
		const gone = '0badf00d-0000-4000-8000-000000000001';
		await rest('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: fresh, COMMENT: `Открыть в 1С: ${webLink('Document_ЗаказПокупателя', gone)}` } });
		await admin(sb.b24, 'automation/robots', { stageId: stage('EXECUTING'), code: 'onec_post_document', properties: { documentType: 'Document_ЗаказПокупателя' }, useSubscription: 'Y' });
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: fresh, fields: { STAGE_ID: stage('EXECUTING') } });
		const journal: IDataObject[] = [];
		const calls = await deliverRobotCalls({ journal });
		expect(calls.map((x) => [x.robotCode, x.answered])).toEqual([['onec_post_document', 1]]);
		const c = await unfClient();
		expect((await c.getByKey('Document_ЗаказПокупателя', a)).Posted).toBe(true);
		const lines = String(calls[0].logMessage).split('\n');
		expect(lines).toEqual([expect.stringMatching(/^1С: проведён документ/), expect.stringMatching(/^1С: проведён документ/), expect.stringMatching(`^Ошибка \\(Заказ покупателя ${gone}\\): .*no object with this key`)]);
		expect(journal).toEqual([expect.objectContaining({ object: `deal ${fresh}, robot onec_post_document`, cause: lines[2] })]);

		// a deal bound to nothing: the robot is answered that there is nothing to post
		const bare = Number((await rest('crm.deal.add', { fields: { TITLE: 'Без заказа', CATEGORY_ID: 1, STAGE_ID: stage('NEW') } })).result);
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: bare, fields: { STAGE_ID: stage('EXECUTING') } });
		const none = await deliverRobotCalls();
		expect(none.map((x) => [x.answered, x.logMessage])).toEqual([[1, expect.stringMatching(/^В 1С нет документов «Заказ покупателя», связанных со сделкой \d+/)]]);
	}, 120_000);

	it('the sale created on basis is bound by its comment: the «unpost» robot for «Расходная накладная» unposts it, not the order', async () => {
		await clearStages();
		const c = await unfClient();
		const sales = await c.list('Document_РасходнаяНакладная', { filter: `Заказ eq cast(guid'${order}', 'Document_ЗаказПокупателя')`, limit: 5 });
		expect(sales.map((x) => x.Posted)).toEqual([true]);
		const orderPosted = (await c.getByKey('Document_ЗаказПокупателя', order)).Posted;
		await rest('crm.deal.update', { id: deal, fields: { STAGE_ID: stage('NEW') } });
		await admin(sb.b24, 'automation/robots', { stageId: stage('PREPARATION'), code: 'onec_unpost_document', properties: { documentType: 'Document_РасходнаяНакладная' }, useSubscription: 'Y' });
		sink.bodies.length = 0;
		await rest('crm.deal.update', { id: deal, fields: { STAGE_ID: stage('PREPARATION') } });
		const calls = await deliverRobotCalls();
		expect(calls.map((x) => [x.answered, x.logMessage])).toEqual([[1, expect.stringMatching(/^1С: распроведён документ «Расходная накладная» № \S+ от /)]]);
		expect((await c.getByKey('Document_РасходнаяНакладная', String(sales[0].Ref_Key))).Posted).toBe(false);
		expect((await c.getByKey('Document_ЗаказПокупателя', order)).Posted).toBe(orderPosted);
	}, 120_000);
});

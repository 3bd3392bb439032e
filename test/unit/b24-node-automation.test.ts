/**
 * Issue 11 — the Bitrix24 node's Automation Robot / Automation Trigger resources and the Bitrix24
 * Trigger's «Robot Called» against the sandbox portal: registration is idempotent, only an
 * application (OAuth2) may register, a deal entering a stage calls the robot's handler and that
 * call comes out of the trigger as an item with the deal, the code, the parameters and the token,
 * Send Result answers it, and firing a trigger moves the deal.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { b24AppCredentialData } from '../../scripts/n8n-home';
import { sandboxApp } from '../../scripts/demo-env';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { admin, sandbox } from '../helpers/b24';
import { fakeWebhookContext } from '../helpers/b24-host';
import { startEventSink, type EventSink } from '../helpers/event-sink';
import { runNode } from '../helpers/n8n';
import { b24Rest } from '../../scripts/checks/rest';

let sb: Bitrix24Sandbox;
let sink: EventSink;
let oauth: ICredentialDataDecryptedObject;
beforeAll(async () => {
	sb = await sandbox({ companies: 10 });
	sink = await startEventSink();
	oauth = b24AppCredentialData(await sandboxApp(sb.baseUrl)) as ICredentialDataDecryptedObject;
});
afterAll(async () => {
	await sb?.close();
	sink?.server.close();
});

const app = (parameters: IDataObject, input: IDataObject[] = [{}]) =>
	runNode({ parameters: { authentication: 'oAuth2', ...parameters }, onError: 'continueRegularOutput', credentials: { bitrix24OAuth2Api: { id: 'app', name: 'Bitrix24 app' } } }, input, { bitrix24OAuth2Api: oauth });
/** a deal of the main pipeline put in stage NEW (by the webhook user, as a person would) */
async function newDeal(): Promise<number> {
	const r = (await b24Rest(sb.webhookUrl, 'crm.deal.add', { fields: { TITLE: 'Сделка для автоматизации', CATEGORY_ID: 0, STAGE_ID: 'NEW' } })) as { result: number };
	return Number(r.result);
}
const viaWebhook = (parameters: IDataObject) => runNode({ parameters, onError: 'continueRegularOutput' }, [{}], { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } });
const robot = (code: string) => ({ resource: 'automationRobot', operation: 'register', code, robotName: `[1С] (demo) ${code}`, handler: sink.url, useSubscription: true, robotProperties: JSON.stringify({ documentType: { Name: 'Тип документа 1С в таймлайне', Type: 'string', Required: 'Y' } }) });

it('registers a robot once (a second Register updates it) and lists it; an inbound webhook is refused', async () => {
	const first = await app(robot('onec_post_document'));
	expect(first.items.map((x) => x.json)).toEqual([{ code: 'onec_post_document', registered: true, updated: false }]);
	const again = await app({ ...robot('onec_post_document'), robotName: '[1С] (demo) Проведение документа' });
	expect(again.items[0].json).toEqual({ code: 'onec_post_document', registered: true, updated: true });
	const list = await app({ resource: 'automationRobot', operation: 'getAll' });
	expect(list.items.map((x) => x.json.code)).toContain('onec_post_document');
	const refused = await viaWebhook(robot('onec_other'));
	expect(String(refused.items[0].json.error)).toMatch(/Application context required|ACCESS_DENIED/);
});

it('a deal entering the robot\'s stage calls the handler; the Bitrix24 Trigger outputs the call; Send Result answers it', async () => {
	await admin(sb, 'automation/robots', { stageId: 'PREPARATION', code: 'onec_post_document', properties: { documentType: 'Document_ЗаказПокупателя' }, useSubscription: 'Y' });
	const id = await newDeal();
	await admin(sb, 'automation/idle');
	sink.bodies.length = 0;
	await b24Rest(sb.webhookUrl, 'crm.deal.update', { id, fields: { STAGE_ID: 'PREPARATION' } });
	await admin(sb, 'automation/idle');
	expect(sink.bodies).toHaveLength(1);

	const params = { authentication: 'oAuth2', events: ['ROBOT'], robotCodes: '' };
	const { ctx } = fakeWebhookContext(params, { bitrix24OAuth2Api: oauth }, { rawBody: sink.bodies[0] });
	const out = (await new Bitrix24Trigger().webhook.call(ctx)).workflowData?.[0] ?? [];
	expect(out).toHaveLength(1);
	const call = out[0].json;
	expect(call).toMatchObject({ event: 'ROBOT', robotCode: 'onec_post_document', entityType: 'DEAL', entityTypeId: 2, entityId: id, properties: { documentType: 'Document_ЗаказПокупателя' }, waitsForResult: true });
	expect(JSON.stringify(call)).not.toContain(DEFAULT_APP.applicationToken);
	expect(JSON.stringify(call)).not.toMatch(/access_token|refresh_token/);

	// another code is not this workflow's: nothing starts
	const other = fakeWebhookContext({ ...params, robotCodes: 'onec_print_form' }, { bitrix24OAuth2Api: oauth }, { rawBody: sink.bodies[0] });
	expect((await new Bitrix24Trigger().webhook.call(other.ctx)).workflowData).toBeUndefined();
	// a forged application token is refused
	const forged = fakeWebhookContext(params, { bitrix24OAuth2Api: { ...oauth, applicationToken: 'another-token-of-some-app' } }, { rawBody: sink.bodies[0] });
	await new Bitrix24Trigger().webhook.call(forged.ctx);
	expect(forged.res.statusCode).toBe(403);

	const sent = await app({ resource: 'automationRobot', operation: 'sendResult', eventToken: call.eventToken, logMessage: '1C: Заказ покупателя проведён' });
	expect(sent.items[0].json).toEqual({ sent: true });
	const log = (await admin(sb, 'automation')) as { log: Array<{ kind: string; logMessage?: string }> };
	expect(log.log.filter((e) => e.kind === 'event').map((e) => e.logMessage)).toContain('1C: Заказ покупателя проведён');
	// the token is spent
	const twice = await app({ resource: 'automationRobot', operation: 'sendResult', eventToken: call.eventToken });
	expect(String(twice.items[0].json.error)).toMatch(/Access denied/i);
});

it('Send Result whose answer is lost after the portal took it: the re-sent answer finds the token used, and that is success', async () => {
	const id = await newDeal();
	await admin(sb, 'automation/idle');
	sink.bodies.length = 0;
	await b24Rest(sb.webhookUrl, 'crm.deal.update', { id, fields: { STAGE_ID: 'PREPARATION' } });
	await admin(sb, 'automation/idle');
	const { ctx } = fakeWebhookContext({ authentication: 'oAuth2', events: ['ROBOT'], robotCodes: '' }, { bitrix24OAuth2Api: oauth }, { rawBody: sink.bodies[0] });
	const call = ((await new Bitrix24Trigger().webhook.call(ctx)).workflowData?.[0] ?? [])[0].json;
	sb.portal.faults.arm('bizproc.event.send', 'reset', true);
	const sent = await app({ resource: 'automationRobot', operation: 'sendResult', eventToken: call.eventToken, logMessage: `1C: ответ по сделке ${id}` });
	expect(sent.items[0].json).toEqual({ sent: true, answerLost: true });
	const log = (await admin(sb, 'automation')) as { log: Array<{ kind: string; logMessage?: string }> };
	expect(log.log.filter((e) => e.kind === 'event' && e.logMessage === `1C: ответ по сделке ${id}`)).toHaveLength(1);
	// a token refused at the first attempt is an error as before
	const stale = await app({ resource: 'automationRobot', operation: 'sendResult', eventToken: call.eventToken });
	expect(String(stale.items[0].json.error)).toMatch(/Access denied/i);
});

it('registers an application trigger and firing it moves the deal to the trigger\'s stage', async () => {
	const reg = await app({ resource: 'automationTrigger', operation: 'register', code: 'onec_paid', triggerName: '[1С] (demo) Оплата документа (Заказ покупателя)' });
	expect(reg.items[0].json).toEqual({ code: 'onec_paid', registered: true });
	const list = await app({ resource: 'automationTrigger', operation: 'getAll' });
	expect(list.items.map((x) => x.json)).toContainEqual({ NAME: '[1С] (demo) Оплата документа (Заказ покупателя)', CODE: 'onec_paid' });
	await admin(sb, 'automation/triggers', { stageId: 'FINAL_INVOICE', code: 'onec_paid' });
	const id = await newDeal();
	const fired = await app({ resource: 'automationTrigger', operation: 'execute', code: 'onec_paid', ownerTypeId: 2, ownerId: id });
	expect(fired.items[0].json).toEqual({ code: 'onec_paid', ownerTypeId: 2, ownerId: Number(id), fired: true });
	const after = (await b24Rest(sb.webhookUrl, 'crm.deal.get', { id })) as { result: { STAGE_ID: string } };
	expect(after.result.STAGE_ID).toBe('FINAL_INVOICE');
	const unknown = await app({ resource: 'automationTrigger', operation: 'execute', code: 'onec_nope', ownerTypeId: 2, ownerId: id });
	expect(String(unknown.items[0].json.error)).toMatch(/not registered/);
});

/**
 * Application automation in the Bitrix24 sandbox: robots (bizproc.robot.*), bizproc.event.send,
 * application triggers (crm.automation.trigger.*), and what the portal does on its own — a deal
 * entering a stage calls the placed robots' handlers, a trigger moves the deal forward.
 */
import { parseQueryString } from '../../sandbox/bitrix24/core/params';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { admin, post, postForm, sandbox, type Reply } from '../helpers/b24';
import { startEventSink, type EventSink } from '../helpers/event-sink';

let sb: Bitrix24Sandbox;
let sink: EventSink;
let token: string;

const app = (method: string, params: Record<string, unknown> = {}, auth = token): Promise<Reply> => post(`${sb.baseUrl}/rest/${method}.json`, { ...params, auth });
const hook = (method: string, params: Record<string, unknown> = {}): Promise<Reply> => post(`${sb.webhookUrl}${method}.json`, params);
const err = (r: Reply) => ({ status: r.status, error: r.body.error, error_description: r.body.error_description });
const bodies = () => sink.bodies.map((b) => parseQueryString(b.toString('utf8')) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
const robot = (code: string, extra: Record<string, unknown> = {}) => ({ CODE: code, HANDLER: sink.url, AUTH_USER_ID: 1, NAME: { ru: 'Робот', en: 'Robot' }, ...extra });

async function newDeal(stage = 'NEW'): Promise<number> {
	const r = await hook('crm.deal.add', { fields: { TITLE: 'Автоматизация', STAGE_ID: stage } });
	return Number(r.body.result);
}
const dealStage = async (id: number) => (await hook('crm.deal.get', { id })).body.result.STAGE_ID;
async function settle(): Promise<void> {
	await admin(sb, 'automation/idle');
	await admin(sb, 'events/idle');
}

beforeAll(async () => {
	sb = await sandbox();
	sink = await startEventSink();
});
afterAll(async () => {
	await sb.close();
	await new Promise((r) => sink.server.close(r));
});
beforeEach(async () => {
	await admin(sb, 'reset', { companies: 20 });
	token = (await admin(sb, 'oauth/issue', {})).access_token;
	sink.bodies.length = 0;
});

describe('access', () => {
	it('refuses webhooks (no application context) and non-administrators, as documented', async () => {
		const ctx = { status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' };
		expect(err(await hook('bizproc.robot.add', robot('r1')))).toEqual(ctx);
		expect(err(await hook('bizproc.robot.list'))).toEqual(ctx);
		expect(err(await hook('crm.automation.trigger.add', { CODE: 't1', NAME: 'T' }))).toEqual(ctx);
		expect(err(await hook('crm.automation.trigger.execute', { CODE: 't1', OWNER_TYPE_ID: 2, OWNER_ID: 1 }))).toEqual(ctx);
		// a user without CRM permissions fails the CRM check first
		const noCrm = await post(`${sb.baseUrl}/rest/3/b24sandboxnocrm00003/crm.automation.trigger.list.json`, {});
		expect(err(noCrm)).toEqual({ status: 400, error: '', error_description: 'Access denied.' });

		const user2 = (await admin(sb, 'oauth/issue', { userId: 2 })).access_token;
		expect(err(await app('bizproc.robot.add', robot('r1'), user2))).toEqual({ status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied!' });
		expect(err(await app('crm.automation.trigger.list', {}, user2))).toEqual({ status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied! Admin permissions required' });
		expect((await app('bizproc.robot.list')).body.result).toEqual([]);
	});
});

describe('robots', () => {
	it('add / list / update / delete with the documented validation errors', async () => {
		const v = (d: string) => ({ status: 400, error: 'ERROR_ACTIVITY_VALIDATION_FAILURE', error_description: d });
		expect(err(await app('bizproc.robot.add', robot('')))).toEqual(v('Empty activity code!'));
		expect(err(await app('bizproc.robot.add', robot('bad code!')))).toEqual(v('Wrong activity code!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { HANDLER: 'ftp://example.com/h' })))).toEqual({ status: 400, error: 'ERROR_UNSUPPORTED_PROTOCOL', error_description: 'Unsupported handler protocol' });
		expect(err(await app('bizproc.robot.add', robot('r1', { HANDLER: 'not a url' })))).toEqual({ status: 400, error: 'ERROR_WRONG_HANDLER_URL', error_description: 'Wrong handler URL' });
		expect(err(await app('bizproc.robot.add', robot('r1', { NAME: '' })))).toEqual(v('Empty activity NAME!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { PROPERTIES: { '1x': { Name: 'X' } } })))).toEqual(v('Wrong property key (1x)!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { PROPERTIES: { text: { Type: 'string' } } })))).toEqual(v('Empty property NAME (text)!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { RETURN_PROPERTIES: 'x' })))).toEqual(v('Wrong properties array!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { DOCUMENT_TYPE: ['crm', 'Nope', 'DEAL'] })))).toEqual(v('Wrong activity DOCUMENT_TYPE!'));
		expect(err(await app('bizproc.robot.add', robot('r1', { FILTER: 'deal' })))).toEqual(v('Wrong activity FILTER!'));

		const full = robot('send.to-1c_v2', { USE_SUBSCRIPTION: 'Y', DESCRIPTION: 'Отправить в 1С', DOCUMENT_TYPE: ['crm', 'CCrmDocumentDeal', 'DEAL'], FILTER: { INCLUDE: [['crm', 'CCrmDocumentDeal']] }, PROPERTIES: { text: { Name: 'Текст', Type: 'text' } }, RETURN_PROPERTIES: { outputString: { Name: 'Результат', Type: 'string' } } });
		expect((await app('bizproc.robot.add', full)).body.result).toBe(true);
		expect(err(await app('bizproc.robot.add', full))).toEqual({ status: 400, error: 'ERROR_ACTIVITY_ALREADY_INSTALLED', error_description: 'Activity or Robot already installed!' });
		// form-encoded, as PHP clients send it; a plain-string NAME
		const form = `CODE=r2&HANDLER=${encodeURIComponent(sink.url)}&NAME=${encodeURIComponent('Второй')}&PROPERTIES[amount][Name]=Sum&PROPERTIES[amount][Type]=int&auth=${token}`;
		expect((await postForm(`${sb.baseUrl}/rest/bizproc.robot.add.json`, form)).body.result).toBe(true);
		expect((await app('bizproc.robot.list')).body.result).toEqual(['send.to-1c_v2', 'r2']);
		const stored = (await admin(sb, 'automation')).robots;
		expect(stored[1]).toMatchObject({ APP_ID: DEFAULT_APP.clientId, CODE: 'r2', NAME: 'Второй', PROPERTIES: { amount: { NAME: 'Sum', TYPE: 'int' } } });

		const nf = { status: 400, error: 'ERROR_ACTIVITY_NOT_FOUND', error_description: 'Activity or Robot not found!' };
		expect(err(await app('bizproc.robot.update', { CODE: 'nope', FIELDS: { NAME: 'x' } }))).toEqual(nf);
		expect(err(await app('bizproc.robot.update', { CODE: 'r2' }))).toEqual(v('No fields to update'));
		expect(err(await app('bizproc.robot.update', { CODE: 'r2', FIELDS: { NAME: '' } }))).toEqual(v('No fields to update'));
		expect(err(await app('bizproc.robot.update', { CODE: 'r2', FIELDS: { HANDLER: 'ftp://x.example/' } }))).toEqual({ status: 400, error: 'ERROR_UNSUPPORTED_PROTOCOL', error_description: 'Unsupported handler protocol' });
		expect((await app('bizproc.robot.update', { CODE: 'r2', FIELDS: { NAME: 'Переименован', USE_SUBSCRIPTION: 'N' } })).body.result).toBe(true);
		expect((await admin(sb, 'automation')).robots[1]).toMatchObject({ NAME: 'Переименован', USE_SUBSCRIPTION: 'N' });

		expect((await app('bizproc.robot.delete', { CODE: 'r2' })).body.result).toBe(true);
		expect(err(await app('bizproc.robot.delete', { CODE: 'r2' }))).toEqual(nf);
		expect(err(await app('bizproc.robot.delete', {}))).toEqual(v('Empty activity code!'));
		expect((await app('bizproc.robot.list')).body.result).toEqual(['send.to-1c_v2']);
	});

	it('a deal entering a stage calls the placed robot with the documented request', async () => {
		await app('bizproc.robot.add', robot('notify', { PROPERTIES: { text: { Name: 'Text', Type: 'string' }, amount: { Name: 'Sum', Type: 'int', Default: '5' } } }));
		expect((await admin(sb, 'automation/robots', { stageId: 'NOPE', code: 'notify' })).error).toMatch(/unknown deal stage/);
		expect((await admin(sb, 'automation/robots', { stageId: 'PREPARATION', code: 'other' })).error).toMatch(/not registered/);
		const placed = await admin(sb, 'automation/robots', { stageId: 'PREPARATION', code: 'notify', properties: { text: 'Сделка {=Document:TITLE} #{=Document:ID}' } });
		expect(placed.ok).toBe(true);

		const id = await newDeal('NEW');
		await hook('crm.deal.update', { id, fields: { COMMENTS: 'no stage change' } });
		await settle();
		expect(sink.bodies).toHaveLength(0);

		await hook('crm.deal.update', { id, fields: { STAGE_ID: 'PREPARATION' } });
		await settle();
		expect(sink.bodies).toHaveLength(1);
		const b = bodies()[0];
		expect(b).toEqual({
			workflow_id: expect.stringMatching(/^[0-9a-f]+\.\d{8}$/),
			code: 'notify',
			document_id: ['crm', 'CCrmDocumentDeal', `DEAL_${id}`],
			document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
			event_token: expect.stringMatching(/^[0-9a-f]+\.\d{8}\|A\d{5}_\d{5}_\d{5}_\d{5}\|[0-9a-f]{32}\.[0-9a-f]{64}$/),
			properties: { text: `Сделка Автоматизация #${id}`, amount: '5' },
			use_subscription: 'N',
			timeout_duration: '0',
			ts: expect.stringMatching(/^\d{10}$/),
			auth: {
				access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
				expires: expect.stringMatching(/^\d+$/),
				expires_in: '3600',
				scope: expect.any(String),
				domain: new URL(sb.baseUrl).host,
				server_endpoint: 'https://oauth.bitrix24.tech/rest/',
				status: 'L',
				client_endpoint: `${sb.baseUrl}/rest/`,
				member_id: expect.any(String),
				user_id: '1',
				refresh_token: expect.any(String),
				application_token: DEFAULT_APP.applicationToken,
			},
		});
		// the token in the request works for calls back into the portal
		expect((await app('crm.deal.get', { id }, b.auth.access_token)).body.result.ID).toBe(String(id));
		const log = (await admin(sb, 'automation')).log.filter((e: { kind: string }) => e.kind === 'robot');
		expect(log).toEqual([expect.objectContaining({ code: 'notify', url: sink.url, status: 200, ms: expect.any(Number), ts: expect.any(Number), dealId: id, stageId: 'PREPARATION' })]);

		// crm.item.update (entityTypeId 2) and crm.deal.add straight into the stage start it as well
		await hook('crm.deal.update', { id, fields: { STAGE_ID: 'NEW' } });
		await hook('crm.item.update', { entityTypeId: 2, id, fields: { stageId: 'PREPARATION' } });
		const id2 = await newDeal('PREPARATION');
		const id3 = Number((await hook('crm.item.add', { entityTypeId: 2, fields: { title: 'Через item', stageId: 'PREPARATION' } })).body.result.item.id);
		await settle();
		// the three calls are delivered concurrently: their order at the handler is not fixed
		const calls = bodies().map((x) => String(x.document_id[2]));
		expect(calls[0]).toBe(`DEAL_${id}`);
		expect(calls.slice(1).sort()).toEqual([id, id2, id3].map((d) => `DEAL_${d}`).sort());
	});

	it('a waiting robot holds the stage until bizproc.event.send with its token, accepted once', async () => {
		await app('bizproc.robot.add', robot('ask1c', { USE_SUBSCRIPTION: 'Y', RETURN_PROPERTIES: { outputString: { Name: 'Out', Type: 'string' } } }));
		await app('bizproc.robot.add', robot('after'));
		await admin(sb, 'automation/robots', { stageId: 'EXECUTING', code: 'ask1c' });
		await admin(sb, 'automation/robots', { stageId: 'EXECUTING', code: 'after' });
		const id = await newDeal('EXECUTING');
		await settle();
		expect(bodies().map((x) => [x.code, x.use_subscription])).toEqual([['ask1c', 'Y']]);
		const tok = bodies()[0].event_token;

		expect(err(await hook('bizproc.event.send', { EVENT_TOKEN: 'forged|A1|x.y' }))).toEqual({ status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied!' });
		// any user may answer (a webhook here); values outside RETURN_PROPERTIES are dropped
		const ok = await hook('bizproc.event.send', { event_token: tok, return_values: { OUTPUTSTRING: 'Заказ 42', other: 'x' }, log_message: 'Создан заказ в 1С' });
		expect(ok.body.result).toBe(true);
		expect(err(await app('bizproc.event.send', { EVENT_TOKEN: tok }))).toEqual({ status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied!' });
		await settle();
		expect(bodies().map((x) => x.code)).toEqual(['ask1c', 'after']);
		const state = await admin(sb, 'automation');
		expect(state.log.find((e: { kind: string }) => e.kind === 'event')).toMatchObject({ code: 'ask1c', dealId: id, returnValues: { outputString: 'Заказ 42' }, logMessage: 'Создан заказ в 1С' });
		expect(state.workflows[0]).toMatchObject({ dealId: id, status: 'completed' });

		// a deal that leaves the stage stops its waiting robot: the token is stale
		const id2 = await newDeal('EXECUTING');
		await settle();
		const tok2 = bodies()[2].event_token;
		await hook('crm.deal.update', { id: id2, fields: { STAGE_ID: 'FINAL_INVOICE' } });
		expect(err(await app('bizproc.event.send', { EVENT_TOKEN: tok2 })).error).toBe('ACCESS_DENIED');
	});
});

describe('application triggers', () => {
	it('add (re-add renames) / list / delete with the documented errors', async () => {
		const e = (d: string) => ({ status: 400, error: '', error_description: d });
		expect((await app('crm.automation.trigger.add', { CODE: 'paid_in_1c', NAME: 'Оплата в 1С' })).body.result).toBe(true);
		expect((await app('crm.automation.trigger.add', { CODE: 'paid_in_1c', NAME: 'Оплачено в 1С' })).body.result).toBe(true);
		expect((await app('crm.automation.trigger.add', { CODE: 'shipped', NAME: 'Отгружено' })).body.result).toBe(true);
		expect((await app('crm.automation.trigger.list')).body.result).toEqual([{ NAME: 'Оплачено в 1С', CODE: 'paid_in_1c' }, { NAME: 'Отгружено', CODE: 'shipped' }]);
		expect(err(await app('crm.automation.trigger.add', { NAME: 'x' }))).toEqual(e('Empty trigger code!'));
		expect(err(await app('crm.automation.trigger.add', { CODE: 'Paid', NAME: 'x' }))).toEqual(e('Wrong trigger code!'));
		expect(err(await app('crm.automation.trigger.add', { CODE: 'x1' }))).toEqual(e('Empty trigger name!'));
		expect(err(await app('crm.automation.trigger.delete', { CODE: 'nope' }))).toEqual(e('Trigger not found'));
		expect((await app('crm.automation.trigger.delete', { CODE: 'shipped' })).body.result).toBe(true);
		expect((await app('crm.automation.trigger.list')).body.result).toEqual([{ NAME: 'Оплачено в 1С', CODE: 'paid_in_1c' }]);

		const id = await newDeal();
		const exec = (p: Record<string, unknown>) => app('crm.automation.trigger.execute', { CODE: 'paid_in_1c', OWNER_TYPE_ID: 2, OWNER_ID: id, ...p });
		expect(err(await exec({ CODE: 'shipped' }))).toEqual(e('Trigger with code shipped is not registered.'));
		expect(err(await exec({ OWNER_TYPE_ID: 999 }))).toEqual(e('Incorrect parameter OWNER_TYPE_ID.'));
		expect(err(await exec({ OWNER_ID: 0 }))).toEqual(e('Incorrect parameter OWNER_ID.'));
		expect(err(await exec({ OWNER_ID: 999999 }))).toEqual(e('Incorrect parameter OWNER_ID.'));
		expect((await exec({})).body.result).toBe(true); // not placed anywhere: nothing moves
		expect(await dealStage(id)).toBe('NEW');
	});

	it('execute moves the deal forward to the trigger stage (update event, robots) and never backwards', async () => {
		await admin(sb, 'outbound-webhook', { handler: sink.url, events: ['ONCRMDEALUPDATE'] });
		await app('crm.automation.trigger.add', { CODE: 'paid_in_1c', NAME: 'Оплата в 1С' });
		await app('bizproc.robot.add', robot('on_paid'));
		expect((await admin(sb, 'automation/triggers', { stageId: 'EXECUTING', code: 'nope' })).error).toMatch(/not registered/);
		expect((await admin(sb, 'automation/triggers', { stageId: 'EXECUTING', code: 'paid_in_1c' })).ok).toBe(true);
		await admin(sb, 'automation/robots', { stageId: 'EXECUTING', code: 'on_paid' });

		const id = await newDeal('PREPARATION');
		await settle();
		sink.bodies.length = 0;
		expect((await app('crm.automation.trigger.execute', { CODE: 'paid_in_1c', OWNER_TYPE_ID: 2, OWNER_ID: id })).body.result).toBe(true);
		expect(await dealStage(id)).toBe('EXECUTING');
		await settle();
		const got = bodies();
		expect(got.find((x) => x.event === 'ONCRMDEALUPDATE')?.data).toEqual({ FIELDS: { ID: String(id) } });
		expect(got.find((x) => x.code === 'on_paid')?.document_id).toEqual(['crm', 'CCrmDocumentDeal', `DEAL_${id}`]);
		const history = (await hook('crm.stagehistory.list', { entityTypeId: 2, filter: { OWNER_ID: id } })).body.result.items;
		expect(history.map((h: { STAGE_ID: string; TYPE_ID: string }) => [h.TYPE_ID, h.STAGE_ID])).toEqual([['1', 'PREPARATION'], ['2', 'EXECUTING']]);

		// again in the same stage: nothing; from a later stage: not backwards
		await app('crm.automation.trigger.execute', { CODE: 'paid_in_1c', OWNER_TYPE_ID: 2, OWNER_ID: id });
		const won = await newDeal('FINAL_INVOICE');
		expect((await app('crm.automation.trigger.execute', { CODE: 'paid_in_1c', OWNER_TYPE_ID: 2, OWNER_ID: won })).body.result).toBe(true);
		expect(await dealStage(won)).toBe('FINAL_INVOICE');
		const moves = (await admin(sb, 'automation')).log.filter((x: { kind: string }) => x.kind === 'trigger');
		expect(moves.map((m: { moved: boolean; note?: string }) => [m.moved, m.note])).toEqual([
			[true, undefined],
			[false, 'already in the stage'],
			[false, 'moving back is not allowed'],
		]);

		// a placement that allows going back moves it
		await admin(sb, 'automation/clear', {});
		await admin(sb, 'automation/triggers', { stageId: 'EXECUTING', code: 'paid_in_1c', allowBackwards: true });
		await app('crm.automation.trigger.execute', { CODE: 'paid_in_1c', OWNER_TYPE_ID: 2, OWNER_ID: won });
		expect(await dealStage(won)).toBe('EXECUTING');
	});
});

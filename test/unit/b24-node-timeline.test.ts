import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { binaryOf, runNode, type Credentials } from '../helpers/n8n';

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)), Buffer.from('\n%%EOF\n')]);

describe('Bitrix24 node: timeline comments and activities on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	const run = (parameters: IDataObject, input: IDataObject[], onError?: 'continueRegularOutput') => runNode({ parameters, onError }, input, creds);
	beforeAll(async () => {
		sb = await sandbox({ companies: 3 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('comments: batched without files, one request with files, read back, updated, listed, deleted', async () => {
		await admin(sb, 'counters/reset', {});
		const created = await run(
			{ resource: 'timelineComment', operation: 'create', ownerType: '={{ $json.type }}', ownerId: '={{ $json.id }}', comment: '={{ $json.text }}' },
			[
				{ type: 'deal', id: 1, text: 'Счёт выставлен в 1С' },
				{ type: 'company', id: 1, text: 'Сверка отправлена' },
				{ type: 'deal', id: 1, text: 'Оплата получена' },
			],
		);
		expect(created.error).toBeUndefined();
		expect(created.items[2].pairedItem).toEqual({ item: 2 });
		let c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(3);
		const ids = created.items.map((x) => x.json.id as number);

		await admin(sb, 'counters/reset', {});
		const withFile = await runNode(
			{ parameters: { resource: 'timelineComment', operation: 'create', ownerType: 'deal', ownerId: 1, comment: 'Счёт во вложении', binaryProperties: 'data' } },
			[{}],
			creds,
			{ binary: [{ data: binaryOf(pdf, 'invoice-15.pdf', 'application/pdf') }] },
		);
		expect(withFile.error).toBeUndefined();
		c = await admin(sb, 'counters');
		expect(c.byMethod).toEqual({ 'crm.timeline.comment.add': 1 });
		const fileCommentId = withFile.items[0].json.id as number;
		const got = await run({ resource: 'timelineComment', operation: 'get', id: fileCommentId }, [{}]);
		const files = Object.values(got.items[0].json.FILES as Record<string, { name: string; size: number; urlDownload: string }>);
		expect(files.map((f) => [f.name, f.size])).toEqual([['invoice-15.pdf', pdf.length]]);
		expect(Buffer.from(await (await fetch(files[0].urlDownload)).arrayBuffer()).equals(pdf)).toBe(true);

		await admin(sb, 'counters/reset', {});
		const upd = await run({ resource: 'timelineComment', operation: 'update', id: '={{ $json.id }}', comment: '={{ "Изменено: " + $json.id }}' }, ids.slice(0, 2).map((id) => ({ id })));
		expect(upd.items.map((x) => x.json)).toEqual(ids.slice(0, 2).map((id) => ({ id, updated: true })));
		expect((await admin(sb, 'counters')).requests).toBe(1);
		const replaced = await runNode(
			{ parameters: { resource: 'timelineComment', operation: 'update', id: fileCommentId, binaryProperties: 'act' } },
			[{}],
			creds,
			{ binary: [{ act: binaryOf(Buffer.from('act'), 'act.txt', 'text/plain') }] },
		);
		expect(replaced.error).toBeUndefined();
		const after = (await run({ resource: 'timelineComment', operation: 'get', id: fileCommentId }, [{}])).items[0].json;
		expect(after.COMMENT).toBe('Счёт во вложении');
		expect(Object.values(after.FILES as Record<string, { name: string }>).map((f) => f.name)).toEqual(['act.txt']);

		const list = await run({ resource: 'timelineComment', operation: 'getAll', ownerType: 'deal', ownerId: 1, returnAll: true }, [{}]);
		expect(list.items.map((x) => Number(x.json.ID))).toEqual([ids[0], ids[2], fileCommentId]);
		expect(list.items[0].json.COMMENT).toBe(`Изменено: ${ids[0]}`);
		const limited = await run({ resource: 'timelineComment', operation: 'getAll', ownerType: 'deal', ownerId: 1, returnAll: false, limit: 1 }, [{}]);
		expect(limited.items).toHaveLength(1);

		const bad = await run(
			{ resource: 'timelineComment', operation: 'create', ownerType: '={{ $json.type }}', ownerDynamicTypeId: 1046, ownerId: '={{ $json.id }}', comment: '={{ $json.text }}' },
			[
				{ type: 'deal', id: 99999, text: 'x' },
				{ type: 'deal', id: 1, text: '' },
				{ type: 'dynamic', id: 1, text: 'x' },
			],
			'continueRegularOutput',
		);
		expect(bad.items.map((x) => /\((\w+)\)$/.exec(String(x.json.error))?.[1])).toEqual(['NOT_FOUND', 'INVALID_ARG_VALUE', 'NOT_FOUND']);
		expect(bad.items[1].pairedItem).toEqual({ item: 1 });

		const del = await run({ resource: 'timelineComment', operation: 'delete', id: '={{ $json.id }}' }, [...ids, fileCommentId].map((id) => ({ id })));
		expect(del.items.map((x) => x.json.deleted)).toEqual([true, true, true, true]);
		expect((await post(`${sb.webhookUrl}crm.timeline.comment.list`, { filter: { ENTITY_TYPE: 'deal', ENTITY_ID: 1 } })).body.result).toEqual([]);
	});

	it('activities: to-dos in one batch, a call, read, completed, listed, deleted', async () => {
		await admin(sb, 'counters/reset', {});
		const todos = await run(
			{
				resource: 'activity',
				operation: 'createTodo',
				ownerType: '={{ $json.type }}',
				ownerId: '={{ $json.id }}',
				deadline: '2026-12-01T10:00:00',
				title: '={{ $json.title }}',
				description: 'Из 1С',
				todoOptions: { responsibleId: '2', pingOffsets: '0,15', colorId: 3 },
			},
			[
				{ type: 'deal', id: 2, title: 'Позвонить по оплате' },
				{ type: 'contact', id: 1, title: 'Отправить акт' },
			],
		);
		expect(todos.error).toBeUndefined();
		expect((await admin(sb, 'counters')).requests).toBe(1);
		const todoIds = todos.items.map((x) => x.json.id as number);
		expect(todoIds.every((id) => Number.isInteger(id))).toBe(true);

		const callAct = await run(
			{ resource: 'activity', operation: 'create', ownerType: 'company', ownerId: 1, typeId: 2, subject: 'Звонок бухгалтеру', responsibleId: '1', communication: '+7 495 123-45-67', activityFields: { DIRECTION: 2, START_TIME: '2026-12-02T11:00:00', ORIGIN_ID: 'doc-1' } },
			[{}],
		);
		expect(callAct.error).toBeUndefined();
		const callId = callAct.items[0].json.id as number;

		const got = await run({ resource: 'activity', operation: 'get', id: '={{ $json.id }}' }, [...todoIds, callId].map((id) => ({ id })));
		expect(got.items.map((x) => [x.json.SUBJECT, x.json.OWNER_TYPE_ID, x.json.RESPONSIBLE_ID])).toEqual([
			['Позвонить по оплате', '2', '2'],
			['Отправить акт', '3', '2'],
			['Звонок бухгалтеру', '4', '1'],
		]);
		expect(got.items[0].json.PROVIDER_ID).toBe('CRM_TODO');
		expect((got.items[2].json.COMMUNICATIONS as Array<{ VALUE: string }>)[0].VALUE).toBe('+7 495 123-45-67');
		expect(got.items[2].json.ORIGIN_ID).toBe('doc-1');

		await admin(sb, 'counters/reset', {});
		const done = await run({ resource: 'activity', operation: 'update', id: '={{ $json.id }}', activityFields: { COMPLETED: true } }, todoIds.map((id) => ({ id })));
		expect(done.items.map((x) => x.json)).toEqual(todoIds.map((id) => ({ id, updated: true })));
		expect((await admin(sb, 'counters')).requests).toBe(1);
		const list = await run({ resource: 'activity', operation: 'getAll', returnAll: true, listOptions: { filter: '{"COMPLETED":"Y","PROVIDER_ID":"CRM_TODO"}', select: 'ID,SUBJECT' } }, [{}]);
		expect(list.items.map((x) => Number(x.json.ID))).toEqual(expect.arrayContaining(todoIds));

		const del = await run({ resource: 'activity', operation: 'delete', id: '={{ $json.id }}' }, [{ id: callId }, { id: 99999999 }], 'continueRegularOutput');
		expect(del.items[0].json).toEqual({ id: callId, deleted: true });
		expect(del.items[1].json.error).toContain('Activity is not found');
		expect(del.items[1].pairedItem).toEqual({ item: 1 });
		const badTodo = await run({ resource: 'activity', operation: 'createTodo', ownerType: 'deal', ownerId: 99999, deadline: '2026-12-01T10:00:00' }, [{}]);
		expect(badTodo.error?.message).toContain('crm.activity.todo.add');
	});
});

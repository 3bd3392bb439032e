/**
 * Bitrix24 sandbox: users/departments/workgroups, live feed posts with files, Disk, timeline
 * comments and activities, tasks, lists and stage history — over HTTP, against the shapes of
 * the recorded answers and documentation examples.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { serveFile } from '../../sandbox/bitrix24/entities/feed-disk';
import { addUser } from '../../sandbox/bitrix24/entities/users';
import { addWorkgroup } from '../../sandbox/bitrix24/entities/users-groups';

const FIXTURES = resolve(process.env.B24_FIXTURES_DIR ?? join(__dirname, '../../../shared/fixtures/bitrix24'));
const fixture = (path: string): any => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
	status: number;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let sb: Bitrix24Sandbox;
const USER3_HOOK = () => `${sb.baseUrl}/rest/3/b24sandboxnocrm00003/`;

async function call(method: string, body: unknown = {}, hook = sb.webhookUrl): Promise<Reply> {
	const res = await fetch(hook + method, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}

async function ok(method: string, body: unknown = {}, hook?: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
	const r = await call(method, body, hook);
	if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.body)}`);
	return r.body;
}

/** JSON type of every value ("string", "number", "boolean", "null", "array", "object"). */
function types(row: Record<string, unknown>, keys = Object.keys(row)): Record<string, string> {
	const t = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
	return Object.fromEntries(keys.map((k) => [k, t(row[k])]));
}

/** A small but real PDF with every byte value, so any re-encoding would show. */
function samplePdf(): Buffer {
	const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
	return Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), all, Buffer.from('\ntrailer<<>>\n%%EOF\n')]);
}

beforeAll(async () => {
	sb = await startBitrix24Sandbox({ rate: { enabled: false } });
});

afterAll(async () => {
	await sb.close();
});

describe('users, departments, workgroups', () => {
	it('user.get answers with the recorded field types and filters by ID, ACTIVE, UF_DEPARTMENT', async () => {
		const ref = fixture('docs-examples/user.get.json').result[0];
		const all = await ok('user.get');
		const me = all.result.find((u: { ID: string }) => u.ID === '1');
		expect(types(me, Object.keys(ref))).toEqual(types(ref));
		expect(me.UF_DEPARTMENT.every((d: unknown) => Number.isInteger(d))).toBe(true);
		for (const id of ['1', '2', '3']) expect(all.result.map((u: { ID: string }) => u.ID)).toContain(id);

		const byId = await ok('user.get', { ID: 2 });
		expect(byId.result.map((u: { ID: string }) => u.ID)).toEqual(['2']);
		expect(byId.total).toBe(1);

		const active = await ok('user.get', { FILTER: { ACTIVE: true } });
		expect(active.result.every((u: { ACTIVE: boolean }) => u.ACTIVE === true)).toBe(true);
		expect(active.total).toBeLessThan(all.total);

		const dept = me.UF_DEPARTMENT[0];
		const inDept = await ok('user.get', { FILTER: { UF_DEPARTMENT: dept }, select: ['ID', 'UF_DEPARTMENT'] });
		expect(inDept.result.length).toBeGreaterThan(0);
		for (const u of inDept.result) expect(Object.keys(u)).toEqual(['ID', 'UF_DEPARTMENT']);
	});

	it('user.get pages by 50 with total and next', async () => {
		for (let i = 0; i < 120; i++) addUser(sb.portal.store, { NAME: 'Страница', LAST_NAME: `№${i}`, EMAIL: `pager${i}@paging.test` });
		const filter = { FILTER: { '%EMAIL': '@paging.test' } };
		const p1 = await ok('user.get', filter);
		expect([p1.result.length, p1.total, p1.next]).toEqual([50, 120, 50]);
		const p2 = await ok('user.get', { ...filter, start: 50 });
		expect([p2.result.length, p2.next]).toEqual([50, 100]);
		const p3 = await ok('user.get', { ...filter, start: 100 });
		expect(p3.result.length).toBe(20);
		expect(p3).not.toHaveProperty('next');
		const ids = [...p1.result, ...p2.result, ...p3.result].map((u: { ID: string }) => Number(u.ID));
		expect(new Set(ids).size).toBe(120);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
	});

	it('user.current and department.get work as the documented batch example', async () => {
		const ref = fixture('docs-examples/batch.json').result;
		const body = await ok('batch', {
			halt: 0,
			cmd: { get_user: 'user.current', get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]' },
		});
		expect(Object.keys(body.result.result)).toEqual(Object.keys(ref.result));
		expect(body.result.result_total).toEqual({ get_department: 1 });
		const user = body.result.result.get_user;
		expect(typeof user.TIMESTAMP_X).toBe('string');
		expect(user).not.toHaveProperty('USER_TYPE');
		expect(types(body.result.result.get_department[0], ['ID', 'NAME', 'SORT'])).toEqual({ ID: 'string', NAME: 'string', SORT: 'number' });
	});

	it('department.get: ID and PARENT strings, SORT int, the root without PARENT', async () => {
		const { result } = await ok('department.get');
		const child = result.find((d: { PARENT?: string }) => d.PARENT !== undefined);
		expect(types(child, ['ID', 'NAME', 'SORT', 'PARENT'])).toEqual(types(fixture('docs-examples/department.get.json').result[0]));
		expect(result.some((d: Record<string, unknown>) => !('PARENT' in d))).toBe(true);
	});

	it('profile needs no scope; user.fields is the recorded name → title map', async () => {
		const hook2 = `${sb.baseUrl}/rest/2/b24sandboxuseronly02/`;
		const profile = await ok('profile', {}, hook2);
		expect(profile.result).toMatchObject({ ID: '2', ADMIN: false });
		const fields = await ok('user.fields');
		expect(fields.result).toEqual(fixture('recorded/user_fields.json').result);
	});

	it('an empty portal still has users 1..3 (the webhook users) and a root department', async () => {
		const empty = await startBitrix24Sandbox({ rate: { enabled: false }, empty: true });
		try {
			const res = await fetch(`${empty.webhookUrl}user.get`, { method: 'POST' });
			const body = (await res.json()) as { result: Array<{ ID: string }> };
			expect(body.result.map((u) => u.ID)).toEqual(['1', '2', '3']);
			const dep = await fetch(`${empty.webhookUrl}department.get`, { method: 'POST' });
			expect(((await dep.json()) as { total: number }).total).toBe(1);
		} finally {
			await empty.close();
		}
	});

	it('sonet_group.get and socialnetwork.api.workgroup.list', async () => {
		const sonet = await ok('sonet_group.get');
		const ref = fixture('docs-examples/sonet_group.get.json').result[0];
		expect(types(sonet.result[0], Object.keys(ref))).toEqual(types(ref));
		const list = await ok('socialnetwork.api.workgroup.list', { select: ['ID', 'NAME', 'NUMBER_OF_MEMBERS'] });
		const first = list.result.workgroups[0];
		expect(Object.keys(first)).toEqual(['id', 'name', 'numberOfMembers']);
		expect(typeof first.id).toBe('string');
		const bare = await ok('socialnetwork.api.workgroup.list');
		expect(Object.keys(bare.result.workgroups[0])).toEqual(['id']);
	});
});

describe('live feed and Disk', () => {
	it('a post with a PDF round-trips byte for byte', async () => {
		const pdf = samplePdf();
		const add = await ok('log.blogpost.add', {
			POST_TITLE: 'Счёт',
			POST_MESSAGE: 'Счёт во вложении',
			DEST: ['UA'],
			FILES: [['invoice.pdf', pdf.toString('base64')]],
		});
		expect(typeof add.result).toBe('number');
		const got = await ok('log.blogpost.get', { POST_ID: add.result });
		expect(got.result).toHaveLength(1);
		const post = got.result[0];
		expect(post).toMatchObject({ ID: String(add.result), TITLE: 'Счёт', DETAIL_TEXT: 'Счёт во вложении', HAS_SOCNET_ALL: 'Y' });
		expect(post.FILES).toHaveLength(1);
		const att = await ok('disk.attachedObject.get', { id: post.FILES[0] });
		expect(att.result).toMatchObject({ NAME: 'invoice.pdf', SIZE: String(pdf.length), MODULE_ID: 'blog', ENTITY_ID: String(add.result) });
		expect(att.result.DOWNLOAD_URL).toBe(`${sb.baseUrl}/_files/${att.result.OBJECT_ID}`);
		const file = await ok('disk.file.get', { id: att.result.OBJECT_ID });
		expect(file.result).toMatchObject({ NAME: 'invoice.pdf', SIZE: String(pdf.length), TYPE: 'file' });
		const served = serveFile(sb.portal.store, att.result.OBJECT_ID);
		expect(served?.contentType).toBe('application/pdf');
		expect(served?.body.equals(pdf)).toBe(true);
	});

	it('DEST must name existing users, departments and groups', async () => {
		const post = (dest: unknown) => call('log.blogpost.add', { POST_MESSAGE: 'Проверка адресатов', DEST: dest });
		for (const bad of [['U99999'], ['DR9999'], ['D9999'], ['SG9999'], ['UA', 'XX1']]) {
			const r = await post(bad);
			expect(r.status).toBe(400);
			expect(r.body).toEqual({ error: 'SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR', error_description: 'No destination specified' });
		}
		const group = addWorkgroup(sb.portal.store, { NAME: 'Тестовая группа', OWNER_ID: 1, MEMBERS: [2] });
		expect((await post(['U2', 'DR1', 'D1', `SG${String(group.ID)}`])).status).toBe(200);
		expect((await call('log.blogpost.add', { POST_MESSAGE: 'без адресатов' })).status).toBe(200);
		const empty = await call('log.blogpost.add', { POST_MESSAGE: '  ' });
		expect(empty.status).toBe(400);
		expect(empty.body).toEqual(fixture('docs-examples/log.blogpost.add.error.json'));
	});

	it('log.blogpost.get shows a post only to its addressees', async () => {
		const me3 = (await ok('user.get', { ID: 3 })).result[0];
		const dept3 = me3.UF_DEPARTMENT[0];
		const mine = addWorkgroup(sb.portal.store, { NAME: 'С пользователем 3', OWNER_ID: 1, MEMBERS: [3] });
		const other = addWorkgroup(sb.portal.store, { NAME: 'Без пользователя 3', OWNER_ID: 1, MEMBERS: [2] });
		const cases: Array<[string, boolean]> = [
			['U3', true], ['U2', false], [`DR${dept3}`, true], [`D${dept3}`, true],
			[`SG${String(mine.ID)}`, true], [`SG${String(other.ID)}`, false],
		];
		for (const [code, visible] of cases) {
			const id = (await ok('log.blogpost.add', { POST_MESSAGE: `для ${code}`, DEST: [code] })).result;
			const seen = await ok('log.blogpost.get', { POST_ID: id }, USER3_HOOK());
			expect([code, seen.result.length]).toEqual([code, visible ? 1 : 0]);
		}
	});

	it('disk.folder.uploadfile returns the documented file object and is not allowed in batch', async () => {
		const storages = await ok('disk.storage.getlist', { filter: { ENTITY_TYPE: 'user', ENTITY_ID: '1' } });
		expect(storages.result).toHaveLength(1);
		const content = Buffer.from('Акт сверки').toString('base64');
		const up = await ok('disk.folder.uploadfile', {
			id: storages.result[0].ROOT_OBJECT_ID,
			data: { NAME: 'act.txt' },
			fileContent: ['act.txt', content],
			generateUniqueName: true,
		});
		expect(types(up.result, ['ID', 'STORAGE_ID', 'PARENT_ID', 'FILE_ID', 'SIZE', 'GLOBAL_CONTENT_VERSION'])).toEqual({
			ID: 'number', STORAGE_ID: 'string', PARENT_ID: 'string', FILE_ID: 'number', SIZE: 'string', GLOBAL_CONTENT_VERSION: 'number',
		});
		expect(serveFile(sb.portal.store, up.result.ID)?.body.toString('base64')).toBe(content);
		const missing = await call('disk.folder.uploadfile', { id: 999999, data: { NAME: 'x.txt' }, fileContent: ['x.txt', content] });
		expect(missing).toEqual({ status: 400, body: { error: 'ERROR_NOT_FOUND', error_description: 'Could not find entity with id `999999`' } });
		const batch = await ok('batch', { halt: 0, cmd: { up: `disk.folder.uploadfile?id=${String(storages.result[0].ROOT_OBJECT_ID)}` } });
		expect(batch.result.result_error.up.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
	});
});

describe('timeline', () => {
	let dealId: string;
	beforeAll(async () => {
		dealId = (await ok('crm.deal.add', { fields: { TITLE: 'Сделка для таймлайна' } })).result.toString();
	});

	it('a comment on a missing owner is refused with the documented errors', async () => {
		const missing = await call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: 99999999, COMMENT: 'нет владельца' } });
		expect(missing.status).toBe(400);
		expect(missing.body).toEqual(fixture('docs-examples/crm.timeline.comment.add.error.json'));
		const noType = await call('crm.timeline.comment.add', { fields: { ENTITY_TYPE_ID: 2, ENTITY_ID: dealId, COMMENT: 'x' } });
		expect([noType.status, noType.body.error]).toEqual([400, 'OWNER_NOT_FOUND']);
		const upper = await call('crm.timeline.comment.add', { FIELDS: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: 'x' } });
		expect([upper.status, upper.body.error]).toEqual([400, '100']);
		const empty = await call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: '' } });
		expect([empty.status, empty.body.error]).toEqual([400, 'INVALID_ARG_VALUE']);
	});

	it('a comment with a file is stored and read back', async () => {
		const pdf = samplePdf();
		const add = await ok('crm.timeline.comment.add', {
			fields: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: 'Договор', FILES: [['contract.pdf', pdf.toString('base64')]] },
		});
		expect(typeof add.result).toBe('number');
		const got = (await ok('crm.timeline.comment.get', { id: add.result })).result;
		expect(got).toMatchObject({ ID: String(add.result), ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Договор', AUTHOR_ID: '1' });
		const files = Object.values(got.FILES) as Array<{ name: string; size: number; urlDownload: string }>;
		expect(files).toHaveLength(1);
		expect([files[0].name, files[0].size]).toEqual(['contract.pdf', pdf.length]);
		const fileId = files[0].urlDownload.split('/').pop();
		expect(serveFile(sb.portal.store, fileId)?.body.equals(pdf)).toBe(true);
		const list = await ok('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId } });
		expect(list.result.map((c: { ID: string }) => c.ID)).toContain(String(add.result));
		expect((await call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: 'x' } }, USER3_HOOK())).body.error).toBe('ACCESS_DENIED');
	});

	it('activities: old API strings, COMMUNICATIONS and FILES when selected, todo.add → {id}', async () => {
		const contactId = (await ok('crm.contact.add', { fields: { NAME: 'Андрей', LAST_NAME: 'Николаев' } })).result;
		const add = await ok('crm.activity.add', {
			fields: {
				OWNER_TYPE_ID: 2, OWNER_ID: dealId, TYPE_ID: 2, SUBJECT: 'Звонок', RESPONSIBLE_ID: 1, ORIGIN_ID: 'ext-42',
				ORIGINATOR_ID: '1c', START_TIME: '2025-03-01T10:00:00+03:00',
				COMMUNICATIONS: [{ VALUE: '89152222222', ENTITY_ID: contactId, ENTITY_TYPE_ID: 3 }],
				FILES: [{ fileData: ['record.txt', Buffer.from('запись').toString('base64')] }],
			},
		});
		const byOrigin = await ok('crm.activity.list', { filter: { ORIGIN_ID: 'ext-42' }, select: ['ID', 'COMMUNICATIONS'] });
		expect(byOrigin.result).toHaveLength(1);
		const ref = fixture('docs-examples/crm.activity.list.communications.json').result[0];
		expect(Object.keys(byOrigin.result[0])).toEqual(Object.keys(ref));
		const comm = byOrigin.result[0].COMMUNICATIONS[0];
		expect(types(comm, Object.keys(ref.COMMUNICATIONS[0]))).toEqual(types(ref.COMMUNICATIONS[0]));
		expect(comm).toMatchObject({ TYPE: 'PHONE', VALUE: '89152222222', ENTITY_ID: String(contactId), ENTITY_TYPE_ID: '3' });
		const withFiles = await ok('crm.activity.list', { filter: { ID: add.result }, select: ['ID', 'FILES'] });
		const fileRef = fixture('docs-examples/crm.activity.list.files.json').result[0].FILES[0];
		expect(types(withFiles.result[0].FILES[0])).toEqual(types(fileRef));
		const plain = (await ok('crm.activity.list', { filter: { ID: add.result } })).result[0];
		expect(plain).not.toHaveProperty('COMMUNICATIONS');
		expect(plain).toMatchObject({ ID: String(add.result), OWNER_TYPE_ID: '2', OWNER_ID: dealId, ORIGINATOR_ID: '1c', COMPLETED: 'N' });
		const badOwner = await call('crm.activity.add', { fields: { OWNER_TYPE_ID: 2, OWNER_ID: 99999999, TYPE_ID: 2, SUBJECT: 'x', RESPONSIBLE_ID: 1, COMMUNICATIONS: [{ VALUE: '1' }] } });
		expect([badOwner.status, badOwner.body.error]).toEqual([400, '']);
		const todo = await ok('crm.activity.todo.add', { ownerTypeId: 2, ownerId: dealId, deadline: '2025-02-03T15:00:00', title: 'Перезвонить' });
		expect(todo.result).toEqual({ id: expect.any(Number) });
		const gone = await call('crm.activity.todo.add', { ownerTypeId: 2, ownerId: 99999999, deadline: '2025-02-03T15:00:00' });
		expect([gone.status, gone.body.error]).toEqual([400, 'NOT_FOUND']);
	});
});

describe('tasks, lists, stage history', () => {
	it('tasks.task.add and tasks.task.list answer with the recorded shapes', async () => {
		const ref = fixture('recorded/single_add.json').result.task;
		const add = await ok('tasks.task.add', {
			fields: { TITLE: 'АГ', DESCRIPTION: 'Описание', RESPONSIBLE_ID: 1, TAGS: 'скпэ22-4', DEADLINE: '2022/07/30' },
		});
		expect(Object.keys(add.result.task)).toEqual(Object.keys(ref));
		const keys = ['id', 'priority', 'status', 'responsibleId', 'createdBy', 'groupId', 'ufCrmTask', 'group', 'tags', 'newCommentsCount', 'creator'];
		expect(types(add.result.task, keys)).toEqual(types(ref, keys));
		const list = await ok('tasks.task.list', { filter: { status: -1 }, select: ['ID', 'STATUS', 'STATUS_COMPLETE'] });
		const recorded = fixture('recorded/get_all_tasks.json')[0].result.tasks[0];
		const mine = list.result.tasks.find((t: { id: string }) => t.id === add.result.task.id);
		expect(Object.keys(mine)).toEqual(Object.keys(recorded));
		expect(mine).toEqual({ id: add.result.task.id, status: '2', group: [], subStatus: '-1' });
		const noTitle = await call('tasks.task.add', { fields: { RESPONSIBLE_ID: 1 } });
		expect([noTitle.status, noTitle.body.error]).toEqual([400, 'ERROR_CORE']);
	});

	it('task.elapseditem.getlist takes the task id as parameter 0 and answers lists', async () => {
		const task = async (title: string) => (await ok('tasks.task.add', { fields: { TITLE: title, RESPONSIBLE_ID: 2 } })).result.task.id as string;
		const [busy, idle] = [await task('С трудозатратами'), await task('Без трудозатрат')];
		await ok('task.elapseditem.add', { 0: busy, 1: { SECONDS: 300, COMMENT_TEXT: '' } });
		const body = await ok('batch', { halt: 0, cmd: { [busy]: `task.elapseditem.getlist?0=${busy}`, [idle]: `task.elapseditem.getlist?0=${idle}` } });
		expect(body.result.result[idle]).toEqual([]);
		const ref = fixture('recorded/task_elapseditem_getlist_mixed_types.json').result.result['144518'][0];
		const item = body.result.result[busy][0];
		expect(types(item)).toEqual(types(ref));
		expect(item).toMatchObject({ TASK_ID: busy, SECONDS: '300', MINUTES: '5' });
		expect(body.result.result_total).toEqual({ [busy]: 1, [idle]: 0 });
	});

	it('lists.element.add returns int ids (recorded batch)', async () => {
		const add = (code: string) => `lists.element.add?IBLOCK_TYPE_ID=lists&IBLOCK_ID=33&ELEMENT_CODE=${code}&FIELDS[NAME]=n${code}&FIELDS[PROPERTY_117]=v`;
		const body = await ok('batch', { halt: 0, cmd: { order0000000000: add('1'), order0000000001: add('2') } });
		expect(Object.values(body.result.result).every((v) => Number.isInteger(v))).toBe(true);
		const again = await ok('batch', { halt: 0, cmd: { dup: add('1') } });
		expect(again.result.result_error.dup.error).toBe('ERROR_ELEMENT_ALREADY_EXISTS');
	});

	it('crm.stagehistory.list is seeded from deals with string values', async () => {
		const ref = fixture('recorded/stagehistory.json')[0].result.items[0];
		const all = await ok('crm.stagehistory.list', { entityTypeId: 2 });
		expect(all.total).toBeGreaterThan(0);
		expect(types(all.result.items[0])).toEqual(types(ref));
		expect(Object.keys(all.result.items[0])).toEqual(Object.keys(ref));
		const moved = await ok('crm.stagehistory.list', { entityTypeId: 2, filter: { '>TYPE_ID': 1 }, order: { ID: 'DESC' } });
		const last = moved.result.items[0];
		const deal = await ok('crm.deal.get', { id: last.OWNER_ID });
		expect(deal.result.STAGE_ID).toBe(last.STAGE_ID);
		const created = await ok('crm.stagehistory.list', { entityTypeId: 2, filter: { TYPE_ID: 1, OWNER_ID: last.OWNER_ID } });
		expect(created.total).toBe(1);
		const picked = await ok('crm.stagehistory.list', { select: ['OWNER_ID', 'STAGE_ID', 'CREATED_TIME'] });
		expect(Object.keys(picked.result.items[0])).toEqual(['OWNER_ID', 'STAGE_ID', 'CREATED_TIME', 'ID']);
		const bad = await call('crm.stagehistory.list', { entityTypeId: 2, filter: { FOO: 1 } });
		expect([bad.status, bad.body.error]).toEqual([400, 'INVALID_ARG_VALUE']);
	});
});

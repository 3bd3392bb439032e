/** The Bitrix24 sandbox's notifications (`im.notify.personal.add`, `im.notify.system.add`) as the REST docs describe them. */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';

let sb: Bitrix24Sandbox;
beforeAll(async () => {
	sb = await sandbox({ companies: 3 });
});
afterAll(async () => sb.close());

const call = (method: string, body: unknown) => post(sb.webhookUrl + method, body);

it('adds a personal notification (message trimmed, BB-codes kept) and returns its id', async () => {
	const r = await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: '  [b]Синхронизация[/b] упала  ', MESSAGE_OUT: 'Синхронизация упала' });
	expect(r.status).toBe(200);
	expect(typeof r.body.result).toBe('number');
	const rows = (await admin(sb, 'table/im_notify')) as Array<Record<string, unknown>>;
	expect(rows.find((x) => x.ID === r.body.result)).toMatchObject({ USER_ID: 1, MESSAGE: '[b]Синхронизация[/b] упала', TYPE: 'personal' });
});

it('refuses a missing or unknown recipient and an empty message with the documented codes', async () => {
	for (const body of [{ MESSAGE: 'x' }, { USER_ID: 0, MESSAGE: 'x' }, { USER_ID: 99999, MESSAGE: 'x' }]) {
		const r = await call('im.notify.personal.add', body);
		expect({ status: r.status, error: r.body.error }).toEqual({ status: 400, error: 'USER_ID_EMPTY' });
	}
	const empty = await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: '   ' });
	expect({ status: empty.status, error: empty.body.error, description: empty.body.error_description }).toEqual({ status: 400, error: 'MESSAGE_EMPTY', description: "Message can't be empty" });
});

it('a TAG replaces the earlier notification with the same tag; system notifications need an application', async () => {
	await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: 'первая', TAG: 'SYNC_CLIENTS' });
	await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: 'вторая', TAG: 'SYNC_CLIENTS' });
	const rows = (await admin(sb, 'table/im_notify')) as Array<Record<string, unknown>>;
	expect(rows.filter((x) => x.TAG === 'SYNC_CLIENTS').map((x) => x.MESSAGE)).toEqual(['вторая']);
	// the tag belongs to an application: a webhook names it with CLIENT_ID, another one's tag is not replaced
	await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: 'наша', TAG: 'SYNC_CLIENTS', CLIENT_ID: 'n8n' });
	await call('im.notify.personal.add', { USER_ID: 1, MESSAGE: 'наша, повторно', TAG: 'SYNC_CLIENTS', CLIENT_ID: 'n8n' });
	const after = (await admin(sb, 'table/im_notify')) as Array<Record<string, unknown>>;
	expect(after.filter((x) => x.TAG === 'SYNC_CLIENTS').map((x) => x.MESSAGE)).toEqual(['вторая', 'наша, повторно']);
	const sys = await call('im.notify.system.add', { USER_ID: 1, MESSAGE: 'x' });
	expect(sys.body.error).toBe('WRONG_AUTH_TYPE');
});

/**
 * Bitrix24 node on the real n8n engine against the sandbox: users, departments, workgroups —
 * get by ID batched, lists paged (more than 50 users), per-item errors, pairedItem.
 */
import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { addUser } from '../../sandbox/bitrix24/entities/users';
import { post, sandbox } from '../helpers/b24';
import type { Credentials } from '../helpers/n8n';
import { CONTINUE, counterFor, expectPaired, json, runnerFor } from '../helpers/b24-node';

let sb: Bitrix24Sandbox;
let creds: Credentials;

beforeAll(async () => {
	sb = await sandbox({ companies: 5 });
	creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	for (let n = 0; n < 70; n++) addUser(sb.portal.store, { NAME: `Тест${n}`, LAST_NAME: n % 7 === 0 ? 'Уволенный' : 'Сотрудник', EMAIL: `u${n}@example.ru`, ACTIVE: n % 7 !== 0, WORK_POSITION: n % 2 ? 'Менеджер' : 'Кладовщик', UF_DEPARTMENT: [n % 2 ? 2 : 4] });
});
afterAll(async () => sb.close());

const run = runnerFor(() => creds);
const call = async (method: string, body: IDataObject = {}) => (await post(`${sb.webhookUrl}${method}`, body)).body;

const counted = counterFor(() => sb);


describe('users', () => {
	it('lists all users over several pages, filters them, gets by ID in one batch, reads the current user', async () => {
		const total = (await call('user.get')).total as number;
		expect(total).toBeGreaterThan(70);
		const all = await run({ resource: 'user', operation: 'getAll', returnAll: true }, [{}]);
		expect(all.items).toHaveLength(total);
		expect(new Set(json(all).map((x) => x.ID)).size).toBe(total);
		const limited = await run({ resource: 'user', operation: 'getAll', returnAll: false, limit: 60 }, [{}]);
		expect(limited.items).toHaveLength(60);

		const active = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { ACTIVE: true, UF_DEPARTMENT: '2' } }, [{}]);
		expect(active.items.length).toBeGreaterThan(20);
		expect(json(active).every((x) => x.ACTIVE === true && (x.UF_DEPARTMENT as number[]).includes(2))).toBe(true);
		const fired = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { filterJson: '{"LAST_NAME":"Уволенный"}', ACTIVE: false } }, [{}]);
		expect(fired.items).toHaveLength(10);
		const search = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { FIND: 'Тест13' } }, [{}]);
		expect(json(search).map((x) => x.EMAIL)).toEqual(['u13@example.ru']);

		const ids = json(limited).slice(0, 3).map((x) => x.ID);
		const { r: got, c } = await counted(() => run({ resource: 'user', operation: 'get', id: '={{ $json.id }}' }, [...ids.map((id) => ({ id })), { id: 999999 }], CONTINUE));
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 4 });
		expect(json(got).slice(0, 3).map((x) => x.ID)).toEqual(ids);
		expect(json(got)[3].error).toContain('not found');
		expectPaired(got);
		const stop = await run({ resource: 'user', operation: 'get', id: '={{ $json.id }}' }, [{ id: ids[0] }, { id: 999999 }]);
		expect(stop.error).toBeDefined();

		const { r: me, c: cm } = await counted(() => run({ resource: 'user', operation: 'getCurrent' }, [{}, {}]));
		expect(cm).toMatchObject({ requests: 1, batches: 1 });
		expect(json(me).map((x) => x.ID)).toEqual(['1', '1']);
		expectPaired(me);
	});
});

describe('departments', () => {
	it('lists departments with filters and gets them by ID in one batch', async () => {
		const all = await run({ resource: 'department', operation: 'getAll', returnAll: true }, [{}]);
		const total = (await call('department.get')).total as number;
		expect(all.items).toHaveLength(total);
		expect(json(all).map((x) => Number(x.ID))).toEqual([...json(all).map((x) => Number(x.ID))].sort((a, b) => a - b));
		const children = await run({ resource: 'department', operation: 'getAll', returnAll: true, filters: { PARENT: '1' } }, [{}]);
		expect(children.items).toHaveLength(total - 1);
		expect(json(children).every((x) => x.PARENT === '1')).toBe(true);
		const two = await run({ resource: 'department', operation: 'getAll', returnAll: false, limit: 2 }, [{}]);
		expect(two.items).toHaveLength(2);

		const { r: got, c } = await counted(() => run({ resource: 'department', operation: 'get', id: '={{ $json.id }}' }, [{ id: 2 }, { id: 1 }, { id: 777 }], CONTINUE));
		expect(c).toMatchObject({ requests: 1, batches: 1 });
		expect(json(got)[0]).toMatchObject({ ID: '2', PARENT: '1' });
		expect(json(got)[1].ID).toBe('1');
		expect(json(got)[2].error).toContain('Department 777 not found');
		expectPaired(got);
	});
});

describe('workgroups', () => {
	it('lists workgroups, filters them and gets them by ID in one batch', async () => {
		const raw = (await call('sonet_group.get')).result as IDataObject[];
		expect(raw.length).toBeGreaterThan(1);
		const all = await run({ resource: 'workgroup', operation: 'getAll', returnAll: true }, [{}]);
		expect(json(all).map((x) => x.ID).sort()).toEqual(raw.map((x) => x.ID).sort());
		const named = await run({ resource: 'workgroup', operation: 'getAll', returnAll: true, filters: { NAME: raw[0].NAME } }, [{}]);
		expect(json(named).map((x) => x.ID)).toEqual([raw[0].ID]);
		const one = await run({ resource: 'workgroup', operation: 'getAll', returnAll: false, limit: 1, asAdmin: true }, [{}]);
		expect(one.items).toHaveLength(1);

		const { r: got, c } = await counted(() => run({ resource: 'workgroup', operation: 'get', id: '={{ $json.id }}' }, [{ id: raw[0].ID }, { id: raw[1].ID }, { id: 9999 }], CONTINUE));
		expect(c).toMatchObject({ requests: 1, batches: 1 });
		expect(json(got).slice(0, 2).map((x) => x.ID)).toEqual([raw[0].ID, raw[1].ID]);
		expect(json(got)[2].error).toContain('not found');
		expectPaired(got);
	});
});

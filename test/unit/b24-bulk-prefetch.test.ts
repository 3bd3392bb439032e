/**
 * Prefetch reads in bulk (nodes/Bitrix24/actions/bulkRead.ts): the reads before address «Create or
 * Update», «Only Changed Values» updates of bank details and multi-field updates of companies go
 * 50 records per list command — 120 items cost 3 list commands in one request, not 120 reads — and
 * decide per item as the per-item reads did (a missing record still fails its own item); a list
 * answer with more than one page is read to its end.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import type { Credentials } from '../helpers/n8n';
import { CONTINUE, expectPaired, json, runnerFor } from '../helpers/b24-node';
import { readBulk } from '../../nodes/Bitrix24/actions/bulkRead';
import type { B24Command, Bitrix24Client } from '../../nodes/Bitrix24/transport/client';

let sb: Bitrix24Sandbox;
let creds: Credentials;

beforeAll(async () => {
	sb = await sandbox({ companies: 140 });
	creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } };
});
afterAll(async () => sb.close());

const run = runnerFor(() => creds);
type Row = Record<string, string | number | null>;
const table = async (name: string) => (await admin(sb, `table/${name}`)) as unknown as Row[];

/** runs fn on fresh counters: HTTP requests and commands by method */
async function counted<T>(fn: () => Promise<T>): Promise<{ r: T; requests: number; byCommand: Record<string, number> }> {
	await admin(sb, 'counters/reset', {});
	const r = await fn();
	const c = await admin(sb, 'counters');
	return { r, requests: c.requests as number, byCommand: c.byCommand as Record<string, number> };
}

describe('120 items: 3 list commands in one request', () => {
	it('address Create or Update reads the addresses of 50 requisites per command and writes only what differs', async () => {
		const legal = (await table('address')).filter((a) => Number(a.ENTITY_TYPE_ID) === 8 && Number(a.TYPE_ID) === 6).slice(0, 120);
		expect(legal).toHaveLength(120);
		const params = { resource: 'address', operation: 'upsert', addressTypeId: 6, addressOwnerType: 8, addressOwnerId: '={{ $json.rq }}', fields: { CITY: '={{ $json.city }}', ADDRESS_1: '={{ $json.street }}' } };
		const input = legal.map((a, k) => ({ rq: a.ENTITY_ID, city: a.CITY, street: k === 7 ? 'ул. Новая, д. 1' : a.ADDRESS_1 }));
		const { r, requests, byCommand } = await counted(() => run(params, input));
		expectPaired(r);
		expect(json(r).filter((x) => x.action === 'updated').map((x) => x.ENTITY_ID)).toEqual([Number(legal[7].ENTITY_ID)]);
		expect(json(r).filter((x) => x.action === 'unchanged')).toHaveLength(119);
		expect(byCommand).toEqual({ 'crm.address.list': 3, 'crm.address.update': 1 });
		expect(requests).toBe(2);
		const stored = (await table('address')).find((a) => a.ENTITY_ID === legal[7].ENTITY_ID && Number(a.TYPE_ID) === 6);
		expect(stored?.ADDRESS_1).toBe('ул. Новая, д. 1');
	});

	it('mixed address types: one group of commands per type, each item sees only its own type', async () => {
		const rq = (await table('requisite')).slice(0, 3).map((q) => Number(q.ID));
		const params = { resource: 'address', operation: 'upsert', addressTypeId: '={{ $json.type }}', addressOwnerType: 8, addressOwnerId: '={{ $json.rq }}', fields: { CITY: 'Тула', ADDRESS_1: 'ул. Смежная, д. 2' } };
		const input = rq.map((id) => ({ rq: id, type: 11 }));
		const { r, byCommand } = await counted(() => run(params, [...input, { rq: rq[0], type: 9 }]));
		expect(json(r).map((x) => x.action)).toEqual(['created', 'created', 'created', 'created']);
		expect(byCommand['crm.address.list']).toBe(2);
		const again = await run(params, input);
		expect(json(again).map((x) => x.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	});

	it('bank details with Only Changed Values: 50 per command; an unknown ID fails its own item with the portal error', async () => {
		const banks = (await table('bankdetail')).slice(0, 120);
		expect(banks).toHaveLength(120);
		const params = { resource: 'bankDetail', operation: 'update', id: '={{ $json.id }}', onlyChanged: true, fields: { RQ_ACC_NUM: '={{ $json.acc }}', RQ_BIK: '={{ $json.bik }}' } };
		const input = banks.map((b, k) => ({ id: b.ID, acc: k === 3 ? '40702810999999999999' : b.RQ_ACC_NUM, bik: b.RQ_BIK }));
		const { r, requests, byCommand } = await counted(() => run(params, [...input, { id: 99999999, acc: '1', bik: '2' }], CONTINUE));
		expectPaired(r);
		const out = json(r);
		expect(out.filter((x) => x.updated === true).map((x) => x.id)).toEqual([banks[3].ID]);
		expect(out.filter((x) => x.updated === false)).toHaveLength(119);
		expect(String(out[120].error)).toMatch(/not found/i);
		// 3 lists (and the single read of the unknown ID) in one request, the write in another
		expect(byCommand).toEqual({ 'crm.requisite.bankdetail.list': 3, 'crm.requisite.bankdetail.get': 1, 'crm.requisite.bankdetail.update': 1 });
		expect(requests).toBe(3);
	});

	it('company update with phones reads the current multi-field values 50 companies per command', async () => {
		const companies = (await table('company')).slice(0, 120);
		const params = { resource: 'company', operation: 'update', id: '={{ $json.id }}', fields: { PHONE: '={{ $json.phone }}' }, multiFieldMode: 'merge' };
		const { byCommand, requests } = await counted(() => run(params, companies.map((c, k) => ({ id: c.ID, phone: `+7 900 000-${String(k).padStart(4, '0')}` }))));
		expect(byCommand).toEqual({ 'crm.company.list': 3, 'crm.company.update': 120 });
		expect(requests).toBe(1 + Math.ceil(120 / 50));
		// merge: a phone already there is not added twice
		const c0 = companies[0];
		await run(params, [{ id: c0.ID, phone: '+7 900 000-0000' }]);
		const got = (await post(`${sb.webhookUrl}crm.company.get`, { id: c0.ID })).body.result as { PHONE?: Array<{ VALUE: string }> };
		expect((got.PHONE ?? []).filter((p) => p.VALUE === '+7 900 000-0000')).toHaveLength(1);
	});
});

describe('readBulk', () => {
	it('reads an answer with more than one page to its end and hands each item its own rows', async () => {
		const sent: B24Command[] = [];
		const listed: string[] = [];
		const rows = (ids: number[]) => ids.flatMap((id) => [{ ID: id * 10, ENTITY_ID: id }, { ID: id * 10 + 1, ENTITY_ID: id }]);
		const client = {
			runAll: async (cmds: B24Command[]) => {
				sent.push(...cmds);
				return cmds.map((c) => {
					const all = rows((c.params!.filter as { ENTITY_ID: number[] }).ENTITY_ID);
					return { ok: true, result: all.slice(0, 50), total: all.length };
				});
			},
			list: async (method: string, params: { filter: { ENTITY_ID: number[] } }) => {
				listed.push(method);
				return rows(params.filter.ENTITY_ID);
			},
		} as unknown as Bitrix24Client;
		const reads = Array.from({ length: 60 }, (_x, i) => ({ i, read: { method: 'crm.address.list', filter: { TYPE_ID: 6 }, key: 'ENTITY_ID', value: i + 1, order: { ENTITY_ID: 'ASC' }, take: 'rows' as const } }));
		const out = await readBulk(client, reads);
		expect(sent.map((c) => (c.params!.filter as { ENTITY_ID: number[] }).ENTITY_ID.length)).toEqual([50, 10]);
		expect(sent[0].params).toMatchObject({ filter: { TYPE_ID: 6 }, order: { ENTITY_ID: 'ASC' } });
		expect(listed).toEqual(['crm.address.list']); // only the first command overflowed (100 rows)
		expect(out.get(0)).toEqual({ ok: true, result: [{ ID: 10, ENTITY_ID: 1 }, { ID: 11, ENTITY_ID: 1 }] });
		expect(out.get(59)).toEqual({ ok: true, result: [{ ID: 600, ENTITY_ID: 60 }, { ID: 601, ENTITY_ID: 60 }] });
	});
});

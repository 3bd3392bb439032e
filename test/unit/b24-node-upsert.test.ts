/**
 * Bitrix24 node writes that only send what changed (the requisite sync's idempotence): address
 * Create or Update (read the address of the type, add it when missing, update only differing
 * fields, send nothing when equal; a one-line 1C address split into parts) and Update with
 * "Only Changed Values" of bank details and requisites (read first, send the differing fields).
 * Reads and writes are batched across items.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import type { Credentials } from '../helpers/n8n';
import { CONTINUE, counterFor, expectPaired, json, runnerFor } from '../helpers/b24-node';
import { addressFromLine, changedFields } from '../../lib/address';

let sb: Bitrix24Sandbox;
let creds: Credentials;

beforeAll(async () => {
	sb = await sandbox({ companies: 20 });
	creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
});
afterAll(async () => sb.close());

const run = runnerFor(() => creds);
const counted = counterFor(() => sb);
type Row = Record<string, string | number | null>;
const table = async (name: string) => (await admin(sb, `table/${name}`)) as unknown as Row[];

describe('addressFromLine / changedFields', () => {
	it('splits a 1C one-line address into postal code, region, city and street', () => {
		expect(addressFromLine('141400, Московская обл., г. Химки, ул. Ленина, д. 5, офис 12', { region: 'Московская обл.', city: 'Химки' })).toEqual({ POSTAL_CODE: '141400', PROVINCE: 'Московская обл.', CITY: 'Химки', ADDRESS_1: 'ул. Ленина, д. 5, офис 12' });
		expect(addressFromLine('101000, г. Москва, Тверская ул., д. 1', { region: 'Москва', city: 'Москва' })).toEqual({ POSTAL_CODE: '101000', PROVINCE: 'Москва', CITY: 'Москва', ADDRESS_1: 'Тверская ул., д. 1' });
		// no hints: the «г. …» part is the city, what precedes it the region
		expect(addressFromLine('420000, Республика Татарстан, г. Казань, ул. Баумана, д. 3')).toEqual({ POSTAL_CODE: '420000', PROVINCE: 'Республика Татарстан', CITY: 'Казань', ADDRESS_1: 'ул. Баумана, д. 3' });
		expect(addressFromLine('ул. Мира, 7')).toEqual({ ADDRESS_1: 'ул. Мира, 7' });
	});
	it('names the fields that differ (blank = null = missing; trimmed strings)', () => {
		expect(changedFields({ A: '1', B: null, C: ' x ' }, { A: 1, B: '', C: 'x', D: 'new' })).toEqual(['D']);
		expect(changedFields(undefined, { A: '' })).toEqual([]);
	});
});

describe('address: Create or Update', () => {
	it('adds missing addresses, updates only differing ones, and sends nothing the second time', async () => {
		const rq = (await table('requisite')).slice(0, 3).map((r) => Number(r.ID));
		const legal = (await table('address')).find((a) => Number(a.ENTITY_ID) === rq[0] && Number(a.TYPE_ID) === 6)!;
		const params = { resource: 'address', operation: 'upsert', addressTypeId: '={{ $json.type }}', addressOwnerType: 8, addressOwnerId: '={{ $json.rq }}', addressLine: '={{ $json.line }}', fields: { PROVINCE: '={{ $json.region }}', CITY: '={{ $json.city }}' } };
		const input = [
			// the stored legal address as 1C would show it: unchanged
			{ rq: rq[0], type: 6, line: `${String(legal.POSTAL_CODE)}, г. ${String(legal.CITY)}, ${String(legal.ADDRESS_1)}`, region: legal.PROVINCE, city: legal.CITY },
			// a new street for the second requisite's legal address
			{ rq: rq[1], type: 6, line: '190000, г. Санкт-Петербург, Невский пр., д. 10', region: 'Санкт-Петербург', city: 'Санкт-Петербург' },
			// a delivery address nobody has yet
			{ rq: rq[2], type: 11, line: '420000, Республика Татарстан, г. Казань, ул. Баумана, д. 3', region: 'Республика Татарстан', city: 'Казань' },
			// no such requisite
			{ rq: 999999, type: 11, line: '101000, г. Москва, ул. Ильинка, д. 1', region: 'Москва', city: 'Москва' },
		];
		const { r: first, c } = await counted(() => run(params, input, CONTINUE));
		expectPaired(first);
		expect(json(first).map((x) => x.action ?? 'error')).toEqual(['unchanged', 'updated', 'created', 'error']);
		expect(json(first)[1].changed).toEqual(expect.arrayContaining(['ADDRESS_1']));
		expect(json(first)[3].error).toMatch(/not found/i);
		expect(c.requests).toBe(2); // one batch of reads, one of writes
		const stored = await table('address');
		expect(stored.find((a) => Number(a.ENTITY_ID) === rq[1] && Number(a.TYPE_ID) === 6)).toMatchObject({ POSTAL_CODE: '190000', CITY: 'Санкт-Петербург', PROVINCE: 'Санкт-Петербург', ADDRESS_1: 'Невский пр., д. 10' });
		expect(stored.find((a) => Number(a.ENTITY_ID) === rq[2] && Number(a.TYPE_ID) === 11)).toMatchObject({ POSTAL_CODE: '420000', CITY: 'Казань', ADDRESS_1: 'ул. Баумана, д. 3' });

		const { r: again, c: c2 } = await counted(() => run(params, input.slice(0, 3)));
		expect(json(again).map((x) => x.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(c2.requests).toBe(1); // the reads only
	});
});

describe('Update with Only Changed Values', () => {
	it('sends only differing bank-detail fields, and nothing when all are equal', async () => {
		const banks = (await table('bankdetail')).slice(0, 2);
		const params = { resource: 'bankDetail', operation: 'update', id: '={{ $json.id }}', onlyChanged: true, fields: { RQ_ACC_NUM: '={{ $json.acc }}', RQ_BIK: '={{ $json.bik }}' } };
		const input = [
			{ id: banks[0].ID, acc: banks[0].RQ_ACC_NUM, bik: banks[0].RQ_BIK },
			{ id: banks[1].ID, acc: '40702810000000000001', bik: banks[1].RQ_BIK },
		];
		const { r, c } = await counted(() => run(params, input));
		expect(json(r)).toEqual([{ id: banks[0].ID, updated: false }, { id: banks[1].ID, updated: true }]);
		expect(c.requests).toBe(2);
		const after = (await post(`${sb.webhookUrl}crm.requisite.bankdetail.get`, { id: banks[1].ID })).body.result as Row;
		expect(after.RQ_ACC_NUM).toBe('40702810000000000001');
		const { c: c2 } = await counted(() => run(params, input));
		expect(c2.requests).toBe(1);
		// without the option every item is written
		const { r: plain, c: c3 } = await counted(() => run({ ...params, onlyChanged: false }, input));
		expect(json(plain).every((x) => x.updated === true)).toBe(true);
		expect(c3.requests).toBe(1);
	});
});

/**
 * Bitrix24 node on the real n8n engine against the sandbox: requisites, bank details, addresses,
 * presets and requisite links — item commands batched (one request for N items), per-item
 * errors with continueOnFail, pairedItem on every output.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { post, sandbox } from '../helpers/b24';
import { pickerOptions } from '../helpers/b24-options';
import type { Credentials } from '../helpers/n8n';
import { CONTINUE, counterFor, expectPaired, json, runnerFor } from '../helpers/b24-node';

let sb: Bitrix24Sandbox;
let creds: Credentials;

beforeAll(async () => {
	sb = await sandbox({ companies: 60 });
	creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
});
afterAll(async () => sb.close());

const run = runnerFor(() => creds);

const counted = counterFor(() => sb);


describe('requisites', () => {
	it('creates N requisites in one batch request, reads, updates, lists by filters and deletes; bad items fail alone', async () => {
		const companies = ((await post(`${sb.webhookUrl}crm.company.list`, { select: ['ID'] })).body.result as Array<{ ID: string }>).slice(0, 4).map((x) => Number(x.ID));
		const input = [1, 2, 3].map((n) => ({ company: companies[n - 1], inn: `99000000${n}0`, name: `ООО "Реквизит ${n}"` }));
		const { r: created, c } = await counted(() =>
			run(
				{
					resource: 'requisite',
					operation: 'create',
					requisiteOwnerType: 4,
					requisiteOwnerId: '={{ $json.company }}',
					presetId: '1',
					requisiteName: 'Организация',
					fields: { RQ_INN: '={{ $json.inn }}', RQ_COMPANY_NAME: '={{ $json.name }}', XML_ID: '={{ "guid-" + $json.company }}', RQ_VAT_PAYER: 'N' },
					fieldsUi: { field: [{ name: 'RQ_OKVED', value: '62.01' }] },
					fieldsJson: '{"RQ_OKPO":"12345678"}',
				},
				input,
			),
		);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(3);
		expectPaired(created);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 3 });
		const ids = json(created).map((x) => x.id as number);
		expect(ids.every((id) => Number(id) > 0)).toBe(true);

		const got = await run({ resource: 'requisite', operation: 'get', id: '={{ $json.id }}' }, ids.map((id) => ({ id })));
		expect(json(got)[1]).toMatchObject({ ID: String(ids[1]), ENTITY_TYPE_ID: '4', ENTITY_ID: String(companies[1]), PRESET_ID: '1', NAME: 'Организация', RQ_INN: '9900000020', RQ_OKVED: '62.01', RQ_OKPO: '12345678', XML_ID: `guid-${companies[1]}`, RQ_VAT_PAYER: 'N' });

		const { r: upd, c: cu } = await counted(() => run({ resource: 'requisite', operation: 'update', id: '={{ $json.id }}', fields: { RQ_KPP: '770501001', NAME: 'Основной' } }, ids.slice(0, 2).map((id) => ({ id }))));
		expect(json(upd)).toEqual([{ id: ids[0], updated: true }, { id: ids[1], updated: true }]);
		expect(cu.batches).toBe(1);
		const after = await run({ resource: 'requisite', operation: 'get', id: String(ids[0]) }, [{}]);
		expect(json(after)[0]).toMatchObject({ RQ_KPP: '770501001', NAME: 'Основной', RQ_INN: '9900000010' });

		const byInn = await run({ resource: 'requisite', operation: 'getAll', returnAll: true, filters: { RQ_INN: '9900000030' } }, [{}]);
		expect(json(byInn).map((x) => x.ID)).toEqual([String(ids[2])]);
		const byOwner = await run({ resource: 'requisite', operation: 'getAll', returnAll: true, filters: { ENTITY_TYPE_ID: 4, ENTITY_ID: String(companies[0]) }, listOptions: { select: 'ID,ENTITY_ID,RQ_INN' } }, [{}]);
		expect(json(byOwner).map((x) => x.ID)).toContain(String(ids[0]));
		expect(json(byOwner).every((x) => x.ENTITY_ID === String(companies[0]))).toBe(true);
		const all = await run({ resource: 'requisite', operation: 'getAll', returnAll: true, listOptions: { select: 'ID' } }, [{}]);
		expect(all.items.length).toBeGreaterThan(60);
		expect(new Set(json(all).map((x) => x.ID)).size).toBe(all.items.length);
		const limited = await run({ resource: 'requisite', operation: 'getAll', returnAll: false, limit: 7 }, [{}]);
		expect(limited.items).toHaveLength(7);

		const bad = await run({ resource: 'requisite', operation: 'create', requisiteOwnerType: 4, requisiteOwnerId: '={{ $json.company }}', presetId: '1', requisiteName: 'Организация' }, [{ company: companies[3] }, { company: 999999 }], CONTINUE);
		expect(bad.items).toHaveLength(2);
		expect(Number(bad.items[0].json.id)).toBeGreaterThan(0);
		expect(bad.items[1].json.error).toContain('Entity not found');
		expectPaired(bad);
		const stop = await run({ resource: 'requisite', operation: 'get', id: '={{ $json.id }}' }, [{ id: ids[0] }, { id: 99999999 }]);
		expect(stop.error).toBeDefined();

		const { r: del, c: cd } = await counted(() => run({ resource: 'requisite', operation: 'delete', id: '={{ $json.id }}' }, [{ id: ids[2] }, { id: 99999999 }, { id: bad.items[0].json.id }], CONTINUE));
		expect(cd.batches).toBe(1);
		expect(json(del)[0]).toEqual({ id: ids[2], deleted: true });
		expect(json(del)[1].error).toBeDefined();
		expect(json(del)[2]).toMatchObject({ deleted: true });
		expectPaired(del);
	});
});

describe('bank details', () => {
	it('creates, reads, updates, lists by requisite and deletes bank details, batched', async () => {
		const { r: created, c } = await counted(() =>
			run(
				{ resource: 'bankDetail', operation: 'create', requisiteId: '={{ $json.rq }}', bankDetailName: '={{ $json.bank }}', fields: { RQ_BIK: '044525225', RQ_ACC_NUM: '={{ $json.acc }}', RQ_COR_ACC_NUM: '30101810400000000225', RQ_ACC_CURRENCY: 'RUB', XML_ID: '={{ "bank-" + $json.acc }}' } },
				[
					{ rq: 1, bank: 'ПАО Сбербанк', acc: '40702810938000060473' },
					{ rq: 2, bank: 'АО Альфа-Банк', acc: '40702810938000060474' },
					{ rq: 999999, bank: 'Нет такого', acc: '0' },
				],
				CONTINUE,
			),
		);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 3 });
		expectPaired(created);
		expect(json(created)[2].error).toContain('Entity not found');
		const ids = json(created).slice(0, 2).map((x) => x.id as number);

		const got = await run({ resource: 'bankDetail', operation: 'get', id: '={{ $json.id }}' }, ids.map((id) => ({ id })));
		expect(json(got)[0]).toMatchObject({ ENTITY_ID: '1', NAME: 'ПАО Сбербанк', RQ_BIK: '044525225', RQ_ACC_NUM: '40702810938000060473', RQ_ACC_CURRENCY: 'RUB', XML_ID: 'bank-40702810938000060473' });

		await run({ resource: 'bankDetail', operation: 'update', id: '={{ $json.id }}', fields: { RQ_BANK_NAME: 'Банк-обновлён', ACTIVE: 'N' } }, ids.map((id) => ({ id })));
		const list = await run({ resource: 'bankDetail', operation: 'getAll', returnAll: true, filters: { ENTITY_ID: '2' } }, [{}]);
		const mine = json(list).find((x) => x.ID === String(ids[1]));
		expect(mine).toMatchObject({ RQ_BANK_NAME: 'Банк-обновлён', ACTIVE: 'N' });
		expect(json(list).every((x) => x.ENTITY_ID === '2')).toBe(true);

		const del = await run({ resource: 'bankDetail', operation: 'delete', id: '={{ $json.id }}' }, ids.map((id) => ({ id })));
		expect(json(del)).toEqual(ids.map((id) => ({ id, deleted: true })));
		const gone = await run({ resource: 'bankDetail', operation: 'get', id: '={{ $json.id }}' }, [{ id: ids[0] }], CONTINUE);
		expect(json(gone)[0].error).toBeDefined();
	});
});

describe('addresses', () => {
	it('creates, gets, updates, lists and deletes addresses keyed by type + requisite', async () => {
		const key = { addressTypeId: 11, addressOwnerType: 8, addressOwnerId: '={{ $json.rq }}' };
		const { r: created, c } = await counted(() =>
			run({ resource: 'address', operation: 'create', ...key, fields: { CITY: '={{ $json.city }}', ADDRESS_1: 'ул. Ленина, д. 1', POSTAL_CODE: '101000', COUNTRY: 'Россия' } }, [{ rq: 3, city: 'Москва' }, { rq: 4, city: 'Казань' }, { rq: 3, city: 'Дубль' }], CONTINUE),
		);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 3 });
		expect(json(created)[0]).toEqual({ TYPE_ID: 11, ENTITY_TYPE_ID: 8, ENTITY_ID: 3, created: true });
		expect(json(created)[2].error).toContain('already exists');
		expectPaired(created);

		const got = await run({ resource: 'address', operation: 'get', ...key }, [{ rq: 4 }, { rq: 999999 }], CONTINUE);
		expect(json(got)[0]).toMatchObject({ TYPE_ID: '11', ENTITY_TYPE_ID: '8', ENTITY_ID: '4', CITY: 'Казань', POSTAL_CODE: '101000' });
		expect(json(got)[1].error).toContain('not found');

		const upd = await run({ resource: 'address', operation: 'update', ...key, fields: { CITY: 'Санкт-Петербург', PROVINCE: 'Ленинградская область' } }, [{ rq: 3 }, { rq: 4 }]);
		expect(json(upd)[1]).toEqual({ TYPE_ID: 11, ENTITY_TYPE_ID: 8, ENTITY_ID: 4, updated: true });
		const byReq = await run({ resource: 'address', operation: 'getAll', returnAll: true, filters: { ENTITY_ID: '3' } }, [{}]);
		expect(json(byReq).find((x) => x.TYPE_ID === '11')).toMatchObject({ CITY: 'Санкт-Петербург', PROVINCE: 'Ленинградская область' });
		expect(json(byReq).every((x) => x.ENTITY_ID === '3')).toBe(true);

		const total = (await post(`${sb.webhookUrl}crm.address.list`, {})).body.total as number;
		expect(total).toBeGreaterThan(50);
		const all = await run({ resource: 'address', operation: 'getAll', returnAll: true }, [{}]);
		expect(all.items).toHaveLength(total);
		expect(new Set(json(all).map((x) => `${x.TYPE_ID}/${x.ENTITY_TYPE_ID}/${x.ENTITY_ID}`)).size).toBe(total);
		const limited = await run({ resource: 'address', operation: 'getAll', returnAll: false, limit: 55 }, [{}]);
		expect(limited.items).toHaveLength(55);

		const del = await run({ resource: 'address', operation: 'delete', ...key }, [{ rq: 3 }, { rq: 4 }, { rq: 4 }], CONTINUE);
		expect(json(del)[0]).toMatchObject({ deleted: true });
		expect(json(del)[2].error).toContain('not found');
	});
});

describe('presets and requisite links', () => {
	it('lists presets, gets them and their fields in one batch', async () => {
		const all = await run({ resource: 'requisitePreset', operation: 'getAll', returnAll: true }, [{}]);
		expect(json(all).map((x) => x.NAME)).toEqual(['Организация', 'ИП', 'Физ. лицо', 'Организация (доп.)']);
		const { r: got, c } = await counted(() => run({ resource: 'requisitePreset', operation: 'get', id: '={{ $json.id }}' }, [{ id: 1 }, { id: 2 }, { id: 99 }], CONTINUE));
		expect(c).toMatchObject({ requests: 1, batches: 1 });
		expect(json(got)[1]).toMatchObject({ ID: '2', NAME: 'ИП', ENTITY_TYPE_ID: '8' });
		expect(json(got)[2].error).toBeDefined();
		const fields = await run({ resource: 'requisitePreset', operation: 'getFields', id: '={{ $json.id }}' }, [{ id: 1 }, { id: 3 }]);
		expect(fields.items.filter((x) => x.pairedItem && (x.pairedItem as { item: number }).item === 0).map((x) => x.json.FIELD_NAME)).toContain('RQ_INN');
		expect(fields.items.filter((x) => (x.pairedItem as { item: number }).item === 1).map((x) => x.json.FIELD_NAME)).toContain('RQ_IDENT_DOC');
	});

	it('registers, reads, lists and unregisters links of deals to requisites', async () => {
		const deals = ((await post(`${sb.webhookUrl}crm.deal.list`, { select: ['ID'] })).body.result as Array<{ ID: string }>).slice(0, 2).map((d) => Number(d.ID));
		expect(deals).toHaveLength(2);
		const keys = { linkEntityTypeId: 2, linkEntityId: '={{ $json.deal }}' };
		const { r: reg, c } = await counted(() =>
			run({ resource: 'requisiteLink', operation: 'register', ...keys, requisiteId: '={{ $json.rq }}', linkFields: { BANK_DETAIL_ID: 1, MC_REQUISITE_ID: 7 } }, [{ deal: deals[0], rq: 1 }, { deal: deals[1], rq: 2 }]),
		);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 2 });
		expect(json(reg)[0]).toEqual({ entityTypeId: 2, entityId: deals[0], registered: true });
		const bad = await run({ resource: 'requisiteLink', operation: 'register', linkEntityTypeId: 3, linkEntityId: '1', requisiteId: '1' }, [{}], CONTINUE);
		expect(json(bad)[0].error).toContain('ENTITY_TYPE_ID');

		const got = await run({ resource: 'requisiteLink', operation: 'get', ...keys }, deals.map((deal) => ({ deal })));
		expect(json(got)[1]).toEqual({ ENTITY_TYPE_ID: '2', ENTITY_ID: String(deals[1]), REQUISITE_ID: '2', BANK_DETAIL_ID: '1', MC_REQUISITE_ID: '7', MC_BANK_DETAIL_ID: '0' });
		const list = await run({ resource: 'requisiteLink', operation: 'getAll', returnAll: true, filters: { ENTITY_TYPE_ID: 2 } }, [{}]);
		expect(json(list).map((x) => x.ENTITY_ID).sort()).toEqual(deals.map(String).sort());

		const un = await run({ resource: 'requisiteLink', operation: 'unregister', ...keys }, [{ deal: deals[0] }]);
		expect(json(un)[0]).toEqual({ entityTypeId: 2, entityId: deals[0], unregistered: true });
		const after = await run({ resource: 'requisiteLink', operation: 'get', ...keys }, [{ deal: deals[0] }, { deal: deals[1] }], CONTINUE);
		expect(json(after)[0].error).toBeDefined();
		expect(json(after)[1]).toMatchObject({ REQUISITE_ID: '2' });
		expectPaired(after);
	});
});

describe('pickers', () => {
	it('lists presets, requisite and bank-detail fields, link entity types', async () => {
		expect((await pickerOptions('getRequisitePresets', sb.webhookUrl)).map((o) => o.value)).toEqual(['1', '2', '3', '4']);
		const rq = (await pickerOptions('getRequisiteFields', sb.webhookUrl)).map((o) => o.value);
		expect(rq).toEqual(expect.arrayContaining(['RQ_INN', 'RQ_KPP', 'XML_ID']));
		expect(rq).not.toContain('ID');
		expect((await pickerOptions('getBankDetailFields', sb.webhookUrl)).map((o) => o.value)).toEqual(expect.arrayContaining(['RQ_BIK', 'RQ_ACC_NUM']));
		const types = await pickerOptions('getRequisiteLinkEntityTypes', sb.webhookUrl);
		expect(types.map((o) => o.value)).toEqual([2, 7, 31, 128]);
	});
});

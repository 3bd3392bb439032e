/**
 * Bitrix24 node on the real n8n engine against the sandbox: statuses / stages, pipelines, VAT
 * rates — item commands batched, per-item errors with continueOnFail, pairedItem.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { post, sandbox } from '../helpers/b24';
import { pickerOptions } from '../helpers/b24-options';
import type { Credentials } from '../helpers/n8n';
import { CONTINUE, counterFor, expectPaired, json, runnerFor } from '../helpers/b24-node';

let sb: Bitrix24Sandbox;
let creds: Credentials;

beforeAll(async () => {
	sb = await sandbox({ companies: 5 });
	creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
});
afterAll(async () => sb.close());

const run = runnerFor(() => creds);

const counted = counterFor(() => sb);


describe('statuses', () => {
	it('creates statuses and pipeline stages in one batch, reads, updates, lists a dictionary, deletes', async () => {
		const { r: created, c } = await counted(() =>
			run(
				{ resource: 'status', operation: 'create', statusEntityId: '={{ $json.dict }}', statusId: '={{ $json.code }}', statusName: '={{ $json.name }}', statusFields: { SORT: 25, COLOR: '#112233' } },
				[
					{ dict: 'DEAL_STAGE_1', code: 'CHECK', name: 'Проверка' },
					{ dict: 'SOURCE', code: 'ONEC_SITE', name: 'Сайт 1С' },
					{ dict: 'SOURCE', code: 'ONEC_SITE', name: 'Дубль' },
				],
				CONTINUE,
			),
		);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 3 });
		expectPaired(created);
		expect(json(created)[2].error).toContain('already exists');
		const ids = json(created).slice(0, 2).map((x) => x.id as number);

		const got = await run({ resource: 'status', operation: 'get', id: '={{ $json.id }}' }, ids.map((id) => ({ id })));
		expect(json(got)[0]).toMatchObject({ ENTITY_ID: 'DEAL_STAGE_1', STATUS_ID: 'C1:CHECK', NAME: 'Проверка', SORT: '25', COLOR: '#112233', SYSTEM: 'N' });
		expect(json(got)[1]).toMatchObject({ ENTITY_ID: 'SOURCE', STATUS_ID: 'ONEC_SITE' });

		const upd = await run({ resource: 'status', operation: 'update', id: '={{ $json.id }}', statusUpdateFields: { NAME: '={{ "Новое " + $json.id }}' } }, ids.map((id) => ({ id })));
		expect(json(upd)).toEqual(ids.map((id) => ({ id, updated: true })));

		const stages = await run({ resource: 'status', operation: 'getAll', statusEntityId: 'DEAL_STAGE_1', returnAll: true }, [{}]);
		expect(json(stages)[0].STATUS_ID).toBe('C1:NEW');
		expect(json(stages).find((x) => x.STATUS_ID === 'C1:CHECK')?.NAME).toBe(`Новое ${ids[0]}`);
		const sorts = json(stages).map((x) => Number(x.SORT));
		expect(sorts).toEqual([...sorts].sort((a, b) => a - b));
		expect(json(stages).every((x) => x.ENTITY_ID === 'DEAL_STAGE_1')).toBe(true);
		const two = await run({ resource: 'status', operation: 'getAll', statusEntityId: 'SOURCE', returnAll: false, limit: 2 }, [{}]);
		expect(two.items).toHaveLength(2);

		const system = json(await run({ resource: 'status', operation: 'getAll', statusEntityId: 'STATUS', returnAll: true }, [{}])).find((x) => x.STATUS_ID === 'NEW')!;
		const { r: del, c: cd } = await counted(() => run({ resource: 'status', operation: 'delete', id: '={{ $json.id }}' }, [...ids.map((id) => ({ id })), { id: system.ID }], CONTINUE));
		expect(cd.batches).toBe(1);
		expect(json(del).slice(0, 2)).toEqual(ids.map((id) => ({ id, deleted: true })));
		expect(json(del)[2].error).toContain('system status');
		expectPaired(del);
		const stop = await run({ resource: 'status', operation: 'get', id: '={{ $json.id }}' }, [{ id: ids[0] }]);
		expect(stop.error).toBeDefined();
	});
});

describe('pipelines', () => {
	it('creates pipelines of deals and smart invoices in one batch, gets and lists them', async () => {
		const { r: created, c } = await counted(() =>
			run({ resource: 'pipeline', operation: 'create', pipelineEntityTypeId: '={{ $json.et }}', pipelineName: '={{ $json.name }}', pipelineFields: { sort: 900 } }, [{ et: 2, name: 'Розница' }, { et: 31, name: 'Счета 1С' }, { et: 777, name: 'Нет типа' }], CONTINUE),
		);
		expect(c).toMatchObject({ requests: 1, batches: 1, batchCommands: 3 });
		expectPaired(created);
		expect(json(created)[0]).toMatchObject({ name: 'Розница', entityTypeId: 2, sort: 900 });
		expect(json(created)[1]).toMatchObject({ name: 'Счета 1С', entityTypeId: 31 });
		expect(json(created)[2].error).toBeDefined();
		const dealPipeline = json(created)[0].id as number;

		const got = await run({ resource: 'pipeline', operation: 'get', pipelineEntityTypeId: '={{ $json.et }}', id: '={{ $json.id }}' }, [{ et: 2, id: dealPipeline }, { et: 2, id: 0 }, { et: 2, id: 4242 }], CONTINUE);
		expect(json(got)[0]).toMatchObject({ id: dealPipeline, name: 'Розница' });
		expect(json(got)[1]).toMatchObject({ id: 0, isDefault: 'Y' });
		expect(json(got)[2].error).toBeDefined();

		const deals = await run({ resource: 'pipeline', operation: 'getAll', pipelineEntityTypeId: 2, returnAll: true }, [{}]);
		expect(json(deals).map((x) => x.name)).toEqual(expect.arrayContaining(['Общая', 'Розница']));
		const spa = await run({ resource: 'pipeline', operation: 'getAll', pipelineEntityTypeId: 128, returnAll: false, limit: 1 }, [{}]);
		expect(json(spa)).toHaveLength(1);
		expect(json(spa)[0].entityTypeId).toBe(128);

		const stages = await run({ resource: 'status', operation: 'getAll', statusEntityId: `DEAL_STAGE_${dealPipeline}`, returnAll: true }, [{}]);
		expect(json(stages)[0].STATUS_ID).toBe(`C${dealPipeline}:NEW`);
	});
});

describe('VAT rates', () => {
	it('lists VAT rates through the catalog and the old CRM API, gets them batched', async () => {
		const cat = await run({ resource: 'vatRate', operation: 'getAll', vatApi: 'catalog', returnAll: true }, [{}]);
		expect(json(cat).map((x) => x.rate)).toEqual([null, 0, 20, 10]);
		const crm = await run({ resource: 'vatRate', operation: 'getAll', vatApi: 'crm', returnAll: true }, [{}]);
		expect(json(crm).map((x) => x.RATE)).toEqual([null, '0.00', '20.00', '10.00']);

		const { r: got, c } = await counted(() => run({ resource: 'vatRate', operation: 'get', vatApi: 'catalog', id: '={{ $json.id }}' }, [{ id: 3 }, { id: 4 }, { id: 99 }], CONTINUE));
		expect(c).toMatchObject({ requests: 1, batches: 1 });
		expect(json(got)[0]).toMatchObject({ id: 3, rate: 20 });
		expect(json(got)[2].error).toBeDefined();
		expectPaired(got);
		const old = await run({ resource: 'vatRate', operation: 'get', vatApi: 'crm', id: '={{ $json.id }}' }, [{ id: 4 }, { id: 2 }]);
		expect(json(old).map((x) => x.RATE)).toEqual(['10.00', '0.00']);
	});
});

describe('pickers', () => {
	it('lists status dictionaries and pipeline entity types', async () => {
		const dicts = (await pickerOptions('getStatusEntities', sb.webhookUrl)).map((o) => o.value);
		expect(dicts).toEqual(expect.arrayContaining(['STATUS', 'SOURCE', 'DEAL_STAGE', 'DEAL_STAGE_1']));
		const types = await pickerOptions('getPipelineEntityTypes', sb.webhookUrl);
		expect(types.map((o) => o.value)).toEqual([2, 31, 128]);
		expect(types[2].name).toContain('Заявки на доставку');
		const raw = (await post(`${sb.webhookUrl}crm.status.entity.types`, {})).body.result as unknown[];
		expect(dicts).toHaveLength(raw.length);
	});
});

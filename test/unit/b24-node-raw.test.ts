import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node: raw method calls and batch on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	const run = (parameters: IDataObject, input: IDataObject[], onError?: 'continueRegularOutput') => runNode({ parameters, onError }, input, creds);
	const total = async (method: string, body: unknown = {}) => (await post(sb.webhookUrl + method, body)).body.total as number;
	beforeAll(async () => {
		sb = await sandbox({ companies: 120 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('batches the calls of many items and maps errors back per item', async () => {
		await admin(sb, 'counters/reset', {});
		const res = await run(
			{ resource: 'rawCall', operation: 'call', method: '={{ $json.method }}', params: '={{ JSON.stringify({ id: $json.id }) }}' },
			[
				{ method: 'crm.company.get', id: 1 },
				{ method: 'crm.company.get', id: 2 },
				{ method: 'crm.nosuch.method', id: 1 },
				{ method: 'crm.company.get', id: 99999999 },
			],
			'continueRegularOutput',
		);
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(4);
		expect((res.items[0].json.result as { ID: string }).ID).toBe('1');
		expect((res.items[1].json.result as { ID: string }).ID).toBe('2');
		expect(res.items[2].json.error).toContain('ERROR_METHOD_NOT_FOUND');
		expect(res.items[3].json.error).toContain('Not found');
		expect(res.items.map((x) => x.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));

		const list = await run({ resource: 'rawCall', operation: 'call', method: 'crm.company.list', params: '{"select":["ID"],"start":50}' }, [{}]);
		expect(list.items[0].json).toMatchObject({ total: await total('crm.company.list'), next: 100 });

		await admin(sb, 'counters/reset', {});
		const alone = await run({ resource: 'rawCall', operation: 'call', method: 'crm.company.get', params: '={{ JSON.stringify({ id: $json.id }) }}', batchItems: false }, [{ id: 1 }, { id: 2 }]);
		expect(alone.items).toHaveLength(2);
		expect((await admin(sb, 'counters')).byMethod).toEqual({ 'crm.company.get': 2 });
	});

	it('Return All pages array answers by ID and object answers by their one array key and id', async () => {
		await admin(sb, 'counters/reset', {});
		const companies = await run({ resource: 'rawCall', operation: 'call', method: 'crm.company.list', params: '{"select":["ID","TITLE"]}', returnAll: true }, [{}]);
		expect((await admin(sb, 'counters')).requests).toBe(3); // the first page, its re-read by the list reader, one batch of cursor pages
		const n = await total('crm.company.list');
		expect(n).toBeGreaterThan(100);
		expect(companies.items).toHaveLength(n);
		expect(new Set(companies.items.map((x) => x.json.ID)).size).toBe(n);
		expect(Object.keys(companies.items[0].json)).toEqual(['ID', 'TITLE']);

		const orders = await run({ resource: 'rawCall', operation: 'call', method: 'sale.order.list', params: '{"select":["id","statusId"]}', returnAll: true }, [{}]);
		const m = await total('sale.order.list');
		expect(m).toBeGreaterThan(50);
		expect(new Set(orders.items.map((x) => x.json.id)).size).toBe(m);

		const small = await run({ resource: 'rawCall', operation: 'call', method: 'sale.status.list', params: '{"filter":{"type":"D"}}', returnAll: true }, [{}]);
		expect(small.items.map((x) => x.json.id).sort()).toEqual(['DD', 'DF', 'DN']);
		const notList = await run({ resource: 'rawCall', operation: 'call', method: 'crm.company.get', params: JSON.stringify({ id: companies.items[2].json.ID }), returnAll: true }, [{}]);
		expect(notList.error).toBeUndefined();
		expect((notList.items[0].json.result as { ID: string }).ID).toBe(companies.items[2].json.ID);
	});

	it('runs user batches: $result references, arrays of {method, params}, halt, totals', async () => {
		const before = await total('crm.company.list');
		await admin(sb, 'counters/reset', {});
		const res = await run(
			{ resource: 'batch', operation: 'execute', commands: '={{ JSON.stringify($json.cmd) }}' },
			[
				{
					cmd: {
						c: 'crm.company.add?fields[TITLE]=ООО Ссылка',
						d: 'crm.deal.add?fields[TITLE]=Сделка&fields[COMPANY_ID]=$result[c]',
						g: 'crm.deal.get?id=$result[d]',
						l: 'crm.company.list?select[0]=ID',
					},
				},
				{
					cmd: [
						{ method: 'crm.company.add', params: { fields: { TITLE: 'Массив & Ко' } } },
						{ method: 'crm.company.get', params: { id: '$result[0]' } },
						{ method: 'crm.company.get', params: { id: 99999999 } },
					],
				},
			],
		);
		expect(res.error).toBeUndefined();
		expect((await admin(sb, 'counters')).requests).toBe(2);
		const a = res.items[0].json as Record<string, Record<string, unknown>>;
		expect((a.result.g as { COMPANY_ID: string }).COMPANY_ID).toBe(String(a.result.c));
		expect(a.result_error).toEqual({});
		expect(a.result_total).toEqual({ l: before + 1 });
		expect(a.result_next).toEqual({ l: 50 });
		const b = res.items[1].json as Record<string, Record<string, unknown>>;
		expect((b.result['1'] as { TITLE: string }).TITLE).toBe('Массив & Ко');
		expect(Object.keys(b.result)).toEqual(['0', '1']);
		expect(Object.keys(b.result_error)).toEqual(['2']);

		const halted = await run({ resource: 'batch', operation: 'execute', halt: true, commands: '{"a":"crm.company.get?id=99999999","b":"crm.company.get?id=1"}' }, [{}]);
		const h = halted.items[0].json as Record<string, Record<string, unknown>>;
		expect(Object.keys(h.result_error)).toEqual(['a']);
		expect(h.result).toEqual({});

		const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'profile']));
		const bad = await run({ resource: 'batch', operation: 'execute', commands: '={{ JSON.stringify($json.cmd) }}' }, [{ cmd: tooMany }, { cmd: { x: 42 } }, { cmd: { p: 'profile' } }], 'continueRegularOutput');
		expect(bad.items[0].json.error).toContain('at most 50');
		expect(bad.items[1].json.error).toContain('Command "x"');
		expect(bad.items[2].json.result).toMatchObject({ p: { ID: '1' } });
		expect(bad.items.map((x) => x.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
	});
});

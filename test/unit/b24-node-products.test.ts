import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { loadOptions } from '../helpers/b24-load-options';
import { runNode, type Credentials } from '../helpers/n8n';

const listRequests = (total: number) => 1 + Math.ceil(Math.max(0, total - 50) / 2500);

describe('Bitrix24 node: products and product rows on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 30 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	const products = async () => ((await admin(sb, 'table/catalog_product')) as unknown[]).length;

	it('falls back to the default catalog when the portal cannot list catalogs', async () => {
		expect(await loadOptions(sb, 'getCatalogs', { resource: 'product' })).toEqual([{ name: 'CRM Catalog (23)', value: 23 }]);
	});

	it('creates catalog products in one batch, reads, updates, lists all and deletes', async () => {
		await admin(sb, 'counters/reset', {});
		const input = [
			{ name: 'Кофе зерновой 1 кг', guid: 'c0000000-0000-0000-0000-000000000001' },
			{ name: 'Чай чёрный 100 пак.', guid: 'c0000000-0000-0000-0000-000000000002' },
		];
		const created = await runNode({ parameters: { resource: 'product', operation: 'create', name: '={{ $json.name }}', fields: { xmlId: '={{ $json.guid }}', vatIncluded: true, purchasingPrice: 700, measure: 4 } } }, input, creds);
		expect(created.error).toBeUndefined();
		expect((await admin(sb, 'counters')).requests).toBe(1);
		expect(created.items[1]).toMatchObject({ json: { name: input[1].name, iblockId: 23, xmlId: input[1].guid, vatIncluded: 'Y', measure: 4 }, pairedItem: { item: 1 } });
		const ids = created.items.map((x) => x.json.id as number);

		const got = await runNode({ parameters: { resource: 'product', operation: 'get', id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(got.items.map((x) => x.json.xmlId)).toEqual(input.map((x) => x.guid));
		const upd = await runNode({ parameters: { resource: 'product', operation: 'update', id: ids[0], fields: { code: 'COFFEE-1' }, fieldsJson: '{"sort":100}' } }, [{}], creds);
		expect(upd.items[0].json).toMatchObject({ id: ids[0], code: 'COFFEE-1', sort: 100 });

		const total = await products();
		expect(total).toBeGreaterThan(50);
		await admin(sb, 'counters/reset', {});
		const all = await runNode({ parameters: { resource: 'product', operation: 'getAll', returnAll: true } }, [{}], creds);
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(total);
		expect(all.items[0].json).toHaveProperty('xmlId');
		expect((await admin(sb, 'counters')).requests).toBe(listRequests(total));
		const some = await runNode({ parameters: { resource: 'product', operation: 'getAll', limit: 3, listOptions: { select: 'name', filter: `{"=xmlId":"${input[0].guid}"}` } } }, [{}], creds);
		expect(some.items.map((x) => x.json)).toEqual([{ id: ids[0], iblockId: 23, name: input[0].name }]);
		const badIblock = await runNode({ parameters: { resource: 'product', operation: 'create', iblockId: 99, name: 'X' }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(badIblock.items[0].json.error).toContain('Iblock is not exists');

		const del = await runNode({ parameters: { resource: 'product', operation: 'delete', id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: ids[1] }, { id: 99999999 }], creds);
		expect(del.items[0].json).toEqual({ id: ids[1], deleted: true });
		expect(del.items[1].json.error).toContain('Product is not exists');
		expect(del.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('works through the legacy crm.product API', async () => {
		const created = await runNode({ parameters: { resource: 'product', operation: 'create', api: 'crm', name: '={{ $json.n }}', crmFields: { PRICE: '={{ $json.p }}', CURRENCY_ID: 'RUB', XML_ID: '={{ $json.n }}' } } }, [{ n: 'Сахар 1 кг', p: 95 }, { n: 'Соль 1 кг', p: 30 }], creds);
		expect(created.error).toBeUndefined();
		const ids = created.items.map((x) => x.json.id as number);
		const got = await runNode({ parameters: { resource: 'product', operation: 'get', api: 'crm', id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(got.items.map((x) => [x.json.NAME, x.json.PRICE])).toEqual([
			['Сахар 1 кг', '95.00'],
			['Соль 1 кг', '30.00'],
		]);
		await runNode({ parameters: { resource: 'product', operation: 'update', api: 'crm', id: ids[0], crmFields: { PRICE: 99 } } }, [{}], creds);
		const total = await products();
		await admin(sb, 'counters/reset', {});
		const all = await runNode({ parameters: { resource: 'product', operation: 'getAll', api: 'crm', returnAll: true } }, [{}], creds);
		expect(all.items).toHaveLength(total);
		expect(all.items.find((x) => Number(x.json.ID) === ids[0])?.json.PRICE).toBe('99.00');
		expect((await admin(sb, 'counters')).requests).toBe(listRequests(total));
		const del = await runNode({ parameters: { resource: 'product', operation: 'delete', api: 'crm', id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: 99999999 }, { id: ids[0] }], creds);
		expect(del.items[0].json.error).toContain('Not found');
		expect(del.items[1].json).toEqual({ id: ids[0], deleted: true });
	});

	it('replaces product rows of several owners from input items in one batch, lists, adds, updates and deletes rows', async () => {
		const inv = await runNode({ parameters: { resource: 'smartInvoice', operation: 'create', fields: { title: 'Счёт для строк' } } }, [{}], creds);
		const invoiceId = inv.items[0].json.id;
		const input = [
			{ owner: 'D', id: 1, product: 1, name: 'Бумага А4', price: 450, qty: 2 },
			{ owner: 'SI', id: invoiceId, product: 2, name: 'Ручка', price: 30, qty: 10 },
			{ owner: 'D', id: 1, product: 0, name: 'Доставка', price: 500, qty: 1 },
			{ owner: 'SI', id: invoiceId, product: 3, name: 'Скрепки', price: 12.5, qty: 4 },
		];
		await admin(sb, 'counters/reset', {});
		const set = await runNode(
			{
				parameters: {
					resource: 'productRow',
					operation: 'setAll',
					ownerType: '={{ $json.owner }}',
					ownerId: '={{ $json.id }}',
					rowsSource: 'items',
					rowFields: { productId: '={{ $json.product }}', productName: '={{ $json.name }}', price: '={{ $json.price }}', quantity: '={{ $json.qty }}', taxRate: 20, taxIncluded: true },
				},
			},
			input,
			creds,
		);
		expect(set.error).toBeUndefined();
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(2);
		expect(set.items.map((x) => [x.json.ownerType, x.json.productName, x.pairedItem])).toEqual([
			['D', 'Бумага А4', { item: 0 }],
			['SI', 'Ручка', { item: 1 }],
			['D', 'Доставка', { item: 2 }],
			['SI', 'Скрепки', { item: 3 }],
		]);

		await admin(sb, 'counters/reset', {});
		const listed = await runNode({ parameters: { resource: 'productRow', operation: 'getAll', ownerType: '={{ $json.t }}', ownerId: '={{ $json.id }}' } }, [{ t: 'D', id: 1 }, { t: 'SI', id: invoiceId }], creds);
		expect(listed.items.map((x) => [x.json.productName, x.pairedItem])).toEqual([
			['Бумага А4', { item: 0 }],
			['Доставка', { item: 0 }],
			['Ручка', { item: 1 }],
			['Скрепки', { item: 1 }],
		]);
		expect((await admin(sb, 'counters')).requests).toBe(1);

		const added = await runNode({ parameters: { resource: 'productRow', operation: 'add', ownerType: 'SI', ownerId: invoiceId, rowFields: { productName: '={{ $json.n }}', price: 100, quantity: 1 } } }, [{ n: 'Маркер' }, { n: 'Ластик' }], creds);
		expect(added.items.map((x) => x.json.productName)).toEqual(['Маркер', 'Ластик']);
		const rowId = added.items[0].json.id as number;
		const upd = await runNode({ parameters: { resource: 'productRow', operation: 'update', rowId, rowFields: { quantity: 5 }, rowJson: '{"discountTypeId":2,"discountRate":10}' } }, [{}], creds);
		expect(upd.items[0].json).toMatchObject({ id: rowId, quantity: 5, discountRate: 10 });
		const got = await runNode({ parameters: { resource: 'productRow', operation: 'get', rowId: '={{ $json.id }}' } }, [{ id: rowId }], creds);
		expect(got.items[0].json.quantity).toBe(5);
		const spa = await runNode({ parameters: { resource: 'productRow', operation: 'setAll', ownerType: 'SPA', entityTypeId: 128, ownerId: '99999', rowsJson: '[]' }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(spa.items[0].json.error).toContain('Owner was not found');

		const del = await runNode({ parameters: { resource: 'productRow', operation: 'delete', rowId: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: rowId }, { id: 99999999 }], creds);
		expect(del.items[0].json).toEqual({ id: rowId, deleted: true });
		expect(del.items[1].json.error).toContain('Product row not found');
		expect(del.items[1].pairedItem).toEqual({ item: 1 });
		const rest = await runNode({ parameters: { resource: 'smartInvoice', operation: 'getProductRows', id: invoiceId } }, [{}], creds);
		expect(rest.items.map((x) => x.json.productName).sort()).toEqual(['Ластик', 'Ручка', 'Скрепки']);
	});
});

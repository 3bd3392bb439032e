/**
 * The Bitrix24 sandbox's catalog (`catalog.*`, `crm.product|vat|measure.*`) and online store
 * (`sale.*`) over HTTP: shapes and value types as the recorded/doc responses show, paging,
 * filters, round trips, order consistency (paid/shipped/price) and the families' errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { generateDataset } from '../../sandbox/seed';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURES = '/work/shared/fixtures/bitrix24';
const fixture = (path: string): Json => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Json;

let sb: Bitrix24Sandbox;

beforeAll(async () => {
	sb = await startBitrix24Sandbox({ rate: { enabled: false } });
});
afterAll(async () => sb.close());

async function call(method: string, body: Json = {}, base = sb.webhookUrl): Promise<{ status: number; body: Json }> {
	const res = await fetch(base + method, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as Json };
}

async function ok(method: string, body: Json = {}): Promise<Json> {
	const r = await call(method, body);
	if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.body)}`);
	return r.body;
}

/** typeof of every non-null value, by key. */
const typesOf = (row: Json) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v]));

const newOrder = async (extra: Json = {}) =>
	(await ok('sale.order.add', { fields: { lid: 's1', personTypeId: 2, currency: 'RUB', ...extra } })).result.order as Json;

describe('seeded data', () => {
	const ds = generateDataset({ seed: 1, companies: 200 });

	it('loads products, prices and orders from the dataset when it has them', async () => {
		const products = await ok('catalog.product.list', { select: ['id', 'iblockId', 'name', 'xmlId'], filter: { iblockId: 23 } });
		const orders = await ok('sale.order.list', { select: ['id'] });
		expect(products.total).toBe(ds.products.length);
		expect(orders.total).toBe(ds.orders.length);
		if (ds.products.length === 0) return;
		const p = ds.products[0];
		expect(products.result.products[0]).toEqual({ id: p.n, iblockId: 23, name: p.name, xmlId: p.guid });
		expect((await ok('crm.product.get', { id: p.n })).result.PRICE).toBe(p.price.toFixed(2));
		if (ds.orders.length === 0) return;
		const o = ds.orders[0];
		const order = (await ok('sale.order.get', { id: o.n })).result.order;
		expect(order.accountNumber).toBe(o.accountNumber);
		expect(order.payed).toBe(o.paid ? 'Y' : 'N');
		expect(order.deducted).toBe(o.shipped ? 'Y' : 'N');
		expect(order.basketItems).toHaveLength(o.rows.length);
		expect(order.shipments[0].statusId).toBe(o.shipped ? 'DF' : o.status === 'D' ? 'DD' : 'DN');
	});
});

describe('catalog.product.* and the crm.product view', () => {
	it('adds, reads, updates and deletes a product with typed camelCase fields', async () => {
		const spy = jest.spyOn(sb.portal, 'emit');
		const added = await ok('catalog.product.add', {
			fields: { iblockId: 23, name: 'Бумага А4', code: 'paper-a4', xmlId: 'guid-1', vatId: 3, vatIncluded: 'Y', measure: 5, purchasingPrice: 250, purchasingCurrency: 'RUB' },
		});
		const el = added.result.element;
		expect(typeof el.id).toBe('number');
		expect(el).toMatchObject({ iblockId: 23, name: 'Бумага А4', vatId: 3, vatIncluded: 'Y', measure: 5, type: 1, purchasingPrice: '250.000000' });
		expect(el.timestampX).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
		expect(spy).toHaveBeenCalledWith('CATALOG.PRODUCT.ON.ADD', { ID: el.id, TYPE: 1 });
		expect(spy).toHaveBeenCalledWith('ONCRMPRODUCTADD', { ID: el.id });
		spy.mockRestore();

		const got = (await ok('catalog.product.get', { id: el.id })).result;
		expect(Object.keys(got)).toEqual(['product']);
		expect(got.product.name).toBe('Бумага А4');

		const upd = (await ok('catalog.product.update', { id: el.id, fields: { name: 'Бумага А4 (500 л.)', active: 'N' } })).result.element;
		expect(upd).toMatchObject({ id: el.id, name: 'Бумага А4 (500 л.)', active: 'N' });

		expect((await ok('catalog.product.delete', { id: el.id })).result).toBe(true);
		const missing = await call('catalog.product.get', { id: el.id });
		expect(missing).toEqual({ status: 400, body: { error: 0, error_description: 'Product is not exists' } });
	});

	it('lists like the recorded example: products[], typed values, total and next', async () => {
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) ids.push((await ok('catalog.product.add', { fields: { iblockId: 23, name: `Тетрадь ${i}`, purchasingPrice: 10 + i } })).result.element.id);
		const sample = fixture('docs-examples/catalog.product.list.json').result.products[0];
		const keys = Object.keys(sample).filter((k) => !/^property|Picture$/.test(k));
		const list = await ok('catalog.product.list', { select: keys, filter: { iblockId: 23, '@id': ids }, order: { id: 'desc' } });
		expect(list.total).toBe(3);
		expect(list.next).toBeUndefined();
		const row = list.result.products[0];
		expect(row.id).toBe(ids[2]);
		expect(Object.keys(row).sort()).toEqual([...keys].sort());
		const expected = typesOf(sample);
		for (const [k, t] of Object.entries(typesOf(row))) expect([k, t]).toEqual([k, expected[k]]);
		expect(row.purchasingPrice).toBe(12);
	});

	it('requires select id+iblockId and filter.iblockId', async () => {
		expect(await call('catalog.product.list', { filter: { iblockId: 23 } })).toEqual({
			status: 400,
			body: { error: 0, error_description: 'Required select fields: id, iblockId' },
		});
		expect((await call('catalog.product.list', { select: ['id', 'iblockId'] })).body.error_description).toBe('Required filter fields: iblockId');
		expect(await call('catalog.product.add', {})).toEqual({ status: 400, body: { error: 100, error_description: 'Could not find value for parameter {fields}' } });
	});

	it('crm.product.* is an old string view over the same table, with the base price', async () => {
		const id = (await ok('crm.product.add', { fields: { NAME: 'Скрепки', PRICE: 99.9, CURRENCY_ID: 'RUB', VAT_ID: 3, VAT_INCLUDED: 'Y', MEASURE: 6, XML_ID: 'clip' } })).result;
		expect(typeof id).toBe('number');
		const p = (await ok('crm.product.get', { id })).result;
		expect(p).toMatchObject({ ID: String(id), NAME: 'Скрепки', PRICE: '99.90', CURRENCY_ID: 'RUB', VAT_ID: '3', VAT_INCLUDED: 'Y', MEASURE: '6', XML_ID: 'clip', CATALOG_ID: '23', ACTIVE: 'Y' });
		expect((await ok('catalog.product.get', { id })).result.product).toMatchObject({ id, name: 'Скрепки', vatId: 3, measure: 6 });

		await ok('crm.product.update', { id, fields: { PRICE: 120 } });
		const prices = (await ok('catalog.price.list', { filter: { productId: id } })).result.prices;
		expect(prices).toEqual([expect.objectContaining({ productId: id, catalogGroupId: 1, price: 120, currency: 'RUB' })]);

		const list = await ok('crm.product.list', { filter: { ID: id }, select: ['ID', 'NAME', 'PRICE'] });
		expect(list.result).toEqual([{ ID: String(id), NAME: 'Скрепки', PRICE: '120.00' }]);
		expect(Object.keys((await ok('crm.product.fields')).result)).toContain('VAT_INCLUDED');

		await ok('crm.product.delete', { id });
		expect(await call('crm.product.get', { id })).toEqual({ status: 400, body: { error: '', error_description: 'Not found' } });
	});

	it('catalog.price.add / update and the single-base-price rule', async () => {
		const id = (await ok('catalog.product.add', { fields: { iblockId: 23, name: 'Ручка' } })).result.element.id;
		const price = (await ok('catalog.price.add', { fields: { productId: id, catalogGroupId: 1, price: 35.5, currency: 'RUB' } })).result.price;
		expect(price).toMatchObject({ productId: id, catalogGroupId: 1, price: 35.5, currency: 'RUB', extraId: null });
		const dup = await call('catalog.price.add', { fields: { productId: id, catalogGroupId: 1, price: 1, currency: 'RUB' } });
		expect(dup.status).toBe(400);
		expect(dup.body.error).toBe(0);
		const upd = (await ok('catalog.price.update', { id: price.id, fields: { price: 40, currency: 'RUB' } })).result.price;
		expect(upd.price).toBe(40);
		expect((await ok('crm.product.get', { id })).result.PRICE).toBe('40.00');
	});

	it('access is denied to a user without catalog rights', async () => {
		const r = await call('catalog.product.list', { select: ['id', 'iblockId'], filter: { iblockId: 23 } }, `${sb.baseUrl}/rest/3/b24sandboxnocrm00003/`);
		expect(r).toEqual({ status: 400, body: fixture('docs-examples/catalog.product.list.error.json') });
	});
});

describe('VAT rates, units and store documents', () => {
	it('crm.vat.list answers like the recorded example (strings, RATE null for «Без НДС»)', async () => {
		const r = await ok('crm.vat.list', { order: { ID: 'ASC' }, filter: { ACTIVE: 'Y' }, select: ['ID', 'NAME', 'RATE'] });
		const sample = fixture('docs-examples/crm.vat.list.json');
		expect(r.result.slice(0, 3)).toEqual([
			{ ID: '1', NAME: 'Без НДС', RATE: null },
			{ ID: '2', NAME: 'НДС 0%', RATE: '0.00' },
			sample.result[1],
		]);
		expect(r.total).toBe(4);
		expect((await ok('crm.vat.get', { id: 4 })).result).toEqual({ ID: '4', ACTIVE: 'Y', NAME: 'НДС 10%', RATE: '10.00', C_SORT: '400' });
		expect(await call('crm.vat.list', { select: ['ID', 'PERCENT'] })).toEqual({ status: 400, body: fixture('docs-examples/crm.vat.list.error.json') });
	});

	it('catalog.vat.list and catalog.measure.list are typed', async () => {
		const vats = (await ok('catalog.vat.list', { select: ['id', 'name', 'rate'] })).result.vats;
		expect(vats[0]).toEqual({ id: 1, name: 'Без НДС', rate: null });
		expect(vats[2]).toEqual({ id: 3, name: 'НДС 20%', rate: 20 });
		const measures = (await ok('catalog.measure.list', { filter: { code: 796 } })).result.measures;
		expect(measures[0]).toMatchObject({ id: 5, code: 796, symbol: 'шт', isDefault: 'Y' });
		const old = (await ok('crm.measure.list', { filter: { CODE: 778 } })).result;
		expect(old).toEqual([expect.objectContaining({ ID: '6', CODE: '778', SYMBOL_RUS: 'упак' })]);
	});

	it('catalog.document.element.list has the recorded field set and types', async () => {
		const r = await ok('catalog.document.element.list', {});
		const sample = fixture('recorded/catalog_document_element_list.json')[0].result.documentElements[0];
		expect(r.result).toHaveProperty('documentElements');
		for (const row of r.result.documentElements as Json[]) {
			expect(Object.keys(row).sort()).toEqual(Object.keys(sample).sort());
			expect(typesOf(row)).toEqual(typesOf(sample));
		}
	});
});

describe('sale.order.*', () => {
	it('add → get → update → delete round trip with typed fields', async () => {
		const spy = jest.spyOn(sb.portal, 'emit');
		const o = await newOrder({ comments: 'тест', xmlId: 'ext-1', id1c: 'guid-1c', companyId: 7 });
		expect(typeof o.id).toBe('number');
		expect(o).toMatchObject({ lid: 's1', personTypeId: 2, currency: 'RUB', statusId: 'N', payed: 'N', deducted: 'N', canceled: 'N', price: 0, comments: 'тест', xmlId: 'ext-1', id1c: 'guid-1c', companyId: 7, accountNumber: String(o.id), userId: 1 });
		expect(o.clients).toEqual([]);
		expect(o.requisiteLink).toEqual([]);
		expect(spy).toHaveBeenCalledWith('ONSALEORDERSAVED', { ID: o.id, XML_ID: 'ext-1', ACTION: 'save' });
		spy.mockRestore();

		const got = (await ok('sale.order.get', { id: o.id })).result.order;
		for (const k of ['basketItems', 'payments', 'shipments', 'propertyValues', 'clients', 'tradeBindings']) expect(Array.isArray(got[k])).toBe(true);
		expect(got.requisiteLink).toBeDefined();

		const upd = (await ok('sale.order.update', { id: o.id, fields: { statusId: 'S', version1c: '5', updated1c: 'Y' } })).result.order;
		expect(upd).toMatchObject({ statusId: 'S', version1c: '5', updated1c: 'Y' });
		expect(upd.version).toBeGreaterThan(got.version);

		expect((await ok('sale.order.delete', { id: o.id })).result).toBe(true);
		expect(await call('sale.order.get', { id: o.id })).toEqual({ status: 400, body: { error: 200540400001, error_description: 'order is not exists' } });
		expect(await call('sale.order.get', {})).toEqual({ status: 400, body: { error: 100, error_description: 'Could not find value for parameter {id}' } });
		expect((await call('sale.order.add', { fields: { lid: 's1' } })).body).toEqual({ error: 0, error_description: 'Required fields: personTypeId, currency' });
	});

	it('pages by 50 with next, and filters with >id, =statusId and @id', async () => {
		const first = (await newOrder()).id as number;
		const cmd: Record<string, string> = {};
		for (let i = 0; i < 49; i++) cmd[`o${i}`] = `sale.order.add?fields[lid]=s1&fields[personTypeId]=1&fields[currency]=RUB&fields[statusId]=${i % 3 === 0 ? 'P' : 'N'}`;
		const batch = await ok('batch', { halt: 0, cmd });
		expect(batch.result.result_error).toEqual([]);
		await newOrder();
		await newOrder();
		const filter = { '>=id': first };
		const page1 = await ok('sale.order.list', { filter, select: ['id', 'statusId'] });
		expect(page1.total).toBe(52);
		expect(page1.next).toBe(50);
		expect(page1.result.orders).toHaveLength(50);
		expect(page1.result.orders[0]).toEqual({ id: first, statusId: 'N' });
		const page2 = await ok('sale.order.list', { filter, select: ['id'], start: 50 });
		expect(page2.result.orders).toHaveLength(2);
		expect(page2.next).toBeUndefined();

		const gt = await ok('sale.order.list', { filter: { '>id': first + 49 }, select: ['id'] });
		expect(gt.result.orders.map((r: Json) => r.id)).toEqual([first + 50, first + 51]);
		const paid = await ok('sale.order.list', { filter: { ...filter, '=statusId': 'P' }, select: ['id', 'statusId'] });
		expect(paid.total).toBe(17);
		expect(paid.result.orders.every((r: Json) => r.statusId === 'P')).toBe(true);
		const some = await ok('sale.order.list', { filter: { '@id': [first, first + 2, 999999] }, order: { id: 'desc' }, select: ['id'] });
		expect(some.result.orders).toEqual([{ id: first + 2 }, { id: first }]);
	});

	it('answers {"error":0,"error_description":"error"} for bad list parameters', async () => {
		const err = fixture('docs-examples/sale.order.list.error.json');
		expect(await call('sale.order.list', { filter: { unknownField: 1 } })).toEqual({ status: 400, body: err });
		expect(await call('sale.order.list', { select: 'id' })).toEqual({ status: 400, body: err });
		expect(await call('sale.order.list', { filter: 'id=1' })).toEqual({ status: 400, body: err });
		expect(await call('sale.payment.list', { select: ['nope'] })).toEqual({ status: 400, body: fixture('docs-examples/sale.payment.list.error.json') });
		expect(await call('sale.shipment.list', { order: { nope: 'asc' } })).toEqual({ status: 400, body: fixture('docs-examples/sale.shipment.list.error.json') });
		const denied = await call('sale.order.list', {}, `${sb.baseUrl}/rest/3/b24sandboxnocrm00003/`);
		expect(denied).toEqual({ status: 400, body: { error: 200040300010, error_description: 'Access denied' } });
	});
});

describe('basket, payments and shipments keep the order consistent', () => {
	it('price from basket + delivery; a payment marks the order paid; a shipment deducts it', async () => {
		const o = await newOrder();
		const product = (await ok('catalog.product.add', { fields: { iblockId: 23, name: 'Степлер', vatId: 3, vatIncluded: 'Y', measure: 5 } })).result.element;
		await ok('catalog.price.add', { fields: { productId: product.id, catalogGroupId: 1, price: 300, currency: 'RUB' } });
		const fromCatalog = (await ok('sale.basketitem.add', { fields: { orderId: o.id, productId: product.id, quantity: 2, currency: 'RUB' } })).result.basketItem;
		expect(fromCatalog).toMatchObject({ name: 'Степлер', price: 300, basePrice: 300, measureCode: '796', measureName: 'шт', vatRate: 0.2, vatIncluded: 'Y', quantity: 2 });
		const custom = (await ok('sale.basketitem.add', { fields: { orderId: o.id, productId: 0, name: 'Сборка', price: 150, quantity: 1, currency: 'RUB', customPrice: 'Y' } })).result.basketItem;
		expect(typeof custom.id).toBe('number');

		const ship = (await ok('sale.shipment.add', { fields: { orderId: o.id, deliveryId: 2, allowDelivery: 'N', deducted: 'N', basePriceDelivery: 250 } })).result.shipment;
		expect(ship).toMatchObject({ accountNumber: `${o.accountNumber}/1`, deliveryName: 'Доставка курьером', priceDelivery: 250, statusId: 'DN', shipmentItems: [] });
		let order = (await ok('sale.order.get', { id: o.id })).result.order;
		expect(order.price).toBe(1000);
		expect(order.taxValue).toBe(100);
		expect(order.basketItems[0].id).toBe(String(fromCatalog.id));
		expect(order.basketItems[0].orderId).toBe(String(o.id));

		const pay = (await ok('sale.payment.add', { fields: { orderId: o.id, paySystemId: 3 } })).result.payment;
		expect(pay).toMatchObject({ accountNumber: `${o.accountNumber}/2`, sum: 1000, paid: 'N', datePaid: null, paySystemName: 'Банковский перевод (Компании)', paySystemIsCash: 'N', id1c: '', version1c: '', updated1c: 'N', currency: 'RUB' });
		expect(typesOf(pay)).toMatchObject({ id: 'number', orderId: 'number', paySystemId: 'number', sum: 'number', accountNumber: 'string', priceCod: 'string' });
		expect((await ok('sale.order.get', { id: o.id })).result.order.payed).toBe('N');

		const spy = jest.spyOn(sb.portal, 'emit');
		const paid = (await ok('sale.payment.update', { id: pay.id, fields: { paid: 'Y', id1c: 'pay-guid' } })).result.payment;
		expect(paid.paid).toBe('Y');
		expect(paid.datePaid).toMatch(/\+03:00$/);
		expect(spy).toHaveBeenCalledWith('ONPAYMENTENTITYSAVED', { ID: pay.id });
		spy.mockRestore();
		order = (await ok('sale.order.get', { id: o.id })).result.order;
		expect(order.payed).toBe('Y');
		expect(order.payments).toHaveLength(1);

		expect(await call('sale.payment.delete', { id: pay.id })).toMatchObject({ status: 400, body: { error: 'SALE_PAYMENT_DELETE_EXIST_PAID' } });
		expect(await call('sale.order.delete', { id: o.id })).toMatchObject({ status: 400, body: { error: 'SALE_ORDER_CANCEL_PAYMENT_EXIST_ACTIVE' } });

		await ok('sale.shipment.update', { id: ship.id, fields: { deducted: 'Y', statusId: 'DF' } });
		order = (await ok('sale.order.get', { id: o.id })).result.order;
		expect(order.deducted).toBe('Y');
		expect(await call('sale.shipment.delete', { id: ship.id })).toEqual({
			status: 400,
			body: { error: 'SALE_SHIPMENT_EXIST_SHIPPED', error_description: 'Отгрузка уже отгружена. Отмените отгрузку' },
		});

		await ok('sale.basketitem.delete', { id: custom.id });
		expect((await ok('sale.order.get', { id: o.id })).result.order.price).toBe(850);
		const items = await ok('sale.basketitem.list', { filter: { orderId: o.id }, select: ['id', 'name', 'price', 'orderId', 'productId', 'currency'] });
		expect(items.result.basketItems).toEqual([{ currency: 'RUB', id: fromCatalog.id, name: 'Степлер', orderId: o.id, price: 300, productId: product.id }]);
	});

	it('shipment list rows have the recorded field set and types', async () => {
		const o = await newOrder();
		await ok('sale.shipment.add', { fields: { orderId: o.id, deliveryId: 1, allowDelivery: 'N', deducted: 'N' } });
		const r = await ok('sale.shipment.list', { filter: { orderId: o.id } });
		const sample = fixture('docs-examples/sale.shipment.list.json').result.shipments[0];
		const row = r.result.shipments[0];
		expect(Object.keys(row)).toEqual(Object.keys(sample));
		expect(typesOf(row)).toEqual(typesOf(sample));
		expect(row.deliveryName).toBe('Без доставки');
	});

	it('not-found errors carry the documented numeric codes', async () => {
		expect((await call('sale.payment.get', { id: 999999 })).body).toEqual({ error: 200640400001, error_description: 'payment is not exists' });
		expect((await call('sale.shipment.get', { id: 999999 })).body).toEqual({ error: 201140400001, error_description: 'shipment is not exists' });
		expect((await call('sale.basketitem.add', { fields: { orderId: 999999, productId: 0, currency: 'RUB', quantity: 1, name: 'x' } })).body.error).toBe(200140400009);
		expect((await call('sale.payment.add', { fields: { orderId: 999999, paySystemId: 1 } })).body).toEqual({ error: 0, error_description: 'Не удается загрузить заказ' });
	});
});

describe('sale dictionaries', () => {
	it('statuses, payer types, payment systems and delivery services', async () => {
		const statuses = await ok('sale.status.list', { filter: { type: 'D' }, order: { sort: 'asc' }, select: ['id'] });
		expect(statuses.result.statuses.map((s: Json) => s.id)).toEqual(['DN', 'DD', 'DF']);
		const n = (await ok('sale.status.list', { filter: { id: 'N' } })).result.statuses[0];
		expect(n).toEqual({ color: '#BEEDF1', id: 'N', notify: 'Y', sort: 10, type: 'O', xmlId: null });
		const types = await ok('sale.persontype.list', {});
		expect(types.result.personTypes).toHaveLength(2);
		expect(typeof types.result.personTypes[0].sort).toBe('string');
		const ps = await ok('sale.paysystem.list', { filter: { IS_CASH: 'Y' } });
		expect(ps.total).toBeUndefined();
		expect(ps.result).toEqual([expect.objectContaining({ ID: 1, NAME: 'Наличные', IS_CASH: 'Y', ENTITY_REGISTRY_TYPE: 'ORDER' })]);
		const d = await ok('sale.delivery.getlist', { SELECT: ['ID', 'NAME'] });
		expect(d.result).toEqual([{ ID: 1, NAME: 'Без доставки' }, { ID: 2, NAME: 'Доставка курьером' }, { ID: 3, NAME: 'Самовывоз' }]);
	});
});

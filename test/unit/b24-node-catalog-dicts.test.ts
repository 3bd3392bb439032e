/**
 * Catalog sections, units of measure and product prices through the Bitrix24 node on the real n8n
 * engine, and the sandbox's catalog.section.add|update|delete as the b24 docs describe them.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node: catalog sections, measures and prices', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 10 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } };
	});
	afterAll(async () => sb.close());
	const call = async (method: string, body: unknown) => (await post(sb.webhookUrl + method, body)).body as { result?: Record<string, Record<string, unknown>>; error?: unknown; error_description?: string };

	it('sandbox: catalog.section.add / update / delete with the documented checks', async () => {
		const added = await call('catalog.section.add', { fields: { iblockId: 23, name: 'Игрушки', xmlId: 'grp-1', code: 'toys' } });
		expect(added.result?.section).toMatchObject({ iblockId: 23, name: 'Игрушки', xmlId: 'grp-1', code: 'toys', active: 'Y', sort: 500, iblockSectionId: null });
		const id = added.result?.section.id as number;
		expect(await call('catalog.section.add', { fields: { iblockId: 23 } })).toMatchObject({ error: 0, error_description: 'Required fields: name' });
		expect(await call('catalog.section.add', { fields: { iblockId: 99, name: 'X' } })).toMatchObject({ error: 200700300050 });
		expect(await call('catalog.section.add', { fields: { iblockId: 23, name: 'X', code: 'toys' } })).toMatchObject({ error: 200700300040 });
		expect(await call('catalog.section.add', { fields: { iblockId: 23, name: 'X', iblockSectionId: 99999 } })).toMatchObject({ error: 200700300000 });
		expect(await call('catalog.section.add', {})).toMatchObject({ error: 100 });
		const child = (await call('catalog.section.add', { fields: { iblockId: 23, name: 'Мячи', iblockSectionId: id } })).result?.section;
		expect(child).toMatchObject({ iblockSectionId: id });
		expect((await call('catalog.section.update', { id, fields: { name: 'Детские игрушки', active: 'N' } })).result?.section).toMatchObject({ id, name: 'Детские игрушки', active: 'N', xmlId: 'grp-1' });
		expect(await call('catalog.section.update', { id: 99999, fields: { name: 'X' } })).toMatchObject({ error: 200700300030 });
		// a product in the child section goes to the top level when the parent is deleted
		const product = (await call('catalog.product.add', { fields: { iblockId: 23, name: 'Мяч', iblockSectionId: child?.id } })).result?.element;
		expect((await call('catalog.section.delete', { id })).result).toBe(true);
		expect(await call('catalog.section.get', { id: child?.id })).toMatchObject({ error: 200700300030 });
		expect((await call('catalog.product.get', { id: product?.id })).result?.product).toMatchObject({ iblockSectionId: null });
	});

	it('creates, updates and lists sections; lists measures', async () => {
		const created = await runNode({ parameters: { resource: 'catalogSection', operation: 'create', name: '={{ $json.name }}', sectionFields: { xmlId: '={{ $json.ref }}' } } }, [{ name: 'Кофе (1С)', ref: 'g-1' }, { name: 'Чай (1С)', ref: 'g-2' }], creds);
		expect(created.error).toBeUndefined();
		expect(created.items.map((x) => x.json)).toEqual([expect.objectContaining({ name: 'Кофе (1С)', xmlId: 'g-1', iblockId: 23 }), expect.objectContaining({ name: 'Чай (1С)', xmlId: 'g-2' })]);
		const upd = await runNode({ parameters: { resource: 'catalogSection', operation: 'update', id: '={{ $json.id }}', sectionFields: { name: 'Чай' } } }, [created.items[1].json], creds);
		expect(upd.items[0].json).toMatchObject({ id: created.items[1].json.id, name: 'Чай', xmlId: 'g-2' });
		const all = await runNode({ parameters: { resource: 'catalogSection', operation: 'getAll', returnAll: true, listOptions: { select: 'id,name,xmlId' } } }, [{}], creds);
		const stored = (await admin(sb, 'table/catalog_section')) as unknown[];
		expect(all.items).toHaveLength(stored.length);
		const one = await runNode({ parameters: { resource: 'catalogSection', operation: 'getAll', returnAll: true, listOptions: { filter: '{"=xmlId":"g-1"}' } } }, [{}], creds);
		expect(one.items.map((x) => x.json.id)).toEqual([created.items[0].json.id]);
		const measures = await runNode({ parameters: { resource: 'measure', operation: 'getAll', returnAll: true } }, [{}], creds);
		expect(measures.items.find((x) => Number(x.json.code) === 796)?.json).toMatchObject({ symbol: 'шт' });
	});

	it('sets a base price: adds it when missing, updates it in place otherwise', async () => {
		const product = (await call('catalog.product.add', { fields: { iblockId: 23, name: 'Сахар 1 кг' } })).result?.element;
		const seeded = ((await call('catalog.price.list', { filter: { productId: 1, catalogGroupId: 1 } })).result as unknown as { prices: Array<Record<string, unknown>> }).prices[0];
		await admin(sb, 'counters/reset', {});
		const set = await runNode({ parameters: { resource: 'productPrice', operation: 'set', productId: '={{ $json.id }}', price: '={{ $json.price }}', currency: 'RUB' } }, [{ id: product?.id as number, price: 95 }, { id: 1, price: 1234.5 }], creds);
		expect(set.error).toBeUndefined();
		// one batch of reads, one batch of writes
		expect((await admin(sb, 'counters')).requests).toBe(2);
		expect(set.items[0].json).toMatchObject({ productId: product?.id, catalogGroupId: 1, price: 95, currency: 'RUB' });
		expect(set.items[1].json).toMatchObject({ id: seeded.id, productId: 1, price: 1234.5 });
		const list = await runNode({ parameters: { resource: 'productPrice', operation: 'getAll', returnAll: true, listOptions: { filter: `{"productId":[${String(product?.id)},1]}` } } }, [{}], creds);
		expect(list.items.map((x) => [x.json.productId, x.json.price]).sort()).toEqual([[1, 1234.5], [product?.id, 95]].sort());
		const bad = await runNode({ parameters: { resource: 'productPrice', operation: 'set', productId: 99999999, price: 1, currency: 'RUB' }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(bad.items[0].json.error).toContain('Product is not exists');
	});
});

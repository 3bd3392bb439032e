/**
 * The product-sync template as shipped, in-process against both sandboxes: a product missing in
 * Bitrix24 is created with xmlId = the 1C Ref_Key, a product renamed in 1C is updated, the rest is
 * left alone; the demo's check passes; a second run writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { checkProductSync } from '../../scripts/checks/product-sync';
import { DEFAULT_CATALOG_IBLOCK } from '../../nodes/Bitrix24/methods/itemOptions';
import { templateSandboxes } from '../helpers/templates';

const FILE = '02-product-sync-1c-to-bitrix24.json';

const sb = templateSandboxes(100);
const run = () => sb.run(FILE);
const rest = async (method: string, body: unknown) => (await (await fetch(sb.b24.webhookUrl + method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as IDataObject;

it('creates the missing product, updates the renamed one, then writes nothing', async () => {
	const products = (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent('Catalog_Номенклатура')}`)).json()) as IDataObject[];
	const [gone, renamed] = products.filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	// delete one product in Bitrix24 and rename another in 1C
	const found = (await rest('catalog.product.list', { select: ['id', 'iblockId', 'xmlId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK, xmlId: gone.Ref_Key } })).result as { products: IDataObject[] };
	expect(found.products).toHaveLength(1);
	expect((await rest('catalog.product.delete', { id: found.products[0].id })).result).toBeTruthy();
	const patch = await sb.patch1C(`Catalog_Номенклатура(guid'${String(renamed.Ref_Key)}')`, { Description: 'Кофе в зёрнах, 1 кг (новое наименование)' });
	expect(patch.status).toBe(200);

	const first = await run();
	expect(first.status).toBe('success');
	expect(first.itemsOut('Bitrix24: create product').map((x) => x.json.xmlId ?? x.json.id)).toHaveLength(1);
	expect(first.itemsOut('Bitrix24: update product')).toHaveLength(1);
	expect(first.itemsOut('Error journal')).toHaveLength(0);
	expect(await checkProductSync(sb.b24.webhookUrl, sb.onec.baseUrl, 'bp30')).toEqual([]);

	const second = await run();
	expect(second.itemsOut('Bitrix24: create product')).toHaveLength(0);
	expect(second.itemsOut('Bitrix24: update product')).toHaveLength(0);
	expect(second.itemsOut('Unchanged').length).toBe(first.itemsOut('1C: products').length);
}, 60_000);

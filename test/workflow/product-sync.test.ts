/**
 * The product-sync template as shipped, in-process against both sandboxes: a product missing in
 * Bitrix24 is created with xmlId = the 1C Ref_Key, a product renamed in 1C is updated, the rest is
 * left alone; the demo's check passes; a second run writes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { checkProductSync } from '../../scripts/checks/product-sync';
import { DEFAULT_CATALOG_IBLOCK } from '../../nodes/Bitrix24/methods/itemOptions';
import { runWorkflow, type WorkflowJson } from '../helpers/workflow';
import { oneCCredential } from '../helpers/onec-host';

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows-templates/02-product-sync-1c-to-bitrix24.json'), 'utf8')) as WorkflowJson;

let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
beforeAll(async () => {
	[b24, onec] = await Promise.all([startBitrix24Sandbox({ companies: 100 }), startOneCSandbox({ companies: 100 })]);
});
afterAll(async () => Promise.all([b24?.close(), onec?.close()]));

const bp30 = () => onec.publications.find((p) => p.id === 'bp30')!;
const run = () => runWorkflow(TEMPLATE, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(bp30()) });
const rest = async (method: string, body: unknown) => (await (await fetch(b24.webhookUrl + method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as IDataObject;

it('creates the missing product, updates the renamed one, then writes nothing', async () => {
	const products = (await (await fetch(`${onec.baseUrl}/_admin/base/bp30/${encodeURIComponent('Catalog_Номенклатура')}`)).json()) as IDataObject[];
	const [gone, renamed] = products.filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	// delete one product in Bitrix24 and rename another in 1C
	const found = (await rest('catalog.product.list', { select: ['id', 'iblockId', 'xmlId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK, xmlId: gone.Ref_Key } })).result as { products: IDataObject[] };
	expect(found.products).toHaveLength(1);
	expect((await rest('catalog.product.delete', { id: found.products[0].id })).result).toBeTruthy();
	const patch = await fetch(`${bp30().url}Catalog_Номенклатура(guid'${String(renamed.Ref_Key)}')?$format=json`, {
		method: 'PATCH',
		headers: { Authorization: `Basic ${Buffer.from(`${bp30().user}:${bp30().password}`).toString('base64')}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ Description: 'Кофе в зёрнах, 1 кг (новое наименование)' }),
	});
	expect(patch.status).toBe(200);

	const first = await run();
	expect(first.status).toBe('success');
	expect(first.itemsOut('Bitrix24: create product').map((x) => x.json.xmlId ?? x.json.id)).toHaveLength(1);
	expect(first.itemsOut('Bitrix24: update product')).toHaveLength(1);
	expect(first.itemsOut('Error journal')).toHaveLength(0);
	expect(await checkProductSync(b24.webhookUrl, onec.baseUrl, 'bp30')).toEqual([]);

	const second = await run();
	expect(second.itemsOut('Bitrix24: create product')).toHaveLength(0);
	expect(second.itemsOut('Bitrix24: update product')).toHaveLength(0);
	expect(second.itemsOut('Unchanged').length).toBe(first.itemsOut('1C: products').length);
}, 60_000);

/**
 * The product-sync template as shipped, in-process against both sandboxes: 1C groups become
 * catalog sections (seeded sections of the same name adopted, a new group created), a product
 * missing in Bitrix24 is created with xmlId = the 1C Ref_Key, its section, measure, VAT and base
 * price; changed products are updated; a new price record in 1C is the only write of the next run;
 * then a run writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { checkProductSync, SALE_PRICE_KIND } from '../../scripts/checks/product-sync';
import { b24Rest } from '../../scripts/checks/rest';
import { DEFAULT_CATALOG_IBLOCK } from '../../nodes/Bitrix24/methods/itemOptions';
import { templateSandboxes } from '../helpers/templates';
import type { WorkflowRunResult } from '../helpers/workflow';

const FILE = '02-product-sync-1c-to-bitrix24.json';
const WRITES = ['Bitrix24: rename section', 'Bitrix24: link section', 'Bitrix24: create section', 'Bitrix24: update product', 'Bitrix24: create product', 'Bitrix24: set price'];

const sb = templateSandboxes(100);
const run = () => sb.run(FILE);
// waits out QUERY_LIMIT_EXCEEDED: the template has just used the portal's request budget
const rest = async (method: string, body: unknown) => (await b24Rest(sb.b24.webhookUrl, method, body)) as IDataObject;
const rows = async (set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent(set)}`)).json()) as IDataObject[];
const b24Product = async (xmlId: unknown) => ((await rest('catalog.product.list', { select: ['id', 'iblockId', 'xmlId', 'iblockSectionId', 'measure', 'vatId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK, xmlId } })).result as { products: IDataObject[] }).products;
const basePrice = async (productId: unknown) => ((await rest('catalog.price.list', { filter: { productId, catalogGroupId: 1 } })).result as { prices: IDataObject[] }).prices;
/** POST to the БП 3.0 publication with Basic auth, as a 1C user's client would */
const post1C = async (set: string, body: unknown) => {
	const p = sb.bp30();
	return fetch(`${p.url}${set}?$format=json`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${p.user}:${p.password}`).toString('base64')}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
};
const writes = (r: WorkflowRunResult) => Object.fromEntries(WRITES.map((n) => [n, r.itemsOut(n).length + r.itemsOut(n, 1).length]).filter(([, k]) => k));

it('syncs groups, units, VAT and prices; a new 1C price is the next run’s only write; then nothing', async () => {
	const nomenclature = await rows('Catalog_Номенклатура');
	const groups = nomenclature.filter((p) => p.IsFolder === true);
	const products = nomenclature.filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	const [gone, renamed, moved, revat, repriced, reunit] = products.filter((p) => p.УдалитьСтавкаНДС === 'НДС20');
	expect(reunit).toBeDefined();
	// a unit of another OKEI code that the portal has as a measure
	const measures = ((await rest('catalog.measure.list', {})).result as { measures: IDataObject[] }).measures;
	const units = await rows('Catalog_КлассификаторЕдиницИзмерения');
	const unit = units.find((u) => u.Ref_Key !== reunit.ЕдиницаИзмерения_Key && measures.some((m) => Number(m.code) === Number(u.Code)));
	const measure = measures.find((m) => Number(m.code) === Number(unit?.Code));
	expect(measure).toBeDefined();

	// Bitrix24: one product deleted, one base price deleted
	const [goneB24] = await b24Product(gone.Ref_Key);
	expect((await rest('catalog.product.delete', { id: goneB24.id })).result).toBeTruthy();
	const [repricedB24] = await b24Product(repriced.Ref_Key);
	const [price] = await basePrice(repricedB24.id);
	expect((await rest('catalog.price.delete', { id: price.id })).result).toBeTruthy();
	// 1C: a product renamed, a new group with a product moved into it, a VAT rate and a unit changed
	expect((await sb.patch1C(`Catalog_Номенклатура(guid'${String(renamed.Ref_Key)}')`, { Description: 'Кофе в зёрнах, 1 кг (новое наименование)' })).status).toBe(200);
	const group = (await (await post1C('Catalog_Номенклатура', { IsFolder: true, Description: 'Новая группа из 1С' })).json()) as IDataObject;
	expect(group.Ref_Key).toBeDefined();
	expect((await sb.patch1C(`Catalog_Номенклатура(guid'${String(moved.Ref_Key)}')`, { Parent_Key: group.Ref_Key })).status).toBe(200);
	expect((await sb.patch1C(`Catalog_Номенклатура(guid'${String(revat.Ref_Key)}')`, { УдалитьСтавкаНДС: 'НДС10' })).status).toBe(200);
	expect((await sb.patch1C(`Catalog_Номенклатура(guid'${String(reunit.Ref_Key)}')`, { ЕдиницаИзмерения_Key: unit?.Ref_Key })).status).toBe(200);
	expect(await checkProductSync(sb.b24.webhookUrl, sb.onec.baseUrl, 'bp30')).not.toEqual([]);

	const first = await run();
	expect(first.status).toBe('success');
	expect(first.itemsOut('Error journal')).toHaveLength(0);
	// the seeded sections of the groups' names are adopted (xmlId set), the new group is created
	expect(writes(first)).toEqual({ 'Bitrix24: link section': groups.length, 'Bitrix24: create section': 1, 'Bitrix24: update product': 4, 'Bitrix24: create product': 1, 'Bitrix24: set price': 2 });
	expect(first.itemsOut('Bitrix24: create product')[0].json).toMatchObject({ xmlId: gone.Ref_Key });
	expect(await checkProductSync(sb.b24.webhookUrl, sb.onec.baseUrl, 'bp30')).toEqual([]);
	// the moved product is in the section created in the same run, the re-rated one has the 10% VAT
	const created = first.itemsOut('Bitrix24: create section')[0].json;
	expect(created).toMatchObject({ name: 'Новая группа из 1С', xmlId: group.Ref_Key });
	expect((await b24Product(moved.Ref_Key))[0].iblockSectionId).toBe(created.id);
	const vat10 = ((await rest('catalog.vat.list', {})).result as { vats: IDataObject[] }).vats.find((v) => Number(v.rate) === 10);
	expect((await b24Product(revat.Ref_Key))[0].vatId).toBe(vat10?.id);
	expect((await b24Product(reunit.Ref_Key))[0].measure).toBe(measure?.id);

	// a new sale price in 1C: a record of the prices register, dated today
	const kind = (await rows('Catalog_ТипыЦенНоменклатуры')).find((k) => k.Description === SALE_PRICE_KIND);
	const before = (await basePrice(repricedB24.id))[0];
	const record = { Period: '2026-12-01T00:00:00', ТипЦен_Key: kind?.Ref_Key, Номенклатура_Key: repriced.Ref_Key, Цена: Number(before.price) + 100, Валюта_Key: (await rows('InformationRegister_ЦеныНоменклатуры'))[0].Валюта_Key };
	expect((await post1C('InformationRegister_ЦеныНоменклатуры', record)).status).toBe(200);
	const second = await run();
	expect(second.status).toBe('success');
	expect(writes(second)).toEqual({ 'Bitrix24: set price': 1 });
	expect((await basePrice(repricedB24.id))[0]).toMatchObject({ id: before.id, price: Number(before.price) + 100 });
	expect(await checkProductSync(sb.b24.webhookUrl, sb.onec.baseUrl, 'bp30')).toEqual([]);

	const third = await run();
	expect(third.status).toBe('success');
	expect(writes(third)).toEqual({});
	expect(third.itemsOut('Unchanged').length).toBe(products.length);
	expect(third.itemsOut('Price unchanged').length).toBe(products.length);
	expect(third.itemsOut('Section unchanged').length).toBe(groups.length + 1);
}, 120_000);

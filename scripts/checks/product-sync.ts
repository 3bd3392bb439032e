/**
 * What the product-sync template must leave behind: every 1C product (not a group, not marked for
 * deletion) is exactly one Bitrix24 catalog product with `xmlId` = its Ref_Key, the same name and
 * code (SKU), in the section whose `xmlId` is its 1C group (top level for none), with the measure
 * of its unit's OKEI code (when the portal has it), the VAT rate of its `УдалитьСтавкаНДС`, and
 * — where the base has `ЦеныНоменклатуры` — the base price equal to the last record of the
 * «Основная цена продажи» kind. Read from the sandboxes' stored data.
 */
import { DEFAULT_CATALOG_IBLOCK } from '../../nodes/Bitrix24/methods/itemOptions';
import { adminRows, b24Rest, type Row } from './rest';

const json = adminRows;
const EMPTY = '00000000-0000-0000-0000-000000000000';
export const SALE_PRICE_KIND = 'Основная цена продажи';

async function b24List(webhookUrl: string, method: string, key: string, params: Row): Promise<Row[]> {
	const out: Row[] = [];
	for (let start = 0; ; start += 50) {
		const r = (await b24Rest(webhookUrl, method, { ...params, start })) as { result?: Record<string, Row[]>; next?: number };
		out.push(...(r.result?.[key] ?? []));
		if (r.next === undefined) return out;
	}
}

/** The last price record of each product of the sale price kind (SliceLast over the stored records). */
async function salePrices(onecBaseUrl: string, base: string): Promise<Map<string, number> | undefined> {
	const at = (set: string) => `${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent(set)}`;
	const res = await fetch(at('InformationRegister_ЦеныНоменклатуры'));
	if (!res.ok) return undefined;
	const records = (await res.json()) as Row[];
	const kind = (await json(at('Catalog_ТипыЦенНоменклатуры'))).find((k) => k.Description === SALE_PRICE_KIND)?.Ref_Key;
	const last = new Map<string, Row>();
	for (const r of records) {
		if (r.ТипЦен_Key !== kind) continue;
		const cur = last.get(String(r.Номенклатура_Key));
		if (!cur || String(r.Period) >= String(cur.Period)) last.set(String(r.Номенклатура_Key), r);
	}
	return new Map([...last].map(([k, r]) => [k, Number(r.Цена)]));
}

export async function checkProductSync(b24WebhookUrl: string, onecBaseUrl: string, base: string): Promise<string[]> {
	const failures: string[] = [];
	const nomenclature = await json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Номенклатура')}`);
	const products = nomenclature.filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	const units = new Map((await json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_КлассификаторЕдиницИзмерения')}`)).map((u) => [u.Ref_Key, Number(u.Code)]));
	const prices1c = await salePrices(onecBaseUrl, base);
	const b24 = await b24List(b24WebhookUrl, 'catalog.product.list', 'products', { select: ['id', 'iblockId', 'name', 'code', 'xmlId', 'iblockSectionId', 'measure', 'vatId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK } });
	const sections = await b24List(b24WebhookUrl, 'catalog.section.list', 'sections', { select: ['id', 'xmlId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK } });
	const measures = await b24List(b24WebhookUrl, 'catalog.measure.list', 'measures', {});
	const vats = await b24List(b24WebhookUrl, 'catalog.vat.list', 'vats', {});
	const basePrices = new Map((await b24List(b24WebhookUrl, 'catalog.price.list', 'prices', { filter: { catalogGroupId: 1 } })).map((p) => [Number(p.productId), Number(p.price)]));
	const sectionOf = new Map(sections.map((s) => [String(s.xmlId ?? '').toLowerCase(), Number(s.id)]));
	const byXml = new Map<string, Row[]>();
	for (const p of b24) byXml.set(String(p.xmlId ?? '').toLowerCase(), [...(byXml.get(String(p.xmlId ?? '').toLowerCase()) ?? []), p]);
	for (const p of products) {
		const mine = byXml.get(String(p.Ref_Key).toLowerCase()) ?? [];
		const what = `1C product ${String(p.Ref_Key)} «${String(p.Description)}»`;
		if (mine.length !== 1) {
			failures.push(`${what}: ${mine.length} Bitrix24 products with its xmlId`);
			continue;
		}
		const b = mine[0];
		if (b.name !== p.Description || String(b.code ?? '') !== String(p.Артикул ?? '')) failures.push(`${what}: Bitrix24 has «${String(b.name)}» / ${String(b.code)}`);
		const parent = String(p.Parent_Key ?? EMPTY);
		const section = parent === EMPTY ? 0 : sectionOf.get(parent.toLowerCase());
		if (section === undefined) failures.push(`${what}: no Bitrix24 section with the xmlId of its group ${parent}`);
		else if (Number(b.iblockSectionId ?? 0) !== section) failures.push(`${what}: in section ${String(b.iblockSectionId)}, not ${section}`);
		const measure = measures.find((m) => Number(m.code) === units.get(p.ЕдиницаИзмерения_Key));
		if (measure && Number(b.measure) !== Number(measure.id)) failures.push(`${what}: measure ${String(b.measure)}, not ${String(measure.id)} (OKEI ${String(measure.code)})`);
		const vat = vats.find((v) => (v.rate === null || v.rate === undefined ? 'БезНДС' : `НДС${Number(v.rate)}`) === p.УдалитьСтавкаНДС);
		if (p.УдалитьСтавкаНДС && !vat) failures.push(`${what}: no Bitrix24 VAT rate for ${String(p.УдалитьСтавкаНДС)}`);
		else if (vat && Number(b.vatId) !== Number(vat.id)) failures.push(`${what}: VAT ${String(b.vatId)}, not ${String(vat.id)} (${String(p.УдалитьСтавкаНДС)})`);
		const price = prices1c?.get(String(p.Ref_Key));
		if (price !== undefined && basePrices.get(Number(b.id)) !== price) failures.push(`${what}: base price ${String(basePrices.get(Number(b.id)))}, not ${price}`);
	}
	return failures;
}

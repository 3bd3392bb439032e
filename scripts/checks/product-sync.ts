/**
 * What the product-sync template must leave behind: every 1C product (not a group, not marked for
 * deletion) is exactly one Bitrix24 catalog product with `xmlId` = its Ref_Key, the same name and
 * the same code (SKU). Read from the sandboxes' stored data.
 */
import { DEFAULT_CATALOG_IBLOCK } from '../../nodes/Bitrix24/methods/itemOptions';
import { adminRows, b24Rest, type Row } from './rest';

const json = adminRows;

export async function checkProductSync(b24WebhookUrl: string, onecBaseUrl: string, base: string): Promise<string[]> {
	const failures: string[] = [];
	const products = (await json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Номенклатура')}`)).filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	const b24: Row[] = [];
	for (let start = 0; ; start += 50) {
		const r = (await b24Rest(b24WebhookUrl, 'catalog.product.list', { select: ['id', 'iblockId', 'name', 'code', 'xmlId'], filter: { iblockId: DEFAULT_CATALOG_IBLOCK }, start })) as { result?: { products?: Row[] }; next?: number };
		b24.push(...(r.result?.products ?? []));
		if (r.next === undefined) break;
	}
	const byXml = new Map<string, Row[]>();
	for (const p of b24) byXml.set(String(p.xmlId ?? '').toLowerCase(), [...(byXml.get(String(p.xmlId ?? '').toLowerCase()) ?? []), p]);
	for (const p of products) {
		const mine = byXml.get(String(p.Ref_Key).toLowerCase()) ?? [];
		const what = `1C product ${String(p.Ref_Key)} «${String(p.Description)}»`;
		if (mine.length !== 1) failures.push(`${what}: ${mine.length} Bitrix24 products with its xmlId`);
		else if (mine[0].name !== p.Description || String(mine[0].code ?? '') !== String(p.Артикул ?? '')) failures.push(`${what}: Bitrix24 has «${String(mine[0].name)}» / ${String(mine[0].code)}`);
	}
	return failures;
}

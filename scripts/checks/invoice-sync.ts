/**
 * What the invoice-sync template (Bitrix24 smart invoices → 1C БП invoices) must leave behind, read
 * from the sandboxes: every smart invoice linked to this base (`xmlId` = `<baseId>:<Ref_Key>`) points
 * at a 1C invoice with the same number, the counterparty its company is linked to, and one goods
 * row per Bitrix24 product row with the product's 1C reference and quantity; no 1C invoice number
 * occurs twice (a matched number is updated, not duplicated); declined invoices are not linked.
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];

export async function checkInvoiceSync(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string): Promise<{ linked: number; failures: string[] }> {
	const failures: string[] = [];
	const [items, rows, companies, products, invoices] = await Promise.all([
		json(`${b24BaseUrl}/_admin/table/item`),
		json(`${b24BaseUrl}/_admin/table/productrow`),
		json(`${b24BaseUrl}/_admin/table/company`),
		json(`${b24BaseUrl}/_admin/table/catalog_product`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Document_СчетНаОплатуПокупателю')}`),
	]);
	const byRef = new Map(invoices.map((d) => [String(d.Ref_Key).toLowerCase(), d]));
	const numbers = new Map<string, number>();
	for (const d of invoices) if (d.DeletionMark !== true) numbers.set(String(d.Number), (numbers.get(String(d.Number)) ?? 0) + 1);
	for (const [n, k] of numbers) if (k > 1) failures.push(`1C invoice number ${n} occurs ${k} times`);
	let linked = 0;
	for (const inv of items.filter((x) => Number(x.entityTypeId) === 31 && String(x.xmlId ?? '').startsWith(`${baseId}:`))) {
		linked++;
		const what = `smart invoice ${String(inv.id)} (${String(inv.accountNumber)})`;
		if (String(inv.stageId).endsWith(':D')) failures.push(`${what}: declined but loaded`);
		const doc = byRef.get(String(inv.xmlId).slice(baseId.length + 1).toLowerCase());
		if (!doc) {
			failures.push(`${what}: linked to a 1C invoice that does not exist`);
			continue;
		}
		if (doc.Number !== inv.accountNumber) failures.push(`${what}: 1C number ${String(doc.Number)}`);
		const company = companies.find((c) => String(c.ID) === String(inv.companyId));
		if (String(doc.Контрагент_Key).toLowerCase() !== String(company?.ORIGIN_ID ?? '').toLowerCase()) failures.push(`${what}: 1C counterparty ${String(doc.Контрагент_Key)}, the company is linked to ${String(company?.ORIGIN_ID)}`);
		const mine = rows.filter((r) => r.ownerType === 'SI' && String(r.ownerId) === String(inv.id));
		const goods = (doc.Товары as Row[] | undefined) ?? [];
		if (goods.length !== mine.length) failures.push(`${what}: ${mine.length} Bitrix24 rows, ${goods.length} 1C rows`);
		mine.forEach((r, k) => {
			const xml = String(products.find((p) => String(p.id) === String(r.productId))?.xmlId ?? '');
			const g = goods[k];
			if (g && (String(g.Номенклатура_Key).toLowerCase() !== xml.toLowerCase() || Number(g.Количество) !== Number(r.quantity))) failures.push(`${what}: row ${k + 1} is ${String(g.Номенклатура_Key)} × ${String(g.Количество)}, Bitrix24 has product ${xml} × ${String(r.quantity)}`);
		});
	}
	return { linked, failures };
}

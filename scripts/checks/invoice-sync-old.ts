/**
 * What the old-format invoice-sync template (Bitrix24 `crm.invoice` → 1C БП invoices) must leave
 * behind, read from the sandboxes: every old invoice linked to this base (`XML_ID` =
 * `<baseId>:<Ref_Key>`) points at a 1C invoice with the same number, the counterparty its company
 * is linked to, and one goods row per `PRODUCT_ROWS` row with the product's 1C reference and
 * quantity, the document total equal to the invoice's; declined invoices (STATUS_ID D) and invoices
 * billed before the cut-off are not linked; no 1C invoice number occurs twice.
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];

export async function checkInvoiceSyncOld(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, syncFrom = '2024-01-01'): Promise<{ linked: number; failures: string[] }> {
	const failures: string[] = [];
	const [invoicesB24, companies, products, docs] = await Promise.all([
		json(`${b24BaseUrl}/_admin/table/invoice`),
		json(`${b24BaseUrl}/_admin/table/company`),
		json(`${b24BaseUrl}/_admin/table/catalog_product`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Document_СчетНаОплатуПокупателю')}`),
	]);
	const byRef = new Map(docs.map((d) => [String(d.Ref_Key).toLowerCase(), d]));
	const numbers = new Map<string, number>();
	for (const d of docs) if (d.DeletionMark !== true) numbers.set(String(d.Number), (numbers.get(String(d.Number)) ?? 0) + 1);
	for (const [n, k] of numbers) if (k > 1) failures.push(`1C invoice number ${n} occurs ${k} times`);
	let linked = 0;
	for (const inv of invoicesB24.filter((x) => String(x.XML_ID ?? '').startsWith(`${baseId}:`))) {
		linked++;
		const what = `old invoice ${String(inv.ID)} (${String(inv.ACCOUNT_NUMBER)})`;
		if (String(inv.STATUS_ID) === 'D') failures.push(`${what}: declined but loaded`);
		if (Date.parse(String(inv.DATE_BILL)) < Date.parse(`${syncFrom}T00:00:00+03:00`)) failures.push(`${what}: billed ${String(inv.DATE_BILL)}, before the cut-off ${syncFrom}, but loaded`);
		const doc = byRef.get(String(inv.XML_ID).slice(baseId.length + 1).toLowerCase());
		if (!doc) {
			failures.push(`${what}: linked to a 1C invoice that does not exist`);
			continue;
		}
		if (doc.Number !== inv.ACCOUNT_NUMBER) failures.push(`${what}: 1C number ${String(doc.Number)}`);
		const company = companies.find((c) => String(c.ID) === String(inv.UF_COMPANY_ID));
		if (String(doc.Контрагент_Key).toLowerCase() !== String(company?.ORIGIN_ID ?? '').toLowerCase()) failures.push(`${what}: 1C counterparty ${String(doc.Контрагент_Key)}, the company is linked to ${String(company?.ORIGIN_ID)}`);
		const mine = (inv.PRODUCT_ROWS as Row[] | undefined) ?? [];
		const goods = (doc.Товары as Row[] | undefined) ?? [];
		if (goods.length !== mine.length) failures.push(`${what}: ${mine.length} Bitrix24 rows, ${goods.length} 1C rows`);
		mine.forEach((r, k) => {
			const xml = String(products.find((p) => String(p.id) === String(r.PRODUCT_ID))?.xmlId ?? '');
			const g = goods[k];
			if (g && (String(g.Номенклатура_Key).toLowerCase() !== xml.toLowerCase() || Number(g.Количество) !== Number(r.QUANTITY))) failures.push(`${what}: row ${k + 1} is ${String(g.Номенклатура_Key)} × ${String(g.Количество)}, Bitrix24 has product ${xml} × ${String(r.QUANTITY)}`);
		});
		if (Math.abs(Number(doc.СуммаДокумента) - Number(inv.PRICE)) > 0.011) failures.push(`${what}: 1C total ${String(doc.СуммаДокумента)}, Bitrix24 ${String(inv.PRICE)}`);
	}
	return { linked, failures };
}

/**
 * What the store-order template (Bitrix24 online-store orders ⇄ 1C УНФ) must leave behind, read from
 * the sandboxes: every eligible order (not cancelled, placed since `loadFrom`) is linked to this
 * base through `id1c` = `<baseId>:<Ref_Key>` (+ `version1c`; the store's own `xmlId` bx_… untouched)
 * and points at a posted 1C customer order whose rows are the basket (product = the GUID of the
 * basket row's product xmlId, quantity) plus a delivery row, whose total equals the order price to the kopeck,
 * and whose counterparty is the buyer (company: its INN; private person: the name); cancelled
 * orders are not linked; every paid payment is linked (`id1c` = Ref_Key) to a posted cash receipt
 * (cash pay system) or bank receipt (card, transfer) of its sum paying that 1C order; every
 * deducted shipment to a posted sale of that order; no 1C order number occurs twice.
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];
const r2 = (n: number) => Math.round(n * 100) / 100;
const ZERO = '00000000-0000-0000-0000-000000000000';

export interface StoreOrderFacts {
	failures: string[];
	/** eligible orders linked to a 1C customer order */
	orders: number;
	/** paid payments linked to a 1C receipt (cash / bank) */
	cash: number;
	bank: number;
	/** deducted shipments linked to a 1C sale */
	sales: number;
}

export async function checkStoreOrderSync(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, loadFrom = '2024-01-01'): Promise<StoreOrderFacts> {
	const failures: string[] = [];
	const set = (name: string) => json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent(name)}`);
	const table = (name: string) => json(`${b24BaseUrl}/_admin/table/${name}`);
	const [orders, basket, props, payments, shipments, docs, cashDocs, bankDocs, sales, counterparties] = await Promise.all([
		table('sale_order'),
		table('sale_basket_item'),
		table('sale_property_value'),
		table('sale_payment'),
		table('sale_shipment'),
		set('Document_ЗаказПокупателя'),
		set('Document_ПоступлениеВКассу'),
		set('Document_ПоступлениеНаСчет'),
		set('Document_РасходнаяНакладная'),
		set('Catalog_Контрагенты'),
	]);
	const byRef = (rows: Row[]) => new Map(rows.map((d) => [String(d.Ref_Key).toLowerCase(), d]));
	const [docBy, cashBy, bankBy, saleBy, cpBy] = [docs, cashDocs, bankDocs, sales, counterparties].map(byRef);
	const numbers = new Map<string, number>();
	for (const d of docs) numbers.set(String(d.Number), (numbers.get(String(d.Number)) ?? 0) + 1);
	for (const [n, k] of numbers) if (k > 1) failures.push(`1C customer order number ${n} occurs ${k} times`);
	const facts: StoreOrderFacts = { failures, orders: 0, cash: 0, bank: 0, sales: 0 };
	const prop = (orderId: unknown, code: string) => String(props.find((p) => p.orderId === orderId && p.code === code)?.value ?? '');
	for (const o of orders) {
		const what = `store order ${String(o.id)} (№ ${String(o.accountNumber)})`;
		const eligible = o.canceled !== 'Y' && o.statusId !== 'D' && Date.parse(String(o.dateInsert)) >= Date.parse(`${loadFrom}T00:00:00+03:00`);
		const id1c = String(o.id1c ?? '');
		if (String(o.xmlId ?? '').startsWith(`${baseId}:`)) failures.push(`${what}: the link overwrote the store's xmlId`);
		if (!eligible) {
			if (id1c) failures.push(`${what}: cancelled or too old, but linked (${id1c})`);
			continue;
		}
		if (!id1c.startsWith(`${baseId}:`)) {
			failures.push(`${what}: not linked to 1C (id1c "${id1c}")`);
			continue;
		}
		const ref = id1c.slice(baseId.length + 1).toLowerCase();
		const doc = docBy.get(ref);
		if (!doc) {
			failures.push(`${what}: linked to a 1C customer order that does not exist`);
			continue;
		}
		facts.orders++;
		if (!o.version1c) failures.push(`${what}: no version1c`);
		if (doc.Posted !== true) failures.push(`${what}: the 1C order is not posted`);
		const rows = (doc.Запасы as Row[] | undefined) ?? [];
		const mine = basket.filter((b) => b.orderId === o.id);
		const delivery = r2(shipments.filter((s) => s.orderId === o.id).reduce((s, x) => s + Number(x.priceDelivery ?? 0), 0));
		if (rows.length !== mine.length + (delivery > 0 ? 1 : 0)) failures.push(`${what}: ${mine.length} basket rows (delivery ${delivery}), ${rows.length} 1C rows`);
		mine.forEach((b, i) => {
			const row = rows[i];
			if (String(row?.Номенклатура ?? '').toLowerCase() !== String(b.productXmlId).split(':').pop()!.toLowerCase() || Number(row?.Количество) !== Number(b.quantity)) {
				failures.push(`${what}: row ${i + 1} is ${String(row?.Номенклатура)} × ${String(row?.Количество)}, the basket has ${String(b.productXmlId)} × ${String(b.quantity)}`);
			}
		});
		const total = r2(rows.reduce((s, r) => s + Number(r.Всего ?? 0), 0));
		if (total !== r2(Number(o.price)) || r2(Number(doc.СуммаДокумента)) !== r2(Number(o.price))) failures.push(`${what}: costs ${String(o.price)}, the 1C rows add up to ${total}, the document to ${String(doc.СуммаДокумента)}`);
		const cp = cpBy.get(String(doc.Контрагент_Key).toLowerCase());
		const company = Number(o.companyId) > 0;
		if (!cp) failures.push(`${what}: the 1C counterparty ${String(doc.Контрагент_Key)} does not exist`);
		else if (company ? cp.ИНН !== prop(o.id, 'INN') : cp.Description !== prop(o.id, 'FIO')) {
			failures.push(`${what}: counterparty «${String(cp.Description)}» (ИНН ${String(cp.ИНН)}) is not the buyer «${company ? prop(o.id, 'COMPANY') : prop(o.id, 'FIO')}»`);
		} else if (!company && cp.ЮридическоеФизическоеЛицо !== 'ФизическоеЛицо') failures.push(`${what}: the private buyer's counterparty is not a natural person`);
		if (!doc.Договор_Key || doc.Договор_Key === ZERO) failures.push(`${what}: the 1C order has no contract`);
		for (const p of payments.filter((x) => x.orderId === o.id)) {
			const pay = `${what}, payment ${String(p.accountNumber)}`;
			if (p.paid !== 'Y') {
				if (p.id1c) failures.push(`${pay}: unpaid but linked to ${String(p.id1c)}`);
				continue;
			}
			const cash = p.paySystemIsCash === 'Y';
			const d = (cash ? cashBy : bankBy).get(String(p.id1c ?? '').toLowerCase());
			if (!d) {
				failures.push(`${pay}: paid, not linked to a 1C ${cash ? 'cash' : 'bank'} receipt (id1c "${String(p.id1c ?? '')}")`);
				continue;
			}
			if (cash) facts.cash++;
			else facts.bank++;
			const line = ((d.РасшифровкаПлатежа as Row[] | undefined) ?? [])[0];
			if (d.Posted !== true || r2(Number(d.СуммаДокумента)) !== r2(Number(p.sum)) || String(line?.Заказ ?? '').toLowerCase() !== ref) {
				failures.push(`${pay}: the 1C receipt ${String(d.Number)} is ${d.Posted === true ? 'posted' : 'not posted'}, of ${String(d.СуммаДокумента)} for order ${String(line?.Заказ)}`);
			}
		}
		for (const s of shipments.filter((x) => x.orderId === o.id)) {
			const sh = `${what}, shipment ${String(s.accountNumber)}`;
			if (s.deducted !== 'Y') {
				if (s.id1c) failures.push(`${sh}: not shipped but linked to ${String(s.id1c)}`);
				continue;
			}
			const d = saleBy.get(String(s.id1c ?? '').toLowerCase());
			if (!d) {
				failures.push(`${sh}: shipped, not linked to a 1C sale (id1c "${String(s.id1c ?? '')}")`);
				continue;
			}
			facts.sales++;
			if (d.Posted !== true || String(d.Заказ ?? '').toLowerCase() !== ref) failures.push(`${sh}: the 1C sale ${String(d.Number)} is ${d.Posted === true ? 'posted' : 'not posted'} for order ${String(d.Заказ)}`);
		}
	}
	return facts;
}

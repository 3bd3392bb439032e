/**
 * The store-order template as shipped, in-process against both sandboxes (200 companies, seed 1):
 * Bitrix24 → 1C УНФ first — every eligible store order (not cancelled, placed since the cut-off)
 * becomes a posted customer order with the buyer's counterparty (found by INN/KPP or by name and
 * phone/e-mail, else created), the basket rows and the delivery row, its total the order price;
 * paid payments become cash or bank receipts, deducted shipments sales, all linked through `id1c`;
 * a planted order with a product that has no 1C reference lands in the error journal while the
 * others complete; a second run writes nothing. Then 1C → Bitrix24: a receipt made and posted in
 * 1C for an unpaid linked order marks the Bitrix24 payment paid and the order status «paid».
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkStoreOrderSync } from '../../scripts/checks/store-order-sync';
import { oneCCredential } from '../helpers/onec-host';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { b24Rest } from '../../scripts/checks/rest';

const sb = templateSandboxes(200);
const FILE = '08-store-order-sync.json';
const unf = () => sb.onec.publications.find((p) => p.id === 'unf')!;
/** the template as shipped, or with another «Загружать заказы начиная с» in its Settings node */
function run(loadFrom?: string) {
	const json = template(FILE);
	if (loadFrom) {
		const settings = json.nodes.find((n) => n.name === 'Settings')!;
		const field = ((settings.parameters.assignments as IDataObject).assignments as IDataObject[]).find((a) => a.name === 'loadFrom')!;
		field.value = loadFrom;
	}
	return runWorkflow(json, { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 } }, { credsById: { onecUnf: oneCCredential(unf()) }, dataTables: sb.tables });
}
const DAY = 86_400_000;
type Row = Record<string, unknown>;
const table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as Row[];
const base1C = async (set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/unf/${encodeURIComponent(set)}`)).json()) as Row[];
const counters = async (url: string) => (await (await fetch(`${url}/_admin/counters`)).json()) as IDataObject;
const reset = (url: string) => fetch(`${url}/_admin/counters/reset`, { method: 'POST', body: '{}' });
const rest = async (method: string, params: unknown) => (await b24Rest(sb.b24.webhookUrl, method, params)) as IDataObject;
const onec = (method: string, path: string, body?: unknown) =>
	fetch(`${unf().url}${path}${path.includes('?') ? '&' : '?'}$format=json`, {
		method,
		headers: { Authorization: `Basic ${Buffer.from(`${unf().user}:${unf().password}`).toString('base64')}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});

async function expectNoWrites(): Promise<void> {
	const b = (await counters(sb.b24.baseUrl)).byMethod as Record<string, number>;
	expect(Object.keys(b).filter((m) => /\.(add|update|set|delete)$/.test(m))).toEqual([]);
	const log = (await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=1000`)).json()) as Array<{ method?: string }>;
	expect(log.filter((x) => x.method && x.method !== 'GET')).toEqual([]);
}

it('loads the eligible store orders with payments and sales once, journals the bad one, and takes a payment made in 1C back to Bitrix24', async () => {
	const baseId = baseIdFromUrl(unf().url);
	const orders = await table('sale_order');
	const eligible = orders.filter((o) => o.canceled !== 'Y' && o.statusId !== 'D');
	expect(eligible.length).toBeGreaterThan(40);
	expect(orders.length - eligible.length).toBeGreaterThan(0); // cancelled ones exist and must stay out
	// a cut-off between two orders more than two days apart, in the last third of the orders
	const at = (o: Row) => Date.parse(String(o.dateInsert));
	const k = eligible.findIndex((o, i) => i >= eligible.length * 0.6 && i > 0 && at(o) - at(eligible[i - 1]) > 2 * DAY);
	expect(k).toBeGreaterThan(0);
	const cutoff = new Date(at(eligible[k - 1]) + 1.5 * DAY).toISOString().slice(0, 10);
	// the planted bad item: a gift-wrap row without a 1C product reference in a paid private order before the cut-off
	const bad = eligible.find((o, i) => i < k && !o.companyId && o.payed === 'Y')!;
	const added = await rest('sale.basketitem.add', { fields: { orderId: bad.id, productId: 0, name: 'Подарочная упаковка', price: 150, quantity: 1, currency: 'RUB', customPrice: 'Y', productXmlId: '' } });
	expect(added.error).toBeUndefined();
	// a basket row whose product xmlId is `<base>:<GUID>` (as the product sync writes it on the catalog product)
	const other = eligible.find((o, i) => i < k && o !== bad)!;
	const row = (await table('sale_basket_item')).find((b) => b.orderId === other.id)!;
	const guid = String(row.productXmlId);
	expect((await rest('sale.basketitem.update', { id: row.id, fields: { customPrice: 'Y', productXmlId: `srv.example.ru/bp30:${guid}` } })).error).toBeUndefined();
	const cpBefore = (await base1C('Catalog_Контрагенты')).length;
	const contractsBefore = (await base1C('Catalog_ДоговорыКонтрагентов')).length;

	const cut = await run(cutoff);
	expect(cut.status).toBe('success');
	const cutFacts = await checkStoreOrderSync(sb.b24.baseUrl, sb.onec.baseUrl, 'unf', baseId, cutoff);
	expect(cutFacts.failures).toEqual([]);
	expect(cutFacts.orders).toBe(eligible.length - k);
	expect(cut.itemsOut('Error journal')).toEqual([]);

	const first = await run();
	expect(first.status).toBe('success');
	const facts = await checkStoreOrderSync(sb.b24.baseUrl, sb.onec.baseUrl, 'unf', baseId);
	expect(facts.failures).toEqual([`store order ${String(bad.id)} (№ ${String(bad.accountNumber)}): not linked to 1C (id1c "")`]);
	expect(facts.orders).toBe(eligible.length - 1);
	const otherLink = String((await table('sale_order')).find((o) => o.id === other.id)!.id1c);
	const otherDoc = (await base1C('Document_ЗаказПокупателя')).find((d) => `${baseId}:${String(d.Ref_Key)}` === otherLink)!;
	expect(((otherDoc.Запасы as Row[])[0]).Номенклатура).toBe(guid.toLowerCase());
	expect(first.itemsOut('Links: store order ↔ 1C order')).toHaveLength(k - 1);
	expect(first.itemsOut('Already in 1C?')).toHaveLength(eligible.length - k);
	const paid = (await table('sale_payment')).filter((p) => p.paid === 'Y' && p.orderId !== bad.id && eligible.some((o) => o.id === p.orderId));
	expect(facts.cash + facts.bank).toBe(paid.length);
	expect(facts.cash).toBe(paid.filter((p) => p.paySystemIsCash === 'Y').length);
	expect(facts.cash).toBeGreaterThan(0);
	expect(facts.bank).toBeGreaterThan(0);
	expect(facts.sales).toBe((await table('sale_shipment')).filter((s) => s.deducted === 'Y' && s.orderId !== bad.id && eligible.some((o) => o.id === s.orderId)).length);
	const journal = first.itemsOut('Error journal').map((x) => x.json);
	expect(journal).toEqual([expect.objectContaining({ object: `Bitrix24 store order ${String(bad.id)} «№ ${String(bad.accountNumber)}»`, cause: expect.stringMatching(/«Подарочная упаковка».*without a 1C reference|without a 1C reference.*«Подарочная упаковка»/) })]);
	// buyers: some companies found by INN/KPP, private persons created once each (no duplicate names)
	expect(first.itemsOut('Match: counterparty by INN/KPP').length).toBeGreaterThan(0);
	// a private buyer 1C already has (a natural-person counterparty) is found by name + phone / e-mail, not created again
	const persons = [cut, first].flatMap((r) => r.itemsOut('Match: private person by name and phone or e-mail'));
	expect(persons.length).toBeGreaterThan(0);
	for (const p of persons) expect((await base1C('Catalog_Контрагенты')).filter((c) => c.Description === p.json.name)).toHaveLength(1);
	const created = (await base1C('Catalog_Контрагенты')).slice(cpBefore);
	expect(created.length).toBeGreaterThan(10);
	const contracts = (await base1C('Catalog_ДоговорыКонтрагентов')).slice(contractsBefore);
	expect(contracts.map((c) => c.Owner).sort()).toEqual(created.map((c) => c.Ref_Key).sort()); // one contract per new counterparty
	expect(new Set(created.map((c) => c.Description)).size).toBe(created.length);
	expect(created.filter((c) => c.ЮридическоеФизическоеЛицо === 'ФизическоеЛицо').length).toBeGreaterThan(10);

	await Promise.all([reset(sb.b24.baseUrl), reset(sb.onec.baseUrl)]);
	const second = await run();
	expect(second.status).toBe('success');
	expect(second.itemsOut('Already in 1C?')).toHaveLength(eligible.length - 1);
	expect(second.itemsOut('1C: customer order (by number)')).toHaveLength(0);
	expect(second.itemsOut('Bitrix24: payment paid')).toHaveLength(0);
	await expectNoWrites();

	// 1C → Bitrix24: a receipt for an unpaid linked order, made and posted in 1C …
	const unpaid = (await table('sale_order')).find((o) => o.payed === 'N' && String(o.id1c).startsWith(`${baseId}:`))!;
	expect(unpaid).toBeDefined();
	const payment = (await table('sale_payment')).find((p) => p.orderId === unpaid.id)!;
	const orderRef = String(unpaid.id1c).slice(baseId.length + 1);
	const order1C = (await base1C('Document_ЗаказПокупателя')).find((d) => d.Ref_Key === orderRef)!;
	const cash = payment.paySystemIsCash === 'Y';
	const set = cash ? 'Document_ПоступлениеВКассу' : 'Document_ПоступлениеНаСчет';
	const org = (await base1C('Catalog_Организации'))[0];
	const res = await onec('POST', set, {
		Date: '2026-11-20T10:00:00',
		ВидОперации: 'ОтПокупателя',
		Организация_Key: org.Ref_Key,
		Контрагент_Key: order1C.Контрагент_Key,
		СуммаДокумента: Number(payment.sum),
		РасшифровкаПлатежа: [{ LineNumber: 1, Договор_Key: order1C.Договор_Key, Заказ: orderRef, Заказ_Type: 'StandardODATA.Document_ЗаказПокупателя', СуммаПлатежа: Number(payment.sum), СуммаРасчетов: Number(payment.sum) }],
	});
	if (res.status !== 201) throw new Error(await res.text());
	const receipt = (await res.json()) as Row;
	expect((await onec('POST', `${set}(guid'${String(receipt.Ref_Key)}')/Post`)).status).toBe(200);

	// … and a sale of that order, made and posted in 1C (the shipment is not deducted in Bitrix24)
	const shipment = (await table('sale_shipment')).find((s) => s.orderId === unpaid.id)!;
	expect(shipment.deducted).toBe('N');
	const saleRes = await onec('POST', 'Document_РасходнаяНакладная', {
		Date: '2026-11-21T10:00:00',
		Организация_Key: org.Ref_Key,
		Контрагент_Key: order1C.Контрагент_Key,
		Договор_Key: order1C.Договор_Key,
		СуммаДокумента: order1C.СуммаДокумента,
		Заказ: orderRef,
		Заказ_Type: 'StandardODATA.Document_ЗаказПокупателя',
		Запасы: ((order1C.Запасы as Row[]) ?? []).map(({ Ref_Key: _r, СтруктурнаяЕдиницаРезерв_Key: _u, ...row }) => ({ ...row, Заказ: orderRef, Заказ_Type: 'StandardODATA.Document_ЗаказПокупателя' })),
	});
	if (saleRes.status !== 201) throw new Error(await saleRes.text());
	const sale = (await saleRes.json()) as Row;
	expect((await onec('POST', `Document_РасходнаяНакладная(guid'${String(sale.Ref_Key)}')/Post`)).status).toBe(200);

	const third = await run();
	expect(third.status).toBe('success');
	expect(third.itemsOut('Bitrix24: payment paid')).toHaveLength(1);
	const after = (await table('sale_payment')).find((p) => p.id === payment.id)!;
	expect(after).toMatchObject({ paid: 'Y', id1c: receipt.Ref_Key });
	const orderAfter = (await table('sale_order')).find((o) => o.id === unpaid.id)!;
	expect(third.itemsOut('Bitrix24: order status (paid)')).toHaveLength(1);
	expect((await table('sale_shipment')).find((s) => s.id === shipment.id)).toMatchObject({ deducted: 'Y', id1c: sale.Ref_Key });
	// paid first (status «paid»), then shipped: «paid and shipped»
	expect(orderAfter).toMatchObject({ payed: 'Y', deducted: 'Y', statusId: 'F' });
	expect((await checkStoreOrderSync(sb.b24.baseUrl, sb.onec.baseUrl, 'unf', baseId)).failures).toHaveLength(1); // only the planted order

	await Promise.all([reset(sb.b24.baseUrl), reset(sb.onec.baseUrl)]);
	const fourth = await run();
	expect(fourth.status).toBe('success');
	await expectNoWrites();
}, 300_000);

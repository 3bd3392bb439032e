/**
 * The deal ↔ order template (Bitrix24 deals of pipeline 1 ↔ 1C УНФ customer orders) as shipped,
 * in-process against both sandboxes (no client sync needed: counterparties are found in УНФ by
 * INN+KPP). Step 1 loads exactly the eligible deals (pipeline, created from syncFrom on, stage
 * loaded, company found in УНФ) as orders with the counterparty, rows, quantities and the deal
 * amount to the kopeck, and links them; deals it cannot load are in the error journal while the
 * others complete; step 2 runs after step 1. A second run writes nothing; a 1C user changing an
 * order's state moves exactly that deal on the next run (a cancelled order loses its deal).
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { makeInn10 } from '../../lib/requisites';
import { checkDealOrderSync } from '../../scripts/checks/deal-order-sync';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { b24Rest } from '../../scripts/checks/rest';

const FILE = '05-deal-order-sync.json';
const sb = templateSandboxes(200);
const unf = () => sb.onec.publications.find((p) => p.id === 'unf')!;
const run = () => runWorkflow(template(FILE), { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 } }, { credsById: { onecUnf: oneCCredential(unf()) }, dataTables: sb.tables });
const table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as IDataObject[];
const unfRows = async (set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/unf/${encodeURIComponent(set)}`)).json()) as IDataObject[];
const rest = async (method: string, params: IDataObject) => {
	const r = (await b24Rest(sb.b24.webhookUrl, method, params)) as IDataObject;
	if (r.error) throw new Error(`${method}: ${String(r.error_description ?? r.error)}`);
	return r.result as IDataObject & number;
};
const patchOrder = (ref: string, body: IDataObject) =>
	fetch(`${unf().url}Document_ЗаказПокупателя(guid'${ref}')?$format=json`, {
		method: 'PATCH',
		headers: { Authorization: `Basic ${Buffer.from(`${unf().user}:${unf().password}`).toString('base64')}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
const facts = () => checkDealOrderSync(sb.b24.baseUrl, sb.onec.baseUrl, 'unf', baseIdFromUrl(unf().url));
const ids = (items: Array<{ json: IDataObject }>, field: string) => items.map((x) => String(x.json[field])).sort();
const journalIds = (items: Array<{ json: IDataObject }>) => items.map((x) => /^Bitrix24 deal (\d+)/.exec(String(x.json.object))?.[1] ?? String(x.json.object)).sort();

/** A deal of pipeline 1 created now (after syncFrom) with product rows. */
async function plantDeal(title: string, companyId: number, stage: string, rows: IDataObject[]): Promise<string> {
	const id = await rest('crm.deal.add', { fields: { TITLE: title, CATEGORY_ID: 1, STAGE_ID: stage, COMPANY_ID: companyId, CURRENCY_ID: 'RUB' } });
	await rest('crm.deal.productrows.set', { id, rows });
	return String(id);
}

it('syncs deals to УНФ orders and order states back, once; bad deals go to the journal', async () => {
	// a company found in УНФ: the one of an eligible seeded deal
	const before = await facts();
	expect(before.failures.filter((f) => !/is not linked/.test(f))).toEqual([]);
	expect(before.eligible.length).toBeGreaterThanOrEqual(4);
	const seeded = (await table('deal')).find((d) => String(d.ID) === before.eligible[0])!;
	const good = Number(seeded.COMPANY_ID);
	// the seeded deal's amount is the sum of its product rows (the portal keeps OPPORTUNITY in step)
	const seededRows = (await table('productrow')).filter((r) => r.ownerType === 'D' && String(r.ownerId) === String(seeded.ID));
	expect(Number(seeded.OPPORTUNITY)).toBe(Math.round(seededRows.reduce((s, r) => s + Number(r.price) * Number(r.quantity), 0) * 100) / 100);
	expect(Number(seeded.OPPORTUNITY)).toBeGreaterThan(0);
	const [p1, p2] = (await table('catalog_product')).filter((p) => p.xmlId).map((p) => Number(p.id));
	// kopecks: 2.5 × 33.33 = 83.325 and a 10 % discount at 10 % VAT
	const kopeck = await plantDeal('Копейки', good, 'C1:PREPARATION', [
		{ PRODUCT_ID: p1, PRICE: 33.33, QUANTITY: 2.5, TAX_RATE: 20, TAX_INCLUDED: 'Y' },
		{ PRODUCT_ID: p2, PRICE: 90.01, QUANTITY: 3, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 10, TAX_RATE: 10, TAX_INCLUDED: 'Y' },
	]);
	const lost = await plantDeal('Проиграна', good, 'C1:LOSE', [{ PRODUCT_ID: p1, PRICE: 100, QUANTITY: 1 }]);
	const bare = await rest('crm.company.add', { fields: { TITLE: 'ООО "Без реквизитов"' } });
	const noRequisite = await plantDeal('Компания без реквизита', bare, 'C1:NEW', [{ PRODUCT_ID: p1, PRICE: 100, QUANTITY: 1 }]);
	const stranger = await rest('crm.company.add', { fields: { TITLE: 'ООО "Новый клиент"' } });
	await rest('crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: stranger, PRESET_ID: 1, NAME: 'Организация', RQ_INN: makeInn10('770899123'), RQ_KPP: '770801001' } });
	const notInUnf = await plantDeal('Клиента нет в УНФ', stranger, 'C1:NEW', [{ PRODUCT_ID: p1, PRICE: 100, QUANTITY: 1 }]);

	const first = await run();
	expect(first.status).toBe('success');
	const f1 = await facts();
	expect(f1.failures).toEqual([]);
	expect(f1.eligible).toContain(kopeck);
	for (const id of [lost, noRequisite, notInUnf]) expect(f1.eligible).not.toContain(id);
	// orders for exactly the eligible deals, each linked
	expect(ids(first.itemsOut('Links: deal ↔ order'), 'b24Id')).toEqual([...f1.eligible].sort());
	expect([...f1.linked].sort()).toEqual([...f1.eligible].sort());
	expect(first.itemsOut('Not loaded (stage)').map((x) => String(x.json.dealId))).toContain(lost);
	// the bad deals are in the journal with their cause, and nothing else is
	const journal = first.itemsOut('Error journal');
	expect(journalIds(journal)).toEqual([...f1.unmatched].sort());
	const cause = (id: string) => String(journal.find((x) => journalIds([x])[0] === id)?.json.cause);
	expect(cause(noRequisite)).toMatch(/has no requisite with an INN/);
	expect(cause(notInUnf)).toMatch(/counterparty not in УНФ: no counterparty with INN \d{10} \/ KPP 770801001/);
	for (const e of journal) expect(e.json.object).toMatch(/^Bitrix24 deal \d+ «.+»$/);
	// step 2 ran after step 1, and found nothing to move
	expect(first.order.indexOf('Links: deals of this base')).toBeGreaterThan(first.order.indexOf('Links: deal ↔ order'));
	expect(first.itemsOut('Bitrix24: move the deal')).toHaveLength(0);
	// the discount shows in 1C; the rounding kopeck is in the last row
	const order = (await unfRows('Document_ЗаказПокупателя')).find((o) => String(o.Комментарий).startsWith(`Bitrix24 deal ${kopeck} `))!;
	const rows = order.Запасы as IDataObject[];
	expect(rows.map((r) => [r.Количество, r.ПроцентСкидкиНаценки])).toEqual([[2.5, 0], [3, 10]]);
	expect(Number(rows[1].СуммаСкидкиНаценки)).toBeGreaterThan(0);
	// 83.325 + 270.03 = 353.355 → 353.36 in Bitrix24; the rows round to 83.32 + 270.03, the kopeck goes to the last one
	expect(rows.map((r) => r.Сумма)).toEqual([83.32, 270.04]);
	expect(order.СуммаДокумента).toBe(353.36);
	expect(Number((await table('deal')).find((d) => String(d.ID) === kopeck)!.OPPORTUNITY)).toBe(353.36);

	// a second run writes nothing to either system
	await Promise.all([sb.b24.baseUrl, sb.onec.baseUrl].map((u) => fetch(`${u}/_admin/counters/reset`, { method: 'POST', body: '{}' })));
	const second = await run();
	expect(second.status).toBe('success');
	expect(second.itemsOut('Already linked (state comes from 1C)')).toHaveLength(f1.eligible.length);
	expect(second.itemsOut('1C: create order')).toHaveLength(0);
	expect(second.itemsOut('Bitrix24: move the deal')).toHaveLength(0);
	expect(journalIds(second.itemsOut('Error journal'))).toEqual(journalIds(journal));
	const byMethod = ((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as { byMethod: Record<string, number> }).byMethod;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|set|delete)$/.test(m))).toEqual([]);
	const log = (await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=500`)).json()) as Array<{ method?: string }>;
	expect(log.filter((x) => x.method && x.method !== 'GET')).toEqual([]);

	// a 1C user completes one order: exactly its deal moves, once
	const states = await unfRows('Catalog_СостоянияЗаказовПокупателей');
	const stateRef = (name: string) => String(states.find((s) => s.Description === name)!.Ref_Key);
	const deals = await table('deal');
	const open = deals.filter((d) => f1.eligible.includes(String(d.ID)) && String(d.STAGE_ID) !== 'C1:WON');
	expect(open.length).toBeGreaterThanOrEqual(2);
	const [done, cancelled] = open;
	expect((await patchOrder(String(done.ORIGIN_ID), { СостояниеЗаказа: stateRef('Завершен'), СостояниеЗаказа_Type: 'StandardODATA.Catalog_СостоянияЗаказовПокупателей' })).status).toBe(200);
	const third = await run();
	expect(ids(third.itemsOut('Bitrix24: move the deal'), 'id')).toEqual([String(done.ID)]);
	expect((await table('deal')).find((d) => d.ID === done.ID)!.STAGE_ID).toBe('C1:WON');
	expect((await facts()).failures).toEqual([]);
	expect((await run()).itemsOut('Bitrix24: move the deal')).toHaveLength(0);

	// a cancelled order loses its deal; the lost deal is then left alone
	expect((await patchOrder(String(cancelled.ORIGIN_ID), { СостояниеЗаказа: stateRef('Отменен'), СостояниеЗаказа_Type: 'StandardODATA.Catalog_СостоянияЗаказовПокупателей' })).status).toBe(200);
	expect(ids((await run()).itemsOut('Bitrix24: move the deal'), 'id')).toEqual([String(cancelled.ID)]);
	expect((await table('deal')).find((d) => d.ID === cancelled.ID)!.STAGE_ID).toBe('C1:LOSE');
	const last = await run();
	expect(last.itemsOut('Bitrix24: move the deal')).toHaveLength(0);
	expect(last.itemsOut('Closed as lost in Bitrix24 (left alone)').map((x) => String(x.json.b24Id))).toContain(String(cancelled.ID));
	// every linked deal's rows already match its order: step 2 compared them all and wrote none
	expect(last.itemsOut('Bitrix24: set the deal rows')).toHaveLength(0);
	expect(last.itemsOut('Rows unchanged').length).toBeGreaterThanOrEqual(f1.eligible.length);

	// a 1C user edits the kopeck deal's order: a quantity changes and a row is added → exactly that deal takes the rows
	await rowsFrom1C(kopeck);
}, 240_000);

/** PATCH one linked order's Запасы in УНФ; the next run sets exactly that deal's rows, the run after writes nothing. */
async function rowsFrom1C(dealId: string) {
	const [deals, products, vats] = await Promise.all([table('deal'), table('catalog_product'), unfRows('Catalog_СтавкиНДС')]);
	const deal = deals.find((d) => String(d.ID) === dealId)!;
	const order = (await unfRows('Document_ЗаказПокупателя')).find((o) => o.Ref_Key === deal.ORIGIN_ID)!;
	const before = new Map(deals.map((d) => [String(d.ID), d]));
	const rowsBefore = (await table('productrow')).filter((r) => r.ownerType === 'D' && String(r.ownerId) !== dealId);
	const extraRef = String(products.filter((p) => p.xmlId)[2].xmlId).split(':').pop();
	const vat20 = String(vats.find((v) => v.PredefinedDataName === 'НДС20')!.Ref_Key);
	const round2 = (n: number) => Math.round(n * 100) / 100;
	// row 2: 3 → 4.5 (10 % off 100.01: 4.5 × 100.01 = 450.045, less 45.00 = 405.04 with the rounding); a new row 7 × 12.34 at 20 %
	const old = order.Запасы as IDataObject[];
	const changed = { ...old[1], Количество: 4.5, СуммаСкидкиНаценки: 45, Сумма: 405.04, Всего: 405.04, СуммаНДС: round2((405.04 * 10) / 110) };
	const added = { ...old[0], LineNumber: 3, КлючСвязи: 3, Номенклатура: extraRef, Количество: 7, Цена: 12.34, ПроцентСкидкиНаценки: 0, СуммаСкидкиНаценки: 0, Сумма: 86.38, Всего: 86.38, СтавкаНДС_Key: vat20, СуммаНДС: round2((86.38 * 20) / 120) };
	const Запасы: IDataObject[] = [old[0], changed, added];
	const total = round2(Запасы.reduce((s, r) => s + Number(r.Всего), 0));
	expect(total).toBe(574.74);
	expect((await patchOrder(String(order.Ref_Key), { Запасы, СуммаДокумента: total })).status).toBe(200);

	const run1 = await run();
	expect(run1.status).toBe('success');
	expect(ids(run1.itemsOut('Bitrix24: set the deal rows'), 'id')).toEqual([dealId]);
	expect(run1.itemsOut('Problem: rows')).toHaveLength(0);
	const rows = (await table('productrow')).filter((r) => r.ownerType === 'D' && String(r.ownerId) === dealId).sort((a, b) => Number(a.sort) - Number(b.sort));
	const idOf = (ref: unknown) => Number(products.find((p) => String(p.xmlId).split(':').pop() === ref)!.id);
	expect(rows.map((r) => [r.productId, r.quantity, r.discountRate, r.taxRate])).toEqual(Запасы.map((g, k) => [idOf(g.Номенклатура), g.Количество, [0, 10, 0][k], [20, 10, 20][k]]));
	// the price after discount × quantity is the 1C row's Всего, to the kopeck
	expect(rows.map((r) => round2(Number(r.price) * Number(r.quantity)))).toEqual(Запасы.map((g) => g.Всего));
	expect(rows.map((r) => Number(r.price))).toEqual([33.328, 90.008889, 12.34]);
	const after = await table('deal');
	expect(Number(after.find((d) => String(d.ID) === dealId)!.OPPORTUNITY)).toBe(total);
	// the other deals (linked or not) and their rows are untouched
	for (const d of after) if (String(d.ID) !== dealId) expect([d.ID, d.OPPORTUNITY, d.DATE_MODIFY]).toEqual([d.ID, before.get(String(d.ID))?.OPPORTUNITY, before.get(String(d.ID))?.DATE_MODIFY]);
	expect((await table('productrow')).filter((r) => r.ownerType === 'D' && String(r.ownerId) !== dealId)).toEqual(rowsBefore);
	expect((await facts()).failures).toEqual([]);

	// the run after writes nothing
	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	const run2 = await run();
	expect(run2.itemsOut('Bitrix24: set the deal rows')).toHaveLength(0);
	expect(run2.itemsOut('Rows unchanged').map((x) => String(x.json.b24Id))).toContain(dealId);
	const byMethod = ((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as { byMethod: Record<string, number> }).byMethod;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|set|delete)$/.test(m))).toEqual([]);
}

it('a new order gets a comment on the deal that opens it in the 1C web client; with portalUrl the order names the deal\'s address (F09, F10)', async () => {
	const deals = await table('deal');
	const linked = deals.find((d) => String(d.ORIGIN_ID ?? '') && Number(d.CATEGORY_ID) === 1)!;
	const [p1] = (await table('catalog_product')).filter((p) => p.xmlId).map((p) => Number(p.id));
	const dealId = await plantDeal('Со ссылками', Number(linked.COMPANY_ID), 'C1:PREPARATION', [{ PRODUCT_ID: p1, PRICE: 500, QUANTITY: 2 }]);
	const wf = template(FILE);
	const settings = (wf.nodes.find((n) => n.name === 'Settings')!.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	settings.find((a) => a.name === 'portalUrl')!.value = 'https://portal.example.ru/';
	// an additional attribute of orders in 1C (string) named in Settings gets the deal's address as well
	const writer = await OneCClient.create(fakeOneCHost(oneCCredential(unf())));
	const prop = await writer.create('ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения', { Description: 'Сделка Битрикс24', Заголовок: 'Сделка Битрикс24', Виден: true, Доступен: true });
	settings.find((a) => a.name === 'dealLinkAttribute')!.value = 'Сделка Битрикс24';
	const r = await runWorkflow(wf, { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 } }, { credsById: { onecUnf: oneCCredential(unf()) }, dataTables: sb.tables });
	expect(r.status).toBe('success');
	const order = (await unfRows('Document_ЗаказПокупателя')).find((o) => String(o.Комментарий ?? '').startsWith(`Bitrix24 deal ${dealId} `))!;
	expect(order.Комментарий).toContain(`https://portal.example.ru/crm/deal/details/${dealId}/`);
	expect(order.ДополнительныеРеквизиты).toEqual([expect.objectContaining({ Свойство_Key: prop.Ref_Key, Значение: `https://portal.example.ru/crm/deal/details/${dealId}/`, Значение_Type: 'Edm.String' })]);
	const ref = String(order.Ref_Key).split('-');
	const link = `${unf().url.replace(/odata\/standard\.odata\/$/, '')}#e1cib/data/Документ.ЗаказПокупателя?ref=${ref[3]}${ref[4]}${ref[2]}${ref[1]}${ref[0]}`;
	const comments = async () => (await table('timeline_comment')).filter((c) => String(c.ENTITY_ID) === dealId && String(c.COMMENT).includes(link));
	expect(await comments()).toHaveLength(1);
	// the next run creates nothing and comments nothing
	expect((await run()).status).toBe('success');
	expect(await comments()).toHaveLength(1);
});

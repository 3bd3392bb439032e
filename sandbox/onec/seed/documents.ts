/**
 * Customer orders (УНФ `ЗаказПокупателя`, УТ `ЗаказКлиента`) from `ds.deals` created before
 * GO_LIVE — every deal of the wholesale pipeline 1 and a hash-chosen half of pipeline 0, when its
 * company is in the base (orders keyed into 1C by hand before the deal sync went live; deals from
 * GO_LIVE on reach 1C only through the sync, so a first sync duplicates nothing) — and
 * customer invoices from `ds.invoices` whose company is in the base (invoices of private persons
 * without a company stay in Bitrix24). Invoice numbers: the dataset's serial with the
 * configuration's prefix (БП `0000-000123` = the dataset number). Goods rows through `goodsRow`.
 */
import { INDIVIDUALS } from '../config/common';
import { utSettlementObjectRef } from '../config/posting-ut11';
import type { DocumentDef } from '../model/types';
import type { Deal, Invoice } from '../../seed/types';
import { mustRole, roleSet, type Counterparty, type SeedContext } from './context';
import { linesOf, setVat, type Line, type Lines } from './money';
import { entitySet, insertObject, targetOf, type RowBuilder } from './rows';

export interface SeededDoc {
	kind: 'order' | 'invoice' | 'sale' | 'paymentBank' | 'paymentCash';
	set: string;
	ref: string;
	date: string;
	cp: Counterparty;
	lines: Lines;
	/** dataset source: deal stage / invoice stage */
	stage: string;
	order?: string;
	invoice?: string;
	/** responsible user id */
	responsible: number;
	/** payment due date (invoices) */
	due?: string;
}

/** The deal sync's go-live date (Moscow time): the seed has orders only for deals created before it. */
export const GO_LIVE = '2026-10-01';

/** УНФ order state by deal stage. */
const UNF_STATE: Record<string, string> = { NEW: 'Открыт', PREPARATION: 'Открыт', UC_4F2K1A: 'Открыт', PREPAYMENT_INVOICE: 'В работе', EXECUTING: 'В работе', FINAL_INVOICE: 'В работе', WON: 'Завершен', LOSE: 'Отменен', APOLOGY: 'Отменен' };
/** УТ `Статус` by deal stage. */
const UT_STATUS: Record<string, string> = { NEW: 'НеСогласован', PREPARATION: 'НеСогласован', UC_4F2K1A: 'НеСогласован', PREPAYMENT_INVOICE: 'КОбеспечению', EXECUTING: 'КОтгрузке', FINAL_INVOICE: 'КОтгрузке', WON: 'Закрыт', LOSE: 'Закрыт', APOLOGY: 'Закрыт' };

/** The goods section of a document: `Запасы` / `Товары` (БП puts services into `Услуги`). */
export function sectionsOf(b: RowBuilder): { goods?: string; services?: string } {
	const goods = ['Запасы', 'Товары'].find((s) => b.hasTable(s));
	return { goods, services: b.hasTable('Услуги') ? 'Услуги' : goods };
}

/** One goods row in whatever columns the section has. */
export function goodsRow(ctx: SeedContext, r: RowBuilder, l: Line, i: number, links: { order?: string; invoice?: string; date?: string } = {}): void {
	const productSet = mustRole(ctx, 'product');
	r.opt('КлючСвязи', i + 1).opt('КодСтроки', i + 1);
	r.opt('ТипНоменклатурыЗапас', !l.product.isService);
	r.ref('Номенклатура', ctx.products.get(l.product.n), productSet);
	r.optRef('ЕдиницаИзмерения', ctx.units.get(l.product.unitCode), ctx.roles.unit).opt('Коэффициент', 1);
	r.opt('Содержание', l.product.name);
	r.set('Количество', l.quantity).opt('КоличествоУпаковок', l.quantity);
	const discountSum = r.first('СуммаСкидки', 'СуммаСкидкиНаценки', 'СуммаРучнойСкидки');
	// without a discount column the discount is in the price (the sum stays the invoice's)
	r.set('Цена', discountSum || l.discount === 0 ? l.price : Math.round((l.sum / l.quantity) * 100) / 100);
	r.set('Сумма', l.sum);
	r.opt(r.first('ПроцентСкидки', 'ПроцентСкидкиНаценки', 'ПроцентРучнойСкидки'), l.discountPercent).opt(discountSum, l.discount);
	setVat(ctx, r, l.rate);
	r.set('СуммаНДС', l.vat).opt(r.first('Всего', 'СуммаСНДС'), l.total);
	r.optRef('Склад', ctx.warehouse).optRef('СтруктурнаяЕдиницаРезерв', ctx.warehouse);
	if (links.date) r.opt('ДатаОтгрузки', links.date);
	if (links.order) r.optRef(r.first('Заказ', 'ЗаказКлиента'), links.order, ctx.roles.order);
	if (links.invoice) r.optRef('СчетНаОплатуПокупателю', links.invoice);
}

/** Header fields every sales document shares. */
export function salesHeader(ctx: SeedContext, b: RowBuilder, d: { date: string; cp: Counterparty; lines: Lines; responsible: number }): void {
	b.set('Date', d.date);
	b.ref('Организация', ctx.organisation).ref('Контрагент', d.cp.ref).optRef('Партнер', d.cp.partner);
	b.optRef(b.first('ДоговорКонтрагента', 'Договор'), d.cp.contract);
	b.optRef(b.first('ВалютаДокумента', 'Валюта'), ctx.currency).optRef('ВалютаВзаиморасчетов', ctx.currency);
	if (b.isEnum('НалогообложениеНДС')) b.enm('НалогообложениеНДС', 'ОблагаетсяНДС');
	b.opt(b.first('СуммаВключаетНДС', 'ЦенаВключаетНДС'), d.lines.vatIncluded);
	b.set('СуммаДокумента', d.lines.total);
	b.optRef(b.first('Ответственный', 'Менеджер'), ctx.users.get(d.responsible)).optRef('Автор', ctx.users.get(d.responsible));
}

/** Rows of a sales document: goods (and БП services) sections. */
export function salesRows(ctx: SeedContext, b: RowBuilder, lines: Lines, links: { order?: string; invoice?: string; date?: string } = {}): void {
	const { goods, services } = sectionsOf(b);
	if (!goods) return;
	const g = lines.lines.filter((l) => !l.product.isService || services === goods);
	const s = services === goods ? [] : lines.lines.filter((l) => l.product.isService);
	b.table(goods, g, (r, l, i) => goodsRow(ctx, r, l, i, links));
	if (s.length && services) b.table(services, s, (r, l, i) => goodsRow(ctx, r, l, i, links));
}

function number(ctx: SeedContext, set: string, n: number): string {
	const def = entitySet(ctx.base, set).object as DocumentDef;
	const prefix = def.numberPrefix ?? '';
	return prefix + String(n).padStart(Math.max(1, def.numberLength - prefix.length), '0');
}

/** УТ settlement objects (`Catalog_ОбъектыРасчетов`) of orders and invoices, under the posting's references. */
function settlementObject(ctx: SeedContext, doc: SeededDoc, title: string): void {
	const register = roleSet(ctx, 'paymentsRegister');
	const set = register && targetOf(ctx.base, `${register}_RecordType`, 'ОбъектРасчетов');
	if (!set) return;
	insertObject(ctx.base, set, utSettlementObjectRef(doc.ref), (b) => {
		b.set('Description', title).ref('Объект', doc.ref, doc.set).ref('Организация', ctx.organisation).optRef('Партнер', doc.cp.partner).ref('Контрагент', doc.cp.ref);
	});
}

function seedOrder(ctx: SeedContext, set: string, d: Deal, cp: Counterparty): SeededDoc {
	const lines = linesOf(ctx, d.rows);
	const doc: SeededDoc = { kind: 'order', set, ref: d.guid, date: d.createdAt, cp, lines, stage: d.stage, responsible: d.responsibleUserId };
	insertObject(ctx.base, set, d.guid, (b) => {
		b.set('Number', ctx.base.nextCode(entitySet(ctx.base, set)));
		salesHeader(ctx, b, { date: d.createdAt, cp, lines, responsible: d.responsibleUserId });
		b.enmFirst('ВидОперации', ['ЗаказНаПродажу']);
		b.optRef('СтруктурнаяЕдиницаПродажи', ctx.department).optRef('СтруктурнаяЕдиницаРезерв', ctx.warehouse).optRef('Склад', ctx.warehouse);
		const kinds = roleSet(ctx, 'orderKind');
		if (kinds) b.optRef('ВидЗаказа', ctx.predefined.get(`${kinds}.Основной`));
		const states = roleSet(ctx, 'orderState');
		if (states) b.optRef('СостояниеЗаказа', ctx.orderStates.get(UNF_STATE[d.stage]), states);
		if (b.accepts('Статус', UT_STATUS[d.stage])) b.set('Статус', UT_STATUS[d.stage]).opt('Согласован', UT_STATUS[d.stage] !== 'НеСогласован');
		b.opt('ДатаОтгрузки', d.closeDate).opt('ЖелаемаяДатаОтгрузки', d.closeDate);
		b.opt('Комментарий', d.title);
		salesRows(ctx, b, lines, { date: d.closeDate });
	});
	settlementObject(ctx, doc, `Заказ клиента от ${d.createdAt.slice(0, 10)}`);
	return doc;
}

function seedInvoice(ctx: SeedContext, set: string, inv: Invoice, cp: Counterparty, order?: string): SeededDoc {
	const lines = linesOf(ctx, inv.rows);
	const doc: SeededDoc = { kind: 'invoice', set, ref: inv.guid, date: inv.date, cp, lines, stage: inv.stage, order, responsible: inv.responsibleUserId, due: inv.payBefore };
	insertObject(ctx.base, set, inv.guid, (b) => {
		b.set('Number', number(ctx, set, inv.n));
		salesHeader(ctx, b, { date: inv.date, cp, lines, responsible: inv.responsibleUserId });
		if (order) b.optRef('ДокументОснование', order, ctx.roles.order);
		b.optRef(b.first('БанковскийСчетОрганизации', 'БанковскийСчет'), ctx.orgAccount);
		b.optRef('Склад', ctx.warehouse);
		b.optRef('Руководитель', ctx.individuals.get(1), INDIVIDUALS).optRef('ГлавныйБухгалтер', ctx.individuals.get(3), INDIVIDUALS);
		b.opt('СрокОплаты', inv.payBefore);
		if (sectionsOf(b).goods) salesRows(ctx, b, lines);
		else if (b.hasTable('ЭтапыГрафикаОплаты')) {
			// УТ: the invoice has no goods of its own — one payment stage of the whole amount
			b.table('ЭтапыГрафикаОплаты', [lines], (r) => {
				if (order) r.optRef('Заказ', order, ctx.roles.order);
				r.set('ВариантОплаты', 'ПредоплатаДоОтгрузки').set('ДатаПлатежа', inv.payBefore).set('СуммаПлатежа', lines.total).set('ПроцентПлатежа', 100).set('СуммаВзаиморасчетов', lines.total);
				r.optRef('ОбъектРасчетов', utSettlementObjectRef(inv.guid));
			});
		}
	});
	settlementObject(ctx, doc, `Счет на оплату ${number(ctx, set, inv.n)} от ${inv.date.slice(0, 10)}`);
	ctx.base.bumpSequence(set, inv.n);
	return doc;
}

export function seedOrdersAndInvoices(ctx: SeedContext): { orders: SeededDoc[]; invoices: SeededDoc[] } {
	const orderSet = roleSet(ctx, 'order');
	const orders: SeededDoc[] = [];
	const byDeal = new Map<number, string>();
	if (orderSet) {
		for (const d of ctx.ds.deals) {
			const party = d.companyN !== null ? ctx.plan.byCompanyN.get(d.companyN) : undefined;
			if (!party || d.createdAt >= GO_LIVE || (d.pipelineId !== 1 && ctx.ids.unit('order', d.guid) >= 0.5)) continue;
			orders.push(seedOrder(ctx, orderSet, d, ctx.counterparties.get(party.ref)!));
			byDeal.set(d.n, d.guid);
		}
	}
	const invoiceSet = mustRole(ctx, 'invoice');
	const invoices: SeededDoc[] = [];
	for (const inv of ctx.ds.invoices) {
		const party = inv.companyN !== null ? ctx.plan.byCompanyN.get(inv.companyN) : undefined;
		if (!party) continue;
		invoices.push(seedInvoice(ctx, invoiceSet, inv, ctx.counterparties.get(party.ref)!, inv.dealN !== null ? byDeal.get(inv.dealN) : undefined));
	}
	return { orders, invoices };
}

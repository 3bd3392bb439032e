/**
 * Sales and incoming payments of the seeded invoices:
 * - a sale (БП/УТ `РеализацияТоваровУслуг`, УНФ `РасходнаяНакладная`) for every invoice of stage P
 *   and for a hash-chosen 70 % of stage S, 1–12 days after the invoice, with the invoice's rows and
 *   amount, linked to the invoice and to the order of its deal;
 * - a payment for every invoice of stage P, 0 days … the due date + 3 days after the invoice, of
 *   the invoice's amount: in cash (`paymentCash`) for a hash-chosen 20 % of those up to 100 000 ₽
 *   (the cash limit between firms), by bank (`paymentBank`) otherwise; `РасшифровкаПлатежа` points
 *   at the invoice (and the order). Dates never pass the dataset's end; numbers follow the dates.
 */
import { INDIVIDUALS } from '../config/common';
import { utSettlementObjectRef } from '../config/posting-ut11';
import { DAY, END, fmt } from '../../seed/people';
import { mustRole, roleSet, type SeedContext } from './context';
import { salesHeader, salesRows, type SeededDoc } from './documents';
import { mainRate, setVat } from './money';
import { entitySet, insertObject } from './rows';

const CASH_LIMIT = 100_000;

/** `days` after `date`: the same day `minutes` later, another day at 09:00 + `minutes` (office hours). */
function later(date: string, days: number, minutes: number): string {
	const t = Date.parse(`${date}Z`);
	const at = days === 0 ? t + minutes * 60_000 : t - (t % DAY) + days * DAY + (9 * 60 + (minutes % 540)) * 60_000;
	return fmt(Math.min(END, Math.max(t, at)));
}

const ddmmyyyy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

function number(ctx: SeedContext, ref: string, set: string): string {
	return String(ctx.base.get(set, ref)?.Number ?? '');
}

function seedSale(ctx: SeedContext, set: string, inv: SeededDoc, date: string): SeededDoc {
	const ref = ctx.ids.ref('sale', inv.ref);
	const doc: SeededDoc = { kind: 'sale', set, ref, date, cp: inv.cp, lines: inv.lines, stage: inv.stage, order: inv.order, invoice: inv.ref, responsible: inv.responsible };
	insertObject(ctx.base, set, ref, (b) => {
		b.set('Number', ctx.base.nextCode(entitySet(ctx.base, set)));
		salesHeader(ctx, b, { date, cp: inv.cp, lines: inv.lines, responsible: inv.responsible });
		const goods = inv.lines.lines.some((l) => !l.product.isService);
		b.enmFirst('ВидОперации', goods ? ['Товары', 'ПродажаПокупателю'] : ['Услуги', 'ПродажаПокупателю']);
		b.optRef('Склад', ctx.warehouse).optRef('СтруктурнаяЕдиница', ctx.warehouse);
		b.optRef('СчетНаОплатуПокупателю', inv.ref);
		b.optRef('ДокументОснование', inv.ref, inv.set);
		if (inv.order) b.optRef(b.first('Заказ', 'ЗаказКлиента'), inv.order, ctx.roles.order).opt('РеализацияПоЗаказам', true);
		b.optRef('ОбъектРасчетовУпр', roleSet(ctx, 'partner') ? utSettlementObjectRef(inv.ref) : undefined);
		b.optRef('БанковскийСчетОрганизации', ctx.orgAccount).optRef('БанковскийСчетКонтрагента', inv.cp.account);
		b.optRef('Руководитель', ctx.individuals.get(1), INDIVIDUALS).optRef('ГлавныйБухгалтер', ctx.individuals.get(3), INDIVIDUALS);
		b.opt('Согласован', true);
		b.opt('Комментарий', `По счету ${number(ctx, inv.ref, inv.set)}`);
		salesRows(ctx, b, inv.lines, { order: inv.order, invoice: b.has('СчетНаОплатуПокупателю_Key') ? inv.ref : undefined });
	});
	return doc;
}

function seedPayment(ctx: SeedContext, kind: 'paymentBank' | 'paymentCash', inv: SeededDoc, date: string, sale?: SeededDoc): SeededDoc {
	const set = mustRole(ctx, kind);
	const ref = ctx.ids.ref(kind, inv.ref);
	const doc: SeededDoc = { kind, set, ref, date, cp: inv.cp, lines: inv.lines, stage: inv.stage, order: inv.order, invoice: inv.ref, responsible: kind === 'paymentCash' ? 9 : 3 };
	const total = inv.lines.total;
	const vat = inv.lines.vat;
	const title = `Оплата по счету № ${number(ctx, inv.ref, inv.set)} от ${ddmmyyyy(inv.date)}`;
	const advance = sale === undefined || date < sale.date;
	insertObject(ctx.base, set, ref, (b) => {
		b.set('Number', ctx.base.nextCode(entitySet(ctx.base, set))).set('Date', date);
		b.enmFirst('ВидОперации', ['ОплатаПокупателя', 'ОтПокупателя']).enmFirst('ХозяйственнаяОперация', ['ПоступлениеОплатыОтКлиента']);
		b.ref('Организация', ctx.organisation).ref('Контрагент', inv.cp.ref).optRef('ДоговорКонтрагента', inv.cp.contract);
		b.optRef(b.first('ВалютаДокумента', 'ВалютаДенежныхСредств', 'Валюта'), ctx.currency);
		b.set('СуммаДокумента', total);
		b.optRef('ДокументОснование', inv.ref, inv.set);
		b.optRef(b.first('Ответственный', 'Кассир'), ctx.users.get(kind === 'paymentCash' ? 9 : 3));
		if (kind === 'paymentBank') {
			b.optRef(b.first('СчетОрганизации', 'БанковскийСчет'), ctx.orgAccount).optRef(b.first('СчетКонтрагента', 'БанковскийСчетКонтрагента'), inv.cp.account);
			b.opt('НазначениеПлатежа', `${title}. Сумма ${total.toFixed(2)} руб.${vat ? ` В т.ч. НДС ${vat.toFixed(2)} руб.` : ' Без налога (НДС)'}`);
			b.opt('НомерВходящегоДокумента', String(ctx.ids.int('incoming-number', inv.ref, 1, 9999))).opt('ДатаВходящегоДокумента', `${date.slice(0, 10)}T00:00:00`);
		} else {
			b.optRef('Касса', ctx.cashDesk).opt('ПринятоОт', inv.cp.company.name).opt('Основание', title);
		}
		b.table('РасшифровкаПлатежа', [inv], (r) => {
			r.optRef(r.first('ДоговорКонтрагента', 'Договор'), inv.cp.contract);
			r.optRef('СчетНаОплату', inv.ref, inv.set);
			// the invoice where the row's `Заказ` can hold one (УТ), else the order (УНФ)
			r.optRef('Заказ', inv.ref, inv.set);
			if (inv.order && r.row.Заказ === '') r.optRef('Заказ', inv.order, ctx.roles.order);
			r.opt('СпособПогашенияЗадолженности', 'Автоматически').opt('ПризнакАванса', advance);
			r.opt(r.first('Сумма', 'СуммаПлатежа'), total).opt('СуммаРасчетов', total).opt('СуммаВзаиморасчетов', total).optRef('ВалютаВзаиморасчетов', ctx.currency);
			setVat(ctx, r, mainRate(inv.lines));
			r.opt('СуммаНДС', vat);
			r.optRef('Партнер', inv.cp.partner);
			r.optRef('ОбъектРасчетов', roleSet(ctx, 'partner') ? utSettlementObjectRef(inv.ref) : undefined);
		});
	});
	return doc;
}

export function seedSettlements(ctx: SeedContext, invoices: SeededDoc[]): { sales: SeededDoc[]; payments: SeededDoc[] } {
	const saleSet = mustRole(ctx, 'sale');
	const cash = roleSet(ctx, 'paymentCash');
	const saleDrafts: Array<{ inv: SeededDoc; date: string }> = [];
	const payDrafts: Array<{ inv: SeededDoc; date: string; kind: 'paymentBank' | 'paymentCash' }> = [];
	for (const inv of invoices) {
		if (inv.stage === 'P' || (inv.stage === 'S' && ctx.ids.unit('sale', inv.ref) < 0.7)) {
			saleDrafts.push({ inv, date: later(inv.date, ctx.ids.int('sale-days', inv.ref, 1, 12), ctx.ids.int('sale-minutes', inv.ref, 0, 240)) });
		}
		if (inv.stage === 'P') {
			const due = inv.due ?? inv.date;
			const span = Math.max(0, Math.round((Date.parse(`${due}Z`) - Date.parse(`${inv.date}Z`)) / DAY)) + 3;
			const kind = cash && inv.lines.total <= CASH_LIMIT && ctx.ids.unit('cash', inv.ref) < 0.2 ? 'paymentCash' : 'paymentBank';
			payDrafts.push({ inv, kind, date: later(inv.date, ctx.ids.int('pay-days', inv.ref, 0, span), ctx.ids.int('pay-minutes', inv.ref, 10, 300)) });
		}
	}
	const byDate = <T extends { date: string; inv: SeededDoc }>(a: T, b: T) => a.date.localeCompare(b.date) || a.inv.ref.localeCompare(b.inv.ref);
	const sales = saleDrafts.sort(byDate).map((d) => seedSale(ctx, saleSet, d.inv, d.date));
	const saleOf = new Map(sales.map((s) => [s.invoice, s]));
	const payments = payDrafts.sort(byDate).map((d) => seedPayment(ctx, d.kind, d.inv, d.date, saleOf.get(d.inv.ref)));
	return { sales, payments };
}

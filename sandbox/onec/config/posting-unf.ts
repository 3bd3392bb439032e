/**
 * Posting of the УНФ documents (./unf.ts):
 * - `СчетНаОплату`, `ЗаказПокупателя`: `ОплатаСчетовИЗаказов` (turnovers) — `Сумма` of the document
 *   against itself (what is to be paid); the order also a Receipt of its stock rows in
 *   `ЗаказыПокупателей` (ordered quantity);
 * - `РасходнаяНакладная`: Receipt of the amount in `РасчетыСПокупателями` (by counterparty,
 *   contract, the invoice it was made from — else itself — and the order) and an Expense of the
 *   shipped stock rows of its order in `ЗаказыПокупателей`;
 * - `ПоступлениеНаСчет`, `ПоступлениеВКассу`: per `РасшифровкаПлатежа` row `СуммаОплаты` (or
 *   `СуммаАванса` when `ПризнакАванса`) against the row's invoice/order in `ОплатаСчетовИЗаказов`
 *   and an Expense in `РасчетыСПокупателями`; without rows, one line of `СуммаДокумента` against
 *   `ДокументОснование`.
 * Stock rows: `ТипНоменклатурыЗапас`, or a product whose `ТипНоменклатуры` is «Запас».
 * Stock (`Запасы`, ASSUMPTION — the real УНФ register, dimensions reduced):
 * - `ПриходнаяНакладная`: Receipt of its stock rows (`Количество`, `Сумма` of the row) by
 *   organisation, structural unit (the document's `СтруктурнаяЕдиница`) and product;
 * - `РасходнаяНакладная`: additionally an Expense of ALL its stock rows (with or without an order)
 *   at the document's `СтруктурнаяЕдиница`. `Сумма` is the cost at the moving average: the balance
 *   `Сумма` / `Количество` of that organisation + unit + product from the register records up to the
 *   document's moment (its own earlier records left out), times the quantity (all of the remaining
 *   `Сумма` when the whole balance goes); 0 when there is no positive balance. Several rows of one
 *   product consume the balance in turn.
 */
import type { Movements, PostingContext } from '../model/types';
import { comp, compRef, documentAmount, EMPTY_REF, filled, movements, num, refOf, requireFields, round2, rows, type Doc } from './posting-common';

export interface UnfNames {
	invoices: string;
	orders: string;
	sales: string;
	products: string;
	payments: string;
	ordersRegister: string;
	settlements: string;
	receipts: string;
	stock: string;
}

export function unfPosting(n: UnfNames) {
	const amount = (doc: Doc) => documentAmount(doc, [['Запасы', 'Всего']]);
	const toPay = (doc: Doc, set: string) => ({ Организация_Key: refOf(doc, 'Организация'), ...comp('СчетНаОплату', String(doc.Ref_Key), set), Сумма: amount(doc), СуммаОплаты: 0, СуммаАванса: 0 });
	const product = (r: Doc) => compRef(r, 'Номенклатура', [n.products])?.ref;
	const isStock = (r: Doc, ctx: PostingContext) => {
		const p = product(r);
		return p !== undefined && (r.ТипНоменклатурыЗапас === true || ctx.get(n.products, p)?.ТипНоменклатуры === 'Запас');
	};
	const orderOf = (doc: Doc) => compRef(doc, 'Заказ', [n.orders])?.ref ?? compRef(doc, 'ДокументОснование', [n.orders])?.ref;

	const stockRecord = (doc: Doc, r: Doc, kind: 'Receipt' | 'Expense', sum: number) => ({
		RecordType: kind,
		Организация_Key: refOf(doc, 'Организация'),
		СтруктурнаяЕдиница_Key: refOf(doc, 'СтруктурнаяЕдиница'),
		Номенклатура_Key: product(r),
		Количество: num(r.Количество),
		Сумма: sum,
	});
	const stockKey = (org: unknown, unit: unknown, item: unknown) => `${String(org)}|${String(unit)}|${String(item)}`;
	/** Expense records of the stock rows at the moving-average cost (see the header). */
	const stockExpense = (doc: Doc, ctx: PostingContext): Doc[] => {
		const stock = rows(doc, 'Запасы').filter((r) => isStock(r, ctx) && num(r.Количество) !== 0);
		if (!stock.length) return [];
		const own = String(doc.Ref_Key);
		const at = String(doc.Date);
		const balance = new Map<string, { q: number; s: number }>();
		for (const rec of ctx.records(n.stock)) {
			if (rec.Active === false || (rec.Recorder ?? rec.Recorder_Key) === own || String(rec.Period) > at) continue;
			const k = stockKey(rec.Организация_Key, rec.СтруктурнаяЕдиница_Key, rec.Номенклатура_Key);
			const b = balance.get(k) ?? { q: 0, s: 0 };
			const sign = rec.RecordType === 'Expense' ? -1 : 1;
			balance.set(k, { q: b.q + sign * num(rec.Количество), s: b.s + sign * num(rec.Сумма) });
		}
		return stock.map((r) => {
			const k = stockKey(refOf(doc, 'Организация'), refOf(doc, 'СтруктурнаяЕдиница'), product(r));
			const b = balance.get(k) ?? { q: 0, s: 0 };
			const q = num(r.Количество);
			const cost = b.q > 0 && b.s > 0 ? round2((b.s * q) / b.q) : 0;
			balance.set(k, { q: b.q - q, s: b.s - cost });
			return stockRecord(doc, r, 'Expense', cost);
		});
	};

	const receipt = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент', 'СтруктурнаяЕдиница']);
		const stock = rows(doc, 'Запасы').filter((r) => isStock(r, ctx) && num(r.Количество) !== 0);
		return movements({ [n.stock]: stock.map((r) => stockRecord(doc, r, 'Receipt', num(r.Сумма))) });
	};

	const invoice = (doc: Doc, ctx: PostingContext): Movements => {
		void ctx;
		requireFields(doc, ['Организация', 'Контрагент']);
		return movements({ [n.payments]: [toPay(doc, n.invoices)] });
	};

	const order = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент']);
		const stock = rows(doc, 'Запасы').filter((r) => isStock(r, ctx) && num(r.Количество) !== 0);
		return movements({
			[n.payments]: [toPay(doc, n.orders)],
			[n.ordersRegister]: stock.map((r) => ({ RecordType: 'Receipt', Организация_Key: refOf(doc, 'Организация'), ЗаказПокупателя_Key: String(doc.Ref_Key), Номенклатура_Key: product(r), Количество: num(r.Количество) })),
		});
	};

	const sale = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент', 'Договор']);
		const basis = compRef(doc, 'ДокументОснование', [n.invoices]);
		const order = orderOf(doc);
		const shipped = rows(doc, 'Запасы')
			.map((r) => ({ r, order: compRef(r, 'Заказ', [n.orders])?.ref ?? order }))
			.filter((x) => x.order !== undefined && isStock(x.r, ctx) && num(x.r.Количество) !== 0);
		return movements({
			[n.settlements]: [
				{
					RecordType: 'Receipt',
					Организация_Key: refOf(doc, 'Организация'),
					Контрагент_Key: refOf(doc, 'Контрагент'),
					Договор_Key: refOf(doc, 'Договор'),
					...(basis ? comp('Документ', basis.ref, n.invoices) : comp('Документ', String(doc.Ref_Key), n.sales)),
					...comp('Заказ', order, n.orders),
					Сумма: amount(doc),
				},
			],
			[n.ordersRegister]: shipped.map((x) => ({ RecordType: 'Expense', Организация_Key: refOf(doc, 'Организация'), ЗаказПокупателя_Key: x.order, Номенклатура_Key: product(x.r), Количество: num(x.r.Количество) })),
			[n.stock]: stockExpense(doc, ctx),
		});
	};

	const payment = (doc: Doc, ctx: PostingContext): Movements => {
		void ctx;
		requireFields(doc, ['Организация', 'Контрагент', 'СуммаДокумента']);
		const given = rows(doc, 'РасшифровкаПлатежа').filter((r) => num(r.СуммаПлатежа) !== 0);
		const lines: Doc[] = given.length ? given : [{ Договор_Key: EMPTY_REF, СуммаПлатежа: num(doc.СуммаДокумента), ПризнакАванса: false }];
		const paid: Doc[] = [];
		const settled: Doc[] = [];
		for (const r of lines) {
			const sum = num(r.СуммаПлатежа);
			const invoice = compRef(r, 'СчетНаОплату', [n.invoices]) ?? (given.length ? undefined : compRef(doc, 'ДокументОснование', [n.invoices]));
			const orderRef = compRef(r, 'СчетНаОплату', [n.orders])?.ref ?? compRef(r, 'Заказ', [n.orders])?.ref ?? (given.length ? undefined : compRef(doc, 'ДокументОснование', [n.orders])?.ref);
			const target = invoice ? { ref: invoice.ref, set: n.invoices } : orderRef ? { ref: orderRef, set: n.orders } : undefined;
			if (target) {
				const advance = r.ПризнакАванса === true;
				paid.push({ Организация_Key: refOf(doc, 'Организация'), ...comp('СчетНаОплату', target.ref, target.set), Сумма: 0, СуммаОплаты: advance ? 0 : sum, СуммаАванса: advance ? sum : 0 });
			}
			settled.push({
				RecordType: 'Expense',
				Организация_Key: refOf(doc, 'Организация'),
				Контрагент_Key: refOf(doc, 'Контрагент'),
				Договор_Key: filled(r.Договор_Key) ? r.Договор_Key : EMPTY_REF,
				...comp('Документ', invoice?.ref, n.invoices),
				...comp('Заказ', orderRef, n.orders),
				Сумма: sum,
			});
		}
		return movements({ [n.payments]: paid, [n.settlements]: settled });
	};

	return { invoice, order, sale, payment, receipt };
}

/**
 * Posting of the УТ 11 documents (./ut11-documents.ts). Settlements are kept by the analytics key
 * «организация + партнер + контрагент» (`Catalog_КлючиАналитикиУчетаПоПартнерам`, contract left
 * empty: settlements by orders/invoices) and a settlement object (`Catalog_ОбъектыРасчетов`, one per
 * order / invoice). A posting cannot create catalog items, so both are referenced by references
 * DERIVED from their parts (`utPartnerKeyRef`, `utSettlementObjectRef`); the seed creates the items
 * under the same references. (A document created over HTTP for a new counterparty may thus point at
 * a key that does not exist as an item — the platform would have created it.)
 * - `ЗаказКлиента`: `РасчетыСКлиентамиПланОплат` Receipt `КОплате` (the order's amount, rows with
 *   `Отменено` left out) and `ТоварыКОтгрузке` Receipt `КОтгрузке` of its goods rows (not services);
 * - `СчетНаОплатуКлиенту`: `РасчетыСКлиентамиПланОплат` Receipt `КОплате` per `ЭтапыГрафикаОплаты`
 *   stage (or of `СуммаДокумента`);
 * - `РеализацияТоваровУслуг`: `РасчетыСКлиентами` Receipt `Сумма`/`КОплате` on `ОбъектРасчетовУпр`
 *   (else the order's object, else its own) and `ТоварыКОтгрузке` Expense of the order's goods;
 * - `ПоступлениеБезналичныхДенежныхСредств`, `ПриходныйКассовыйОрдер`: `РасчетыСКлиентами` Expense
 *   per `РасшифровкаПлатежа` row on the row's settlement object (else that of its `Заказ`); the bank
 *   one also a Receipt in `ДенежныеСредстваБезналичные` on the organisation's account.
 * Stock (`ТоварыНаСкладах`, ASSUMPTION — the real УТ register, dimensions reduced to product and
 * warehouse): `ПриобретениеТоваровУслуг` a Receipt `ВНаличии` of its goods rows (not services);
 * `РеализацияТоваровУслуг` an Expense `ВНаличии` of ALL its goods rows (with or without an order).
 * The warehouse is the row's `Склад`, else the document's. `ВРезервеСоСклада` stays 0 (no reserves).
 */
import type { Movements, PostingContext } from '../model/types';
import { comp, compRef, derivedRef, documentAmount, EMPTY_REF, filled, movements, num, refOf, requireFields, round2, rows, type Doc } from './posting-common';

export interface UtNames {
	orders: string;
	invoices: string;
	sales: string;
	bankReceipts: string;
	cashReceipts: string;
	counterparties: string;
	partners: string;
	products: string;
	settlements: string;
	paymentPlan: string;
	toShip: string;
	cashless: string;
	purchases: string;
	stock: string;
}

export function utPartnerKeyRef(organisation: string, partner: string, counterparty: string): string {
	return derivedRef('ut11', 'КлючиАналитикиУчетаПоПартнерам', organisation, partner, counterparty);
}

export function utSettlementObjectRef(document: string): string {
	return derivedRef('ut11', 'ОбъектыРасчетов', document);
}

const dateOr = (v: unknown, dflt: unknown): string => (typeof v === 'string' && v !== '' && !v.startsWith('0001-') ? v : String(dflt));

export function utPosting(n: UtNames) {
	const partnerOf = (doc: Doc, ctx: PostingContext, row?: Doc): string => {
		if (row && filled(row.Партнер_Key)) return row.Партнер_Key;
		if (filled(doc.Партнер_Key)) return doc.Партнер_Key;
		const p = ctx.get(n.counterparties, refOf(doc, 'Контрагент'))?.Партнер_Key;
		if (filled(p)) return p;
		throw new Error('Не заполнено поле "Партнер"');
	};
	const keyOf = (doc: Doc, partner: string) => utPartnerKeyRef(refOf(doc, 'Организация'), partner, refOf(doc, 'Контрагент'));
	const isGoods = (ctx: PostingContext, product: string) => !['Услуга', 'Работа'].includes(String(ctx.get(n.products, product)?.ТипНоменклатуры ?? 'Товар'));
	const rowTotal = (doc: Doc, r: Doc) => (num(r.СуммаСНДС) !== 0 ? num(r.СуммаСНДС) : num(r.Сумма) + (doc.ЦенаВключаетНДС === false ? num(r.СуммаНДС) : 0));
	const ship = (doc: Doc, r: Doc, order: string, partner: string, kind: 'Receipt' | 'Expense') => ({
		RecordType: kind,
		...comp('ДокументОтгрузки', order, n.orders),
		Номенклатура_Key: refOf(r, 'Номенклатура'),
		Склад_Key: filled(r.Склад_Key) ? r.Склад_Key : refOf(doc, 'Склад'),
		...comp('Получатель', partner, n.partners),
		КОтгрузке: num(r.Количество),
	});
	const inStock = (doc: Doc, r: Doc, kind: 'Receipt' | 'Expense') => ({
		RecordType: kind,
		Номенклатура_Key: refOf(r, 'Номенклатура'),
		Склад_Key: filled(r.Склад_Key) ? r.Склад_Key : refOf(doc, 'Склад'),
		ВНаличии: num(r.Количество),
		ВРезервеСоСклада: 0,
	});
	const goods = (doc: Doc, ctx: PostingContext) => rows(doc, 'Товары').filter((r) => r.Отменено !== true && filled(r.Номенклатура_Key) && num(r.Количество) !== 0 && isGoods(ctx, String(r.Номенклатура_Key)));
	const plan = (doc: Doc, key: string, object: string, set: string, sum: number, due: unknown, variant: unknown, registrar?: string) => ({
		RecordType: 'Receipt',
		АналитикаУчетаПоПартнерам_Key: key,
		ОбъектРасчетов_Key: object,
		Валюта_Key: refOf(doc, 'Валюта'),
		...comp('ДокументПлан', String(doc.Ref_Key), set),
		ДатаПлановогоПогашения: dateOr(due, doc.Date),
		ДатаВозникновения: String(doc.Date),
		ВариантОплаты: String(variant ?? ''),
		КОплате: sum,
		...comp('ДокументРегистратор', String(doc.Ref_Key), registrar),
	});

	const order = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент']);
		const partner = partnerOf(doc, ctx);
		const active = rows(doc, 'Товары').filter((r) => r.Отменено !== true);
		const total = active.length ? round2(active.reduce((s, r) => s + rowTotal(doc, r), 0)) : num(doc.СуммаДокумента);
		const ref = String(doc.Ref_Key);
		return movements({
			[n.paymentPlan]: total ? [plan(doc, keyOf(doc, partner), utSettlementObjectRef(ref), n.orders, total, doc.ДатаОтгрузки, 'КредитПослеОтгрузки', n.orders)] : [],
			[n.toShip]: goods(doc, ctx).map((r) => ship(doc, r, ref, partner, 'Receipt')),
		});
	};

	const invoice = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент']);
		const key = keyOf(doc, partnerOf(doc, ctx));
		const own = utSettlementObjectRef(String(doc.Ref_Key));
		const stages = rows(doc, 'ЭтапыГрафикаОплаты').filter((r) => num(r.СуммаПлатежа) !== 0);
		const records = stages.length
			? stages.map((s) => plan(doc, key, filled(s.ОбъектРасчетов_Key) ? s.ОбъектРасчетов_Key : own, n.invoices, num(s.СуммаПлатежа), s.ДатаПлатежа, s.ВариантОплаты))
			: num(doc.СуммаДокумента)
				? [plan(doc, key, own, n.invoices, num(doc.СуммаДокумента), doc.Date, '')]
				: [];
		return movements({ [n.paymentPlan]: records });
	};

	const sale = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент']);
		const partner = partnerOf(doc, ctx);
		const ref = String(doc.Ref_Key);
		const order = compRef(doc, 'ЗаказКлиента', [n.orders])?.ref;
		const object = filled(doc.ОбъектРасчетовУпр_Key) ? doc.ОбъектРасчетовУпр_Key : utSettlementObjectRef(order ?? ref);
		const total = documentAmount(doc, [['Товары', 'СуммаСНДС']]);
		const stock = goods(doc, ctx);
		const shipped = stock.map((r) => ({ r, order: compRef(r, 'ЗаказКлиента', [n.orders])?.ref ?? order })).filter((x) => x.order !== undefined);
		return movements({
			[n.settlements]: [
				{
					RecordType: 'Receipt',
					АналитикаУчетаПоПартнерам_Key: keyOf(doc, partner),
					ОбъектРасчетов_Key: object,
					Валюта_Key: refOf(doc, 'Валюта'),
					Сумма: total,
					КОплате: total,
					Предоплата: 0,
					ХозяйственнаяОперация: String(doc.ХозяйственнаяОперация || 'РеализацияКлиенту'),
					...comp('ДокументРегистратор', ref, n.sales),
				},
			],
			[n.toShip]: shipped.map((x) => ship(doc, x.r, String(x.order), partner, 'Expense')),
			[n.stock]: stock.map((r) => inStock(doc, r, 'Expense')),
		});
	};

	const purchase = (doc: Doc, ctx: PostingContext): Movements => {
		requireFields(doc, ['Организация', 'Контрагент', 'Склад']);
		return movements({ [n.stock]: goods(doc, ctx).map((r) => inStock(doc, r, 'Receipt')) });
	};

	const payment = (set: string) => (doc: Doc, ctx: PostingContext): Movements => {
		const bank = set === n.bankReceipts;
		requireFields(doc, bank ? ['Организация', 'Контрагент', 'БанковскийСчет', 'СуммаДокумента'] : ['Организация', 'Контрагент', 'СуммаДокумента']);
		const ref = String(doc.Ref_Key);
		const given = rows(doc, 'РасшифровкаПлатежа').filter((r) => num(r.Сумма) !== 0);
		const lines: Doc[] = given.length ? given : [{ Сумма: num(doc.СуммаДокумента), ОбъектРасчетов_Key: EMPTY_REF }];
		const operation = String(doc.ХозяйственнаяОперация || 'ПоступлениеОплатыОтКлиента');
		const settled = lines.map((r) => {
			const basis = compRef(r, 'Заказ', [n.orders, n.invoices])?.ref;
			return {
				RecordType: 'Expense',
				АналитикаУчетаПоПартнерам_Key: keyOf(doc, partnerOf(doc, ctx, r)),
				ОбъектРасчетов_Key: filled(r.ОбъектРасчетов_Key) ? r.ОбъектРасчетов_Key : utSettlementObjectRef(basis ?? ref),
				Валюта_Key: refOf(doc, 'Валюта'),
				Сумма: num(r.Сумма),
				КОплате: num(r.Сумма),
				Предоплата: 0,
				ХозяйственнаяОперация: operation,
				...comp('ДокументРегистратор', ref, set),
			};
		});
		const sum = num(doc.СуммаДокумента);
		const money = bank
			? [
					{
						RecordType: 'Receipt',
						Организация_Key: refOf(doc, 'Организация'),
						БанковскийСчет_Key: refOf(doc, 'БанковскийСчет'),
						Сумма: sum,
						СуммаУпр: sum,
						СуммаРегл: sum,
						ХозяйственнаяОперация: operation,
						АналитикаУчетаПоПартнерам_Key: settled[0].АналитикаУчетаПоПартнерам_Key,
						...comp('Заказ', compRef(lines[0], 'Заказ', [n.orders])?.ref, n.orders),
						...comp('ПлатежныйДокумент', ref, set),
					},
				]
			: [];
		return movements({ [n.settlements]: settled, [n.cashless]: money });
	};

	return { order, invoice, sale, purchase, bankPayment: payment(n.bankReceipts), cashPayment: payment(n.cashReceipts) };
}

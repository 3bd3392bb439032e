/**
 * Where the built-in reports read their data, per configuration (БП 3.0, УНФ, УТ 11):
 * - «Задолженность покупателей»: the settlements register's `Balance` grouped by counterparty (УТ
 *   groups by `АналитикаУчетаПоПартнерам`, a key catalog that names the counterparty);
 * - «Продажи за период»: the posted sales documents of the period and their rows — the same sets
 *   and row fields as the sales print form (../print/maps.ts), so one map serves both;
 * - «Остатки товаров»: the stock register's `Balance` by product and warehouse. БП 3.0 keeps goods
 *   only in the accounting register `Хозрасчетный` (account 41), which this report does not read.
 * Another configuration passes its own `ReportSources`.
 */
import { PRINT_FIELD_MAPS, type PrintFieldMap } from '../print/maps';

export interface DebtSource {
	/** a balance accumulation register, e.g. `AccumulationRegister_РасчетыСКонтрагентами` */
	set: string;
	/** the dimension naming the counterparty (or a key catalog that does) */
	dimension: string;
	/** the resource holding the debt (positive: the buyer owes; negative: an advance) */
	resource: string;
	/** the dimension is a key catalog: read `field` of its rows to get the counterparty */
	via?: { set: string; field: string };
}

export interface StockSource {
	set: string;
	product: string;
	warehouse: { dimension: string; set: string };
	quantity: string;
	/** a cost resource, when the register has one */
	amount?: string;
}

export interface ReportSources {
	id: string;
	debts: DebtSource;
	/** the sales documents: the `sale` kind of the print map, plus counterparty and product sets */
	sales: PrintFieldMap;
	stock?: StockSource;
	counterpartySet: string;
}

const CP = 'Catalog_Контрагенты';

export const REPORT_SOURCES: Record<'bp30' | 'unf' | 'ut11', ReportSources> = {
	bp30: {
		id: 'bp30',
		debts: { set: 'AccumulationRegister_РасчетыСКонтрагентами', dimension: 'Контрагент', resource: 'Сумма' },
		sales: PRINT_FIELD_MAPS.bp30,
		counterpartySet: CP,
	},
	unf: {
		id: 'unf',
		debts: { set: 'AccumulationRegister_РасчетыСПокупателями', dimension: 'Контрагент', resource: 'Сумма' },
		sales: PRINT_FIELD_MAPS.unf,
		stock: { set: 'AccumulationRegister_Запасы', product: 'Номенклатура', warehouse: { dimension: 'СтруктурнаяЕдиница', set: 'Catalog_СтруктурныеЕдиницы' }, quantity: 'Количество', amount: 'Сумма' },
		counterpartySet: CP,
	},
	ut11: {
		id: 'ut11',
		debts: { set: 'AccumulationRegister_РасчетыСКлиентами', dimension: 'АналитикаУчетаПоПартнерам', resource: 'Сумма', via: { set: 'Catalog_КлючиАналитикиУчетаПоПартнерам', field: 'Контрагент' } },
		sales: PRINT_FIELD_MAPS.ut11,
		stock: { set: 'AccumulationRegister_ТоварыНаСкладах', product: 'Номенклатура', warehouse: { dimension: 'Склад', set: 'Catalog_Склады' }, quantity: 'ВНаличии' },
		counterpartySet: CP,
	},
};

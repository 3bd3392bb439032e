/**
 * «Управление торговлей, редакция 11» (УТ 11). Catalogs: ./ut11-catalogs.ts; documents:
 * ./ut11-documents.ts; objects replayed from the ERP demo captures: ./ut11-erp.ts.
 * Here: the registers of UTX (`InformationRegister_КурсыВалют`, `…_ДокументыФизическихЛиц`,
 * `AccumulationRegister_РасчетыСКлиентамиПланОплат` — real names/types/order), a constant, the
 * document journal of UTX, and `AccumulationRegister_РасчетыСКлиентами` (balance; dimensions as the
 * plan register's, resources UNVERIFIED), `AccumulationRegister_ТоварыНаСкладах` (ASSUMPTION, reduced) with
 * its receipt document `ПриобретениеТоваровУслуг` (./ut11-documents.ts). Statuses `СтатусыЗаказовКлиентов` are an ASSUMPTION
 * (only «КОбеспечению» is seen — UTO).
 */
import type { Configuration } from '../model/types';
import {
	accountingCharts,
	additionalAttributesChart,
	banks,
	bool,
	bspCatalogs,
	commonEnums,
	comp,
	COUNTRIES,
	CURRENCIES,
	date,
	INDIVIDUALS,
	int64,
	num,
	ref,
	str,
	USERS,
	vatRatesCatalog,
} from './common';
import { UT, utCatalogs } from './ut11-catalogs';
import { utBankReceipt, utCashReceipt, utInvoice, utOrder, utPurchase, utSale } from './ut11-documents';
import { erpObjects } from './ut11-erp';

export const UT11: Configuration = {
	id: 'ut11',
	title: 'Управление торговлей, редакция 11',
	version: '11.5',
	objects: [
		...bspCatalogs(),
		banks('КлассификаторБанков'),
		additionalAttributesChart(),
		...accountingCharts(),
		vatRatesCatalog(),
		...utCatalogs(),
		...erpObjects(),
		utOrder,
		utInvoice,
		utSale,
		utBankReceipt,
		utCashReceipt,
		utPurchase,
		{
			// ASSUMPTION (the real УТ register, dimensions reduced — no characteristic, designation,
			// series; resources reduced): goods in warehouses, by product and warehouse
			kind: 'AccumulationRegister',
			name: 'ТоварыНаСкладах',
			synonym: 'Товары на складах',
			registerKind: 'balance',
			recorders: [UT.purchases, UT.sales],
			dimensions: [ref('Номенклатура', UT.products), ref('Склад', UT.warehouses)],
			resources: [num('ВНаличии', 15, 3), num('ВРезервеСоСклада', 15, 3)],
			attributes: [],
		},
		{
			kind: 'InformationRegister',
			name: 'КурсыВалют',
			periodicity: 'day',
			dimensions: [ref('Валюта', CURRENCIES)],
			resources: [num('Курс', 10, 4), int64('Кратность')],
			attributes: [],
		},
		{
			kind: 'InformationRegister',
			name: 'ДокументыФизическихЛиц',
			periodicity: 'day',
			dimensions: [comp('Физлицо', INDIVIDUALS, USERS), ref('ВидДокумента', 'Catalog_ВидыДокументовФизическихЛиц')],
			resources: [
				str('Серия', 25),
				str('Номер', 25),
				date('ДатаВыдачи'),
				date('СрокДействия'),
				str('КемВыдан'),
				str('КодПодразделения', 7),
				bool('ЯвляетсяДокументомУдостоверяющимЛичность'),
				str('Представление'),
			],
			attributes: [ref('УдалитьВидДокумента', 'Catalog_ВидыДокументовФизическихЛиц'), str('ФамилияЛатиницей', 50), str('ИмяЛатиницей', 50), ref('СтранаВыдачи', COUNTRIES), str('КатегорииТранспортныхСредств')],
		},
		{
			kind: 'AccumulationRegister',
			name: 'РасчетыСКлиентамиПланОплат',
			registerKind: 'balance',
			recorders: [UT.orders, UT.sales, UT.invoices],
			dimensions: [
				ref('АналитикаУчетаПоПартнерам', UT.partnerKeys),
				ref('ОбъектРасчетов', UT.settlementObjects),
				ref('Валюта', CURRENCIES),
				comp('ДокументПлан', UT.orders, UT.sales, UT.invoices),
				date('ДатаПлановогоПогашения'),
				date('ДатаВозникновения'),
				str('ВариантОплаты'),
				bool('НераспределенныйАванс'),
			],
			resources: [num('КОплате'), num('УдалитьОплачено')],
			attributes: [
				str('УдалитьПорядокЗачета'),
				str('ПорядокОперации'),
				str('УдалитьХозяйственнаяОперация'),
				comp('ДокументРегистратор', UT.orders, UT.sales, UT.bankReceipts, UT.cashReceipts),
				comp('ДокументОплаты', UT.bankReceipts, UT.cashReceipts),
			],
		},
		{
			kind: 'AccumulationRegister',
			name: 'РасчетыСКлиентами',
			synonym: 'Расчеты с клиентами (resources UNVERIFIED)',
			registerKind: 'balance',
			recorders: [UT.orders, UT.sales, UT.bankReceipts, UT.cashReceipts],
			dimensions: [ref('АналитикаУчетаПоПартнерам', UT.partnerKeys), ref('ОбъектРасчетов', UT.settlementObjects), ref('Валюта', CURRENCIES)],
			resources: [num('Сумма'), num('КОплате'), num('Предоплата')],
			attributes: [str('ХозяйственнаяОперация'), comp('ДокументРегистратор', UT.orders, UT.sales, UT.bankReceipts, UT.cashReceipts)],
		},
		{ kind: 'Constant', name: 'ИспользоватьНесколькоОрганизаций', type: { kind: 'boolean' } },
		{ kind: 'Constant', name: 'ВалютаРегламентированногоУчета', type: { kind: 'ref', target: CURRENCIES } },
		{
			kind: 'DocumentJournal',
			name: 'СогласияНаОбработкуПерсональныхДанных',
			documents: ['Document_СогласиеНаОбработкуПерсональныхДанных', 'Document_ОтзывСогласияНаОбработкуПерсональныхДанных'],
			columns: [
				ref('Организация', UT.organisations),
				ref('ОтветственныйЗаОбработкуПерсональныхДанных', USERS),
				ref('Субъект', INDIVIDUALS),
				date('ДатаРегистрации'),
				date('СрокДействия'),
				ref('Ответственный', USERS),
				str('Комментарий'),
			],
		},
	],
	enums: [
		...commonEnums(),
		// values UNVERIFIED except «ЮрЛицо», «ФизЛицо», «ИндивидуальныйПредприниматель» (UNF-TMS writes them)
		{ name: 'ЮрФизЛицо', values: ['ЮрЛицо', 'ЮрЛицоНеРезидент', 'ИндивидуальныйПредприниматель', 'ФизЛицо'] },
		{ name: 'КомпанияЧастноеЛицо', values: ['Компания', 'ЧастноеЛицо'] },
		// ASSUMPTION: «КОбеспечению» seen (UTO), the rest by analogy with ERP
		{ name: 'СтатусыЗаказовКлиентов', values: ['НеСогласован', 'КОбеспечению', 'КОтгрузке', 'Закрыт'] },
		// UTX members (the real enum has ~800; the excerpt keeps these)
		{
			name: 'ХозяйственныеОперации',
			values: ['АвансовыйОтчет', 'АмортизацияВнеоборотныхАктивов', 'ВозвратТоваровОтКлиента', 'ЗакупкаУПоставщика', 'ОплатаПоставщику', 'ПоступлениеОплатыОтКлиента', 'РеализацияКлиенту', 'ШтрафыПриВозвратеБронированияПодотчетногоЛица'],
		},
		{ name: 'СтатусыТаможенныхДеклараций', values: ['ВыпущеноСТаможни', 'ТаможенноеОформление'] },
		// «Товар» is the default seen live (P8); the rest UNVERIFIED
		{ name: 'ТипыНоменклатуры', values: ['Товар', 'Услуга', 'Работа', 'Набор', 'МногооборотнаяТара'] },
		{ name: 'ТипыСкладов', values: ['Склад', 'РозничныйМагазин'] },
		{ name: 'ТипыДоговоров', values: ['СПокупателем', 'СПоставщиком', 'СКомитентом', 'СКомиссионером', 'Прочее'] },
	],
	roles: {
		organisation: UT.organisations,
		organisationBankAccount: UT.organisationAccounts,
		counterparty: UT.counterparties,
		partner: UT.partners,
		contactPerson: UT.contactPersons,
		bankAccount: UT.bankAccounts,
		bank: UT.banks,
		contract: UT.contracts,
		agreement: UT.agreements,
		product: UT.products,
		unit: UT.packages,
		vatRate: UT.vatRates,
		warehouse: UT.warehouses,
		user: USERS,
		invoice: UT.invoices,
		order: UT.orders,
		sale: UT.sales,
		paymentBank: UT.bankReceipts,
		paymentCash: UT.cashReceipts,
		paymentsRegister: UT.settlements,
		paymentPlanRegister: UT.paymentPlan,
		purchase: UT.purchases,
		stockRegister: UT.stock,
		currencyRates: 'InformationRegister_КурсыВалют',
		additionalAttributes: 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
	},
};

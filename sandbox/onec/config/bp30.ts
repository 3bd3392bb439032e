/**
 * «Бухгалтерия предприятия, редакция 3.0» (БП 3.0, RF). Catalogs in ./bp30-catalogs.ts.
 * `Document_РеализацияТоваровУслуг`: header, `Товары`, `Услуги` exactly as the real JSON capture
 * (BPC, 2021); invoice/payment documents UNVERIFIED beyond the fields clients use (research §5.5,
 * §5.7); `InformationRegister_СтатусыДокументов` and `…_СрокиОплатыДокументов` as written by a
 * Directum RX connector (SUNG). `AccumulationRegister_РасчетыСКонтрагентами` is an ASSUMPTION (БП
 * keeps settlements on accounts 62/60 of `Хозрасчетный`; no capture of an OData register exists):
 * a balance register of settlements by organisation, counterparty, contract and invoice so that
 * posting a sale or a payment yields the invoice's debt/payment.
 */
import type { Attribute, Configuration, DocumentDef } from '../model/types';
import { BP, bpCatalogs } from './bp30-catalogs';
import { bpPosting } from './posting-bp30';
import {
	ACCOUNTS,
	accountingCharts,
	additionalAttributes,
	additionalAttributesChart,
	banks,
	bool,
	bspCatalogs,
	commonEnums,
	comp,
	COUNTRIES,
	CURRENCIES,
	date,
	enm,
	INDIVIDUALS,
	int64,
	num,
	ref,
	section,
	str,
	stub,
	UNITS,
	USERS,
	withDefault,
} from './common';

const POST = bpPosting(BP);

const document = (name: string, o: Omit<DocumentDef, 'kind' | 'name' | 'numberLength' | 'numberPrefix'>): DocumentDef => ({
	kind: 'Document',
	name,
	numberLength: 11,
	numberPrefix: '0000-',
	...o,
});

/** FRESH client rows of `СчетНаОплатуПокупателю.Товары` (row product as `Номенклатура_Key` — see report). */
const invoiceRows = (): Attribute[] => [
	ref('Номенклатура', BP.products),
	str('Содержание'),
	num('Количество', 15, 3),
	num('Цена'),
	num('Сумма'),
	num('ПроцентСкидки', 5, 2),
	num('СуммаСкидки'),
	enm('СтавкаНДС', 'СтавкиНДС'),
	num('СуммаНДС'),
];

/** `РасшифровкаПлатежа` of the БП payment documents — UNVERIFIED. */
const paymentRows = () =>
	section('РасшифровкаПлатежа', [
		ref('ДоговорКонтрагента', BP.contracts),
		comp('СчетНаОплату', BP.invoices),
		str('СпособПогашенияЗадолженности'),
		num('Сумма'),
		enm('СтавкаНДС', 'СтавкиНДС'),
		num('СуммаНДС'),
		ref('СчетУчетаРасчетовСКонтрагентом', ACCOUNTS),
		ref('СчетУчетаРасчетовПоАвансам', ACCOUNTS),
	]);

const saleGoods = section('Товары', [
	ref('Номенклатура', BP.products),
	num('КоличествоМест', 9, 0),
	ref('ЕдиницаИзмерения', UNITS),
	num('Коэффициент', 10, 3),
	num('Количество', 15, 3),
	num('Цена'),
	num('Сумма'),
	enm('СтавкаНДС', 'СтавкиНДС'),
	num('СуммаНДС'),
	ref('СчетУчета', ACCOUNTS),
	ref('ПереданныеСчетУчета', ACCOUNTS),
	ref('СчетДоходов', ACCOUNTS),
	comp('Субконто', 'Catalog_ПрочиеДоходыИРасходы', 'Catalog_НоменклатурныеГруппы', BP.counterparties, BP.contracts),
	ref('СчетУчетаНДСПоРеализации', ACCOUNTS),
	ref('СчетРасходов', ACCOUNTS),
	comp('ДокументОприходования', 'Document_ПоступлениеТоваровУслуг', 'Document_ОприходованиеТоваров'),
	num('Себестоимость'),
	ref('НомерГТД', 'Catalog_НомераГТД'),
	ref('СтранаПроисхождения', COUNTRIES),
	ref('КиЗ_ГИСМ', 'Catalog_КиЗГИСМ'),
	ref('КодТНВЭД', 'Catalog_КлассификаторТНВЭД'),
	ref('СчетНаОплатуПокупателю', BP.invoices),
]);

const saleServices = section('Услуги', [
	ref('Номенклатура', BP.products),
	str('Содержание'),
	num('Количество', 15, 3),
	num('Цена'),
	num('Сумма'),
	enm('СтавкаНДС', 'СтавкиНДС'),
	num('СуммаНДС'),
	ref('СчетДоходов', ACCOUNTS),
	comp('Субконто', 'Catalog_ПрочиеДоходыИРасходы', 'Catalog_НоменклатурныеГруппы', BP.counterparties, BP.contracts),
	ref('СчетУчетаНДСПоРеализации', ACCOUNTS),
	ref('СчетРасходов', ACCOUNTS),
	ref('СчетНаОплатуПокупателю', BP.invoices),
]);

const sale = document('РеализацияТоваровУслуг', {
	synonym: 'Реализация (акт, накладная, УПД)',
	registerRecords: [BP.settlements],
	post: POST.sale,
	attributes: [
		withDefault(enm('ВидОперации', 'ВидыОперацийРеализацияТоваров'), 'Товары'),
		ref('Организация', BP.organisations),
		ref('Склад', BP.warehouses),
		ref('ПодразделениеОрганизации', 'Catalog_ПодразделенияОрганизаций'),
		bool('ДеятельностьНаПатенте'),
		ref('Патент', 'Catalog_Патенты'),
		ref('Контрагент', BP.counterparties),
		ref('ДоговорКонтрагента', BP.contracts),
		withDefault(str('СпособЗачетаАвансов'), 'Автоматически'),
		ref('ТипЦен', 'Catalog_ТипыЦенНоменклатуры'),
		ref('ВалютаДокумента', CURRENCIES),
		withDefault(num('КурсВзаиморасчетов', 10, 4), 1),
		withDefault(int64('КратностьВзаиморасчетов'), 1),
		withDefault(bool('СуммаВключаетНДС'), true),
		bool('УдалитьУчитыватьНДС'),
		ref('СчетУчетаРасчетовСКонтрагентом', ACCOUNTS),
		ref('СчетУчетаРасчетовПоАвансам', ACCOUNTS),
		ref('СчетУчетаРасчетовПоТаре', ACCOUNTS),
		ref('УдалитьСчетУчетаДоходовПоТаре', ACCOUNTS),
		ref('УдалитьСчетУчетаРасходовПоТаре', ACCOUNTS),
		ref('УдалитьСтатьяДоходовИРасходовПоТаре', 'Catalog_ПрочиеДоходыИРасходы'),
		ref('СчетНаОплатуПокупателю', BP.invoices),
		ref('Грузоотправитель', BP.counterparties),
		ref('Грузополучатель', BP.counterparties),
		str('АдресДоставки'),
		ref('БанковскийСчетОрганизации', BP.bankAccounts),
		num('СуммаДокумента'),
		ref('Ответственный', USERS),
		str('Комментарий'),
		bool('РучнаяКорректировка'),
		ref('Руководитель', INDIVIDUALS),
		ref('ГлавныйБухгалтер', INDIVIDUALS),
		ref('ОтпускПроизвел', INDIVIDUALS),
		str('УдалитьЗаРуководителяПоПриказу', 100),
		str('УдалитьЗаГлавногоБухгалтераПоПриказу', 100),
		str('ЗаЗаказчикаНаОсновании', 100),
		str('ДоверенностьНомер', 30),
		date('ДоверенностьДата'),
		str('ДоверенностьВыдана'),
		str('ДоверенностьЧерезКого'),
		str('ВидЭлектронногоДокумента'),
		bool('ДокументБезНДС'),
		ref('ЗаРуководителяНаОсновании', 'Catalog_ОснованияПраваПодписи'),
		ref('ЗаГлавногоБухгалтераНаОсновании', 'Catalog_ОснованияПраваПодписи'),
		ref('Перевозчик', BP.counterparties),
		str('МаркаАвтомобиля', 100),
		str('РегистрационныйЗнакАвтомобиля', 20),
		str('Водитель', 100),
		str('ВодительскоеУдостоверение', 100),
		str('КраткоеНаименованиеГруза'),
		str('СопроводительныеДокументы'),
		bool('ДеятельностьНаТорговомСборе'),
		ref('ОтветственныйЗаОформление', INDIVIDUALS),
		str('СведенияОТранспортировкеИГрузе'),
		bool('ПеревозкаАвтотранспортом'),
		bool('ЕстьМаркируемаяПродукцияГИСМ'),
		int64('НомерЧекаККМ'),
		ref('СпособДоставки', 'Catalog_СпособыДоставки'),
		str('НомерДляОтслеживания', 100),
		str('МаркаПрицепа', 100),
		str('РегистрационныйЗнакПрицепа', 20),
		// not in the 2021 capture; clients link the basis this way (source ids 55402318738, 69644695425)
		comp('ДокументОснование', BP.invoices),
	],
	tabularSections: [
		saleGoods,
		// rows of the next four are UNVERIFIED (empty in the capture)
		section('ВозвратнаяТара', [ref('Номенклатура', BP.products), num('Количество', 15, 3), num('Цена'), num('Сумма'), ref('СчетУчета', ACCOUNTS)]),
		saleServices,
		section('АгентскиеУслуги', [ref('Номенклатура', BP.products), str('Содержание'), num('Количество', 15, 3), num('Цена'), num('Сумма'), enm('СтавкаНДС', 'СтавкиНДС'), num('СуммаНДС'), ref('Принципал', BP.counterparties), ref('ДоговорПринципала', BP.contracts)]),
		section('ЗачетАвансов', [ref('ДоговорКонтрагента', BP.contracts), comp('ДокументАванса', BP.bankReceipts, BP.cashReceipts), num('СуммаЗачета')]),
		section('ШтрихкодыУпаковок', [ref('ШтрихкодУпаковки', 'Catalog_ШтрихкодыУпаковокТоваров')]),
	],
});

const invoice = document('СчетНаОплатуПокупателю', {
	synonym: 'Счет покупателю',
	// posting of a БП invoice UNVERIFIED: checks only, no register movements (./posting-bp30.ts)
	registerRecords: [],
	post: POST.invoice,
	attributes: [
		ref('Организация', BP.organisations),
		ref('Контрагент', BP.counterparties),
		ref('ДоговорКонтрагента', BP.contracts),
		ref('ВалютаДокумента', CURRENCIES),
		withDefault(num('КурсВзаиморасчетов', 10, 4), 1),
		withDefault(int64('КратностьВзаиморасчетов'), 1),
		ref('ТипЦен', 'Catalog_ТипыЦенНоменклатуры'),
		withDefault(bool('СуммаВключаетНДС'), true),
		num('СуммаДокумента'),
		ref('Склад', BP.warehouses),
		ref('БанковскийСчетОрганизации', BP.bankAccounts),
		ref('Ответственный', USERS),
		ref('Руководитель', INDIVIDUALS),
		ref('ГлавныйБухгалтер', INDIVIDUALS),
		date('СрокОплаты'),
		str('АдресДоставки'),
		str('Комментарий'),
	],
	tabularSections: [section('Товары', invoiceRows()), section('Услуги', invoiceRows()), additionalAttributes()],
});

const paymentHeader = (): Attribute[] => [
	ref('Организация', BP.organisations),
	ref('Контрагент', BP.counterparties),
	ref('ДоговорКонтрагента', BP.contracts),
	ref('ВалютаДокумента', CURRENCIES),
	num('СуммаДокумента'),
	ref('Ответственный', USERS),
	str('Комментарий'),
	comp('ДокументОснование', BP.invoices, BP.sales),
];

const bankReceipt = document('ПоступлениеНаРасчетныйСчет', {
	synonym: 'Поступление на расчетный счет',
	registerRecords: [BP.settlements],
	post: POST.payment,
	attributes: [
		withDefault(enm('ВидОперации', 'ВидыОперацийПоступлениеДенежныхСредств'), 'ОплатаПокупателя'),
		...paymentHeader(),
		ref('СчетОрганизации', BP.bankAccounts),
		ref('СчетКонтрагента', BP.bankAccounts),
		str('НазначениеПлатежа', 210),
		str('НомерВходящегоДокумента', 30),
		date('ДатаВходящегоДокумента'),
		ref('СчетУчета', ACCOUNTS),
	],
	tabularSections: [paymentRows()],
});

const cashReceipt = document('ПриходныйКассовыйОрдер', {
	synonym: 'Поступление наличных',
	registerRecords: [BP.settlements],
	post: POST.payment,
	attributes: [
		withDefault(enm('ВидОперации', 'ВидыОперацийПКО'), 'ОплатаПокупателя'),
		...paymentHeader(),
		str('ПринятоОт'),
		str('Основание'),
		str('Приложение'),
		ref('СчетКасса', ACCOUNTS),
	],
	tabularSections: [paymentRows()],
});

export const BP30: Configuration = {
	id: 'bp30',
	title: 'Бухгалтерия предприятия, редакция 3.0',
	version: '3.0',
	objects: [
		...bspCatalogs(),
		banks(),
		additionalAttributesChart(),
		...accountingCharts(),
		...bpCatalogs(),
		stub('ПодразделенияОрганизаций', { codeLength: 0, owners: [BP.organisations] }),
		invoice,
		sale,
		bankReceipt,
		cashReceipt,
		{
			kind: 'AccumulationRegister',
			name: 'РасчетыСКонтрагентами',
			synonym: 'Расчеты с контрагентами (ASSUMPTION)',
			registerKind: 'balance',
			recorders: [BP.sales, BP.bankReceipts, BP.cashReceipts],
			dimensions: [ref('Организация', BP.organisations), ref('Контрагент', BP.counterparties), ref('Договор', BP.contracts), ref('СчетНаОплату', BP.invoices)],
			resources: [num('Сумма')],
			attributes: [],
		},
		{
			kind: 'InformationRegister',
			name: 'СтатусыДокументов',
			periodicity: 'none',
			dimensions: [ref('Организация', BP.organisations), comp('Документ', BP.invoices, BP.sales)],
			resources: [comp('Статус', 'Enum:СтатусОплатыСчета', 'Enum:СтатусыДокументовРеализации'), comp('ДополнительныйСтатус', 'Enum:СтатусОплатыСчета', 'Enum:СтатусыДокументовРеализации')],
			attributes: [],
		},
		{
			// ASSUMPTION: kept independent here so a price record can be POSTed through the
			// publication (the platform writes it from УстановкаЦенНоменклатуры); day periodicity
			kind: 'InformationRegister',
			name: 'ЦеныНоменклатуры',
			periodicity: 'day',
			dimensions: [ref('ТипЦен', 'Catalog_ТипыЦенНоменклатуры'), ref('Номенклатура', BP.products)],
			resources: [num('Цена', 15, 2), ref('Валюта', CURRENCIES)],
			attributes: [],
		},
		{
			kind: 'InformationRegister',
			name: 'СрокиОплатыДокументов',
			periodicity: 'none',
			dimensions: [ref('Организация', BP.organisations), comp('Документ', BP.invoices, 'Document_СчетНаОплатуПоставщика')],
			resources: [date('СрокОплаты')],
			attributes: [],
		},
	],
	enums: [
		...commonEnums(),
		{ name: 'СтавкиНДС', values: ['БезНДС', 'НДС0', 'НДС10', 'НДС20', 'НДС22', 'НДС10_110', 'НДС20_120', 'НДС22_122'] },
		// СПокупателем/СПоставщиком seen (BPC, UNF-TMS); the rest UNVERIFIED
		{ name: 'ВидыДоговоровКонтрагентов', values: ['СПоставщиком', 'СПокупателем', 'СКомитентом', 'СКомиссионером', 'Прочее'] },
		// Товары/Услуги seen (BPC); ПродажаКомиссия UNVERIFIED
		{ name: 'ВидыОперацийРеализацияТоваров', values: ['Товары', 'Услуги', 'ПродажаКомиссия'] },
		// ОплатаПокупателя from clients (research §5.7); the rest UNVERIFIED
		{ name: 'ВидыОперацийПоступлениеДенежныхСредств', values: ['ОплатаПокупателя', 'ВозвратОтПоставщика', 'ПрочееПоступление'] },
		{ name: 'ВидыОперацийПКО', values: ['ОплатаПокупателя', 'ВозвратОтПодотчетногоЛица', 'ПрочийПриход'] },
		{ name: 'ВидыКонтактныхЛиц', values: ['КонтактноеЛицоКонтрагента', 'КонтактноеЛицоОрганизации'] },
		{ name: 'ТипыСкладов', values: ['ОптовыйСклад', 'РозничныйМагазин', 'НеавтоматизированнаяТорговаяТочка'] },
		// not in the composition: `_Type` = `UnavailableEnums.<name>` (SUNG); «Оплачен», «Подписан» seen, the rest UNVERIFIED
		{ name: 'СтатусОплатыСчета', values: ['НеОплачен', 'ОплаченЧастично', 'Оплачен'], unpublished: true },
		{ name: 'СтатусыДокументовРеализации', values: ['НеПодписан', 'Подписан'], unpublished: true },
	],
	roles: {
		organisation: BP.organisations,
		counterparty: BP.counterparties,
		contactPerson: BP.contactPersons,
		bankAccount: BP.bankAccounts,
		bank: BP.banks,
		contract: BP.contracts,
		product: BP.products,
		unit: UNITS,
		vatRate: 'СтавкиНДС',
		warehouse: BP.warehouses,
		user: USERS,
		invoice: BP.invoices,
		sale: BP.sales,
		paymentBank: BP.bankReceipts,
		paymentCash: BP.cashReceipts,
		paymentsRegister: BP.settlements,
		invoiceStatus: BP.documentStatuses,
		priceKind: 'Catalog_ТипыЦенНоменклатуры',
		productPrices: 'InformationRegister_ЦеныНоменклатуры',
		additionalAttributes: 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
	},
};

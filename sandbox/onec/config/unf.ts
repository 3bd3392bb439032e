/**
 * «Управление нашей фирмой» (УНФ). Sources: a working УНФ write client (UNF-TMS, research
 * §3.1, §5.1, §5.5, §5.6 — counterparty, bank account, contract, customer order and
 * `AccumulationRegister_ОплатаСчетовИЗаказов` field names written/read live), УНФ notes (UNF-N),
 * the official module docs (counterparty flags Покупатель/Поставщик/Прочие отношения, order
 * kinds, order states). Attribute ORDER is UNVERIFIED throughout (no УНФ `$metadata` sample).
 * ASSUMPTIONS: `ОплатаСчетовИЗаказов` is a turnovers register (its readers sum `Сумма` vs
 * `СуммаОплаты + СуммаАванса` without looking at RecordType); `ЗаказыПокупателей` is a balance
 * register of ordered minus shipped quantity; `РасчетыСПокупателями` (the real УНФ register, dimensions
 * reduced) is the balance of buyers' debt that sales and payments move; `Запасы` (the real register,
 * dimensions reduced) is the stock that `ПриходнаяНакладная` receives and sales ship. Posting: ./posting-unf.ts.
 */
import type { Attribute, Configuration, DocumentDef } from '../model/types';
import {
	additionalAttributes,
	additionalAttributesChart,
	banks,
	bool,
	bspCatalogs,
	catalog,
	commonEnums,
	comp,
	contactInformation,
	COUNTRIES,
	CURRENCIES,
	date,
	enm,
	int64,
	num,
	organisations,
	ref,
	section,
	str,
	stub,
	UNITS,
	USERS,
	vatRatesCatalog,
	withDefault,
} from './common';
import { unfPosting } from './posting-unf';

export const UNF = {
	organisations: 'Catalog_Организации',
	counterparties: 'Catalog_Контрагенты',
	contactPersons: 'Catalog_КонтактныеЛица',
	bankAccounts: 'Catalog_БанковскиеСчета',
	banks: 'Catalog_Банки',
	contracts: 'Catalog_ДоговорыКонтрагентов',
	products: 'Catalog_Номенклатура',
	productUnits: 'Catalog_ЕдиницыИзмерения',
	vatRates: 'Catalog_СтавкиНДС',
	orderStates: 'Catalog_СостоянияЗаказовПокупателей',
	orderKinds: 'Catalog_ВидыЗаказовПокупателей',
	units: 'Catalog_СтруктурныеЕдиницы',
	priceKinds: 'Catalog_ВидыЦен',
	orders: 'Document_ЗаказПокупателя',
	invoices: 'Document_СчетНаОплату',
	sales: 'Document_РасходнаяНакладная',
	bankReceipts: 'Document_ПоступлениеНаСчет',
	cashReceipts: 'Document_ПоступлениеВКассу',
	payments: 'AccumulationRegister_ОплатаСчетовИЗаказов',
	ordersRegister: 'AccumulationRegister_ЗаказыПокупателей',
	settlements: 'AccumulationRegister_РасчетыСПокупателями',
	receipts: 'Document_ПриходнаяНакладная',
	stock: 'AccumulationRegister_Запасы',
};

const POST = unfPosting(UNF);

/** Order states seen in real УНФ bases (research §5.6); «Завершен» is the predefined one. */
export const UNF_ORDER_STATES = ['Открыт', 'Предзаказ', 'В работе', 'Завершен'];

const document = (name: string, synonym: string, o: Omit<DocumentDef, 'kind' | 'name' | 'numberLength' | 'numberPrefix' | 'synonym'>): DocumentDef => ({
	kind: 'Document',
	name,
	synonym,
	numberLength: 11,
	// «НФНФ-000022» (UNF-TMS): organisation prefix + base prefix
	numberPrefix: 'НФНФ-',
	...o,
});

/** `Запасы` rows as written live (UNF-TMS). */
const stockRows = (extra: Attribute[] = []): Attribute[] => [
	int64('КлючСвязи'),
	bool('ТипНоменклатурыЗапас'),
	comp('Номенклатура', UNF.products),
	comp('ЕдиницаИзмерения', UNITS, UNF.productUnits),
	num('Количество', 15, 3),
	num('Цена'),
	num('Сумма'),
	num('ПроцентСкидкиНаценки', 5, 2),
	num('СуммаСкидкиНаценки'),
	num('ПроцентАвтоматическойСкидки', 5, 2),
	num('СуммаАвтоматическойСкидки'),
	num('Всего'),
	ref('СтавкаНДС', UNF.vatRates),
	num('СуммаНДС'),
	...extra,
];

const salesHeader = (): Attribute[] => [
	ref('Организация', UNF.organisations),
	ref('Контрагент', UNF.counterparties),
	ref('Договор', UNF.contracts),
	ref('ВидЦен', UNF.priceKinds),
	ref('ВалютаДокумента', CURRENCIES),
	withDefault(enm('НалогообложениеНДС', 'ТипыНалогообложенияНДС'), 'ОблагаетсяНДС'),
	withDefault(bool('СуммаВключаетНДС'), true),
	num('СуммаДокумента'),
];

const paymentDocument = (name: string, synonym: string, own: Attribute[]): DocumentDef =>
	document(name, synonym, {
		registerRecords: [UNF.payments, UNF.settlements],
		post: POST.payment,
		attributes: [
			withDefault(enm('ВидОперации', 'ВидыОперацийПоступлениеДенежныхСредств'), 'ОтПокупателя'),
			ref('Организация', UNF.organisations),
			ref('Контрагент', UNF.counterparties),
			...own,
			ref('ВалютаДенежныхСредств', CURRENCIES),
			num('СуммаДокумента'),
			comp('ДокументОснование', UNF.invoices, UNF.orders),
			ref('Ответственный', USERS),
			str('Комментарий'),
		],
		tabularSections: [
			section('РасшифровкаПлатежа', [
				ref('Договор', UNF.contracts),
				comp('Заказ', UNF.orders),
				comp('СчетНаОплату', UNF.invoices, UNF.orders),
				bool('ПризнакАванса'),
				num('СуммаПлатежа'),
				num('СуммаРасчетов'),
				ref('СтавкаНДС', UNF.vatRates),
				num('СуммаНДС'),
			]),
		],
	});

const order = document('ЗаказПокупателя', 'Заказ покупателя', {
	registerRecords: [UNF.payments, UNF.ordersRegister],
	post: POST.order,
	attributes: [
		withDefault(enm('ВидОперации', 'ВидыОперацийЗаказПокупателя'), 'ЗаказНаПродажу'),
		...salesHeader(),
		ref('СтруктурнаяЕдиницаПродажи', UNF.units),
		ref('СтруктурнаяЕдиницаРезерв', UNF.units),
		ref('ХозяйственнаяОперация', 'Catalog_ХозяйственныеОперации'),
		ref('ВидЗаказа', UNF.orderKinds),
		comp('СостояниеЗаказа', UNF.orderStates),
		date('ДатаОтгрузки'),
		ref('Ответственный', USERS),
		ref('Автор', USERS),
		str('Комментарий'),
	],
	tabularSections: [
		section('Запасы', stockRows([ref('СтруктурнаяЕдиницаРезерв', UNF.units)])),
		section('МатериалыЗаказчика', [comp('Номенклатура', UNF.products), comp('ЕдиницаИзмерения', UNITS, UNF.productUnits), num('Количество', 15, 3)]),
		additionalAttributes(),
	],
});

const invoice = document('СчетНаОплату', 'Счет на оплату', {
	registerRecords: [UNF.payments],
	post: POST.invoice,
	attributes: [...salesHeader(), comp('ДокументОснование', UNF.orders), ref('БанковскийСчет', UNF.bankAccounts), date('СрокОплаты'), ref('Ответственный', USERS), str('Комментарий')],
	tabularSections: [section('Запасы', stockRows()), additionalAttributes()],
});

const sale = document('РасходнаяНакладная', 'Расходная накладная', {
	registerRecords: [UNF.settlements, UNF.ordersRegister, UNF.stock],
	post: POST.sale,
	attributes: [
		withDefault(enm('ВидОперации', 'ВидыОперацийРасходнаяНакладная'), 'ПродажаПокупателю'),
		...salesHeader(),
		ref('СтруктурнаяЕдиница', UNF.units),
		comp('Заказ', UNF.orders),
		comp('ДокументОснование', UNF.orders, UNF.invoices),
		ref('Ответственный', USERS),
		str('Комментарий'),
	],
	tabularSections: [section('Запасы', stockRows([comp('Заказ', UNF.orders)])), additionalAttributes()],
});

/**
 * ASSUMPTION (the real УНФ document, fields reduced; order UNVERIFIED): goods received from a
 * supplier into a structural unit; posts a Receipt into `Запасы` (./posting-unf.ts).
 */
const receipt = document('ПриходнаяНакладная', 'Приходная накладная', {
	registerRecords: [UNF.stock],
	post: POST.receipt,
	attributes: [
		ref('Организация', UNF.organisations),
		ref('Контрагент', UNF.counterparties),
		ref('Договор', UNF.contracts),
		ref('СтруктурнаяЕдиница', UNF.units),
		ref('ВалютаДокумента', CURRENCIES),
		withDefault(bool('СуммаВключаетНДС'), true),
		num('СуммаДокумента'),
		ref('Ответственный', USERS),
		str('Комментарий'),
	],
	tabularSections: [section('Запасы', stockRows())],
});

export const UNF_CONFIG: Configuration = {
	id: 'unf',
	title: 'Управление нашей фирмой',
	version: '3.0',
	objects: [
		...bspCatalogs(),
		banks(),
		additionalAttributesChart(),
		organisations(UNF.bankAccounts),
		catalog('Контрагенты', {
			hierarchical: true,
			attributes: [
				str('НаименованиеПолное'),
				withDefault(enm('ВидКонтрагента', 'ВидыКонтрагентов'), 'ЮридическоеЛицо'),
				withDefault(enm('ЮридическоеФизическоеЛицо', 'ЮридическоеФизическоеЛицо'), 'ЮридическоеЛицо'),
				str('ИНН', 12),
				str('КПП', 9),
				str('РегистрационныйНомер', 15),
				str('КодПоОКПО', 10),
				ref('СтранаРегистрации', COUNTRIES),
				bool('Покупатель'),
				bool('Поставщик'),
				bool('ПрочиеОтношения'),
				ref('БанковскийСчетПоУмолчанию', UNF.bankAccounts),
				ref('ДоговорПоУмолчанию', UNF.contracts),
				ref('ВалютаРасчетовПоУмолчанию', CURRENCIES),
				ref('Ответственный', USERS),
				date('ДатаСоздания'),
				str('Комментарий'),
			],
			tabularSections: [contactInformation('counterparty'), additionalAttributes()],
		}),
		catalog('КонтактныеЛица', {
			descriptionLength: 150,
			owners: [UNF.counterparties],
			attributes: [str('Должность', 100), date('ДатаРождения'), enm('Пол', 'ПолФизическогоЛица'), ref('Ответственный', USERS), str('Комментарий')],
			tabularSections: [contactInformation('person'), additionalAttributes()],
		}),
		catalog('БанковскиеСчета', {
			owners: [UNF.organisations, UNF.counterparties],
			attributes: [
				str('НомерСчета', 20),
				ref('Банк', UNF.banks),
				ref('БанкДляРасчетов', UNF.banks),
				withDefault(str('ВидСчета', 20), 'Расчетный'),
				ref('ВалютаДенежныхСредств', CURRENCIES),
				str('ТекстКорреспондента'),
				str('ТекстНазначения'),
			],
		}),
		catalog('ДоговорыКонтрагентов', {
			descriptionLength: 150,
			// composite owner as written live (`Owner` + `Owner_Type`); the second owner type is an assumption
			owners: [UNF.counterparties, UNF.organisations],
			attributes: [
				str('НомерДоговора', 50),
				date('ДатаДоговора'),
				withDefault(enm('ВидДоговора', 'ВидыДоговоровКонтрагентов'), 'СПокупателем'),
				ref('Организация', UNF.organisations),
				ref('ВалютаРасчетов', CURRENCIES),
				ref('ВидЦен', UNF.priceKinds),
				bool('ДоговорПодписан'),
				date('СрокДействия'),
				num('Сумма'),
				ref('Ответственный', USERS),
				str('Комментарий'),
			],
			tabularSections: [additionalAttributes()],
		}),
		catalog('Номенклатура', {
			codeLength: 11,
			hierarchical: true,
			attributes: [
				str('Артикул', 25),
				withDefault(enm('ТипНоменклатуры', 'ТипыНоменклатуры'), 'Запас'),
				str('НаименованиеПолное'),
				comp('ЕдиницаИзмерения', UNITS, UNF.productUnits),
				ref('СтавкаНДС', UNF.vatRates),
				ref('КатегорияНоменклатуры', 'Catalog_КатегорииНоменклатуры'),
				ref('Поставщик', UNF.counterparties),
				ref('СтранаПроисхождения', COUNTRIES),
				str('Комментарий'),
			],
			tabularSections: [additionalAttributes()],
		}),
		catalog('ЕдиницыИзмерения', { codeLength: 0, descriptionLength: 25, owners: [UNF.products], attributes: [num('Коэффициент', 10, 3)] }),
		vatRatesCatalog(),
		catalog('СостоянияЗаказовПокупателей', {
			codeLength: 0,
			descriptionLength: 50,
			attributes: [num('ПорядокСостояния', 5, 0)],
			predefined: [{ name: 'Завершен', fields: { Description: 'Завершен' } }],
		}),
		catalog('ВидыЗаказовПокупателей', {
			codeLength: 0,
			descriptionLength: 100,
			attributes: [bool('ИспользоватьСостояния'), str('Комментарий')],
			predefined: [{ name: 'Основной', fields: { Description: 'Основной' } }],
		}),
		catalog('СтруктурныеЕдиницы', {
			codeLength: 0,
			hierarchical: true,
			attributes: [withDefault(enm('ТипСтруктурнойЕдиницы', 'ТипыСтруктурныхЕдиниц'), 'Склад'), ref('Организация', UNF.organisations), ref('Ответственный', USERS)],
		}),
		stub('ВидыЦен', { codeLength: 0, attributes: [ref('ВалютаЦены', CURRENCIES), bool('ЦенаВключаетНДС')] }),
		stub('ХозяйственныеОперации', { codeLength: 0 }),
		stub('КатегорииНоменклатуры', { codeLength: 0, hierarchical: true }),
		stub('Кассы', { codeLength: 0, attributes: [ref('ВалютаПоУмолчанию', CURRENCIES), ref('Организация', UNF.organisations)] }),
		order,
		invoice,
		sale,
		receipt,
		paymentDocument('ПоступлениеНаСчет', 'Поступление на счет', [ref('БанковскийСчет', UNF.bankAccounts), ref('СчетКонтрагента', UNF.bankAccounts), str('НазначениеПлатежа', 210)]),
		paymentDocument('ПоступлениеВКассу', 'Поступление в кассу', [ref('Касса', 'Catalog_Кассы'), str('ПринятоОт'), str('Основание')]),
		{
			kind: 'AccumulationRegister',
			name: 'ОплатаСчетовИЗаказов',
			registerKind: 'turnovers',
			recorders: [UNF.invoices, UNF.orders, UNF.bankReceipts, UNF.cashReceipts],
			dimensions: [ref('Организация', UNF.organisations), comp('СчетНаОплату', UNF.invoices, UNF.orders)],
			resources: [num('Сумма'), num('СуммаОплаты'), num('СуммаАванса')],
			attributes: [],
		},
		{
			// ASSUMPTION (the real УНФ register, fields reduced): debt of buyers by document and order
			kind: 'AccumulationRegister',
			name: 'РасчетыСПокупателями',
			synonym: 'Расчеты с покупателями',
			registerKind: 'balance',
			recorders: [UNF.sales, UNF.bankReceipts, UNF.cashReceipts],
			dimensions: [
				ref('Организация', UNF.organisations),
				ref('Контрагент', UNF.counterparties),
				ref('Договор', UNF.contracts),
				comp('Документ', UNF.invoices, UNF.sales),
				comp('Заказ', UNF.orders),
			],
			resources: [num('Сумма')],
			attributes: [],
		},
		{
			kind: 'AccumulationRegister',
			name: 'ЗаказыПокупателей',
			registerKind: 'balance',
			recorders: [UNF.orders, UNF.sales],
			dimensions: [ref('Организация', UNF.organisations), ref('ЗаказПокупателя', UNF.orders), ref('Номенклатура', UNF.products)],
			resources: [num('Количество', 15, 3)],
			attributes: [],
		},
		{
			// ASSUMPTION (the real УНФ register, dimensions reduced — no batch, characteristic, cell):
			// stock by organisation, structural unit (warehouse) and product; quantity and cost
			kind: 'AccumulationRegister',
			name: 'Запасы',
			synonym: 'Запасы',
			registerKind: 'balance',
			recorders: [UNF.receipts, UNF.sales],
			dimensions: [ref('Организация', UNF.organisations), ref('СтруктурнаяЕдиница', UNF.units), ref('Номенклатура', UNF.products)],
			resources: [num('Количество', 15, 3), num('Сумма', 15, 2)],
			attributes: [],
		},
	],
	enums: [
		...commonEnums(),
		// UNF-TMS writes all three
		{ name: 'ВидыКонтрагентов', values: ['ЮридическоеЛицо', 'ФизическоеЛицо', 'ИндивидуальныйПредприниматель'] },
		{ name: 'ВидыДоговоровКонтрагентов', values: ['СПоставщиком', 'СПокупателем', 'СКомитентом', 'СКомиссионером', 'Прочее'] },
		// first values seen live (UNF-TMS); the rest UNVERIFIED
		{ name: 'ВидыОперацийЗаказПокупателя', values: ['ЗаказНаПродажу', 'ЗаказНаряд'] },
		{ name: 'ТипыНалогообложенияНДС', values: ['ОблагаетсяНДС', 'НеОблагаетсяНДС', 'ОблагаетсяНДСУПокупателя', 'НДСНеПлательщик'] },
		{ name: 'ТипыНоменклатуры', values: ['Запас', 'Услуга', 'Работа', 'Операция'] },
		{ name: 'ТипыСтруктурныхЕдиниц', values: ['Склад', 'Подразделение', 'Розница', 'РозницаСуммовойУчет'] },
		{ name: 'ВидыОперацийРасходнаяНакладная', values: ['ПродажаПокупателю', 'ПередачаНаКомиссию', 'ВозвратПоставщику'] },
		{ name: 'ВидыОперацийПоступлениеДенежныхСредств', values: ['ОтПокупателя', 'ОтПоставщика', 'Прочее'] },
	],
	roles: {
		organisation: UNF.organisations,
		counterparty: UNF.counterparties,
		contactPerson: UNF.contactPersons,
		bankAccount: UNF.bankAccounts,
		bank: UNF.banks,
		contract: UNF.contracts,
		product: UNF.products,
		unit: UNITS,
		vatRate: UNF.vatRates,
		warehouse: UNF.units,
		user: USERS,
		invoice: UNF.invoices,
		order: UNF.orders,
		orderState: UNF.orderStates,
		orderKind: UNF.orderKinds,
		sale: UNF.sales,
		paymentBank: UNF.bankReceipts,
		paymentCash: UNF.cashReceipts,
		paymentsRegister: UNF.payments,
		settlementsRegister: UNF.settlements,
		purchase: UNF.receipts,
		stockRegister: UNF.stock,
		additionalAttributes: 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
	},
};

/**
 * УТ 11 documents. `Document_РеализацияТоваровУслуг` (+ `Товары`, `СкидкиНаценки`,
 * `ДополнительныеРеквизиты`, `РасшифровкаПлатежа`, `ЭтапыГрафикаОплаты`): the real names, types
 * and order of UTX, minus that base's extension fields (`пр_…`, `чд…`, `Xx_…`, `Б_…`, `СБ_…`) and
 * the sections not needed here. `Document_ЗаказКлиента`: the create body of a УТ 11 client (UTO,
 * research §5.6) — order UNVERIFIED. `СчетНаОплатуКлиенту` and the payment documents: UNVERIFIED
 * (names from research §5.7 / УТ conventions); the invoice has no goods table (it takes them from
 * its basis — assumption). Posting functions: ./posting-ut11.ts.
 */
import type { Attribute, DocumentDef } from '../model/types';
import { additionalAttributes, bool, comp, CURRENCIES, date, enm, INDIVIDUALS, int64, num, ref, section, str, USERS, withDefault } from './common';
import { utPosting } from './posting-ut11';
import { UT } from './ut11-catalogs';

const POST = utPosting(UT);

const qty = (name: string) => num(name, 15, 3);
const pct = (name: string) => num(name, 5, 2);

const document = (name: string, synonym: string, o: Omit<DocumentDef, 'kind' | 'name' | 'numberLength' | 'numberPrefix' | 'synonym'>): DocumentDef => ({
	kind: 'Document',
	name,
	synonym,
	numberLength: 11,
	// number prefix of the base (assumption: organisation prefix «УТ» + «00»)
	numberPrefix: 'УТ00-',
	...o,
});

const goods = section('Товары', [
	ref('Номенклатура', UT.products),
	ref('Характеристика', 'Catalog_ХарактеристикиНоменклатуры'),
	ref('Назначение', 'Catalog_Назначения'),
	ref('Упаковка', UT.packages),
	qty('КоличествоУпаковок'),
	qty('Количество'),
	ref('ВидЦены', 'Catalog_ВидыЦен'),
	num('Цена'),
	num('Сумма'),
	ref('СтавкаНДС', UT.vatRates),
	num('СуммаНДС'),
	num('СуммаСНДС'),
	int64('КодСтроки'),
	num('СуммаРучнойСкидки'),
	num('СуммаАвтоматическойСкидки'),
	pct('ПроцентРучнойСкидки'),
	pct('ПроцентАвтоматическойСкидки'),
	int64('КлючСвязи'),
	ref('Склад', UT.warehouses),
	num('СтатусУказанияСерий', 2, 0),
	num('СуммаВзаиморасчетов'),
	comp('ЗаказКлиента', UT.orders, 'Document_ЗаявкаНаВозвратТоваровОтКлиента'),
	int64('СрокПоставки'),
	str('ИдентификаторСтроки', 36),
	ref('Серия', 'Catalog_СерииНоменклатуры'),
	ref('АналитикаУчетаНоменклатуры', 'Catalog_КлючиАналитикиУчетаНоменклатуры'),
	ref('НоменклатураНабора', UT.products),
	ref('ХарактеристикаНабора', 'Catalog_ХарактеристикиНоменклатуры'),
	ref('АналитикаУчетаНаборов', 'Catalog_КлючиАналитикиУчетаНаборов'),
	ref('КодТНВЭД', 'Catalog_КлассификаторТНВЭД'),
	ref('ОбъектРасчетов', UT.settlementObjects),
	ref('Подразделение', 'Catalog_СтруктураПредприятия'),
	ref('НоменклатураПартнера', 'Catalog_НоменклатураПартнеров'),
	num('СуммаБонусныхБалловКСписанию'),
	num('СуммаБонусныхБалловКСписаниюВВалюте'),
	num('СуммаНачисленныхБонусныхБалловВВалюте'),
]);

const paymentBreakdown = (extra: Attribute[] = []) =>
	section('РасшифровкаПлатежа', [num('Сумма'), ref('ВалютаВзаиморасчетов', CURRENCIES), num('СуммаВзаиморасчетов'), ref('ОбъектРасчетов', UT.settlementObjects), ...extra]);

const paymentSchedule = section('ЭтапыГрафикаОплаты', [
	comp('Заказ', UT.orders, UT.sales),
	bool('СверхЗаказа'),
	str('ВариантОплаты'),
	date('ДатаПлатежа'),
	int64('Сдвиг'),
	num('СуммаПлатежа'),
	pct('ПроцентПлатежа'),
	num('СуммаЗалогаЗаТару'),
	pct('ПроцентЗалогаЗаТару'),
	num('СуммаВзаиморасчетов'),
	num('СуммаВзаиморасчетовПоТаре'),
	ref('ОбъектРасчетов', UT.settlementObjects),
	str('ВариантОтсчета'),
]);

export const utSale = document('РеализацияТоваровУслуг', 'Реализация товаров и услуг', {
	registerRecords: [UT.settlements, UT.toShip, UT.stock],
	post: POST.sale,
	attributes: [
		str('АдресДоставки'),
		ref('БанковскийСчетОрганизации', UT.organisationAccounts),
		ref('БанковскийСчетКонтрагента', UT.bankAccounts),
		ref('БанковскийСчетГрузоотправителя', UT.bankAccounts),
		ref('БанковскийСчетГрузополучателя', UT.bankAccounts),
		ref('Валюта', CURRENCIES),
		ref('ВалютаВзаиморасчетов', CURRENCIES),
		ref('Грузоотправитель', UT.counterparties),
		ref('Грузополучатель', UT.counterparties),
		str('ДоверенностьВыдана'),
		date('ДоверенностьДата'),
		str('ДоверенностьЛицо'),
		str('ДоверенностьНомер', 30),
		comp('ЗаказКлиента', UT.orders, 'Document_ЗаявкаНаВозвратТоваровОтКлиента'),
		ref('Организация', UT.organisations),
		ref('Контрагент', UT.counterparties),
		ref('Менеджер', USERS),
		withDefault(str('НалогообложениеНДС'), 'ПродажаОблагаемаяНДС'),
		num('СуммаДокумента'),
		ref('Партнер', UT.partners),
		ref('Подразделение', 'Catalog_СтруктураПредприятия'),
		ref('Сделка', 'Catalog_СделкиСКлиентами'),
		bool('СкидкиРассчитаны'),
		ref('Склад', UT.warehouses),
		bool('Согласован'),
		ref('Соглашение', UT.agreements),
		num('СуммаВзаиморасчетов'),
		str('Комментарий'),
		str('ФормаОплаты'),
		withDefault(enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'), 'РеализацияКлиенту'),
		withDefault(bool('ЦенаВключаетНДС'), true),
		ref('Касса', 'Catalog_Кассы'),
		ref('Отпустил', INDIVIDUALS),
		str('ОтпустилДолжность'),
		bool('РеализацияПоЗаказам'),
		ref('ГруппаФинансовогоУчета', 'Catalog_ГруппыФинансовогоУчетаРасчетов'),
		ref('КартаЛояльности', 'Catalog_КартыЛояльности'),
		ref('Договор', UT.contracts),
		str('Основание'),
		// an enum (СтатусыРеализацийТоваровУслуг) whose values are not sourced
		str('Статус'),
		ref('Автор', USERS),
		str('СпособДоставки'),
		ref('ЗонаДоставки', 'Catalog_ЗоныДоставки'),
		str('АдресДоставкиЗначенияПолей'),
		ref('ПеревозчикПартнер', UT.partners),
		date('ВремяДоставкиС'),
		date('ВремяДоставкиПо'),
		str('АдресДоставкиПеревозчика'),
		str('АдресДоставкиПеревозчикаЗначенияПолей'),
		str('ДополнительнаяИнформацияПоДоставке'),
		ref('КонтактноеЛицо', UT.contactPersons),
		ref('Руководитель', 'Catalog_ОтветственныеЛицаОрганизаций'),
		ref('ГлавныйБухгалтер', 'Catalog_ОтветственныеЛицаОрганизаций'),
		str('ПорядокРасчетов'),
		bool('ВернутьМногооборотнуюТару'),
		date('ДатаВозвратаМногооборотнойТары'),
		str('СостояниеЗаполненияМногооборотнойТары'),
		bool('ВидыЗапасовУказаныВручную'),
		bool('ТребуетсяЗалогЗаТару'),
		date('ОснованиеДата'),
		str('ОснованиеНомер'),
		comp('ДопоставкаПоРеализации', UT.sales),
		date('ДатаПереходаПраваСобственности'),
		str('ВариантОформленияПродажи'),
		str('ИдентификаторПлатежа'),
		bool('ОсобыеУсловияПеревозки'),
		str('ОсобыеУсловияПеревозкиОписание'),
		ref('НаправлениеДеятельности', 'Catalog_НаправленияДеятельности'),
		num('КурсЧислитель', 10, 4),
		num('КурсЗнаменатель', 10, 4),
		bool('ЕстьМаркируемаяПродукцияГИСМ'),
		num('СуммаВзаиморасчетовПоТаре'),
		bool('ОплатаВВалюте'),
		ref('Курьер', INDIVIDUALS),
		ref('Сборщик', INDIVIDUALS),
		str('АдресДоставкиЗначение'),
		str('АдресДоставкиПеревозчикаЗначение'),
		str('ВариантВыбытияМаркируемойПродукции'),
		ref('КлиентКонтрагент', UT.counterparties),
		ref('КлиентПартнер', UT.partners),
		ref('КлиентДоговор', UT.contracts),
		str('ЭтапГосконтрактаЕИС'),
		ref('ОбъектРасчетовУпр', UT.settlementObjects),
		ref('ГрафикОплаты', 'Catalog_ГрафикиОплаты'),
		str('СопроводительныеДокументы'),
		str('СведенияОТранспортировкеИГрузе'),
		str('КодСпециальныхОбстоятельств'),
	],
	tabularSections: [
		goods,
		section('СкидкиНаценки', [int64('КлючСвязи'), ref('СкидкаНаценка', 'Catalog_СкидкиНаценки'), num('Сумма'), bool('НапомнитьПозже')]),
		additionalAttributes(),
		paymentBreakdown(),
		paymentSchedule,
	],
});

export const utOrder = document('ЗаказКлиента', 'Заказ клиента', {
	registerRecords: [UT.paymentPlan, UT.toShip],
	post: POST.order,
	attributes: [
		withDefault(enm('Статус', 'СтатусыЗаказовКлиентов'), 'НеСогласован'),
		withDefault(enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'), 'РеализацияКлиенту'),
		ref('Организация', UT.organisations),
		ref('Партнер', UT.partners),
		ref('Контрагент', UT.counterparties),
		ref('Соглашение', UT.agreements),
		ref('Договор', UT.contracts),
		ref('Склад', UT.warehouses),
		ref('Валюта', CURRENCIES),
		withDefault(bool('ЦенаВключаетНДС'), true),
		bool('Согласован'),
		date('ЖелаемаяДатаОтгрузки'),
		date('ДатаОтгрузки'),
		comp('ДокументОснование', UT.invoices),
		num('СуммаДокумента'),
		ref('Менеджер', USERS),
		ref('Автор', USERS),
		str('Комментарий'),
	],
	tabularSections: [
		section('Товары', [
			ref('Номенклатура', UT.products),
			ref('Характеристика', 'Catalog_ХарактеристикиНоменклатуры'),
			ref('Упаковка', UT.packages),
			qty('КоличествоУпаковок'),
			qty('Количество'),
			ref('ВидЦены', 'Catalog_ВидыЦен'),
			num('Цена'),
			num('Сумма'),
			ref('СтавкаНДС', UT.vatRates),
			num('СуммаНДС'),
			num('СуммаСНДС'),
			pct('ПроцентРучнойСкидки'),
			num('СуммаРучнойСкидки'),
			ref('Склад', UT.warehouses),
			withDefault(str('ВариантОбеспечения'), 'Отгрузить'),
			date('ДатаОтгрузки'),
			int64('КодСтроки'),
			bool('Отменено'),
		]),
		additionalAttributes(),
		paymentSchedule,
	],
});

export const utInvoice = document('СчетНаОплатуКлиенту', 'Счет на оплату клиенту', {
	registerRecords: [UT.paymentPlan],
	post: POST.invoice,
	attributes: [
		ref('Организация', UT.organisations),
		ref('Партнер', UT.partners),
		ref('Контрагент', UT.counterparties),
		ref('Договор', UT.contracts),
		ref('Соглашение', UT.agreements),
		ref('Валюта', CURRENCIES),
		num('СуммаДокумента'),
		comp('ДокументОснование', UT.orders, UT.sales),
		ref('БанковскийСчет', UT.organisationAccounts),
		ref('Менеджер', USERS),
		str('Комментарий'),
	],
	tabularSections: [paymentSchedule, additionalAttributes()],
});

const paymentHeader = (): Attribute[] => [
	withDefault(enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'), 'ПоступлениеОплатыОтКлиента'),
	ref('Организация', UT.organisations),
	ref('Контрагент', UT.counterparties),
	ref('Валюта', CURRENCIES),
	num('СуммаДокумента'),
];

export const utBankReceipt = document('ПоступлениеБезналичныхДенежныхСредств', 'Поступление безналичных ДС', {
	registerRecords: [UT.settlements, UT.cashless],
	post: POST.bankPayment,
	attributes: [
		...paymentHeader(),
		ref('БанковскийСчет', UT.organisationAccounts),
		ref('БанковскийСчетКонтрагента', UT.bankAccounts),
		str('НазначениеПлатежа', 210),
		str('НомерВходящегоДокумента', 30),
		date('ДатаВходящегоДокумента'),
		ref('Ответственный', USERS),
		str('Комментарий'),
	],
	tabularSections: [paymentBreakdown([ref('Партнер', UT.partners), comp('Заказ', UT.orders, UT.invoices), ref('СтатьяДвиженияДенежныхСредств', 'Catalog_СтатьиДвиженияДенежныхСредств')])],
});

export const utCashReceipt = document('ПриходныйКассовыйОрдер', 'Приходный кассовый ордер', {
	registerRecords: [UT.settlements],
	post: POST.cashPayment,
	attributes: [...paymentHeader(), ref('Касса', 'Catalog_Кассы'), str('ПринятоОт'), str('Основание'), str('Приложение'), ref('Кассир', USERS), str('Комментарий')],
	tabularSections: [paymentBreakdown([ref('Партнер', UT.partners), comp('Заказ', UT.orders, UT.invoices), ref('СтатьяДвиженияДенежныхСредств', 'Catalog_СтатьиДвиженияДенежныхСредств')])],
});

/**
 * ASSUMPTION (the real УТ document, fields reduced; order UNVERIFIED): goods bought from a supplier
 * into a warehouse; posts a Receipt `ВНаличии` into `ТоварыНаСкладах` (./posting-ut11.ts).
 */
export const utPurchase = document('ПриобретениеТоваровУслуг', 'Приобретение товаров и услуг', {
	registerRecords: [UT.stock],
	post: POST.purchase,
	attributes: [
		withDefault(enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'), 'ЗакупкаУПоставщика'),
		ref('Организация', UT.organisations),
		ref('Партнер', UT.partners),
		ref('Контрагент', UT.counterparties),
		ref('Договор', UT.contracts),
		ref('Склад', UT.warehouses),
		ref('Валюта', CURRENCIES),
		withDefault(bool('ЦенаВключаетНДС'), true),
		num('СуммаДокумента'),
		str('НомерВходящегоДокумента', 30),
		date('ДатаВходящегоДокумента'),
		ref('Менеджер', USERS),
		str('Комментарий'),
	],
	tabularSections: [
		section('Товары', [
			ref('Номенклатура', UT.products),
			ref('Характеристика', 'Catalog_ХарактеристикиНоменклатуры'),
			ref('Упаковка', UT.packages),
			qty('КоличествоУпаковок'),
			qty('Количество'),
			num('Цена'),
			num('Сумма'),
			ref('СтавкаНДС', UT.vatRates),
			num('СуммаНДС'),
			num('СуммаСНДС'),
			ref('Склад', UT.warehouses),
		]),
	],
});

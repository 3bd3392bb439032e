/**
 * Objects the datareducer captures of the 1C ERP 2.0 demo base query (DR, 2016 —
 * fixtures/1c/datareducer-erp2-demo-atom), with exactly the fields of those captures and of its
 * `metadata.xml`, so contract tests can replay them against the УТ 11 base (УТ shares these
 * objects with ERP): `Catalog_БанковскиеСчетаОрганизаций`, `Catalog_Организации` (+ its
 * `КонтактнаяИнформация` set), `AccumulationRegister_ПартииТоваровПереданныеНаКомиссию`,
 * `AccumulationRegister_ТоварыКОтгрузке`, `AccumulationRegister_ДенежныеСредстваБезналичные`,
 * `AccountingRegister_Хозрасчетный`; plus the catalogs their references point at (stubs).
 * `ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения` lives in ./common.ts.
 * Register kinds: all balance registers (the captures have `RecordType` and Receipt/Expense);
 * recorder document lists are assumptions (only their count matters: several → `Recorder` +
 * `Recorder_Type`, as DR shows).
 */
import type { AccountingRegisterDef, AccumulationRegisterDef, CatalogDef, DocumentDef } from '../model/types';
import { ACCOUNTS, additionalAttributes, bool, catalog, comp, contactInformation, COUNTRIES, CURRENCIES, date, enm, INDIVIDUALS, num, ref, str, stub } from './common';
import { UT } from './ut11-catalogs';

const qty = (name: string) => num(name, 15, 3);

/** DR `Catalog_Организации`, a subset of its 77 fields in DR order. */
function organisations(): CatalogDef {
	return catalog('Организации', {
		codeLength: 0,
		descriptionLength: 100,
		attributes: [
			ref('ГоловнаяОрганизация', UT.organisations),
			str('ИНН', 12),
			ref('ИндивидуальныйПредприниматель', INDIVIDUALS),
			str('КодНалоговогоОргана', 4),
			date('ДатаРегистрации'),
			str('КодПоОКПО', 10),
			str('НаименованиеПолное'),
			str('НаименованиеСокращенное'),
			bool('ОбособленноеПодразделение'),
			str('ОГРН', 15),
			str('КПП', 9),
			str('Префикс', 2),
			ref('СтранаРегистрации', COUNTRIES),
			enm('ЮрФизЛицо', 'ЮрФизЛицо'),
			enm('ЮридическоеФизическоеЛицо', 'ЮридическоеФизическоеЛицо'),
		],
		tabularSections: [contactInformation('organisation'), additionalAttributes()],
	});
}

/** DR `Catalog_БанковскиеСчетаОрганизаций` — every field, DR order (Atom `Catalog.xml`). */
function organisationAccounts(): CatalogDef {
	const details = (s: string) => [
		str(`БИКБанка${s}`, 9),
		bool(`РучноеИзменениеРеквизитовБанка${s}`),
		str(`НаименованиеБанка${s}`, 100),
		str(`КоррСчетБанка${s}`, 20),
		str(`ГородБанка${s}`, 50),
		str(`АдресБанка${s}`, 500),
		str(`ТелефоныБанка${s}`, 100),
	];
	return catalog('БанковскиеСчетаОрганизаций', {
		codeLength: 0,
		descriptionLength: 100,
		owners: [UT.organisations],
		attributes: [
			ref('ВалютаДенежныхСредств', CURRENCIES),
			str('НомерСчета', 20),
			ref('Банк', UT.banks),
			ref('БанкДляРасчетов', UT.banks),
			str('ТекстКорреспондента'),
			str('ТекстНазначения'),
			str('ВариантВыводаМесяца'),
			bool('ВыводитьСуммуБезКопеек'),
			num('СрокИсполненияПлатежа', 2, 0),
			bool('ИспользоватьОбменСБанком'),
			str('Программа', 100),
			str('Кодировка'),
			str('ФайлЗагрузки'),
			str('ФайлВыгрузки'),
			bool('РазрешитьПлатежиБезУказанияЗаявок'),
			ref('Подразделение', 'Catalog_СтруктураПредприятия'),
			...details(''),
			...details('ДляРасчетов'),
			ref('ГруппаФинансовогоУчета', 'Catalog_ГруппыФинансовогоУчетаДенежныхСредств'),
			bool('ИспользоватьПрямойОбменСБанком'),
			bool('ОбменСБанкомВключен'),
			ref('СчетУчета', ACCOUNTS),
			str('СВИФТБанка', 11),
			str('СВИФТБанкаДляРасчетов', 11),
			bool('ИностранныйБанк'),
			str('СчетВБанкеДляРасчетов', 34),
			bool('Закрыт'),
			bool('ОтдельныйСчетГОЗ'),
			ref('ГосударственныйКонтракт', 'Catalog_ГосударственныеКонтракты'),
			ref('НаправлениеДеятельности', 'Catalog_НаправленияДеятельности'),
		],
		tabularSections: [additionalAttributes()],
	});
}

const commissionLots: AccumulationRegisterDef = {
	kind: 'AccumulationRegister',
	name: 'ПартииТоваровПереданныеНаКомиссию',
	registerKind: 'balance',
	recorders: [UT.sales, 'Document_ОтчетКомиссионера', 'Document_ВозвратТоваровОтКомиссионера'],
	dimensions: [
		ref('Организация', UT.organisations),
		ref('АналитикаУчетаНоменклатуры', 'Catalog_КлючиАналитикиУчетаНоменклатуры'),
		comp('ДокументПоступления', 'Document_ПриобретениеТоваровУслуг', 'Document_ОприходованиеИзлишковТоваров'),
		ref('ВидЗапасов', 'Catalog_ВидыЗапасов'),
		ref('АналитикаУчетаПартий', 'Catalog_КлючиАналитикиУчетаПартий'),
		comp('ДокументПередачиНаКомиссию', UT.sales, 'Document_ПередачаТоваровМеждуОрганизациями'),
	],
	resources: [num('Количество', 15, 3), num('Стоимость'), num('СтоимостьБезНДС'), num('СтоимостьРегл'), num('НДСРегл'), num('ПостояннаяРазница'), num('ВременнаяРазница')],
	attributes: [
		ref('Номенклатура', UT.products),
		ref('Характеристика', 'Catalog_ХарактеристикиНоменклатуры'),
		str('НалогообложениеНДС'),
		enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'),
		ref('КорАналитикаУчетаНоменклатуры', 'Catalog_КлючиАналитикиУчетаНоменклатуры'),
	],
};

const toShip: AccumulationRegisterDef = {
	kind: 'AccumulationRegister',
	name: 'ТоварыКОтгрузке',
	registerKind: 'balance',
	recorders: [UT.orders, UT.sales],
	dimensions: [
		comp('ДокументОтгрузки', UT.orders, UT.sales),
		ref('Номенклатура', UT.products),
		ref('Характеристика', 'Catalog_ХарактеристикиНоменклатуры'),
		ref('Назначение', 'Catalog_Назначения'),
		ref('Склад', UT.warehouses),
		ref('Серия', 'Catalog_СерииНоменклатуры'),
		comp('Получатель', UT.partners, UT.warehouses),
	],
	resources: [qty('ВРезерве'), qty('КОтгрузке'), qty('КОформлению'), qty('КСборке'), qty('Собирается'), qty('Собрано')],
	attributes: [ref('ЗаданиеНаПеревозку', 'Document_ЗаданиеНаПеревозку')],
};

const cashless: AccumulationRegisterDef = {
	kind: 'AccumulationRegister',
	name: 'ДенежныеСредстваБезналичные',
	registerKind: 'balance',
	recorders: [UT.bankReceipts, 'Document_СписаниеБезналичныхДенежныхСредств'],
	dimensions: [ref('Организация', UT.organisations), ref('БанковскийСчет', UT.organisationAccounts)],
	resources: [num('Сумма'), num('СуммаУпр'), num('СуммаРегл'), num('КЗачислению'), num('КСписанию')],
	attributes: [
		enm('ХозяйственнаяОперация', 'ХозяйственныеОперации'),
		ref('СтатьяДвиженияДенежныхСредств', 'Catalog_СтатьиДвиженияДенежныхСредств'),
		ref('ТипПлатежаФЗ275', 'Catalog_ТипыПлатежейФЗ275'),
		ref('АналитикаУчетаПоПартнерам', UT.partnerKeys),
		comp('Заказ', UT.orders, 'Document_ЗаказПоставщику'),
		comp('ПлатежныйДокумент', UT.bankReceipts, 'Document_СписаниеБезналичныхДенежныхСредств'),
		ref('СтатьяКалькуляции', 'Catalog_СтатьиКалькуляции'),
	],
};

const ledger: AccountingRegisterDef = {
	kind: 'AccountingRegister',
	name: 'Хозрасчетный',
	chartOfAccounts: ACCOUNTS,
	recorders: [UT.sales, UT.bankReceipts, UT.cashReceipts],
	dimensions: [
		ref('Организация', UT.organisations),
		ref('Валюта', CURRENCIES),
		ref('Подразделение', 'Catalog_СтруктураПредприятия'),
		ref('НаправлениеДеятельности', 'Catalog_НаправленияДеятельности'),
	],
	resources: [num('Сумма'), num('ВалютнаяСумма'), qty('Количество'), num('СуммаНУ'), num('СуммаПР'), num('СуммаВР')],
	attributes: [str('Содержание', 150), bool('НеКорректироватьСтоимостьАвтоматически')],
	extDimensions: 3,
	nonBalance: ['Валюта', 'Подразделение', 'НаправлениеДеятельности', 'ВалютнаяСумма', 'Количество', 'СуммаНУ', 'СуммаПР', 'СуммаВР'],
};

const stubDocument = (name: string): DocumentDef => ({ kind: 'Document', name, numberLength: 11, attributes: [] });

export function erpObjects(): Array<CatalogDef | DocumentDef | AccumulationRegisterDef | AccountingRegisterDef> {
	return [
		organisations(),
		organisationAccounts(),
		stub('КлючиАналитикиУчетаНоменклатуры', { codeLength: 0, attributes: [ref('Номенклатура', UT.products), ref('Склад', UT.warehouses)] }),
		stub('ВидыЗапасов', { codeLength: 0 }),
		stub('КлючиАналитикиУчетаПартий', { codeLength: 0 }),
		stub('ГруппыФинансовогоУчетаДенежныхСредств', { codeLength: 0 }),
		stub('ТипыПлатежейФЗ275', { codeLength: 0 }),
		stub('СтатьиКалькуляции', { codeLength: 0 }),
		stubDocument('ЗаданиеНаПеревозку'),
		commissionLots,
		toShip,
		cashless,
		ledger,
	];
}

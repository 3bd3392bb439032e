/**
 * Attribute builders and the pieces every typical configuration shares (БСП — «Библиотека
 * стандартных подсистем»): additional attributes, contact information, currencies, units, banks,
 * users, individuals, countries, the accounting chart. Field lists come from the real captures
 * (UTX = УТ 11 `$metadata` excerpt, DR = 2016 ERP demo, BPC = БП 3.0 JSON); everything else is
 * marked UNVERIFIED where declared.
 */
import type { Attribute, CatalogDef, ChartOfAccountsDef, ChartOfCharacteristicTypesDef, EnumDef, TabularSection } from '../model/types';

// ── attribute builders ───────────────────────────────────────────────────────

export const str = (name: string, length = 0): Attribute => ({ name, type: { kind: 'string', length } });
/** Число(digits, scale); default Число(15, 2) — money. */
export const num = (name: string, digits = 15, scale = 2): Attribute => ({ name, type: { kind: 'number', digits, scale } });
/** An integer shown as Edm.Int64 (≥10 digits) — e.g. `КодСтроки`, `СрокОплаты` ("0" as a JSON string). */
export const int64 = (name: string): Attribute => num(name, 10, 0);
export const bool = (name: string): Attribute => ({ name, type: { kind: 'boolean' } });
export const date = (name: string): Attribute => ({ name, type: { kind: 'date' } });
export const uuid = (name: string): Attribute => ({ name, type: { kind: 'uuid' } });
export const ref = (name: string, target: string): Attribute => ({ name, type: { kind: 'ref', target } });
export const enm = (name: string, enumName: string): Attribute => ({ name, type: { kind: 'enum', enum: enumName } });
/** Composite: entity sets, `Enum:<name>`, `String`, `Number`, `Boolean`, `Date`. */
export const comp = (name: string, ...types: string[]): Attribute => ({ name, type: { kind: 'composite', types } });
export const withDefault = (a: Attribute, value: unknown): Attribute => ({ ...a, default: value });
export const section = (name: string, attributes: Attribute[]): TabularSection => ({ name, attributes });

export function catalog(name: string, o: Partial<Omit<CatalogDef, 'kind' | 'name'>> = {}): CatalogDef {
	return { kind: 'Catalog', name, codeLength: 9, descriptionLength: 100, attributes: [], ...o };
}

/** A catalog that only exists as a reference target (navigation + `$expand`), fields not modelled. */
export const stub = (name: string, o: Partial<Omit<CatalogDef, 'kind' | 'name'>> = {}): CatalogDef => catalog(name, o);

// ── well-known entity sets ───────────────────────────────────────────────────

export const ADDITIONAL_ATTRIBUTES = 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения';
export const PROPERTY_VALUES = 'Catalog_ЗначенияСвойствОбъектов';
export const PROPERTY_SETS = 'Catalog_НаборыДополнительныхРеквизитовИСведений';
export const CONTACT_KINDS = 'Catalog_ВидыКонтактнойИнформации';
export const CURRENCIES = 'Catalog_Валюты';
export const UNITS = 'Catalog_КлассификаторЕдиницИзмерения';
export const USERS = 'Catalog_Пользователи';
export const INDIVIDUALS = 'Catalog_ФизическиеЛица';
export const COUNTRIES = 'Catalog_СтраныМира';
export const ACCOUNTS = 'ChartOfAccounts_Хозрасчетный';
export const EXT_DIMENSION_TYPES = 'ChartOfCharacteristicTypes_ВидыСубконтоХозрасчетные';

// ── БСП tabular sections ─────────────────────────────────────────────────────

/** `ДополнительныеРеквизиты` (UTX): `Свойство_Key, Значение, ТекстоваяСтрока, Значение_Type`. */
export function additionalAttributes(): TabularSection {
	return section('ДополнительныеРеквизиты', [
		ref('Свойство', ADDITIONAL_ATTRIBUTES),
		comp('Значение', PROPERTY_VALUES, 'String', 'Number', 'Boolean', 'Date'),
		str('ТекстоваяСтрока'),
	]);
}

/**
 * `КонтактнаяИнформация` rows. Field order differs per owner in the real metadata:
 * `counterparty` = UTX `Catalog_Контрагенты`, `organisation` = DR `Catalog_Организации` (no
 * `Значение`), `person` = UTX `Catalog_ФизическиеЛица` (`Значение` after `Представление`, no
 * `ДействуетС`).
 */
export function contactInformation(variant: 'counterparty' | 'organisation' | 'person' = 'counterparty'): TabularSection {
	const head = [enm('Тип', 'ТипыКонтактнойИнформации'), ref('Вид', CONTACT_KINDS), str('Представление', 500)];
	const fields = [
		str('ЗначенияПолей'),
		str('Страна', 100),
		str('Регион', 50),
		str('Город', 50),
		str('АдресЭП', 100),
		str('ДоменноеИмяСервера', 100),
		str('НомерТелефона', 20),
		str('НомерТелефонаБезКодов', 20),
		ref('ВидДляСписка', CONTACT_KINDS),
	];
	if (variant === 'person') return section('КонтактнаяИнформация', [...head, str('Значение'), ...fields]);
	const tail = variant === 'counterparty' ? [date('ДействуетС'), str('Значение')] : [date('ДействуетС')];
	return section('КонтактнаяИнформация', [...head, ...fields, ...tail]);
}

// ── shared catalogs and charts ───────────────────────────────────────────────

/** `ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения` — fields and order of DR. */
export function additionalAttributesChart(): ChartOfCharacteristicTypesDef {
	return {
		kind: 'ChartOfCharacteristicTypes',
		name: 'ДополнительныеРеквизитыИСведения',
		codeLength: 0,
		descriptionLength: 150,
		attributes: [
			bool('Виден'),
			ref('ВладелецДополнительныхЗначений', ADDITIONAL_ATTRIBUTES),
			bool('ДополнительныеЗначенияИспользуются'),
			bool('ДополнительныеЗначенияСВесом'),
			bool('Доступен'),
			str('Заголовок', 150),
			str('ЗаголовокФормыВыбораЗначения', 150),
			str('ЗаголовокФормыЗначения', 150),
			bool('ЗаполнятьОбязательно'),
			str('Комментарий'),
			num('МногострочноеПолеВвода', 2, 0),
			ref('НаборСвойств', PROPERTY_SETS),
			str('Подсказка'),
			str('УдалитьСклоненияПредмета'),
			str('ФорматСвойства'),
			bool('ЭтоДополнительноеСведение'),
		],
		// rows UNVERIFIED (DR declares the section, not its RowType)
		tabularSections: [section('ЗависимостиДополнительныхРеквизитов', [str('ЗависимоеСвойство', 50), ref('РеквизитДопУпорядочивания', ADDITIONAL_ATTRIBUTES), comp('Значение', PROPERTY_VALUES, 'String', 'Number', 'Boolean', 'Date')])],
	};
}

export function bspCatalogs(): CatalogDef[] {
	return [
		// property sets and values: fields UNVERIFIED (БСП «Свойства»)
		catalog('НаборыДополнительныхРеквизитовИСведений', { codeLength: 0, descriptionLength: 150, hierarchical: true, attributes: [bool('Используется')] }),
		catalog('ЗначенияСвойствОбъектов', {
			codeLength: 0,
			descriptionLength: 150,
			hierarchical: true,
			owners: [ADDITIONAL_ATTRIBUTES],
			attributes: [num('Вес', 10, 2), str('ПолноеНаименование')],
		}),
		// contact kinds: predefined names UNVERIFIED (БП-style)
		catalog('ВидыКонтактнойИнформации', {
			codeLength: 0,
			descriptionLength: 100,
			hierarchical: true,
			attributes: [enm('Тип', 'ТипыКонтактнойИнформации'), bool('Используется'), bool('РазрешитьВводНесколькихЗначений')],
			predefined: [
				{ name: 'ТелефонКонтрагента', fields: { Description: 'Телефон', Тип: 'Телефон' } },
				{ name: 'EmailКонтрагента', fields: { Description: 'Адрес электронной почты', Тип: 'АдресЭлектроннойПочты' } },
				{ name: 'ЮрАдресКонтрагента', fields: { Description: 'Юридический адрес', Тип: 'Адрес' } },
				{ name: 'ФактАдресКонтрагента', fields: { Description: 'Фактический адрес', Тип: 'Адрес' } },
				{ name: 'ТелефонКонтактногоЛица', fields: { Description: 'Телефон', Тип: 'Телефон' } },
				{ name: 'EmailКонтактногоЛица', fields: { Description: 'Адрес электронной почты', Тип: 'АдресЭлектроннойПочты' } },
				{ name: 'ЮрАдресОрганизации', fields: { Description: 'Юридический адрес', Тип: 'Адрес' } },
				{ name: 'ТелефонОрганизации', fields: { Description: 'Телефон', Тип: 'Телефон' } },
				{ name: 'EmailОрганизации', fields: { Description: 'Адрес электронной почты', Тип: 'АдресЭлектроннойПочты' } },
				{ name: 'EmailПользователя', fields: { Description: 'Адрес электронной почты', Тип: 'АдресЭлектроннойПочты' } },
			],
		}),
		// UTX Catalog_Валюты (custom `Б_…` fields of that base left out)
		catalog('Валюты', {
			codeLength: 3,
			descriptionLength: 10,
			attributes: [
				bool('ЗагружаетсяИзИнтернета'),
				str('НаименованиеПолное', 50),
				num('Наценка', 10, 2),
				ref('ОсновнаяВалюта', CURRENCIES),
				str('ПараметрыПрописи', 200),
				str('ФормулаРасчетаКурса', 100),
				enm('СпособУстановкиКурса', 'СпособыУстановкиКурсаВалюты'),
			],
			tabularSections: [section('Представления', [str('КодЯзыка', 10), str('ПараметрыПрописи', 200)])],
		}),
		// ОКЕИ units (UNF-TMS uses it for row units); fields beyond Code/Description UNVERIFIED
		catalog('КлассификаторЕдиницИзмерения', { codeLength: 3, descriptionLength: 25, attributes: [str('НаименованиеПолное', 100), str('МеждународноеСокращение', 3)] }),
		// БСП users: fields UNVERIFIED
		catalog('Пользователи', {
			codeLength: 0,
			descriptionLength: 100,
			attributes: [bool('Недействителен'), bool('Служебный'), ref('ФизическоеЛицо', INDIVIDUALS), bool('Подготовлен'), uuid('ИдентификаторПользователяИБ'), str('Комментарий')],
			tabularSections: [contactInformation('person')],
		}),
		// UTX Catalog_ФизическиеЛица
		catalog('ФизическиеЛица', {
			codeLength: 0,
			descriptionLength: 100,
			hierarchical: true,
			attributes: [date('ДатаРождения'), enm('Пол', 'ПолФизическогоЛица'), str('ИНН', 12), ref('ГруппаДоступа', 'Catalog_ГруппыДоступаФизическихЛиц'), str('УточнениеНаименования', 100)],
			tabularSections: [contactInformation('person'), additionalAttributes()],
		}),
		// ОКСМ countries: fields UNVERIFIED
		catalog('СтраныМира', { codeLength: 3, descriptionLength: 100, attributes: [str('НаименованиеПолное', 200), str('КодАльфа2', 2), str('КодАльфа3', 3), bool('УчастникЕАЭС')] }),
		stub('Должности', { codeLength: 0 }),
	];
}

/** `Catalog_Организации` of БП/УНФ — DR field names in DR order (subset); UNVERIFIED for these configurations. */
export function organisations(bankAccounts: string): CatalogDef {
	return catalog('Организации', {
		codeLength: 9,
		descriptionLength: 100,
		attributes: [
			ref('ГоловнаяОрганизация', 'Catalog_Организации'),
			str('ИНН', 12),
			str('КодПоОКПО', 10),
			str('НаименованиеПолное'),
			str('НаименованиеСокращенное'),
			bool('ОбособленноеПодразделение'),
			str('ОГРН', 15),
			str('КПП', 9),
			str('Префикс', 2),
			enm('ЮридическоеФизическоеЛицо', 'ЮридическоеФизическоеЛицо'),
			ref('ОсновнойБанковскийСчет', bankAccounts),
		],
		tabularSections: [contactInformation('organisation'), additionalAttributes()],
	});
}

/**
 * `Catalog_СтавкиНДС` of УНФ / УТ 11 (rows refer to it as `СтавкаНДС_Key` — research §5.4). Fields
 * UNVERIFIED; predefined rates make seeding and lookup by rate possible.
 */
export function vatRatesCatalog(): CatalogDef {
	return catalog('СтавкиНДС', {
		codeLength: 0,
		descriptionLength: 50,
		attributes: [num('Ставка', 5, 2), bool('Расчетная'), bool('НеОблагается')],
		predefined: [
			{ name: 'БезНДС', fields: { Description: 'Без НДС', Ставка: 0, НеОблагается: true } },
			{ name: 'НДС0', fields: { Description: '0%', Ставка: 0 } },
			{ name: 'НДС10', fields: { Description: '10%', Ставка: 10 } },
			{ name: 'НДС20', fields: { Description: '20%', Ставка: 20 } },
			{ name: 'НДС22', fields: { Description: '22%', Ставка: 22 } },
			{ name: 'НДС10_110', fields: { Description: '10/110', Ставка: 10, Расчетная: true } },
			{ name: 'НДС20_120', fields: { Description: '20/120', Ставка: 20, Расчетная: true } },
			{ name: 'НДС22_122', fields: { Description: '22/122', Ставка: 22, Расчетная: true } },
		],
	});
}

/**
 * Banks. Code = БИК — УНФ clients look banks up «по БИК (поле Code)» and create them with
 * `{"Code", "Description", "КоррСчет"}` (UNF-TMS); `Город`, `Адрес`, `Телефоны` UNVERIFIED.
 * УТ 11/ERP call it `КлассификаторБанков` (assumption).
 */
export function banks(name = 'Банки'): CatalogDef {
	return catalog(name, { codeLength: 9, descriptionLength: 100, hierarchical: true, attributes: [str('КоррСчет', 20), str('Город', 50), str('Адрес', 500), str('Телефоны', 100), str('СВИФТБИК', 11)] });
}

/** Accounting chart + its extra-dimension kinds; OData shape of charts of accounts UNVERIFIED. */
export function accountingCharts(): Array<ChartOfAccountsDef | ChartOfCharacteristicTypesDef> {
	return [
		{ kind: 'ChartOfCharacteristicTypes', name: 'ВидыСубконтоХозрасчетные', codeLength: 9, descriptionLength: 100, attributes: [] },
		{
			kind: 'ChartOfAccounts',
			name: 'Хозрасчетный',
			codeLength: 8,
			descriptionLength: 120,
			extDimensionTypes: EXT_DIMENSION_TYPES,
			attributes: [bool('Валютный'), bool('Количественный'), bool('НалоговыйУчет')],
		},
	];
}

// ── shared enums ─────────────────────────────────────────────────────────────

export function commonEnums(): EnumDef[] {
	return [
		// БСП values; UNVERIFIED beyond the kinds seen in captures (Адрес, Телефон, АдресЭлектроннойПочты)
		{ name: 'ТипыКонтактнойИнформации', values: ['Адрес', 'Телефон', 'АдресЭлектроннойПочты', 'ВебСтраница', 'Факс', 'Skype', 'Другое'] },
		// BPC «ЮридическоеЛицо»; UNF-TMS writes both values
		{ name: 'ЮридическоеФизическоеЛицо', values: ['ЮридическоеЛицо', 'ФизическоеЛицо'] },
		// BPC «Мужской»
		{ name: 'ПолФизическогоЛица', values: ['Мужской', 'Женский'] },
		// values UNVERIFIED
		{ name: 'СпособыУстановкиКурсаВалюты', values: ['РучнойВвод', 'ЗагрузкаИзИнтернета', 'НаценкаНаКурсДругойВалюты', 'РасчетПоФормуле'] },
	];
}

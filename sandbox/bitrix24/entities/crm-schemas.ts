/** Field schemas of the old crm.* entities (what `crm.*.fields` describes and how values are typed). */
import type { FieldDef, Schema } from './common';

const f = (type: FieldDef['type'], title: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type, title, ...extra });
const ro = (type: FieldDef['type'], title: string): FieldDef => f(type, title, { isReadOnly: true });
const multi = (title: string): FieldDef => f('crm_multifield', title, { isMultiple: true });

const audit: Schema = {
	ASSIGNED_BY_ID: f('user', 'Ответственный'),
	CREATED_BY_ID: ro('user', 'Кем создана'),
	MODIFY_BY_ID: ro('user', 'Кем изменена'),
	DATE_CREATE: ro('datetime', 'Дата создания'),
	DATE_MODIFY: ro('datetime', 'Дата изменения'),
	OPENED: f('char', 'Доступна для всех'),
	COMMENTS: f('string', 'Комментарий'),
};

const origin: Schema = {
	ORIGINATOR_ID: f('string', 'Внешний источник'),
	ORIGIN_ID: f('string', 'Идентификатор элемента во внешнем источнике'),
};

const comms: Schema = {
	HAS_PHONE: ro('char', 'Задан телефон'),
	HAS_EMAIL: ro('char', 'Задан e-mail'),
	HAS_IMOL: ro('char', 'Задана открытая линия'),
	PHONE: multi('Телефон'),
	EMAIL: multi('E-mail'),
	WEB: multi('Сайт'),
	IM: multi('Мессенджер'),
};

export const COMPANY: Schema = {
	ID: ro('integer', 'ID'),
	TITLE: f('string', 'Название компании', { isRequired: true }),
	COMPANY_TYPE: f('crm_status', 'Тип компании', { statusType: 'COMPANY_TYPE' }),
	INDUSTRY: f('crm_status', 'Сфера деятельности', { statusType: 'INDUSTRY' }),
	EMPLOYEES: f('crm_status', 'Кол-во сотрудников', { statusType: 'EMPLOYEES' }),
	CURRENCY_ID: f('crm_currency', 'Валюта'),
	REVENUE: f('double', 'Годовой оборот'),
	IS_MY_COMPANY: f('char', 'Моя компания'),
	BANKING_DETAILS: f('string', 'Банковские реквизиты'),
	ADDRESS: f('string', 'Фактический адрес'),
	ADDRESS_CITY: f('string', 'Город'),
	ADDRESS_POSTAL_CODE: f('string', 'Почтовый индекс'),
	ADDRESS_REGION: f('string', 'Район'),
	ADDRESS_PROVINCE: f('string', 'Область'),
	ADDRESS_COUNTRY: f('string', 'Страна'),
	REG_ADDRESS: f('string', 'Юридический адрес'),
	LEAD_ID: ro('crm_lead', 'Лид'),
	...audit,
	...origin,
	ORIGIN_VERSION: f('string', 'Оригинальная версия'),
	...comms,
};

export const CONTACT: Schema = {
	ID: ro('integer', 'ID'),
	HONORIFIC: f('crm_status', 'Обращение', { statusType: 'HONORIFIC' }),
	NAME: f('string', 'Имя'),
	SECOND_NAME: f('string', 'Отчество'),
	LAST_NAME: f('string', 'Фамилия'),
	BIRTHDATE: f('date', 'Дата рождения'),
	TYPE_ID: f('crm_status', 'Тип контакта', { statusType: 'CONTACT_TYPE' }),
	SOURCE_ID: f('crm_status', 'Источник', { statusType: 'SOURCE' }),
	POST: f('string', 'Должность'),
	EXPORT: f('char', 'Участвует в экспорте контактов'),
	COMPANY_ID: f('crm_company', 'Компания'),
	COMPANY_IDS: f('crm_company', 'Компании', { isMultiple: true }),
	LEAD_ID: ro('crm_lead', 'Лид'),
	...audit,
	...origin,
	ORIGIN_VERSION: f('string', 'Оригинальная версия'),
	...comms,
};

/** UTM marks of leads and deals. */
const utm: Schema = {
	UTM_SOURCE: f('string', 'Рекламная система'),
	UTM_MEDIUM: f('string', 'Тип трафика'),
	UTM_CAMPAIGN: f('string', 'Обозначение рекламной кампании'),
	UTM_CONTENT: f('string', 'Содержание кампании'),
	UTM_TERM: f('string', 'Условие поиска кампании'),
};

/** Who moved the item to its stage and when; the last activity (leads, deals). */
const moved: Schema = {
	MOVED_BY_ID: ro('user', 'Кем перемещена'),
	MOVED_TIME: ro('datetime', 'Дата перемещения'),
};

export const DEAL: Schema = {
	ID: ro('integer', 'ID'),
	TITLE: f('string', 'Название'),
	TYPE_ID: f('crm_status', 'Тип', { statusType: 'DEAL_TYPE' }),
	CATEGORY_ID: f('crm_category', 'Воронка', { isImmutable: true }),
	STAGE_ID: f('crm_status', 'Стадия сделки', { statusType: 'DEAL_STAGE' }),
	STAGE_SEMANTIC_ID: ro('string', 'Группа стадии'),
	IS_NEW: ro('char', 'Новая сделка'),
	IS_RECURRING: f('char', 'Регулярная сделка'),
	IS_RETURN_CUSTOMER: ro('char', 'Повторная сделка'),
	IS_REPEATED_APPROACH: f('char', 'Повторное обращение'),
	PROBABILITY: f('integer', 'Вероятность'),
	CURRENCY_ID: f('crm_currency', 'Валюта'),
	OPPORTUNITY: f('double', 'Сумма'),
	IS_MANUAL_OPPORTUNITY: f('char', 'Сумма заполняется вручную'),
	TAX_VALUE: f('double', 'Ставка налога'),
	COMPANY_ID: f('crm_company', 'Компания', { settings: { parentEntityTypeId: 4 } }),
	CONTACT_ID: f('crm_contact', 'Контакт', { isDeprecated: true }),
	CONTACT_IDS: f('crm_contact', 'Контакты', { isMultiple: true }),
	QUOTE_ID: f('integer', 'Предложение'),
	BEGINDATE: f('date', 'Дата начала'),
	CLOSEDATE: f('date', 'Предполагаемая дата закрытия'),
	CLOSED: f('char', 'Сделка закрыта'),
	SOURCE_ID: f('crm_status', 'Источник', { statusType: 'SOURCE' }),
	SOURCE_DESCRIPTION: f('string', 'Дополнительно об источнике'),
	ADDITIONAL_INFO: f('string', 'Дополнительная информация'),
	LOCATION_ID: f('location', 'Местоположение'),
	LEAD_ID: f('crm_lead', 'Лид'),
	OBSERVERS: f('user', 'Наблюдатели', { isMultiple: true }),
	...audit,
	...moved,
	LAST_ACTIVITY_TIME: ro('datetime', 'Последняя активность'),
	LAST_ACTIVITY_BY: ro('user', 'Автор последней активности'),
	...origin,
	...utm,
};

/** The old lead: the fields (and order) of a live portal's crm.lead.fields answer. */
export const LEAD: Schema = {
	ID: ro('integer', 'ID'),
	TITLE: f('string', 'Название лида', { isRequired: true }),
	HONORIFIC: f('crm_status', 'Обращение', { statusType: 'HONORIFIC' }),
	NAME: f('string', 'Имя'),
	SECOND_NAME: f('string', 'Отчество'),
	LAST_NAME: f('string', 'Фамилия'),
	BIRTHDATE: f('date', 'Дата рождения'),
	COMPANY_TITLE: f('string', 'Название компании'),
	SOURCE_ID: f('crm_status', 'Источник', { statusType: 'SOURCE' }),
	SOURCE_DESCRIPTION: f('string', 'Дополнительно об источнике'),
	STATUS_ID: f('crm_status', 'Статус', { statusType: 'STATUS' }),
	STATUS_DESCRIPTION: f('string', 'Дополнительно о статусе'),
	STATUS_SEMANTIC_ID: ro('string', 'Состояние статуса'),
	POST: f('string', 'Должность'),
	ADDRESS: f('string', 'Адрес'),
	ADDRESS_2: f('string', 'Адрес (стр. 2)'),
	ADDRESS_CITY: f('string', 'Город'),
	ADDRESS_POSTAL_CODE: f('string', 'Почтовый индекс'),
	ADDRESS_REGION: f('string', 'Район'),
	ADDRESS_PROVINCE: f('string', 'Область'),
	ADDRESS_COUNTRY: f('string', 'Страна'),
	ADDRESS_COUNTRY_CODE: f('string', 'Код страны'),
	ADDRESS_LOC_ADDR_ID: f('integer', 'Идентификатор адреса местоположения'),
	CURRENCY_ID: f('crm_currency', 'Валюта'),
	OPPORTUNITY: f('double', 'Сумма'),
	IS_MANUAL_OPPORTUNITY: f('char', 'IS_MANUAL_OPPORTUNITY'),
	OPENED: f('char', 'Доступен для всех'),
	COMMENTS: f('string', 'Комментарий'),
	HAS_PHONE: ro('char', 'Задан телефон'),
	HAS_EMAIL: ro('char', 'Задан e-mail'),
	HAS_IMOL: ro('char', 'Задана открытая линия'),
	ASSIGNED_BY_ID: f('user', 'Ответственный'),
	CREATED_BY_ID: ro('user', 'Кем создан'),
	MODIFY_BY_ID: ro('user', 'Кем изменен'),
	MOVED_BY_ID: ro('user', 'MOVED_BY_ID'),
	DATE_CREATE: ro('datetime', 'Дата создания'),
	DATE_MODIFY: ro('datetime', 'Дата изменения'),
	MOVED_TIME: ro('datetime', 'MOVED_TIME'),
	COMPANY_ID: f('crm_company', 'Компания', { settings: { parentEntityTypeId: 4 } }),
	CONTACT_ID: f('crm_contact', 'Контакт', { isDeprecated: true }),
	CONTACT_IDS: f('crm_contact', 'CONTACT_IDS', { isMultiple: true }),
	IS_RETURN_CUSTOMER: ro('char', 'Повторный лид'),
	DATE_CLOSED: ro('datetime', 'Дата завершения'),
	...origin,
	...utm,
	PHONE: multi('Телефон'),
	EMAIL: multi('E-mail'),
	WEB: multi('Сайт'),
	IM: multi('Мессенджер'),
	LINK: multi('LINK'),
};

/** Field name in crm.item (camelCase) for an old-API name. */
export function camelName(name: string): string {
	const special: Record<string, string> = {
		DATE_CREATE: 'createdTime',
		DATE_MODIFY: 'updatedTime',
		CREATED_BY_ID: 'createdBy',
		MODIFY_BY_ID: 'updatedBy',
		MOVED_BY_ID: 'movedBy',
		BEGINDATE: 'begindate',
		CLOSEDATE: 'closedate',
		STATUS_ID: 'stageId',
		COMPANY_TYPE: 'typeId',
		CONTACT_IDS: 'contactIds',
		COMPANY_IDS: 'companyIds',
	};
	if (special[name]) return special[name];
	if (name.startsWith('UF_CRM_')) {
		// UF_CRM_1721244707107 → ufCrm_1721244707107; smart processes UF_CRM_11_1712074666 → ufCrm11_1712074666
		const rest = name.slice(7);
		const spa = /^(\d+)_(.+)$/.exec(rest);
		return spa ? `ufCrm${spa[1]}_${camelTail(spa[2])}` : `ufCrm${camelTail('_' + rest)}`;
	}
	return name.toLowerCase().replace(/_([0-9a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Lower case with `_x` → `X` for letters; an underscore before a digit stays. */
function camelTail(s: string): string {
	return s.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Old-API name of a crm.item user field: ufCrm_1721244707107 → UF_CRM_1721244707107, ufCrm11_17 → UF_CRM_11_17. */
export function ufClassicName(camel: string): string {
	const rest = camel.slice(5);
	const snake = (x: string) => x.replace(/([A-Z])/g, '_$1').toUpperCase().replace(/^_/, '');
	const spa = /^(\d+)_(.+)$/.exec(rest);
	if (spa) return `UF_CRM_${spa[1]}_${snake(spa[2])}`;
	return `UF_CRM_${snake(rest.replace(/^_/, ''))}`;
}

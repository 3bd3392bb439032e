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

export const DEAL: Schema = {
	ID: ro('integer', 'ID'),
	TITLE: f('string', 'Название'),
	TYPE_ID: f('crm_status', 'Тип', { statusType: 'DEAL_TYPE' }),
	CATEGORY_ID: f('crm_category', 'Воронка', { isImmutable: true }),
	STAGE_ID: f('crm_status', 'Стадия сделки', { statusType: 'DEAL_STAGE' }),
	STAGE_SEMANTIC_ID: ro('string', 'Группа стадии'),
	IS_NEW: ro('char', 'Новая сделка'),
	IS_RECURRING: f('char', 'Регулярная сделка'),
	PROBABILITY: f('integer', 'Вероятность'),
	CURRENCY_ID: f('crm_currency', 'Валюта'),
	OPPORTUNITY: f('double', 'Сумма'),
	IS_MANUAL_OPPORTUNITY: f('char', 'Сумма заполняется вручную'),
	TAX_VALUE: f('double', 'Ставка налога'),
	COMPANY_ID: f('crm_company', 'Компания'),
	CONTACT_ID: f('crm_contact', 'Контакт'),
	CONTACT_IDS: f('crm_contact', 'Контакты', { isMultiple: true }),
	QUOTE_ID: ro('integer', 'Предложение'),
	BEGINDATE: f('date', 'Дата начала'),
	CLOSEDATE: f('date', 'Предполагаемая дата закрытия'),
	CLOSED: f('char', 'Сделка закрыта'),
	SOURCE_ID: f('crm_status', 'Источник', { statusType: 'SOURCE' }),
	LEAD_ID: ro('crm_lead', 'Лид'),
	...audit,
	...origin,
};

export const LEAD: Schema = {
	ID: ro('integer', 'ID'),
	TITLE: f('string', 'Название лида'),
	NAME: f('string', 'Имя'),
	SECOND_NAME: f('string', 'Отчество'),
	LAST_NAME: f('string', 'Фамилия'),
	COMPANY_TITLE: f('string', 'Название компании'),
	STATUS_ID: f('crm_status', 'Стадия', { statusType: 'STATUS' }),
	STATUS_SEMANTIC_ID: ro('string', 'Статус'),
	SOURCE_ID: f('crm_status', 'Источник', { statusType: 'SOURCE' }),
	CURRENCY_ID: f('crm_currency', 'Валюта'),
	OPPORTUNITY: f('double', 'Сумма'),
	IS_MANUAL_OPPORTUNITY: f('char', 'Сумма заполняется вручную'),
	COMPANY_ID: f('crm_company', 'Компания'),
	CONTACT_ID: f('crm_contact', 'Контакт'),
	...audit,
	...origin,
	...comms,
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
	if (name.startsWith('UF_CRM_')) return 'ufCrm' + name.slice(7).replace(/_([0-9a-z])/gi, (_m, c: string) => c.toUpperCase());
	return name.toLowerCase().replace(/_([0-9a-z])/g, (_m, c: string) => c.toUpperCase());
}

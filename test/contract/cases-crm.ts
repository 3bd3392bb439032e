/**
 * Cases of the old crm.* API: leads, companies, contacts, deals and their product rows, the status
 * and category dictionaries, duplicates, events; direct calls (JSON or bracket form bodies).
 */
import type { Client } from './client';
import { marker, type ContractCase } from './support';

/** The nine lead user fields of the recorded `crm.lead.fields` answer. */
const LEAD_USER_FIELDS: Array<[string, string, string]> = [
	['UF_CRM_1594289616952', 'string', 'Метро'],
	['UF_CRM_1594289659496', 'money', 'Наша оценка'],
	['UF_CRM_1594289783260', 'money', 'Выгода'],
	['UF_CRM_1594289813884', 'string', 'Агент'],
	['UF_CRM_1594289998726', 'string', 'Причина отказа'],
	['UF_CRM_1594290129890', 'url', 'Объявление'],
	['UF_CRM_1605533620303', 'url', 'Паспорт проекта'],
	['UF_CRM_1623415999295', 'url', 'Паспорт проекта'],
	['UF_CRM_1624183704770', 'url', 'Карточка анализа / Паспорт'],
];

async function userField(c: Client, entity: string, name: string, type: string, label: string): Promise<void> {
	const existing = await c.call(`crm.${entity}.userfield.list`, { filter: { FIELD_NAME: name } });
	if (existing.length) return;
	await c.call(`crm.${entity}.userfield.add`, {
		fields: { FIELD_NAME: name, USER_TYPE_ID: type, LIST_COLUMN_LABEL: label, EDIT_FORM_LABEL: label, LIST_FILTER_LABEL: label },
	});
}

/** A deal with product rows (the second row with a description), in pipeline 0. */
async function dealWithRows(c: Client): Promise<number> {
	const deal = await c.call('crm.deal.add', { fields: { TITLE: marker('rows') } });
	await c.call('crm.deal.productrows.set', {
		id: deal,
		rows: [
			{ PRODUCT_NAME: 'Товар #2', PRICE: 899.1, QUANTITY: 1, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 10, MEASURE_CODE: 796, MEASURE_NAME: 'шт', XML_ID: 'sale_basket_651' },
			{ PRODUCT_NAME: 'Товар #1', PRODUCT_DESCRIPTION: 'Детальное описание', PRICE: 100, QUANTITY: 1, XML_ID: 'sale_basket_650' },
		],
	});
	return deal;
}

export const crmCases: ContractCase[] = [
	{
		fixture: 'recorded/crm_category_list.json',
		group: 'crm',
		setup: async (c) => {
			for (const name of ['Закупки', 'Portal Rent']) await c.call('crm.category.add', { entityTypeId: 2, fields: { name } });
			return {};
		},
		request: () => ({ method: 'crm.category.list', json: { entityTypeId: 2 } }),
	},
	{
		fixture: 'recorded/crm_lead_fields_success.json',
		group: 'crm',
		setup: async (c) => {
			for (const [name, type, label] of LEAD_USER_FIELDS) await userField(c, 'lead', name, type, label);
			return {};
		},
		request: () => ({ method: 'crm.lead.fields', json: {} }),
	},
	{
		fixture: 'recorded/crm_lead_list_one_page_success.json',
		group: 'crm',
		setup: async (c) => {
			const m = marker('leads');
			await c.addMany('crm.lead.add', 39, (i) => ({ fields: { TITLE: `${m} Поклонная ул., ${i}` } }));
			return { m };
		},
		request: ({ m }) => ({ method: 'crm.lead.list', json: { filter: { '%TITLE': m }, select: ['ID', 'TITLE'] } }),
	},
	{
		fixture: 'docs-examples/crm.company.list.json',
		group: 'crm',
		setup: async (c) => {
			const title = marker('Перекресток');
			await c.call('crm.company.add', { fields: { TITLE: title, COMPANY_TYPE: 'CUSTOMER', ASSIGNED_BY_ID: 1, PHONE: [{ VALUE: '+79998887766', VALUE_TYPE: 'WORK' }] } });
			return { title };
		},
		request: ({ title }) => ({
			method: 'crm.company.list',
			form: { order: { DATE_CREATE: 'ASC' }, filter: { COMPANY_TYPE: 'CUSTOMER', '>=DATE_CREATE': '2025-01-01', TITLE: title }, select: ['TITLE', 'ASSIGNED_BY_ID', 'PHONE'] },
		}),
	},
	{ fixture: 'docs-examples/crm.company.list.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.company.list', auth: 'nocrm', json: {} }) },
	{
		fixture: 'docs-examples/crm.company.add.json',
		group: 'crm',
		request: () => ({
			method: 'crm.company.add',
			json: {
				fields: { TITLE: 'ИП Титов', COMPANY_TYPE: 'CUSTOMER', INDUSTRY: 'MANUFACTURING', EMPLOYEES: 'EMPLOYEES_2', CURRENCY_ID: 'RUB', REVENUE: 3000000, OPENED: 'Y', ASSIGNED_BY_ID: 1, PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }] },
				params: { REGISTER_SONET_EVENT: 'Y' },
			},
		}),
	},
	{ fixture: 'docs-examples/crm.company.add.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.company.add', json: {} }) },
	{
		fixture: 'docs-examples/crm.contact.list.json',
		group: 'crm',
		setup: async (c) => {
			const email = `${marker('special-for')}@example.com`;
			const people: Array<[string, string]> = [['Анастасия', 'Ильина'], ['Артем', 'Исаев'], ['Инна', 'Кузнецова']];
			for (const [NAME, LAST_NAME] of people) await c.call('crm.contact.add', { fields: { NAME, LAST_NAME, SOURCE_ID: 'WEB', ASSIGNED_BY_ID: 1, EMAIL: [{ VALUE: email, VALUE_TYPE: 'WORK' }] } });
			return { email };
		},
		request: ({ email }) => ({
			method: 'crm.contact.list',
			form: {
				filter: { SOURCE_ID: 'WEB', '%NAME': 'а', EMAIL: email, '@ASSIGNED_BY_ID': [1, 6] },
				order: { LAST_NAME: 'ASC' },
				select: ['ID', 'NAME', 'LAST_NAME', 'EMAIL', 'EXPORT', 'ASSIGNED_BY_ID', 'DATE_CREATE'],
			},
		}),
	},
	{ fixture: 'docs-examples/crm.contact.list.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.contact.list', auth: 'nocrm', json: {} }) },
	{
		fixture: 'docs-examples/crm.deal.list.json',
		group: 'crm',
		setup: async (c) => {
			const { category } = await c.call('crm.category.add', { entityTypeId: 2, fields: { name: marker('Воронка') } });
			const stage = `C${category.id}:NEW`;
			for (const [TITLE, OPPORTUNITY] of [['[А] Сделка', 19999.99], ['[Б] Сделка', 5000]] as const) {
				await c.call('crm.deal.add', { fields: { TITLE, TYPE_ID: 'COMPLEX', CATEGORY_ID: category.id, STAGE_ID: stage, OPPORTUNITY, IS_MANUAL_OPPORTUNITY: 'Y', ASSIGNED_BY_ID: 1 } });
			}
			return { category: category.id, stage };
		},
		request: ({ category, stage }) => ({
			method: 'crm.deal.list',
			form: {
				select: ['ID', 'TITLE', 'TYPE_ID', 'CATEGORY_ID', 'STAGE_ID', 'OPPORTUNITY', 'IS_MANUAL_OPPORTUNITY', 'ASSIGNED_BY_ID', 'DATE_CREATE'],
				filter: { CATEGORY_ID: category, STAGE_ID: stage, '>=OPPORTUNITY': 1000, '<=OPPORTUNITY': 20000, '!=ASSIGNED_BY_ID': 7 },
				order: { TITLE: 'ASC', OPPORTUNITY: 'ASC' },
			},
		}),
	},
	{ fixture: 'docs-examples/crm.deal.list.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.deal.list', form: { filter: 'TITLE' } }) },
	{
		fixture: 'docs-examples/crm.deal.get.json',
		group: 'crm',
		setup: async (c) => {
			await c.call('crm.type.add', { fields: { entityTypeId: 1220, title: 'Проекты', isCategoriesEnabled: 'Y', isStagesEnabled: 'Y' } }).catch(() => undefined);
			const { item } = await c.call('crm.item.add', { entityTypeId: 1220, fields: { title: 'Проект' } });
			await userField(c, 'deal', 'UF_CRM_1721244482250', 'string', 'Приветствие');
			const company = await c.call('crm.company.add', { fields: { TITLE: marker('Клиент') } });
			const contact = await c.call('crm.contact.add', { fields: { NAME: 'Иван', COMPANY_ID: company } });
			const id = await c.call('crm.deal.add', {
				fields: {
					TITLE: 'Новая сделка #1', TYPE_ID: 'COMPLEX', STAGE_ID: 'PREPARATION', PROBABILITY: 99, CURRENCY_ID: 'EUR', OPPORTUNITY: 1000000, IS_MANUAL_OPPORTUNITY: 'Y',
					COMPANY_ID: company, CONTACT_ID: contact, BEGINDATE: '2024-08-30', CLOSEDATE: '2024-09-09', ASSIGNED_BY_ID: 1, OPENED: 'Y',
					COMMENTS: '[B]Пример комментария[/B]', ADDITIONAL_INFO: 'Дополнительная информация', SOURCE_ID: 'CALLBACK', SOURCE_DESCRIPTION: 'Дополнительно об источнике',
					UTM_SOURCE: 'google', UTM_MEDIUM: 'CPC', PARENT_ID_1220: item.id, UF_CRM_1721244482250: 'Привет мир!',
				},
			});
			return { id };
		},
		request: ({ id }) => ({ method: 'crm.deal.get', form: { ID: id } }),
	},
	{ fixture: 'docs-examples/crm.deal.get.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.deal.get', json: {} }) },
	{
		fixture: 'docs-examples/crm.deal.productrows.get.json',
		group: 'crm',
		setup: async (c) => ({ id: await dealWithRows(c) }),
		request: ({ id }) => ({ method: 'crm.deal.productrows.get', json: { id } }),
	},
	{ fixture: 'docs-examples/crm.deal.productrows.get.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.deal.productrows.get', json: { id: 0 } }) },
	{
		fixture: 'docs-examples/crm.status.list.json',
		group: 'crm',
		request: () => ({ method: 'crm.status.list', form: { order: { SORT: 'ASC' }, filter: { ENTITY_ID: 'DEAL_STAGE' } } }),
	},
	{ fixture: 'docs-examples/crm.status.list.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.status.list', form: { filter: 'DEAL_STAGE' } }) },
	{
		fixture: 'docs-examples/crm.category.list.json',
		group: 'crm',
		setup: async (c) => {
			await c.call('crm.category.add', { entityTypeId: 2, fields: { name: 'Воронка с оригинальным названием', sort: 200 } });
			return {};
		},
		request: () => ({ method: 'crm.category.list', json: { entityTypeId: 2 } }),
	},
	{ fixture: 'docs-examples/crm.category.list.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.category.list', json: { entityTypeId: 9999 } }) },
	{
		fixture: 'docs-examples/crm.duplicate.findbycomm.json',
		group: 'crm',
		setup: async (c) => {
			for (const phone of ['8976543', '11223355']) await c.call('crm.contact.add', { fields: { NAME: marker('dup'), PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }] } });
			return {};
		},
		request: () => ({ method: 'crm.duplicate.findbycomm', json: { entity_type: 'CONTACT', type: 'PHONE', values: ['8976543', '11223355'] } }),
	},
	{ fixture: 'docs-examples/crm.duplicate.findbycomm.error.json', group: 'crm', status: '400', request: () => ({ method: 'crm.duplicate.findbycomm', json: { entity_type: 'CONTACT', values: ['8976543'] } }) },
	{
		fixture: 'docs-examples/event.bind.json',
		group: 'crm',
		request: () => ({ method: 'event.bind', auth: 'oauth', json: { event: 'ONCRMLEADADD', handler: 'https://www.my-domain.ru/handler/' } }),
	},
	{
		fixture: 'docs-examples/event.bind.error.json',
		group: 'crm',
		status: '400, 403',
		request: () => ({ method: 'event.bind', auth: 'oauth', json: { event: 'ONCRMLEADADDX', handler: 'https://www.my-domain.ru/handler/' } }),
	},
	{
		fixture: 'docs-examples/crm.activity.list.error.json',
		group: 'https',
		status: '400, 403',
		request: () => ({ method: 'crm.activity.list', json: { filter: { OWNER_TYPE_ID: 2 } } }),
	},
];

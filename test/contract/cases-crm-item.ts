/**
 * Cases of the universal crm.item.* API: smart-process items, deals and leads seen in camelCase,
 * product rows (`crm.item.productrow.*`).
 */
import { cmd, type Client } from './client';
import { marker, type ContractCase } from './support';

/** A smart process created through crm.type.add (entityTypeId chosen by the portal). */
async function smartProcess(c: Client, title: string): Promise<number> {
	const { type } = await c.call('crm.type.add', { fields: { title, isCategoriesEnabled: 'Y', isStagesEnabled: 'Y', isClientEnabled: 'Y' } });
	return type.entityTypeId;
}

async function dealForRows(c: Client): Promise<number> {
	return c.call('crm.deal.add', { fields: { TITLE: marker('item-rows') } });
}

const ROWS = [
	{ productId: 9621, productName: 'iphone 14', price: 90000, quantity: 3, discountTypeId: 2, discountRate: 10, taxRate: 10, taxIncluded: 'Y', measureCode: 796, measureName: 'шт', xmlId: 'sale_basket_8147', type: 4, storeId: 19 },
	{ productId: 9622, productName: 'iphone 13', price: 60000, quantity: 1, taxRate: null, taxIncluded: 'N', measureCode: 796, measureName: 'шт', type: 4, storeId: 19 },
];

export const crmItemCases: ContractCase[] = [
	{
		fixture: 'recorded/crm_item_add.json',
		group: 'crm-item',
		setup: async (c) => ({ et: await smartProcess(c, marker('Контакты мероприятия')) }),
		request: ({ et }) => ({
			method: 'batch',
			json: { halt: 0, cmd: { order0000000000: cmd('crm.item.add', { entityTypeId: et, fields: { title: 'Андрей Макарцев\n' } }) } },
		}),
	},
	{
		fixture: 'recorded/crm_item_list.json',
		group: 'crm-item',
		setup: async (c) => {
			const et = await smartProcess(c, marker('Мероприятия'));
			for (const title of ['Конференция Оцифровка 2024', 'Выставка', 'Семинар']) {
				await c.call('crm.item.add', { entityTypeId: et, fields: { title, ufCrm11_1712074666: '2024-04-19T03:00:00+03:00' } });
			}
			return { et };
		},
		request: ({ et }) => ({ method: 'crm.item.list', json: { entityTypeId: et, select: ['id', 'title', 'ufCrm11_1712074666'] } }),
	},
	{
		fixture: 'docs-examples/crm.item.list.json',
		group: 'crm-item',
		setup: async (c) => {
			const m = marker('Лид');
			const leads: Array<[string, string | null]> = [['Админ', null], ['Анна', 'Смирнова'], ['Андрей', 'Петров']];
			for (const [NAME, LAST_NAME] of leads) {
				await c.call('crm.lead.add', { fields: { TITLE: `${m} ${NAME}`, NAME, LAST_NAME, OPPORTUNITY: 19000, IS_MANUAL_OPPORTUNITY: 'Y', SOURCE_ID: 'WEB', ASSIGNED_BY_ID: 1 } });
			}
			return { m };
		},
		request: ({ m }) => ({
			method: 'crm.item.list',
			json: {
				entityTypeId: 1,
				select: ['id', 'assignedById', 'stageId', 'opportunity', 'sourceId', 'title', 'name', 'lastName', 'isManualOpportunity'],
				filter: { '%title': m, '0': { logic: 'OR', '0': { '=%name': 'А%' }, '1': { '>opportunity': 10000 } } },
				order: { lastName: 'ASC', name: 'ASC' },
			},
		}),
	},
	{
		fixture: 'docs-examples/crm.item.list.error.json',
		group: 'crm-item',
		status: '400, 403',
		request: () => ({ method: 'crm.item.list', json: { entityTypeId: 1, filter: { FIELD: 'value' } } }),
	},
	{
		fixture: 'docs-examples/crm.item.add.json',
		group: 'crm-item',
		setup: async (c) => {
			await c.call('crm.type.add', { fields: { entityTypeId: 1220, title: 'Проекты', isCategoriesEnabled: 'Y', isStagesEnabled: 'Y' } }).catch(() => undefined);
			const { item } = await c.call('crm.item.add', { entityTypeId: 1220, fields: { title: 'Проект' } });
			const { category } = await c.call('crm.category.add', { entityTypeId: 2, fields: { name: marker('Воронка') } });
			await c.call('crm.status.add', { fields: { ENTITY_ID: `DEAL_STAGE_${category.id}`, STATUS_ID: 'UC_KN8KFI', NAME: 'Переговоры', SORT: 15 } });
			await c.call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'UF_CRM_1721244707107', USER_TYPE_ID: 'double', EDIT_FORM_LABEL: 'Сумма' } }).catch(() => undefined);
			const lead = await c.call('crm.lead.add', { fields: { TITLE: marker('lead') } });
			const company = await c.call('crm.company.add', { fields: { TITLE: marker('Клиент') } });
			const contacts = [];
			for (const NAME of ['Иван', 'Пётр', 'Мария']) contacts.push(await c.call('crm.contact.add', { fields: { NAME, COMPANY_ID: company } }));
			return { parent: item.id, category: category.id, lead, company, contacts };
		},
		request: ({ parent, category, lead, company, contacts }) => ({
			method: 'crm.item.add',
			json: {
				entityTypeId: 2,
				fields: {
					title: 'Новая сделка (специально для примера rest методов)', typeId: 'SERVICE', categoryId: category, stageId: `C${category}:UC_KN8KFI`,
					isRecurring: 'N', probability: 50, currencyId: 'RUB', isManualOpportunity: 'Y', opportunity: 999.99, taxValue: 0, companyId: company,
					contactIds: contacts, begindate: '2024-06-18', closedate: '2024-07-30', opened: 'N', assignedById: 6, observers: [2, 3, 4],
					comments: '[B]Жирный текст[/B]', sourceId: 'WEB', sourceDescription: 'Тут должно быть дополнительное описание об источнике',
					additionalInfo: 'Тут должна быть дополнительная информация', leadId: lead, quoteId: 7, isRepeatedApproach: 'Y',
					utmSource: 'google', utmMedium: 'CPC', ufCrm_1721244707107: 1111.1, parentId1220: parent,
				},
			},
		}),
	},
	{ fixture: 'docs-examples/crm.item.add.error.json', group: 'crm-item', status: '400, 403', request: () => ({ method: 'crm.item.add', json: { entityTypeId: 9999, fields: { title: 'x' } } }) },
	{
		fixture: 'docs-examples/crm.item.productrow.list.json',
		group: 'crm-item',
		setup: async (c) => {
			const deal = await dealForRows(c);
			await c.call('crm.item.productrow.set', { ownerType: 'D', ownerId: deal, productRows: ROWS });
			return { deal };
		},
		request: ({ deal }) => ({ method: 'crm.item.productrow.list', json: { filter: { '=ownerType': 'D', '=ownerId': deal, '>price': 5000 }, order: { price: 'desc' } } }),
	},
	{ fixture: 'docs-examples/crm.item.productrow.list.error.json', group: 'crm-item', status: '400', request: () => ({ method: 'crm.item.productrow.list', auth: 'nocrm', json: { filter: { '=ownerType': 'D', '=ownerId': 1 } } }) },
	{
		fixture: 'docs-examples/crm.item.productrow.set.json',
		group: 'crm-item',
		setup: async (c) => ({ deal: await dealForRows(c) }),
		request: ({ deal }) => ({
			method: 'crm.item.productrow.set',
			json: {
				ownerType: 'D',
				ownerId: deal,
				productRows: [
					{ productId: 9621, productName: 'iphone 14', price: 99999.99, quantity: 1, taxIncluded: 'N', type: 4 },
					{ productId: 9623, productName: 'iphone 10xs', price: 15900, quantity: 2, taxIncluded: 'N', type: 4 },
				],
			},
		}),
	},
	{
		fixture: 'docs-examples/crm.item.productrow.set.error.json',
		group: 'crm-item',
		status: '400',
		request: () => ({ method: 'crm.item.productrow.set', json: { ownerType: 'D', ownerId: 999999999, productRows: [{ productName: 'x', price: 1 }] } }),
	},
];

/**
 * Cases outside the CRM core: users and departments, workgroups, the live feed, timeline comments
 * and activities, the catalog, the online store (sale.*), tasks and lists.
 */
import { cmd, type Client } from './client';
import { loadFixture, marker, type ContractCase } from './support';

const TXT = Buffer.from('Договор поставки').toString('base64');

/** Create `n` workgroups named `{prefix} {i}`. */
async function workgroups(c: Client, prefix: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) await c.call('sonet_group.create', { NAME: `${prefix} ${i}`, VISIBLE: 'Y', OPENED: 'N', PROJECT: 'Y', INITIATE_PERMS: 'E' });
}

async function contactWithCompany(c: Client): Promise<number> {
	const company = await c.call('crm.company.add', { fields: { TITLE: 'ООО Фьюжн' } });
	return c.call('crm.contact.add', { fields: { NAME: 'Андрей', SECOND_NAME: 'Николаев', HONORIFIC: 'HNR_RU_1', COMPANY_ID: company, PHONE: [{ VALUE: '89152222222', VALUE_TYPE: 'WORK' }] } });
}

export const otherCases: ContractCase[] = [
	// ---- users, departments, workgroups ----
	{ fixture: 'recorded/user_fields.json', group: 'users', request: () => ({ method: 'user.fields', json: {} }) },
	{
		fixture: 'docs-examples/user.get.json',
		group: 'users',
		request: () => ({ method: 'user.get', json: { filter: { '%NAME': 'а' } } }),
	},
	{
		fixture: 'docs-examples/department.get.json',
		group: 'users',
		setup: async (c) => {
			for (const NAME of ['R&D', 'Бухгалтерия', 'Отдел продаж']) await c.call('department.add', { NAME, PARENT: 1, SORT: 500 });
			return {};
		},
		request: () => ({ method: 'department.get', form: { sort: 'NAME', order: 'DESC', PARENT: 1 } }),
	},
	{
		fixture: 'docs-examples/sonet_group.get.json',
		group: 'users',
		setup: async (c) => {
			const prefix = marker('Проект');
			await workgroups(c, prefix, 2);
			return { prefix };
		},
		// the page filters on `%NAME: "Про"`; the unique prefix keeps other cases' groups out
		request: ({ prefix }) => ({ method: 'sonet_group.get', form: { ORDER: { NAME: 'ASC' }, FILTER: { '%NAME': prefix } } }),
	},
	{
		fixture: 'recorded/socialnetwork_api_workgroup_list.json',
		group: 'users',
		setup: async (c) => {
			// more than one page, so that `next` appears
			const have = (await c.callFull('socialnetwork.api.workgroup.list', { select: ['ID'] })).total ?? 0;
			await workgroups(c, marker('Группа'), Math.max(0, 51 - have));
			return {};
		},
		request: () => ({
			method: 'socialnetwork.api.workgroup.list',
			json: { select: ['ID', 'NAME', 'DESCRIPTION', 'DATE_CREATE', 'DATE_UPDATE', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED', 'OWNER_ID', 'NUMBER_OF_MEMBERS', 'DATE_ACTIVITY', 'PROJECT'] },
		}),
	},
	// ---- live feed ----
	{
		fixture: 'docs-examples/log.blogpost.add.json',
		group: 'feed',
		request: () => ({
			method: 'log.blogpost.add',
			json: { POST_TITLE: 'Новость', POST_MESSAGE: 'Текст [B]новости[/B]', DEST: ['UA'], TAGS: ['новости'], IMPORTANT: 'Y', FILES: [['news.txt', TXT]] },
		}),
	},
	{
		fixture: 'docs-examples/log.blogpost.add.error.json',
		group: 'feed',
		status: '400',
		request: () => ({ method: 'log.blogpost.add', json: { POST_TITLE: 'Новость', POST_MESSAGE: '', DEST: ['UA'] } }),
	},
	// ---- timeline ----
	{
		fixture: 'docs-examples/crm.timeline.comment.add.json',
		group: 'timeline',
		setup: async (c) => ({ deal: await c.call('crm.deal.add', { fields: { TITLE: marker('comment') } }) }),
		request: ({ deal }) => ({
			method: 'crm.timeline.comment.add',
			json: { fields: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: 'Новый комментарий', FILES: [['file.txt', TXT]] } },
		}),
	},
	{
		fixture: 'docs-examples/crm.timeline.comment.add.error.json',
		group: 'timeline',
		status: '400',
		request: () => ({ method: 'crm.timeline.comment.add', json: { fields: { ENTITY_ID: 999999999, ENTITY_TYPE: 'deal', COMMENT: 'x' } } }),
	},
	{
		fixture: 'docs-examples/crm.activity.list.communications.json',
		group: 'timeline',
		setup: async (c) => {
			const contact = await contactWithCompany(c);
			const id = await c.call('crm.activity.add', {
				fields: { OWNER_TYPE_ID: 3, OWNER_ID: contact, TYPE_ID: 2, SUBJECT: 'Звонок', RESPONSIBLE_ID: 1, DIRECTION: 2, COMMUNICATIONS: [{ VALUE: '89152222222', ENTITY_ID: contact, ENTITY_TYPE_ID: 3 }] },
			});
			return { id };
		},
		request: ({ id }) => ({ method: 'crm.activity.list', json: { filter: { ID: String(id) }, select: ['*', 'COMMUNICATIONS'] } }),
	},
	{
		fixture: 'docs-examples/crm.activity.list.files.json',
		group: 'timeline',
		setup: async (c) => {
			const contact = await contactWithCompany(c);
			const id = await c.call('crm.activity.add', {
				fields: {
					OWNER_TYPE_ID: 3, OWNER_ID: contact, TYPE_ID: 4, SUBJECT: 'Письмо', RESPONSIBLE_ID: 1, DIRECTION: 2,
					COMMUNICATIONS: [{ VALUE: 'client@example.com', ENTITY_ID: contact, ENTITY_TYPE_ID: 3 }],
					FILES: [{ fileData: ['contract.txt', TXT] }],
				},
			});
			return { id };
		},
		request: ({ id }) => ({ method: 'crm.activity.list', json: { filter: { ID: String(id) }, select: ['*', 'STORAGE_ELEMENT_IDS'] } }),
	},
	// ---- catalog ----
	{
		fixture: 'docs-examples/catalog.product.list.json',
		group: 'catalog',
		setup: async (c) => {
			const code = marker('Tovar');
			await c.call('catalog.product.add', {
				fields: {
					iblockId: 23, name: 'Товар', code, active: 'Y', available: 'Y', barcodeMulti: 'Y', bundle: 'N', canBuyZero: 'Y', sort: 100,
					dateActiveFrom: '2024-05-28T10:00:00', dateActiveTo: '2024-05-29T10:00:00', height: 100, length: 100, width: 100, weight: 100,
					measure: 5, purchasingCurrency: 'RUB', purchasingPrice: 1000, quantity: 10, quantityReserved: 1, quantityTrace: 'Y',
					recurSchemeLength: 1, recurSchemeType: 'D', subscribe: 'Y', trialPriceId: 175, vatId: 1, vatIncluded: 'Y', withoutOrder: 'Y',
					iblockSectionId: 1, previewPicture: { fileData: ['preview.png', TXT] }, detailPicture: { fileData: ['detail.png', TXT] },
					property258: 'test', property259: ['test1', 'test2'],
				},
			});
			return { code };
		},
		request: ({ code }) => ({
			method: 'catalog.product.list',
			json: {
				select: ['id', 'iblockId', 'name', 'active', 'available', 'barcodeMulti', 'bundle', 'canBuyZero', 'code', 'createdBy', 'dateActiveFrom', 'dateActiveTo', 'dateCreate', 'detailPicture', 'detailText', 'detailTextType', 'height', 'iblockSectionId', 'length', 'measure', 'modifiedBy', 'previewPicture', 'previewText', 'previewTextType', 'purchasingCurrency', 'purchasingPrice', 'quantity', 'quantityReserved', 'quantityTrace', 'recurSchemeLength', 'recurSchemeType', 'sort', 'subscribe', 'timestampX', 'trialPriceId', 'type', 'vatId', 'vatIncluded', 'weight', 'width', 'withoutOrder', 'xmlId', 'property258', 'property259'],
				filter: { iblockId: 23, code, vatId: [1, 2] },
				order: { id: 'desc' },
			},
		}),
	},
	{
		fixture: 'docs-examples/catalog.product.list.error.json',
		group: 'catalog',
		status: '400',
		request: () => ({ method: 'catalog.product.list', auth: 'nocrm', json: { select: ['id', 'iblockId'], filter: { iblockId: 23 } } }),
	},
	{
		fixture: 'docs-examples/crm.vat.list.json',
		group: 'catalog',
		request: () => ({ method: 'crm.vat.list', form: { order: { ID: 'ASC' }, filter: { ACTIVE: 'Y' }, select: ['ID', 'NAME', 'RATE'] } }),
	},
	{ fixture: 'docs-examples/crm.vat.list.error.json', group: 'catalog', status: '400', request: () => ({ method: 'crm.vat.list', form: { select: ['ID', 'PERCENT'] } }) },
	// ---- online store ----
	{ fixture: 'docs-examples/sale.order.list.error.json', group: 'sale', status: '400', request: () => ({ method: 'sale.order.list', json: { select: ['id', 'unknownField'] } }) },
	{ fixture: 'docs-examples/sale.payment.list.error.json', group: 'sale', status: '400', request: () => ({ method: 'sale.payment.list', json: { select: ['id', 'unknownField'] } }) },
	{ fixture: 'docs-examples/sale.shipment.list.error.json', group: 'sale', status: '400', request: () => ({ method: 'sale.shipment.list', json: { select: ['id', 'unknownField'] } }) },
	{
		fixture: 'docs-examples/sale.shipment.list.json',
		group: 'sale',
		setup: async (c) => {
			const { order } = await c.call('sale.order.add', { fields: { lid: 's1', personTypeId: 1, currency: 'RUB', userId: 1 } });
			for (let i = 0; i < 2; i++) await c.call('sale.shipment.add', { fields: { orderId: order.id, allowDelivery: 'N', deducted: 'N', deliveryId: 1, statusId: 'DN' } });
			return { order: order.id };
		},
		request: ({ order }) => ({ method: 'sale.shipment.list', json: { filter: { '@orderId': [order] }, order: { id: 'desc' } } }),
	},
	// ---- tasks ----
	{
		fixture: 'recorded/single_add.json',
		group: 'tasks',
		request: () => ({ method: 'tasks.task.add', json: { fields: { TITLE: 'Алм', DESCRIPTION: 'Курс на социально-ориентированный национальный проект', RESPONSIBLE_ID: 1, DEADLINE: '2022-05-09T00:00:00', TAGS: ['скпэ22-2', 'скпэ'] } } }),
	},
	{
		fixture: 'recorded/task_elapseditem_getlist_mixed_types.json',
		group: 'tasks',
		setup: async (c) => {
			const recorded: Record<string, unknown[]> = loadFixture('recorded/task_elapseditem_getlist_mixed_types.json').result.result;
			const tasks: Record<string, number> = {};
			for (const [key, entries] of Object.entries(recorded)) {
				const { task } = await c.call('tasks.task.add', { fields: { TITLE: `${marker('Задача')} ${key}`, RESPONSIBLE_ID: 1 } });
				tasks[key] = Number(task.id);
				// the recorded batch mixes tasks without and with time entries: the same ones here
				if (entries.length) await c.call('task.elapseditem.add', { TASKID: task.id, ARFIELDS: { SECONDS: 3077, COMMENT_TEXT: '' } });
			}
			return { tasks };
		},
		request: ({ tasks }) => ({
			method: 'batch',
			json: { halt: 0, cmd: Object.fromEntries(Object.entries(tasks).map(([key, id]) => [key, cmd('task.elapseditem.getlist', { TASKID: id, ORDER: { ID: 'asc' } })])) },
		}),
	},
];

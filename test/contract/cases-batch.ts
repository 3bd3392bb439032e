/**
 * Cases answered by `batch` (fast_bitrix24 sends most calls as batches: JSON body `{halt, cmd}`
 * with `method?query` command strings) and the documentation's batch examples.
 */
import { cmd } from './client';
import { loadFixture, marker, type ContractCase } from './support';

const LEAD_REQUEST = 'recorded/crm_dealcategory_stage_list_batch_of_one.request.json';

/** A lead with the fields a real lead card has filled. */
const leadFields = (title: string) => ({
	TITLE: title,
	STATUS_ID: 'IN_PROCESS',
	CURRENCY_ID: 'RUB',
	OPPORTUNITY: 3607999,
	ASSIGNED_BY_ID: 1,
	OPENED: 'N',
});

export const batchCases: ContractCase[] = [
	{
		fixture: 'recorded/call_batch.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			json: { halt: 0, cmd: { statuses: 'crm.status.entity.items?entityId=STATUS', sources: 'crm.status.entity.items?entityId=SOURCE' } },
		}),
	},
	{
		fixture: 'recorded/call_several_success.json',
		group: 'batch',
		setup: async (c) => ({ ids: await c.addMany('crm.lead.add', 3, (i) => ({ fields: leadFields(`${marker('several')} #${i}`) })) }),
		request: ({ ids }) => ({
			method: 'batch',
			json: { halt: 0, cmd: { order0: cmd('crm.lead.get', { ID: ids[1] }), order1: cmd('crm.lead.get', { ID: ids[0] }), order2: cmd('crm.lead.get', { ID: ids[2] }) } },
		}),
	},
	{
		fixture: 'recorded/call_single_success.json',
		group: 'batch',
		setup: async (c) => ({ id: await c.call('crm.lead.add', { fields: leadFields(marker('single')) }) }),
		request: ({ id }) => ({ method: 'batch', json: { halt: 0, cmd: { order0: cmd('crm.lead.get', { ID: id }) } } }),
	},
	{
		fixture: 'recorded/crm_contact_add_batch.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			json: {
				halt: 0,
				cmd: {
					order0000000000: cmd('crm.contact.add', {
						fields: { NAME: 'TESTR', PHONE: [{ VALUE: '78966666647', VALUE_TYPE: 'WORK' }], ASSIGNED_BY_ID: -1, OPENED: 'Y' },
						params: { REGISTER_SONET_EVENT: 'Y' },
					}),
				},
			},
		}),
	},
	{
		fixture: 'recorded/crm_dealcategory_stage_list_batch_of_one.json',
		group: 'batch',
		request: () => ({ method: 'batch', json: { halt: 0, cmd: ['crm.dealcategory.stage.list?ID=0&'] } }),
	},
	{
		fixture: LEAD_REQUEST,
		group: 'batch',
		compareWith: 'recorded/crm_dealcategory_stage_list_batch_of_one.json',
		// the stored request, byte for byte (its cmd key `0` written as the string "0")
		request: () => ({ method: 'batch', json: loadFixture(LEAD_REQUEST) }),
	},
	{
		fixture: 'recorded/crm_get_batch_of_two_error.json',
		group: 'batch',
		request: () => ({ method: 'batch', json: { halt: 0, cmd: ['crm.lead.get?ID=0', 'crm.lead.get?ID=999999999'] } }),
	},
	{
		fixture: 'recorded/crm_lead_get_batch_error.json',
		group: 'batch',
		request: () => ({ method: 'batch', json: { halt: 0, cmd: ['crm.lead.get'] } }),
	},
	{
		fixture: 'recorded/crm_company_contact_items_get.json',
		group: 'batch',
		setup: async (c) => {
			const company = await c.call('crm.company.add', { fields: { TITLE: marker('bindings') } });
			for (const name of ['Первый', 'Второй']) await c.call('crm.contact.add', { fields: { NAME: name, COMPANY_ID: company } });
			return { company };
		},
		// the cmd key is the company id the caller asked for (fast_bitrix24 get_by_ID)
		request: ({ company }) => ({ method: 'batch', json: { halt: 0, cmd: { '205364': cmd('crm.company.contact.items.get', { ID: company }) } } }),
	},
	{
		fixture: 'recorded/lists_element_add_batch.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			json: {
				halt: 0,
				cmd: Object.fromEntries(
					['1', '2'].map((code, i) => [
						`order000000000${i}`,
						cmd('lists.element.add', { IBLOCK_TYPE_ID: 'lists', IBLOCK_ID: 33, ELEMENT_CODE: code, FIELDS: { NAME: `Элемент ${code}`, PROPERTY_117: 'значение' } }),
					]),
				),
			},
		}),
	},
	{
		fixture: 'docs-examples/batch.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			json: { halt: 0, cmd: { get_user: 'user.current', get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]' } },
		}),
	},
	{
		fixture: 'docs-examples/batch.error-halt0.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			auth: 'crmonly',
			json: { halt: 0, cmd: { get_user: 'user.current', get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]' } },
		}),
	},
	{
		fixture: 'docs-examples/batch.error-halt1.json',
		group: 'batch',
		request: () => ({
			method: 'batch',
			auth: 'crmonly',
			json: { halt: 1, cmd: { get_user: 'user.current', get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]' } },
		}),
	},
];

/**
 * Cases of requisites, bank details, addresses and presets (`crm.requisite.*`, `crm.address.*`).
 */
import type { Client } from './client';
import { marker, type ContractCase } from './support';

async function company(c: Client): Promise<number> {
	return c.call('crm.company.add', { fields: { TITLE: marker('Реквизиты') } });
}

async function requisite(c: Client, entityTypeId: number, entityId: number, name = 'Организация', extra: Record<string, unknown> = {}): Promise<number> {
	return c.call('crm.requisite.add', { fields: { ENTITY_TYPE_ID: entityTypeId, ENTITY_ID: entityId, PRESET_ID: 1, NAME: name, RQ_INN: '7700000000', ...extra } });
}

const address = (typeId: number, requisiteId: number, street: string, postal: string) => ({
	fields: {
		TYPE_ID: typeId,
		ENTITY_TYPE_ID: 8,
		ENTITY_ID: requisiteId,
		ADDRESS_1: street,
		ADDRESS_2: '701',
		CITY: 'Тюмень',
		POSTAL_CODE: postal,
		REGION: 'Тюменская обл',
		PROVINCE: 'Тюменская обл',
		COUNTRY: 'Россия',
	},
});

export const requisiteCases: ContractCase[] = [
	{
		fixture: 'docs-examples/crm.requisite.list.json',
		group: 'requisites',
		setup: async (c) => {
			const a = await company(c);
			const b = await company(c);
			await requisite(c, 4, a);
			await requisite(c, 4, b, 'Реквизиты головного офиса');
			await requisite(c, 4, b, 'Филиал в г. Черняховск');
			return { owners: [a, b] };
		},
		request: ({ owners }) => ({
			method: 'crm.requisite.list',
			form: { order: { DATE_CREATE: 'ASC' }, filter: { PRESET_ID: '1', '@ENTITY_ID': owners, ENTITY_TYPE_ID: 4 }, select: ['ENTITY_TYPE_ID', 'ENTITY_ID', 'ID', 'NAME'] },
		}),
	},
	{
		fixture: 'docs-examples/crm.requisite.list.example2.json',
		group: 'requisites',
		setup: async (c) => ({ id: await requisite(c, 4, await company(c), 'Организация', { UF_CRM_1707997209: '45' }) }),
		request: ({ id }) => ({ method: 'crm.requisite.list', form: { filter: { ID: String(id) }, select: ['UF_CRM_1707997209'] } }),
	},
	{ fixture: 'docs-examples/crm.requisite.list.error.json', group: 'requisites', status: '400', request: () => ({ method: 'crm.requisite.list', auth: 'nocrm', json: {} }) },
	{
		fixture: 'docs-examples/crm.requisite.add.json',
		group: 'requisites',
		setup: async (c) => ({ owner: await company(c) }),
		request: ({ owner }) => ({
			method: 'crm.requisite.add',
			json: {
				fields: {
					ENTITY_TYPE_ID: 4, ENTITY_ID: owner, PRESET_ID: 1, NAME: 'Реквизит (для примера)', ACTIVE: 'Y', SORT: 100,
					RQ_COMPANY_NAME: 'ООО Ромашка', RQ_COMPANY_FULL_NAME: 'Общество с ограниченной ответственностью «Ромашка»', RQ_INN: '7712345678', RQ_KPP: '771201001', RQ_OGRN: '1027700132195',
				},
			},
		}),
	},
	{
		fixture: 'docs-examples/crm.requisite.add.error.json',
		group: 'requisites',
		status: '400',
		request: () => ({ method: 'crm.requisite.add', json: { fields: { ENTITY_TYPE_ID: 99, ENTITY_ID: 1, PRESET_ID: 1, NAME: 'x' } } }),
	},
	{
		fixture: 'docs-examples/crm.requisite.bankdetail.list.json',
		group: 'requisites',
		setup: async (c) => {
			const owner = await company(c);
			const reqs = [await requisite(c, 4, owner), await requisite(c, 4, owner, 'Филиал')];
			for (const [ENTITY_ID, NAME] of [[reqs[0], 'Тинькофф'], [reqs[1], 'АО "АЛЬФА-БАНК"'], [reqs[1], 'АО "Тинькофф Банк"']] as const) {
				await c.call('crm.requisite.bankdetail.add', { fields: { ENTITY_ID, NAME, COUNTRY_ID: 1, RQ_BIK: '044525974', RQ_ACC_NUM: '40702810000000000001' } });
			}
			return { reqs };
		},
		request: ({ reqs }) => ({
			method: 'crm.requisite.bankdetail.list',
			form: { order: { DATE_CREATE: 'ASC' }, filter: { COUNTRY_ID: '1', '@ENTITY_ID': reqs }, select: ['ENTITY_ID', 'ID', 'NAME'] },
		}),
	},
	{ fixture: 'docs-examples/crm.requisite.bankdetail.list.error.json', group: 'requisites', status: '40x, 50x', request: () => ({ method: 'crm.requisite.bankdetail.list', auth: 'nocrm', json: {} }) },
	{
		fixture: 'docs-examples/crm.requisite.preset.list.json',
		group: 'requisites',
		request: () => ({ method: 'crm.requisite.preset.list', form: { order: { ID: 'ASC' }, filter: { COUNTRY_ID: '1' }, select: ['ID', 'NAME'] } }),
	},
	{ fixture: 'docs-examples/crm.requisite.preset.list.error.json', group: 'requisites', status: '40x, 50x', request: () => ({ method: 'crm.requisite.preset.list', auth: 'nocrm', json: {} }) },
	{
		fixture: 'docs-examples/crm.address.list.json',
		group: 'requisites',
		setup: async (c) => {
			const contact = await c.call('crm.contact.add', { fields: { NAME: marker('Адресат') } });
			const req = await requisite(c, 3, contact, 'Физ. лицо');
			await c.call('crm.address.add', address(1, req, 'Ленина 2', '625003'));
			return { req };
		},
		request: ({ req }) => ({ method: 'crm.address.list', form: { order: { TYPE_ID: 'asc' }, filter: { ENTITY_TYPE_ID: 8, ENTITY_ID: req } } }),
	},
	{
		fixture: 'docs-examples/crm.address.list.two-requisites.json',
		group: 'requisites',
		setup: async (c) => {
			const contact = await c.call('crm.contact.add', { fields: { NAME: marker('Адресат') } });
			for (const [street, postal] of [['Ленина 2', '625003'], ['Ленина', '666000']]) {
				await c.call('crm.address.add', address(1, await requisite(c, 3, contact, 'Физ. лицо'), street, postal));
			}
			return { contact };
		},
		request: ({ contact }) => ({ method: 'crm.address.list', form: { order: { TYPE_ID: 'asc' }, filter: { ENTITY_TYPE_ID: 8, ANCHOR_TYPE_ID: 3, ANCHOR_ID: contact } } }),
	},
	{ fixture: 'docs-examples/crm.address.list.error.json', group: 'requisites', status: '40x, 50x', request: () => ({ method: 'crm.address.list', auth: 'nocrm', json: {} }) },
];

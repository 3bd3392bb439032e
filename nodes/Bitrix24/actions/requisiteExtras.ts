/**
 * What hangs off requisites: addresses (`crm.address.*`, keyed by type + owner, no ID), presets
 * (`crm.requisite.preset.*`) and the links of deals / quotes / smart invoices to the buyer's and
 * seller's requisites (`crm.requisite.link.*`). Item commands are batched by the router.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { addressFromLine, changedFields } from '../../../lib/address';
import { idParam, listOptionsProp, returnAllProps, show } from './common';
import { F } from './crmEntity';
import { filtersProp, listFiltered, num } from './requisites';
import type { OperationDef, ResourceDef } from './types';

// ---- addresses ----

/** `crm.enum.addresstype` */
export const ADDRESS_TYPES = [
	{ name: 'Actual', value: 1 },
	{ name: 'Beneficiary', value: 9 },
	{ name: 'Correspondence', value: 8 },
	{ name: 'Delivery', value: 11 },
	{ name: 'Legal', value: 6 },
	{ name: 'Registration', value: 4 },
];
const ADDRESS_OWNERS = [
	{ name: 'Lead', value: 1 },
	{ name: 'Requisite', value: 8 },
];

const addressKeyProps: INodeProperties[] = [
	{ displayName: 'Address Type', name: 'addressTypeId', type: 'options', options: ADDRESS_TYPES, default: 6, required: true, description: 'One address of each type per owner (crm.enum.addresstype)' },
	{ displayName: 'Owner Type', name: 'addressOwnerType', type: 'options', options: ADDRESS_OWNERS, default: 8, required: true, description: 'Company and contact addresses belong to their requisites' },
	{ displayName: 'Owner ID', name: 'addressOwnerId', type: 'string', default: '', required: true, description: 'ID of the requisite (or of the lead)' },
];

const addressFields: INodeProperties[] = [
	F.text('Address Line 1', 'ADDRESS_1', 'Street, house, office'),
	F.text('Address Line 2', 'ADDRESS_2'),
	F.text('City', 'CITY'),
	F.text('Country', 'COUNTRY'),
	F.text('Country Code', 'COUNTRY_CODE'),
	F.text('Postal Code', 'POSTAL_CODE'),
	F.text('Province', 'PROVINCE', 'Region of the country (область, край)'),
	F.text('Region', 'REGION', 'District (район)'),
];

const addressFieldsProp = (update: boolean): INodeProperties => ({ displayName: update ? 'Update Fields' : 'Additional Fields', name: 'fields', type: 'collection', placeholder: 'Add Field', default: {}, options: addressFields });

function addressKey(ctx: IExecuteFunctions, i: number): IDataObject {
	return {
		TYPE_ID: Number(ctx.getNodeParameter('addressTypeId', i)),
		ENTITY_TYPE_ID: Number(ctx.getNodeParameter('addressOwnerType', i)),
		ENTITY_ID: Number(ctx.getNodeParameter('addressOwnerId', i)),
	};
}

/** what build decided per item, for parse (same run, same `this`) */
const upserts = new WeakMap<IExecuteFunctions, Record<number, IDataObject>>();

const addressOps: Record<string, OperationDef> = {
	create: {
		name: 'Create',
		action: 'Create an address',
		properties: show('address', 'create', [...addressKeyProps, addressFieldsProp(false)]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.address.add', params: { fields: { ...(this.getNodeParameter('fields', i, {}) as IDataObject), ...addressKey(this, i) } } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { ...addressKey(this, i), created: true };
		},
	},
	get: {
		name: 'Get',
		action: 'Get an address',
		properties: show('address', 'get', addressKeyProps),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.address.list', params: { filter: addressKey(this, i) } };
		},
		parse(this: IExecuteFunctions, result, i) {
			const row = (result as IDataObject[] | undefined)?.[0];
			if (!row) throw new NodeOperationError(this.getNode(), 'Address not found', { itemIndex: i });
			return row;
		},
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many addresses',
		properties: show('address', 'getAll', [
			...returnAllProps,
			filtersProp([
				{ displayName: 'Address Type', name: 'TYPE_ID', type: 'options', options: ADDRESS_TYPES, default: 6 },
				{ displayName: 'Owner Type', name: 'ENTITY_TYPE_ID', type: 'options', options: ADDRESS_OWNERS, default: 8 },
				F.text('Owner ID', 'ENTITY_ID', 'ID of the requisite (or lead)'),
				F.text('Company or Contact ID', 'ANCHOR_ID', 'The company or contact whose requisites hold the address'),
			]),
			listOptionsProp({ filter: '{"ENTITY_TYPE_ID":8,"ENTITY_ID":12}', order: '{"ENTITY_ID":"ASC"}', select: 'TYPE_ID,ENTITY_ID,CITY,ADDRESS_1' }),
		]),
		async run(this: IExecuteFunctions, i, client) {
			return listFiltered(this, i, client, 'crm.address.list', { ENTITY_TYPE_ID: 'ASC', ENTITY_ID: 'ASC', TYPE_ID: 'ASC' });
		},
	},
	update: {
		name: 'Update',
		action: 'Update an address',
		properties: show('address', 'update', [...addressKeyProps, addressFieldsProp(true)]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.address.update', params: { fields: { ...(this.getNodeParameter('fields', i, {}) as IDataObject), ...addressKey(this, i) } } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { ...addressKey(this, i), updated: true };
		},
	},
	upsert: {
		name: 'Create or Update',
		action: 'Create or update an address',
		description: 'Write the address of this type only where it is missing or differs (a repeated run writes nothing)',
		properties: show('address', 'upsert', [
			...addressKeyProps,
			{
				displayName: 'One-Line Address',
				name: 'addressLine',
				type: 'string',
				default: '',
				placeholder: '123456, Московская обл., г. Химки, ул. Ленина, д. 5',
				description: 'E.g. the 1C presentation of the address: split into postal code, region, city and street; the fields below win over the parts (give Province and City as 1C parsed them).',
			},
			addressFieldsProp(false),
		]),
		// the addresses of this type of 50 owners per list command (one address per type and owner)
		prefetchBulk(this: IExecuteFunctions, i) {
			const { TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID } = addressKey(this, i);
			return { method: 'crm.address.list', filter: { TYPE_ID, ENTITY_TYPE_ID }, key: 'ENTITY_ID', value: ENTITY_ID as number, order: { ENTITY_ID: 'ASC' }, take: 'rows' };
		},
		build(this: IExecuteFunctions, i, prefetched) {
			const fields = this.getNodeParameter('fields', i, {}) as IDataObject;
			const line = String(this.getNodeParameter('addressLine', i, '') ?? '');
			const wanted: IDataObject = { ...(line.trim() ? (addressFromLine(line, { region: fields.PROVINCE, city: fields.CITY }) as IDataObject) : {}), ...fields };
			const current = (prefetched as IDataObject[] | undefined)?.[0];
			const changed = changedFields(current, wanted);
			const action = !current ? 'created' : changed.length ? 'updated' : 'unchanged';
			upserts.set(this, { ...(upserts.get(this) ?? {}), [i]: { action, changed: current ? changed : Object.keys(wanted) } });
			if (action === 'unchanged') return undefined;
			return { method: current ? 'crm.address.update' : 'crm.address.add', params: { fields: { ...wanted, ...addressKey(this, i) } } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { ...addressKey(this, i), ...(upserts.get(this)?.[i] ?? {}) };
		},
	},
	delete: {
		name: 'Delete',
		action: 'Delete an address',
		properties: show('address', 'delete', addressKeyProps),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.address.delete', params: { fields: addressKey(this, i) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { ...addressKey(this, i), deleted: true };
		},
	},
};

export const address: ResourceDef = { value: 'address', name: 'Address', operations: addressOps };

// ---- presets ----

export const requisitePreset: ResourceDef = {
	value: 'requisitePreset',
	name: 'Requisite Preset',
	operations: {
		getAll: {
			name: 'Get Many',
			action: 'Get many requisite presets',
			properties: show('requisitePreset', 'getAll', [...returnAllProps, listOptionsProp({ filter: '{"ACTIVE":"Y"}', order: '{"SORT":"ASC"}', select: 'ID,NAME,XML_ID' })]),
			async run(this: IExecuteFunctions, i, client) {
				return listFiltered(this, i, client, 'crm.requisite.preset.list');
			},
		},
		get: {
			name: 'Get',
			action: 'Get a requisite preset',
			properties: show('requisitePreset', 'get', [idParam('id', 'Preset ID')]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.requisite.preset.get', params: { id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => result as IDataObject,
		},
		getFields: {
			name: 'Get Fields',
			action: 'Get the fields of a requisite preset',
			properties: show('requisitePreset', 'getFields', [idParam('id', 'Preset ID')]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.requisite.preset.field.list', params: { preset: { ID: this.getNodeParameter('id', i) } } };
			},
			parse: (result) => (result as IDataObject[]) ?? [],
		},
	},
};

// ---- deal / invoice ↔ requisite links ----

const linkKeyProps: INodeProperties[] = [
	{
		displayName: 'Entity Type Name or ID',
		name: 'linkEntityTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRequisiteLinkEntityTypes' },
		default: '',
		required: true,
		description: 'Deal (2), quote (7), smart invoice (31) or a smart process. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'Entity ID', name: 'linkEntityId', type: 'string', default: '', required: true, description: 'ID of the deal, quote, invoice or item' },
];

function linkKey(ctx: IExecuteFunctions, i: number): { entityTypeId: number; entityId: number } {
	return { entityTypeId: Number(ctx.getNodeParameter('linkEntityTypeId', i)), entityId: Number(ctx.getNodeParameter('linkEntityId', i)) };
}

export const requisiteLink: ResourceDef = {
	value: 'requisiteLink',
	name: 'Requisite Link',
	operations: {
		register: {
			name: 'Register',
			action: 'Link requisites to a deal or invoice',
			properties: show('requisiteLink', 'register', [
				...linkKeyProps,
				{ displayName: 'Requisite ID', name: 'requisiteId', type: 'string', default: '', required: true, description: "The client's requisite" },
				{
					displayName: 'Additional Fields',
					name: 'linkFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						num('Bank Detail ID', 'BANK_DETAIL_ID', "The client's bank detail"),
						num('My Company Bank Detail ID', 'MC_BANK_DETAIL_ID', "The seller's bank detail"),
						num('My Company Requisite ID', 'MC_REQUISITE_ID', "The seller's (my company's) requisite"),
					],
				},
			]),
			build(this: IExecuteFunctions, i) {
				const { entityTypeId, entityId } = linkKey(this, i);
				const extra = this.getNodeParameter('linkFields', i, {}) as IDataObject;
				const fields = { ENTITY_TYPE_ID: entityTypeId, ENTITY_ID: entityId, REQUISITE_ID: Number(this.getNodeParameter('requisiteId', i)), BANK_DETAIL_ID: 0, MC_REQUISITE_ID: 0, MC_BANK_DETAIL_ID: 0, ...extra };
				return { method: 'crm.requisite.link.register', params: { fields } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { ...linkKey(this, i), registered: true };
			},
		},
		get: {
			name: 'Get',
			action: 'Get the requisites linked to a deal or invoice',
			properties: show('requisiteLink', 'get', linkKeyProps),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.requisite.link.get', params: linkKey(this, i) };
			},
			parse: (result) => result as IDataObject,
		},
		getAll: {
			name: 'Get Many',
			action: 'Get many requisite links',
			properties: show('requisiteLink', 'getAll', [
				...returnAllProps,
				filtersProp([num('Entity Type ID', 'ENTITY_TYPE_ID', '2 deal, 7 quote, 31 smart invoice'), F.text('Entity ID', 'ENTITY_ID'), F.text('Requisite ID', 'REQUISITE_ID'), F.text('My Company Requisite ID', 'MC_REQUISITE_ID')]),
				listOptionsProp({ filter: '{"ENTITY_TYPE_ID":2}', order: '{"ENTITY_ID":"DESC"}', select: 'ENTITY_ID,REQUISITE_ID,BANK_DETAIL_ID' }),
			]),
			async run(this: IExecuteFunctions, i, client) {
				return listFiltered(this, i, client, 'crm.requisite.link.list', { ENTITY_TYPE_ID: 'ASC', ENTITY_ID: 'ASC' });
			},
		},
		unregister: {
			name: 'Unregister',
			action: 'Unlink the requisites from a deal or invoice',
			properties: show('requisiteLink', 'unregister', linkKeyProps),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.requisite.link.unregister', params: linkKey(this, i) };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { ...linkKey(this, i), unregistered: true };
			},
		},
	},
};

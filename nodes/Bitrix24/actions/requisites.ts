/**
 * Requisites of companies and contacts (`crm.requisite.*`) and their bank details
 * (`crm.requisite.bankdetail.*`): create, get, getAll, update, delete — item commands batched.
 * Named fields for the common RQ_* values, any other field by picker (`*.fields`) or JSON.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { changedFields } from '../../../lib/address';
import { collectFields, customFieldsProps, idParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import { F } from './crmEntity';
import type { Bitrix24Client } from '../transport/client';
import type { OperationDef, ResourceDef } from './types';

export const yesNo = (displayName: string, name: string, description?: string): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	options: [
		{ name: 'No', value: 'N' },
		{ name: 'Yes', value: 'Y' },
	],
	default: 'Y',
	description,
});

export const num = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'number', default: 0, description });

/** The parts of a requisite-like resource that differ. */
interface CrudSpec {
	value: string;
	name: string;
	/** `crm.requisite` */
	prefix: string;
	/** required parameters of create, and the fields they set */
	createProps: INodeProperties[];
	createFields: (ctx: IExecuteFunctions, i: number) => IDataObject;
	/** named fields of create and update (sorted by display name) */
	fields: INodeProperties[];
	/** named fields offered on update only (those create asks as required parameters) */
	updateOnly: INodeProperties[];
	fieldsPicker: string;
	/** convenience filters of getAll; option names are the Bitrix24 filter keys */
	filters: INodeProperties[];
	listExample: { filter: string; order: string; select: string };
}

const byName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** Convenience filters of getAll: option names are the Bitrix24 filter keys. */
export const filtersProp = (options: INodeProperties[]): INodeProperties => ({ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options: [...options].sort(byName) });

/**
 * getAll of a list method: `filters` merged under the JSON filter of `listOptions`. Lists without
 * an ID column (addresses, links) pass `order`: a custom order makes the client page by offsets.
 */
export async function listFiltered(ctx: IExecuteFunctions, i: number, client: Bitrix24Client, method: string, order?: IDataObject): Promise<IDataObject[]> {
	const { returnAll, limit } = returnAllLimit(ctx, i);
	const params = listParams(ctx, i);
	const quick = Object.fromEntries(Object.entries(ctx.getNodeParameter('filters', i, {}) as IDataObject).filter(([, v]) => v !== '' && v !== undefined && v !== null));
	if (Object.keys(quick).length) params.filter = { ...quick, ...(params.filter as IDataObject | undefined) };
	if (order && !params.order) params.order = order;
	return client.list(method, params, { returnAll, limit });
}

function crudResource(spec: CrudSpec): ResourceDef {
	const r = spec.value;
	const label = spec.name.toLowerCase();
	const custom = customFieldsProps(spec.fieldsPicker);
	const fieldsProp = (update: boolean): INodeProperties => ({
		displayName: update ? 'Update Fields' : 'Additional Fields',
		name: 'fields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: (update ? [...spec.fields, ...spec.updateOnly] : [...spec.fields]).sort(byName),
	});
	const id = idParam('id', `${spec.name} ID`);
	const operations: Record<string, OperationDef> = {
		create: {
			name: 'Create',
			action: `Create a ${label}`,
			properties: show(r, 'create', [...spec.createProps, fieldsProp(false), ...custom]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.add`, params: { fields: { ...collectFields(this, i), ...spec.createFields(this, i) } } };
			},
			parse: (result) => ({ id: result as number }),
		},
		get: {
			name: 'Get',
			action: `Get a ${label}`,
			properties: show(r, 'get', [id]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.get`, params: { id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => result as IDataObject,
		},
		getAll: {
			name: 'Get Many',
			action: `Get many ${label}s`,
			properties: show(r, 'getAll', [...returnAllProps, filtersProp(spec.filters), listOptionsProp(spec.listExample)]),
			async run(this: IExecuteFunctions, i, client) {
				return listFiltered(this, i, client, `${spec.prefix}.list`);
			},
		},
		update: {
			name: 'Update',
			action: `Update a ${label}`,
			properties: show(r, 'update', [
				id,
				fieldsProp(true),
				...custom,
				{ displayName: 'Only Changed Values', name: 'onlyChanged', type: 'boolean', default: false, description: `Whether to read the ${label} first and send only the fields whose values differ (nothing when none do): a repeated run writes nothing` },
			]),
			// the current values, 50 records per list command (a missing record: its own .get fails it)
			prefetchBulk(this: IExecuteFunctions, i) {
				if (!this.getNodeParameter('onlyChanged', i, false)) return undefined;
				const id = this.getNodeParameter('id', i) as string;
				return { method: `${spec.prefix}.list`, filter: {}, key: 'ID', value: id, select: Object.keys(collectFields(this, i)), take: 'row', alone: { method: `${spec.prefix}.get`, params: { id } } };
			},
			build(this: IExecuteFunctions, i, prefetched) {
				const fields = collectFields(this, i);
				if (!this.getNodeParameter('onlyChanged', i, false)) return { method: `${spec.prefix}.update`, params: { id: this.getNodeParameter('id', i), fields } };
				const changed = changedFields(prefetched as IDataObject, fields);
				if (!changed.length) return undefined;
				return { method: `${spec.prefix}.update`, params: { id: this.getNodeParameter('id', i), fields: Object.fromEntries(changed.map((k) => [k, fields[k]])) } };
			},
			parse(this: IExecuteFunctions, result, i) {
				return { id: this.getNodeParameter('id', i) as string, updated: result !== undefined };
			},
		},
		delete: {
			name: 'Delete',
			action: `Delete a ${label}`,
			properties: show(r, 'delete', [id]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.delete`, params: { id: this.getNodeParameter('id', i) } };
			},
			parse(this: IExecuteFunctions, _result, i) {
				return { id: this.getNodeParameter('id', i) as string, deleted: true };
			},
		},
	};
	return { value: r, name: spec.name, operations };
}

const externalFields: INodeProperties[] = [
	F.text('External ID', 'XML_ID', 'E.g. the 1C Ref_Key of the counterparty or bank account'),
	F.text('Originator ID', 'ORIGINATOR_ID', 'ID of the external information base the record comes from'),
	yesNo('Active', 'ACTIVE'),
	num('Sort', 'SORT'),
];

const presetPicker = (name: string): INodeProperties => ({
	displayName: 'Preset Name or ID',
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getRequisitePresets' },
	default: '',
	description: 'Requisite template (Организация, ИП, Физ. лицо, …). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

export const OWNER_TYPES = [
	{ name: 'Company', value: 4 },
	{ name: 'Contact', value: 3 },
];

export const requisite: ResourceDef = crudResource({
	value: 'requisite',
	name: 'Requisite',
	prefix: 'crm.requisite',
	createProps: [
		{ displayName: 'Owner Type', name: 'requisiteOwnerType', type: 'options', options: OWNER_TYPES, default: 4, required: true, description: 'The CRM entity the requisite belongs to' },
		{ displayName: 'Owner ID', name: 'requisiteOwnerId', type: 'string', default: '', required: true, description: 'ID of the company or contact' },
		{ ...presetPicker('presetId'), required: true },
		{ displayName: 'Name', name: 'requisiteName', type: 'string', default: '', required: true, description: 'Name of the requisite, e.g. the preset name "Организация"' },
	],
	createFields: (ctx, i) => ({
		ENTITY_TYPE_ID: ctx.getNodeParameter('requisiteOwnerType', i) as number,
		ENTITY_ID: ctx.getNodeParameter('requisiteOwnerId', i) as string,
		PRESET_ID: ctx.getNodeParameter('presetId', i) as string,
		NAME: ctx.getNodeParameter('requisiteName', i) as string,
	}),
	fields: [
		F.text('Accountant', 'RQ_ACCOUNTANT'),
		F.text('Company Full Name', 'RQ_COMPANY_FULL_NAME'),
		F.text('Company Name', 'RQ_COMPANY_NAME'),
		F.text('Company Registration Date', 'RQ_COMPANY_REG_DATE', 'E.g. 06.04.2007'),
		F.text('Director', 'RQ_DIRECTOR'),
		F.text('Email', 'RQ_EMAIL'),
		F.text('First Name', 'RQ_FIRST_NAME', 'Of a sole proprietor or a private person'),
		F.text('INN', 'RQ_INN', 'Taxpayer ID: 10 digits for organisations, 12 for persons'),
		F.text('KPP', 'RQ_KPP'),
		F.text('Last Name', 'RQ_LAST_NAME', 'Of a sole proprietor or a private person'),
		F.text('Middle Name', 'RQ_SECOND_NAME', 'Of a sole proprietor or a private person'),
		F.text('OGRN', 'RQ_OGRN'),
		F.text('OGRNIP', 'RQ_OGRNIP', 'OGRN of a sole proprietor'),
		F.text('OKPO', 'RQ_OKPO'),
		F.text('OKVED', 'RQ_OKVED'),
		F.text('Phone', 'RQ_PHONE'),
		yesNo('VAT Payer', 'RQ_VAT_PAYER'),
		...externalFields,
	],
	updateOnly: [F.text('Name', 'NAME'), presetPicker('PRESET_ID')],
	fieldsPicker: 'getRequisiteFields',
	filters: [
		{ displayName: 'Owner Type', name: 'ENTITY_TYPE_ID', type: 'options', options: OWNER_TYPES, default: 4 },
		F.text('Owner ID', 'ENTITY_ID'),
		F.text('INN', 'RQ_INN'),
		F.text('KPP', 'RQ_KPP'),
		F.text('External ID', 'XML_ID'),
	],
	listExample: { filter: '{"RQ_INN":"7717586110"}', order: '{"ID":"ASC"}', select: 'ID,ENTITY_TYPE_ID,ENTITY_ID,RQ_INN,RQ_KPP' },
});

export const bankDetail: ResourceDef = crudResource({
	value: 'bankDetail',
	name: 'Bank Detail',
	prefix: 'crm.requisite.bankdetail',
	createProps: [
		{ displayName: 'Requisite ID', name: 'requisiteId', type: 'string', default: '', required: true, description: 'The requisite the bank account belongs to' },
		{ displayName: 'Name', name: 'bankDetailName', type: 'string', default: '', required: true, description: 'Name of the bank account, e.g. the bank name' },
	],
	createFields: (ctx, i) => ({ ENTITY_ID: ctx.getNodeParameter('requisiteId', i) as string, NAME: ctx.getNodeParameter('bankDetailName', i) as string }),
	fields: [
		F.text('Account Currency', 'RQ_ACC_CURRENCY', 'E.g. RUB'),
		F.text('Account Name', 'RQ_ACC_NAME'),
		F.text('Account Number', 'RQ_ACC_NUM'),
		F.text('Bank Address', 'RQ_BANK_ADDR'),
		F.text('Bank Name', 'RQ_BANK_NAME'),
		F.text('BIK', 'RQ_BIK', 'Russian bank identification code'),
		F.text('Comments', 'COMMENTS'),
		F.text('Correspondent Account', 'RQ_COR_ACC_NUM'),
		num('Country ID', 'COUNTRY_ID', '1 = Russia'),
		F.text('IBAN', 'RQ_IBAN'),
		F.text('SWIFT', 'RQ_SWIFT'),
		...externalFields,
	],
	updateOnly: [F.text('Name', 'NAME')],
	fieldsPicker: 'getBankDetailFields',
	filters: [F.text('Requisite ID', 'ENTITY_ID'), F.text('BIK', 'RQ_BIK'), F.text('Account Number', 'RQ_ACC_NUM'), F.text('External ID', 'XML_ID')],
	listExample: { filter: '{"ENTITY_ID":27}', order: '{"ID":"ASC"}', select: 'ID,ENTITY_ID,RQ_BIK,RQ_ACC_NUM' },
});

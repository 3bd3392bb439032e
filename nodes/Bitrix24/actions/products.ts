/**
 * Catalog products: `catalog.product.*` (typed camelCase fields, a catalog iblock per call) or the
 * deprecated `crm.product.*` (UPPER_SNAKE, price on the product) as "API: CRM (Legacy)".
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { DEFAULT_CATALOG_IBLOCK } from '../methods/itemOptions';
import { idParam, jsonParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import type { OperationDef, ResourceDef } from './types';

const R = 'product';
const text = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description });
const onlyApi = (api: string, props: INodeProperties[]): INodeProperties[] => props.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, api: [api] } } }));

const CATALOG_FIELDS: INodeProperties[] = [
	{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether the product is active' },
	text('Code', 'code', 'Symbolic code / SKU'),
	text('Description', 'detailText'),
	text('External ID', 'xmlId', 'The 1C nomenclature GUID'),
	{ displayName: 'Measure ID', name: 'measure', type: 'number', default: 5, description: 'Unit of measure ID (catalog.measure.list)' },
	text('Purchasing Currency', 'purchasingCurrency', 'E.g. RUB'),
	{ displayName: 'Purchasing Price', name: 'purchasingPrice', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
	{ displayName: 'Section ID', name: 'iblockSectionId', type: 'number', default: 0, description: 'Product group (catalog.section.list)' },
	{ displayName: 'Sort', name: 'sort', type: 'number', default: 500 },
	{ displayName: 'VAT ID', name: 'vatId', type: 'number', default: 0, description: 'VAT rate ID (catalog.vat.list)' },
	{ displayName: 'VAT Included', name: 'vatIncluded', type: 'boolean', default: true, description: 'Whether prices include VAT' },
];

const CRM_FIELDS: INodeProperties[] = [
	{ displayName: 'Active', name: 'ACTIVE', type: 'boolean', default: true, description: 'Whether the product is active' },
	text('Currency', 'CURRENCY_ID', 'E.g. RUB'),
	text('Description', 'DESCRIPTION'),
	text('External ID', 'XML_ID', 'The 1C nomenclature GUID'),
	{ displayName: 'Measure ID', name: 'MEASURE', type: 'number', default: 5 },
	{ displayName: 'Price', name: 'PRICE', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
	{ displayName: 'Section ID', name: 'SECTION_ID', type: 'number', default: 0 },
	{ displayName: 'Sort', name: 'SORT', type: 'number', default: 500 },
	{ displayName: 'VAT ID', name: 'VAT_ID', type: 'number', default: 0 },
	{ displayName: 'VAT Included', name: 'VAT_INCLUDED', type: 'boolean', default: true, description: 'Whether the price includes VAT' },
];

const apiProp: INodeProperties = {
	displayName: 'API',
	name: 'api',
	type: 'options',
	options: [
		{ name: 'Catalog', value: 'catalog', description: 'Uses catalog.product.* (current)' },
		{ name: 'CRM (Legacy)', value: 'crm', description: 'Uses crm.product.* (deprecated; price on the product)' },
	],
	default: 'catalog',
};

/** The catalog iblock picker (also used by the catalog sections resource). */
export const IBLOCK_PROP: INodeProperties = {
	displayName: 'Catalog Name or ID',
	name: 'iblockId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCatalogs' },
	default: DEFAULT_CATALOG_IBLOCK,
	description: `The catalog iblock; ${DEFAULT_CATALOG_IBLOCK} is the CRM catalog of a default portal. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
};
const iblockProp: INodeProperties = { ...IBLOCK_PROP, displayOptions: { show: { api: ['catalog'] } } };

const fieldsProps = (update: boolean): INodeProperties[] => [
	...onlyApi('catalog', [{ displayName: update ? 'Update Fields' : 'Fields', name: 'fields', type: 'collection', placeholder: 'Add Field', default: {}, options: CATALOG_FIELDS }]),
	...onlyApi('crm', [{ displayName: update ? 'Update Fields' : 'Fields', name: 'crmFields', type: 'collection', placeholder: 'Add Field', default: {}, options: CRM_FIELDS }]),
	{ displayName: 'Fields (JSON)', name: 'fieldsJson', type: 'json', default: '{}', description: 'Any other fields as a JSON object (merged last), e.g. {"property102":{"value":"…"}} for catalog or {"PROPERTY_102":"…"} for CRM' },
];

const isCrm = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('api', i, 'catalog') === 'crm';
const yn = (v: unknown) => (typeof v === 'boolean' ? (v ? 'Y' : 'N') : v);

function productFields(ctx: IExecuteFunctions, i: number, create: boolean): IDataObject {
	const crm = isCrm(ctx, i);
	const fields: IDataObject = crm ? { ...(ctx.getNodeParameter('crmFields', i, {}) as IDataObject) } : collectFieldsOnly(ctx, i);
	for (const k of ['active', 'vatIncluded', 'ACTIVE', 'VAT_INCLUDED']) if (k in fields) fields[k] = yn(fields[k]) as string;
	if (create) {
		fields[crm ? 'NAME' : 'name'] = ctx.getNodeParameter('name', i);
		if (!crm) fields.iblockId = iblockOf(ctx, i);
	}
	Object.assign(fields, jsonParam(ctx, 'fieldsJson', i));
	return fields;
}

/** The catalog `fields` collection (common `collectFields` would also read fieldsUi). */
function collectFieldsOnly(ctx: IExecuteFunctions, i: number): IDataObject {
	return { ...(ctx.getNodeParameter('fields', i, {}) as IDataObject) };
}

function iblockOf(ctx: IExecuteFunctions, i: number): number {
	const v = Number(ctx.getNodeParameter('iblockId', i, DEFAULT_CATALOG_IBLOCK));
	if (!Number.isInteger(v) || v <= 0) throw new NodeOperationError(ctx.getNode(), 'Catalog (iblock ID) is empty', { itemIndex: i });
	return v;
}

const PRODUCT_SELECT = ['id', 'iblockId', 'name', 'code', 'xmlId', 'active', 'iblockSectionId', 'measure', 'vatId', 'vatIncluded', 'purchasingPrice', 'purchasingCurrency', 'type', 'quantity', 'dateCreate', 'timestampX'];

const id = idParam('id', 'Product ID');
const unwrap = (key: string) => (result: unknown): IDataObject => ((result as IDataObject | undefined)?.[key] as IDataObject) ?? {};

const operations: Record<string, OperationDef> = {
	create: {
		name: 'Create',
		action: 'Create a product',
		properties: show(R, 'create', [apiProp, iblockProp, { displayName: 'Name', name: 'name', type: 'string', required: true, default: '' }, ...fieldsProps(false)]),
		build(this: IExecuteFunctions, i) {
			return { method: isCrm(this, i) ? 'crm.product.add' : 'catalog.product.add', params: { fields: productFields(this, i, true) } };
		},
		parse(this: IExecuteFunctions, result, i) {
			return isCrm(this, i) ? { id: result as number } : unwrap('element')(result);
		},
	},
	get: {
		name: 'Get',
		action: 'Get a product',
		properties: show(R, 'get', [apiProp, id]),
		build(this: IExecuteFunctions, i) {
			return { method: isCrm(this, i) ? 'crm.product.get' : 'catalog.product.get', params: { id: this.getNodeParameter('id', i) } };
		},
		parse(this: IExecuteFunctions, result, i) {
			return isCrm(this, i) ? (result as IDataObject) : unwrap('product')(result);
		},
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many products',
		properties: show(R, 'getAll', [apiProp, iblockProp, ...returnAllProps, listOptionsProp({ filter: '{"%name":"кофе",">=id":100}', order: '{"id":"ASC"}', select: 'id,iblockId,name,xmlId (catalog) or ID,NAME,PRICE,XML_ID (CRM)' })]),
		async run(this: IExecuteFunctions, i, client) {
			const { returnAll, limit } = returnAllLimit(this, i);
			const params = listParams(this, i);
			if (isCrm(this, i)) return client.list('crm.product.list', params, { returnAll, limit });
			// catalog.product.list requires filter.iblockId and id + iblockId in select
			const select = (params.select as string[] | undefined) ?? PRODUCT_SELECT;
			for (const k of ['iblockId', 'id']) if (!select.some((s) => s.toLowerCase() === k.toLowerCase())) select.unshift(k);
			const filter = { iblockId: iblockOf(this, i), ...(params.filter as IDataObject | undefined) };
			return client.list('catalog.product.list', { ...params, select, filter }, { returnAll, limit, itemsKey: 'products', idField: 'id' });
		},
	},
	update: {
		name: 'Update',
		action: 'Update a product',
		properties: show(R, 'update', [apiProp, id, ...fieldsProps(true)]),
		build(this: IExecuteFunctions, i) {
			return { method: isCrm(this, i) ? 'crm.product.update' : 'catalog.product.update', params: { id: this.getNodeParameter('id', i), fields: productFields(this, i, false) } };
		},
		parse(this: IExecuteFunctions, result, i) {
			return isCrm(this, i) ? { id: this.getNodeParameter('id', i) as string, updated: true } : unwrap('element')(result);
		},
	},
	delete: {
		name: 'Delete',
		action: 'Delete a product',
		properties: show(R, 'delete', [apiProp, id]),
		build(this: IExecuteFunctions, i) {
			return { method: isCrm(this, i) ? 'crm.product.delete' : 'catalog.product.delete', params: { id: this.getNodeParameter('id', i) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { id: this.getNodeParameter('id', i) as string, deleted: true };
		},
	},
};

export const product: ResourceDef = { value: R, name: 'Product', description: 'Catalog products (catalog.product.*, or crm.product.* as legacy)', operations };

/**
 * Catalog sections (`catalog.section.*`, the product groups of a catalog iblock), units of measure
 * (`catalog.measure.list`) and product prices (`catalog.price.*`; Set = create or update the price
 * of a product in a price type, base = 1).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_CATALOG_IBLOCK } from '../methods/itemOptions';
import { idParam, jsonParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import type { ResourceDef } from './types';
import { IBLOCK_PROP } from './products';

const unwrap = (key: string) => (result: unknown): IDataObject => ((result as IDataObject | undefined)?.[key] as IDataObject) ?? {};
const yn = (v: unknown) => (typeof v === 'boolean' ? (v ? 'Y' : 'N') : v);

// ---- sections ----

const S = 'catalogSection';

const SECTION_FIELDS: INodeProperties[] = [
	{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether the section is active' },
	{ displayName: 'Code', name: 'code', type: 'string', default: '', description: 'Symbolic code, unique in the catalog' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{ displayName: 'External ID', name: 'xmlId', type: 'string', default: '', description: 'The Ref_Key of the 1C nomenclature group, for example' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Parent Section ID', name: 'iblockSectionId', type: 'number', default: 0, description: '0 = the top level' },
	{ displayName: 'Sort', name: 'sort', type: 'number', default: 500 },
];
const sectionFields = (update: boolean): INodeProperties[] => [
	{ displayName: update ? 'Update Fields' : 'Additional Fields', name: 'sectionFields', type: 'collection', placeholder: 'Add Field', default: {}, options: update ? SECTION_FIELDS : SECTION_FIELDS.filter((f) => f.name !== 'name') },
	{ displayName: 'Fields (JSON)', name: 'fieldsJson', type: 'json', default: '{}', description: 'Any other fields as a JSON object (merged last)' },
];

function readSectionFields(ctx: IExecuteFunctions, i: number): IDataObject {
	const fields = { ...(ctx.getNodeParameter('sectionFields', i, {}) as IDataObject) };
	if ('active' in fields) fields.active = yn(fields.active) as string;
	if (fields.iblockSectionId === 0) fields.iblockSectionId = null;
	return Object.assign(fields, jsonParam(ctx, 'fieldsJson', i));
}

export const catalogSection: ResourceDef = {
	value: S,
	name: 'Catalog Section',
	description: 'Product groups of a catalog (catalog.section.*)',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a catalog section',
			properties: show(S, 'create', [IBLOCK_PROP, { displayName: 'Name', name: 'name', type: 'string', required: true, default: '' }, ...sectionFields(false)]),
			build(this: IExecuteFunctions, i) {
				const fields = { ...readSectionFields(this, i), iblockId: Number(this.getNodeParameter('iblockId', i, DEFAULT_CATALOG_IBLOCK)), name: this.getNodeParameter('name', i) };
				return { method: 'catalog.section.add', params: { fields } };
			},
			parse: unwrap('section'),
		},
		get: {
			name: 'Get',
			action: 'Get a catalog section',
			properties: show(S, 'get', [idParam('id', 'Section ID')]),
			build(this: IExecuteFunctions, i) {
				return { method: 'catalog.section.get', params: { id: this.getNodeParameter('id', i) } };
			},
			parse: unwrap('section'),
		},
		getAll: {
			name: 'Get Many',
			action: 'Get many catalog sections',
			properties: show(S, 'getAll', [IBLOCK_PROP, ...returnAllProps, listOptionsProp({ filter: '{"=xmlId":"…"}', order: '{"sort":"ASC"}', select: 'id,name,xmlId,iblockSectionId' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				const params = listParams(this, i);
				// catalog.section.list requires filter.iblockId
				const filter = { iblockId: Number(this.getNodeParameter('iblockId', i, DEFAULT_CATALOG_IBLOCK)), ...(params.filter as IDataObject | undefined) };
				return client.list('catalog.section.list', { ...params, filter }, { returnAll, limit, itemsKey: 'sections', idField: 'id' });
			},
		},
		update: {
			name: 'Update',
			action: 'Update a catalog section',
			properties: show(S, 'update', [idParam('id', 'Section ID'), ...sectionFields(true)]),
			build(this: IExecuteFunctions, i) {
				return { method: 'catalog.section.update', params: { id: this.getNodeParameter('id', i), fields: readSectionFields(this, i) } };
			},
			parse: unwrap('section'),
		},
	},
};

// ---- units of measure ----

export const measure: ResourceDef = {
	value: 'measure',
	name: 'Unit of Measure',
	description: 'Units of measure of the catalog (catalog.measure.list; code = OKEI)',
	operations: {
		getAll: {
			name: 'Get Many',
			action: 'Get many units of measure',
			properties: show('measure', 'getAll', [...returnAllProps, listOptionsProp({ filter: '{"code":796}', order: '{"id":"ASC"}', select: 'id,code,measureTitle,symbol' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list('catalog.measure.list', listParams(this, i), { returnAll, limit, itemsKey: 'measures', idField: 'id' });
			},
		},
	},
};

// ---- prices ----

const P = 'productPrice';
const priceType: INodeProperties = { displayName: 'Price Type ID', name: 'catalogGroupId', type: 'number', default: 1, description: 'The price type (catalog.priceType.list); 1 = the base price' };
const priceValue: INodeProperties[] = [
	{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, required: true },
	{ displayName: 'Currency', name: 'currency', type: 'string', default: 'RUB', required: true },
];
const productIdParam = idParam('productId', 'Product ID');

export const productPrice: ResourceDef = {
	value: P,
	name: 'Product Price',
	description: 'Prices of catalog products (catalog.price.*)',
	operations: {
		getAll: {
			name: 'Get Many',
			action: 'Get many product prices',
			properties: show(P, 'getAll', [...returnAllProps, listOptionsProp({ filter: '{"catalogGroupId":1,"productId":[1,2]}', order: '{"id":"ASC"}', select: 'id,productId,catalogGroupId,price,currency' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list('catalog.price.list', listParams(this, i), { returnAll, limit, itemsKey: 'prices', idField: 'id' });
			},
		},
		set: {
			name: 'Set',
			action: 'Set the price of a product',
			description: 'Updates the product price of the price type, or adds it when the product has none',
			properties: show(P, 'set', [productIdParam, priceType, ...priceValue]),
			prefetch(this: IExecuteFunctions, i) {
				const filter = { productId: Number(this.getNodeParameter('productId', i)), catalogGroupId: Number(this.getNodeParameter('catalogGroupId', i, 1)) };
				return { method: 'catalog.price.list', params: { select: ['id', 'productId', 'catalogGroupId', 'price', 'currency'], filter } };
			},
			build(this: IExecuteFunctions, i, prefetched) {
				const existing = ((prefetched as IDataObject | undefined)?.prices as IDataObject[] | undefined)?.[0];
				const value = { price: Number(this.getNodeParameter('price', i)), currency: String(this.getNodeParameter('currency', i, 'RUB')) };
				if (existing) return { method: 'catalog.price.update', params: { id: existing.id, fields: value } };
				const fields = { productId: Number(this.getNodeParameter('productId', i)), catalogGroupId: Number(this.getNodeParameter('catalogGroupId', i, 1)), ...value };
				return { method: 'catalog.price.add', params: { fields } };
			},
			parse: unwrap('price'),
		},
		update: {
			name: 'Update',
			action: 'Update a product price',
			properties: show(P, 'update', [idParam('id', 'Price ID'), ...priceValue]),
			build(this: IExecuteFunctions, i) {
				const fields = { price: Number(this.getNodeParameter('price', i)), currency: String(this.getNodeParameter('currency', i, 'RUB')) };
				return { method: 'catalog.price.update', params: { id: this.getNodeParameter('id', i), fields } };
			},
			parse: unwrap('price'),
		},
	},
};

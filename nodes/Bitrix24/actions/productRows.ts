/**
 * Product rows of any owner through `crm.item.productrow.*` (deals D, leads L, quotes Q, smart
 * invoices SI, smart processes T{hex}): replace all rows (rows JSON per item, or one row per input
 * item grouped by owner), list by owner, and single-row add / get / update / delete.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { B24Command, Bitrix24Client } from '../transport/client';
import { onceForAllItems, planPerItem, restOfList, type Slot } from './allItems';
import { idParam, jsonOption, show } from './common';
import type { OperationDef, ResourceDef } from './types';

export const ROW_FIELDS: INodeProperties[] = [
	{ displayName: 'Discount Rate (%)', name: 'discountRate', type: 'number', default: 0 },
	{ displayName: 'Discount Sum', name: 'discountSum', type: 'number', default: 0, description: 'Discount per unit, with Discount Type = Amount' },
	{
		displayName: 'Discount Type',
		name: 'discountTypeId',
		type: 'options',
		options: [
			{ name: 'Amount', value: 1 },
			{ name: 'Percent', value: 2 },
		],
		default: 2,
	},
	{ displayName: 'External ID', name: 'xmlId', type: 'string', default: '', description: 'E.g. the 1C row or nomenclature GUID.' },
	{ displayName: 'Measure Code', name: 'measureCode', type: 'number', default: 796, description: 'OKEI code: 796 pieces, 166 kg, 6 m, 112 l' },
	{ displayName: 'Measure Name', name: 'measureName', type: 'string', default: 'шт' },
	{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Final unit price: after the discount, with tax when Tax Included' },
	{ displayName: 'Product ID', name: 'productId', type: 'number', default: 0, description: 'Catalog product ID; 0 for a free-text row' },
	{ displayName: 'Product Name', name: 'productName', type: 'string', default: '' },
	{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1 },
	{ displayName: 'Sort', name: 'sort', type: 'number', default: 10 },
	{ displayName: 'Tax Included', name: 'taxIncluded', type: 'boolean', default: true, description: 'Whether the price includes the tax' },
	{ displayName: 'Tax Rate (%)', name: 'taxRate', type: 'number', default: 20 },
];

export const rowFieldsProps: INodeProperties[] = [
	{ displayName: 'Row Fields', name: 'rowFields', type: 'collection', placeholder: 'Add Field', default: {}, options: ROW_FIELDS },
	{ displayName: 'Row (JSON)', name: 'rowJson', type: 'json', default: '{}', description: 'More row fields as a JSON object (camelCase, merged last)' },
];

export const rowsJsonProp: INodeProperties = {
	displayName: 'Rows (JSON)',
	name: 'rowsJson',
	type: 'json',
	default: '[]',
	description: 'An array of rows (or {"rows":[…]}): [{"productId":1,"productName":"…","price":100,"quantity":2,"taxRate":20,"taxIncluded":"Y","discountTypeId":2,"discountRate":0,"measureCode":796}]. All existing rows of the owner are replaced.',
};

/** One row from the row fields and row JSON of item i (taxIncluded as Y/N). */
export function readRow(ctx: IExecuteFunctions, i: number): IDataObject {
	const row: IDataObject = { ...(ctx.getNodeParameter('rowFields', i, {}) as IDataObject) };
	Object.assign(row, jsonOption(ctx, ctx.getNodeParameter('rowJson', i, '') as unknown, 'Row (JSON)', i) ?? {});
	if (typeof row.taxIncluded === 'boolean') row.taxIncluded = row.taxIncluded ? 'Y' : 'N';
	return row;
}

/** The rows of the rows JSON parameter of item i: an array, or an object with `rows` / `productRows`. */
export function readRows(ctx: IExecuteFunctions, name: string, i: number): IDataObject[] {
	let v = ctx.getNodeParameter(name, i, '[]') as unknown;
	try {
		if (typeof v === 'string') v = v.trim() === '' ? [] : JSON.parse(v);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'Rows (JSON) is not valid JSON', { itemIndex: i });
	}
	const list = Array.isArray(v) ? v : ((v as IDataObject | null)?.rows ?? (v as IDataObject | null)?.productRows);
	if (!Array.isArray(list)) throw new NodeOperationError(ctx.getNode(), 'Rows (JSON) must be an array of rows or {"rows":[…]}', { itemIndex: i });
	return (list as IDataObject[]).map((r) => (typeof r.taxIncluded === 'boolean' ? { ...r, taxIncluded: r.taxIncluded ? 'Y' : 'N' } : r));
}

/** `T` + hex for smart processes, `SI` for smart invoices. */
export function ownerTypeOfEntity(entityTypeId: number): string {
	return ({ 1: 'L', 2: 'D', 7: 'Q', 31: 'SI' } as Record<number, string>)[entityTypeId] ?? `T${entityTypeId.toString(16)}`;
}

export const ROWS_LIST = 'crm.item.productrow.list';
const rowsOf = (result: unknown): IDataObject[] => ((result as IDataObject | undefined)?.productRows as IDataObject[]) ?? [];

export function setRowsCommand(ownerType: string, ownerId: unknown, rows: IDataObject[]): B24Command {
	return { method: 'crm.item.productrow.set', params: { ownerType, ownerId, productRows: rows } };
}

/** All rows of the owners of all items: one batched list command per item, pages beyond 50 followed up. */
export function listRowsOfOwners(ctx: IExecuteFunctions, client: Bitrix24Client, i: number, owner: (k: number) => { ownerType: string; ownerId: unknown }): Promise<IDataObject[]> {
	return planPerItem(ctx, client, 'productRows', i, (k) => {
		const { ownerType, ownerId } = owner(k);
		const params = { filter: { '=ownerType': ownerType, '=ownerId': ownerId }, order: { sort: 'ASC', id: 'ASC' } };
		return { commands: [{ method: ROWS_LIST, params }], combine: ([first]) => restOfList(client, ROWS_LIST, params, first, rowsOf) };
	});
}

const OWNER_TYPES = [
	{ name: 'Deal', value: 'D' },
	{ name: 'Lead', value: 'L' },
	{ name: 'Quote', value: 'Q' },
	{ name: 'Smart Invoice', value: 'SI' },
	{ name: 'Smart Process', value: 'SPA' },
];

const R = 'productRow';

const ownerProps: INodeProperties[] = [
	{ displayName: 'Owner Type', name: 'ownerType', type: 'options', options: OWNER_TYPES, default: 'D', description: 'The owner of the rows; an expression may give a code such as T80 directly' },
	{
		displayName: 'Smart Process Name or ID',
		name: 'entityTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSmartProcessTypes' },
		default: '',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { ownerType: ['SPA'] } },
	},
	idParam('ownerId', 'Owner ID', 'ID of the deal, lead, quote, smart invoice or smart-process item'),
];

function ownerOf(ctx: IExecuteFunctions, i: number): { ownerType: string; ownerId: unknown } {
	let ownerType = String(ctx.getNodeParameter('ownerType', i));
	if (ownerType === 'SPA') {
		const et = Number(ctx.getNodeParameter('entityTypeId', i, ''));
		if (!et) throw new NodeOperationError(ctx.getNode(), 'Choose the smart process', { itemIndex: i });
		ownerType = ownerTypeOfEntity(et);
	}
	const ownerId = ctx.getNodeParameter('ownerId', i);
	if (ownerId === '' || ownerId === undefined) throw new NodeOperationError(ctx.getNode(), 'Owner ID is empty', { itemIndex: i });
	return { ownerType, ownerId };
}

const rowIdParam = idParam('rowId', 'Row ID', 'ID of the product row (from Get Many)');
const rowOf = (result: unknown): IDataObject => ((result as IDataObject | undefined)?.productRow as IDataObject) ?? {};

/** Rows from input items: one row per item, one `set` per owner; item i gets its saved row. */
function setFromItems(ctx: IExecuteFunctions, client: Bitrix24Client, i: number): Promise<IDataObject> {
	return onceForAllItems(client, 'setFromItems', i, async () => {
		const n = ctx.getInputData().length;
		const out: Array<Slot<IDataObject>> = new Array(n);
		const groups = new Map<string, { ownerType: string; ownerId: unknown; items: number[]; rows: IDataObject[] }>();
		for (let k = 0; k < n; k++) {
			try {
				const owner = ownerOf(ctx, k);
				const key = `${owner.ownerType}:${String(owner.ownerId)}`;
				if (!groups.has(key)) groups.set(key, { ...owner, items: [], rows: [] });
				const g = groups.get(key)!;
				g.items.push(k);
				g.rows.push(readRow(ctx, k));
			} catch (error) {
				out[k] = { ok: false, error };
			}
		}
		const list = [...groups.values()];
		const results = await client.runAll(list.map((g) => setRowsCommand(g.ownerType, g.ownerId, g.rows)));
		list.forEach((g, j) => {
			const r = results[j];
			g.items.forEach((k, pos) => {
				out[k] = r.ok ? { ok: true, value: rowsOf(r.result)[pos] ?? {} } : { ok: false, error: r.error };
			});
		});
		return out;
	});
}

const operations: Record<string, OperationDef> = {
	setAll: {
		name: 'Replace All Rows',
		action: 'Replace all product rows of an owner',
		description: 'Replace all product rows of an owner (rows not given are deleted)',
		properties: show(R, 'setAll', [
			...ownerProps,
			{
				displayName: 'Rows From',
				name: 'rowsSource',
				type: 'options',
				options: [
					{ name: 'Rows JSON (Per Item)', value: 'json', description: 'Each input item gives all rows of its owner' },
					{ name: 'Input Items (One Row per Item)', value: 'items', description: 'Items with the same owner become that owner\'s rows, in input order' },
				],
				default: 'json',
			},
			{ ...rowsJsonProp, displayOptions: { show: { rowsSource: ['json'] } } },
			...rowFieldsProps.map((p) => ({ ...p, displayOptions: { show: { rowsSource: ['items'] } } })),
		]),
		async run(this: IExecuteFunctions, i, client) {
			if (this.getNodeParameter('rowsSource', i, 'json') === 'items') return setFromItems(this, client, i);
			return planPerItem(this, client, 'setAll', i, (k) => {
				const { ownerType, ownerId } = ownerOf(this, k);
				return { commands: [setRowsCommand(ownerType, ownerId, readRows(this, 'rowsJson', k))], combine: ([r]) => ({ ownerType, ownerId, productRows: rowsOf(r.result) }) as IDataObject };
			});
		},
	},
	getAll: {
		name: 'Get Many',
		action: 'Get the product rows of an owner',
		properties: show(R, 'getAll', ownerProps),
		async run(this: IExecuteFunctions, i, client) {
			return listRowsOfOwners(this, client, i, (k) => ownerOf(this, k));
		},
	},
	add: {
		name: 'Add',
		action: 'Add a product row to an owner',
		properties: show(R, 'add', [...ownerProps, ...rowFieldsProps]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.item.productrow.add', params: { fields: { ...ownerOf(this, i), ...readRow(this, i) } } };
		},
		parse: rowOf,
	},
	get: {
		name: 'Get',
		action: 'Get a product row',
		properties: show(R, 'get', [rowIdParam]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.item.productrow.get', params: { id: this.getNodeParameter('rowId', i) } };
		},
		parse: rowOf,
	},
	update: {
		name: 'Update',
		action: 'Update a product row',
		properties: show(R, 'update', [rowIdParam, ...rowFieldsProps]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.item.productrow.update', params: { id: this.getNodeParameter('rowId', i), fields: readRow(this, i) } };
		},
		parse: rowOf,
	},
	delete: {
		name: 'Delete',
		action: 'Delete a product row',
		properties: show(R, 'delete', [rowIdParam]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.item.productrow.delete', params: { id: this.getNodeParameter('rowId', i) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { id: this.getNodeParameter('rowId', i) as string, deleted: true };
		},
	},
};

export const productRow: ResourceDef = { value: R, name: 'Product Row', description: 'Product rows of deals, leads, quotes, smart invoices and smart processes', operations };

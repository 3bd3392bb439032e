/** Shared parameter builders and readers of the Bitrix24 node's operations. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

export function show(resource: string, operation: string | string[], props: INodeProperties[]): INodeProperties[] {
	const ops = Array.isArray(operation) ? operation : [operation];
	return props.map((p) => ({
		...p,
		displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, resource: [resource], operation: ops } },
	}));
}

export const idParam = (name: string, displayName = 'ID', description?: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	description,
});

export const returnAllProps: INodeProperties[] = [
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: { show: { returnAll: [false] } } },
];

/** Filter / order / select of list methods. */
export function listOptionsProp(example: { filter: string; order: string; select: string }): INodeProperties {
	return {
		displayName: 'Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Filter (JSON)', name: 'filter', type: 'json', default: '{}', description: `Bitrix24 filter with operator prefixes (=, !, >, >=, <, <=, %, @), e.g. ${example.filter}` },
			{ displayName: 'Order (JSON)', name: 'order', type: 'json', default: '{}', description: 'E.g. ' + example.order + '.' },
			{ displayName: 'Select', name: 'select', type: 'string', default: '', description: `Comma-separated field names; * = all standard fields, UF_* = user fields, e.g. ${example.select}` },
		],
	};
}

export function jsonParam(ctx: IExecuteFunctions, name: string, i: number, fallback: IDataObject = {}): IDataObject {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return fallback;
	if (typeof raw === 'object') return raw as IDataObject;
	try {
		const v = JSON.parse(String(raw)) as unknown;
		if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
		return v as IDataObject;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${name}" must be a JSON object`, { itemIndex: i });
	}
}

export function jsonOption(ctx: IExecuteFunctions, value: unknown, label: string, i: number): IDataObject | undefined {
	if (value === undefined || value === '' || value === null) return undefined;
	if (typeof value === 'object') return Object.keys(value as object).length ? (value as IDataObject) : undefined;
	try {
		const v = JSON.parse(String(value)) as IDataObject;
		return Object.keys(v).length ? v : undefined;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a JSON object`, { itemIndex: i });
	}
}

/** `{filter, order, select}` from the list options collection. */
export function listParams(ctx: IExecuteFunctions, i: number): IDataObject {
	const o = ctx.getNodeParameter('listOptions', i, {}) as IDataObject;
	const params: IDataObject = {};
	const filter = jsonOption(ctx, o.filter, 'Filter', i);
	const order = jsonOption(ctx, o.order, 'Order', i);
	if (filter) params.filter = filter;
	if (order) params.order = order;
	const select = String(o.select ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	if (select.length) params.select = select;
	return params;
}

export function returnAllLimit(ctx: IExecuteFunctions, i: number): { returnAll: boolean; limit: number } {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	return { returnAll, limit: returnAll ? 0 : (ctx.getNodeParameter('limit', i, 50) as number) };
}

/** `fieldsUi` (field picker + value) and `fieldsJson` merged over the named `fields` collection. */
export function collectFields(ctx: IExecuteFunctions, i: number): IDataObject {
	const fields = { ...(ctx.getNodeParameter('fields', i, {}) as IDataObject) };
	const ui = ctx.getNodeParameter('fieldsUi', i, {}) as { field?: Array<{ name: string; value: unknown }> };
	for (const f of ui.field ?? []) if (f.name) fields[f.name] = f.value as IDataObject[string];
	Object.assign(fields, jsonParam(ctx, 'fieldsJson', i));
	return fields;
}

/** The custom-fields picker and JSON fields, shared by create/update of entities with `*.fields`. */
export function customFieldsProps(loadOptionsMethod: string): INodeProperties[] {
	return [
		{
			displayName: 'Custom Fields',
			name: 'fieldsUi',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{ displayName: 'Field Name or ID', name: 'name', type: 'options', typeOptions: { loadOptionsMethod }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{ displayName: 'Fields (JSON)', name: 'fieldsJson', type: 'json', default: '{}', description: 'Any other fields as a JSON object (merged last); multi-fields as arrays, e.g. {"PHONE":[{"VALUE":"+7 495 123-45-67","VALUE_TYPE":"WORK"}]}' },
	];
}

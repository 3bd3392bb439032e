/**
 * The universal `crm.item.*` API: smart invoices (entityTypeId 31) and smart-process items (any
 * type from `crm.type.list`). camelCase fields, pipelines and stages from pickers, Move to Stage,
 * and the item's product rows (`crm.item.productrow.*`, owner SI or T{hex}).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { collectFields, customFieldsProps, idParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import { listRowsOfOwners, ownerTypeOfEntity, readRows, rowsJsonProp, setRowsCommand } from './productRows';
import type { OperationDef, ResourceDef } from './types';

export const SMART_INVOICE = 31;

interface ItemSpec {
	value: string;
	name: string;
	/** fixed type (smart invoice); none = chosen with the `entityTypeId` picker */
	entityTypeId?: number;
}


const text = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description });

function itemFields(spec: ItemSpec, op: 'create' | 'update'): INodeProperties[] {
	const typeDep = spec.entityTypeId ? [] : ['entityTypeId'];
	const fields: INodeProperties[] = [
		text('Title', 'title'),
		...(spec.entityTypeId === SMART_INVOICE ? [text('Account Number', 'accountNumber', 'Invoice number; the portal numbers it when empty')] : []),
		...(op === 'create'
			? [{ displayName: 'Pipeline Name or ID', name: 'categoryId', type: 'options', typeOptions: { loadOptionsMethod: 'getItemPipelines', loadOptionsDependsOn: typeDep }, default: '', description: 'Set on create only. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' } as INodeProperties]
			: []),
		{ displayName: 'Stage Name or ID', name: 'stageId', type: 'options', typeOptions: { loadOptionsMethod: 'getItemStages', loadOptionsDependsOn: [...typeDep, 'fields.categoryId'] }, default: '', description: 'Stages of the chosen pipeline (of all pipelines when none is chosen). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
		text('Company ID', 'companyId'),
		text('Contact IDs', 'contactIds', 'Comma-separated contact IDs; the first is the main contact'),
		text('My Company ID', 'mycompanyId', 'Your own company (seller requisites)'),
		{ displayName: 'Amount', name: 'opportunity', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
		text('Currency', 'currencyId', 'E.g. RUB'),
		{ displayName: 'Start Date', name: 'begindate', type: 'dateTime', default: '' },
		{ displayName: 'Close Date', name: 'closedate', type: 'dateTime', default: '', description: spec.entityTypeId === SMART_INVOICE ? 'Pay-before date' : undefined },
		text('Deal ID', 'parentId2', 'The deal this item belongs to'),
		text('External ID', 'xmlId', 'The link to the 1C document (e.g. its Ref_Key)'),
		{ displayName: 'Responsible Name or ID', name: 'assignedById', type: 'options', typeOptions: { loadOptionsMethod: 'getUsers' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
		text('Comments', 'comments'),
	];
	return [{ displayName: op === 'create' ? 'Fields' : 'Update Fields', name: 'fields', type: 'collection', placeholder: 'Add Field', default: {}, options: fields }];
}

/** The custom-fields picker of crm.item.fields (depends on the chosen smart process). */
function itemCustomFields(spec: ItemSpec): INodeProperties[] {
	const props = customFieldsProps('getItemFields');
	if (spec.entityTypeId) return props;
	return props.map((p) =>
		p.type !== 'fixedCollection'
			? p
			: {
					...p,
					options: (p.options as Array<{ name: string; displayName: string; values: INodeProperties[] }>).map((o) => ({
						...o,
						values: o.values.map((v) => (v.typeOptions?.loadOptionsMethod ? { ...v, typeOptions: { ...v.typeOptions, loadOptionsDependsOn: ['entityTypeId'] } } : v)),
					})),
				},
	);
}

/** Fields as crm.item wants them: contact IDs as an array, empty picker values dropped. */
function itemFieldValues(ctx: IExecuteFunctions, i: number): IDataObject {
	const fields = collectFields(ctx, i);
	if (typeof fields.contactIds === 'string') {
		fields.contactIds = fields.contactIds
			.split(/[,;\s]+/)
			.filter(Boolean)
			.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
	}
	for (const k of ['categoryId', 'stageId', 'assignedById']) if (fields[k] === '') delete fields[k];
	return fields;
}

const itemOf = (result: unknown): IDataObject => ((result as IDataObject | undefined)?.item as IDataObject) ?? {};

export function itemResource(spec: ItemSpec): ResourceDef {
	const r = spec.value;
	const lower = spec.name.toLowerCase();
	const typeProp: INodeProperties[] = spec.entityTypeId
		? []
		: [{ displayName: 'Smart Process Name or ID', name: 'entityTypeId', type: 'options', typeOptions: { loadOptionsMethod: 'getSmartProcessTypes' }, required: true, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' }];
	const et = (ctx: IExecuteFunctions, i: number): number => {
		if (spec.entityTypeId) return spec.entityTypeId;
		const v = Number(ctx.getNodeParameter('entityTypeId', i, ''));
		if (!Number.isInteger(v) || v <= 0) throw new NodeOperationError(ctx.getNode(), 'Choose the smart process (entityTypeId)', { itemIndex: i });
		return v;
	};
	const id = idParam('id', `${spec.name} ID`);
	const props = (op: string, list: INodeProperties[]) => show(r, op, [...typeProp, ...list]);
	const byId = (method: string) =>
		function (this: IExecuteFunctions, i: number) {
			return { method, params: { entityTypeId: et(this, i), id: this.getNodeParameter('id', i) } };
		};
	const custom = itemCustomFields(spec);

	const operations: Record<string, OperationDef> = {
		create: {
			name: 'Create',
			action: `Create a ${lower}`,
			properties: props('create', [...itemFields(spec, 'create'), ...custom]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.item.add', params: { entityTypeId: et(this, i), fields: itemFieldValues(this, i) } };
			},
			parse: itemOf,
		},
		get: {
			name: 'Get',
			action: `Get a ${lower}`,
			properties: props('get', [id]),
			build: byId('crm.item.get'),
			parse: itemOf,
		},
		getAll: {
			name: 'Get Many',
			action: `Get many ${lower}s`,
			properties: props('getAll', [...returnAllProps, listOptionsProp({ filter: spec.entityTypeId ? '{"=stageId":"DT31_2:N",">=opportunity":1000}' : '{"=stageId":"DT128_3:NEW","=companyId":5}', order: '{"id":"ASC"}', select: 'id,title,stageId,opportunity,xmlId' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list('crm.item.list', { entityTypeId: et(this, i), ...listParams(this, i) }, { returnAll, limit, itemsKey: 'items', idField: 'id' });
			},
		},
		update: {
			name: 'Update',
			action: `Update a ${lower}`,
			properties: props('update', [id, ...itemFields(spec, 'update'), ...custom]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.item.update', params: { entityTypeId: et(this, i), id: this.getNodeParameter('id', i), fields: itemFieldValues(this, i) } };
			},
			parse: itemOf,
		},
		moveToStage: {
			name: 'Move to Stage',
			action: `Move a ${lower} to a stage`,
			properties: props('moveToStage', [
				id,
				{ displayName: 'Stage Name or ID', name: 'stageId', type: 'options', typeOptions: { loadOptionsMethod: 'getItemStages', loadOptionsDependsOn: spec.entityTypeId ? [] : ['entityTypeId'] }, required: true, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
			]),
			build(this: IExecuteFunctions, i) {
				const stageId = String(this.getNodeParameter('stageId', i));
				if (!stageId) throw new NodeOperationError(this.getNode(), 'Stage is empty', { itemIndex: i });
				return { method: 'crm.item.update', params: { entityTypeId: et(this, i), id: this.getNodeParameter('id', i), fields: { stageId } } };
			},
			parse: itemOf,
		},
		delete: {
			name: 'Delete',
			action: `Delete a ${lower}`,
			properties: props('delete', [id]),
			build: byId('crm.item.delete'),
			parse(this: IExecuteFunctions, _r, i) {
				return { id: this.getNodeParameter('id', i) as string, deleted: true };
			},
		},
		getProductRows: {
			name: 'Get Product Rows',
			action: `Get the product rows of a ${lower}`,
			properties: props('getProductRows', [id]),
			async run(this: IExecuteFunctions, i, client) {
				return listRowsOfOwners(this, client, i, (k) => ({ ownerType: ownerTypeOfEntity(et(this, k)), ownerId: this.getNodeParameter('id', k) }));
			},
		},
		setProductRows: {
			name: 'Set Product Rows',
			action: `Replace the product rows of a ${lower}`,
			properties: props('setProductRows', [id, rowsJsonProp]),
			build(this: IExecuteFunctions, i) {
				return setRowsCommand(ownerTypeOfEntity(et(this, i)), this.getNodeParameter('id', i), readRows(this, 'rowsJson', i));
			},
			parse(this: IExecuteFunctions, result, i) {
				return { id: this.getNodeParameter('id', i) as string, productRows: ((result as IDataObject | undefined)?.productRows as IDataObject[]) ?? [] };
			},
		},
	};
	return { value: r, name: spec.name, operations };
}

export const smartInvoice: ResourceDef = {
	...itemResource({ value: 'smartInvoice', name: 'Smart Invoice', entityTypeId: SMART_INVOICE }),
	description: 'Invoices of the new type (crm.item, entityTypeId 31)',
};

export const smartProcess: ResourceDef = {
	...itemResource({ value: 'smartProcess', name: 'Smart Process Item' }),
	description: 'Items of a smart process (crm.item with its entityTypeId)',
};

/**
 * CRM dictionaries: statuses and stages (`crm.status.*`, one dictionary per ENTITY_ID — the
 * stages of a pipeline are the dictionary `DEAL_STAGE_{n}`, `DYNAMIC_{type}_STAGE_{n}`, …),
 * pipelines (`crm.category.*` of deals, smart invoices, smart processes), VAT rates.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { idParam, returnAllLimit, returnAllProps, show } from './common';
import { F } from './crmEntity';
import { num } from './requisites';
import type { ResourceDef } from './types';

// ---- statuses ----

const dictionary: INodeProperties = {
	displayName: 'Dictionary Name or ID',
	name: 'statusEntityId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getStatusEntities' },
	default: '',
	required: true,
	description: 'ENTITY_ID of the dictionary: STATUS (lead stages), DEAL_STAGE, DEAL_STAGE_{pipeline}, SOURCE and others. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const semantics: INodeProperties = {
	displayName: 'Semantics',
	name: 'SEMANTICS',
	type: 'options',
	options: [
		{ name: 'Failure', value: 'F' },
		{ name: 'In Progress', value: '' },
		{ name: 'Success', value: 'S' },
	],
	default: '',
	description: 'For stages: a final stage of success or failure',
};

const statusCreateFields: INodeProperties = { displayName: 'Additional Fields', name: 'statusFields', type: 'collection', placeholder: 'Add Field', default: {}, options: [F.text('Color', 'COLOR', 'E.g. #ACE9FB'), semantics, num('Sort', 'SORT')] };
const statusUpdateFields: INodeProperties = { displayName: 'Update Fields', name: 'statusUpdateFields', type: 'collection', placeholder: 'Add Field', default: {}, options: [F.text('Color', 'COLOR', 'E.g. #ACE9FB'), F.text('Name', 'NAME'), num('Sort', 'SORT')] };
const statusRowId = idParam('id', 'ID', 'Row ID of the status (the ID field, not STATUS_ID)');

export const status: ResourceDef = {
	value: 'status',
	name: 'Status',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a status',
			properties: show('status', 'create', [
				dictionary,
				{ displayName: 'Status ID', name: 'statusId', type: 'string', default: '', required: true, description: 'Code of the status, e.g. IN_WORK; stages of a non-default pipeline get its prefix (C3:, DT31_5:) put in front' },
				{ displayName: 'Name', name: 'statusName', type: 'string', default: '', required: true },
				statusCreateFields,
			]),
			build(this: IExecuteFunctions, i) {
				const extra = this.getNodeParameter('statusFields', i, {}) as IDataObject;
				const fields = { ENTITY_ID: this.getNodeParameter('statusEntityId', i), STATUS_ID: this.getNodeParameter('statusId', i), NAME: this.getNodeParameter('statusName', i), ...extra };
				return { method: 'crm.status.add', params: { fields } };
			},
			parse: (result) => ({ id: result as number }),
		},
		get: {
			name: 'Get',
			action: 'Get a status',
			properties: show('status', 'get', [statusRowId]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.status.get', params: { id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => result as IDataObject,
		},
		getAll: {
			name: 'Get Many',
			action: 'Get many statuses of a dictionary',
			properties: show('status', 'getAll', [dictionary, ...returnAllProps]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list('crm.status.list', { filter: { ENTITY_ID: this.getNodeParameter('statusEntityId', i) }, order: { SORT: 'ASC' } }, { returnAll, limit });
			},
		},
		update: {
			name: 'Update',
			action: 'Update a status',
			properties: show('status', 'update', [statusRowId, statusUpdateFields]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.status.update', params: { id: this.getNodeParameter('id', i), fields: this.getNodeParameter('statusUpdateFields', i, {}) as IDataObject } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { id: this.getNodeParameter('id', i) as string, updated: true };
			},
		},
		delete: {
			name: 'Delete',
			action: 'Delete a status',
			properties: show('status', 'delete', [
				statusRowId,
				{ displayName: 'Force', name: 'forced', type: 'boolean', default: false, description: 'Whether to delete a system status as well (FORCED=Y)' },
			]),
			build(this: IExecuteFunctions, i) {
				const forced = this.getNodeParameter('forced', i, false) as boolean;
				return { method: 'crm.status.delete', params: { id: this.getNodeParameter('id', i), ...(forced ? { params: { FORCED: 'Y' } } : {}) } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { id: this.getNodeParameter('id', i) as string, deleted: true };
			},
		},
	},
};

// ---- pipelines ----

const pipelineType: INodeProperties = {
	displayName: 'Entity Type Name or ID',
	name: 'pipelineEntityTypeId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPipelineEntityTypes' },
	default: '',
	required: true,
	description: 'Deals (2), smart invoices (31) or a smart process. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const entityTypeId = (ctx: IExecuteFunctions, i: number) => Number(ctx.getNodeParameter('pipelineEntityTypeId', i));

export const pipeline: ResourceDef = {
	value: 'pipeline',
	name: 'Pipeline',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a pipeline',
			properties: show('pipeline', 'create', [
				pipelineType,
				{ displayName: 'Name', name: 'pipelineName', type: 'string', default: '', required: true },
				{ displayName: 'Additional Fields', name: 'pipelineFields', type: 'collection', placeholder: 'Add Field', default: {}, options: [F.text('Origin ID', 'originId', 'ID of the pipeline in an external system'), F.text('Originator ID', 'originatorId'), num('Sort', 'sort')] },
			]),
			build(this: IExecuteFunctions, i) {
				const fields = { name: this.getNodeParameter('pipelineName', i), ...(this.getNodeParameter('pipelineFields', i, {}) as IDataObject) };
				return { method: 'crm.category.add', params: { entityTypeId: entityTypeId(this, i), fields } };
			},
			parse: (result) => ((result as IDataObject)?.category as IDataObject) ?? {},
		},
		get: {
			name: 'Get',
			action: 'Get a pipeline',
			properties: show('pipeline', 'get', [pipelineType, idParam('id', 'Pipeline ID', '0 = the default deal pipeline')]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.category.get', params: { entityTypeId: entityTypeId(this, i), id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => ((result as IDataObject)?.category as IDataObject) ?? {},
		},
		getAll: {
			name: 'Get Many',
			action: 'Get many pipelines',
			properties: show('pipeline', 'getAll', [pipelineType, ...returnAllProps]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list('crm.category.list', { entityTypeId: entityTypeId(this, i) }, { returnAll, limit, itemsKey: 'categories', idField: 'id' });
			},
		},
	},
};

// ---- VAT rates ----

const vatApi: INodeProperties = {
	displayName: 'API',
	name: 'vatApi',
	type: 'options',
	options: [
		{ name: 'Catalog', value: 'catalog', description: 'Methods catalog.vat.list and catalog.vat.get' },
		{ name: 'CRM (Outdated)', value: 'crm', description: 'Methods crm.vat.list and crm.vat.get' },
	],
	default: 'catalog',
	description: 'The catalog API has camelCase fields (ID, rate as number); the old CRM one upper-case strings',
};

export const vatRate: ResourceDef = {
	value: 'vatRate',
	name: 'VAT Rate',
	operations: {
		getAll: {
			name: 'Get Many',
			action: 'Get many VAT rates',
			properties: show('vatRate', 'getAll', [vatApi, ...returnAllProps]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				if (this.getNodeParameter('vatApi', i, 'catalog') === 'crm') return client.list('crm.vat.list', {}, { returnAll, limit });
				return client.list('catalog.vat.list', {}, { returnAll, limit, itemsKey: 'vats', idField: 'id' });
			},
		},
		get: {
			name: 'Get',
			action: 'Get a VAT rate',
			properties: show('vatRate', 'get', [vatApi, idParam('id', 'VAT Rate ID')]),
			build(this: IExecuteFunctions, i) {
				const api = this.getNodeParameter('vatApi', i, 'catalog') as string;
				return { method: `${api}.vat.get`, params: { id: this.getNodeParameter('id', i) } };
			},
			parse(this: IExecuteFunctions, result, i) {
				return this.getNodeParameter('vatApi', i, 'catalog') === 'crm' ? (result as IDataObject) : (((result as IDataObject)?.vat as IDataObject) ?? {});
			},
		},
	},
};

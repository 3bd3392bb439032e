/**
 * Timeline comments (`crm.timeline.comment.add|get|list|update|delete`, the lowercase `fields`
 * key only) on deals, leads, contacts, companies, store orders, smart invoices and smart-process
 * items, with files from the input item's binary properties; and the CRM owner parameters shared
 * with the activities (activity.ts).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { batchedRun } from './batchedRun';
import { idParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import { binaryFiles, binaryNames, binaryPropertiesParam } from './files';
import type { OperationDef, ResourceDef } from './types';

/** Owner types by lowercase name (ENTITY_TYPE of comments) and their entityTypeId (activities). */
const OWNER_TYPES: Record<string, number> = { lead: 1, deal: 2, contact: 3, company: 4, order: 14, smart_invoice: 31 };

/** Entity type + (for smart processes) its entityTypeId + the owner ID. */
export function ownerProps(idName: string, required = true): INodeProperties[] {
	return [
		{
			displayName: 'Entity Type',
			name: 'ownerType',
			type: 'options',
			required,
			default: 'deal',
			options: [
				{ name: 'Company', value: 'company' },
				{ name: 'Contact', value: 'contact' },
				{ name: 'Deal', value: 'deal' },
				{ name: 'Lead', value: 'lead' },
				{ name: 'Smart Invoice', value: 'smart_invoice' },
				{ name: 'Smart Process Item', value: 'dynamic' },
				{ name: 'Store Order', value: 'order' },
			],
			description: 'The CRM record the entry belongs to (an expression may give dynamic_{entityTypeId})',
		},
		{
			displayName: 'Smart Process Type ID',
			name: 'ownerDynamicTypeId',
			type: 'number',
			required: true,
			default: 128,
			description: 'The entityTypeId of the smart process (crm.type.list)',
			displayOptions: { show: { ownerType: ['dynamic'] } },
		},
		{ displayName: `${idName} ID`, name: 'ownerId', type: 'string', required, default: '', description: 'ID of that CRM record' },
	];
}

/** `deal`, `dynamic_1046`, … from the owner parameters. */
export function ownerTypeName(ctx: IExecuteFunctions, i: number): string {
	const t = String(ctx.getNodeParameter('ownerType', i) ?? '').trim().toLowerCase();
	return t === 'dynamic' ? `dynamic_${Number(ctx.getNodeParameter('ownerDynamicTypeId', i))}` : t;
}

/** The entityTypeId (2 for deals, the smart process's type, …). */
export function ownerTypeId(ctx: IExecuteFunctions, i: number): number {
	const name = ownerTypeName(ctx, i);
	const id = OWNER_TYPES[name] ?? (/^dynamic_(\d+)$/.exec(name) ? Number(name.slice(8)) : /^\d+$/.test(name) ? Number(name) : undefined);
	if (!id) throw new NodeOperationError(ctx.getNode(), `Unknown entity type "${name}"`, { itemIndex: i });
	return id;
}

const R = 'timelineComment';
const commentProp: INodeProperties = { displayName: 'Comment', name: 'comment', type: 'string', typeOptions: { rows: 4 }, required: true, default: '', description: 'Text of the comment (BBCode allowed)' };
const filesNote = 'Comments with files go one request each (uploads are not allowed inside batch); the others are batched, 50 per request.';
const idOf = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('id', i) as string;

const operations: Record<string, OperationDef> = {
	create: {
		name: 'Create',
		action: 'Add a comment to a timeline',
		description: `Add a comment to the timeline of a CRM record, with files from binary properties. ${filesNote}`,
		properties: show(R, 'create', [...ownerProps('Entity'), commentProp, binaryPropertiesParam('comment')]),
		run: batchedRun({
			alone(i) {
				return binaryNames(this, i).length > 0;
			},
			async build(i) {
				const fields: IDataObject = { ENTITY_ID: this.getNodeParameter('ownerId', i) as string, ENTITY_TYPE: ownerTypeName(this, i), COMMENT: this.getNodeParameter('comment', i) as string };
				const files = await binaryFiles(this, i);
				if (files.length) fields.FILES = files;
				return { method: 'crm.timeline.comment.add', params: { fields } };
			},
			parse: (r) => ({ id: r.result as number }),
		}),
	},
	get: {
		name: 'Get',
		action: 'Get a timeline comment',
		properties: show(R, 'get', [idParam('id', 'Comment ID')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.timeline.comment.get', params: { id: idOf(this, i) } };
		},
		parse: (result) => result as IDataObject,
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many timeline comments',
		description: 'Comments of one CRM record',
		properties: show(R, 'getAll', [...ownerProps('Entity'), ...returnAllProps, listOptionsProp({ filter: '{">CREATED":"2026-01-01T00:00:00+03:00"}', order: '{"ID":"DESC"}', select: 'ID,COMMENT,FILES' })]),
		async run(this: IExecuteFunctions, i, client) {
			const { returnAll, limit } = returnAllLimit(this, i);
			const params = listParams(this, i);
			params.filter = { ...(params.filter as IDataObject | undefined), ENTITY_TYPE: ownerTypeName(this, i), ENTITY_ID: this.getNodeParameter('ownerId', i) as string };
			return client.list('crm.timeline.comment.list', params, { returnAll, limit });
		},
	},
	update: {
		name: 'Update',
		action: 'Update a timeline comment',
		description: `Change the text of a comment; files given replace its files. ${filesNote}`,
		properties: show(R, 'update', [idParam('id', 'Comment ID'), { ...commentProp, required: false, description: 'New text of the comment; unchanged when empty' }, binaryPropertiesParam('comment (replacing its files)')]),
		run: batchedRun({
			alone(i) {
				return binaryNames(this, i).length > 0;
			},
			async build(i) {
				const fields: IDataObject = {};
				const comment = this.getNodeParameter('comment', i, '') as string;
				if (comment !== '') fields.COMMENT = comment;
				const files = await binaryFiles(this, i);
				if (files.length) fields.FILES = files;
				return { method: 'crm.timeline.comment.update', params: { id: idOf(this, i), fields } };
			},
			parse(_r, i) {
				return { id: idOf(this, i), updated: true };
			},
		}),
	},
	delete: {
		name: 'Delete',
		action: 'Delete a timeline comment',
		properties: show(R, 'delete', [idParam('id', 'Comment ID')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.timeline.comment.delete', params: { id: idOf(this, i) } };
		},
		parse(this: IExecuteFunctions, _result, i) {
			return { id: idOf(this, i), deleted: true };
		},
	},
};

export const timelineComment: ResourceDef = { value: R, name: 'Timeline Comment', operations };

/**
 * CRM activities: `crm.activity.add|get|list|update|delete` (old API, still the way to read and
 * change any activity) and `crm.activity.todo.add`, the current way to create a to-do.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { idParam, jsonParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import { ownerProps, ownerTypeId } from './timeline';
import type { OperationDef, ResourceDef } from './types';

const R = 'activity';
const userProp = (displayName: string, name: string, required = false): INodeProperties => ({
	displayName: `${displayName} Name or ID`,
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	required,
	default: '',
	description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
});

function activityFields(op: 'create' | 'update'): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Start Time', name: 'START_TIME', type: 'dateTime', default: '' },
		{ displayName: 'End Time', name: 'END_TIME', type: 'dateTime', default: '', description: 'The deadline of e-mails and custom activities' },
		{ displayName: 'Completed', name: 'COMPLETED', type: 'boolean', default: false, description: 'Whether the activity is done' },
		{ displayName: 'Description', name: 'DESCRIPTION', type: 'string', typeOptions: { rows: 3 }, default: '' },
		{
			displayName: 'Direction',
			name: 'DIRECTION',
			type: 'options',
			default: 2,
			options: [
				{ name: 'Incoming', value: 1 },
				{ name: 'Outgoing', value: 2 },
			],
		},
		{
			displayName: 'Priority',
			name: 'PRIORITY',
			type: 'options',
			default: 2,
			options: [
				{ name: 'High', value: 3 },
				{ name: 'Low', value: 1 },
				{ name: 'Normal', value: 2 },
			],
		},
		{ displayName: 'Location', name: 'LOCATION', type: 'string', default: '' },
		{ displayName: 'Originator ID', name: 'ORIGINATOR_ID', type: 'string', default: '', description: 'External system the activity is linked to, e.g. the 1C base' },
		{ displayName: 'Origin ID', name: 'ORIGIN_ID', type: 'string', default: '', description: 'ID of the activity in that external system' },
	];
	if (op === 'update') fields.push({ displayName: 'Subject', name: 'SUBJECT', type: 'string', default: '' }, userProp('Responsible', 'RESPONSIBLE_ID'));
	return [
		{ displayName: op === 'create' ? 'Additional Fields' : 'Update Fields', name: 'activityFields', type: 'collection', placeholder: 'Add Field', default: {}, options: fields.sort((a, b) => a.displayName.localeCompare(b.displayName)) },
		{ displayName: 'Fields (JSON)', name: 'fieldsJson', type: 'json', default: '{}', description: 'Any other fields as a JSON object (merged last), e.g. {"COMMUNICATIONS":[{"VALUE":"+74951234567","ENTITY_TYPE_ID":3,"ENTITY_ID":15}]}' },
	];
}

function collect(ctx: IExecuteFunctions, i: number, base: IDataObject = {}): IDataObject {
	const out: IDataObject = { ...base };
	for (const [k, v] of Object.entries(ctx.getNodeParameter('activityFields', i, {}) as IDataObject)) {
		if (v === '' || v === undefined || v === null) continue;
		out[k] = typeof v === 'boolean' ? (v ? 'Y' : 'N') : v;
	}
	return Object.assign(out, jsonParam(ctx, 'fieldsJson', i));
}

const idOf = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('id', i) as string;

const operations: Record<string, OperationDef> = {
	createTodo: {
		name: 'Create To-Do',
		action: 'Create a to-do activity',
		description: 'Create a to-do in the timeline of a CRM record (crm.activity.todo.add)',
		properties: show(R, 'createTodo', [
			...ownerProps('Entity'),
			{ displayName: 'Deadline', name: 'deadline', type: 'dateTime', required: true, default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{
				displayName: 'Options',
				name: 'todoOptions',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{ displayName: 'Color Number', name: 'colorId', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Color of the to-do in the timeline (0: the default one)' },
					{ displayName: 'Parent Activity ID', name: 'parentActivityId', type: 'string', default: '' },
					{ displayName: 'Reminders (Minutes Before)', name: 'pingOffsets', type: 'string', default: '', description: 'Comma-separated, e.g. 0,15,60' },
					userProp('Responsible', 'responsibleId'),
				],
			},
		]),
		build(this: IExecuteFunctions, i) {
			const o = this.getNodeParameter('todoOptions', i, {}) as IDataObject;
			const params: IDataObject = {
				ownerTypeId: ownerTypeId(this, i),
				ownerId: this.getNodeParameter('ownerId', i) as string,
				deadline: this.getNodeParameter('deadline', i) as string,
				title: this.getNodeParameter('title', i, '') as string,
				description: this.getNodeParameter('description', i, '') as string,
			};
			if (o.responsibleId) params.responsibleId = o.responsibleId;
			if (o.colorId) params.colorId = String(o.colorId);
			if (o.parentActivityId) params.parentActivityId = o.parentActivityId;
			if (o.pingOffsets !== undefined && o.pingOffsets !== '') params.pingOffsets = String(o.pingOffsets).split(',').map((s) => Number(s.trim()));
			return { method: 'crm.activity.todo.add', params };
		},
		parse: (result) => ({ id: (result as IDataObject | undefined)?.id as number }),
	},
	create: {
		name: 'Create',
		action: 'Create an activity',
		description: 'Create a call, meeting or e-mail activity (crm.activity.add); for to-dos use Create To-Do',
		properties: show(R, 'create', [
			...ownerProps('Entity'),
			{
				displayName: 'Type',
				name: 'typeId',
				type: 'options',
				default: 2,
				options: [
					{ name: 'Call', value: 2 },
					{ name: 'E-Mail', value: 4 },
					{ name: 'Meeting', value: 1 },
				],
			},
			{ displayName: 'Subject', name: 'subject', type: 'string', required: true, default: '' },
			userProp('Responsible', 'responsibleId', true),
			{ displayName: 'Phone or E-Mail', name: 'communication', type: 'string', default: '', description: 'The communication of the activity (phone of a call, address of an e-mail); required unless COMMUNICATIONS is given in Fields (JSON)' },
			...activityFields('create'),
		]),
		build(this: IExecuteFunctions, i) {
			const typeId = Number(this.getNodeParameter('typeId', i));
			const base: IDataObject = {
				OWNER_TYPE_ID: ownerTypeId(this, i),
				OWNER_ID: this.getNodeParameter('ownerId', i) as string,
				TYPE_ID: typeId,
				SUBJECT: this.getNodeParameter('subject', i) as string,
				RESPONSIBLE_ID: this.getNodeParameter('responsibleId', i) as string,
			};
			const value = String(this.getNodeParameter('communication', i, '') ?? '').trim();
			if (value) base.COMMUNICATIONS = [{ VALUE: value, TYPE: typeId === 4 ? 'EMAIL' : 'PHONE' }];
			return { method: 'crm.activity.add', params: { fields: collect(this, i, base) } };
		},
		parse: (result) => ({ id: result as number }),
	},
	get: {
		name: 'Get',
		action: 'Get an activity',
		properties: show(R, 'get', [idParam('id', 'Activity ID')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.activity.get', params: { id: idOf(this, i) } };
		},
		parse: (result) => result as IDataObject,
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many activities',
		properties: show(R, 'getAll', [...returnAllProps, listOptionsProp({ filter: '{"OWNER_TYPE_ID":2,"OWNER_ID":15,"COMPLETED":"N"}', order: '{"DEADLINE":"ASC"}', select: 'ID,SUBJECT,DEADLINE,COMMUNICATIONS' })]),
		async run(this: IExecuteFunctions, i, client) {
			const { returnAll, limit } = returnAllLimit(this, i);
			return client.list('crm.activity.list', listParams(this, i), { returnAll, limit });
		},
	},
	update: {
		name: 'Update',
		action: 'Update an activity',
		properties: show(R, 'update', [idParam('id', 'Activity ID'), ...activityFields('update')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.activity.update', params: { id: idOf(this, i), fields: collect(this, i) } };
		},
		parse(this: IExecuteFunctions, _result, i) {
			return { id: idOf(this, i), updated: true };
		},
	},
	delete: {
		name: 'Delete',
		action: 'Delete an activity',
		properties: show(R, 'delete', [idParam('id', 'Activity ID')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.activity.delete', params: { id: idOf(this, i) } };
		},
		parse(this: IExecuteFunctions, _result, i) {
			return { id: idOf(this, i), deleted: true };
		},
	},
};

export const activity: ResourceDef = { value: R, name: 'Activity', operations };

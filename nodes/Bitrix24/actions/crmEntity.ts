/**
 * The old `crm.<entity>.*` families (company, contact, lead, deal) share one shape:
 * create, get, getAll, update (multi-fields without duplicates), delete.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { collectFields, customFieldsProps, idParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import { mergeMultiFields, MULTI_FIELDS, normaliseMultiInput } from './multifield';
import { linkGuardAfter, linkGuardProp } from './linkGuard';
import type { OperationDef, ResourceDef } from './types';

export interface CrmEntitySpec {
	value: string;
	name: string;
	/** `crm.company` */
	prefix: string;
	/** the named fields offered in create/update (`fields` collection) */
	fields: INodeProperties[];
	/** extra operations (e.g. deal product rows) */
	extra?: Record<string, OperationDef>;
}

export function crmEntityResource(spec: CrmEntitySpec): ResourceDef {
	const r = spec.value;
	const fieldsProp = (op: string): INodeProperties => ({
		displayName: op === 'create' ? 'Fields' : 'Update Fields',
		name: 'fields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: spec.fields,
	});
	const custom = customFieldsProps(`get${spec.name.replace(/\s/g, '')}Fields`);
	const multiMode: INodeProperties = {
		displayName: 'Multi-Field Values',
		name: 'multiFieldMode',
		type: 'options',
		default: 'merge',
		options: [
			{ name: 'Add Missing (Keep Existing)', value: 'merge', description: 'Phones, e-mails, sites already on the record are not added again' },
			{ name: 'Replace', value: 'replace', description: 'Values not in the input are deleted' },
		],
		description: 'How PHONE, EMAIL, WEB and IM values are written',
	};
	const parseId = (result: unknown): IDataObject => ({ id: result as number });
	const operations: Record<string, OperationDef> = {
		create: {
			name: 'Create',
			action: `Create a ${spec.name.toLowerCase()}`,
			properties: show(r, 'create', [fieldsProp('create'), ...custom, linkGuardProp]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.add`, params: { fields: normaliseMultiInput(collectFields(this, i)), params: { REGISTER_SONET_EVENT: 'N' } } };
			},
			parse: parseId,
			after: linkGuardAfter(spec.prefix),
		},
		get: {
			name: 'Get',
			action: `Get a ${spec.name.toLowerCase()}`,
			properties: show(r, 'get', [idParam('id', `${spec.name} ID`)]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.get`, params: { id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => result as IDataObject,
		},
		getAll: {
			name: 'Get Many',
			action: `Get many ${spec.name.toLowerCase()}s`,
			properties: show(r, 'getAll', [...returnAllProps, listOptionsProp({ filter: '{">DATE_CREATE":"2026-01-01"}', order: '{"ID":"ASC"}', select: 'ID,TITLE,PHONE' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list(`${spec.prefix}.list`, listParams(this, i), { returnAll, limit });
			},
		},
		update: {
			name: 'Update',
			action: `Update a ${spec.name.toLowerCase()}`,
			properties: show(r, 'update', [idParam('id', `${spec.name} ID`), fieldsProp('update'), ...custom, multiMode]),
			// the current multi-field values, 50 records per list command (a missing record: its own .get fails it)
			prefetchBulk(this: IExecuteFunctions, i) {
				const multi = MULTI_FIELDS.filter((m) => m in collectFields(this, i));
				if (!multi.length) return undefined;
				const id = this.getNodeParameter('id', i) as string;
				return { method: `${spec.prefix}.list`, filter: {}, key: 'ID', value: id, select: multi, take: 'row', alone: { method: `${spec.prefix}.get`, params: { id } } };
			},
			build(this: IExecuteFunctions, i, current) {
				const mode = this.getNodeParameter('multiFieldMode', i, 'merge') as 'merge' | 'replace';
				const fields = mergeMultiFields(collectFields(this, i), current as IDataObject | undefined, mode);
				return { method: `${spec.prefix}.update`, params: { id: this.getNodeParameter('id', i), fields, params: { REGISTER_SONET_EVENT: 'N' } } };
			},
			parse(this: IExecuteFunctions, _result, i) {
				return { id: this.getNodeParameter('id', i) as string, updated: true };
			},
		},
		delete: {
			name: 'Delete',
			action: `Delete a ${spec.name.toLowerCase()}`,
			properties: show(r, 'delete', [idParam('id', `${spec.name} ID`)]),
			build(this: IExecuteFunctions, i) {
				return { method: `${spec.prefix}.delete`, params: { id: this.getNodeParameter('id', i) } };
			},
			parse(this: IExecuteFunctions, _result, i) {
				return { id: this.getNodeParameter('id', i) as string, deleted: true };
			},
		},
		...spec.extra,
	};
	return { value: r, name: spec.name, operations };
}

/** Common named fields. */
export const F = {
	text: (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description }),
	user: (displayName: string, name: string): INodeProperties => ({ displayName: `${displayName} Name or ID`, name, type: 'options', typeOptions: { loadOptionsMethod: 'getUsers' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' }),
	multi: (displayName: string, name: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description: 'Comma-separated values, or an array of {VALUE, VALUE_TYPE} in an expression' }),
};

export const originFields: INodeProperties[] = [
	F.text('Originator ID', 'ORIGINATOR_ID', 'External system the record is linked to, e.g. the 1C base'),
	F.text('Origin ID', 'ORIGIN_ID', 'ID of the record in that external system (e.g. the 1C Ref_Key)'),
];

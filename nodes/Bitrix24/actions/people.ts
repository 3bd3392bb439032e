/**
 * Users (`user.get`, `user.current`), departments (`department.get`) and workgroups
 * (`sonet_group.get`). Reads only; get by ID is a filtered list command, batched per item.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { idParam, jsonOption, returnAllLimit, returnAllProps, show } from './common';
import { F } from './crmEntity';
import { filtersProp, yesNo } from './requisites';
import type { OperationDef, ResourceDef } from './types';

const filterJson: INodeProperties = { displayName: 'Filter (JSON)', name: 'filterJson', type: 'json', default: '{}', description: 'Any other filter keys, merged last' };

/** The `filters` collection as a Bitrix24 filter: empty values dropped, `filterJson` merged last. */
function quickFilter(ctx: IExecuteFunctions, i: number): IDataObject {
	const { filterJson: json, ...named } = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const out = Object.fromEntries(Object.entries(named).filter(([, v]) => v !== '' && v !== undefined && v !== null));
	return { ...out, ...jsonOption(ctx, json, 'Filter (JSON)', i) };
}

/** First row of a filtered list answer, or a "not found" error of the item. */
function firstRow(ctx: IExecuteFunctions, result: unknown, i: number, what: string): IDataObject {
	const row = (result as IDataObject[] | undefined)?.[0];
	if (!row) throw new NodeOperationError(ctx.getNode(), `${what} ${String(ctx.getNodeParameter('id', i))} not found`, { itemIndex: i });
	return row;
}

function getById(resource: string, label: string, idName: string, command: (id: string) => { method: string; params: IDataObject }): OperationDef {
	return {
		name: 'Get',
		action: `Get a ${label.toLowerCase()}`,
		properties: show(resource, 'get', [idParam('id', idName)]),
		build(this: IExecuteFunctions, i) {
			return command(String(this.getNodeParameter('id', i)));
		},
		parse(this: IExecuteFunctions, result, i) {
			return firstRow(this, result, i, label);
		},
	};
}

export const user: ResourceDef = {
	value: 'user',
	name: 'User',
	operations: {
		get: getById('user', 'User', 'User ID', (id) => ({ method: 'user.get', params: { filter: { ID: id } } })),
		getAll: {
			name: 'Get Many',
			action: 'Get many users',
			properties: show('user', 'getAll', [
				...returnAllProps,
				filtersProp([
					{ displayName: 'Active', name: 'ACTIVE', type: 'boolean', default: true, description: 'Whether to return only active (true) or only dismissed (false) users' },
					F.text('Department ID', 'UF_DEPARTMENT'),
					F.text('Email', 'EMAIL'),
					filterJson,
					F.text('Search', 'FIND', 'Words looked up in the name, last name, e-mail and position'),
					{
						displayName: 'User Type',
						name: 'USER_TYPE',
						type: 'options',
						options: [
							{ name: 'Email', value: 'email' },
							{ name: 'Employee', value: 'employee' },
							{ name: 'Extranet', value: 'extranet' },
						],
						default: 'employee',
					},
				]),
			]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				// user.get takes `sort` + `order` as strings; a non-object order makes the client page by offsets
				const filter = quickFilter(this, i);
				return client.list('user.get', { ...(Object.keys(filter).length ? { filter } : {}), sort: 'ID', order: 'ASC' }, { returnAll, limit, paging: 'offset' });
			},
		},
		getCurrent: {
			name: 'Get Current',
			action: 'Get the user the credential acts as',
			properties: [],
			build() {
				return { method: 'user.current' };
			},
			parse: (result) => result as IDataObject,
		},
	},
};

export const department: ResourceDef = {
	value: 'department',
	name: 'Department',
	operations: {
		get: getById('department', 'Department', 'Department ID', (id) => ({ method: 'department.get', params: { ID: id } })),
		getAll: {
			name: 'Get Many',
			action: 'Get many departments',
			properties: show('department', 'getAll', [...returnAllProps, filtersProp([F.text('Head User ID', 'UF_HEAD'), F.text('Name', 'NAME'), F.text('Parent Department ID', 'PARENT')])]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				// department.get takes the filter as top-level fields and `sort` + `order` strings
				return client.list('department.get', { ...quickFilter(this, i), sort: 'ID', order: 'ASC' }, { returnAll, limit, paging: 'offset' });
			},
		},
	},
};

export const workgroup: ResourceDef = {
	value: 'workgroup',
	name: 'Workgroup',
	operations: {
		get: getById('workgroup', 'Workgroup', 'Workgroup ID', (id) => ({ method: 'sonet_group.get', params: { filter: { ID: id } } })),
		getAll: {
			name: 'Get Many',
			action: 'Get many workgroups',
			properties: show('workgroup', 'getAll', [
				...returnAllProps,
				filtersProp([yesNo('Active', 'ACTIVE'), filterJson, F.text('Name', 'NAME'), F.text('Owner ID', 'OWNER_ID'), yesNo('Project', 'PROJECT', 'Y = projects only, N = groups only')]),
				{ displayName: 'All Groups (Administrator)', name: 'asAdmin', type: 'boolean', default: false, description: 'Whether to list the groups the user cannot see as well (IS_ADMIN=Y; the user must be a portal administrator)' },
			]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				const admin = this.getNodeParameter('asAdmin', i, false) as boolean;
				const filter = quickFilter(this, i);
				return client.list('sonet_group.get', { ...(Object.keys(filter).length ? { filter } : {}), ...(admin ? { IS_ADMIN: 'Y' } : {}) }, { returnAll, limit });
			},
		},
	},
};

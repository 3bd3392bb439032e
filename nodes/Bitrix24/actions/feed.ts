/**
 * Live feed posts: `log.blogpost.add` (title, BBCode text, recipients as access codes — `UA`
 * everyone, `U{id}` users, `DR{id}` departments with their sub-departments, `SG{id}` workgroups —
 * important flag, tags, files from the input item's binary properties) and `log.blogpost.get`.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { batchedRun } from './batchedRun';
import { idParam, show } from './common';
import { binaryFiles, binaryNames, binaryPropertiesParam } from './files';
import type { OperationDef, ResourceDef } from './types';

const R = 'feedPost';
const PICK_MANY = 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

const many = (displayName: string, name: string, loadOptionsMethod: string, what: string): INodeProperties => ({
	displayName: `${displayName} Names or IDs`,
	name,
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod },
	default: [],
	description: `${what}. ${PICK_MANY}.`,
});

const createProps: INodeProperties[] = [
	{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	{ displayName: 'Text', name: 'message', type: 'string', typeOptions: { rows: 5 }, required: true, default: '', description: 'The post text; BBCode allowed ([b], [i], [URL=…], [list], …)' },
	{ displayName: 'To Everyone', name: 'toEveryone', type: 'boolean', default: true, description: 'Whether all employees see the post (access code UA)' },
	many('Users', 'users', 'getUsers', 'Users who get the post (U{ID})'),
	many('Departments', 'departments', 'getFeedDepartments', 'Departments that get the post, with their sub-departments (DR{ID})'),
	many('Workgroups', 'workgroups', 'getFeedWorkgroups', 'Workgroups and projects that get the post (SG{ID})'),
	binaryPropertiesParam('post'),
	{
		displayName: 'Options',
		name: 'postOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Author ID', name: 'userId', type: 'string', default: '', description: 'Publish on behalf of this user (administrators only)' },
			{ displayName: 'Important', name: 'important', type: 'boolean', default: false, description: 'Whether the post is marked important (readers confirm they have read it)' },
			{ displayName: 'Important Until', name: 'importantDateEnd', type: 'dateTime', default: '', description: 'When the important mark ends' },
			{ displayName: 'Other Recipients', name: 'dest', type: 'string', default: '', description: 'More access codes, comma-separated, e.g. U5, DR3, SG12' },
			{ displayName: 'Tags', name: 'tags', type: 'string', default: '', description: 'Comma-separated' },
		],
	},
];

/** IDs from a multi-select or an expression (array, number or comma-separated text). */
function ids(v: unknown): string[] {
	const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : String(v).split(',');
	return list.map((x) => String(x).trim()).filter(Boolean);
}

function destination(ctx: IExecuteFunctions, i: number): string[] {
	const o = ctx.getNodeParameter('postOptions', i, {}) as IDataObject;
	const codes = [
		...((ctx.getNodeParameter('toEveryone', i, true) as boolean) ? ['UA'] : []),
		...ids(ctx.getNodeParameter('users', i, [])).map((id) => (/^\d+$/.test(id) ? `U${id}` : id)),
		...ids(ctx.getNodeParameter('departments', i, [])).map((id) => (/^\d+$/.test(id) ? `DR${id}` : id)),
		...ids(ctx.getNodeParameter('workgroups', i, [])).map((id) => (/^\d+$/.test(id) ? `SG${id}` : id)),
		...ids(o.dest).map((c) => c.toUpperCase()),
	];
	if (!codes.length) throw new NodeOperationError(ctx.getNode(), 'The post has no recipients: turn on To Everyone or choose users, departments or workgroups', { itemIndex: i });
	return [...new Set(codes)];
}

const operations: Record<string, OperationDef> = {
	create: {
		name: 'Create',
		action: 'Publish a post to the live feed',
		description: 'Publish a post to the live feed. Posts with files go one request each (uploads are not allowed inside batch); the others are batched, 50 per request.',
		properties: show(R, 'create', createProps),
		run: batchedRun({
			alone(i) {
				return binaryNames(this, i).length > 0;
			},
			async build(i) {
				const o = this.getNodeParameter('postOptions', i, {}) as IDataObject;
				const params: IDataObject = { POST_MESSAGE: this.getNodeParameter('message', i) as string, DEST: destination(this, i) };
				const title = this.getNodeParameter('title', i, '') as string;
				if (title) params.POST_TITLE = title;
				if (o.important) {
					params.IMPORTANT = 'Y';
					if (o.importantDateEnd) params.IMPORTANT_DATE_END = o.importantDateEnd;
				}
				if (o.tags) params.TAGS = o.tags;
				if (o.userId) params.USER_ID = o.userId;
				const files = await binaryFiles(this, i);
				if (files.length) params.FILES = files;
				return { method: 'log.blogpost.add', params };
			},
			parse: (r) => ({ id: r.result as number }),
		}),
	},
	get: {
		name: 'Get',
		action: 'Get a live feed post',
		description: 'Get a post the user may read; FILES are attached-object IDs (disk.attachedObject.get gives their names and download links)',
		properties: show(R, 'get', [idParam('id', 'Post ID')]),
		build(this: IExecuteFunctions, i) {
			return { method: 'log.blogpost.get', params: { POST_ID: this.getNodeParameter('id', i) as string } };
		},
		parse(this: IExecuteFunctions, result, i) {
			const post = (result as IDataObject[] | undefined)?.[0];
			if (!post) throw new NodeOperationError(this.getNode(), `Post ${String(this.getNodeParameter('id', i))} was not found or is not visible to the user`, { itemIndex: i });
			return post;
		},
	},
};

export const feedPost: ResourceDef = { value: R, name: 'Live Feed Post', operations };

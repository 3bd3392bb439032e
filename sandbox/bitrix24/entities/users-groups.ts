/**
 * Company structure and workgroups: `department.get` (ID/PARENT strings, SORT int, root without
 * PARENT), `sonet_group.get` (old API, all strings) and `socialnetwork.api.workgroup.list`
 * (`{workgroups:[{id:"8",…}]}`, camelCase keys of the selected fields, `id` always present).
 */
import { param, type Params } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage, matchFilter, sortRows } from '../core/query';
import { ListResult, type CallContext, type Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import type { Dataset } from '../../seed/types';
import { RestError } from '../core/errors';
import { nowIso, seedDate } from './common';
import { DEPARTMENT_TABLE, ensurePortalUsers, isAdmin, rootDepartment } from './users-base';

export { DEPARTMENT_TABLE };

export const GROUP_TABLE = 'sonet_group';

/** `sort`/`order` as strings (documented) or `order` as an object (what SDKs often send). */
export function orderSpec(params: Params, fallback: Record<string, string>): Record<string, string> {
	const order = param(params, 'order');
	if (isPlainObject(order)) return order as Record<string, string>;
	const sort = param(params, 'sort');
	if (typeof sort === 'string' && sort) return { [sort]: typeof order === 'string' ? order : 'ASC' };
	if (typeof order === 'string' && order) return { [Object.keys(fallback)[0]]: order };
	return fallback;
}

/** Filter given as `FILTER` or as top-level parameters (minus the non-filter ones). */
function topLevelFilter(params: Params, skip: string[]): Record<string, unknown> {
	const explicit = param(params, 'filter');
	if (isPlainObject(explicit)) return explicit;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(params)) if (!skip.includes(k.toLowerCase())) out[k] = v;
	return out;
}

function allowedIn(fields: string[]): (f: string) => boolean {
	const set = new Set(fields);
	return (f) => set.has(f.toUpperCase());
}

// ---- departments ----

function departmentView(r: Row): Row {
	const out: Row = { ID: String(r.ID), NAME: r.NAME, SORT: Number(r.SORT) };
	if (r.PARENT !== null && r.PARENT !== undefined) out.PARENT = String(r.PARENT);
	if (r.UF_HEAD !== null && r.UF_HEAD !== undefined) out.UF_HEAD = String(r.UF_HEAD);
	return out;
}

function departmentGet(ctx: CallContext): unknown {
	ensurePortalUsers(ctx.portal.store);
	rootDepartment(ctx.portal.store);
	const filter = topLevelFilter(ctx.params, ['sort', 'order', 'start', 'filter']);
	const rows = ctx.portal.store
		.table(DEPARTMENT_TABLE)
		.all()
		.filter((r) => matchFilter(r, filter, { allowed: allowedIn(['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD']) }));
	const sorted = sortRows(rows, orderSpec(ctx.params, { SORT: 'ASC', NAME: 'ASC' }), 'ID');
	return listPage(sorted, ctx.start, (page) => page.map(departmentView));
}

export function departmentExists(store: Store, id: unknown): boolean {
	return store.table(DEPARTMENT_TABLE).get(id) !== undefined;
}

// ---- workgroups ----

const SONET_FIELDS = [
	'ID', 'SITE_ID', 'NAME', 'DESCRIPTION', 'DATE_CREATE', 'DATE_UPDATE', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED',
	'SUBJECT_ID', 'OWNER_ID', 'KEYWORDS', 'NUMBER_OF_MEMBERS', 'DATE_ACTIVITY', 'SUBJECT_NAME', 'PROJECT', 'IS_EXTRANET',
];

const WORKGROUP_SELECTABLE = [
	'ID', 'ACTIVE', 'SUBJECT_ID', 'NAME', 'DESCRIPTION', 'KEYWORDS', 'CLOSED', 'VISIBLE', 'OPENED', 'PROJECT',
	'LANDING', 'DATE_CREATE', 'DATE_UPDATE', 'DATE_ACTIVITY', 'IMAGE_ID', 'AVATAR_TYPE', 'OWNER_ID',
	'NUMBER_OF_MEMBERS', 'NUMBER_OF_MODERATORS', 'INITIATE_PERMS', 'SPAM_PERMS', 'PROJECT_DATE_START',
	'PROJECT_DATE_FINISH', 'SCRUM_OWNER_ID', 'SCRUM_MASTER_ID', 'SCRUM_SPRINT_DURATION', 'SCRUM_TASK_RESPONSIBLE',
	'TYPE', 'AVATAR',
];

const WORKGROUP_FILTERABLE = [
	'ID', 'NAME', 'OWNER_ID', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED', 'PROJECT', 'SUBJECT_ID', 'SITE_ID',
	'DATE_CREATE', 'DATE_UPDATE', 'DATE_ACTIVITY', 'IS_EXTRANET',
];

function str(v: unknown): unknown {
	return v === null || v === undefined ? null : String(v);
}

export function groupMembers(row: Row | undefined): number[] {
	return asList(row?._MEMBERS).map(Number);
}

export function groupExists(store: Store, id: unknown): boolean {
	return store.table(GROUP_TABLE).get(id) !== undefined;
}

/** Groups the user sees: visible ones, their own, and those they are a member of. */
function visibleGroups(store: Store, userId: number, asAdmin: boolean): Row[] {
	return store
		.table(GROUP_TABLE)
		.all()
		.filter((g) => asAdmin || g.VISIBLE === 'Y' || Number(g.OWNER_ID) === userId || groupMembers(g).includes(userId));
}

function callerIsAdmin(ctx: CallContext): boolean {
	const wants = String(param(ctx.params, 'IS_ADMIN') ?? '').toUpperCase() === 'Y';
	return wants && isAdmin(ctx.portal.store, ctx.auth.userId);
}

function sonetGroupGet(ctx: CallContext): unknown {
	const filter: Record<string, unknown> = { ...((isPlainObject(param(ctx.params, 'filter')) ? param(ctx.params, 'filter') : {}) as Row) };
	const groupId = param(ctx.params, 'GROUP_ID');
	if (groupId !== undefined && groupId !== '') filter.ID = groupId;
	const rows = visibleGroups(ctx.portal.store, ctx.auth.userId, callerIsAdmin(ctx)).filter((r) =>
		matchFilter(r, filter, { allowed: allowedIn(WORKGROUP_FILTERABLE) }),
	);
	const order = param(ctx.params, 'order');
	const sorted = sortRows(rows, isPlainObject(order) ? order : { ID: 'DESC' }, 'ID');
	return listPage(sorted, ctx.start, (page) =>
		page.map((r) => {
			const out: Row = {};
			for (const f of SONET_FIELDS) out[f] = str(r[f]);
			return out;
		}),
	);
}

function camel(upper: string): string {
	return upper.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function workgroupList(ctx: CallContext): unknown {
	const select = ['ID', ...asList(param(ctx.params, 'select')).map((s) => String(s).toUpperCase())].filter(
		(f, i, all) => WORKGROUP_SELECTABLE.includes(f) && all.indexOf(f) === i,
	);
	const filter = param(ctx.params, 'filter');
	const rows = visibleGroups(ctx.portal.store, ctx.auth.userId, callerIsAdmin(ctx)).filter((r) =>
		matchFilter(r, filter, { allowed: allowedIn(WORKGROUP_FILTERABLE) }),
	);
	const order = param(ctx.params, 'order');
	const sorted = sortRows(rows, isPlainObject(order) ? order : { ID: 'ASC' }, 'ID');
	const view = (r: Row): Row => {
		const out: Row = {};
		for (const f of select) out[camel(f)] = f === 'AVATAR' ? String(r.AVATAR ?? '') : str(r[f]);
		return out;
	};
	const wrap = (page: Row[]) => ({ workgroups: page.map(view) });
	// start=-1: no `total` at all (documented for this method)
	if (ctx.start !== undefined && ctx.start < 0) return new ListResult(wrap(sorted.slice(0, 50)));
	return listPage(sorted, ctx.start, wrap);
}

function isAdminCaller(ctx: CallContext): boolean {
	return isAdmin(ctx.portal.store, ctx.auth.userId);
}

/** department.add: NAME and an existing PARENT (one root only), administrators only. */
function departmentAdd(ctx: CallContext): unknown {
	const core = (text: string) => new RestError('ERROR_CORE', text, 400);
	if (!isAdminCaller(ctx)) throw core('Access denied');
	const name = param(ctx.params, 'NAME');
	if (typeof name !== 'string' || name.trim() === '') throw core('Не введено название раздела.<br>');
	const parent = param(ctx.params, 'PARENT');
	if (!departmentExists(ctx.portal.store, parent)) throw core('В структуре компании должен быть только один раздел верхнего уровня');
	const head = param(ctx.params, 'UF_HEAD');
	const row = ctx.portal.store.table(DEPARTMENT_TABLE).insert({
		NAME: name.trim(),
		SORT: Number(param(ctx.params, 'SORT') ?? 500) || 500,
		PARENT: Number(parent),
		UF_HEAD: head === undefined || head === '' ? null : Number(head),
	});
	return Number(row.ID);
}

/** sonet_group.create: the caller becomes the owner; names are unique. */
function sonetGroupCreate(ctx: CallContext): unknown {
	const name = param(ctx.params, 'NAME');
	if (typeof name !== 'string' || name.trim() === '') throw new RestError('', 'Incorrect input data', 400);
	const t = ctx.portal.store.table(GROUP_TABLE);
	if (t.all().some((g) => String(g.NAME).toLowerCase() === name.trim().toLowerCase())) throw new RestError('', 'Cannot create group', 400);
	const row = addWorkgroup(ctx.portal.store, { NAME: name.trim(), OWNER_ID: ctx.auth.userId });
	const flag = (k: string) => {
		const v = param(ctx.params, k);
		if (v !== undefined) row[k] = String(v).toUpperCase() === 'Y' ? 'Y' : 'N';
	};
	['VISIBLE', 'OPENED', 'CLOSED', 'PROJECT'].forEach(flag);
	for (const k of ['DESCRIPTION', 'KEYWORDS', 'INITIATE_PERMS', 'SPAM_PERMS']) {
		const v = param(ctx.params, k);
		if (v !== undefined) row[k] = String(v);
	}
	if (row.PROJECT === 'Y') row.TYPE = 'project';
	const at = nowIso(ctx.portal);
	Object.assign(row, { DATE_CREATE: at, DATE_UPDATE: at, DATE_ACTIVITY: at });
	return Number(row.ID);
}

export function registerGroups(registry: Registry): void {
	registry.define('department.get', { scope: 'department', handler: departmentGet });
	registry.define('department.add', { scope: 'department', handler: departmentAdd });
	registry.define('sonet_group.get', { scope: 'sonet_group', handler: sonetGroupGet });
	registry.define('sonet_group.create', { scope: 'sonet_group', handler: sonetGroupCreate });
	registry.define('socialnetwork.api.workgroup.list', { scope: 'socialnetwork', handler: workgroupList });
}

// ---- seed ----

function groupRow(id: number, name: string, ownerId: number, members: number[], created: string): Row {
	return {
		ID: id,
		SITE_ID: 's1',
		NAME: name,
		DESCRIPTION: null,
		DATE_CREATE: created,
		DATE_UPDATE: created,
		ACTIVE: 'Y',
		VISIBLE: 'Y',
		OPENED: 'N',
		CLOSED: 'N',
		SUBJECT_ID: 1,
		OWNER_ID: ownerId,
		KEYWORDS: null,
		NUMBER_OF_MEMBERS: new Set([ownerId, ...members]).size,
		NUMBER_OF_MODERATORS: 1,
		DATE_ACTIVITY: created,
		SUBJECT_NAME: 'Рабочие группы',
		PROJECT: 'N',
		IS_EXTRANET: 'N',
		LANDING: 'N',
		IMAGE_ID: null,
		AVATAR_TYPE: null,
		INITIATE_PERMS: 'E',
		SPAM_PERMS: 'K',
		TYPE: 'group',
		_MEMBERS: [...new Set([ownerId, ...members])],
	};
}

/** Insert a workgroup (seed, tests). */
export function addWorkgroup(store: Store, g: { ID?: number; NAME: string; OWNER_ID: number; MEMBERS?: number[] }): Row {
	const t = store.table(GROUP_TABLE);
	const id = g.ID ?? t.nextId;
	return t.insert(groupRow(id, g.NAME, g.OWNER_ID, g.MEMBERS ?? [], seedDate(`2024-02-${String(1 + (id % 27)).padStart(2, '0')}T10:00:00`)));
}

export const loadGroups = {
	departments(store: Store, ds: Dataset): void {
		const t = store.table(DEPARTMENT_TABLE);
		for (const d of ds.departments ?? []) {
			t.insert({ ID: d.id, NAME: d.name, SORT: 500, PARENT: d.parentId, UF_HEAD: d.headUserId });
		}
		if (t.size === 0) {
			const name = (ds.organisation as { name?: string } | undefined)?.name ?? 'Компания';
			t.insert({ ID: 1, NAME: name, SORT: 500, PARENT: null, UF_HEAD: 1 });
		}
	},
	workgroups(store: Store, ds: Dataset): void {
		for (const g of ds.workgroups ?? []) {
			addWorkgroup(store, { ID: g.id, NAME: g.name, OWNER_ID: g.ownerUserId, MEMBERS: g.memberUserIds });
		}
	},
};

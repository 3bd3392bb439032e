/**
 * Tasks, only as far as the recorded answers go: `tasks.task.add` (`{task:{…}}`, ids and numbers
 * as strings), `tasks.task.list` (`{tasks:[…]}`, camelCase keys of the selected fields, `group`
 * always, `subStatus` with the meta-status -1 for overdue tasks), `task.elapseditem.getlist|add`
 * (positional parameters), `lists.element.add` (int id). crm.stagehistory.list is in
 * tasks-stagehistory.ts and registered here.
 */
import { createHash } from 'node:crypto';
import { RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage, matchFilter, sortRows, splitOperator } from '../core/query';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import type { Dataset } from '../../seed/types';
import { nowIso, type EntityModule } from './common';
import { getUser } from './users';
import { GROUP_TABLE, groupMembers } from './users-groups';
import { parseDateTime } from './timeline-owner';
import { loadStageHistory, registerStageHistory } from './tasks-stagehistory';
import { taskRecord, upperSnake, camelOf, personRef } from './tasks-view';

export const TASK_TABLE = 'task';
const ELAPSED_TABLE = 'task_elapsed';
const LIST_ELEMENT_TABLE = 'lists_element';

const core = (text: string) => new RestError('ERROR_CORE', `${text}<br>`, 400);

/** Request keys in any case (`TITLE`, `title`, `responsibleId`) → UPPER_SNAKE. */
function upperKeys(fields: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(fields)) out[upperSnake(k)] = v;
	return out;
}

function ids(v: unknown): number[] {
	return asList(v).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

function tagList(v: unknown): string[] {
	const list = Array.isArray(v) || isPlainObject(v) ? asList(v).map(String) : String(v ?? '').split(',');
	return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}

function guidOf(id: number): string {
	const h = createHash('md5').update(`task-${id}`).digest('hex');
	return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

function taskAdd(ctx: CallContext): unknown {
	const store = ctx.portal.store;
	const raw = param(ctx.params, 'fields');
	if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
		throw new RestError('100', 'Could not find value for parameter {fields} (internal error)', 400);
	}
	const f = upperKeys(raw);
	if (typeof f.TITLE !== 'string' || f.TITLE.trim() === '') throw core('Не указано название задачи');
	if (f.RESPONSIBLE_ID === undefined || f.RESPONSIBLE_ID === '') throw core('Не указан исполнитель');
	if (!getUser(store, f.RESPONSIBLE_ID)) throw core('Пользователь указанный в поле "Исполнитель" не найден');
	const status = f.STATUS === undefined ? 2 : Number(f.STATUS);
	if (!Number.isInteger(status) || status < 1 || status > 7) throw core('Некорректный статус');
	const parentId = f.PARENT_ID ? Number(f.PARENT_ID) : null;
	if (parentId && !store.table(TASK_TABLE).get(parentId)) throw core('Задача указанная в поле "Надзадача" не найдена');
	const startPlan = parseDateTime(f.START_DATE_PLAN) ?? null;
	const endPlan = parseDateTime(f.END_DATE_PLAN) ?? null;
	if (startPlan && endPlan && Date.parse(endPlan) < Date.parse(startPlan)) {
		throw core('В планировании сроков указана дата окончания меньшая даты старта');
	}
	const at = nowIso(ctx.portal);
	const createdBy = f.CREATED_BY && getUser(store, f.CREATED_BY) ? Number(f.CREATED_BY) : ctx.auth.userId;
	const t = store.table(TASK_TABLE, 'id');
	const id = t.nextId;
	const row = t.insert({
		id,
		title: f.TITLE.trim(),
		description: String(f.DESCRIPTION ?? ''),
		priority: f.PRIORITY === undefined ? 1 : Number(f.PRIORITY),
		status,
		responsibleId: Number(f.RESPONSIBLE_ID),
		createdBy,
		createdDate: at,
		changedBy: createdBy,
		changedDate: at,
		statusChangedBy: createdBy,
		statusChangedDate: at,
		closedBy: status === 5 ? createdBy : null,
		closedDate: status === 5 ? at : null,
		activityDate: at,
		deadline: parseDateTime(f.DEADLINE) ?? null,
		startDatePlan: startPlan,
		endDatePlan: endPlan,
		guid: guidOf(id),
		groupId: f.GROUP_ID ? Number(f.GROUP_ID) : 0,
		parentId,
		timeEstimate: Number(f.TIME_ESTIMATE ?? 0) || 0,
		allowChangeDeadline: f.ALLOW_CHANGE_DEADLINE === 'Y' ? 'Y' : 'N',
		allowTimeTracking: f.ALLOW_TIME_TRACKING === 'Y' ? 'Y' : 'N',
		taskControl: f.TASK_CONTROL === 'Y' ? 'Y' : 'N',
		auditors: ids(f.AUDITORS),
		accomplices: ids(f.ACCOMPLICES),
		tags: tagList(f.TAGS),
		ufCrmTask: asList(f.UF_CRM_TASK).map(String),
		ufTaskWebdavFiles: asList(f.UF_TASK_WEBDAV_FILES).map(String),
	});
	for (const tag of asList(row.tags)) tagId(store, String(tag));
	return { task: taskRecord(store, row, ctx.portal.now()) };
}

export function tagId(store: Store, name: string): number {
	const t = store.table('task_tag');
	const found = t.all().find((r) => String(r.NAME).toLowerCase() === name.toLowerCase());
	return Number((found ?? t.insert({ NAME: name })).ID);
}

/** Meta-status for STATUS / subStatus: -1 overdue (pending or in progress past the deadline). */
export function subStatus(row: Row, now: number): number {
	const status = Number(row.status);
	if ((status === 2 || status === 3) && row.deadline && Date.parse(String(row.deadline)) < now) return -1;
	return status;
}

/** The row the filter sees: UPPER_SNAKE keys, STATUS = meta-status, REAL_STATUS = status. */
function filterView(row: Row, now: number): Row {
	const out: Row = {};
	for (const [k, v] of Object.entries(row)) out[upperSnake(k)] = v;
	out.ID = row.id;
	out.STATUS = subStatus(row, now);
	out.REAL_STATUS = row.status;
	out.TAG = row.tags;
	out.ACCOMPLICE = row.accomplices;
	out.AUDITOR = row.auditors;
	out.MEMBER = [row.createdBy, row.responsibleId, ...asList(row.accomplices), ...asList(row.auditors)];
	return out;
}

function normalizeTaskFilter(filter: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!isPlainObject(filter)) return out;
	for (const [k, v] of Object.entries(filter)) {
		if (k.startsWith('::')) continue;
		const { op, field } = splitOperator(k);
		const name = upperSnake(field);
		const like = name === 'TITLE' && op === '' && typeof v === 'string' && /[%_]/.test(v);
		out[`${like ? '=%' : op}${name}`] = like ? String(v).replace(/_/g, '%') : v;
	}
	return out;
}

function canSee(store: Store, row: Row, userId: number): boolean {
	if (getUser(store, userId)?._ADMIN === true) return true;
	const members = [row.createdBy, row.responsibleId, ...asList(row.accomplices), ...asList(row.auditors)].map(Number);
	return members.includes(userId) || groupMembers(store.table(GROUP_TABLE).get(row.groupId)).includes(userId);
}

function taskList(ctx: CallContext): unknown {
	const store = ctx.portal.store;
	const now = ctx.portal.now();
	const filter = normalizeTaskFilter(param(ctx.params, 'filter'));
	const rows = store
		.table(TASK_TABLE, 'id')
		.all()
		.filter((r) => canSee(store, r, ctx.auth.userId))
		.map((r) => ({ row: r, view: filterView(r, now) }))
		.filter((x) => matchFilter(x.view, filter));
	const order = param(ctx.params, 'order');
	const orderSpec: Record<string, string> = {};
	for (const [k, v] of Object.entries(isPlainObject(order) ? order : { ID: 'DESC' })) orderSpec[upperSnake(k)] = String(v);
	const sorted = sortRows(rows.map((x) => x.view), orderSpec, 'ID').map((v) => store.table(TASK_TABLE, 'id').get(v.ID) as Row);
	const select = asList(param(ctx.params, 'select')).map((s) => upperSnake(String(s)));
	return listPage(sorted, ctx.start, (page) => ({ tasks: page.map((r) => listView(store, r, select, now)) }));
}

/** Selected fields in select order, then `group`, member objects, `tags` and `subStatus`. */
function listView(store: Store, row: Row, select: string[], now: number): Row {
	const full = taskRecord(store, row, now);
	if (!select.length || select.includes('*')) return { ...full, subStatus: String(subStatus(row, now)) };
	const out: Row = {};
	const tail: Row = {};
	for (const s of select) {
		if (s === 'STATUS_COMPLETE') continue; // not returned by the list (as recorded)
		if (s === 'STATUS' || s === 'REAL_STATUS') out.status = full.status;
		else if (s === 'TAGS' || s === 'TAG') {
			const tags: Row = {};
			for (const name of asList(row.tags)) {
				const id = tagId(store, String(name));
				tags[String(id)] = { id, title: name };
			}
			tail.tags = Object.keys(tags).length ? tags : [];
		} else if (camelOf(s) in full) out[camelOf(s)] = full[camelOf(s)];
		if (s === 'RESPONSIBLE_ID') tail.responsible = personRef(store, row.responsibleId);
		if (s === 'CREATED_BY') tail.creator = personRef(store, row.createdBy);
	}
	out.group = full.group;
	Object.assign(out, tail);
	if (select.includes('STATUS')) out.subStatus = String(subStatus(row, now));
	return out;
}

// ---- elapsed time (positional parameters: 0 = task id, 1.. = the rest) ----

function positional(params: Params, index: number, name: string): unknown {
	const p = params as Record<string, unknown>;
	return p[String(index)] ?? param(params, name);
}

function mustTask(ctx: CallContext, id: unknown): Row {
	const row = ctx.portal.store.table(TASK_TABLE, 'id').get(id);
	if (!row || !canSee(ctx.portal.store, row, ctx.auth.userId)) throw new RestError('ERROR_CORE', 'ACTION_NOT_ALLOWED', 400);
	return row;
}

const ELAPSED_FIELDS = ['ID', 'TASK_ID', 'USER_ID', 'COMMENT_TEXT', 'SECONDS', 'MINUTES', 'SOURCE', 'CREATED_DATE', 'DATE_START', 'DATE_STOP'];

function elapsedList(ctx: CallContext): unknown {
	const task = mustTask(ctx, positional(ctx.params, 0, 'TASKID'));
	const order = positional(ctx.params, 1, 'ORDER');
	const filter = positional(ctx.params, 2, 'FILTER');
	const select = asList(positional(ctx.params, 3, 'SELECT')).map((s) => String(s).toUpperCase());
	const rows = ctx.portal.store
		.table(ELAPSED_TABLE)
		.where((r) => Number(r.TASK_ID) === Number(task.id))
		.filter((r) => matchFilter(r, filter, { allowed: (f) => ['ID', 'USER_ID', 'CREATED_DATE'].includes(f.toUpperCase()) }));
	const sorted = sortRows(rows, isPlainObject(order) ? order : { ID: 'ASC' }, 'ID');
	const fields = !select.length || select.includes('*') ? ELAPSED_FIELDS : ELAPSED_FIELDS.filter((f) => select.includes(f));
	const view = (r: Row) => Object.fromEntries(fields.map((f) => [f, r[f] === null || r[f] === undefined ? null : String(r[f])]));
	const nav = positional(ctx.params, 4, 'PARAMS');
	const navParams = isPlainObject(nav) && isPlainObject(nav.NAV_PARAMS) ? nav.NAV_PARAMS : undefined;
	if (navParams) {
		const size = Math.min(50, Math.max(1, Number(navParams.nPageSize) || 50));
		const pageNo = Math.max(1, Number(navParams.iNumPage) || 1);
		return listPage(sorted, (pageNo - 1) * size, (page) => page.slice(0, size).map(view));
	}
	return listPage(sorted, ctx.start, (page) => page.map(view));
}

function elapsedAdd(ctx: CallContext): unknown {
	const task = mustTask(ctx, positional(ctx.params, 0, 'TASKID'));
	const raw = positional(ctx.params, 1, 'ARFIELDS');
	const f = isPlainObject(raw) ? upperKeys(raw) : {};
	const seconds = Math.trunc(Number(f.SECONDS ?? 0));
	if (!Number.isFinite(seconds) || seconds <= 0) throw new RestError('ERROR_CORE', 'ACTION_FAILED_TO_BE_PROCESSED', 400);
	const at = nowIso(ctx.portal);
	const row = ctx.portal.store.table(ELAPSED_TABLE).insert({
		TASK_ID: Number(task.id),
		USER_ID: f.USER_ID && getUser(ctx.portal.store, f.USER_ID) ? Number(f.USER_ID) : ctx.auth.userId,
		COMMENT_TEXT: String(f.COMMENT_TEXT ?? ''),
		SECONDS: seconds,
		MINUTES: Math.floor(seconds / 60),
		SOURCE: 2,
		CREATED_DATE: parseDateTime(f.CREATED_DATE) ?? at,
		DATE_START: at,
		DATE_STOP: at,
	});
	return Number(row.ID);
}

// ---- universal lists ----

function listsElementAdd(ctx: CallContext): unknown {
	const missing = (name: string) => new RestError('ERROR_REQUIRED_PARAMETERS_MISSING', `Required parameter "${name}" is missing`, 400);
	const typeId = param(ctx.params, 'IBLOCK_TYPE_ID');
	if (!typeId) throw missing('IBLOCK_TYPE_ID');
	const iblockId = param(ctx.params, 'IBLOCK_ID');
	const iblockCode = param(ctx.params, 'IBLOCK_CODE');
	if (!iblockId && !iblockCode) throw missing('IBLOCK_ID');
	if (!['lists', 'bitrix_processes', 'lists_socnet'].includes(String(typeId))) {
		throw new RestError('ERROR_IBLOCK_NOT_FOUND', 'Iblock not found', 400);
	}
	const code = param(ctx.params, 'ELEMENT_CODE');
	if (code === undefined || code === '') throw missing('ELEMENT_CODE');
	const fields = param(ctx.params, 'FIELDS');
	if (!isPlainObject(fields)) throw missing('FIELDS');
	if (typeof fields.NAME !== 'string' || fields.NAME.trim() === '') throw new RestError('ERROR_ADD_ELEMENT', 'Введите название элемента.<br>', 400);
	const t = ctx.portal.store.table(LIST_ELEMENT_TABLE);
	const iblock = String(iblockId || iblockCode);
	if (t.all().some((r) => r.IBLOCK === iblock && r.CODE === String(code))) {
		throw new RestError('ERROR_ELEMENT_ALREADY_EXISTS', 'Element already exists', 400);
	}
	const row = t.insert({
		IBLOCK_TYPE_ID: String(typeId),
		IBLOCK: iblock,
		IBLOCK_SECTION_ID: Number(param(ctx.params, 'IBLOCK_SECTION_ID') ?? 0) || 0,
		CODE: String(code),
		FIELDS: fields,
		CREATED_BY: ctx.auth.userId,
		DATE_CREATE: nowIso(ctx.portal),
	});
	return Number(row.ID);
}

export const tasksModule: EntityModule = {
	name: 'tasks',
	register(registry: Registry): void {
		registry.define('tasks.task.add', { scope: 'task', handler: taskAdd });
		registry.define('tasks.task.list', { scope: 'task', handler: taskList });
		registry.define('task.elapseditem.getlist', { scope: 'task', handler: elapsedList });
		registry.define('task.elapseditem.add', { scope: 'task', handler: elapsedAdd });
		registry.define('lists.element.add', { scope: 'lists', handler: listsElementAdd });
		registerStageHistory(registry);
	},
	load(store: Store, ds: Dataset): void {
		loadStageHistory(store, ds);
	},
};

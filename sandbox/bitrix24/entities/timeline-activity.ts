/**
 * Activities, old API view (every value a string): `crm.activity.add|get|list|update|delete`
 * with COMMUNICATIONS (`{ID,TYPE,VALUE,ENTITY_ID,ENTITY_TYPE_ID,ENTITY_SETTINGS}`), FILES
 * (`[{id,url}]`), owner/bindings, ORIGIN_ID/ORIGINATOR_ID; and `crm.activity.todo.add` → `{id}`.
 * COMMUNICATIONS and FILES appear in list only when selected (as documented); get returns them.
 */
import { Errors, RestError } from '../core/errors';
import { param } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage, matchFilter, sortRows } from '../core/query';
import type { CallContext, Portal, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicValue, fieldsParam, idParam, nextSeq, nowIso } from './common';
import { diskFile, downloadUrl, saveFile, uploadedFilesFolder } from './feed-disk';
import { getUser } from './users';
import { isOwnerType, ownerRow, parseDateTime, parseFiles, timelineErrors } from './timeline-owner';

export const ACTIVITY_TABLE = 'activity';

const FIELDS = [
	'ID', 'OWNER_ID', 'OWNER_TYPE_ID', 'TYPE_ID', 'PROVIDER_ID', 'PROVIDER_TYPE_ID', 'PROVIDER_GROUP_ID',
	'ASSOCIATED_ENTITY_ID', 'SUBJECT', 'CREATED', 'LAST_UPDATED', 'START_TIME', 'END_TIME', 'DEADLINE', 'COMPLETED',
	'STATUS', 'RESPONSIBLE_ID', 'PRIORITY', 'NOTIFY_TYPE', 'NOTIFY_VALUE', 'DESCRIPTION', 'DESCRIPTION_TYPE',
	'DIRECTION', 'LOCATION', 'SETTINGS', 'ORIGINATOR_ID', 'ORIGIN_ID', 'AUTHOR_ID', 'EDITOR_ID', 'PROVIDER_PARAMS',
	'PROVIDER_DATA', 'RESULT_MARK', 'RESULT_VALUE', 'RESULT_SUM', 'RESULT_CURRENCY_ID', 'RESULT_STATUS',
	'RESULT_STREAM', 'RESULT_SOURCE_ID', 'AUTOCOMPLETE_RULE',
];
/** Fields a client may write (add/update); the rest is computed or read-only. */
const WRITABLE = [
	'SUBJECT', 'START_TIME', 'END_TIME', 'COMPLETED', 'STATUS', 'RESPONSIBLE_ID', 'PRIORITY', 'NOTIFY_TYPE',
	'NOTIFY_VALUE', 'DESCRIPTION', 'DESCRIPTION_TYPE', 'DIRECTION', 'LOCATION', 'SETTINGS', 'ORIGINATOR_ID',
	'ORIGIN_ID', 'PROVIDER_PARAMS', 'PROVIDER_DATA', 'PROVIDER_GROUP_ID', 'PROVIDER_TYPE_ID', 'ASSOCIATED_ENTITY_ID',
	'RESULT_MARK', 'RESULT_VALUE', 'RESULT_SUM', 'RESULT_CURRENCY_ID', 'RESULT_STATUS', 'RESULT_STREAM', 'RESULT_SOURCE_ID',
];
const INT_FIELDS = new Set([
	'RESPONSIBLE_ID', 'PRIORITY', 'NOTIFY_TYPE', 'NOTIFY_VALUE', 'DESCRIPTION_TYPE', 'DIRECTION', 'STATUS',
	'ASSOCIATED_ENTITY_ID', 'RESULT_MARK', 'RESULT_STATUS', 'RESULT_STREAM',
]);
const PROVIDERS: Record<number, [string, string, string]> = {
	1: ['CRM_MEETING', 'MEETING', ''],
	2: ['VOXIMPLANT_CALL', 'CALL', 'PHONE'],
	4: ['CRM_EMAIL', 'EMAIL', 'EMAIL'],
};

const fail = (text: string) => Errors.crm(text);
const notFound = () => fail('Activity is not found');

interface Binding {
	OWNER_TYPE_ID: number;
	OWNER_ID: number;
}

function str(v: unknown): string {
	return v === null || v === undefined ? '' : String(v);
}

/** ENTITY_SETTINGS as the portal snapshots them from the contact / company / lead. */
function entitySettings(store: Store, typeId: number, id: number): Row {
	const row = ownerRow(store, typeId, id);
	if (!row) return {};
	if (typeId === 3) {
		const companyId = row.COMPANY_ID ?? asList(row.COMPANY_IDS)[0];
		const company = companyId ? ownerRow(store, 4, Number(companyId)) : undefined;
		return {
			HONORIFIC: str(row.HONORIFIC), NAME: str(row.NAME), SECOND_NAME: str(row.SECOND_NAME), LAST_NAME: str(row.LAST_NAME),
			COMPANY_TITLE: str(company?.TITLE), COMPANY_ID: str(companyId),
		};
	}
	if (typeId === 4) return { COMPANY_TITLE: str(row.TITLE) };
	return { NAME: str(row.NAME), SECOND_NAME: str(row.SECOND_NAME), LAST_NAME: str(row.LAST_NAME), LEAD_TITLE: str(row.TITLE) };
}

function communications(store: Store, raw: unknown, typeId: number, owner: Binding | undefined): Row[] {
	const defaultType = PROVIDERS[typeId]?.[2] ?? '';
	return asList(raw).map((c) => {
		if (!isPlainObject(c)) throw fail('The field COMMUNICATIONS is not defined or invalid');
		let entityType = Number(c.ENTITY_TYPE_ID ?? 0);
		let entityId = Number(c.ENTITY_ID ?? 0);
		if ((!entityType || !entityId) && owner && [1, 3, 4].includes(owner.OWNER_TYPE_ID)) {
			entityType = owner.OWNER_TYPE_ID;
			entityId = owner.OWNER_ID;
		}
		if (entityType && entityId && !ownerRow(store, entityType, entityId)) {
			throw fail('Could not build binding. Please ensure that owner info and communications are defined correctly');
		}
		return {
			ID: nextSeq(store, 'activity_communication'),
			TYPE: String(c.TYPE ?? defaultType),
			VALUE: String(c.VALUE ?? ''),
			ENTITY_ID: entityId,
			ENTITY_TYPE_ID: entityType,
			ENTITY_SETTINGS: entityType && entityId ? entitySettings(store, entityType, entityId) : {},
		};
	});
}

/** FILES: upload structures become Disk files; `{id}` / a number keeps an existing file. */
function activityFiles(portal: Portal, raw: unknown, userId: number): number[] {
	const out: number[] = [];
	const uploads = asList(raw).filter((f) => {
		const keep = isPlainObject(f) && !('fileData' in f) && (f.id ?? f.ID) !== undefined ? Number(f.id ?? f.ID) : typeof f === 'number' ? f : undefined;
		if (keep !== undefined && diskFile(portal.store, keep)) out.push(keep);
		return keep === undefined;
	});
	const files = parseFiles(uploads, () => fail('The field FILES is not defined or invalid'));
	if (files.length) {
		const at = nowIso(portal);
		const folder = uploadedFilesFolder(portal.store, userId, at);
		for (const f of files) out.push(Number(saveFile(portal.store, Number(folder.ID), f, userId, at).ID));
	}
	return out;
}

function writable(fields: Record<string, unknown>): Row {
	const out: Row = {};
	for (const k of WRITABLE) {
		if (!(k in fields)) continue;
		let v = fields[k];
		if (INT_FIELDS.has(k)) v = v === '' || v === null ? 0 : Math.trunc(Number(v)) || 0;
		else if (k === 'START_TIME' || k === 'END_TIME') v = parseDateTime(v) ?? null;
		else if (k === 'COMPLETED') v = v === true || v === 'Y' || v === '1' || v === 1 ? 'Y' : 'N';
		else if (k === 'SETTINGS' || k === 'PROVIDER_PARAMS') v = isPlainObject(v) && Object.keys(v).length ? v : [];
		out[k] = v;
	}
	return out;
}

function deadlineOf(row: Row): string | null {
	const t = Number(row.TYPE_ID);
	const v = t === 1 || t === 2 ? row.START_TIME : (row.END_TIME ?? row.START_TIME);
	return (v as string | null | undefined) ?? null;
}

function activityAdd(ctx: CallContext): unknown {
	const store = ctx.portal.store;
	const fields = fieldsParam(ctx.params);
	const typeId = Number(fields.TYPE_ID);
	if (![1, 2, 4, 6].includes(typeId)) throw fail('The field TYPE_ID is not defined or invalid');
	if (typeId === 6 && !fields.PROVIDER_ID) throw fail('The custom activity without provider is not supported in current context');
	if (typeof fields.SUBJECT !== 'string' || fields.SUBJECT.trim() === '') throw fail('The field SUBJECT is not defined or empty');
	if (!getUser(store, fields.RESPONSIBLE_ID)) throw fail('The field RESPONSIBLE_ID is not defined or invalid');
	let owner: Binding | undefined;
	if (fields.OWNER_TYPE_ID !== undefined || fields.OWNER_ID !== undefined) {
		owner = { OWNER_TYPE_ID: Number(fields.OWNER_TYPE_ID), OWNER_ID: Number(fields.OWNER_ID) };
		if (!ownerRow(store, owner.OWNER_TYPE_ID, owner.OWNER_ID)) {
			throw fail('Could not build binding. Please ensure that owner info and communications are defined correctly');
		}
	}
	const comms = communications(store, fields.COMMUNICATIONS, typeId, owner);
	if (typeId !== 6 && comms.length === 0) throw fail('The field COMMUNICATIONS is not defined or invalid');
	if ((typeId === 1 || typeId === 2) && comms.length > 1) throw fail('The only one communication is allowed for activity of specified type');
	const bindings: Binding[] = owner ? [owner] : [];
	for (const c of comms) {
		const b = { OWNER_TYPE_ID: Number(c.ENTITY_TYPE_ID), OWNER_ID: Number(c.ENTITY_ID) };
		if (b.OWNER_ID && !bindings.some((x) => x.OWNER_TYPE_ID === b.OWNER_TYPE_ID && x.OWNER_ID === b.OWNER_ID)) bindings.push(b);
	}
	if (!bindings.length) throw fail('Could not build binding. Please ensure that owner info and communications are defined correctly');
	const row = insertActivity(ctx, {
		...writable(fields),
		OWNER_ID: bindings[0].OWNER_ID,
		OWNER_TYPE_ID: bindings[0].OWNER_TYPE_ID,
		TYPE_ID: typeId,
		PROVIDER_ID: typeId === 6 ? String(fields.PROVIDER_ID) : PROVIDERS[typeId][0],
		PROVIDER_TYPE_ID: fields.PROVIDER_TYPE_ID ?? (typeId === 6 ? null : PROVIDERS[typeId][1]),
		_COMMUNICATIONS: comms,
		_BINDINGS: bindings,
	});
	row._FILES = activityFiles(ctx.portal, fields.FILES, ctx.auth.userId);
	return Number(row.ID);
}

function insertActivity(ctx: CallContext, data: Row): Row {
	const at = nowIso(ctx.portal);
	const base: Row = {
		PROVIDER_GROUP_ID: null, ASSOCIATED_ENTITY_ID: 0, SUBJECT: '', START_TIME: null, END_TIME: null, COMPLETED: 'N',
		RESPONSIBLE_ID: ctx.auth.userId, PRIORITY: 2, NOTIFY_TYPE: 0, NOTIFY_VALUE: 0, DESCRIPTION: '', DESCRIPTION_TYPE: 1,
		DIRECTION: 0, LOCATION: '', SETTINGS: [], ORIGINATOR_ID: null, ORIGIN_ID: null, PROVIDER_PARAMS: [],
		PROVIDER_DATA: null, RESULT_MARK: 0, RESULT_VALUE: null, RESULT_SUM: null, RESULT_CURRENCY_ID: null,
		RESULT_STATUS: 0, RESULT_STREAM: 0, RESULT_SOURCE_ID: null, AUTOCOMPLETE_RULE: 0, _FILES: [],
	};
	const row: Row = { ...base, ...data, CREATED: at, LAST_UPDATED: at, AUTHOR_ID: ctx.auth.userId, EDITOR_ID: ctx.auth.userId };
	if (data.STATUS === undefined) row.STATUS = row.COMPLETED === 'Y' ? 2 : 1;
	row.DEADLINE = data.DEADLINE ?? deadlineOf(row);
	const stored = ctx.portal.store.table(ACTIVITY_TABLE).insert(row);
	ctx.portal.emit('ONCRMACTIVITYADD', { ID: stored.ID });
	return stored;
}

function activityView(portal: Portal, row: Row, select: string[] | undefined): Row {
	const all = !select || !select.length || select.includes('*');
	const out: Row = {};
	for (const k of FIELDS) if (all || select.includes(k)) out[k] = classicValue(row[k]);
	const wants = (k: string) => (select ? select.includes(k) : true);
	if (wants('COMMUNICATIONS')) out.COMMUNICATIONS = asList(row._COMMUNICATIONS).map((c) => classicValue(c));
	// the documented example selects STORAGE_ELEMENT_IDS and gets FILES back
	if (wants('FILES') || wants('STORAGE_ELEMENT_IDS')) {
		out.FILES = asList(row._FILES).map((id) => ({ id: Number(id), url: downloadUrl(portal, id) }));
	}
	if (select?.includes('BINDINGS')) out.BINDINGS = asList(row._BINDINGS).map((b) => classicValue(b));
	return out;
}

function mustGetActivity(ctx: CallContext): Row {
	const row = ctx.portal.store.table(ACTIVITY_TABLE).get(idParam(ctx.params));
	if (!row) throw notFound();
	return row;
}

function activityList(ctx: CallContext): unknown {
	const raw = param(ctx.params, 'filter');
	const filter: Row = isPlainObject(raw) ? { ...raw } : {};
	const bindingKey = Object.keys(filter).find((k) => k.toUpperCase() === 'BINDINGS');
	const wanted = bindingKey ? asList(filter[bindingKey]).filter(isPlainObject) : [];
	if (bindingKey) delete filter[bindingKey];
	const rows = ctx.portal.store
		.table(ACTIVITY_TABLE)
		.all()
		.filter((r) => matchFilter(r, filter, { allowed: (f) => FIELDS.includes(f.toUpperCase()) }))
		.filter((r) =>
			wanted.every((w) =>
				asList(r._BINDINGS).some(
					(b) =>
						isPlainObject(b) &&
						(w.OWNER_TYPE_ID === undefined || Number(w.OWNER_TYPE_ID) === Number(b.OWNER_TYPE_ID)) &&
						(w.OWNER_ID === undefined || Number(w.OWNER_ID) === Number(b.OWNER_ID)),
				),
			),
		);
	const order = param(ctx.params, 'order');
	const sorted = sortRows(rows, isPlainObject(order) ? order : { START_TIME: 'ASC', ID: 'ASC' }, 'ID');
	const select = asList(param(ctx.params, 'select')).map((s) => String(s).toUpperCase());
	return listPage(sorted, ctx.start, (page) => page.map((r) => activityView(ctx.portal, r, select.length ? select : ['*'])));
}

function activityUpdate(ctx: CallContext): unknown {
	const row = mustGetActivity(ctx);
	const fields = fieldsParam(ctx.params);
	const patch = writable(fields);
	if ('SUBJECT' in patch && String(patch.SUBJECT ?? '').trim() === '') throw fail('The field SUBJECT is not defined or empty');
	if ('RESPONSIBLE_ID' in patch && !getUser(ctx.portal.store, patch.RESPONSIBLE_ID)) {
		throw fail('The field RESPONSIBLE_ID is not defined or invalid');
	}
	Object.assign(row, patch, { LAST_UPDATED: nowIso(ctx.portal), EDITOR_ID: ctx.auth.userId });
	if ('COMPLETED' in patch && !('STATUS' in patch)) row.STATUS = patch.COMPLETED === 'Y' ? 2 : 1;
	if ('START_TIME' in patch || 'END_TIME' in patch) row.DEADLINE = deadlineOf(row);
	if ('COMMUNICATIONS' in fields) {
		const owner = { OWNER_TYPE_ID: Number(row.OWNER_TYPE_ID), OWNER_ID: Number(row.OWNER_ID) };
		row._COMMUNICATIONS = communications(ctx.portal.store, fields.COMMUNICATIONS, Number(row.TYPE_ID), owner);
	}
	if ('FILES' in fields) row._FILES = activityFiles(ctx.portal, fields.FILES, ctx.auth.userId);
	ctx.portal.emit('ONCRMACTIVITYUPDATE', { ID: row.ID });
	return true;
}

function activityDelete(ctx: CallContext): unknown {
	const row = mustGetActivity(ctx);
	ctx.portal.store.table(ACTIVITY_TABLE).delete(row.ID);
	ctx.portal.emit('ONCRMACTIVITYDELETE', { ID: row.ID });
	return true;
}

function todoAdd(ctx: CallContext): unknown {
	const p = ctx.params;
	for (const name of ['ownerTypeId', 'ownerId', 'deadline']) {
		if (p[name] === undefined || p[name] === '') throw timelineErrors.noParam(name);
	}
	const typeId = Number(p.ownerTypeId);
	const ownerId = Number(p.ownerId);
	if (!Number.isInteger(typeId) || !isOwnerType(typeId)) throw timelineErrors.ownerNotFound();
	if (!ownerRow(ctx.portal.store, typeId, ownerId)) throw timelineErrors.notFound();
	const deadline = parseDateTime(p.deadline);
	if (!deadline) throw new RestError('WRONG_DATETIME_FORMAT', 'Wrong datetime format', 400);
	const responsible = p.responsibleId === undefined ? ctx.auth.userId : Number(p.responsibleId);
	if (!getUser(ctx.portal.store, responsible)) throw new RestError('INVALID_ARG_VALUE', 'Responsible user not found', 400);
	const settings: Row = {};
	if (p.colorId !== undefined) settings.COLOR = String(p.colorId);
	if (p.pingOffsets !== undefined) settings.PING_OFFSETS = asList(p.pingOffsets).map(Number);
	const row = insertActivity(ctx, {
		OWNER_ID: ownerId, OWNER_TYPE_ID: typeId, TYPE_ID: 6, PROVIDER_ID: 'CRM_TODO', PROVIDER_TYPE_ID: 'TODO',
		SUBJECT: String(p.title ?? ''), DESCRIPTION: String(p.description ?? ''), RESPONSIBLE_ID: responsible,
		START_TIME: deadline, END_TIME: deadline, DEADLINE: deadline, SETTINGS: Object.keys(settings).length ? settings : [],
		ASSOCIATED_ENTITY_ID: p.parentActivityId === undefined ? 0 : Number(p.parentActivityId),
		_COMMUNICATIONS: [], _BINDINGS: [{ OWNER_TYPE_ID: typeId, OWNER_ID: ownerId }],
	});
	return { id: Number(row.ID) };
}

export function registerActivities(registry: Registry): void {
	registry.define('crm.activity.add', { scope: 'crm', crmAccess: 'old', handler: activityAdd });
	registry.define('crm.activity.get', { scope: 'crm', crmAccess: 'old', handler: (ctx) => activityView(ctx.portal, mustGetActivity(ctx), undefined) });
	registry.define('crm.activity.list', { scope: 'crm', crmAccess: 'old', handler: activityList });
	registry.define('crm.activity.update', { scope: 'crm', crmAccess: 'old', handler: activityUpdate });
	registry.define('crm.activity.delete', { scope: 'crm', crmAccess: 'old', handler: activityDelete });
	registry.define('crm.activity.todo.add', { scope: 'crm', crmAccess: 'item', handler: todoAdd });
}

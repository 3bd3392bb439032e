/**
 * Timeline comments `crm.timeline.comment.add|get|list|update|delete` (only the lowercase
 * `fields` key, as since crm 23.100.0; lowercase ENTITY_TYPE names; owner checks against the
 * stored CRM tables; FILES saved on Disk and returned keyed by attachment id) and the CRM owner
 * helpers shared with the activities (timeline-activity.ts, registered by this module).
 */
import { Errors, type RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage, matchFilter, sortRows } from '../core/query';
import type { CallContext, Portal, Registry } from '../core/registry';
import type { Row } from '../core/store';
import { nowIso, type EntityModule } from './common';
import { ATTACHED_TABLE, diskFile, downloadUrl, isImage } from './feed-disk';
import { ownerRow, ownerTypeFromName, ownerTypeName, parseFiles, storeAttachments, timelineErrors } from './timeline-owner';
import { getUser, userFullName } from './users';
import { registerActivities } from './timeline-activity';

export const COMMENT_TABLE = 'timeline_comment';

/** `fields` must come with exactly this key (Fields, FIELDS, arFields are not accepted). */
function lowerFields(params: Params): Record<string, unknown> {
	const f = params.fields;
	if (!isPlainObject(f)) throw timelineErrors.noParam('fields');
	return f;
}

function commentId(params: Params, notFound: () => RestError): number {
	const v = params.id ?? params.ID;
	const n = Number(v);
	if (v === undefined || v === '' || !Number.isInteger(n) || n <= 0) throw notFound();
	return n;
}

function fileInfo(portal: Portal, attachedId: number): Row | undefined {
	const att = portal.store.table(ATTACHED_TABLE).get(attachedId);
	const file = att ? diskFile(portal.store, att.OBJECT_ID) : undefined;
	if (!att || !file) return undefined;
	const author = getUser(portal.store, att.CREATED_BY);
	const url = downloadUrl(portal, file.ID);
	const info: Row = { id: attachedId, date: att.CREATE_TIME, type: isImage(String(file.NAME)) ? 'image' : 'file', name: file.NAME, size: Number(file.SIZE) };
	Object.assign(info, { authorId: Number(att.CREATED_BY), authorName: userFullName(author), urlShow: url, urlDownload: url });
	return info;
}

function commentView(portal: Portal, row: Row): Row {
	const files: Row = {};
	for (const a of asList(row.FILES).map(Number)) {
		const info = fileInfo(portal, a);
		if (info) files[String(a)] = info;
	}
	return {
		ID: String(row.ID),
		ENTITY_ID: String(row.ENTITY_ID),
		ENTITY_TYPE: row.ENTITY_TYPE,
		CREATED: row.CREATED,
		COMMENT: row.COMMENT,
		AUTHOR_ID: String(row.AUTHOR_ID),
		FILES: files,
	};
}

function commentText(fields: Record<string, unknown>): string {
	const c = fields.COMMENT;
	if (typeof c !== 'string' && typeof c !== 'number') throw timelineErrors.emptyComment();
	const text = String(c);
	if (text.trim() === '') throw timelineErrors.emptyComment();
	return text;
}

function commentAdd(ctx: CallContext): unknown {
	const fields = lowerFields(ctx.params);
	const typeId = ownerTypeFromName(fields.ENTITY_TYPE);
	const ownerId = Number(fields.ENTITY_ID);
	if (typeId === undefined || !Number.isInteger(ownerId) || ownerId <= 0) throw timelineErrors.ownerNotFound();
	if (!ownerRow(ctx.portal.store, typeId, ownerId)) throw timelineErrors.notFound();
	const text = commentText(fields);
	const files = parseFiles(fields.FILES, timelineErrors.badFile);
	const row = ctx.portal.store.table(COMMENT_TABLE).insert({
		ENTITY_ID: ownerId,
		ENTITY_TYPE: ownerTypeName(typeId),
		ENTITY_TYPE_ID: typeId,
		CREATED: nowIso(ctx.portal),
		COMMENT: text,
		AUTHOR_ID: ctx.auth.userId,
		FILES: [],
	});
	row.FILES = storeAttachments(ctx.portal, files, ctx.auth.userId, 'crm', 'CRM_TIMELINE', Number(row.ID));
	ctx.portal.emit('ONCRMTIMELINECOMMENTADD', { ID: row.ID });
	return Number(row.ID);
}

/** update/delete may name the owner (`ownerTypeId`, `ownerId`); it must be the comment's one. */
function checkOwnerParams(ctx: CallContext, row: Row): void {
	const t = ctx.params.ownerTypeId;
	const o = ctx.params.ownerId;
	if (t === undefined && o === undefined) return;
	if (Number(t) !== Number(row.ENTITY_TYPE_ID) || Number(o) !== Number(row.ENTITY_ID)) throw timelineErrors.ownerNotFound();
}

function commentUpdate(ctx: CallContext): unknown {
	const id = commentId(ctx.params, () => timelineErrors.noParam('id'));
	const row = ctx.portal.store.table(COMMENT_TABLE).get(id);
	if (!row) throw timelineErrors.notFound();
	checkOwnerParams(ctx, row);
	const fields = lowerFields(ctx.params);
	if ('COMMENT' in fields) row.COMMENT = commentText(fields);
	if ('FILES' in fields) {
		const files = parseFiles(fields.FILES, timelineErrors.badFile);
		for (const a of asList(row.FILES)) ctx.portal.store.table(ATTACHED_TABLE).delete(a);
		row.FILES = storeAttachments(ctx.portal, files, ctx.auth.userId, 'crm', 'CRM_TIMELINE', id);
	}
	ctx.portal.emit('ONCRMTIMELINECOMMENTUPDATE', { ID: id });
	return id;
}

function commentDelete(ctx: CallContext): unknown {
	const id = commentId(ctx.params, () => timelineErrors.noParam('id'));
	const row = ctx.portal.store.table(COMMENT_TABLE).get(id);
	if (!row) throw timelineErrors.notFound();
	checkOwnerParams(ctx, row);
	for (const a of asList(row.FILES)) ctx.portal.store.table(ATTACHED_TABLE).delete(a);
	ctx.portal.store.table(COMMENT_TABLE).delete(id);
	ctx.portal.emit('ONCRMTIMELINECOMMENTDELETE', { ID: id });
	return null;
}

function commentGet(ctx: CallContext): unknown {
	const id = commentId(ctx.params, Errors.crmIdInvalid);
	const row = ctx.portal.store.table(COMMENT_TABLE).get(id);
	if (!row) throw Errors.crm('Not found.');
	return commentView(ctx.portal, row);
}

const COMMENT_FILTERABLE = ['ID', 'ENTITY_ID', 'ENTITY_TYPE', 'CREATED', 'AUTHOR_ID', 'COMMENT'];

/** filter → order (ID, CREATED, AUTHOR_ID) → page → view → select (empty select = all fields). */
function commentList(ctx: CallContext): unknown {
	const filter = param(ctx.params, 'filter');
	const f = isPlainObject(filter) ? normalizeTypeFilter(filter) : {};
	const rows = ctx.portal.store
		.table(COMMENT_TABLE)
		.all()
		.filter((r) => matchFilter(r, f, { allowed: (k) => COMMENT_FILTERABLE.includes(k.toUpperCase()) }));
	const order = param(ctx.params, 'order');
	const sorted = sortRows(rows, isPlainObject(order) ? order : { ID: 'ASC' }, 'ID');
	const select = asList(param(ctx.params, 'select')).map((s) => String(s).toUpperCase());
	return listPage(sorted, ctx.start, (page) =>
		page.map((r) => {
			const view = commentView(ctx.portal, r);
			if (!select.length || select.includes('*')) return view;
			const out: Row = {};
			for (const k of select) if (k in view) out[k] = view[k];
			return out;
		}),
	);
}

/** The filter takes `ENTITY_TYPE` by name in any case. */
function normalizeTypeFilter(filter: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(filter)) {
		out[k] = /ENTITY_TYPE$/i.test(k) && typeof v === 'string' ? ownerTypeName(ownerTypeFromName(v) ?? -1) : v;
	}
	return out;
}

const COMMENT_FIELDS = {
	ID: { type: 'integer', isRequired: false, isReadOnly: true, isImmutable: false, isMultiple: false, isDynamic: false, title: 'ID' },
	CREATED: { type: 'datetime', isRequired: false, isReadOnly: true, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Дата добавления' },
	ENTITY_ID: { type: 'integer', isRequired: true, isReadOnly: false, isImmutable: true, isMultiple: false, isDynamic: false, title: 'ID элемента, к которому привязан комментарий' },
	ENTITY_TYPE: { type: 'string', isRequired: true, isReadOnly: false, isImmutable: true, isMultiple: false, isDynamic: false, title: 'Тип элемента, к которому привязан комментарий' },
	AUTHOR_ID: { type: 'integer', isRequired: false, isReadOnly: false, isImmutable: true, isMultiple: false, isDynamic: false, title: 'Автор' },
	COMMENT: { type: 'string', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Текст комментария' },
	FILES: { type: 'attached_diskfile', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: 'Список файлов' },
};

export const timelineModule: EntityModule = {
	name: 'timeline',
	register(registry: Registry): void {
		registry.define('crm.timeline.comment.add', { scope: 'crm', crmAccess: 'item', handler: commentAdd });
		registry.define('crm.timeline.comment.update', { scope: 'crm', crmAccess: 'item', handler: commentUpdate });
		registry.define('crm.timeline.comment.delete', { scope: 'crm', crmAccess: 'item', handler: commentDelete });
		registry.define('crm.timeline.comment.get', { scope: 'crm', crmAccess: 'old', handler: commentGet });
		registry.define('crm.timeline.comment.list', { scope: 'crm', crmAccess: 'old', handler: commentList });
		registry.define('crm.timeline.comment.fields', { scope: 'crm', handler: () => COMMENT_FIELDS });
		registerActivities(registry);
	},
};

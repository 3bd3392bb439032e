/**
 * Disk: storages (one per user, the common one, one per workgroup, created on first use),
 * folders and files with their bytes kept as the base64 the client sent, attached objects
 * (files bound to blog posts, timeline comments, activities) and the methods
 * `disk.storage.getlist`, `disk.storage.uploadfile`, `disk.folder.uploadfile`, `disk.file.get`,
 * `disk.attachedObject.get`. `DOWNLOAD_URL` points at `/_files/{id}`, answered by `serveFile`.
 */
import { RestError } from '../core/errors';
import { param } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import type { CallContext, Portal, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { listRows, nextSeq, nowIso } from './common';

export const STORAGE_TABLE = 'disk_storage';
export const OBJECT_TABLE = 'disk_object';
export const ATTACHED_TABLE = 'disk_attached';

export const diskErrors = {
	argument: () => new RestError('ERROR_ARGUMENT', 'Invalid value of parameter {Parameter #0}', 400),
	notFound: (id: unknown) => new RestError('ERROR_NOT_FOUND', `Could not find entity with id \`${String(id)}\``, 400),
	noName: () => new RestError('DISK_BASE_SERVICE_22001', 'Error: required parameter NAME (DISK_BASE_SERVICE_22001)', 400),
	nonUnique: () => new RestError('DISK_OBJ_22000', 'Non unique name', 400),
	couldNotSave: () => new RestError('ERROR_COULD_NOT_SAVE_FILE', 'Could not save file', 400),
};

/** A file parameter: `["name","<base64>"]`, `{fileData:[…]}` or a multipart file part. */
export interface FileInput {
	name: string;
	base64: string;
}

export function parseFileValue(v: unknown): FileInput | undefined {
	if (isPlainObject(v)) {
		if ('fileData' in v) return parseFileValue(v.fileData);
		if (typeof v.filename === 'string' && typeof v.base64 === 'string') return { name: v.filename, base64: v.base64 };
	}
	const list = Array.isArray(v) || isPlainObject(v) ? asList(v) : [];
	if (list.length < 2 || typeof list[0] !== 'string' || list[0] === '') return undefined;
	if (typeof list[1] === 'string') return { name: list[0], base64: list[1].replace(/\s+/g, '') };
	// multipart: FILES[0][0]=name, FILES[0][1]=<file part>
	const part = list[1];
	if (isPlainObject(part) && typeof part.base64 === 'string') return { name: list[0], base64: part.base64 };
	return undefined;
}

const MIME: Record<string, string> = {
	pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif',
	webp: 'image/webp', txt: 'text/plain', csv: 'text/csv', json: 'application/json', xml: 'application/xml',
	zip: 'application/zip', doc: 'application/msword', xls: 'application/vnd.ms-excel',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeOf(name: string): string {
	return MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

export function isImage(name: string): boolean {
	return contentTypeOf(name).startsWith('image/');
}

// ---- storages and folders ----

function newFolder(store: Store, storageId: number, parentId: number | null, name: string, code: string | null, userId: number, at: string): Row {
	return store.table(OBJECT_TABLE).insert({
		NAME: name, CODE: code, STORAGE_ID: storageId, TYPE: 'folder', PARENT_ID: parentId,
		DELETED_TYPE: 0, CREATE_TIME: at, UPDATE_TIME: at, DELETE_TIME: null, CREATED_BY: userId, UPDATED_BY: userId,
		DELETED_BY: null,
	});
}

function ensureStorage(store: Store, entityType: string, entityId: string, name: string, code: string | null, at: string): Row {
	const t = store.table(STORAGE_TABLE);
	const found = t.all().find((s) => s.ENTITY_TYPE === entityType && s.ENTITY_ID === entityId);
	if (found) return found;
	const storage = t.insert({ NAME: name, CODE: code, MODULE_ID: 'disk', ENTITY_TYPE: entityType, ENTITY_ID: entityId, ROOT_OBJECT_ID: 0 });
	const owner = entityType === 'user' ? Number(entityId) : 1;
	const root = newFolder(store, Number(storage.ID), null, name, null, owner, at);
	storage.ROOT_OBJECT_ID = root.ID;
	return storage;
}

export function userStorage(store: Store, userId: number, at: string): Row {
	const u = store.table('user').get(userId);
	const name = u ? `${String(u.NAME ?? '')} ${String(u.LAST_NAME ?? '')}`.trim() : `User ${userId}`;
	return ensureStorage(store, 'user', String(userId), name, null, at);
}

function allStorages(store: Store, at: string): void {
	for (const u of store.table('user').all()) userStorage(store, Number(u.ID), at);
	ensureStorage(store, 'common', 'shared_files_s1', 'Общий диск', 'shared_files_s1', at);
	for (const g of store.table('sonet_group').all()) ensureStorage(store, 'group', String(g.ID), String(g.NAME), null, at);
}

/** The author's "Загруженные файлы" folder, where FILES of posts and comments land. */
export function uploadedFilesFolder(store: Store, userId: number, at: string): Row {
	const storage = userStorage(store, userId, at);
	const objects = store.table(OBJECT_TABLE);
	const found = objects.all().find((o) => o.STORAGE_ID === storage.ID && o.CODE === 'FOR_UPLOADED_FILES');
	return found ?? newFolder(store, Number(storage.ID), Number(storage.ROOT_OBJECT_ID), 'Загруженные файлы', 'FOR_UPLOADED_FILES', userId, at);
}

function uniqueName(store: Store, folderId: number, name: string): string {
	const taken = new Set(store.table(OBJECT_TABLE).where((o) => o.PARENT_ID === folderId).map((o) => String(o.NAME).toLowerCase()));
	if (!taken.has(name.toLowerCase())) return name;
	const dot = name.lastIndexOf('.');
	const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
	for (let i = 1; ; i++) {
		const candidate = `${base} (${i})${ext}`;
		if (!taken.has(candidate.toLowerCase())) return candidate;
	}
}

/** Store a file in a folder; `unique` renames on a clash (else DISK_OBJ_22000). */
export function saveFile(store: Store, folderId: number, file: FileInput, userId: number, at: string, unique = true): Row {
	const folder = store.table(OBJECT_TABLE).get(folderId);
	if (!folder || folder.TYPE !== 'folder') throw diskErrors.notFound(folderId);
	const name = unique ? uniqueName(store, folderId, file.name) : file.name;
	if (!unique && uniqueName(store, folderId, name) !== name) throw diskErrors.nonUnique();
	const bytes = Buffer.from(file.base64, 'base64');
	return store.table(OBJECT_TABLE).insert({
		NAME: name, CODE: null, STORAGE_ID: folder.STORAGE_ID, TYPE: 'file', PARENT_ID: folderId, DELETED_TYPE: 0,
		GLOBAL_CONTENT_VERSION: 1, FILE_ID: nextSeq(store, 'b_file') + 32000, SIZE: bytes.length, CREATE_TIME: at,
		UPDATE_TIME: at, DELETE_TIME: null, CREATED_BY: userId, UPDATED_BY: userId, DELETED_BY: null,
		_BASE64: file.base64, _CONTENT_TYPE: contentTypeOf(name),
	});
}

/** Bind a disk file to an entity (blog post, comment, activity); returns the attached row. */
export function attach(store: Store, objectId: number, moduleId: string, entityType: string, entityId: number, userId: number, at: string): Row {
	return store.table(ATTACHED_TABLE).insert({
		OBJECT_ID: objectId, MODULE_ID: moduleId, ENTITY_TYPE: entityType, ENTITY_ID: entityId, CREATE_TIME: at, CREATED_BY: userId,
	});
}

export function diskFile(store: Store, id: unknown): Row | undefined {
	const row = store.table(OBJECT_TABLE).get(id);
	return row && row.TYPE === 'file' ? row : undefined;
}

export function downloadUrl(portal: Portal, fileId: unknown): string {
	return `${portal.baseUrl}/_files/${String(fileId)}`;
}

function detailUrl(portal: Portal, store: Store, row: Row): string {
	const names: string[] = [];
	for (let o: Row | undefined = row; o && o.PARENT_ID !== null; o = store.table(OBJECT_TABLE).get(o.PARENT_ID)) names.unshift(String(o.NAME));
	const storage = store.table(STORAGE_TABLE).get(row.STORAGE_ID);
	const base = storage?.ENTITY_TYPE === 'user' ? `/company/personal/user/${String(storage.ENTITY_ID)}/disk/file/` : '/docs/file/';
	return `${portal.baseUrl}${base}${names.join('/')}`;
}

/** disk.*.uploadfile answers with some ints; disk.file.get with strings only (as documented). */
export function fileView(portal: Portal, row: Row, typed: boolean): Row {
	const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
	return {
		ID: typed ? Number(row.ID) : s(row.ID),
		NAME: row.NAME,
		CODE: row.CODE ?? null,
		STORAGE_ID: s(row.STORAGE_ID),
		TYPE: row.TYPE,
		PARENT_ID: s(row.PARENT_ID),
		DELETED_TYPE: typed ? Number(row.DELETED_TYPE) : s(row.DELETED_TYPE),
		GLOBAL_CONTENT_VERSION: typed ? Number(row.GLOBAL_CONTENT_VERSION) : s(row.GLOBAL_CONTENT_VERSION),
		FILE_ID: typed ? Number(row.FILE_ID) : s(row.FILE_ID),
		SIZE: s(row.SIZE),
		CREATE_TIME: row.CREATE_TIME,
		UPDATE_TIME: row.UPDATE_TIME,
		DELETE_TIME: row.DELETE_TIME ?? null,
		CREATED_BY: s(row.CREATED_BY),
		UPDATED_BY: s(row.UPDATED_BY),
		DELETED_BY: typed ? null : s(row.DELETED_BY ?? 0),
		DOWNLOAD_URL: downloadUrl(portal, row.ID),
		DETAIL_URL: detailUrl(portal, portal.store, row),
	};
}

export function attachedView(portal: Portal, att: Row): Row {
	const file = diskFile(portal.store, att.OBJECT_ID);
	return {
		ID: String(att.ID),
		OBJECT_ID: String(att.OBJECT_ID),
		MODULE_ID: att.MODULE_ID,
		ENTITY_TYPE: att.ENTITY_TYPE,
		ENTITY_ID: String(att.ENTITY_ID),
		CREATE_TIME: att.CREATE_TIME,
		CREATED_BY: String(att.CREATED_BY),
		DOWNLOAD_URL: downloadUrl(portal, att.OBJECT_ID),
		NAME: file?.NAME ?? null,
		SIZE: file ? String(file.SIZE) : null,
	};
}

/**
 * Bytes of a stored disk file, for an HTTP route `GET /_files/{id}` (not wired in server.ts
 * by this module): `{name, contentType, body}` or undefined when there is no such file.
 */
export function serveFile(store: Store, id: unknown): { name: string; contentType: string; body: Buffer } | undefined {
	const row = diskFile(store, id);
	if (!row) return undefined;
	return { name: String(row.NAME), contentType: String(row._CONTENT_TYPE), body: Buffer.from(String(row._BASE64 ?? ''), 'base64') };
}

// ---- methods ----

function idArg(ctx: CallContext): number {
	const v = param(ctx.params, 'id');
	const n = Number(v);
	if (v === undefined || v === '' || !Number.isInteger(n) || n <= 0) throw diskErrors.argument();
	return n;
}

function upload(ctx: CallContext, folderId: number): unknown {
	const content = param(ctx.params, 'fileContent');
	const data = param(ctx.params, 'data');
	const name = isPlainObject(data) && typeof data.NAME === 'string' && data.NAME.trim() ? data.NAME.trim() : undefined;
	if (content === undefined) {
		// the documented two-step upload: the client would POST the file to uploadUrl
		return { field: 'file', uploadUrl: `${ctx.portal.baseUrl}/_upload/folder/${folderId}` };
	}
	if (!name) throw diskErrors.noName();
	const file = parseFileValue(content);
	if (!file) throw diskErrors.couldNotSave();
	const unique = ['1', 'true', 'y'].includes(String(param(ctx.params, 'generateUniqueName') ?? '').toLowerCase());
	const row = saveFile(ctx.portal.store, folderId, { name, base64: file.base64 }, ctx.auth.userId, nowIso(ctx.portal), unique);
	return fileView(ctx.portal, row, true);
}

export function registerDisk(registry: Registry): void {
	registry.define('disk.storage.getlist', {
		scope: 'disk',
		handler: (ctx) => {
			allStorages(ctx.portal.store, nowIso(ctx.portal));
			const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
			return listRows(ctx.portal.store.table(STORAGE_TABLE).all(), ctx.params, ctx.start, {
				view: (r) => ({ ID: s(r.ID), NAME: r.NAME, CODE: r.CODE, MODULE_ID: r.MODULE_ID, ENTITY_TYPE: r.ENTITY_TYPE, ENTITY_ID: s(r.ENTITY_ID), ROOT_OBJECT_ID: s(r.ROOT_OBJECT_ID) }),
			});
		},
	});
	registry.define('disk.storage.uploadfile', {
		scope: 'disk',
		noBatch: true,
		handler: (ctx) => {
			const id = idArg(ctx);
			const storage = ctx.portal.store.table(STORAGE_TABLE).get(id);
			if (!storage) throw diskErrors.notFound(id);
			return upload(ctx, Number(storage.ROOT_OBJECT_ID));
		},
	});
	registry.define('disk.folder.uploadfile', {
		scope: 'disk',
		noBatch: true,
		handler: (ctx) => {
			const id = idArg(ctx);
			const folder = ctx.portal.store.table(OBJECT_TABLE).get(id);
			if (!folder || folder.TYPE !== 'folder') throw diskErrors.notFound(id);
			return upload(ctx, id);
		},
	});
	registry.define('disk.file.get', {
		scope: 'disk',
		handler: (ctx) => {
			const id = idArg(ctx);
			const row = diskFile(ctx.portal.store, id);
			if (!row) throw diskErrors.notFound(id);
			return fileView(ctx.portal, row, false);
		},
	});
	registry.define('disk.attachedobject.get', {
		scope: 'disk',
		handler: (ctx) => {
			const id = idArg(ctx);
			const att = ctx.portal.store.table(ATTACHED_TABLE).get(id);
			if (!att) throw diskErrors.notFound(id);
			return attachedView(ctx.portal, att);
		},
	});
}

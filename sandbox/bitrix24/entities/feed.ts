/**
 * Live feed posts: `log.blogpost.add` (POST_MESSAGE, POST_TITLE, DEST/SPERM access codes, FILES
 * saved to the author's Disk, UF_BLOG_POST_FILE, IMPORTANT, TAGS, USER_ID for admins) and
 * `log.blogpost.get` (posts the caller may read, with `FILES` = attached-object ids; their
 * names, sizes and bytes come from `disk.attachedObject.get` → DOWNLOAD_URL). Disk is in
 * feed-disk.ts and registered by this module.
 */
import { RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage } from '../core/query';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { nowIso, type EntityModule } from './common';
import {
	ATTACHED_TABLE,
	attach,
	diskFile,
	isImage,
	parseFileValue,
	registerDisk,
	saveFile,
	uploadedFilesFolder,
} from './feed-disk';
import { getUser, isAdmin, userDepartmentChain } from './users';
import { departmentExists, groupExists, groupMembers, GROUP_TABLE } from './users-groups';

export const POST_TABLE = 'blog_post';
const BLOG_TABLE = 'blog';
const CATEGORY_TABLE = 'blog_category';

const addError = (description: string) => new RestError('SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR', description, 400);
const notAdded = () => addError("Blog post hasn't been added");
const noDestination = () => addError('No destination specified');

/** Access codes flattened from a list or the old SPERM map `{U:["U1"], SG:["SG2"]}`. */
function destinationCodes(params: Params): string[] {
	const raw = param(params, 'DEST') ?? param(params, 'SPERM');
	const flat: string[] = [];
	const walk = (v: unknown) => {
		if (Array.isArray(v) || isPlainObject(v)) asList(v).forEach(walk);
		else if (v !== undefined && v !== null && String(v).trim() !== '') flat.push(String(v).trim().toUpperCase());
	};
	walk(raw);
	return flat.length ? [...new Set(flat)] : ['UA'];
}

/** Each code must name an existing user, department or workgroup. */
function validateDestination(store: Store, codes: string[]): void {
	for (const code of codes) {
		if (code === 'UA') continue;
		const m = /^(U|DR|D|SG)(\d+)$/.exec(code);
		const ok =
			m !== null &&
			((m[1] === 'U' && getUser(store, m[2]) !== undefined) ||
				((m[1] === 'DR' || m[1] === 'D') && departmentExists(store, m[2])) ||
				(m[1] === 'SG' && groupExists(store, m[2])));
		if (!ok) throw noDestination();
	}
}

function blogOf(store: Store, userId: number): number {
	const t = store.table(BLOG_TABLE);
	const found = t.all().find((b) => b.OWNER_ID === userId);
	return Number((found ?? t.insert({ OWNER_ID: userId, NAME: `blog-${userId}` })).ID);
}

function categoryIds(store: Store, tags: unknown): number[] {
	const names = (Array.isArray(tags) || isPlainObject(tags) ? asList(tags).map(String) : String(tags ?? '').split(','))
		.map((s) => s.trim())
		.filter(Boolean);
	const t = store.table(CATEGORY_TABLE);
	return [...new Set(names)].map((name) => {
		const found = t.all().find((c) => String(c.NAME).toLowerCase() === name.toLowerCase());
		return Number((found ?? t.insert({ NAME: name })).ID);
	});
}

function blogpostAdd(ctx: CallContext): unknown {
	const store = ctx.portal.store;
	const at = nowIso(ctx.portal);
	const message = param(ctx.params, 'POST_MESSAGE');
	if (typeof message !== 'string' || message.trim() === '') throw notAdded();
	let author = ctx.auth.userId;
	const asUser = param(ctx.params, 'USER_ID');
	if (asUser !== undefined && asUser !== '' && isAdmin(store, ctx.auth.userId)) {
		if (!getUser(store, asUser)) throw notAdded();
		author = Number(asUser);
	}
	const dest = destinationCodes(ctx.params);
	validateDestination(store, dest);
	const files = asList(param(ctx.params, 'FILES')).map(parseFileValue);
	if (files.some((f) => f === undefined)) throw notAdded();
	const title = String(param(ctx.params, 'POST_TITLE') ?? '').trim();
	const important = String(param(ctx.params, 'IMPORTANT') ?? 'N').toUpperCase() === 'Y';
	const post = store.table(POST_TABLE).insert({
		BLOG_ID: blogOf(store, author),
		PUBLISH_STATUS: 'P',
		TITLE: title || message.replace(/\[[^\]]*\]/g, '').slice(0, 100),
		AUTHOR_ID: author,
		ENABLE_COMMENTS: 'Y',
		NUM_COMMENTS: 0,
		CODE: null,
		MICRO: title ? 'N' : 'Y',
		DETAIL_TEXT: message,
		DATE_PUBLISH: at,
		CATEGORY_ID: categoryIds(store, param(ctx.params, 'TAGS')),
		DEST: dest,
		IMPORTANT: important,
		IMPORTANT_DATE_END: important ? (param(ctx.params, 'IMPORTANT_DATE_END') ?? null) : null,
	});
	const postId = Number(post.ID);
	const objectIds: number[] = [];
	if (files.length) {
		const folder = uploadedFilesFolder(store, author, at);
		for (const f of files) if (f) objectIds.push(Number(saveFile(store, Number(folder.ID), f, author, at).ID));
	} else {
		for (const v of asList(param(ctx.params, 'UF_BLOG_POST_FILE'))) {
			const id = Number(String(v).replace(/^n/i, ''));
			if (diskFile(store, id)) objectIds.push(id);
		}
	}
	post.FILES = objectIds.map((id) => Number(attach(store, id, 'blog', 'blog_post', postId, author, at).ID));
	return postId;
}

/** What the user may read: own posts, UA, U{me}, DR/D of their departments, SG of their groups. */
function canRead(store: Store, post: Row, userId: number): boolean {
	if (Number(post.AUTHOR_ID) === userId) return true;
	const chain = userDepartmentChain(store, userId);
	const direct = new Set(asList(getUser(store, userId)?.UF_DEPARTMENT).map(Number));
	return asList(post.DEST).some((c) => {
		const code = String(c);
		const m = /^(U|DR|D|SG)(\d+)$/.exec(code);
		if (code === 'UA') return true;
		if (!m) return false;
		const id = Number(m[2]);
		if (m[1] === 'U') return id === userId;
		if (m[1] === 'DR') return chain.has(id);
		if (m[1] === 'D') return direct.has(id);
		return groupMembers(store.table(GROUP_TABLE).get(id)).includes(userId);
	});
}

function serializeInts(ids: number[]): string {
	return `a:${ids.length}:{${ids.map((v, i) => `i:${i};i:${v};`).join('')}}`;
}

function ufObject(id: number, name: string, userType: string, multiple: boolean, value: unknown, postId: number, raw: string | null): Row {
	return {
		ID: String(id), ENTITY_ID: 'BLOG_POST', FIELD_NAME: name, USER_TYPE_ID: userType, XML_ID: name, SORT: '100',
		MULTIPLE: multiple ? 'Y' : 'N', MANDATORY: 'N', SHOW_FILTER: 'N', SHOW_IN_LIST: 'N', EDIT_IN_LIST: 'Y',
		IS_SEARCHABLE: 'N', SETTINGS: [], EDIT_FORM_LABEL: null, LIST_COLUMN_LABEL: null, LIST_FILTER_LABEL: null,
		ERROR_MESSAGE: null, HELP_MESSAGE: null, USER_TYPE: { USER_TYPE_ID: userType, BASE_TYPE: userType === 'datetime' ? 'datetime' : 'int' },
		VALUE: value, ENTITY_VALUE_ID: postId, VALUE_EXISTS: true, VALUE_RAW: raw, CUSTOM_DATA: [],
	};
}

function postView(store: Store, post: Row): Row {
	const id = Number(post.ID);
	const files = asList(post.FILES).map(Number);
	const categories = asList(post.CATEGORY_ID).map(Number);
	const names = files.map((a) => String(diskFile(store, store.table(ATTACHED_TABLE).get(a)?.OBJECT_ID)?.NAME ?? ''));
	const out: Row = {
		ID: String(id),
		BLOG_ID: String(post.BLOG_ID),
		PUBLISH_STATUS: post.PUBLISH_STATUS,
		TITLE: post.TITLE,
		AUTHOR_ID: String(post.AUTHOR_ID),
		ENABLE_COMMENTS: post.ENABLE_COMMENTS,
		NUM_COMMENTS: String(post.NUM_COMMENTS),
		CODE: post.CODE,
		MICRO: post.MICRO,
		DETAIL_TEXT: post.DETAIL_TEXT,
		DATE_PUBLISH: post.DATE_PUBLISH,
		CATEGORY_ID: categories.length ? categories.join(',') : null,
		HAS_SOCNET_ALL: asList(post.DEST).includes('UA') ? 'Y' : 'N',
		HAS_TAGS: categories.length ? 'Y' : 'N',
		HAS_IMAGES: names.some(isImage) ? 'Y' : 'N',
		HAS_PROPS: files.length || post.IMPORTANT ? 'Y' : 'N',
		HAS_COMMENT_IMAGES: null,
		UF_BLOG_POST_FILE: ufObject(19, 'UF_BLOG_POST_FILE', 'disk_file', true, files.length ? files : false, id, files.length ? serializeInts(files) : null),
		UF_BLOG_POST_IMPRTNT: ufObject(83, 'UF_BLOG_POST_IMPRTNT', 'integer', false, post.IMPORTANT ? 1 : null, id, post.IMPORTANT ? '1' : null),
		UF_IMPRTANT_DATE_END: ufObject(85, 'UF_IMPRTANT_DATE_END', 'datetime', false, post.IMPORTANT_DATE_END ?? '', id, null),
	};
	if (files.length) out.FILES = files;
	return out;
}

function blogpostGet(ctx: CallContext): unknown {
	const store = ctx.portal.store;
	let rows = store
		.table(POST_TABLE)
		.all()
		.filter((p) => canRead(store, p, ctx.auth.userId))
		.sort((a, b) => Number(b.ID) - Number(a.ID));
	const postId = param(ctx.params, 'POST_ID');
	const rights = asList(param(ctx.params, 'LOG_RIGHTS')).map((c) => String(c).toUpperCase());
	if (postId !== undefined && postId !== '') rows = rows.filter((p) => Number(p.ID) === Number(postId));
	else if (rights.length) rows = rows.filter((p) => asList(p.DEST).some((c) => rights.includes(String(c))));
	const from = param(ctx.params, 'LOG_DATE_FROM');
	const to = param(ctx.params, 'LOG_DATE_TO');
	if (from) rows = rows.filter((p) => Date.parse(String(p.DATE_PUBLISH)) >= Date.parse(String(from)));
	if (to) rows = rows.filter((p) => Date.parse(String(p.DATE_PUBLISH)) <= Date.parse(String(to)));
	const first = Number(param(ctx.params, 'FIRST_ID') ?? 0);
	const last = Number(param(ctx.params, 'LAST_ID') ?? 0);
	const limitRaw = param(ctx.params, 'LIMIT');
	if (first > 0 || last > 0 || limitRaw !== undefined) {
		// cursor mode: a plain list, no total
		if (first > 0) rows = rows.filter((p) => Number(p.ID) > first);
		else if (last > 0) rows = rows.filter((p) => Number(p.ID) < last);
		const limit = Number(limitRaw);
		const size = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 200) : 20;
		return rows.slice(0, size).map((p) => postView(store, p));
	}
	return listPage(rows, ctx.start, (page) => page.map((p) => postView(store, p)));
}

export const feedModule: EntityModule = {
	name: 'feed',
	register(registry: Registry): void {
		registry.define('log.blogpost.add', { scope: 'log', handler: blogpostAdd });
		registry.define('log.blogpost.get', { scope: 'log', handler: blogpostGet });
		registerDisk(registry);
	},
};

/**
 * The old crm.* entities: companies, contacts, deals, leads — `add|update|get|list|delete|fields`,
 * with multi-fields, contact↔company bindings and stage semantics. Rows are stored typed with the
 * old-API (UPPER_SNAKE) names; the old API shows them as strings, crm.item as camelCase typed.
 */
import { Errors, RestError } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param } from '../core/params';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicRow, describeFields, fieldsParam, idParam, listRows, mergeMulti, mustGet, nowIso, requestDate, typedValue, type EntityModule, type MultiValue, type Schema } from './common';
import { COMPANY, CONTACT, DEAL, LEAD } from './crm-schemas';
import { stageOf, defaultStage } from './crm-dictionaries';
import { describeUserFields, registerUserFields } from './crm-userfields';
import { recordStageChange } from './tasks-stagehistory';

export interface ClassicEntity {
	/** company | contact | deal | lead */
	name: string;
	entityTypeId: number;
	schema: Schema;
}

export const CLASSIC: ClassicEntity[] = [
	{ name: 'lead', entityTypeId: 1, schema: LEAD },
	{ name: 'deal', entityTypeId: 2, schema: DEAL },
	{ name: 'contact', entityTypeId: 3, schema: CONTACT },
	{ name: 'company', entityTypeId: 4, schema: COMPANY },
];

export const classicByType = (entityTypeId: number) => CLASSIC.find((e) => e.entityTypeId === entityTypeId);

const MULTI = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'];

/** Links to smart processes: `PARENT_ID_{entityTypeId}` (deals, leads…), stored as an integer. */
const PARENT_RE = /^PARENT_ID_(\d+)$/;

/**
 * Apply incoming fields to a row (typing, read-only fields skipped, multi-fields merged, UF_ and
 * smart-process links kept). Returns the (upper-case) names that were given.
 */
export function applyFields(store: Store, e: ClassicEntity, row: Row, fields: Record<string, unknown>, isNew: boolean): Set<string> {
	const given = new Set<string>();
	for (const [rawKey, value] of Object.entries(fields)) {
		const key = rawKey.toUpperCase();
		const def = e.schema[key];
		if (key.startsWith('UF_')) {
			row[key] = value;
			given.add(key);
			continue;
		}
		const parent = PARENT_RE.exec(key);
		if (parent && store.table('type', 'id').where((t) => t.entityTypeId === Number(parent[1])).length) {
			row[key] = typedValue(value, 'integer');
			given.add(key);
			continue;
		}
		if (!def || def.isReadOnly) continue;
		if (def.isImmutable && !isNew) continue;
		given.add(key);
		if (MULTI.includes(key)) {
			row[key] = mergeMulti(store, key, row[key] as MultiValue[] | undefined, value);
			continue;
		}
		if (def.isMultiple) {
			const list = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : value === '' ? [] : [value];
			row[key] = list.map((v) => typedValue(v, def.type)).filter((v) => v !== null);
			continue;
		}
		row[key] = def.type === 'date' || def.type === 'datetime' ? requestDate(value) : typedValue(value, def.type);
	}
	if ('PHONE' in e.schema) {
		row.HAS_PHONE = ((row.PHONE as unknown[]) ?? []).length ? 'Y' : 'N';
		row.HAS_EMAIL = ((row.EMAIL as unknown[]) ?? []).length ? 'Y' : 'N';
		row.HAS_IMOL = 'N';
	}
	return given;
}

/**
 * Keep a single link (CONTACT_ID, COMPANY_ID) and its list (CONTACT_IDS, COMPANY_IDS) in step:
 * the list wins when it was given, a single id given alone becomes the primary one.
 */
function syncLinks(row: Row, one: string, many: string, given: Set<string>): void {
	const list = Array.isArray(row[many]) ? (row[many] as number[]) : [];
	if (given.has(many) || !given.has(one)) {
		row[many] = list;
		row[one] = list[0] ?? (given.has(many) ? null : (row[one] ?? null));
		if (row[one] !== null && !list.length) row[many] = [row[one]];
		return;
	}
	const id = row[one] as number | null;
	row[many] = id ? [id, ...list.filter((x) => x !== id)] : [];
}

function finishDeal(store: Store, row: Row, given: Set<string>): void {
	const cat = Number(row.CATEGORY_ID ?? 0);
	row.CATEGORY_ID = cat;
	let stage = stageOf(store, 2, cat, String(row.STAGE_ID ?? ''));
	if (!stage) {
		stage = defaultStage(store, 2, cat);
		row.STAGE_ID = stage?.STATUS_ID ?? 'NEW';
	}
	row.STAGE_SEMANTIC_ID = stage?.SEMANTICS ?? 'P';
	row.CLOSED = row.STAGE_SEMANTIC_ID === 'P' ? 'N' : 'Y';
	syncLinks(row, 'CONTACT_ID', 'CONTACT_IDS', given);
}

function finishContact(row: Row, given: Set<string>): void {
	syncLinks(row, 'COMPANY_ID', 'COMPANY_IDS', given);
}

function finishLead(store: Store, row: Row, given: Set<string>): void {
	const stage = stageOf(store, 1, 0, String(row.STATUS_ID ?? '')) ?? defaultStage(store, 1, 0);
	row.STATUS_ID = stage?.STATUS_ID ?? 'NEW';
	row.STATUS_SEMANTIC_ID = stage?.SEMANTICS ?? 'P';
	syncLinks(row, 'CONTACT_ID', 'CONTACT_IDS', given);
}

export function finishRow(store: Store, e: ClassicEntity, row: Row, given: Set<string> = new Set()): void {
	if (e.name === 'deal') finishDeal(store, row, given);
	if (e.name === 'contact') finishContact(row, given);
	if (e.name === 'lead') finishLead(store, row, given);
}

/** Stage of a lead (STATUS_ID) or deal (STAGE_ID) and its semantics, for the stage history. */
function stageState(e: ClassicEntity, row: Row): { stage: string; semantic: 'P' | 'S' | 'F'; category: number } | undefined {
	if (e.name === 'lead') return { stage: String(row.STATUS_ID), semantic: (row.STATUS_SEMANTIC_ID as 'P') ?? 'P', category: 0 };
	if (e.name === 'deal') return { stage: String(row.STAGE_ID), semantic: (row.STAGE_SEMANTIC_ID as 'P') ?? 'P', category: Number(row.CATEGORY_ID ?? 0) };
	return undefined;
}

/** A stage history row (and MOVED_BY_ID/MOVED_TIME) when a lead or deal is created or changes stage. */
function trackStage(ctx: CallContext, e: ClassicEntity, row: Row, before: ReturnType<typeof stageState> | 'new'): void {
	const now = stageState(e, row);
	if (!now) return;
	if (before !== 'new' && before?.stage === now.stage && before.category === now.category) return;
	const at = nowIso(ctx.portal);
	Object.assign(row, { MOVED_BY_ID: ctx.auth.userId, MOVED_TIME: at });
	const typeId = before === 'new' ? 1 : before && before.category !== now.category ? 5 : now.semantic === 'P' ? 2 : 3;
	recordStageChange(ctx.portal.store, { entityTypeId: e.entityTypeId, ownerId: Number(row.ID), typeId, at, stageId: now.stage, semantic: now.semantic, categoryId: now.category });
}

/** Default values of a new row. */
export function newRow(e: ClassicEntity, userId: number, now: string): Row {
	const row: Row = {};
	for (const k of Object.keys(e.schema)) row[k] = MULTI.includes(k) ? [] : null;
	Object.assign(row, {
		ASSIGNED_BY_ID: userId,
		CREATED_BY_ID: userId,
		MODIFY_BY_ID: userId,
		DATE_CREATE: now,
		DATE_MODIFY: now,
		OPENED: 'Y',
	});
	const moved = { MOVED_BY_ID: userId, MOVED_TIME: now };
	if (e.name === 'deal') {
		Object.assign(row, { CURRENCY_ID: 'RUB', OPPORTUNITY: 0, TAX_VALUE: 0, IS_MANUAL_OPPORTUNITY: 'N', IS_NEW: 'Y', IS_RECURRING: 'N', IS_RETURN_CUSTOMER: 'N', IS_REPEATED_APPROACH: 'N', CONTACT_IDS: [], OBSERVERS: [], PROBABILITY: null, ...moved, LAST_ACTIVITY_TIME: now, LAST_ACTIVITY_BY: userId });
	}
	if (e.name === 'lead') Object.assign(row, { CURRENCY_ID: 'RUB', OPPORTUNITY: 0, IS_MANUAL_OPPORTUNITY: 'N', IS_RETURN_CUSTOMER: 'N', CONTACT_IDS: [], ...moved });
	if (e.name === 'company') Object.assign(row, { CURRENCY_ID: 'RUB', IS_MY_COMPANY: 'N', COMPANY_TYPE: 'CUSTOMER' });
	if (e.name === 'contact') Object.assign(row, { EXPORT: 'Y', COMPANY_IDS: [] });
	return row;
}

/**
 * The old-API view of a row: strings, an empty date as `""`, multi-fields only when they have
 * values (get) or are selected (list); link lists and observers are not part of it.
 */
export function classicView(e: ClassicEntity, row: Row): Row {
	const out = classicRow(row, e.schema);
	for (const m of MULTI) if (Array.isArray(row[m]) && (row[m] as unknown[]).length === 0) delete out[m];
	for (const [k, def] of Object.entries(e.schema)) if ((def.type === 'date' || def.type === 'datetime') && k in out && out[k] === null) out[k] = '';
	delete out.COMPANY_IDS;
	delete out.CONTACT_IDS;
	delete out.OBSERVERS;
	return out;
}

const EVENT = (e: ClassicEntity, op: 'ADD' | 'UPDATE' | 'DELETE') => `ONCRM${e.name.toUpperCase()}${op}`;

export function addRow(ctx: CallContext, e: ClassicEntity, fields: Record<string, unknown>): Row {
	const store = ctx.portal.store;
	const row = newRow(e, ctx.auth.userId, nowIso(ctx.portal));
	finishRow(store, e, row, applyFields(store, e, row, fields, true));
	const saved = store.table(e.name).insert(row);
	trackStage(ctx, e, saved, 'new');
	ctx.portal.emit(EVENT(e, 'ADD'), { ID: saved.ID });
	return saved;
}

export function updateRow(ctx: CallContext, e: ClassicEntity, row: Row, fields: Record<string, unknown>): void {
	const before = stageState(e, row);
	finishRow(ctx.portal.store, e, row, applyFields(ctx.portal.store, e, row, fields, false));
	trackStage(ctx, e, row, before);
	row.MODIFY_BY_ID = ctx.auth.userId;
	row.DATE_MODIFY = nowIso(ctx.portal);
	if (e.name === 'deal') row.IS_NEW = 'N';
	ctx.portal.emit(EVENT(e, 'UPDATE'), { ID: row.ID });
}

export function deleteRow(ctx: CallContext, e: ClassicEntity, id: number): void {
	ctx.portal.store.table(e.name).delete(id);
	if (e.name === 'deal' || e.name === 'lead') {
		const rows = ctx.portal.store.table('productrow', 'id');
		for (const r of rows.where((x) => x.ownerType === (e.name === 'deal' ? 'D' : 'L') && x.ownerId === id)) rows.delete(r.id);
	}
	ctx.portal.emit(EVENT(e, 'DELETE'), { ID: id });
}

function defineEntity(reg: Registry, e: ClassicEntity): void {
	const p = `crm.${e.name}`;
	const table = (s: Store) => s.table(e.name);
	const common = { scope: 'crm', crmAccess: 'old' as const };
	reg.define(`${p}.fields`, { ...common, handler: ({ portal }) => ({ ...describeFields(e.schema), ...describeUserFields(portal.store, e.name) }) });
	reg.define(`${p}.add`, { ...common, handler: (ctx) => addRow(ctx, e, fieldsParam(ctx.params)).ID });
	reg.define(`${p}.get`, {
		...common,
		handler: ({ params, portal }) => classicView(e, mustGet(table(portal.store), idParam(params))),
	});
	reg.define(`${p}.update`, {
		...common,
		handler: (ctx) => {
			const row = mustGet(table(ctx.portal.store), idParam(ctx.params));
			updateRow(ctx, e, row, fieldsParam(ctx.params));
			return true;
		},
	});
	reg.define(`${p}.delete`, {
		...common,
		handler: (ctx) => {
			const id = idParam(ctx.params);
			mustGet(table(ctx.portal.store), id);
			deleteRow(ctx, e, id);
			return true;
		},
	});
	reg.define(`${p}.list`, {
		...common,
		handler: ({ params, start, portal }) => {
			const filter = param(params, 'filter');
			if (filter !== undefined && filter !== '' && !isPlainObject(filter) && !Array.isArray(filter)) throw Errors.crm("Parameter 'filter' must be array.");
			// the old API always answers ID, whatever the select
			const select = param(params, 'select');
			const withId = Array.isArray(select) && select.length && !select.some((f) => ['*', 'ID'].includes(String(f).toUpperCase())) ? { ...params, select: ['ID', ...select] } : params;
			return listRows(table(portal.store).all(), withId, start, { view: (r) => classicView(e, r) });
		},
	});
}

/** crm.company.contact.items.get and friends: bindings as typed rows `{CONTACT_ID, SORT, ROLE_ID, IS_PRIMARY}`. */
function defineBindings(reg: Registry): void {
	const common = { scope: 'crm', crmAccess: 'old' as const };
	const bindings = (ids: number[], key: string) =>
		ids.map((id, i) => ({ [key]: id, SORT: (i + 1) * 10, ROLE_ID: 0, IS_PRIMARY: i === 0 ? 'Y' : 'N' }));
	reg.define('crm.company.contact.items.get', {
		...common,
		handler: ({ params, portal }) => {
			const id = idParam(params);
			mustGet(portal.store.table('company'), id);
			const contacts = portal.store.table('contact').where((c) => ((c.COMPANY_IDS as number[]) ?? []).includes(id));
			return bindings(contacts.map((c) => Number(c.ID)), 'CONTACT_ID');
		},
	});
	reg.define('crm.contact.company.items.get', {
		...common,
		handler: ({ params, portal }) => bindings(((mustGet(portal.store.table('contact'), idParam(params)).COMPANY_IDS as number[]) ?? []), 'COMPANY_ID'),
	});
	reg.define('crm.deal.contact.items.get', {
		...common,
		handler: ({ params, portal }) => bindings(((mustGet(portal.store.table('deal'), idParam(params)).CONTACT_IDS as number[]) ?? []), 'CONTACT_ID'),
	});
	const bindAdd = (ownerTable: string, listKey: string, refKey: string) => (ctx: CallContext) => {
		const row = mustGet(ctx.portal.store.table(ownerTable), idParam(ctx.params));
		const f = fieldsParam(ctx.params);
		const ref = Number(f[refKey]);
		if (!ref) throw Errors.crm(`The parameter fields[${refKey}] is invalid or not defined.`);
		const list = ((row[listKey] as number[]) ?? []).filter((x) => x !== ref);
		row[listKey] = f.IS_PRIMARY === 'Y' ? [ref, ...list] : [...list, ref];
		finishRow(ctx.portal.store, CLASSIC.find((x) => x.name === ownerTable) as ClassicEntity, row, new Set([listKey]));
		return true;
	};
	reg.define('crm.contact.company.add', { ...common, handler: bindAdd('contact', 'COMPANY_IDS', 'COMPANY_ID') });
	reg.define('crm.deal.contact.add', { ...common, handler: bindAdd('deal', 'CONTACT_IDS', 'CONTACT_ID') });
}

/** crm.duplicate.findbycomm: exact match on normalised phone digits / lower-case e-mail. */
function defineDuplicates(reg: Registry): void {
	reg.define('crm.duplicate.findbycomm', {
		scope: 'crm',
		crmAccess: 'old',
		handler: ({ params, portal }) => {
			const type = String(param(params, 'type') ?? '').toUpperCase();
			if (type !== 'EMAIL' && type !== 'PHONE') throw new RestError('Communication type is not defined', "Parameter 'type' is required.", 400);
			const raw = param(params, 'values');
			const values = (Array.isArray(raw) ? raw : isPlainObject(raw) ? Object.values(raw) : [raw]).filter((v) => v !== undefined && v !== '');
			if (values.length > 20) throw Errors.crm('Too many values. Maximum is 20.');
			const norm = (v: unknown) => (type === 'PHONE' ? phoneKey(String(v)) : String(v).trim().toLowerCase());
			const wanted = new Set(values.map(norm));
			const entityType = String(param(params, 'entity_type') ?? '').toUpperCase();
			const out: Array<[string, unknown]> = [];
			for (const name of ['LEAD', 'CONTACT', 'COMPANY']) {
				if (entityType && entityType !== name) continue;
				const ids = portal.store
					.table(name.toLowerCase())
					.where((r) => ((r[type] as MultiValue[]) ?? []).some((m) => wanted.has(norm(m.VALUE))))
					.map((r) => Number(r.ID));
				if (ids.length) out.push([name, ids]);
			}
			if (out.length === 0) return [];
			return Object.fromEntries(out);
		},
	});
}

/** Phone digits with a leading 8 read as 7 (Russian numbers). */
export function phoneKey(v: string): string {
	let d = v.replace(/\D/g, '');
	if (d.length === 11 && d.startsWith('8')) d = '7' + d.slice(1);
	if (d.length === 10) d = '7' + d;
	return d;
}

export const crmClassicModule: EntityModule = {
	name: 'crm-classic',
	register(reg) {
		for (const e of CLASSIC) defineEntity(reg, e);
		registerUserFields(reg);
		defineBindings(reg);
		defineDuplicates(reg);
	},
};

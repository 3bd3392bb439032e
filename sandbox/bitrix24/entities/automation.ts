/**
 * Application automation methods: robots (`bizproc.robot.add|update|delete|list`),
 * `bizproc.event.send`, and application triggers (`crm.automation.trigger.add|list|delete|execute`).
 *
 * Checks follow the portal (bizproc RestService; DOCS api-reference/bizproc/bizproc-robot/*,
 * crm/automation/triggers/*): robot and trigger methods need application context —
 * `ACCESS_DENIED` "Access denied! Application context required" (HTTP 403, a Rest AccessException)
 * rather than the dispatcher's WRONG_AUTH_TYPE — and an administrator ("Access denied!" /
 * "Access denied! Admin permissions required"). Robot validation errors are
 * `ERROR_ACTIVITY_*` (HTTP 400); trigger errors have an empty code like the old crm.* family.
 * `bizproc.event.send` works for any user, with a live token of a waiting robot only.
 *
 * Robots start when a deal enters a stage, also through crm.deal.add/update and crm.item.add/update
 * (entityTypeId 2): this module wraps those four handlers (registered before it) to see the
 * stage before and after, and hands the deal to the automation runtime (./automation-runtime).
 */
import { Errors, RestError } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param, type Params } from '../core/params';
import type { CallContext, Handler, Registry } from '../core/registry';
import type { Row } from '../core/store';
import type { EntityModule } from './common';
import { isAdmin } from './users-base';
import { TABLES, accessDenied, enterStage, executeTrigger, findRobot, sendEvent } from './automation-runtime';

const fail = (description: string, code = 'ERROR_ACTIVITY_VALIDATION_FAILURE') => new RestError(code, description, 400);
const crmFail = (description: string) => Errors.crm(description);

/** Upper-case keys as the portal reads them; inside PROPERTIES / RETURN_PROPERTIES / OPTIONS the property codes keep their case. */
function prepare(data: unknown, keepKeys = false): unknown {
	if (Array.isArray(data)) return data.map((v) => prepare(v));
	if (!isPlainObject(data)) return data;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(data)) {
		const key = keepKeys ? k : k.toUpperCase();
		out[key] = prepare(v, !keepKeys && ['PROPERTIES', 'RETURN_PROPERTIES', 'OPTIONS'].includes(key));
	}
	return out;
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || v === false || v === 0 || v === '0' || (Array.isArray(v) && !v.length) || (isPlainObject(v) && !Object.keys(v).length);

/** The application behind the call: robots and triggers belong to it. */
function appOf(ctx: CallContext, contextError: () => RestError): string {
	if (ctx.auth.kind !== 'oauth' || !ctx.auth.clientId) throw contextError();
	return ctx.auth.clientId;
}

function checkCode(code: unknown): string {
	if (empty(code)) throw fail('Empty activity code!');
	if (typeof code !== 'string' || !/^[a-z0-9.\-_]+$/i.test(code)) throw fail('Wrong activity code!');
	return code;
}

function checkHandler(url: unknown): string {
	let u: URL;
	try {
		u = new URL(String(url ?? ''));
	} catch {
		throw fail('Wrong handler URL', 'ERROR_WRONG_HANDLER_URL');
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fail('Unsupported handler protocol', 'ERROR_UNSUPPORTED_PROTOCOL');
	if (!u.hostname) throw fail('Wrong handler URL', 'ERROR_WRONG_HANDLER_URL');
	return String(url);
}

function checkProperties(props: unknown): Record<string, Row> {
	if (!isPlainObject(props)) throw fail('Wrong properties array!');
	for (const [key, p] of Object.entries(props)) {
		if (!/^[a-z][a-z0-9_]*$/i.test(key)) throw fail(`Wrong property key (${key})!`);
		if (!isPlainObject(p) || empty(p.NAME)) throw fail(`Empty property NAME (${key})!`);
	}
	return props as Record<string, Row>;
}

const DOCUMENT_ENTITIES = ['CCrmDocumentLead', 'CCrmDocumentDeal', 'CCrmDocumentContact', 'CCrmDocumentCompany', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Quote', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\SmartInvoice', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic'];

function checkDocumentType(dt: unknown): unknown[] {
	const list = Array.isArray(dt) ? dt : isPlainObject(dt) ? Object.values(dt) : null;
	if (!list || list.length !== 3 || list[0] !== 'crm' || !DOCUMENT_ENTITIES.includes(String(list[1])) || empty(list[2])) throw fail('Wrong activity DOCUMENT_TYPE!');
	return list;
}

function checkFilter(f: unknown): unknown {
	if (!isPlainObject(f) && !Array.isArray(f)) throw fail('Wrong activity FILTER!');
	return f;
}

function adminOnly(ctx: CallContext, error: RestError): void {
	if (!isAdmin(ctx.portal.store, ctx.auth.userId)) throw error;
}

const robots = (ctx: CallContext) => ctx.portal.store.table(TABLES.robot);

function robotAdd(ctx: CallContext): true {
	const clientId = appOf(ctx, () => accessDenied('Application context required'));
	adminOnly(ctx, accessDenied());
	const data = prepare(ctx.params) as Record<string, unknown>;
	if (empty(data)) throw fail('Empty data!');
	const code = checkCode(data.CODE);
	const handler = checkHandler(data.HANDLER);
	if (empty(data.NAME)) throw fail('Empty activity NAME!');
	const properties = data.PROPERTIES !== undefined ? checkProperties(data.PROPERTIES) : {};
	const returnProperties = data.RETURN_PROPERTIES !== undefined ? checkProperties(data.RETURN_PROPERTIES) : {};
	const documentType = data.DOCUMENT_TYPE !== undefined ? checkDocumentType(data.DOCUMENT_TYPE) : null;
	const filter = data.FILTER !== undefined ? checkFilter(data.FILTER) : null;
	if (findRobot(ctx.portal.store, clientId, code)) throw fail('Activity or Robot already installed!', 'ERROR_ACTIVITY_ALREADY_INSTALLED');
	const usePlacement = data.USE_PLACEMENT === 'Y' ? 'Y' : 'N';
	if (usePlacement === 'Y') checkHandler(data.PLACEMENT_HANDLER);
	robots(ctx).insert({
		APP_ID: clientId,
		CODE: code,
		HANDLER: handler,
		AUTH_USER_ID: Number(data.AUTH_USER_ID ?? 0) || 0,
		USE_SUBSCRIPTION: data.USE_SUBSCRIPTION === undefined || data.USE_SUBSCRIPTION === null ? '' : String(data.USE_SUBSCRIPTION),
		NAME: data.NAME,
		DESCRIPTION: data.DESCRIPTION ?? null,
		PROPERTIES: properties,
		RETURN_PROPERTIES: returnProperties,
		DOCUMENT_TYPE: documentType,
		FILTER: filter,
		USE_PLACEMENT: usePlacement,
		PLACEMENT_HANDLER: usePlacement === 'Y' ? String(data.PLACEMENT_HANDLER) : null,
		IS_ROBOT: 'Y',
		DATE_CREATE: new Date(ctx.portal.now()).toISOString(),
	});
	return true;
}

function robotUpdate(ctx: CallContext): true {
	const clientId = appOf(ctx, () => accessDenied('Application context required'));
	const data = prepare(ctx.params) as Record<string, unknown>;
	adminOnly(ctx, accessDenied());
	const code = checkCode(data.CODE);
	const robot = findRobot(ctx.portal.store, clientId, code);
	if (!robot) throw fail('Activity or Robot not found!', 'ERROR_ACTIVITY_NOT_FOUND');
	const fields = isPlainObject(data.FIELDS) && Object.keys(data.FIELDS).length ? data.FIELDS : null;
	if (!fields) throw fail('No fields to update');
	const set: Row = {};
	if (fields.HANDLER !== undefined && fields.HANDLER !== null) set.HANDLER = checkHandler(fields.HANDLER);
	if (fields.AUTH_USER_ID !== undefined && fields.AUTH_USER_ID !== null) set.AUTH_USER_ID = Number(fields.AUTH_USER_ID) || 0;
	if (fields.USE_SUBSCRIPTION !== undefined && fields.USE_SUBSCRIPTION !== null) set.USE_SUBSCRIPTION = String(fields.USE_SUBSCRIPTION);
	if (fields.USE_PLACEMENT !== undefined && fields.USE_PLACEMENT !== null) set.USE_PLACEMENT = fields.USE_PLACEMENT === 'Y' ? 'Y' : 'N';
	if (!empty(fields.NAME)) set.NAME = fields.NAME;
	if (fields.DESCRIPTION !== undefined && fields.DESCRIPTION !== null) set.DESCRIPTION = fields.DESCRIPTION;
	if (fields.PROPERTIES !== undefined && fields.PROPERTIES !== null) set.PROPERTIES = checkProperties(fields.PROPERTIES);
	if (fields.RETURN_PROPERTIES !== undefined && fields.RETURN_PROPERTIES !== null) set.RETURN_PROPERTIES = checkProperties(fields.RETURN_PROPERTIES);
	if (fields.DOCUMENT_TYPE !== undefined && fields.DOCUMENT_TYPE !== null) set.DOCUMENT_TYPE = empty(fields.DOCUMENT_TYPE) ? null : checkDocumentType(fields.DOCUMENT_TYPE);
	if (fields.FILTER !== undefined && fields.FILTER !== null) set.FILTER = empty(fields.FILTER) ? null : checkFilter(fields.FILTER);
	if (!Object.keys(set).length) throw fail('No fields to update');
	if (fields.PLACEMENT_HANDLER !== undefined && fields.PLACEMENT_HANDLER !== null) set.PLACEMENT_HANDLER = checkHandler(fields.PLACEMENT_HANDLER);
	Object.assign(robot, set);
	return true;
}

function robotDelete(ctx: CallContext): true {
	const clientId = appOf(ctx, () => accessDenied('Application context required'));
	const data = prepare(ctx.params) as Record<string, unknown>;
	adminOnly(ctx, accessDenied());
	const robot = findRobot(ctx.portal.store, clientId, checkCode(data.CODE));
	if (!robot) throw fail('Activity or Robot not found!', 'ERROR_ACTIVITY_NOT_FOUND');
	robots(ctx).delete(robot.ID);
	return true;
}

function robotList(ctx: CallContext): string[] {
	const clientId = appOf(ctx, () => accessDenied('Application context required'));
	adminOnly(ctx, accessDenied());
	return robots(ctx)
		.where((r) => r.APP_ID === clientId)
		.map((r) => String(r.CODE));
}

// ---- application triggers --------------------------------------------------------------------

const triggers = (ctx: CallContext) => ctx.portal.store.table(TABLES.trigger);

function triggerApp(ctx: CallContext): string {
	const clientId = appOf(ctx, () => accessDenied('Application context required'));
	adminOnly(ctx, accessDenied('Admin permissions required'));
	return clientId;
}

function triggerCode(params: Params): string {
	const code = param(params, 'CODE');
	if (empty(code)) throw crmFail('Empty trigger code!');
	if (typeof code !== 'string' || !/^[a-z0-9.\-_]+$/.test(code)) throw crmFail('Wrong trigger code!');
	return code;
}

const findTrigger = (ctx: CallContext, clientId: string, code: string) => triggers(ctx).where((t) => t.APP_ID === clientId && t.CODE === code)[0];

/** Owner types of CRM (crm.enum.ownertype) that can be given; smart processes by their entityTypeId. */
function ownerExists(ctx: CallContext, typeId: number, id: number): boolean | undefined {
	const store = ctx.portal.store;
	const tables: Record<number, string> = { 1: 'lead', 2: 'deal', 3: 'contact', 4: 'company', 5: 'invoice' };
	if (tables[typeId]) return !!store.table(tables[typeId]).get(id);
	if (typeId === 7) return false;
	const item = store.table('item', 'id').get(id);
	const isType = typeId === 31 || store.table('type', 'id').where((t) => t.entityTypeId === typeId).length > 0;
	return isType ? !!item && item.entityTypeId === typeId : undefined;
}

function triggerExecute(ctx: CallContext): true {
	const clientId = triggerApp(ctx);
	const code = triggerCode(ctx.params);
	if (!findTrigger(ctx, clientId, code)) throw crmFail(`Trigger with code ${code} is not registered.`);
	const typeId = Number(param(ctx.params, 'OWNER_TYPE_ID'));
	const id = Number(param(ctx.params, 'OWNER_ID'));
	const exists = Number.isInteger(typeId) && typeId > 0 ? ownerExists(ctx, typeId, id) : undefined;
	if (exists === undefined) throw crmFail('Incorrect parameter OWNER_TYPE_ID.');
	if (!Number.isInteger(id) || id <= 0 || !exists) throw crmFail('Incorrect parameter OWNER_ID.');
	if (typeId === 2) executeTrigger(ctx, clientId, code, id);
	return true;
}

// ---- deals entering stages through the CRM methods -------------------------------------------

type StageOf = (ctx: CallContext, out?: unknown) => { id: number; stage: string } | undefined;

function dealStageOf(ctx: CallContext, id: unknown): { id: number; stage: string } | undefined {
	const row = ctx.portal.store.table('deal').get(id);
	return row ? { id: Number(row.ID), stage: String(row.STAGE_ID) } : undefined;
}

const isDealItem = (ctx: CallContext) => Number(param(ctx.params, 'entityTypeId')) === 2;

/** Wrap a CRM method: when the deal it wrote is in another stage than before, the stage's robots start. */
function watch(reg: Registry, method: string, before: StageOf, after: StageOf): void {
	const def = reg.get(method);
	if (!def) return;
	const inner: Handler = def.handler;
	def.handler = (ctx) => {
		const was = before(ctx);
		const out = inner(ctx);
		const now = after(ctx, out);
		if (now && (!was || was.stage !== now.stage)) enterStage(ctx.portal, ctx.portal.store.table('deal').get(now.id)!);
		return out;
	};
}

const none: StageOf = () => undefined;

export const automationModule: EntityModule = {
	name: 'automation',
	register(reg) {
		const bizproc = { scope: 'bizproc' };
		reg.define('bizproc.robot.add', { ...bizproc, handler: robotAdd });
		reg.define('bizproc.robot.update', { ...bizproc, handler: robotUpdate });
		reg.define('bizproc.robot.delete', { ...bizproc, handler: robotDelete });
		reg.define('bizproc.robot.list', { ...bizproc, handler: robotList });
		reg.define('bizproc.event.send', {
			...bizproc,
			handler: ({ params, portal }) => sendEvent(portal, param(params, 'EVENT_TOKEN'), param(params, 'RETURN_VALUES'), param(params, 'LOG_MESSAGE')),
		});

		const crm = { scope: 'crm', crmAccess: 'old' as const };
		reg.define('crm.automation.trigger.add', {
			...crm,
			handler: (ctx) => {
				const clientId = triggerApp(ctx);
				const code = triggerCode(ctx.params);
				const name = param(ctx.params, 'NAME');
				if (empty(name)) throw crmFail('Empty trigger name!');
				const row = findTrigger(ctx, clientId, code);
				if (row) row.NAME = String(name);
				else triggers(ctx).insert({ APP_ID: clientId, CODE: code, NAME: String(name) });
				return true;
			},
		});
		reg.define('crm.automation.trigger.list', {
			...crm,
			handler: (ctx) => {
				const clientId = triggerApp(ctx);
				return triggers(ctx)
					.where((t) => t.APP_ID === clientId)
					.map((t) => ({ NAME: t.NAME, CODE: t.CODE }));
			},
		});
		reg.define('crm.automation.trigger.delete', {
			...crm,
			handler: (ctx) => {
				const clientId = triggerApp(ctx);
				const row = findTrigger(ctx, clientId, triggerCode(ctx.params));
				if (!row) throw crmFail('Trigger not found');
				triggers(ctx).delete(row.ID);
				return true;
			},
		});
		reg.define('crm.automation.trigger.execute', { ...crm, handler: triggerExecute });

		watch(reg, 'crm.deal.add', none, (_ctx, out) => dealStageOf(_ctx, out));
		watch(reg, 'crm.deal.update', (ctx) => dealStageOf(ctx, param(ctx.params, 'id')), (ctx) => dealStageOf(ctx, param(ctx.params, 'id')));
		watch(reg, 'crm.item.add', none, (ctx, out) => (isDealItem(ctx) ? dealStageOf(ctx, (out as { item?: Row })?.item?.id) : undefined));
		const itemDeal: StageOf = (ctx) => (isDealItem(ctx) ? dealStageOf(ctx, param(ctx.params, 'id')) : undefined);
		watch(reg, 'crm.item.update', itemDeal, itemDeal);
	},
};

/**
 * Application automation at run time — what the admin sets up in the portal UI (no REST for it;
 * here the admin API) and what the portal then does on its own:
 *   - robot placements: a registered robot on a deal stage with its property values;
 *   - trigger placements: an application trigger on a deal stage (`allowBackwards` = the UI's
 *     "allow moving to a previous stage", off by default);
 *   - a deal entering a stage starts the stage's robots one after another (a new "workflow"; the
 *     running one of the previous stage is terminated). Each robot's handler gets the form-encoded
 *     POST a portal's queue sends (CBPRestActivity::Execute: workflow_id, code, document_id,
 *     document_type, event_token, properties, use_subscription, timeout_duration, ts, auth[…]),
 *     asynchronously, without retries. A waiting robot (use_subscription=Y) holds the later robots
 *     of the stage until bizproc.event.send with its token, or until its timeout;
 *   - the automation log (robot calls with url/status/time, event.send results, trigger moves).
 * State lives in store tables (reset/snapshot with the portal); HTTP deliveries are counted per
 * portal so tests can wait for them (`idle`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { RestError } from '../core/errors';
import { formEncode, postForm } from '../core/events';
import { isPlainObject } from '../core/php';
import type { CallContext, Portal } from '../core/registry';
import type { Row, Store } from '../core/store';
import { CLASSIC, updateRow } from './crm-classic';

export const TABLES = {
	robot: '_bizproc_robot',
	trigger: '_crm_app_trigger',
	robotPlace: '_automation_robot_place',
	triggerPlace: '_automation_trigger_place',
	workflow: '_automation_workflow',
	log: '_automation_log',
};
const MEMBER_ID = 'b24sandbox0000000000000000000001';
const TOKEN_SECRET = 'b24sandbox-bizproc-token';
const DEAL = CLASSIC.find((e) => e.name === 'deal')!;

export const accessDenied = (what = '') => new RestError('ACCESS_DENIED', `Access denied!${what ? ' ' + what : ''}`, 403);

export interface LogEntry {
	ID: number;
	ts: number;
	kind: 'workflow' | 'robot' | 'event' | 'trigger';
	[key: string]: unknown;
}

function log(store: Store, entry: Omit<LogEntry, 'ID' | 'ts'>): LogEntry {
	const t = store.table(TABLES.log);
	const row = t.insert({ ts: Date.now(), ...entry }) as unknown as LogEntry;
	if (t.size > 2000) t.delete(t.all()[0].ID);
	return row;
}

// ---- deal stages -----------------------------------------------------------------------------

interface StageInfo {
	statusId: string;
	categoryId: number;
	sort: number;
	name: string;
}

export function dealStage(store: Store, statusId: string): StageInfo | undefined {
	const r = store.table('status').where((s) => /^DEAL_STAGE(_\d+)?$/.test(String(s.ENTITY_ID)) && s.STATUS_ID === statusId)[0];
	if (!r) return undefined;
	const m = /^DEAL_STAGE_(\d+)$/.exec(String(r.ENTITY_ID));
	return { statusId, categoryId: m ? Number(m[1]) : 0, sort: Number(r.SORT), name: String(r.NAME ?? '') };
}

// ---- pending deliveries ----------------------------------------------------------------------

const pending = new WeakMap<Portal, { n: number; waiters: Array<() => void> }>();
function track(portal: Portal, delta: number): void {
	const p = pending.get(portal) ?? { n: 0, waiters: [] };
	pending.set(portal, p);
	p.n += delta;
	if (p.n === 0) for (const w of p.waiters.splice(0)) w();
}

/** Resolves when no robot call is queued or in flight. */
export function automationIdle(portal: Portal): Promise<void> {
	const p = pending.get(portal);
	if (!p || p.n === 0) return Promise.resolve();
	return new Promise((r) => p.waiters.push(r));
}

// ---- tokens ----------------------------------------------------------------------------------

const sign = (s: string) => createHmac('sha256', TOKEN_SECRET).update(s).digest('hex');
const uniqid = () => `${Date.now().toString(16)}${randomBytes(1).toString('hex')}.${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const activityName = () => 'A' + Array.from({ length: 4 }, () => String(10000 + Math.floor(Math.random() * 90000))).join('_');

/** `{workflowId}|{activityName}|{eventId}.{signature}`, the shape of the documented example token. */
function eventToken(workflowId: string, activity: string, eventId: string): string {
	const base = `${workflowId}|${activity}|${eventId}`;
	return `${base}.${sign(base)}`;
}

function parseToken(token: unknown): { workflowId: string; activity: string; eventId: string } | undefined {
	if (typeof token !== 'string') return undefined;
	const dot = token.lastIndexOf('.');
	if (dot < 0 || sign(token.slice(0, dot)) !== token.slice(dot + 1)) return undefined;
	const [workflowId, activity, eventId] = token.slice(0, dot).split('|');
	return eventId ? { workflowId, activity, eventId } : undefined;
}

// ---- workflows -------------------------------------------------------------------------------

interface Step {
	placementId: number;
	code: string;
	clientId: string;
	activity: string;
	state: 'queued' | 'sent' | 'waiting' | 'done' | 'timeout' | 'skipped' | 'terminated';
	eventId?: string;
	returnValues?: Record<string, unknown>;
}

export function findRobot(store: Store, clientId: string, code: string): Row | undefined {
	return store.table(TABLES.robot).where((r) => r.APP_ID === clientId && r.CODE === code)[0];
}

/**
 * A deal entered `row.STAGE_ID` (created in it, updated into it, moved by a trigger): the running
 * robots of the deal stop and the robots placed on the new stage start.
 */
export function enterStage(portal: Portal, row: Row): void {
	const store = portal.store;
	const dealId = Number(row.ID);
	for (const wf of store.table(TABLES.workflow).where((w) => w.dealId === dealId && w.status === 'running')) {
		wf.status = 'terminated';
		for (const s of wf.steps as Step[]) if (s.state === 'queued' || s.state === 'waiting') s.state = 'terminated';
		log(store, { kind: 'workflow', event: 'terminated', workflowId: wf.workflowId, dealId, stageId: wf.stageId, note: 'the deal left the stage' });
	}
	const stageId = String(row.STAGE_ID);
	const places = store.table(TABLES.robotPlace).where((p) => p.stageId === stageId);
	if (!places.length) return;
	const steps: Step[] = places.map((p) => ({ placementId: Number(p.ID), code: String(p.code), clientId: String(p.clientId), activity: activityName(), state: 'queued' }));
	const wf = store.table(TABLES.workflow).insert({ workflowId: uniqid(), dealId, stageId, status: 'running', started: Date.now(), steps });
	log(store, { kind: 'workflow', event: 'started', workflowId: wf.workflowId, dealId, stageId, robots: steps.map((s) => s.code) });
	advance(portal, Number(wf.ID));
}

/** Run the next queued robot of a workflow (after the portal's queue delay), or finish it. */
function advance(portal: Portal, wfId: number): void {
	const wf = portal.store.table(TABLES.workflow).get(wfId);
	if (!wf || wf.status !== 'running') return;
	const step = (wf.steps as Step[]).find((s) => s.state === 'queued');
	if (!step) {
		wf.status = 'completed';
		log(portal.store, { kind: 'workflow', event: 'completed', workflowId: wf.workflowId, dealId: wf.dealId, stageId: wf.stageId });
		return;
	}
	step.state = 'sent';
	track(portal, 1);
	setTimeout(() => {
		try {
			runRobot(portal, wfId, step);
		} catch (e) {
			// e.g. the application was removed by a reset meanwhile: the robot is skipped, not the process
			step.state = 'skipped';
			log(portal.store, { kind: 'robot', workflowId: wf.workflowId, dealId: wf.dealId, code: step.code, status: null, note: String((e as Error).message) });
		} finally {
			track(portal, -1);
		}
	}, portal.events.delayMs);
}

function runRobot(portal: Portal, wfId: number, step: Step): void {
	const store = portal.store;
	const wf = store.table(TABLES.workflow).get(wfId);
	if (!wf || wf.status !== 'running' || step.state !== 'sent') return;
	const robot = findRobot(store, step.clientId, step.code);
	const place = store.table(TABLES.robotPlace).get(step.placementId);
	const deal = store.table('deal').get(wf.dealId);
	if (!robot || !place || !deal) {
		step.state = 'skipped';
		log(store, { kind: 'robot', workflowId: wf.workflowId, dealId: wf.dealId, stageId: wf.stageId, code: step.code, status: null, note: robot ? 'the deal or the placement is gone' : 'the robot is not registered any more (blocked)' });
		return advance(portal, wfId);
	}
	const waits = robotWaits(robot, place);
	const timeout = Number(place.timeoutDuration ?? 0) || 0;
	step.eventId = randomBytes(16).toString('hex');
	step.state = waits ? 'waiting' : 'done';
	const app = portal.auth.apps.find((a) => a.clientId === step.clientId);
	const userId = Number(robot.AUTH_USER_ID) || app?.userId || 1;
	const tokens = portal.auth.issue(step.clientId, userId);
	const payload = {
		workflow_id: wf.workflowId,
		code: step.code,
		document_id: ['crm', 'CCrmDocumentDeal', `DEAL_${wf.dealId}`],
		document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
		event_token: eventToken(String(wf.workflowId), step.activity, step.eventId),
		properties: propertyValues(robot, place, deal),
		use_subscription: waits ? 'Y' : 'N',
		timeout_duration: timeout,
		ts: Math.floor(Date.now() / 1000),
		auth: {
			access_token: tokens.access_token,
			expires: tokens.expires,
			expires_in: tokens.expires_in,
			scope: tokens.scope,
			domain: portal.domain,
			server_endpoint: 'https://oauth.bitrix24.tech/rest/',
			status: tokens.status,
			client_endpoint: `${portal.baseUrl}/rest/`,
			member_id: MEMBER_ID,
			user_id: userId,
			refresh_token: tokens.refresh_token,
			application_token: app?.applicationToken ?? '',
		},
	};
	const body = formEncode(payload).join('&');
	const entry = log(store, { kind: 'robot', workflowId: wf.workflowId, dealId: wf.dealId, stageId: wf.stageId, code: step.code, url: String(robot.HANDLER), useSubscription: waits ? 'Y' : 'N', eventToken: payload.event_token, status: null, ms: null, body });
	const t0 = Date.now();
	track(portal, 1);
	postForm(String(robot.HANDLER), body, (status) => {
		Object.assign(entry, { status, ms: Date.now() - t0 });
		track(portal, -1);
	});
	if (!waits) return advance(portal, wfId);
	if (timeout > 0) {
		setTimeout(() => {
			if (step.state !== 'waiting') return;
			step.state = 'timeout';
			log(store, { kind: 'event', workflowId: wf.workflowId, dealId: wf.dealId, code: step.code, note: 'timeout: no bizproc.event.send in time' });
			advance(portal, wfId);
		}, timeout * 1000).unref();
	}
}

/** Robot registered with USE_SUBSCRIPTION Y waits, N does not; left empty, the robot's settings decide (default N). */
function robotWaits(robot: Row, place: Row): boolean {
	const reg = String(robot.USE_SUBSCRIPTION ?? '');
	if (reg === 'Y' || reg === 'N') return reg === 'Y';
	return place.useSubscription === 'Y';
}

/** Values set in the robot's settings (or the property's Default); `{=Document:FIELD}` is filled from the deal. */
function propertyValues(robot: Row, place: Row, deal: Row): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const given = (place.properties ?? {}) as Record<string, unknown>;
	const fill = (v: unknown): unknown => {
		if (Array.isArray(v)) return v.map(fill);
		if (typeof v !== 'string') return v ?? '';
		return v.replace(/\{=Document:([A-Za-z0-9_]+)\}/g, (_m, f: string) => {
			const x = deal[f.toUpperCase()];
			return x === null || x === undefined ? '' : String(x);
		});
	};
	for (const [key, def] of Object.entries((robot.PROPERTIES ?? {}) as Record<string, Row>)) {
		out[key] = fill(key in given ? given[key] : (def.DEFAULT ?? ''));
	}
	return out;
}

/** bizproc.event.send: a waiting robot's token, once; an unknown, stale or used token is ACCESS_DENIED. */
export function sendEvent(portal: Portal, token: unknown, returnValues: unknown, logMessage: unknown): true {
	const t = parseToken(token);
	if (!t) throw accessDenied();
	const store = portal.store;
	const wf = store.table(TABLES.workflow).where((w) => w.workflowId === t.workflowId)[0];
	const step = wf && (wf.steps as Step[]).find((s) => s.activity === t.activity && s.eventId === t.eventId);
	if (!wf || !step || step.state !== 'waiting' || wf.status !== 'running') throw accessDenied();
	const robot = findRobot(store, step.clientId, step.code);
	const allowed = new Map(Object.keys((robot?.RETURN_PROPERTIES ?? {}) as object).map((k) => [k.toUpperCase(), k]));
	const values: Record<string, unknown> = {};
	if (isPlainObject(returnValues)) {
		for (const [k, v] of Object.entries(returnValues)) if (allowed.has(k.toUpperCase())) values[allowed.get(k.toUpperCase())!] = v;
	}
	step.state = 'done';
	step.returnValues = values;
	log(store, { kind: 'event', workflowId: wf.workflowId, dealId: wf.dealId, stageId: wf.stageId, code: step.code, returnValues: values, logMessage: logMessage === undefined || logMessage === null ? '' : String(logMessage) });
	advance(portal, Number(wf.ID));
	return true;
}

/**
 * crm.automation.trigger.execute on a deal: the trigger placed on the earliest stage of the deal's
 * pipeline moves the deal there — forward only (by stage sort) unless the placement allows going
 * back. The move is an ordinary update (stage history, ONCRMDEALUPDATE) and starts that stage's robots.
 */
export function executeTrigger(ctx: CallContext, clientId: string, code: string, dealId: number): void {
	const store = ctx.portal.store;
	const row = store.table('deal').get(dealId)!;
	const from = String(row.STAGE_ID);
	const current = dealStage(store, from);
	const candidates = store
		.table(TABLES.triggerPlace)
		.where((p) => p.clientId === clientId && p.code === code)
		.map((p) => ({ p, stage: dealStage(store, String(p.stageId)) }))
		.filter((c) => c.stage && c.stage.categoryId === Number(row.CATEGORY_ID ?? 0))
		.sort((a, b) => a.stage!.sort - b.stage!.sort);
	const pick = candidates[0];
	const base = { kind: 'trigger' as const, code, dealId, from };
	if (!pick) return void log(store, { ...base, to: null, moved: false, note: 'the trigger is not placed in the deal pipeline' });
	const to = pick.stage!.statusId;
	const forward = !current || pick.stage!.sort > current.sort;
	if (to === from || (!forward && pick.p.allowBackwards !== true)) {
		return void log(store, { ...base, to, moved: false, note: to === from ? 'already in the stage' : 'moving back is not allowed' });
	}
	updateRow(ctx, DEAL, row, { STAGE_ID: to });
	log(store, { ...base, to, moved: true });
	enterStage(ctx.portal, row);
}

// ---- admin API -------------------------------------------------------------------------------

export class AdminInputError extends Error {}

/** POST /_admin/automation/robots {stageId, code, clientId?, properties?, useSubscription?, timeoutDuration?} */
export function placeRobot(portal: Portal, input: Record<string, unknown>, defaultClientId: string): Row {
	const store = portal.store;
	const stageId = String(input.stageId ?? '');
	const code = String(input.code ?? '');
	const clientId = String(input.clientId ?? defaultClientId);
	if (!dealStage(store, stageId)) throw new AdminInputError(`unknown deal stage ${stageId}`);
	const robot = findRobot(store, clientId, code);
	if (!robot) throw new AdminInputError(`robot ${code} is not registered by ${clientId}`);
	const properties = isPlainObject(input.properties) ? input.properties : {};
	for (const [key, def] of Object.entries((robot.PROPERTIES ?? {}) as Record<string, Row>)) {
		const v = properties[key] ?? def.DEFAULT;
		if (def.REQUIRED === 'Y' && (v === undefined || v === null || v === '')) throw new AdminInputError(`property ${key} is required`);
	}
	return store.table(TABLES.robotPlace).insert({
		stageId,
		code,
		clientId,
		properties,
		useSubscription: input.useSubscription === 'Y' || input.useSubscription === true ? 'Y' : 'N',
		timeoutDuration: Number(input.timeoutDuration ?? 0) || 0,
	});
}

/** POST /_admin/automation/triggers {stageId, code, clientId?, allowBackwards?} */
export function placeTrigger(portal: Portal, input: Record<string, unknown>, defaultClientId: string): Row {
	const store = portal.store;
	const stageId = String(input.stageId ?? '');
	const code = String(input.code ?? '');
	const clientId = String(input.clientId ?? defaultClientId);
	if (!dealStage(store, stageId)) throw new AdminInputError(`unknown deal stage ${stageId}`);
	if (!store.table(TABLES.trigger).where((t) => t.APP_ID === clientId && t.CODE === code).length) throw new AdminInputError(`trigger ${code} is not registered by ${clientId}`);
	return store.table(TABLES.triggerPlace).insert({ stageId, code, clientId, allowBackwards: input.allowBackwards === true });
}

/** GET /_admin/automation */
export function automationState(portal: Portal): Record<string, unknown> {
	const all = (name: string) => portal.store.table(name).all();
	return {
		robots: all(TABLES.robot),
		triggers: all(TABLES.trigger),
		robotPlacements: all(TABLES.robotPlace),
		triggerPlacements: all(TABLES.triggerPlace),
		workflows: all(TABLES.workflow),
		log: all(TABLES.log),
	};
}

/** POST /_admin/automation/clear: placements, workflows and the log (registrations stay). */
export function clearAutomation(portal: Portal): void {
	for (const name of [TABLES.robotPlace, TABLES.triggerPlace, TABLES.workflow, TABLES.log]) {
		const t = portal.store.table(name);
		for (const r of t.all()) t.delete(r.ID);
	}
}

/**
 * One poll of the 1C trigger: a light scan (`Ref_Key,DataVersion[,Date,…]`, paged), the diff
 * against the state in the workflow's static data (lib/onec-changes.ts), the full rows of the
 * changed objects read by key lists (~20 GUIDs per request, never one request per object), and
 * the new state written only after all of that succeeded — a failed poll changes nothing, so the
 * next one sees the same changes again.
 *
 * Manual runs ("Fetch Test Event") return the newest object and leave the state alone.
 */
import { withWebClientLinks } from '../../../lib/onec-weblink';
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { dateTimeLiteral, formatDateTime } from '../../../lib/odata';
import {
	DEFAULT_MAX_TRACKED,
	DEFAULT_OVERLAP_HOURS,
	diffCatalog,
	diffDocuments,
	initialWatermark,
	settle,
	statusFilter,
	statusMatches,
	StateBoundError,
	usable,
	windowStart,
	type ChangeKind,
	type ChangeState,
	type DocumentStatus,
	type WatchKind,
} from '../../../lib/onec-changes';
import { typeRow, type Row } from '../../../lib/onec-values';
import { SET_PREFIXES } from '../description/operations';
import { OneCSession, type OneCContext } from '../session';
import { OneCError, toNodeApiError } from '../transport/errors';
import { CHANGE_KEY, type TriggerOptions } from './description';
import { EVENTS_KEY, pollEvents } from './events';

/** The key of the change state in `getWorkflowStaticData('node')` (next to the types digest). */
export const STATE_KEY = 'oneCChanges';

export interface Params {
	kind: WatchKind;
	set: string;
	overlapHours: number;
	o: TriggerOptions;
	status: DocumentStatus;
	maxTracked: number;
	pageSize: number;
	rawFilter: string;
}

export function params(ctx: IPollFunctions): Params {
	const kind = String(ctx.getNodeParameter('resource', 'document')) as WatchKind;
	const set = String(ctx.getNodeParameter('entitySet', '', { extractValue: true }) ?? '').trim();
	const o = (ctx.getNodeParameter('options', {}) ?? {}) as TriggerOptions;
	const node = ctx.getNode();
	if (kind !== 'document' && kind !== 'catalog') throw new NodeOperationError(node, `1C trigger: unknown resource "${String(kind)}"`);
	if (!set) throw new NodeOperationError(node, '1C trigger: choose an entity set');
	if (!SET_PREFIXES[kind].includes(set.slice(0, set.indexOf('_')))) {
		throw new NodeOperationError(node, `1C trigger: "${set}" is not a ${kind} entity set`, {
			description: kind === 'document' ? 'Documents are the Document_… sets (they have Date and Posted).' : 'Catalogs are the Catalog_…, ChartOf…, ExchangePlan_…, BusinessProcess_… and Task_… sets.',
		});
	}
	const overlapHours = kind === 'document' ? Number(ctx.getNodeParameter('overlapHours', DEFAULT_OVERLAP_HOURS)) : 0;
	return {
		kind,
		set,
		overlapHours: Number.isFinite(overlapHours) && overlapHours >= 0 ? overlapHours : DEFAULT_OVERLAP_HOURS,
		o,
		status: kind === 'document' ? (o.status ?? 'all') : 'all',
		maxTracked: Math.max(1, Math.floor(Number(o.maxTracked ?? DEFAULT_MAX_TRACKED) || DEFAULT_MAX_TRACKED)),
		pageSize: Math.max(1, Math.floor(Number(o.pageSize ?? 500) || 500)),
		rawFilter: String(o.rawFilter ?? '').trim(),
	};
}

/** Conditions ANDed, each in parentheses; undefined when there is none. */
export function and(...parts: Array<string | undefined>): string | undefined {
	const p = parts.filter((x): x is string => !!x);
	if (p.length <= 1) return p[0];
	return p.map((x) => `(${x})`).join(' and ');
}

/** The fields the user listed in «Fields». */
export function userFields(p: Params): string[] {
	return String(p.o.select ?? '')
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean);
}

/** The `$select` of the emitted rows: the user's fields plus what the trigger itself reads. */
function fullSelect(p: Params): string | undefined {
	const user = userFields(p);
	if (!user.length) return undefined;
	const need = ['Ref_Key', 'DataVersion', ...(p.status !== 'all' ? ['Posted', 'DeletionMark'] : [])];
	return [...new Set([...need, ...user])].join(',');
}

async function items(s: OneCSession, p: Params, rows: Array<{ row: Row; kind: ChangeKind }>): Promise<INodeExecutionData[]> {
	const types = p.o.output === 'raw' ? undefined : await s.types(p.set);
	const shaped = rows.map(({ row }) => (types ? typeRow(row, types, s.timeZone) : row) as Row);
	const linked = p.o.webLink === true ? withWebClientLinks(shaped, s.client.webClientBase, p.set) : shaped;
	return linked.map((row, n) => ({ json: { ...row, [CHANGE_KEY]: rows[n].kind } as IDataObject }));
}

/** "Fetch Test Event": the newest document (any one catalog object), the state untouched. */
async function sample(ctx: IPollFunctions, s: OneCSession, p: Params): Promise<INodeExecutionData[][] | null> {
	const filter = and(p.rawFilter || undefined, statusFilter(p.status));
	const rows = await s.client.list(p.set, { filter, select: fullSelect(p), orderby: p.kind === 'document' ? 'Date desc,Ref_Key desc' : undefined, limit: 1 });
	if (!rows.length) return null;
	return [ctx.helpers.returnJsonArray((await items(s, p, [{ row: rows[0], kind: 'new' }])).map((i) => i.json))];
}

/**
 * Light rows of the documents in the window (`Date asc, Ref_Key asc`), at most maxTracked + 1.
 * `known`: the watermark of a usable state (undefined = baseline); `select` the light fields.
 */
export async function scanDocuments(s: OneCSession, p: Params, known: { watermark: string | null } | undefined, now: string, select: string) {
	let watermark: string | null;
	if (known) watermark = known.watermark;
	else {
		// the baseline window follows the newest document (not the clock: the clocks may differ)
		const latest = await s.client.list(p.set, { filter: p.rawFilter || undefined, select: 'Date', orderby: 'Date desc', limit: 1 });
		watermark = initialWatermark(latest[0]?.Date, now);
	}
	const from = windowStart(watermark, p.overlapHours);
	const filter = and(from ? `Date ge ${dateTimeLiteral(from, s.timeZone)}` : undefined, p.rawFilter || undefined);
	const rows = await s.client.list(p.set, { filter, select, orderby: 'Date,Ref_Key', pageSize: p.pageSize, limit: p.maxTracked + 1 });
	return { rows, from };
}

export async function pollChanges(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	let set = '';
	try {
		const p = params(ctx);
		set = p.set;
		const s = await OneCSession.open(ctx as unknown as OneCContext);
		if (p.kind === 'document' && String(ctx.getNodeParameter('watch', 'changes')) === 'events') return await pollEvents(ctx, s, p);
		if (ctx.getMode() === 'manual') return await sample(ctx, s, p);

		const store = ctx.getWorkflowStaticData('node');
		const prev = store[STATE_KEY] as unknown as ChangeState | undefined;
		const scope = `${s.client.url}|${p.kind}|${p.set}|${p.rawFilter}`;
		const common = { scope, maxTracked: p.maxTracked, emitExisting: p.o.emitExisting === true };
		let diff;
		if (p.kind === 'document') {
			const now = formatDateTime(new Date(), s.timeZone);
			const select = ['Ref_Key', 'DataVersion', 'Date', ...(p.status !== 'all' ? ['Posted', 'DeletionMark'] : [])].join(',');
			const { rows, from } = await scanDocuments(s, p, usable(prev, 'document', scope) ? prev : undefined, now, select);
			diff = diffDocuments(prev, rows, { ...common, overlapHours: p.overlapHours, now, scannedFrom: from, truncated: rows.length > p.maxTracked });
		} else {
			const rows = await s.client.list(p.set, { filter: p.rawFilter || undefined, select: 'Ref_Key,DataVersion', orderby: 'Ref_Key', pageSize: p.pageSize, limit: p.maxTracked + 1 });
			diff = diffCatalog(prev, rows, { ...common, truncated: rows.length > p.maxTracked });
		}

		// the status option is checked on the light row first (fewer full reads), then on the full row
		const candidates = diff.changes.filter((c) => statusMatches(c.light, p.status));
		const full = candidates.length ? await s.client.listByKeys(p.set, 'Ref_Key', candidates.map((c) => c.ref), { select: fullSelect(p), pageSize: p.pageSize }) : [];
		const { emit, state } = settle(diff.next, candidates, full, (r) => statusMatches(r, p.status));
		const out = emit.length ? await items(s, p, emit) : [];
		store[STATE_KEY] = state as unknown as IDataObject;
		// switched from «Document Events»: that state is stale (switching back starts a new baseline)
		delete store[EVENTS_KEY];
		return out.length ? [ctx.helpers.returnJsonArray(out.map((i) => i.json))] : null;
	} catch (e) {
		throw asNodeError(node, e, set);
	}
}

export function asNodeError(node: INode, e: unknown, set: string): Error {
	if (e instanceof OneCError) return toNodeApiError(node, e);
	if (e instanceof StateBoundError) {
		return new NodeOperationError(node, `1C ${set}: ${e.message}`, { description: 'The trigger keeps the DataVersion of every watched object between polls; the state is bounded so that it stays small in the workflow data.' });
	}
	if (e instanceof NodeApiError || e instanceof NodeOperationError) return e;
	return new NodeOperationError(node, e as Error);
}

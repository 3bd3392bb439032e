/**
 * Document events for the 1C polling trigger (the eight triggers of the official module, research
 * official-module-features.md F76) — pure, no HTTP and no n8n types.
 *
 * Per document a small state is kept between polls: `[DataVersion, Date, posted, paid level,
 * shipped level, check class]`. Each poll observes the documents of the Date window again (the
 * window, watermark, pruning and bound are exactly those of `diffDocuments` in ./onec-changes.ts)
 * and `transition` turns previous state + observation into events:
 * - `posted` only on Posted false → true (re-posting keeps Posted true: that is `changed`);
 * - `unposted` only on true → false (a repeated unposting changes nothing);
 * - `changed` when DataVersion changed and Posted did not;
 * - `partiallyPaid` when the paid level rises none → partial, `paid` when it rises to full;
 *   `shipped` when the shipped level rises to full (levels: 0 none, 1 partial, 2 full; a level
 *   may fall — a payment cancelled — and fire again when it rises again);
 * - `correct` / `error` when the check field changes to the configured "correct" / "error" value.
 * A level or check the poll could not determine (`null`) keeps the previous one, no event.
 *
 * First sight: on the baseline poll (no usable state) documents are only recorded — unless
 * `emitExisting`, then their current state is emitted as if they were new. A document first seen
 * on a later poll (created since) fires `posted` when it is already posted ("post and close" in
 * 1C happens between two polls), nothing else: its payment, shipment and check are recorded as
 * they are (a document first seen already paid fires nothing).
 */
import { diffDocuments, EMPTY_DATE, type ChangeState, type DiffOptions, type LightRow } from './onec-changes';

export const DOCUMENT_EVENTS = ['posted', 'unposted', 'changed', 'partiallyPaid', 'paid', 'shipped', 'correct', 'error'] as const;
export type DocumentEvent = (typeof DOCUMENT_EVENTS)[number];

/** 0 none, 1 partial, 2 full; null = not determined */
export type Level = 0 | 1 | 2;
/** the check field's value classified: 'c' correct, 'e' error, '' anything else */
export type CheckClass = 'c' | 'e' | '';

/** `[DataVersion, Date, posted 0/1, paid level, shipped level, check class]` */
export type DocTuple = [string, string, 0 | 1, Level | null, Level | null, CheckClass | null];

export interface EventState {
	v: 1;
	kind: 'events';
	/** publication + set + filter + how paid/shipped/check are computed: another scope = new baseline */
	scope: string;
	poll: number;
	watermark: string | null;
	objects: Record<string, DocTuple>;
}

export interface Observation {
	ref: string;
	dataVersion: string;
	date: string;
	posted: boolean;
	paid: Level | null;
	shipped: Level | null;
	check: CheckClass | null;
}

export interface DocEvents<O extends Observation = Observation> {
	obs: O;
	events: DocumentEvent[];
}

/** Within a kopeck: amounts from 1C are decimals. */
const EPS = 0.005;

/** The level of `done` out of `total`: full when done ≥ total, partial when 0 < done < total; null when total ≤ 0. */
export function level(done: number | null | undefined, total: number | null | undefined): Level | null {
	const t = Number(total);
	const d = Number(done ?? 0);
	if (!Number.isFinite(t) || t <= EPS || !Number.isFinite(d)) return null;
	if (d >= t - EPS) return 2;
	return d > EPS ? 1 : 0;
}

/** A БП invoice payment status (`СтатусОплатыСчета`) as a level; no record = not paid. */
export function statusLevel(status: unknown): Level {
	const s = String(status ?? '').trim();
	if (s === 'Оплачен') return 2;
	if (s === 'ОплаченЧастично') return 1;
	return 0;
}

/** The check field's value classified against the configured values (trimmed, exact). */
export function checkClass(value: unknown, correct: string, error: string): CheckClass {
	const v = value === null || value === undefined ? '' : String(value).trim();
	if (correct.trim() && v === correct.trim()) return 'c';
	if (error.trim() && v === error.trim()) return 'e';
	return '';
}

const VIRGIN: DocTuple = ['', EMPTY_DATE, 0, 0, 0, ''];

/**
 * The events of one document and its next state. `prev` undefined = first sight: `firstSight`
 * says what is compared against — 'baseline' nothing, 'posting' only Posted, 'all' everything.
 */
export function transition(prev: DocTuple | undefined, o: Observation, firstSight: 'baseline' | 'posting' | 'all' = 'baseline'): { events: DocumentEvent[]; next: DocTuple } {
	const was = prev ?? VIRGIN;
	// first sight: what was not determined stays null (compared as "none" later)
	const paid = o.paid ?? (prev ? prev[3] : null);
	const shipped = o.shipped ?? (prev ? prev[4] : null);
	const check = o.check ?? (prev ? prev[5] : null);
	const next: DocTuple = [o.dataVersion, o.date, o.posted ? 1 : 0, paid, shipped, check];
	if (!prev && firstSight === 'baseline') return { events: [], next };
	const events: DocumentEvent[] = [];
	const wasPosted = was[2] === 1;
	if (!wasPosted && o.posted) events.push('posted');
	else if (wasPosted && !o.posted) events.push('unposted');
	else if (prev && prev[0] !== o.dataVersion) events.push('changed');
	if (prev || firstSight === 'all') {
		const before = { paid: was[3] ?? 0, shipped: was[4] ?? 0 };
		if (paid !== null && paid > before.paid) events.push(paid === 2 ? 'paid' : 'partiallyPaid');
		if (shipped === 2 && before.shipped < 2) events.push('shipped');
		if (check && check !== (was[5] ?? '')) events.push(check === 'c' ? 'correct' : 'error');
	}
	return { events, next };
}

function usableEvents(s: unknown, scope: string): s is EventState {
	const x = s as Partial<EventState> | undefined;
	return !!x && x.v === 1 && x.kind === 'events' && x.scope === scope && typeof x.objects === 'object' && x.objects !== null;
}

/** The previous state in the shape `diffDocuments` reads (it owns the window, pruning and bound). */
function asChangeState(s: EventState): ChangeState {
	const objects: ChangeState['objects'] = {};
	for (const [ref, t] of Object.entries(s.objects)) objects[ref] = [t[0], t[1]];
	return { v: 1, kind: 'document', scope: s.scope, poll: s.poll, watermark: s.watermark, objects };
}

/**
 * One poll: the observations of the documents scanned in the window (scan order) against the
 * previous state. Returns the documents with events (scan order) and the state to persist.
 * Throws `StateBoundError` like `diffDocuments`.
 */
export function diffEvents<O extends Observation>(prev: EventState | undefined, observed: O[], o: DiffOptions): { docs: Array<DocEvents<O>>; next: EventState; baseline: boolean } {
	const baseline = !usableEvents(prev, o.scope);
	const byRef = new Map<string, O>();
	for (const ob of observed) {
		const k = String(ob.ref ?? '').toLowerCase();
		if (!k) continue;
		byRef.delete(k);
		byRef.set(k, ob);
	}
	const rows: LightRow[] = [...byRef.entries()].map(([ref, ob]) => ({ Ref_Key: ref, DataVersion: ob.dataVersion, Date: ob.date }));
	const window = diffDocuments(baseline ? undefined : asChangeState(prev!), rows, { ...o, emitExisting: false });
	const firstSight = baseline ? (o.emitExisting ? 'all' : 'baseline') : 'posting';
	const objects: EventState['objects'] = {};
	const docs: Array<DocEvents<O>> = [];
	for (const [ref, ob] of byRef) {
		const { events, next } = transition(baseline ? undefined : prev!.objects[ref], ob, firstSight);
		if (events.length) docs.push({ obs: ob, events });
		if (ref in window.next.objects) objects[ref] = next;
	}
	// kept by the window but not seen this poll (a paging skip, or deleted): as they were
	if (!baseline) for (const ref of Object.keys(window.next.objects)) if (!(ref in objects) && prev!.objects[ref]) objects[ref] = prev!.objects[ref];
	const next: EventState = { v: 1, kind: 'events', scope: o.scope, poll: window.next.poll, watermark: window.next.watermark, objects };
	return { docs, next, baseline };
}

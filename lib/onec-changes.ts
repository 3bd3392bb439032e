/**
 * Change detection for the 1C polling trigger (research 1c-odata.md §7) — pure, no HTTP and no
 * n8n types, so every rule below is unit-tested alone.
 *
 * Standard 1C OData has no delta feed, and `DataVersion` is a per-object change detector, never a
 * global cursor. So the trigger keeps, in the workflow's static data, the `DataVersion` it last saw
 * of every object it watches, and emits an object when it is new or its `DataVersion` differs:
 * - documents: a window `Date ge <watermark − overlap>` read `Date asc, Ref_Key asc` with a light
 *   `$select`; the watermark is the highest `Date` seen (never beyond "now", so one document dated
 *   next year cannot move the window past today's documents); entries of objects that were not
 *   seen in a poll but still lie inside the window are KEPT (a `$top/$skip` page shifted by a
 *   concurrent write can skip a row — it must not come back later as "new"), entries older than
 *   the window are pruned;
 * - catalogs (no date): a snapshot `Ref_Key → DataVersion` of the whole set; an object missing
 *   from `MISSES_BEFORE_PRUNE` polls in a row is dropped (deleted), a single miss is a paging skip.
 * The state is bounded (`maxTracked`): more objects than that is an error, never a silent drop.
 *
 * Dates are 1C wall-clock strings `YYYY-MM-DDTHH:mm:ss` (server local time, no offset): they
 * compare as strings, and the overlap is subtracted on the wall clock.
 */

export type ChangeKind = 'new' | 'changed';
export type WatchKind = 'document' | 'catalog';
/** Which documents are emitted (the state tracks all of them either way). */
export type DocumentStatus = 'all' | 'posted' | 'unposted' | 'markedForDeletion';

/** The light row of a scan: `$select=Ref_Key,DataVersion[,Date,Posted,DeletionMark]`. */
export interface LightRow {
	Ref_Key?: unknown;
	DataVersion?: unknown;
	Date?: unknown;
	Posted?: unknown;
	DeletionMark?: unknown;
}

/**
 * What is persisted between polls (plain JSON, small): per object `[DataVersion, Date]` for
 * documents and `[DataVersion, number of the poll that last saw it]` for catalogs.
 */
export interface ChangeState {
	v: 1;
	kind: WatchKind;
	/** publication + set + filter: another scope starts a new baseline */
	scope: string;
	/** polls done on this scope (the baseline is poll 1) */
	poll: number;
	/** documents: the high watermark (a 1C wall-clock date); null = no lower bound yet */
	watermark: string | null;
	objects: Record<string, [string, string | number]>;
}

export interface Change {
	ref: string;
	kind: ChangeKind;
	/** the DataVersion the scan saw (the emitted row may be newer, see `settle`) */
	dataVersion: string;
	/** the light row of the scan (documents: Posted / DeletionMark when they were selected) */
	light: LightRow;
}

export interface DiffResult {
	/** candidates to fetch in full, in scan order (documents: by Date) */
	changes: Change[];
	/** the state to persist once the changes have been emitted (see `settle`) */
	next: ChangeState;
	/** true on the baseline poll (no usable previous state) */
	baseline: boolean;
}

export interface DiffOptions {
	scope: string;
	maxTracked: number;
	/** the baseline emits every object instead of nothing */
	emitExisting?: boolean;
	/** documents: hours subtracted from the watermark (default 72) */
	overlapHours?: number;
	/** documents: the current wall-clock time of the 1C server (caps the watermark) */
	now?: string;
	/** documents: the scan's lower bound (what `windowStart` gave before the scan) */
	scannedFrom?: string | null;
	/** the scan stopped at maxTracked + 1 rows: there are more objects than the bound */
	truncated?: boolean;
}

export const DEFAULT_OVERLAP_HOURS = 72;
export const DEFAULT_MAX_TRACKED = 20_000;
export const MISSES_BEFORE_PRUNE = 3;
export const EMPTY_DATE = '0001-01-01T00:00:00';

const LOCAL_DT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;
/** 0001-01-01T00:00:00 as a UTC time value (`Date.UTC` maps years 0–99 to 19xx) */
const MIN_TIME = new Date(0).setUTCFullYear(1, 0, 1);

/** Too many objects to track: the message says what to do about it. */
export class StateBoundError extends Error {
	constructor(
		readonly count: number,
		readonly maxTracked: number,
		message: string,
	) {
		super(message);
	}
}

/** A wall-clock date moved by `hours` (on the wall clock, like 1C itself); never before year 1. */
export function shiftLocal(local: string, hours: number): string {
	const m = LOCAL_DT.exec(local);
	if (!m) return local;
	const d = new Date(0);
	d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
	d.setUTCHours(+m[4], +m[5], +m[6], 0);
	const out = new Date(Math.max(d.getTime() + hours * 3600_000, MIN_TIME));
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(out.getUTCFullYear(), 4)}-${pad(out.getUTCMonth() + 1)}-${pad(out.getUTCDate())}T${pad(out.getUTCHours())}:${pad(out.getUTCMinutes())}:${pad(out.getUTCSeconds())}`;
}

/** The state is usable for this scope and kind (else the next poll is a baseline). */
export function usable(state: unknown, kind: WatchKind, scope: string): state is ChangeState {
	const s = state as Partial<ChangeState> | undefined;
	return !!s && s.v === 1 && s.kind === kind && s.scope === scope && typeof s.objects === 'object' && s.objects !== null;
}

/** Documents: the lower bound of the next scan, or null for "no bound" (no watermark yet). */
export function windowStart(watermark: string | null | undefined, overlapHours = DEFAULT_OVERLAP_HOURS): string | null {
	return watermark ? shiftLocal(watermark, -Math.max(0, overlapHours)) : null;
}

/** The first watermark: the newest document's Date, capped at "now"; null when there is none. */
export function initialWatermark(latestDate: unknown, now: string): string | null {
	const d = typeof latestDate === 'string' && LOCAL_DT.test(latestDate) ? latestDate : null;
	if (!d || d === EMPTY_DATE) return null;
	return d < now ? d : now;
}

function rowKey(r: LightRow): string | undefined {
	return typeof r.Ref_Key === 'string' && r.Ref_Key ? r.Ref_Key.toLowerCase() : undefined;
}

/** Scan rows by Ref_Key; a row read twice (pages shifted forward) counts once, the later read wins. */
function dedupe(rows: LightRow[]): Map<string, LightRow> {
	const out = new Map<string, LightRow>();
	for (const r of rows) {
		const k = rowKey(r);
		if (!k) continue;
		out.delete(k);
		out.set(k, r);
	}
	return out;
}

function checkBound(count: number, maxTracked: number, what: string, truncated = false): void {
	if (truncated || count > maxTracked) throw new StateBoundError(count, maxTracked, what);
}

/**
 * Documents: compare one window scan with the previous state. `rows` are the light rows of
 * `Date ge scannedFrom` (all of them, in `Date, Ref_Key` order).
 */
export function diffDocuments(prev: ChangeState | undefined, rows: LightRow[], o: DiffOptions): DiffResult {
	const overlap = o.overlapHours ?? DEFAULT_OVERLAP_HOURS;
	const now = o.now ?? '9999-12-31T23:59:59';
	const baseline = !usable(prev, 'document', o.scope);
	const seen = dedupe(rows);
	const bound = (n: number) =>
		`${o.truncated ? 'more than ' : ''}${n} documents are in the change window (Date ≥ ${o.scannedFrom ?? 'the first document'}) — more than Max Tracked Objects (${o.maxTracked}). Use a smaller Overlap (Hours), narrow the documents with a Raw Filter, or raise Max Tracked Objects.`;
	checkBound(seen.size, o.maxTracked, bound(seen.size), o.truncated);

	let high = baseline ? null : prev!.watermark;
	for (const r of seen.values()) {
		const d = typeof r.Date === 'string' && LOCAL_DT.test(r.Date) ? r.Date : undefined;
		if (d && d !== EMPTY_DATE && (!high || d > high)) high = d;
	}
	// a document dated in the future must not carry the window past today's documents
	const watermark = high && high > now ? now : high;
	const from = windowStart(watermark, overlap);

	const objects: ChangeState['objects'] = {};
	const changes: Change[] = [];
	for (const [ref, r] of seen) {
		const dv = String(r.DataVersion ?? '');
		const date = typeof r.Date === 'string' ? r.Date : EMPTY_DATE;
		const had = baseline ? undefined : prev!.objects[ref];
		if (baseline ? o.emitExisting : !had || had[0] !== dv) changes.push({ ref, kind: had ? 'changed' : 'new', dataVersion: dv, light: r });
		if (!from || date >= from) objects[ref] = [dv, date];
	}
	// not seen this time but still inside the window: a paging skip, or deleted — keep either way
	if (!baseline) {
		for (const [ref, entry] of Object.entries(prev!.objects)) {
			if (ref in objects || seen.has(ref)) continue;
			if (!from || String(entry[1]) >= from) objects[ref] = entry;
		}
	}
	const count = Object.keys(objects).length;
	checkBound(count, o.maxTracked, bound(count));
	const next: ChangeState = { v: 1, kind: 'document', scope: o.scope, poll: baseline ? 1 : prev!.poll + 1, watermark, objects };
	return { changes, next, baseline };
}

/** Catalogs: compare a full snapshot (light rows of the whole set) with the previous one. */
export function diffCatalog(prev: ChangeState | undefined, rows: LightRow[], o: DiffOptions): DiffResult {
	const baseline = !usable(prev, 'catalog', o.scope);
	const seen = dedupe(rows);
	const bound = (n: number) =>
		`${o.truncated ? 'more than ' : ''}${n} objects are in the catalog — more than Max Tracked Objects (${o.maxTracked}). Narrow the catalog with a Raw Filter or raise Max Tracked Objects.`;
	checkBound(seen.size, o.maxTracked, bound(seen.size), o.truncated);
	const poll = baseline ? 1 : prev!.poll + 1;
	const objects: ChangeState['objects'] = {};
	const changes: Change[] = [];
	for (const [ref, r] of seen) {
		const dv = String(r.DataVersion ?? '');
		const had = baseline ? undefined : prev!.objects[ref];
		if (baseline ? o.emitExisting : !had || had[0] !== dv) changes.push({ ref, kind: had ? 'changed' : 'new', dataVersion: dv, light: r });
		objects[ref] = [dv, poll];
	}
	// missing once is a paging skip (kept); missing MISSES_BEFORE_PRUNE polls in a row: deleted
	if (!baseline) {
		for (const [ref, entry] of Object.entries(prev!.objects)) {
			if (ref in objects) continue;
			if (poll - Number(entry[1]) < MISSES_BEFORE_PRUNE) objects[ref] = entry;
		}
	}
	const count = Object.keys(objects).length;
	checkBound(count, o.maxTracked, bound(count));
	return { changes, next: { v: 1, kind: 'catalog', scope: o.scope, poll, watermark: null, objects }, baseline };
}

/** Whether a document row (light or full) is one the user wants emitted. */
export function statusMatches(row: LightRow, status: DocumentStatus = 'all'): boolean {
	switch (status) {
		case 'posted':
			return row.Posted === true;
		case 'unposted':
			return row.Posted !== true && row.DeletionMark !== true;
		case 'markedForDeletion':
			return row.DeletionMark === true;
		default:
			return true;
	}
}

/** The `$filter` condition of a status (manual "Fetch Test Event" only; polls filter after reading). */
export function statusFilter(status: DocumentStatus = 'all'): string | undefined {
	switch (status) {
		case 'posted':
			return 'Posted eq true';
		case 'unposted':
			return 'Posted eq false and DeletionMark eq false';
		case 'markedForDeletion':
			return 'DeletionMark eq true';
		default:
			return undefined;
	}
}

export interface Emission<R> {
	row: R;
	kind: ChangeKind;
}

/**
 * After the full rows of the candidates were read: which to emit, and the state updated to what
 * was actually looked at. A full row may be newer than the scan (written in between): the state
 * records the full row's DataVersion, so that version is not emitted a second time. A candidate
 * the full read did not return (deleted meanwhile) is dropped from the state — if it comes back
 * it is new. `wanted` applies the status option to the full row. Pass only the changes whose full
 * rows were requested: a change left out (its light row did not pass the status option) keeps the
 * scan's DataVersion in the state and is not emitted.
 */
export function settle<R extends LightRow>(next: ChangeState, changes: Change[], full: R[], wanted: (row: R) => boolean): { emit: Array<Emission<R>>; state: ChangeState } {
	const byRef = new Map<string, R>();
	for (const r of full) {
		const k = rowKey(r);
		if (k) byRef.set(k, r);
	}
	const objects = { ...next.objects };
	const emit: Array<Emission<R>> = [];
	for (const c of changes) {
		const row = byRef.get(c.ref);
		if (!row) {
			delete objects[c.ref];
			continue;
		}
		const entry = objects[c.ref];
		if (entry) objects[c.ref] = [String(row.DataVersion ?? c.dataVersion), entry[1]];
		if (wanted(row)) emit.push({ row, kind: c.kind });
	}
	return { emit, state: { ...next, objects } };
}

/**
 * Dry run — the plan of a sync without its writes (issue 10). A node with «Dry Run» on reads both
 * systems as a real run does; every write is held back and becomes a plan entry on the item's
 * output (`dryRun`), and the node answers as if the write had been done, so the next nodes plan on:
 *  - a create answers with a placeholder id — Bitrix24: 9,000,000,000,000 + n (a valid id no
 *    portal reaches), 1C: a GUID starting `d2d2d2d2-` — and a later read that names a placeholder
 *    reads as "nothing there yet" (a filter never matches it, a get answers the bare id);
 *  - an update is compared with the object's current values: the plan lists only the fields that
 *    would change (`diff`: from → to); an update that changes nothing is `unchanged`.
 * No HTTP and no n8n here: the clients (Bitrix24 transport/dry.ts, 1C actions/write.ts) use it.
 */
import { randomBytes } from 'node:crypto';

export type PlanAction = 'create' | 'update' | 'link' | 'unchanged' | 'delete' | 'post' | 'unpost' | 'call' | 'skip';

export interface PlanEntry {
	system: 'bitrix24' | '1c';
	action: PlanAction;
	/** Bitrix24 method family (`crm.company`) or 1C entity set (`Catalog_Контрагенты`) */
	object: string;
	/** the id/key written (a placeholder for a create) */
	id?: string;
	/** a create's fields */
	fields?: Record<string, unknown>;
	/** an update's changed fields */
	diff?: Record<string, { from: unknown; to: unknown }>;
	/** the Bitrix24 method or 1C request */
	method?: string;
	reason?: string;
}

export const DRY_ID_BASE = 9_000_000_000_000;
const DRY_GUID_PREFIX = 'd2d2d2d2-';

/** Placeholder ids of one node run: unique within an execution in practice (random start). */
export class Placeholders {
	private next = DRY_ID_BASE + Math.floor(Math.random() * 1e9) * 1000;

	id(): number {
		return ++this.next;
	}

	static guid(): string {
		const h = randomBytes(12).toString('hex');
		return `${DRY_GUID_PREFIX}${h.slice(0, 4)}-4${h.slice(4, 7)}-8${h.slice(7, 10)}-${h.slice(10, 22).padEnd(12, '0')}`;
	}
}

export function isDryId(v: unknown): boolean {
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{13,15}$/.test(v) ? Number(v) : NaN;
	return n > DRY_ID_BASE && n < DRY_ID_BASE * 2;
}

export function isDryGuid(v: unknown): boolean {
	return typeof v === 'string' && v.toLowerCase().startsWith(DRY_GUID_PREFIX);
}

/** A 1C `$filter` with placeholder GUIDs swapped for the empty GUID (matches nothing, as the object is not there yet). */
export function dryFilter(filter: string | undefined): string | undefined {
	return filter?.replace(/d2d2d2d2-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '00000000-0000-0000-0000-000000000000');
}

/** Read params with placeholder ids replaced by 0 (no row has it; a filter on it finds nothing). */
export function withoutDryIds<T>(v: T): T {
	if (isDryId(v)) return (typeof v === 'number' ? 0 : '0') as T;
	if (Array.isArray(v)) return v.map(withoutDryIds) as T;
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutDryIds(x)])) as T;
	return v;
}

export function containsDryId(v: unknown): boolean {
	if (isDryId(v)) return true;
	if (Array.isArray(v)) return v.some(containsDryId);
	if (v && typeof v === 'object') return Object.values(v).some(containsDryId);
	return false;
}

/** Values equal as the systems compare them: numbers vs numeric strings, `Y`/true, nulls/empties, key order. */
export function sameValue(a: unknown, b: unknown): boolean {
	const norm = (v: unknown): unknown => {
		if (v === null || v === undefined || v === '') return '';
		if (v === true) return 'Y';
		if (v === false) return 'N';
		if (typeof v === 'number') return String(v);
		if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v.trim()) ? String(Number(v)) : v;
		if (Array.isArray(v)) return v.map(norm);
		if (typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, norm((v as Record<string, unknown>)[k])]));
		return v;
	};
	return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * The fields of `next` that differ from `current`. A field name is matched case-insensitively
 * (Bitrix24 answers `crm.item` in camelCase but accepts other spellings). A Bitrix24 multi-field
 * (PHONE, EMAIL, WEB, IM) is written as a patch — rows without ID are added, rows with ID change
 * that row, an ID with `DELETE: 'Y'` or an empty VALUE removes it — so the patch is applied to the
 * current rows and the result compared by value and type. Rows (a 1C tabular section, product
 * rows) are compared on the columns the new rows set.
 */
export function fieldDiff(current: Record<string, unknown> | undefined, next: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
	const byLower = new Map(Object.entries(current ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const out: Record<string, { from: unknown; to: unknown }> = {};
	for (const [k, sent] of Object.entries(next)) {
		const from = byLower.get(k.toLowerCase());
		if (MULTI_FIELD.test(k) && Array.isArray(sent)) {
			const to = applyMultiPatch(Array.isArray(from) ? from : [], sent as MultiRow[]);
			if (!sameValue(multiValues(from ?? []), multiValues(to))) out[k] = { from: from ?? [], to };
		} else if (!sameValue(projected(from, sent), sent)) out[k] = { from: from ?? null, to: sent };
	}
	return out;
}

type MultiRow = Record<string, unknown>;
const MULTI_FIELD = /^(PHONE|EMAIL|WEB|IM)$/;

function applyMultiPatch(current: MultiRow[], patch: MultiRow[]): MultiRow[] {
	const rows = current.map((r) => ({ ...r }));
	for (const p of patch) {
		const at = p.ID !== undefined ? rows.findIndex((r) => String(r.ID) === String(p.ID)) : -1;
		if (at >= 0 && (p.DELETE === 'Y' || p.VALUE === '')) rows.splice(at, 1);
		else if (at >= 0) rows[at] = { ...rows[at], ...p };
		else if (p.ID === undefined && p.VALUE !== undefined && p.VALUE !== '') rows.push({ VALUE_TYPE: 'WORK', ...p });
	}
	return rows;
}

/** Rows (a tabular section, product rows) compared on the columns the new rows set: ids and computed columns aside. */
function projected(current: unknown, next: unknown): unknown {
	const rows = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.every((r) => r && typeof r === 'object' && !Array.isArray(r));
	if (!rows(current) || !rows(next) || !next.length) return current;
	const cols = [...new Set(next.flatMap((r) => Object.keys(r)))];
	return current.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
}

function multiValues(v: unknown): unknown {
	if (!Array.isArray(v)) return v;
	return (v as MultiRow[]).map((r) => `${String(r.VALUE_TYPE ?? '')}:${String(r.VALUE ?? '')}`).sort();
}

/** The fields that hold ID links (lib/links.ts LINK_TYPES): an update writing only these links the objects. */
const LINK_FIELD = /^(ORIGINATOR_ID|ORIGIN_ID|ORIGIN_VERSION|XML_ID|xmlId|id1c|version1c)$/;

export function updateAction(diff: Record<string, unknown>): PlanAction {
	const keys = Object.keys(diff);
	if (!keys.length) return 'unchanged';
	return keys.every((k) => LINK_FIELD.test(k)) ? 'link' : 'update';
}

/**
 * What a dry run has planned so far in one execution: the objects it would have created or
 * changed, so that a later read of a placeholder — in the same node or a later one — answers as
 * the real run's read would (a get returns the planned object; a create-or-update finds the object
 * an earlier item "created"). Keyed by execution: all nodes of one execution run in one process
 * (also on a queue-mode worker); nothing survives the execution in any meaningful way — the last
 * few executions are kept, older ones dropped.
 */
export class DryOverlay {
	private static readonly recent = new Map<string, DryOverlay>();
	private static readonly KEEP = 20;
	private readonly rows = new Map<string, Map<string, Record<string, unknown>>>();

	/** The execution's overlay, made when missing (a node planning writes). No execution id: one of its own. */
	static of(executionId: string | undefined): DryOverlay {
		if (!executionId) return new DryOverlay();
		const key = executionId;
		let o = DryOverlay.recent.get(key);
		if (!o) {
			o = new DryOverlay();
			DryOverlay.recent.set(key, o);
			while (DryOverlay.recent.size > DryOverlay.KEEP) DryOverlay.recent.delete(DryOverlay.recent.keys().next().value!);
		}
		return o;
	}

	/** The execution's overlay if a dry run planned anything in it (a reading node). */
	static peek(executionId: string | undefined): DryOverlay | undefined {
		return executionId ? DryOverlay.recent.get(executionId) : undefined;
	}

	put(object: string, id: string, row: Record<string, unknown>): void {
		if (!this.rows.has(object)) this.rows.set(object, new Map());
		const m = this.rows.get(object)!;
		m.set(id.toLowerCase(), { ...(m.get(id.toLowerCase()) ?? {}), ...row });
	}

	get(object: string, id: string): Record<string, unknown> | undefined {
		return this.rows.get(object)?.get(id.toLowerCase());
	}

	find(object: string, match: (row: Record<string, unknown>) => boolean): Array<Record<string, unknown>> {
		return [...(this.rows.get(object)?.values() ?? [])].filter(match);
	}
}

/**
 * The pure change detection of the 1C trigger (lib/onec-changes.ts): baseline, new / changed /
 * unchanged, the document window and its watermark (overlap, the cap at "now", pruning, keeping
 * rows a shifted page skipped), the catalog snapshot and its miss tolerance, the state bound, the
 * status option and `settle` (the full row's DataVersion is what the state records).
 */
import {
	diffCatalog,
	diffDocuments,
	EMPTY_DATE,
	initialWatermark,
	MISSES_BEFORE_PRUNE,
	settle,
	shiftLocal,
	StateBoundError,
	statusFilter,
	statusMatches,
	usable,
	windowStart,
	type ChangeState,
	type LightRow,
} from '../../lib/onec-changes';

const G = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const doc = (n: number, dv: string, date: string, extra: LightRow = {}): LightRow => ({ Ref_Key: G(n), DataVersion: dv, Date: date, ...extra });
const NOW = '2026-12-04T12:00:00';
const O = { scope: 's', maxTracked: 100, overlapHours: 72, now: NOW };

describe('wall-clock arithmetic', () => {
	it('shifts on the wall clock, across months and years, never before year 1', () => {
		expect(shiftLocal('2026-03-01T01:00:00', -72)).toBe('2026-02-26T01:00:00');
		expect(shiftLocal('2026-01-01T00:00:00', -1)).toBe('2025-12-31T23:00:00');
		expect(shiftLocal('2024-03-01T00:00:00', -24)).toBe('2024-02-29T00:00:00');
		expect(shiftLocal(EMPTY_DATE, -72)).toBe(EMPTY_DATE);
		expect(shiftLocal('0001-01-02T00:00:00', -72)).toBe(EMPTY_DATE);
	});

	it('window start and the first watermark', () => {
		expect(windowStart(null)).toBeNull();
		expect(windowStart('2026-12-04T12:00:00', 72)).toBe('2026-12-01T12:00:00');
		expect(windowStart('2026-12-04T12:00:00', 0)).toBe('2026-12-04T12:00:00');
		expect(initialWatermark('2026-11-20T16:49:05', NOW)).toBe('2026-11-20T16:49:05');
		expect(initialWatermark('2030-01-01T00:00:00', NOW)).toBe(NOW);
		expect(initialWatermark(undefined, NOW)).toBeNull();
		expect(initialWatermark(EMPTY_DATE, NOW)).toBeNull();
	});
});

describe('documents', () => {
	const base = [doc(1, 'a1', '2026-12-01T10:00:00'), doc(2, 'b1', '2026-12-02T10:00:00'), doc(3, 'c1', '2026-12-03T10:00:00')];

	it('the baseline records everything and emits nothing (or everything with emitExisting)', () => {
		const r = diffDocuments(undefined, base, O);
		expect(r.baseline).toBe(true);
		expect(r.changes).toEqual([]);
		expect(Object.keys(r.next.objects)).toHaveLength(3);
		expect(r.next.watermark).toBe('2026-12-03T10:00:00');
		expect(r.next.poll).toBe(1);
		const all = diffDocuments(undefined, base, { ...O, emitExisting: true });
		expect(all.changes.map((c) => [c.ref, c.kind])).toEqual([
			[G(1), 'new'],
			[G(2), 'new'],
			[G(3), 'new'],
		]);
	});

	it('emits new and changed, never unchanged; another scope is a new baseline', () => {
		const s1 = diffDocuments(undefined, base, O).next;
		const rows = [doc(1, 'a1', '2026-12-01T10:00:00'), doc(2, 'b2', '2026-12-02T10:00:00'), doc(3, 'c1', '2026-12-03T10:00:00'), doc(4, 'd1', '2026-12-04T09:00:00')];
		const r = diffDocuments(s1, rows, O);
		expect(r.changes.map((c) => [c.ref, c.kind, c.dataVersion])).toEqual([
			[G(2), 'changed', 'b2'],
			[G(4), 'new', 'd1'],
		]);
		expect(r.next.watermark).toBe('2026-12-04T09:00:00');
		expect(diffDocuments(r.next, rows, O).changes).toEqual([]);
		expect(diffDocuments(r.next, rows, { ...O, scope: 'other' }).baseline).toBe(true);
		expect(usable(r.next, 'catalog', 's')).toBe(false);
	});

	it('keeps an entry the scan skipped (shifted page) while it is inside the window', () => {
		const s1 = diffDocuments(undefined, base, O).next;
		// doc 2 was skipped by this scan: not emitted, not forgotten
		const r = diffDocuments(s1, [base[0], base[2]], O);
		expect(r.changes).toEqual([]);
		expect(r.next.objects[G(2)]).toEqual(['b1', '2026-12-02T10:00:00']);
		// seen again unchanged: still nothing
		expect(diffDocuments(r.next, base, O).changes).toEqual([]);
	});

	it('prunes entries older than the new window and moves the watermark forward only', () => {
		const s1 = diffDocuments(undefined, base, O).next;
		const r = diffDocuments(s1, [...base.slice(1), doc(5, 'e1', '2026-12-04T11:00:00')], O);
		// window start = 2026-12-04T11:00 − 72 h = 2026-12-01T11:00: doc 1 (12-01 10:00) leaves
		expect(r.next.objects[G(1)]).toBeUndefined();
		expect(r.next.objects[G(2)]).toBeDefined();
		const r2 = diffDocuments(r.next, [doc(5, 'e1', '2026-12-04T11:00:00')], O);
		expect(r2.next.watermark).toBe('2026-12-04T11:00:00');
		expect(Object.keys(r2.next.objects).sort()).toEqual([G(2), G(3), G(5)]);
	});

	it('a document dated in the future does not carry the watermark past now', () => {
		const s1 = diffDocuments(undefined, base, O).next;
		const r = diffDocuments(s1, [...base, doc(9, 'z1', '2027-06-01T00:00:00')], O);
		expect(r.next.watermark).toBe(NOW);
		expect(r.next.objects[G(9)]).toBeDefined();
		expect(r.changes.map((c) => c.ref)).toEqual([G(9)]);
	});

	it('a row read twice (pages shifted forward) counts once', () => {
		const s1 = diffDocuments(undefined, base, O).next;
		const r = diffDocuments(s1, [...base, doc(4, 'd1', '2026-12-04T09:00:00'), doc(4, 'd2', '2026-12-04T09:00:00')], O);
		expect(r.changes.map((c) => [c.ref, c.dataVersion])).toEqual([[G(4), 'd2']]);
	});

	it('the state bound: more objects than maxTracked is an error that names the way out', () => {
		const rows = Array.from({ length: 6 }, (_, i) => doc(i + 1, 'v', '2026-12-03T10:00:00'));
		expect(() => diffDocuments(undefined, rows, { ...O, maxTracked: 5 })).toThrow(StateBoundError);
		expect(() => diffDocuments(undefined, rows, { ...O, maxTracked: 5 })).toThrow(/Overlap \(Hours\).*Raw Filter.*Max Tracked Objects/);
		expect(() => diffDocuments(undefined, rows.slice(0, 3), { ...O, maxTracked: 5, truncated: true })).toThrow(StateBoundError);
		// kept entries count too
		const s1 = diffDocuments(undefined, rows.slice(0, 5), { ...O, maxTracked: 5 }).next;
		expect(() => diffDocuments(s1, [doc(99, 'n', '2026-12-03T11:00:00')], { ...O, maxTracked: 5 })).toThrow(StateBoundError);
	});
});

describe('catalogs', () => {
	const rows = [{ Ref_Key: G(1), DataVersion: 'a' }, { Ref_Key: G(2), DataVersion: 'b' }];

	it('snapshot: new and changed only; a miss is tolerated, repeated misses prune', () => {
		const s1 = diffCatalog(undefined, rows, O);
		expect(s1.changes).toEqual([]);
		const r = diffCatalog(s1.next, [{ Ref_Key: G(1), DataVersion: 'a2' }, { Ref_Key: G(3), DataVersion: 'c' }], O);
		expect(r.changes.map((c) => [c.ref, c.kind])).toEqual([
			[G(1), 'changed'],
			[G(3), 'new'],
		]);
		expect(r.next.objects[G(2)]).toEqual(['b', 1]);
		let s: ChangeState = r.next;
		for (let i = 1; i < MISSES_BEFORE_PRUNE; i++) s = diffCatalog(s, [{ Ref_Key: G(1), DataVersion: 'a2' }, { Ref_Key: G(3), DataVersion: 'c' }], O).next;
		expect(s.objects[G(2)]).toBeUndefined();
		// back after a single skipped poll: not emitted
		const t = diffCatalog(diffCatalog(s1.next, [rows[0]], O).next, rows, O);
		expect(t.changes).toEqual([]);
	});

	it('Ref_Key case does not matter; the bound applies', () => {
		const s1 = diffCatalog(undefined, rows, O).next;
		expect(diffCatalog(s1, [{ Ref_Key: G(1).toUpperCase(), DataVersion: 'a' }, rows[1]], O).changes).toEqual([]);
		expect(() => diffCatalog(undefined, rows, { ...O, maxTracked: 1 })).toThrow(/Raw Filter or raise Max Tracked Objects/);
	});
});

describe('status and settle', () => {
	it('status option', () => {
		expect(statusMatches({ Posted: true }, 'posted')).toBe(true);
		expect(statusMatches({ Posted: false }, 'posted')).toBe(false);
		expect(statusMatches({ Posted: false, DeletionMark: false }, 'unposted')).toBe(true);
		expect(statusMatches({ Posted: false, DeletionMark: true }, 'unposted')).toBe(false);
		expect(statusMatches({ DeletionMark: true }, 'markedForDeletion')).toBe(true);
		expect(statusMatches({}, 'all')).toBe(true);
		expect(statusFilter('posted')).toBe('Posted eq true');
		expect(statusFilter('all')).toBeUndefined();
	});

	it('records the full row’s DataVersion, drops what the full read did not return, filters the full row', () => {
		const s1 = diffDocuments(undefined, [doc(1, 'a1', '2026-12-01T10:00:00'), doc(2, 'b1', '2026-12-02T10:00:00')], O).next;
		const r = diffDocuments(s1, [doc(1, 'a2', '2026-12-01T10:00:00'), doc(2, 'b2', '2026-12-02T10:00:00'), doc(3, 'c1', '2026-12-03T10:00:00')], O);
		const full = [
			{ Ref_Key: G(1), DataVersion: 'a3', Posted: true },
			{ Ref_Key: G(2), DataVersion: 'b2', Posted: false },
		];
		const { emit, state } = settle(r.next, r.changes, full, (x) => statusMatches(x, 'posted'));
		expect(emit.map((e) => [e.row.Ref_Key, e.kind])).toEqual([[G(1), 'changed']]);
		expect(state.objects[G(1)][0]).toBe('a3');
		expect(state.objects[G(2)][0]).toBe('b2');
		expect(state.objects[G(3)]).toBeUndefined();
		// the next scan sees a3: nothing to emit; doc 3 is back: new
		const again = diffDocuments(state, [doc(1, 'a3', '2026-12-01T10:00:00'), doc(2, 'b2', '2026-12-02T10:00:00'), doc(3, 'c1', '2026-12-03T10:00:00')], O);
		expect(again.changes.map((c) => [c.ref, c.kind])).toEqual([[G(3), 'new']]);
	});
});

/** Document events (lib/onec-transitions.ts): every rule of the transition and the window state. */
import { StateBoundError } from '../../lib/onec-changes';
import { checkClass, diffEvents, level, statusLevel, transition, type DocTuple, type EventState, type Observation } from '../../lib/onec-transitions';

const obs = (o: Partial<Observation> = {}): Observation => ({ ref: 'a', dataVersion: 'v1', date: '2025-01-10T10:00:00', posted: false, paid: 0, shipped: 0, check: '', ...o });
/** run a sequence of observations of one document from its first sight; the events of each step */
function run(steps: Array<Partial<Observation>>, firstSight: 'baseline' | 'posting' | 'all' = 'baseline'): string[][] {
	let state: DocTuple | undefined;
	return steps.map((s, i) => {
		const { events, next } = transition(state, obs(s), i === 0 ? firstSight : 'baseline');
		state = next;
		return events;
	});
}

describe('level / statusLevel / checkClass', () => {
	it('levels of done out of total', () => {
		expect(level(0, 100)).toBe(0);
		expect(level(0.004, 100)).toBe(0);
		expect(level(40, 100)).toBe(1);
		expect(level(99.996, 100)).toBe(2);
		expect(level(120, 100)).toBe(2);
		expect(level(5, 0)).toBeNull();
		expect(level(0, undefined)).toBeNull();
		expect(level(undefined, 10)).toBe(0);
	});
	it('БП statuses and check values', () => {
		expect([statusLevel('Оплачен'), statusLevel('ОплаченЧастично'), statusLevel('НеОплачен'), statusLevel(undefined)]).toEqual([2, 1, 0, 0]);
		expect([checkClass(' OK ', 'OK', 'ERR'), checkClass('ERR', 'OK', 'ERR'), checkClass('other', 'OK', 'ERR'), checkClass(null, 'OK', 'ERR'), checkClass('', '', '')]).toEqual(['c', 'e', '', '', '']);
	});
});

describe('transition', () => {
	it('posted only on false → true; re-posting is "changed", not "posted"', () => {
		expect(run([{}, { posted: true, dataVersion: 'v2' }, { posted: true, dataVersion: 'v3' }, { posted: true, dataVersion: 'v3' }])).toEqual([[], ['posted'], ['changed'], []]);
	});
	it('unposted only on true → false; a repeated unposting fires nothing', () => {
		expect(run([{ posted: true }, { posted: false, dataVersion: 'v2' }, { posted: false, dataVersion: 'v3' }, { posted: false, dataVersion: 'v3' }])).toEqual([[], ['unposted'], ['changed'], []]);
	});
	it('changed when DataVersion changes without a posting change; nothing when nothing changed', () => {
		expect(run([{}, { dataVersion: 'v2' }, { dataVersion: 'v2' }])).toEqual([[], ['changed'], []]);
	});
	it('partial then full payment; a payment does not need a DataVersion change', () => {
		expect(run([{ posted: true }, { posted: true, paid: 1 }, { posted: true, paid: 1 }, { posted: true, paid: 2 }, { posted: true, paid: 2 }])).toEqual([[], ['partiallyPaid'], [], ['paid'], []]);
	});
	it('none → full at once is only "paid"; a fall and a rise again fires again', () => {
		expect(run([{}, { paid: 2 }, { paid: 1 }, { paid: 2 }, { paid: 0 }, { paid: 1 }])).toEqual([[], ['paid'], [], ['paid'], [], ['partiallyPaid']]);
	});
	it('shipped when the shipped level reaches full (partial shipping fires nothing)', () => {
		expect(run([{}, { shipped: 1 }, { shipped: 2 }, { shipped: 2 }])).toEqual([[], [], ['shipped'], []]);
	});
	it('an undetermined level (null) keeps the previous one: no event, no fall', () => {
		expect(run([{ paid: 2, shipped: 2 }, { paid: null, shipped: null, posted: true, dataVersion: 'v2' }, { paid: 2, shipped: 2, posted: true, dataVersion: 'v2' }])).toEqual([[], ['posted'], []]);
		expect(run([{ paid: null, shipped: null }, { paid: 2, shipped: 2 }])).toEqual([[], ['paid', 'shipped']]);
	});
	it('correct / error when the check changes to the value; another value, or no check field, fires nothing', () => {
		expect(run([{}, { check: 'c', dataVersion: 'v2' }, { check: 'c', dataVersion: 'v2' }, { check: 'e', dataVersion: 'v3' }, { check: '', dataVersion: 'v4' }, { check: 'e', dataVersion: 'v5' }])).toEqual([
			[],
			['changed', 'correct'],
			[],
			['changed', 'error'],
			['changed'],
			['changed', 'error'],
		]);
		expect(run([{ check: 'c' }, { check: null, dataVersion: 'v2' }, { check: 'c', dataVersion: 'v3' }])).toEqual([[], ['changed'], ['changed']]);
	});
	it('posting together with a payment fires both', () => {
		expect(run([{}, { posted: true, paid: 2, shipped: 2, dataVersion: 'v2' }])).toEqual([[], ['posted', 'paid', 'shipped']]);
	});
	it('first sight: baseline records; "posting" fires only posted; "all" the current state', () => {
		expect(run([{ posted: true, paid: 2, shipped: 2, check: 'c' }])).toEqual([[]]);
		expect(run([{ posted: true, paid: 2, shipped: 2, check: 'c' }], 'posting')).toEqual([['posted']]);
		expect(run([{ posted: false, paid: 2 }], 'posting')).toEqual([[]]);
		expect(run([{ posted: true, paid: 1, shipped: 2, check: 'e' }], 'all')).toEqual([['posted', 'partiallyPaid', 'shipped', 'error']]);
		expect(run([{ posted: false }], 'all')).toEqual([[]]);
	});
});

describe('diffEvents (window state)', () => {
	const opts = { scope: 's', maxTracked: 100, overlapHours: 24, now: '2025-01-20T00:00:00' };
	const at = (ref: string, date: string, o: Partial<Observation> = {}) => obs({ ref, date, ...o });

	it('baseline records every document; a later poll emits per document in scan order; a new document fires posted only', () => {
		const first = diffEvents(undefined, [at('A', '2025-01-10T10:00:00'), at('B', '2025-01-10T11:00:00', { posted: true, paid: 1 })], opts);
		expect(first.baseline).toBe(true);
		expect(first.docs).toEqual([]);
		expect(Object.keys(first.next.objects)).toEqual(['a', 'b']);
		expect(first.next.watermark).toBe('2025-01-10T11:00:00');
		const second = diffEvents(
			first.next,
			[at('A', '2025-01-10T10:00:00', { posted: true, dataVersion: 'v2' }), at('B', '2025-01-10T11:00:00', { posted: true, paid: 2 }), at('C', '2025-01-10T12:00:00', { posted: true, paid: 2 })],
			opts,
		);
		expect(second.baseline).toBe(false);
		expect(second.docs.map((d) => [d.obs.ref, d.events])).toEqual([
			['A', ['posted']],
			['B', ['paid']],
			['C', ['posted']],
		]);
		expect(second.next.poll).toBe(2);
		expect(diffEvents(second.next, second.docs.map((d) => d.obs).concat(), opts).docs).toEqual([]);
	});

	it('emitExisting: the baseline emits the current state', () => {
		const r = diffEvents(undefined, [at('A', '2025-01-10T10:00:00', { posted: true, paid: 2 }), at('B', '2025-01-10T11:00:00')], { ...opts, emitExisting: true });
		expect(r.docs.map((d) => [d.obs.ref, d.events])).toEqual([['A', ['posted', 'paid']]]);
	});

	it('another scope is a new baseline; an unseen document inside the window is kept, older ones pruned', () => {
		const first = diffEvents(undefined, [at('old', '2025-01-08T00:00:00', { posted: true }), at('A', '2025-01-10T10:00:00', { posted: true })], opts);
		expect(diffEvents(first.next, [at('A', '2025-01-10T10:00:00', { posted: false })], { ...opts, scope: 'other' }).docs).toEqual([]);
		const second = diffEvents(first.next, [at('B', '2025-01-12T10:00:00')], opts);
		// the window is now 2025-01-11T10:00 — A (not seen) and "old" fall out; B stays
		expect(Object.keys(second.next.objects)).toEqual(['b']);
		const third = diffEvents(second.next, [at('C', '2025-01-12T09:00:00')], opts);
		// B not seen (a paging skip) but inside the window: kept with its state, no event
		expect(third.next.objects.b).toEqual(second.next.objects.b);
		expect(third.docs).toEqual([]);
	});

	it('a row read twice counts once (the later read wins); the bound is an error', () => {
		const first = diffEvents(undefined, [at('A', '2025-01-10T10:00:00')], opts);
		const r = diffEvents(first.next, [at('A', '2025-01-10T10:00:00'), at('a', '2025-01-10T10:00:00', { posted: true, dataVersion: 'v2' })], opts);
		expect(r.docs.map((d) => d.events)).toEqual([['posted']]);
		expect(() => diffEvents(undefined, [at('A', '2025-01-10T10:00:00'), at('B', '2025-01-10T10:00:00')], { ...opts, maxTracked: 1 })).toThrow(StateBoundError);
		expect(() => diffEvents(undefined, [at('A', '2025-01-10T10:00:00')], { ...opts, truncated: true })).toThrow(StateBoundError);
	});

	it('the state is small JSON and survives a round trip', () => {
		const first = diffEvents(undefined, [at('A', '2025-01-10T10:00:00', { posted: true, paid: 1, shipped: null, check: 'c' })], opts);
		const stored = JSON.parse(JSON.stringify(first.next)) as EventState;
		expect(stored.objects.a).toEqual(['v1', '2025-01-10T10:00:00', 1, 1, null, 'c']);
		expect(diffEvents(stored, [at('A', '2025-01-10T10:00:00', { posted: true, paid: 2, shipped: 2, check: 'c' })], opts).docs[0].events).toEqual(['paid', 'shipped']);
	});
});

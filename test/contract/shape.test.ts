import { fixtureFiles, loadFixture } from './support';
import { compareBody, compareReply, statusMatches } from './shape';

/** A copy of `v` with its first string leaf (depth first) turned into a number; undefined if none. */
function mutateFirstString(v: unknown): unknown {
	if (typeof v === 'string') return 12345;
	if (Array.isArray(v)) {
		for (let i = 0; i < v.length; i++) {
			const m = mutateFirstString(v[i]);
			if (m !== undefined) return v.map((x, j) => (j === i ? m : x));
		}
		return undefined;
	}
	if (v && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) {
			const m = mutateFirstString(x);
			if (m !== undefined) return { ...(v as object), [k]: m };
		}
	}
	return undefined;
}

const time = { start: 1, finish: 2, duration: 1, processing: 0.5, date_start: '2024-01-01T00:00:00+03:00', date_finish: '2024-01-01T00:00:00+03:00' };

describe('contract shape comparator', () => {
	it('accepts the same shape with other values, extra keys inside result and extra time keys', () => {
		const fixture = { result: [{ ID: '37', TITLE: 'A', PHONE: [{ VALUE: '1' }] }], total: 1, time };
		const actual = {
			result: [
				{ ID: '1', TITLE: 'B', PHONE: [{ VALUE: '2' }, { VALUE: '3' }], EXTRA: 5 },
				{ ID: '2', TITLE: 'C', PHONE: [{ VALUE: '4' }] },
			],
			total: 2,
			time: { ...time, operating: 0, operating_reset_at: 10 },
		};
		expect(compareBody(fixture, actual)).toEqual([]);
	});

	it('fails on a type change (string id as number, value as null)', () => {
		const fixture = { result: { ID: '37', TITLE: 'x' }, time };
		expect(compareBody(fixture, { result: { ID: 37, TITLE: 'x' }, time })).toEqual(['$.result.ID: expected string, got number 37']);
		expect(compareBody(fixture, { result: { ID: '37', TITLE: null }, time })).toEqual(['$.result.TITLE: expected string, got null']);
	});

	it('lets a null in the fixture match any value', () => {
		expect(compareBody({ result: { LEAD_ID: null }, time }, { result: { LEAD_ID: '5' }, time })).toEqual([]);
	});

	it('fails on a missing key', () => {
		const fixture = { result: { item: { id: 1, xmlId: '' } }, time };
		expect(compareBody(fixture, { result: { item: { id: 1 } }, time })).toEqual(['$.result.item.xmlId: missing (expected string)']);
	});

	it('fails on {} where the fixture has [] (PHP empty array) and on [] where it has a non-empty list', () => {
		const fixture = { result: { result: [], result_error: [], result_total: [], result_next: [], result_time: [] }, time };
		const actual = { result: { result: [], result_error: {}, result_total: [], result_next: [], result_time: [] }, time };
		expect(compareBody(fixture, actual)).toEqual(['$.result.result_error: expected array, got {}']);
		expect(compareBody({ result: [{ ID: '1' }], time }, { result: [], time })).toEqual(['$.result: expected a non-empty array, got []']);
	});

	it('requires exactly the fixture envelope: next only when the fixture has it', () => {
		const fixture = { result: [{ ID: '1' }], total: 1, time };
		expect(compareBody(fixture, { result: [{ ID: '1' }], total: 60, next: 50, time })).toEqual(['$.next: unexpected key (got number 50)']);
		expect(compareBody({ ...fixture, next: 50 }, { result: [{ ID: '1' }], total: 1, time })).toEqual(['$.next: missing (expected number)']);
		expect(compareBody({ result: 1, time }, { result: 1, time: { ...time, foo: 1 } })).toEqual(['$.time.foo: unexpected key (got number 1)']);
	});

	it('requires the keyed maps of a batch answer to have exactly the fixture keys', () => {
		const fixture = { result: { result: { a: 1 }, result_error: [], result_total: [], result_next: [], result_time: { a: time } }, time };
		const actual = { result: { result: { a: 2 }, result_error: [], result_total: { a: 5 }, result_next: [], result_time: { a: time } }, time };
		expect(compareBody(fixture, actual)).toEqual(['$.result.result_total: expected array, got object']);
		const extra = { result: { result: { a: 2, b: 3 }, result_error: [], result_total: [], result_next: [], result_time: { a: time } }, time };
		expect(compareBody(fixture, extra)).toEqual(['$.result.result.b: unexpected key (got number 3)']);
	});

	it('merges fixture elements: a key required only when every element has it; every type seen is allowed', () => {
		const fixture = { result: [{ ID: '1', RATE: null }, { ID: '3', RATE: '20.00', NOTE: 'x' }], time };
		expect(compareBody(fixture, { result: [{ ID: '9', RATE: null }, { ID: '8', RATE: '10.00' }], time })).toEqual([]);
		expect(compareBody(fixture, { result: [{ ID: '9', RATE: 10 }], time })).toEqual(['$.result[0].RATE: expected string|null, got number 10']);
	});

	it('compares error bodies exactly: keys, error code value and type, HTTP status', () => {
		const fixture = { error: 0, error_description: 'error' };
		expect(compareReply(fixture, { status: 400, body: { error: 0, error_description: 'Access denied.' } }, '400')).toEqual([]);
		expect(compareReply(fixture, { status: 400, body: { error: '', error_description: 'x' } }, '400')).toEqual(['$.error: expected number 0, got string ""']);
		expect(compareReply(fixture, { status: 403, body: { error: 0, error_description: 'x', extra: 1 } }, '400')).toEqual([
			'HTTP status: expected 400, got 403',
			'$: error body keys error,error_description,extra, expected error,error_description',
		]);
	});

	it('reads the README status column', () => {
		expect(statusMatches('400, 403', 403)).toBe(true);
		expect(statusMatches('40x, 50x', 401)).toBe(true);
		expect(statusMatches('40x, 50x', 200)).toBe(false);
		expect(statusMatches('200', 200)).toBe(true);
	});

	it('accepts every fixture as its own answer and rejects it with one string turned into a number', () => {
		for (const file of fixtureFiles().filter((f) => !f.endsWith('.request.json'))) {
			const fixture = loadFixture(file);
			for (const body of Array.isArray(fixture) ? fixture : [fixture]) {
				expect({ file, mismatches: compareBody(body, body) }).toEqual({ file, mismatches: [] });
				expect({ file, rejected: compareBody(body, mutateFirstString(body)).length > 0 }).toEqual({ file, rejected: true });
			}
		}
	});
});

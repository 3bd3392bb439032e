/**
 * Issue 10 «Faults»: every template of workflows-templates/, in file-name order, on two pairs of
 * sandboxes seeded alike — one fault-free, one with fault injection at 10 % of requests in total
 * (Bitrix24: 5xx, HTML 502, resets, slow answers, QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT;
 * 1C: IIS 500/502/503 pages, resets, timeouts), a share of them striking after the server did
 * the work (the answer is lost, as behind a proxy). Every run must succeed, and after each
 * template the business data of the two pairs must be equal (test/faults/normalise.ts says what
 * is left out of the comparison and why).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diff, normalise, rawSnapshot, refKeys } from './normalise';
import { quickerBackoff, startPair, TEMPLATE_FILES, type Pair } from './env';

const COMPANIES = 120;
let clean: Pair;
let faulty: Pair;
let seeded: Set<string>;

beforeAll(async () => {
	quickerBackoff();
	[clean, faulty] = await Promise.all([startPair({ companies: COMPANIES, faults: false }), startPair({ companies: COMPANIES, faults: true, after: 0.5 })]);
	seeded = refKeys(rawSnapshot(clean));
});
afterAll(async () => Promise.all([clean?.close(), faulty?.close()]));

it('the two pairs start equal (the seed is deterministic, keys included)', () => {
	expect(refKeys(rawSnapshot(faulty))).toEqual(seeded);
	expect(diff(normalise(rawSnapshot(clean), seeded), normalise(rawSnapshot(faulty), seeded))).toEqual([]);
});

const figures: string[] = [];
afterAll(async () => {
	if (!faulty) return;
	const f = await faulty.faultCounts();
	console.log(`[faults] ${figures.join('\n[faults] ')}\n[faults] injected on ${f.b24Requests} Bitrix24 requests: ${JSON.stringify(f.b24)}; on ${f.onecRequests} 1C requests: ${JSON.stringify(f.onec)}`);
});

describe.each(TEMPLATE_FILES.map((f) => [f]))('%s', (file) => {
	it('completes under faults and leaves the same data as the fault-free run', async () => {
		const t0 = Date.now();
		const [a, b] = await Promise.all([clean.run(file), faulty.run(file)]);
		expect({ file, status: a.status, error: a.error?.message }).toEqual({ file, status: 'success', error: undefined });
		expect({ file, status: b.status, error: b.error?.message }).toEqual({ file, status: 'success', error: undefined });
		const [na, nb] = [normalise(rawSnapshot(clean), seeded), normalise(rawSnapshot(faulty), seeded)];
		const d = diff(na, nb);
		// FAULTS_DUMP=<dir>: both normalised states as files, to diff by hand
		// (with the items of every «Error journal» and the faulty portal's request log)
		if (d.length && process.env.FAULTS_DUMP) {
			for (const [n, x, r] of [['clean', na, a], ['faulty', nb, b]] as const) {
				writeFileSync(join(process.env.FAULTS_DUMP, `${file}.${n}.txt`), Object.entries(x).map(([k, rows]) => rows.map((v) => `${k}\t${v}`).join('\n')).join('\n'));
				writeFileSync(join(process.env.FAULTS_DUMP, `${file}.${n}.journal.json`), JSON.stringify(r.itemsOut('Error journal').map((i) => i.json), null, 1));
			}
			writeFileSync(join(process.env.FAULTS_DUMP, `${file}.faulty.b24log.json`), JSON.stringify(faulty.b24.portal.log));
		}
		figures.push(`${file}: ${Date.now() - t0} ms, ${d.length} differing tables`);
		expect(d).toEqual([]);
	}, 400_000); // 08 takes ~20 s alone; several times that on a loaded 2-CPU machine
});

it('injected every kind of fault, before and after the server did the work (the test cannot pass without faults)', async () => {
	const f = await faulty.faultCounts();
	for (const k of ['reset', 'http500', 'html', 'queryLimit', 'operationLimit', 'slow']) expect({ k, seen: (f.b24[k] ?? 0) > 0 }).toEqual({ k, seen: true });
	expect((f.b24.resetAfter ?? 0) + (f.b24.http500After ?? 0) + (f.b24.htmlAfter ?? 0)).toBeGreaterThan(0);
	for (const k of ['reset', 'timeout', 'html500', 'html502', 'html503', 'resetAfter', 'html503After']) expect({ k, seen: (f.onec[k] ?? 0) > 0 }).toEqual({ k, seen: true });
	const total = (c: Record<string, number>) => Object.values(c).reduce((s, n) => s + n, 0);
	expect(total(f.onec) / f.onecRequests).toBeGreaterThan(0.07);
	expect(total(f.b24) / f.b24Requests).toBeGreaterThan(0.05);
});

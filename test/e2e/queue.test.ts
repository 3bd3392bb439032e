/**
 * n8n in queue mode (scripts/queue-stack.ts): PostgreSQL + Redis started from Debian's packages,
 * one main instance with «Run now» executions offloaded, two `n8n worker` processes.
 * 1. templates run on the workers with the demo's checks, and both workers ran executions;
 * 2. two client syncs started at the same moment over the same data: without the link check the
 *    race makes duplicates; with it (the template as shipped) none — counted in the sandbox;
 * 3. a worker killed (SIGKILL) in the middle of a large client sync; after a restart and a re-run
 *    every counterparty is linked exactly once (or reported as an error by the re-run) — counted
 *    from the sandboxes' data.
 * Needs `npm run build` and PostgreSQL + Redis (`apt-get install -y postgresql redis-server`): without
 * them the suite fails, it does not skip. QUEUE_KILL_COMPANIES sets the size of part 3 (default 2000).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseIdFromUrl } from '../../lib/links';
import { checkClientSync } from '../../scripts/checks/client-sync';
import { runChecks, summaryLine } from '../../scripts/demo-env';
import { listTemplates, templatesDir, type TemplateFile, type TemplateRun } from '../../scripts/n8n-home';
import { findQueueTools, startQueueEnv, startWorker, type QueueEnv } from '../../scripts/queue-stack';

const KILL_COMPANIES = Number(process.env.QUEUE_KILL_COMPANIES ?? 2000);
const SYNC = '01-client-sync-1c-to-bitrix24.json';
const UNGUARDED = '01-client-sync-unguarded.json';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Row = Record<string, unknown>;

/** The templates of this suite: the client sync, a few independent ones, the journal, and the client sync without the link check. */
function suiteTemplates(dir: string): void {
	mkdirSync(dir, { recursive: true });
	for (const f of [SYNC, '02-product-sync-1c-to-bitrix24.json', '06-report-to-live-feed.json', '07-error-notifications.json']) copyFileSync(join(templatesDir(), f), join(dir, f));
	const wf = JSON.parse(readFileSync(join(templatesDir(), SYNC), 'utf8')) as { id: string; name: string; nodes: Array<{ name: string; parameters: Row }> };
	wf.id = 'tplClientSyncNoGuard';
	wf.name = `${wf.name} — without the link check`;
	delete wf.nodes.find((n) => n.name === 'Bitrix24: create company')!.parameters.linkGuard;
	writeFileSync(join(dir, UNGUARDED), JSON.stringify(wf));
}

describe('n8n in queue mode: two workers, concurrent runs, a killed worker', () => {
	let q: QueueEnv;
	let templates: Map<string, TemplateFile>;
	const dir = mkdtempSync(join(process.env.TEST_RUN_TMP ?? tmpdir(), 'n8n-queue-'));

	it('PostgreSQL and Redis are installed (apt-get install -y postgresql redis-server)', () => {
		expect(() => findQueueTools()).not.toThrow();
	});

	beforeAll(async () => {
		suiteTemplates(join(dir, 'templates'));
		templates = new Map(listTemplates(join(dir, 'templates')).map((t) => [t.file, t]));
		// short stalled-job checks: a killed worker's execution is noticed within seconds
		q = await startQueueEnv(join(dir, 'run'), { seed: 1, companies: 200 }, 2, join(dir, 'templates'), { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '5000', QUEUE_WORKER_STALLED_INTERVAL: '5000' });
		console.log(`queue mode up: PostgreSQL ${q.boot.postgres.toFixed(1)}s, Redis ${q.boot.redis.toFixed(1)}s, main ${q.boot.main.toFixed(1)}s, workers ${q.boot.workers.toFixed(1)}s`);
	}, 240_000);
	afterAll(async () => {
		await q?.close();
		rmSync(dir, { recursive: true, force: true });
	}, 60_000);

	const t = (file: string) => templates.get(file)!;
	/**
	 * The sandboxes' admin API (idempotent reads and resets), sent again when the connection is
	 * dropped: on a loaded machine a kept-alive socket can be closed by the server just as the next
	 * request goes out (ECONNRESET / "fetch failed"), which says nothing about the data.
	 */
	const adminFetch = async (url: string, init?: RequestInit): Promise<Response> => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await fetch(url, init);
			} catch (e) {
				if (attempt >= 4) throw e;
				await new Promise((r) => setTimeout(r, 500 * attempt));
			}
		}
	};
	const b24Rows = async (table: string): Promise<Row[]> => (await adminFetch(`${q.env.b24.baseUrl}/_admin/table/${table}`)).json() as Promise<Row[]>;
	const reset = async (companies: number) => {
		for (const base of [q.env.b24.baseUrl, q.env.onec.baseUrl]) {
			const r = await adminFetch(`${base}/_admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 1, companies }) });
			expect(r.status).toBe(200);
		}
	};
	const baseId = () => baseIdFromUrl(`${q.env.onec.baseUrl}/bp30/odata/standard.odata/`);
	/** 1C ref → the companies linked to it */
	const links = async () => {
		const by = new Map<string, number[]>();
		for (const c of await b24Rows('company')) if (String(c.ORIGINATOR_ID ?? '') === baseId() && c.ORIGIN_ID) by.set(String(c.ORIGIN_ID).toLowerCase(), [...(by.get(String(c.ORIGIN_ID).toLowerCase()) ?? []), Number(c.ID)]);
		return by;
	};
	const notFound = (r: TemplateRun) => new Set((r.runData['Match: find the company']?.[2] ?? []).map((x) => String(x.json.Ref_Key).toLowerCase()));
	const journalRefs = (r: TemplateRun) => new Set((r.runData['Error journal']?.[0] ?? []).map((x) => GUID.exec(String(x.json.object ?? ''))?.[0]?.toLowerCase() ?? '').filter(Boolean));
	const ranOn = (id: string) => q.workers.filter((w) => w.executions().includes(id)).map((w) => w.name);
	const expectOk = async (file: string, run: TemplateRun) => {
		const summary = summaryLine(t(file), run, await q.env.counters());
		expect({ summary, status: run.status, error: run.error }).toEqual({ summary, status: 'success', error: undefined });
		expect(await runChecks(q.env, t(file), run)).toEqual([]);
	};

	it('runs templates on the workers with the demo checks; both workers ran executions', async () => {
		await expectOk(SYNC, await q.env.server.run(t(SYNC)));
		// two started together go one to each worker (one execution at a time per worker)
		const [products, report] = await Promise.all([q.env.server.run(t('02-product-sync-1c-to-bitrix24.json')), q.env.server.run(t('06-report-to-live-feed.json'))]);
		await expectOk('02-product-sync-1c-to-bitrix24.json', products);
		await expectOk('06-report-to-live-feed.json', report);
		const counts = q.workers.map((w) => w.executions().length);
		console.log(`executions per worker: ${q.perWorker()}`);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
		expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
	}, 180_000);

	/** two runs of a client sync template started at the same moment on fresh sandboxes */
	const race = async (file: string) => {
		await reset(200);
		const ids: string[] = [];
		const runs = await Promise.all([0, 1].map(() => q.env.server.run(t(file), undefined, { onStarted: (id) => ids.push(id) })));
		for (const r of runs) expect({ status: r.status, error: r.error }).toEqual({ status: 'success', error: undefined });
		const both = [...notFound(runs[0])].filter((ref) => notFound(runs[1]).has(ref));
		const by = await links();
		const duplicated = [...by.values()].filter((c) => c.length > 1).length;
		const created = runs.map((r) => r.runData['Bitrix24: create company']?.[0]?.length ?? 0);
		console.log(`${file}: both runs found no company for ${both.length} counterparties; companies created and passed on per run ${created.join(' + ')}; linked twice or more: ${duplicated}; workers: ${ids.map((id) => ranOn(id).join('/')).join(', ')}`);
		return { runs, both, duplicated, created, workers: ids.map(ranOn), by };
	};

	it('two client syncs at the same moment: the race makes duplicates without the link check, none with it', async () => {
		const before = await race(UNGUARDED);
		// the race happened: both runs decided «not found» for the same counterparties, on both workers
		expect(before.both.length).toBeGreaterThan(0);
		expect(new Set(before.workers.flat()).size).toBe(2);
		expect(before.duplicated).toBe(before.both.length);

		const after = await race(SYNC);
		expect(after.both.length).toBeGreaterThan(0);
		expect(new Set(after.workers.flat()).size).toBe(2);
		expect(after.duplicated).toBe(0);
		// each counterparty either run found no company for is carried on (its requisite added) by exactly one run
		expect(after.created[0] + after.created[1]).toBe(new Set([...notFound(after.runs[0]), ...notFound(after.runs[1])]).size);
		for (const ref of after.both) expect(after.by.get(ref)).toHaveLength(1);
		const requisites = (await b24Rows('requisite')).filter((r) => after.both.includes(String(r.XML_ID ?? '').toLowerCase()));
		expect(requisites).toHaveLength(after.both.length);
	}, 180_000);

	it(`a worker killed (SIGKILL) in the middle of a client sync of ${KILL_COMPANIES} companies: after a re-run every counterparty is linked exactly once`, async () => {
		await reset(KILL_COMPANIES);
		let id = '';
		const t0 = Date.now();
		const killed = q.env.server.run(t(SYNC), undefined, { onStarted: (x) => (id = x), timeoutMs: 120_000 });
		// wait until the sync is writing links, then kill the worker running it
		let linkedAtKill = 0;
		for (;;) {
			linkedAtKill = (await links()).size;
			if (linkedAtKill >= 50) break;
			expect(Date.now() - t0).toBeLessThan(120_000);
			await sleep(150);
		}
		const victim = q.workers.find((w) => id && w.executions().includes(id))!;
		expect(victim).toBeDefined();
		victim.kill('SIGKILL');
		await victim.exited;
		const killedAfter = (Date.now() - t0) / 1000;
		// n8n recovers: a new worker takes the killed one's place (in a fresh user folder: n8n 2.8.4's
		// recovery from the killed worker's event log stops a worker restarted in the same folder with
		// «Cannot read properties of undefined (reading 'Run now')»), and the killed execution ends
		const restarted = await startWorker(q.env.home, q.stack, `${victim.name}-replacement`, join(dir, 'run', `${victim.name}-replacement`));
		q.workers.push(restarted);
		const first = await killed;
		const linkedBetween = (await links()).size;
		console.log(`killed ${victim.name} after ${killedAfter.toFixed(1)}s with ${linkedAtKill} counterparties linked; the execution ended as ${first.status} (${first.error?.message ?? ''}); linked then: ${linkedBetween}`);
		expect(first.status).not.toBe('success');

		const rerun = await q.env.server.run(t(SYNC));
		expect({ status: rerun.status, error: rerun.error }).toEqual({ status: 'success', error: undefined });
		const errored = journalRefs(rerun);
		const facts = await checkClientSync(q.env.b24.baseUrl, q.env.onec.baseUrl, 'bp30', baseId(), errored);
		const by = await links();
		const duplicated = [...by.values()].filter((c) => c.length > 1).length;
		const lost = facts.failures.filter((f) => f.includes('neither linked nor reported')).length;
		console.log(`after the re-run (${rerun.seconds.toFixed(1)}s): ${facts.counterparties} counterparties, ${facts.linked} linked exactly once, ${duplicated} linked twice or more, ${errored.size} reported as errors (ambiguous in the seed), ${lost} lost; ${facts.withRequisite} linked companies with their requisite`);
		expect(facts.failures).toEqual([]);
		expect(duplicated).toBe(0);
		expect(lost).toBe(0);
		expect(facts.linked + errored.size).toBe(facts.counterparties);
	}, 420_000);
});

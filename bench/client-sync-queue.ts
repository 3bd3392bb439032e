/**
 * `npm run bench:queue` — issue 10's queue-mode figures: the client sync (templates 01 and 01-banks)
 * of BENCH_COMPANIES (default 10,000) on n8n in queue mode (PostgreSQL + Redis + main + two
 * workers, scripts/queue-stack.ts; needs `npm run build`), Bitrix24 sandbox rate-limited (50 burst,
 * 2 per s). Prints per template the worker that ran it, wall time and requests, and the peak RSS of
 * each worker process tree (the worker and its task runner), sampled from /proc every 250 ms.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { listTemplates, ROOT, templatesDir } from '../scripts/n8n-home';
import { startQueueEnv } from '../scripts/queue-stack';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000);
const FILES = ['01-client-sync-1c-to-bitrix24.json', '01-client-sync-banks-1c-to-bitrix24.json'];

/** RSS (bytes) of a process and all its descendants. */
function treeRss(pid: number): number {
	let total = 0;
	const walk = (p: number) => {
		try {
			const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
			total += m ? Number(m[1]) * 1024 : 0;
			for (const t of readdirSync(`/proc/${p}/task`)) {
				const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
				for (const k of kids ? kids.split(/\s+/) : []) walk(Number(k));
			}
		} catch {
			// the process ended
		}
	};
	walk(pid);
	return total;
}

async function main() {
	const dir = join(ROOT, '.demo-queue-bench');
	rmSync(dir, { recursive: true, force: true });
	console.log(`# Client sync in queue mode: ${COMPANIES} companies, two workers, Bitrix24 sandbox 50 burst / 2 per s`);
	const t0 = Date.now();
	const q = await startQueueEnv(dir, { seed: 1, companies: COMPANIES }, 2);
	console.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (PostgreSQL ${q.boot.postgres.toFixed(1)} s, main ${q.boot.main.toFixed(1)} s, workers ${q.boot.workers.toFixed(1)} s)`);
	const peak = new Map(q.workers.map((w) => [w.name, 0]));
	const sampler = setInterval(() => {
		for (const w of q.workers) peak.set(w.name, Math.max(peak.get(w.name)!, treeRss(w.pid)));
	}, 250);
	try {
		const templates = listTemplates(templatesDir()).filter((t) => FILES.includes(t.file));
		const all0 = Date.now();
		for (const t of templates) {
			await q.env.resetCounters();
			const before = q.workers.map((w) => new Set(w.executions()));
			const run = await q.env.server.run(t, undefined, { timeoutMs: 3_600_000 });
			const c = await q.env.counters();
			const on = q.workers.filter((w, k) => w.executions().some((id) => !before[k].has(id))).map((w) => w.name);
			console.log(`${t.file}: ${run.status} on ${on.join(', ') || '?'}, ${run.seconds.toFixed(1)} s, Bitrix24 ${c.b24} requests, 1C ${c.onec}`);
			if (run.status !== 'success') console.log(`  error: ${run.error?.message}`);
		}
		console.log(`both: ${((Date.now() - all0) / 1000).toFixed(1)} s`);
		console.log(`peak RSS per worker (worker + task runner): ${[...peak].map(([n, b]) => `${n} ${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')}`);
	} finally {
		clearInterval(sampler);
		await q.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(e: Error) => {
		console.error(e);
		process.exit(1);
	},
);

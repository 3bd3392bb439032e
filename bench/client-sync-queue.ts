/**
 * `npm run bench:queue` — issue 10's queue-mode figures: the client sync (templates 01 and 01-banks)
 * of BENCH_COMPANIES (default 10,000) on n8n in queue mode (PostgreSQL + Redis + main + two
 * workers, scripts/queue-stack.ts; needs `npm run build`), Bitrix24 sandbox rate-limited (50 burst,
 * 2 per s). Prints per template the worker that ran it, wall time and requests, and the peak RSS of
 * each worker process tree (the worker and its task runner), sampled from /proc every 250 ms. The
 * run is awaited on its status only (the execution's data is not read back: at 10,000 it is too
 * big for n8n's REST answer); the counts come from the sandboxes (Bitrix24 writes per method,
 * 429s, table sizes after the run).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTemplates, ROOT, templatesDir } from '../scripts/n8n-home';
import { startQueueEnv } from '../scripts/queue-stack';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000);
const FILES = ['01-client-sync-1c-to-bitrix24.json', '01-client-sync-banks-1c-to-bitrix24.json'];
const WRITE = /\.(add|update|delete|set)$/;

async function admin(base: string, path: string): Promise<Record<string, unknown>> {
	return (await (await fetch(`${base}/_admin/${path}`)).json()) as Record<string, unknown>;
}

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
			let id = '';
			const run = await q.env.server.run(t, undefined, { timeoutMs: 3_600_000, withData: false, onStarted: (x) => (id = x) });
			const c = await q.env.counters();
			// the execution is stored before its worker and the main are done with it (each reads it back): wait for both, up to 5 min
			const tail0 = Date.now();
			const done = () => q.workers.some((w) => w.logs().includes(`Worker finished execution ${id} `)) && new RegExp(`Execution ${id} \\(job \\d+\\) finished`).test(q.env.server.logs());
			while (!done() && Date.now() - tail0 < 300_000) await new Promise((r) => setTimeout(r, 250));
			const tail = `  worker and main done with execution ${id} ${((Date.now() - tail0) / 1000).toFixed(1)} s after it was stored${done() ? '' : ' (not seen: gave up)'}`;
			const on = q.workers.filter((w, k) => w.executions().some((id) => !before[k].has(id))).map((w) => w.name);
			console.log(`${t.file}: ${run.status} on ${on.join(', ') || '?'}, ${run.seconds.toFixed(1)} s (execution ${run.runSeconds?.toFixed(1) ?? '?'} s), Bitrix24 ${c.b24} requests, 1C ${c.onec}`);
			console.log(tail);
			if (run.status !== 'success') console.log(`  error: ${run.error?.message}${run.error?.node ? ` (node ${run.error.node})` : ''}`);
			const b = await admin(q.env.b24.baseUrl, 'counters');
			const byCommand = Object.entries((b.byCommand ?? {}) as Record<string, number>).sort((x, y) => y[1] - x[1]);
			const writes = byCommand.filter(([m]) => WRITE.test(m));
			console.log(`  Bitrix24: ${String(b.batches)} batches / ${String(b.batchCommands)} batch commands, ${String(b.status429)} × 429, ${String(b.status503)} × 503; writes ${writes.reduce((n, [, k]) => n + k, 0)} (${writes.map(([m, k]) => `${m} ${k}`).join(', ') || 'none'})`);
			console.log(`  commands by method: ${byCommand.map(([m, k]) => `${m} ${k}`).join(', ')}`);
			const tables = await admin(q.env.b24.baseUrl, 'tables');
			console.log(`  Bitrix24 rows after: ${['company', 'requisite', 'bankdetail', 'address'].map((n) => `${n} ${String(tables[n] ?? 0)}`).join(', ')}`);
		}
		console.log(`both: ${((Date.now() - all0) / 1000).toFixed(1)} s`);
		console.log(`peak RSS per worker (worker + task runner): ${[...peak].map(([n, b]) => `${n} ${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')}`);
	} finally {
		clearInterval(sampler);
		// BENCH_LOGS=<dir>: keep what the main and the workers printed
		const logs = process.env.BENCH_LOGS;
		if (logs) {
			mkdirSync(logs, { recursive: true });
			writeFileSync(join(logs, 'main.log'), q.env.server.logs());
			for (const w of q.workers) writeFileSync(join(logs, `${w.name}.log`), w.logs());
		}
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

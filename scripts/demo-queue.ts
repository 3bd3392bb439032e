/**
 * `npm run demo:queue` (builds first): the demo (scripts/demo.ts) on n8n in queue mode — PostgreSQL
 * and Redis started by scripts/queue-stack.ts in `.demo-queue/stack`, one main instance (its
 * «Run now» executions offloaded to the workers) and two `n8n worker` processes, each in its own
 * user folder under `.demo-queue/`, sharing the database and the encryption key. Every template
 * runs in file-name order against the sandboxes and passes its checks; at the end the workers'
 * logs tell how many executions each ran (both must have run some). Everything is stopped at the
 * end. Exits non-zero when a template or a check fails, or one worker ran nothing.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SIZES, runAndCheck } from './demo-env';
import { listTemplates, ROOT, templatesDir } from './n8n-home';
import { startQueueEnv } from './queue-stack';

async function main(): Promise<number> {
	const dir = templatesDir();
	const templates = listTemplates(dir);
	if (!templates.length) {
		console.error(`✘ No template workflows in ${dir} — nothing to demo.`);
		return 1;
	}
	const home = join(ROOT, '.demo-queue');
	rmSync(home, { recursive: true, force: true });
	console.log(`Templates: ${templates.length} in ${dir}`);
	console.log(`Sandboxes: seed ${DEMO_SIZES.seed}, ${DEMO_SIZES.companies} companies/counterparties; queue mode in ${home}`);
	const t0 = Date.now();
	const q = await startQueueEnv(home, DEMO_SIZES, 2, dir);
	const { env } = q;
	const b = q.boot;
	console.log(`PostgreSQL ${q.stack.env.DB_POSTGRESDB_PORT} (init + start ${b.postgres.toFixed(1)}s), Redis ${q.stack.env.QUEUE_BULL_REDIS_PORT} (${b.redis.toFixed(1)}s)`);
	console.log(`n8n main ${env.server.url} (sandboxes + import + boot ${b.main.toFixed(1)}s), workers ${q.workers.map((w) => `${w.name} pid ${w.pid}`).join(', ')} (ready in ${b.workers.toFixed(1)}s)\n`);
	let failed = 0;
	try {
		for (const t of templates) {
			const before = q.workers.map((w) => new Set(w.executions()));
			const ranOn = () => `ran on: ${q.workers.filter((w, k) => w.executions().some((id) => !before[k].has(id))).map((w) => w.name).join(', ') || 'no worker'}`;
			if (!(await runAndCheck(env, t, ranOn))) failed++;
		}
	} finally {
		await q.close();
	}
	const total = ((Date.now() - t0) / 1000).toFixed(1);
	console.log(`\nExecutions per worker (from the workers' logs, «Worker started execution N»): ${q.perWorker()}`);
	const idle = q.workers.filter((w) => w.executions().length === 0);
	if (idle.length) console.log(`✘ ${idle.map((w) => w.name).join(', ')} ran no execution`);
	console.log(failed ? `✘ ${failed} of ${templates.length} templates failed (${total}s)` : `✔ all ${templates.length} templates ran on the workers and passed their checks (${total}s)`);
	return failed || idle.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e: Error) => {
		console.error(`✘ ${e.stack ?? e.message}`);
		process.exit(1);
	},
);

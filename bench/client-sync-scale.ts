/**
 * `npm run bench:scale` — issue 10's scale figures: the full client sync of N 1C counterparties
 * (default 10,000; BENCH_COMPANIES) — companies + requisites (template 01) and bank details +
 * addresses (template 01-banks) — on the rate-limited Bitrix24 sandbox (50 burst, 2 per s, as a real
 * portal), then an unchanged re-run. The sandboxes run in a child process (`npm run sandbox`), so
 * the CPU and memory printed here are n8n's engine and our nodes only. Prints per run: requests to
 * each system (and writes), wall time, the ratio to the floor (one batch request per 50 writes of
 * each kind), CPU per 1C counterparty, peak RSS. Takes ~10+ minutes at 10,000: the bucket drains
 * 2 requests a second.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IDataObject } from 'n8n-workflow';
import { template } from '../test/helpers/templates';
import { runWorkflow, type WorkflowRunResult } from '../test/helpers/workflow';
import { DataTables } from '../test/helpers/data-tables';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000);
const TEMPLATES = ['01-client-sync-1c-to-bitrix24.json', '01-client-sync-banks-1c-to-bitrix24.json'];
const WRITE = /\.(add|update|delete|set)$/;

interface Sandboxes {
	webhookUrl: string;
	b24Origin: string;
	onecOrigin: string;
	bp30: { url: string; user: string; password: string };
	stop(): void;
}

async function startSandboxes(): Promise<Sandboxes> {
	const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(__dirname, '../sandbox/cli.ts'), '--companies', String(COMPANIES), '--rate', 'default'], {
		env: { ...process.env, SANDBOX_B24_PORT: '0', SANDBOX_1C_PORT: '0' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const lines = createInterface({ input: child.stdout! });
	let webhookUrl = '';
	let bp30: Sandboxes['bp30'] | undefined;
	for await (const line of lines) {
		const p = line.split(' ');
		if (p[0] !== 'SANDBOX') continue;
		if (p[1] === 'bitrix24') webhookUrl = p[2];
		if (p[1] === '1c' && p[2].includes('/bp30/')) bp30 = { url: p[2], user: p[3], password: p[4] };
		if (webhookUrl && bp30) break;
	}
	if (!webhookUrl || !bp30) throw new Error('the sandboxes did not start');
	return { webhookUrl, b24Origin: new URL(webhookUrl).origin, onecOrigin: new URL(bp30.url).origin, bp30, stop: () => child.kill('SIGTERM') };
}

const get = async (url: string, init?: RequestInit) => (await (await fetch(url, init)).json()) as IDataObject;

async function counters(sb: Sandboxes) {
	const [b, o] = await Promise.all([get(`${sb.b24Origin}/_admin/counters`), get(`${sb.onecOrigin}/_admin/counters`)]);
	const byMethod = (b.byCommand ?? {}) as Record<string, number>;
	const b24Writes = Object.entries(byMethod).filter(([m]) => WRITE.test(m)).reduce((s, [, n]) => s + n, 0);
	return { b24: Number(b.requests ?? 0), b24Commands: Object.values(byMethod).reduce((s, n) => s + n, 0), b24Writes, onec: Number(o.requests ?? 0), byMethod };
}

async function reset(sb: Sandboxes) {
	await Promise.all([fetch(`${sb.b24Origin}/_admin/counters/reset`, { method: 'POST', body: '{}' }), fetch(`${sb.onecOrigin}/_admin/counters/reset`, { method: 'POST', body: '{}' })]);
}

async function pass(sb: Sandboxes, label: string, tables: DataTables, counterparties: number) {
	await reset(sb);
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
	const cpu0 = process.cpuUsage();
	const t0 = Date.now();
	const runs: WorkflowRunResult[] = [];
	for (const f of TEMPLATES) {
		const r = await runWorkflow(template(f), { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 }, oneCODataApi: { ...sb.bp30, allowedOnly: false, timeZone: 'Europe/Moscow', timeout: 120, maxConcurrency: 4 } }, { dataTables: tables });
		if (r.status !== 'success') throw new Error(`${f}: ${r.error?.message}`);
		runs.push(r);
	}
	const seconds = (Date.now() - t0) / 1000;
	const cpu = process.cpuUsage(cpu0);
	clearInterval(sampler);
	const c = await counters(sb);
	// the floor: one batch request per 50 writes of each kind that were sent
	const writesByMethod = Object.entries(c.byMethod).filter(([m]) => WRITE.test(m));
	const floor = writesByMethod.reduce((s, [, n]) => s + Math.ceil(n / 50), 0);
	const out = (r: WorkflowRunResult, node: string) => r.itemsOut(node).length;
	console.log(`\n## ${label}`);
	console.log(`  Bitrix24: ${c.b24} HTTP requests (${c.b24Commands} commands, ${c.b24Writes} writes: ${writesByMethod.map(([m, n]) => `${m} ${n}`).join(', ') || 'none'})`);
	console.log(`  commands by method: ${Object.entries(c.byMethod).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}`);
	console.log(`  1C: ${c.onec} HTTP requests`);
	console.log(`  wall ${seconds.toFixed(1)} s; floor for the writes ${floor} requests (${(floor / 2).toFixed(0)} s at 2/s); ratio ${floor ? (c.b24 / floor).toFixed(2) : '—'} requests per floor request`);
	console.log(`  CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / 1000 / counterparties).toFixed(2)} ms per counterparty; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
	console.log(`  items: matched ${out(runs[0], 'Bitrix24: update company')} updated / ${out(runs[0], 'Bitrix24: create company')} created / ${out(runs[0], 'Error journal')} journal; bank details ${out(runs[1], 'Bitrix24: add bank detail')} added, ${out(runs[1], 'Bitrix24: update bank detail')} updated; addresses ${out(runs[1], 'Bitrix24: address of the requisite')}`);
	return c;
}

async function main() {
	console.log(`# Client sync at scale: ${COMPANIES} companies seeded on both sides, Bitrix24 sandbox rate limit 50 burst / 2 per s`);
	const sb = await startSandboxes();
	try {
		const counterparties = ((await get(`${sb.onecOrigin}/_admin/base/bp30/${encodeURIComponent('Catalog_Контрагенты')}`)) as unknown as IDataObject[]).length;
		console.log(`1C БП 3.0: ${counterparties} counterparties`);
		const tables = new DataTables();
		const first = await pass(sb, 'first run (companies + requisites, then bank details + addresses)', tables, counterparties);
		const again = await pass(sb, 'unchanged re-run', tables, counterparties);
		console.log(`\nre-run: ${again.b24Writes} writes; ${again.b24} Bitrix24 requests = ${((100 * again.b24) / Math.max(1, first.b24)).toFixed(1)} % of the first run's`);
	} finally {
		sb.stop();
	}
}

main().then(
	() => process.exit(0),
	(e: Error) => {
		console.error(e);
		process.exit(1);
	},
);

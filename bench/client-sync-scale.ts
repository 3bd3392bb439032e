/**
 * `npm run bench:scale` — issue 10's scale figures: the full client sync of N 1C counterparties
 * (default 10,000; BENCH_COMPANIES) — companies + requisites (template 01) and bank details +
 * addresses (template 01-banks) — on the rate-limited Bitrix24 sandbox (50 burst, 2 per s, as a real
 * portal), then an unchanged re-run. The sandboxes run in a child process (`npm run sandbox`), so
 * the CPU and memory printed here are n8n's engine and our nodes only. Prints per run: requests to
 * each system (and writes), wall time, the ratio to the floor (one batch request per 50 writes of
 * each kind), CPU per 1C counterparty, peak RSS. Takes ~10+ minutes at 10,000: the bucket drains
 * 2 requests a second.
 * Then the production path (issue 10's "≤ 2 % unchanged"): each template's 1C Trigger node polled
 * with its own parameters (a fake IPollFunctions over real HTTP, static data carried between polls
 * as n8n does) — an unchanged second poll emits nothing, so no run and no Bitrix24 request; then
 * 10 counterparties changed in 1C: the trigger's emission runs template 01 from the trigger node.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IDataObject } from 'n8n-workflow';
import { templatePoller, type TemplatePoller } from '../test/helpers/onec-poller';
import { template } from '../test/helpers/templates';
import { runWorkflow, type WorkflowRunResult } from '../test/helpers/workflow';
import { DataTables } from '../test/helpers/data-tables';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000);
const TEMPLATES = ['01-client-sync-1c-to-bitrix24.json', '01-client-sync-banks-1c-to-bitrix24.json'];
const WRITE = /\.(add|update|delete|set)$/;
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;

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

const onecCredential = (sb: Sandboxes) => ({ ...sb.bp30, allowedOnly: false, timeZone: 'Europe/Moscow', timeout: 120, maxConcurrency: 4 });
const credentials = (sb: Sandboxes) => ({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 }, oneCODataApi: onecCredential(sb) });

/** The counters of one step (reset before it): what it cost each system. */
async function measured<T>(sb: Sandboxes, step: () => Promise<T>) {
	await reset(sb);
	const t0 = Date.now();
	const value = await step();
	return { value, seconds: (Date.now() - t0) / 1000, ...(await counters(sb)) };
}

/** A template's 1C Trigger node polled as n8n does: its own parameters, node static data kept from poll to poll. */
const triggerOf = (sb: Sandboxes, file: string) => templatePoller(file, onecCredential(sb));
type Trigger = TemplatePoller;

async function pollPass(sb: Sandboxes, label: string, which: string, triggers: Trigger[], first: { b24: number }) {
	console.log(`\n## ${label}`);
	for (const t of triggers) {
		const p = await measured(sb, () => t.poll());
		console.log(`  ${t.file} «${t.node.name}» (${String((t.node.parameters.entitySet as IDataObject).value)}): ${which} poll ${p.onec} 1C HTTP requests, ${p.seconds.toFixed(1)} s, emitted ${p.value.length} items${p.value.length ? '' : ' (no workflow run)'}; Bitrix24 ${p.b24} requests, ${p.b24Writes} writes = ${pct(p.b24, first.b24)} of the first run's`);
	}
}

async function pass(sb: Sandboxes, label: string, tables: DataTables, counterparties: number) {
	await reset(sb);
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
	const cpu0 = process.cpuUsage();
	const t0 = Date.now();
	const runs: WorkflowRunResult[] = [];
	for (const f of TEMPLATES) {
		const r = await runWorkflow(template(f), credentials(sb), { dataTables: tables });
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
		const rows = (await get(`${sb.onecOrigin}/_admin/base/bp30/${encodeURIComponent('Catalog_Контрагенты')}`)) as unknown as IDataObject[];
		const counterparties = rows.length;
		console.log(`1C БП 3.0: ${counterparties} counterparties`);
		const tables = new DataTables();
		const first = await pass(sb, 'first run (companies + requisites, then bank details + addresses)', tables, counterparties);
		const again = await pass(sb, 'unchanged re-run', tables, counterparties);
		console.log(`\nre-run: ${again.b24Writes} writes; ${again.b24} Bitrix24 requests = ${pct(again.b24, first.b24)} of the first run's`);

		const triggers = TEMPLATES.map((f) => triggerOf(sb, f));
		await pollPass(sb, 'baseline polls of the 1C Triggers (state empty: emit nothing, remember every object)', 'baseline', triggers, first);
		await pollPass(sb, 'unchanged, production path (the 1C Triggers polled again)', 'second', triggers, first);

		// 10 linked legal entities changed in 1C (as a user would: PATCH over OData)
		const linked = new Set(((await get(`${sb.b24Origin}/_admin/table/company`)) as unknown as IDataObject[]).map((c) => String(c.ORIGIN_ID ?? '')));
		const changed = rows.filter((r) => r.IsFolder !== true && r.DeletionMark !== true && r.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо' && linked.has(String(r.Ref_Key))).slice(0, 10);
		const auth = `Basic ${Buffer.from(`${sb.bp30.user}:${sb.bp30.password}`).toString('base64')}`;
		for (const r of changed) {
			const res = await fetch(`${sb.bp30.url}Catalog_Контрагенты(guid'${String(r.Ref_Key)}')?$format=json`, { method: 'PATCH', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ Description: `${String(r.Description)} (изм.)` }) });
			if (!res.ok) throw new Error(`PATCH ${String(r.Ref_Key)}: ${res.status}`);
		}
		console.log(`\n## ${changed.length} counterparties changed in 1C, production path (template 01 from its 1C Trigger)`);
		const [t01] = triggers;
		const p = await measured(sb, () => t01.poll());
		console.log(`  poll: ${p.onec} 1C HTTP requests, emitted ${p.value.length} items (${p.value.filter((x) => changed.some((c) => c.Ref_Key === x.Ref_Key)).length} of the changed ones)`);
		if (p.value.length !== changed.length) throw new Error(`expected ${changed.length} items from the trigger, got ${p.value.length}`);
		const run = await measured(sb, () => runWorkflow(template(t01.file), credentials(sb), { startNode: t01.node.name, input: p.value, dataTables: tables }));
		if (run.value.status !== 'success') throw new Error(`${t01.file} from the trigger: ${run.value.error?.message}`);
		const w = Object.entries(run.byMethod).filter(([m]) => WRITE.test(m));
		console.log(`  run: Bitrix24 ${run.b24} HTTP requests (${run.b24Commands} commands, ${run.b24Writes} writes: ${w.map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}); 1C ${run.onec} HTTP requests; wall ${run.seconds.toFixed(1)} s`);
		console.log(`  commands by method: ${Object.entries(run.byMethod).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}`);
		console.log(`  items: ${run.value.itemsOut('Bitrix24: update company').length} companies updated / ${run.value.itemsOut('Bitrix24: create company').length} created / ${run.value.itemsOut('Error journal').length} journal`);
		console.log(`\n10 changed: ${run.b24} Bitrix24 requests = ${pct(run.b24, first.b24)} of the first run's (poll + run: ${p.onec + run.onec} 1C requests)`);
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

/**
 * `npm run bench` — prints figures (no assertions): seed generation, sandbox throughput, request
 * counts of batched writes vs the rate-limit floor of single calls, and the cost of a full export.
 */
import { generateDataset } from '../sandbox/seed';
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

async function main(): Promise<void> {
	const companies = Number(process.env.BENCH_COMPANIES ?? 10000);
	console.log(`# bench (companies=${companies}, node ${process.version})`);

	let t = process.hrtime.bigint();
	const ds = generateDataset({ seed: 1, companies });
	console.log(`seed: generateDataset(${companies}) ${fmt(ms(t))} ms — ${ds.companies.length} companies, ${ds.contacts.length} contacts, ${ds.deals.length} deals, ${ds.invoices.length} invoices`);

	t = process.hrtime.bigint();
	const sb = await startBitrix24Sandbox({ companies, rate: { enabled: true, burst: 50, drain: 2 } });
	console.log(`sandbox: start with seed ${fmt(ms(t))} ms, heap ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
	const call = async (method: string, params: Json): Promise<Json> => {
		const res = await fetch(sb.webhookUrl + method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
		return (await res.json()) as Json;
	};
	const admin = (path: string, body?: unknown) =>
		fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Json>);
	try {
		await admin('counters/reset', {});
		t = process.hrtime.bigint();
		for (let r = 0; r < 20; r++) {
			const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, `crm.company.add?fields[TITLE]=Bench ${r}-${i}`]));
			await call('batch', { halt: 0, cmd });
		}
		const c = (await admin('counters')) as Json;
		console.log(`writes: 1,000 crm.company.add as batches: ${c.requests} requests, ${c.batchCommands} commands, ${c.status503} × 503, ${fmt(ms(t))} ms`);
		console.log(`writes: rate-limit floor of 1,000 single calls at burst 50 / 2 per s: ${fmt((1000 - 50) / 2)} s (batched: ${fmt(Math.max(0, 20 - 50) / 2)} s of waiting)`);

		await admin('rate', { enabled: false });
		await admin('counters/reset', {});
		t = process.hrtime.bigint();
		let last = 0;
		let rows = 0;
		for (;;) {
			const page = await call('crm.company.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' }, filter: { '>ID': last }, start: -1 });
			rows += page.result.length;
			if (page.result.length) last = Number(page.result[page.result.length - 1].ID);
			if (page.result.length < 50) break;
		}
		const pagesSeq = ((await admin('counters')) as Json).requests;
		console.log(`export: ${fmt(rows)} companies, start=-1 + >ID cursor, one page per request: ${pagesSeq} requests, ${fmt(ms(t))} ms (at 2 req/s on a real portal ≥ ${fmt(Math.max(0, pagesSeq - 50) / 2)} s)`);

		await admin('counters/reset', {});
		t = process.hrtime.bigint();
		let total = 0;
		let cursor = 0;
		const top = await call('crm.company.list', { select: ['ID'], order: { ID: 'DESC' }, start: -1 });
		const maxId = Number(top.result[0]?.ID ?? 0);
		while (cursor < maxId) {
			const cmd: Record<string, string> = {};
			// keys must be URL-encoded: `filter[<=ID]=5` unencoded splits at the first `=` (in PHP too)
			for (let i = 0; i < 50; i++) cmd[`p${i}`] = `crm.company.list?${new URLSearchParams({ 'select[]': 'ID', 'order[ID]': 'ASC', start: '-1', 'filter[>ID]': String(cursor + i * 50), 'filter[<=ID]': String(cursor + (i + 1) * 50) })}`;
			const b = await call('batch', { halt: 0, cmd });
			const got = Object.values(b.result.result as Record<string, Json[]>).reduce((n, p) => n + p.length, 0);
			total += got;
			cursor += 2500;
		}
		const pagesBatch = ((await admin('counters')) as Json).requests;
		console.log(`export: ${fmt(total)} companies by ID windows, 50 windows per batch: ${pagesBatch} requests, ${fmt(ms(t))} ms`);
		console.log(`sandbox heap after runs: ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
	} finally {
		await sb.close();
	}
}

main().catch((e: Error) => {
	console.error(e);
	process.exit(1);
});

/**
 * `npx ts-node --transpile-only bench/onec-node.ts` — the 1C node on the real n8n engine
 * (in-process, test/helpers/n8n.ts) against the 1C sandbox (БП 3.0, `Catalog_Контрагенты`):
 *
 *   1. read 10,000 counterparties (Get Many, Return All, page 500) on loopback (and with a
 *      4-field `$select`, for the bytes);
 *   2. the same read with the sandbox's latency profile of a real base on (research §7), at
 *      concurrency 1 and the default 4 (run at the real scale by default);
 *   3. write 1,000 counterparties (1,000 input items, Create, JSON mode, Description + ИНН,
 *      Verify Written Fields on) on loopback, at the default Max Concurrency (4);
 *   4. writes with the latency profile on at concurrency 1 vs 4, run at a reduced scale with fewer
 *      items and extrapolated to a real base and 1,000 items (the model is in the code), and the
 *      speed-up.
 * The reads run before the writes, so they read exactly the 10,000.
 *
 * For each run it prints the HTTP requests and response bytes (the sandbox's own counters), the
 * bytes on the wire both ways (socket bytes, headers included), wall seconds, and the CPU of this
 * process per item (`process.cpuUsage()`: our node plus the n8n engine around it; the sandbox runs
 * in a child process, whose CPU is printed separately). A benchmark prints figures; it asserts
 * nothing beyond "the run did not fail".
 *
 * The sandbox: this same file started with `--sandbox-child` (forked, IPC for the wire counters).
 * The child seeds `BENCH_1C_COMPANIES` (default 11,300 → ≈10,050 counterparties in bp30, ≈0.89 per
 * company) and, should that be fewer than `BENCH_1C_READ` (default 10,000), tops the set up with
 * copies of seeded counterparties (new Ref_Key and Code, same shape and size).
 *
 * Knobs (env): BENCH_1C_COMPANIES, BENCH_1C_READ, BENCH_1C_WRITES (1000), BENCH_1C_SCALE (latency
 * scale of the write runs, 0.02), BENCH_1C_LATENCY_WRITES (items per latency write run, 300),
 * BENCH_1C_READ_SCALE (latency scale of the latency reads, 1).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { makeInn10 } from '../lib/requisites';
import type { Publication } from '../sandbox/onec/server';
import type { RunResult } from '../test/helpers/n8n';

const CHILD_FLAG = '--sandbox-child';
const CP = 'Catalog_Контрагенты';

interface Wire {
	/** bytes the sandbox received (requests, headers included) */
	in: number;
	/** bytes the sandbox sent (responses, headers included) */
	out: number;
	/** CPU of the sandbox process, ms */
	cpuMs: number;
}

interface Ready {
	baseUrl: string;
	pub: Publication;
	seeded: number;
	counterparties: number;
	startMs: number;
}

type ToChild = { cmd: 'wire'; id: number };
type FromChild = { ready: Ready } | { wire: Wire; id: number };

// ---------------------------------------------------------------- the sandbox (child process)

async function child(): Promise<void> {
	const { startOneCSandbox } = await import('../sandbox/onec/server');
	const t0 = Date.now();
	const companies = Number(process.env.BENCH_1C_COMPANIES ?? 11300);
	const target = Number(process.env.BENCH_1C_READ ?? 10000);
	const sb = await startOneCSandbox({ companies });
	const base = sb.state.bases.get('bp30')!;
	const table = base.table(CP);
	const seeded = table.size;
	const def = base.set(CP)!;
	const originals = [...table.values()];
	for (let k = 0; table.size < target; k++) {
		const src = originals[k % originals.length];
		const copy = structuredClone(src) as Record<string, unknown>;
		const ref = randomUUID();
		copy.Ref_Key = ref;
		if ('Code' in copy) copy.Code = base.nextCode(def);
		copy.Description = `${String(src.Description ?? '')} (${k + 1})`;
		for (const v of Object.values(copy)) if (Array.isArray(v)) for (const r of v as Array<Record<string, unknown>>) if (r && typeof r === 'object' && 'Ref_Key' in r) r.Ref_Key = ref;
		base.insert(CP, copy);
	}

	let closedIn = 0;
	let closedOut = 0;
	const live = new Set<Socket>();
	sb.server.on('connection', (s: Socket) => {
		live.add(s);
		s.on('close', () => {
			closedIn += s.bytesRead;
			closedOut += s.bytesWritten;
			live.delete(s);
		});
	});
	const send = (m: FromChild) => process.send!(m);
	process.on('message', (m: ToChild) => {
		if (m.cmd !== 'wire') return;
		let i = closedIn;
		let o = closedOut;
		for (const s of live) {
			i += s.bytesRead;
			o += s.bytesWritten;
		}
		const cpu = process.cpuUsage();
		send({ wire: { in: i, out: o, cpuMs: (cpu.user + cpu.system) / 1000 }, id: m.id });
	});
	process.on('disconnect', () => void sb.close().then(() => process.exit(0)));
	send({ ready: { baseUrl: sb.baseUrl, pub: sb.publications.find((p) => p.id === 'bp30')!, seeded, counterparties: table.size, startMs: Date.now() - t0 } });
}

// ---------------------------------------------------------------- the bench (parent)

interface Figures {
	items: number;
	requests: number;
	bytes: number;
	byEntitySet: Record<string, number>;
	wireIn: number;
	wireOut: number;
	secs: number;
	cpuMs: number;
	sandboxCpuMs: number;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const mb = (v: number) => `${(v / 1e6).toFixed(2)} MB`;
const dur = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(2)} h` : s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

async function main(): Promise<void> {
	const readN = Number(process.env.BENCH_1C_READ ?? 10000);
	const writeN = Number(process.env.BENCH_1C_WRITES ?? 1000);
	const scale = Number(process.env.BENCH_1C_SCALE ?? 0.02);
	const latN = Number(process.env.BENCH_1C_LATENCY_WRITES ?? 300);
	const readScale = Number(process.env.BENCH_1C_READ_SCALE ?? 1);

	const sandbox: ChildProcess = fork(__filename, [CHILD_FLAG], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = new Map<number, (w: Wire) => void>();
	let seq = 0;
	const ready = new Promise<Ready>((resolve, reject) => {
		sandbox.on('message', (m: FromChild) => {
			if ('ready' in m) resolve(m.ready);
			else pending.get(m.id)?.(m.wire);
		});
		sandbox.once('exit', (code) => reject(new Error(`sandbox child exited (${code})`)));
	});
	const wire = () =>
		new Promise<Wire>((resolve) => {
			const id = ++seq;
			pending.set(id, (w) => {
				pending.delete(id);
				resolve(w);
			});
			sandbox.send({ cmd: 'wire', id } satisfies ToChild);
		});

	try {
		const sb = await ready;
		const { oneCRunner, set } = await import('../test/helpers/onec-node');
		const admin = async (path: string, body?: unknown): Promise<IDataObject> => {
			const r = await fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
			if (r.status !== 200) throw new Error(`admin ${path}: ${r.status}`);
			return (await r.json()) as IDataObject;
		};
		const runners = { 1: oneCRunner(() => sb.pub, { maxConcurrency: 1 }), 4: oneCRunner(() => sb.pub) };

		const measure = async (run: () => Promise<RunResult>): Promise<Figures> => {
			await admin('counters/reset', {});
			const w0 = await wire();
			const cpu0 = process.cpuUsage();
			const t0 = performance.now();
			const r = await run();
			const secs = (performance.now() - t0) / 1000;
			const cpu = process.cpuUsage(cpu0);
			const w1 = await wire();
			const c = await admin('counters');
			if (r.error) throw r.error;
			return {
				items: r.items.length,
				requests: c.requests as number,
				bytes: c.bytes as number,
				byEntitySet: c.byEntitySet as Record<string, number>,
				wireIn: w1.in - w0.in,
				wireOut: w1.out - w0.out,
				secs,
				cpuMs: (cpu.user + cpu.system) / 1000,
				sandboxCpuMs: w1.cpuMs - w0.cpuMs,
			};
		};
		const split = (f: Figures) =>
			Object.entries(f.byEntitySet)
				.map(([k, v]) => `${k.replace(/^bp30:/, '')} ${v}`)
				.join(', ');
		const line = (label: string, f: Figures, perItem: number) =>
			console.log(
				`${label}: ${n(f.items)} items · requests ${n(f.requests)} (${split(f)}) · response bytes ${n(f.bytes)} (${mb(f.bytes)}) · wire ↑${mb(f.wireIn)} ↓${mb(f.wireOut)} · ${f.secs.toFixed(2)} s · node CPU ${n(f.cpuMs)} ms = ${((f.cpuMs * 1000) / perItem).toFixed(0)} µs/item · sandbox CPU ${n(f.sandboxCpuMs)} ms`,
			);

		const readParams = (pageSize: number, select?: string) => ({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), returnAll: true, options: { pageSize, ...(select ? { select } : {}) } });
		let k = 0;
		const writeInput = (count: number) =>
			Array.from({ length: count }, () => {
				k++;
				return { name: `ООО «Бенч ${k}»`, inn: makeInn10(`77${String(k).padStart(7, '0')}`) };
			});
		const writeParams = { resource: 'catalog', operation: 'create', entitySet: set(CP), dataMode: 'json', json: '={{ JSON.stringify({ Description: $json.name, ИНН: $json.inn }) }}', writeOptions: { verify: true } };

		console.log(
			`# 1C node bench — n8n engine in-process, sandbox in a child process (bp30 ${CP}: ${n(sb.seeded)} seeded + ${n(sb.counterparties - sb.seeded)} copies = ${n(sb.counterparties)}; sandbox start ${(sb.startMs / 1000).toFixed(1)} s)`,
		);
		console.log('# CPU = this process (our node + the n8n engine); "response bytes" = the sandbox counter (bodies sent); wire = socket bytes incl. headers (↑ to 1C, ↓ from 1C)');

		// warm-up: JIT, lazily loaded n8n-core modules, the HTTP agent — not measured
		await runners[4](readParams(500), [{}]).then((r) => r.error && Promise.reject(r.error));
		await runners[4]({ ...readParams(50), returnAll: false, limit: 50 }, [{}]);

		// 1. read on loopback
		console.log(`\n## 1. Read ${n(readN)} counterparties on loopback (Get Many, Return All, page 500)`);
		const read = await measure(() => runners[4](readParams(500), [{}]));
		line('all fields        ', read, read.items);
		const readSel = await measure(() => runners[4](readParams(500, 'Ref_Key,Description,ИНН,КПП'), [{}]));
		line('$select 4 fields  ', readSel, readSel.items);
		if (read.items !== readN) console.log(`   (note: ${n(read.items)} rows read, expected ${n(readN)})`);

		// 2. read with the latency profile
		console.log(`\n## 2. Read ${n(readN)} with the latency profile of a real base on (sandbox: GET 0.1–0.5 s, $metadata 2–3 s) at ×${readScale}`);
		await admin('latency', { enabled: true, scale: readScale });
		const latRead: Record<number, Figures> = {};
		for (const c of [1, 4] as const) {
			latRead[c] = await measure(() => runners[c](readParams(500), [{}]));
			const r = (latRead[c].secs - read.secs) / readScale + read.secs;
			console.log(
				`read ${n(latRead[c].items)}, concurrency ${c}: requests ${n(latRead[c].requests)} · measured ${latRead[c].secs.toFixed(2)} s at ×${readScale}${readScale === 1 ? '' : ` → a real base ≈ ${r.toFixed(1)} s`} (loopback ${read.secs.toFixed(2)} s)`,
			);
		}
		console.log(`speed-up of the read, concurrency 4 vs 1: ×${(latRead[1].secs / latRead[4].secs).toFixed(2)} (Return All at Max Concurrency > 1 asks $count, then reads the pages in parallel)`);
		await admin('latency', { enabled: false });

		// 3. write on loopback
		console.log(`\n## 3. Write ${n(writeN)} counterparties on loopback (Create, JSON mode, Description + ИНН, verify on, Max Concurrency 4)`);
		await runners[4](writeParams, writeInput(5)); // warm-up of the write path, not measured
		const write = await measure(() => runners[4](writeParams, writeInput(writeN)));
		line(`create ×${writeN}      `, write, write.items);

		// 4. writes with the latency profile
		console.log(`\n## 4. Writes with the latency profile of a real base on (sandbox: POST 2–5 s, $metadata 2–3 s), run at ×${scale} with ${latN} items, extrapolated to a real base and ${n(writeN)} items`);
		// Model: each of c workers does p (local processing) then waits L (the base) per item, so
		// wall ≈ N·(p + L·scale)/c while the CPU is not saturated. N·p = the same run at
		// concurrency 1 without latency (b1), so a real base takes ≈ (measured − b1/c)/scale + b1/c.
		const b1 = await measure(() => runners[1](writeParams, writeInput(latN)));
		console.log(`create ×${latN}, concurrency 1, no latency (b1): ${b1.secs.toFixed(2)} s`);
		await admin('latency', { enabled: true, scale });
		const lat: Record<number, Figures> = {};
		const real: Record<number, number> = {};
		for (const c of [1, 4] as const) {
			lat[c] = await measure(() => runners[c](writeParams, writeInput(latN)));
			real[c] = (((lat[c].secs - b1.secs / c) / scale + b1.secs / c) * writeN) / latN;
			console.log(
				`create ×${latN}, concurrency ${c}: requests ${n(lat[c].requests)} · measured ${lat[c].secs.toFixed(2)} s at ×${scale} → a real base, ${n(writeN)} writes ≈ ${n(real[c])} s (${dur(real[c])}; ${(real[c] / writeN).toFixed(2)} s/item) · node CPU ${((lat[c].cpuMs * 1000) / lat[c].items).toFixed(0)} µs/item`,
			);
		}
		console.log(`speed-up of ${n(writeN)} writes on a real base, concurrency 4 vs 1: ×${(real[1] / real[4]).toFixed(2)} (measured at ×${scale}: ×${(lat[1].secs / lat[4].secs).toFixed(2)})`);
		await admin('latency', { enabled: false });
	} catch (e) {
		console.error('bench failed:', e);
		process.exitCode = 1;
	} finally {
		if (sandbox.connected) sandbox.disconnect();
		// n8n-core keeps handles open (timers, agents)
		setTimeout(() => process.exit(), 200);
	}
}

if (process.argv.includes(CHILD_FLAG)) {
	child().catch((e) => {
		console.error('sandbox child failed:', e);
		process.exit(1);
	});
} else void main();

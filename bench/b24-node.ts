/**
 * `npm run bench:b24` — the Bitrix24 node on the real n8n engine against the rate-limited sandbox
 * (burst 50, drain 2/s, as a real portal): HTTP requests, seconds, and the ratio to the floor.
 * Floor: ⌈commands/50⌉ requests; time floor = max(0, requests − burst left) / drain.
 */
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { runNode } from '../test/helpers/n8n';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
	const items = Number(process.env.BENCH_ITEMS ?? 1000);
	const readN = Number(process.env.BENCH_READ ?? 10000);
	const sb = await startBitrix24Sandbox({ companies: readN, rate: { enabled: true, burst: 50, drain: 2 } });
	const creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	const admin = (path: string, body?: unknown) => fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Json>);
	const row = (name: string, requests: number, floorReq: number, secs: number, floorSecs: number, c503: number) =>
		console.log(`${name.padEnd(34)} requests ${String(requests).padStart(4)} (floor ${floorReq}, ×${(requests / floorReq).toFixed(2)})  time ${secs.toFixed(1).padStart(6)} s (floor ${floorSecs.toFixed(1)} s${floorSecs > 0 ? `, ×${(secs / floorSecs).toFixed(2)}` : ''})  server 503s: ${c503}, errors surfaced: 0`);
	try {
		console.log(`# Bitrix24 node bench (a run that surfaced an error would stop the bench): ${items} items, read ${readN} seeded companies; sandbox rate limit 50 burst / 2 per s`);
		const scenario = async (name: string, floorReq: number, run: () => Promise<{ items: unknown[]; error?: Error }>) => {
			await admin('counters/reset', {});
			// the bucket starts full-empty for each scenario, as after an idle minute on a real portal
			await admin('rate', { enabled: true, burst: 50, drain: 2 });
			const t0 = Date.now();
			const r = await run();
			const secs = (Date.now() - t0) / 1000;
			const c = await admin('counters');
			if (r.error) throw r.error;
			row(name, c.requests, floorReq, secs, Math.max(0, floorReq - 50) / 2, c.status503);
			return r;
		};
		const input = Array.from({ length: items }, (_, i) => ({ title: `ООО "Бенч ${i}"`, phone: `+7 495 ${String(1000000 + i).slice(1)}` }));
		const created = await scenario(`create ${items} companies`, Math.ceil(items / 50), () => runNode({ parameters: { resource: 'company', operation: 'create', fields: { TITLE: '={{ $json.title }}', PHONE: '={{ $json.phone }}' } } }, input, creds));
		const ids = (created.items as Array<{ json: Json }>).map((x) => ({ id: x.json.id, title: `${x.json.id} обновлено` }));
		await scenario(`update ${items} companies (title)`, Math.ceil(items / 50), () => runNode({ parameters: { resource: 'company', operation: 'update', id: '={{ $json.id }}', fields: { TITLE: '={{ $json.title }}' } } }, ids, creds));
		await scenario(`update ${items} companies (phones)`, 2 * Math.ceil(items / 50), () => runNode({ parameters: { resource: 'company', operation: 'update', id: '={{ $json.id }}', fields: { PHONE: '+7 499 000-00-00' } } }, ids, creds));
		const sustained = Number(process.env.BENCH_SUSTAINED ?? 4000);
		if (sustained > 0) {
			const more = Array.from({ length: sustained }, (_, i) => ({ title: `ИП Темп ${i}` }));
			await scenario(`create ${sustained} companies (paced)`, Math.ceil(sustained / 50), () => runNode({ parameters: { resource: 'company', operation: 'create', fields: { TITLE: '={{ $json.title }}' } } }, more, creds));
		}
		const total = (await admin('tables')).company as number;
		const read = await scenario(`read all ${total} companies`, 1 + Math.ceil(Math.max(0, total - 50) / 2500), () => runNode({ parameters: { resource: 'company', operation: 'getAll', returnAll: true, listOptions: { select: 'ID,TITLE' } } }, [{}], creds));
		console.log(`read returned ${read.items.length} rows (${new Set((read.items as Array<{ json: Json }>).map((x) => x.json.ID)).size} distinct IDs)`);
	} catch (e) {
		console.error('bench failed:', e);
		process.exitCode = 1;
	} finally {
		await sb.close();
		process.exit();
	}
}

void main();

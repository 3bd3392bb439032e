/**
 * `npm run bench:1c` — the 1C OData sandbox: loopback throughput, `$metadata` sizes, and the same
 * calls under the latency profile of a real base (research §7), run at a reduced scale and
 * extrapolated to real-world seconds.
 */
import { startOneCSandbox } from '../sandbox/onec/server';

async function main(): Promise<void> {
	const companies = Number(process.env.BENCH_COMPANIES ?? 2000);
	let t = Date.now();
	const sb = await startOneCSandbox({ companies });
	console.log(`# 1C sandbox bench (companies=${companies}): start with seed ${Date.now() - t} ms`);
	const pub = sb.publications[0];
	const auth = { authorization: `Basic ${Buffer.from(`${pub.user}:${pub.password}`).toString('base64')}` };
	const get = async (path: string) => {
		const r = await fetch(pub.url + path, { headers: auth });
		return { status: r.status, bytes: (await r.arrayBuffer()).byteLength };
	};
	try {
		for (const p of sb.publications) {
			const r = await fetch(`${p.url}$metadata`, { headers: { authorization: `Basic ${Buffer.from(`${p.user}:${p.password}`).toString('base64')}` } });
			console.log(`$metadata ${p.id}: ${(await r.arrayBuffer()).byteLength.toLocaleString('en-US')} bytes (a real base: 14–17 MB)`);
		}
		t = Date.now();
		let rows = 0;
		for (let skip = 0; ; skip += 500) {
			const r = await fetch(`${pub.url}Catalog_Контрагенты?$format=json&$select=Ref_Key,Description,ИНН,КПП&$orderby=Ref_Key&$top=500&$skip=${skip}`, { headers: auth });
			const n = ((await r.json()) as { value: unknown[] }).value.length;
			rows += n;
			if (n < 500) break;
		}
		console.log(`read all counterparties of bp30: ${rows} rows in ${Math.ceil((rows + 1) / 500)} pages, ${Date.now() - t} ms on loopback`);
		t = Date.now();
		const n = 200;
		for (let i = 0; i < n; i++) await get(`Catalog_Контрагенты?$format=json&$filter=ИНН eq '77070838${String(i).padStart(2, '0')}'&$select=Ref_Key`);
		console.log(`${n} lookups by INN: ${Date.now() - t} ms on loopback (${((Date.now() - t) / n).toFixed(1)} ms each)`);
		const scale = 0.02;
		await fetch(`${sb.baseUrl}/_admin/latency`, { method: 'POST', body: JSON.stringify({ enabled: true, scale }) });
		t = Date.now();
		for (let i = 0; i < 10; i++) await get(`Catalog_Контрагенты?$format=json&$top=1`);
		const reads = (Date.now() - t) / 10 / scale / 1000;
		t = Date.now();
		for (let i = 0; i < 5; i++) await fetch(`${pub.url}Catalog_Контрагенты?$format=json`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ Description: `Бенч ${i}` }) });
		const creates = (Date.now() - t) / 5 / scale / 1000;
		console.log(`latency profile (run at ×${scale}, extrapolated): read ≈ ${reads.toFixed(2)} s, create ≈ ${creates.toFixed(2)} s → 1,000 sequential creates ≈ ${((creates * 1000) / 60).toFixed(0)} min; with 4 sessions in parallel ≈ ${((creates * 1000) / 60 / 4).toFixed(0)} min`);
	} finally {
		await sb.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

/**
 * `npm run bench:match` — the Match node (issue 7) on 1,000 1C counterparties against the
 * rate-limited Bitrix24 sandbox (burst 50, drain 2/s, as a real portal): HTTP requests against the
 * floor ⌈lookups/50⌉ + ⌈link writes/50⌉ (target ≤ 1.05 × ⌈lookups/50⌉ + ⌈writes/50⌉), seconds,
 * and the pure matching CPU per item (normalising keys + deciding against the candidates).
 */
import type { IDataObject } from 'n8n-workflow';
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { startOneCSandbox } from '../sandbox/onec/server';
import { OneCClient } from '../nodes/OneC/transport/client';
import { candidateOf } from '../nodes/Match/b24';
import { decideRun } from '../lib/match-run';
import { keysOf, parseRule } from '../lib/matching';
import { fakeOneCHost, oneCCredential } from '../test/helpers/onec-host';
import { runNode } from '../test/helpers/n8n';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
	const companies = Number(process.env.BENCH_COMPANIES ?? 1500);
	const want = Number(process.env.BENCH_ITEMS ?? 1000);
	const b24 = await startBitrix24Sandbox({ companies, rate: { enabled: true, burst: 50, drain: 2 } });
	const onec = await startOneCSandbox({ companies });
	const admin = (path: string, body?: unknown) => fetch(`${b24.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Json>);
	try {
		const c = await OneCClient.create(fakeOneCHost(oneCCredential(onec.publications.find((p) => p.id === 'bp30')!)));
		const rows = await c.list('Catalog_Контрагенты', { returnAll: true, select: 'Ref_Key,DataVersion,Description,ИНН,КПП,ЮридическоеФизическоеЛицо,КонтактнаяИнформация' });
		const items: IDataObject[] = rows
			.filter((r) => r.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо')
			.slice(0, want)
			.map((r) => ({ Ref_Key: r.Ref_Key, DataVersion: r.DataVersion, Description: r.Description, ИНН: r.ИНН, КПП: r.КПП, phones: ((r.КонтактнаяИнформация as IDataObject[]) ?? []).filter((k) => k.Тип === 'Телефон').map((k) => String(k.Представление)) }) as IDataObject);
		console.log(`# Match bench: ${items.length} 1C counterparties (БП 3.0) against ${companies} seeded Bitrix24 companies; sandbox rate limit 50 burst / 2 per s`);
		for (const rule of ['inn+kpp', 'name+phone | name+email | inn+kpp']) {
			await admin('reset', { companies });
			await admin('counters/reset', {});
			await admin('rate', { enabled: true, burst: 50, drain: 2 });
			const t0 = Date.now();
			const cpu0 = process.cpuUsage();
			const r = await runNode(
				{
					type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
					onError: 'continueErrorOutput',
					credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
					parameters: { authentication: 'webhook', target: 'company', baseId: 'bench/bp30', rule, keys: { name: '={{ $json.Description }}', inn: '={{ $json.ИНН }}', kpp: '={{ $json.КПП }}', phone: '={{ $json.phones }}' } },
				},
				items,
				{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 2 } },
			);
			const cpu = process.cpuUsage(cpu0);
			const secs = (Date.now() - t0) / 1000;
			if (r.error) throw r.error;
			const k = await admin('counters');
			const [found, , notFound, errors] = r.outputs;
			const writes = found.filter((f) => (f.json.match as Json).linked).length;
			const lookups = k.batchCommands - writes;
			const floor = Math.ceil(lookups / 50) + Math.ceil(writes / 50);
			const target = 1.05 * Math.ceil(lookups / 50) + Math.ceil(writes / 50);
			console.log(
				`rule "${rule}": found ${found.length}, new ${notFound.length}, errors ${errors.length} | requests ${k.requests} (batch commands ${k.batchCommands}: ${lookups} lookups + ${writes} link writes; floor ${floor}, target ≤ ${target.toFixed(2)}) | ${secs.toFixed(1)} s | node+engine+sandbox CPU ${((cpu.user + cpu.system) / 1000 / items.length).toFixed(2)} ms/item`,
			);
		}
		// pure matching CPU: normalise the items' keys and decide against every company of the portal
		const all = (await fetch(`${b24.baseUrl}/_admin/table/company`).then((x) => x.json())) as IDataObject[];
		const reqs = (await fetch(`${b24.baseUrl}/_admin/table/requisite`).then((x) => x.json())) as IDataObject[];
		const byOwner = new Map<string, IDataObject[]>();
		for (const q of reqs) if (Number(q.ENTITY_TYPE_ID) === 4) byOwner.set(String(q.ENTITY_ID), [...(byOwner.get(String(q.ENTITY_ID)) ?? []), q]);
		const rule = parseRule('name+phone | name+email | inn+kpp');
		const t1 = process.cpuUsage();
		const candidates = all.map((e) => candidateOf('company', 'bench/bp30', e, byOwner.get(String(e.ID)) ?? []));
		const runItems = items.map((i) => ({ externalId: String(i.Ref_Key), version: String(i.DataVersion), keys: keysOf({ name: String(i.Description), inn: String(i.ИНН), kpp: String(i.КПП), phone: i.phones as string[] }) }));
		const decisions = decideRun(runItems, candidates, rule);
		const u = process.cpuUsage(t1);
		console.log(`pure matching: ${runItems.length} items × ${candidates.length} candidates → ${decisions.filter((d) => d.kind === 'found').length} found; CPU ${((u.user + u.system) / 1000).toFixed(0)} ms total, ${((u.user + u.system) / 1000 / runItems.length).toFixed(3)} ms/item (incl. normalising ${candidates.length} candidates)`);
	} finally {
		await b24.close();
		await onec.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

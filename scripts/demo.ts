/**
 * `npm run demo` — the main job. Until the template workflows land (issue #9) it starts the
 * embedded sandboxes and runs a smoke scenario against them over HTTP, exactly as a client
 * would: read the seeded portal, create a company with requisites and bank details in one
 * batch, find duplicates by phone, read deals with product rows and smart invoices, and page
 * through all companies with the `start=-1` + `>ID` cursor. Exits non-zero on any failure.
 * With SANDBOX_B24_URL set it runs against that webhook URL instead of starting a sandbox.
 */
import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
import { startOneCSandbox } from '../sandbox/onec/server';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
	const external = process.env.SANDBOX_B24_URL;
	const sb = external ? undefined : await startBitrix24Sandbox({ port: 0 });
	const base = external ?? sb!.webhookUrl;
	const call = async (method: string, params: Json = {}): Promise<Json> => {
		const res = await fetch(base + method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
		const body = (await res.json()) as Json;
		if (!res.ok || body.error !== undefined) throw new Error(`${method}: HTTP ${res.status} ${body.error} ${body.error_description}`);
		return body;
	};
	const step = (name: string, detail: string) => console.log(`✔ ${name.padEnd(44)} ${detail}`);
	try {
		console.log(`Bitrix24 sandbox: ${base.replace(/\/rest\/(\d+)\/[^/]+\//, '/rest/$1/***/')}`);
		const companies = await call('crm.company.list', { select: ['ID', 'TITLE'] });
		step('crm.company.list (seeded portal)', `${companies.total} companies, first: ${companies.result[0]?.TITLE}`);
		const batch = await call('batch', {
			halt: 1,
			cmd: {
				company: `crm.company.add?${new URLSearchParams({ 'fields[TITLE]': 'ООО "Демо-Сервис"', 'fields[PHONE][0][VALUE]': '+7 (495) 000-11-22', 'fields[PHONE][0][VALUE_TYPE]': 'WORK', 'fields[ORIGINATOR_ID]': '1c-demo', 'fields[ORIGIN_ID]': '3f8a2c1e-0000-4000-8000-000000000001' })}`,
				requisite: `crm.requisite.add?${new URLSearchParams({ 'fields[ENTITY_TYPE_ID]': '4', 'fields[ENTITY_ID]': '$result[company]', 'fields[PRESET_ID]': '1', 'fields[NAME]': 'Организация', 'fields[RQ_INN]': '7707083893', 'fields[RQ_KPP]': '773601001' })}`,
				bank: `crm.requisite.bankdetail.add?${new URLSearchParams({ 'fields[ENTITY_ID]': '$result[requisite]', 'fields[NAME]': 'ПАО Сбербанк', 'fields[RQ_BIK]': '044525225', 'fields[RQ_ACC_NUM]': '40702810438000060473', 'fields[RQ_COR_ACC_NUM]': '30101810400000000225' })}`,
			},
		});
		const r = batch.result.result;
		if (Object.keys(batch.result.result_error).length) throw new Error(`batch errors: ${JSON.stringify(batch.result.result_error)}`);
		step('batch: company + requisite + bank detail', `company ${r.company}, requisite ${r.requisite}, bank detail ${r.bank} (1 request)`);
		const dup = await call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['84950001122'], entity_type: 'COMPANY' });
		step('crm.duplicate.findbycomm by phone', `matches: ${JSON.stringify(dup.result)}`);
		const deals = await call('crm.deal.list', { select: ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'], filter: { '>OPPORTUNITY': 0 } });
		const deal = deals.result[0];
		if (deal) {
			const rows = await call('crm.deal.productrows.get', { id: deal.ID });
			step('crm.deal.list + productrows', `${deals.total} deals; deal ${deal.ID} "${deal.TITLE}" ${deal.OPPORTUNITY} RUB, ${rows.result.length} rows`);
		}
		const invoices = await call('crm.item.list', { entityTypeId: 31, select: ['id', 'title', 'stageId', 'opportunity'] });
		step('crm.item.list (smart invoices, 31)', `${invoices.total} invoices; first: ${invoices.result.items[0]?.title ?? '-'}`);
		let last = 0;
		let pages = 0;
		let rowsSeen = 0;
		for (;;) {
			const page = await call('crm.company.list', { select: ['ID'], order: { ID: 'ASC' }, filter: { '>ID': last }, start: -1 });
			pages++;
			rowsSeen += page.result.length;
			if (page.result.length) last = Number(page.result[page.result.length - 1].ID);
			if (page.result.length < 50) break;
		}
		step('full export: start=-1 with >ID cursor', `${rowsSeen} companies in ${pages} requests`);

		// the 1C side: the same business in БП 3.0 over the standard OData interface
		const onec = await startOneCSandbox({ port: 0 });
		try {
			const bp = onec.publications[0];
			const auth = { authorization: `Basic ${Buffer.from(`${bp.user}:${bp.password}`).toString('base64')}` };
			const odata = async (path: string): Promise<Json> => {
				const res = await fetch(bp.url + path, { headers: auth });
				if (!res.ok) throw new Error(`1C ${path}: HTTP ${res.status}`);
				return (await res.json()) as Json;
			};
			const cps = await odata(`Catalog_Контрагенты?$format=json&$select=Ref_Key,Description,ИНН&$filter=${encodeURIComponent('IsFolder eq false')}`);
			const inns1c = new Set((cps.value as Json[]).map((c) => c.ИНН).filter(Boolean));
			let rqs: Json[] = [];
			for (let start = 0; ; start += 50) {
				const page = await call('crm.requisite.list', { select: ['RQ_INN'], start });
				rqs = rqs.concat(page.result);
				if (page.next === undefined) break;
			}
			const shared = rqs.filter((r) => inns1c.has(r.RQ_INN)).length;
			step('1C БП 3.0: counterparties vs Bitrix24 requisites', `${inns1c.size} INNs in 1C, ${rqs.length} requisites in Bitrix24, ${shared} match by INN`);
			const inv = await odata(`Document_СчетНаОплатуПокупателю?$format=json&$top=1&$filter=${encodeURIComponent('Posted eq true')}`);
			const doc = inv.value[0];
			step('1C invoice with rows', doc ? `№ ${doc.Number} от ${String(doc.Date).slice(0, 10)}: ${doc.Товары.length} rows, ${doc.СуммаДокумента} руб.` : 'none');
			const bal = await odata(`AccumulationRegister_РасчетыСКонтрагентами/Balance()?$format=json`);
			step('1C settlements Balance() virtual table', `${bal.value.length} open balances`);
		} finally {
			await onec.close();
		}
		console.log('\nSmoke scenario passed. (The template workflows replace this scenario once they exist.)');
	} finally {
		await sb?.close();
	}
}

main().catch((e: Error) => {
	console.error(`✘ ${e.message}`);
	process.exit(1);
});

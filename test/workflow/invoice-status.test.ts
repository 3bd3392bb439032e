/**
 * The invoice-status template (1C → Bitrix24) as shipped, in-process, after the client and invoice
 * syncs: with the seeded data both sides agree, so nothing is written; an invoice marked paid in
 * 1C (its status record set to «Оплачен») moves to the paid stage in Bitrix24 on the next run, and
 * only that one; the run after that writes nothing again.
 */
import type { IDataObject } from 'n8n-workflow';
import { templateSandboxes } from '../helpers/templates';


const sb = templateSandboxes(200);
const run = (file: string) => sb.run(file);
const items = async () => ((await (await fetch(`${sb.b24.baseUrl}/_admin/table/item`)).json()) as IDataObject[]).filter((x) => Number(x.entityTypeId) === 31);

it('moves an invoice paid in 1C to the paid stage, once', async () => {
	for (const f of ['01-client-sync-1c-to-bitrix24.json', '03-invoice-sync-bitrix24-to-1c.json']) expect((await run(f)).status).toBe('success');
	const quiet = await run('04-invoice-status-1c-to-bitrix24.json');
	expect(quiet.status).toBe('success');
	expect(quiet.itemsOut('Links: invoices of this base').length).toBeGreaterThan(10);
	expect(quiet.itemsOut('Bitrix24: move the invoice')).toHaveLength(0);

	// a linked, unpaid invoice gets paid in 1C
	const linked = (await items()).find((x) => String(x.xmlId ?? '').includes(':') && String(x.stageId) !== 'DT31_2:P')!;
	expect(linked).toBeDefined();
	const ref = String(linked.xmlId).split(':').pop()!;
	const set = 'InformationRegister_СтатусыДокументов';
	const recs = (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent(set)}`)).json()) as IDataObject[];
	const rec = recs.find((r) => String(r.Документ).toLowerCase() === ref.toLowerCase())!;
	expect(rec).toBeDefined();
	const key = `Организация_Key=guid'${String(rec.Организация_Key)}',Документ='${ref}',Документ_Type='StandardODATA.Document_СчетНаОплатуПокупателю'`;
	const patch = await sb.patch1C(`${set}(${encodeURI(key)})`, { Статус: 'Оплачен', Статус_Type: 'UnavailableEnums.СтатусОплатыСчета' });
	expect(patch.status).toBe(200);

	const moved = await run('04-invoice-status-1c-to-bitrix24.json');
	expect(moved.itemsOut('Bitrix24: move the invoice').map((x) => String(x.json.id))).toEqual([String(linked.id)]);
	expect((await items()).find((x) => x.id === linked.id)!.stageId).toBe('DT31_2:P');
	const again = await run('04-invoice-status-1c-to-bitrix24.json');
	expect(again.itemsOut('Bitrix24: move the invoice')).toHaveLength(0);
}, 120_000);

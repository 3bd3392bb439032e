/**
 * The old-format invoice-sync template (workflows-templates/03-invoice-sync-old-format-bitrix24-to-1c.json)
 * as shipped, in-process, after the client and product syncs: old invoices (`crm.invoice`) become
 * 1C invoices with the linked counterparty and one row per PRODUCT_ROWS row, and are linked back in
 * XML_ID; declined ones are not loaded; an invoice billed before the cut-off is not read; a second
 * run writes nothing in either system; the invoice-added event loads that invoice only.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkInvoiceSyncOld } from '../../scripts/checks/invoice-sync-old';
import { oneCCredential } from '../helpers/onec-host';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { b24Rest } from '../../scripts/checks/rest';

const FILE = '03-invoice-sync-old-format-bitrix24-to-1c.json';
const sb = templateSandboxes(200);
const rest = async (method: string, body: unknown) => ((await b24Rest(sb.b24.webhookUrl, method, body)) as { result: unknown }).result;
const table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as IDataObject[];
const reset = (base: string) => fetch(`${base}/_admin/counters/reset`, { method: 'POST', body: '{}' });
const onecWrites = async (since: number) => ((await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=5000`)).json()) as IDataObject[]).filter((e) => Number(e.ts) >= since && e.method !== 'GET');
const b24Writes = async () => Object.keys(((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as object).filter((m) => /\.(add|update|set|delete)$/.test(m));

it('loads the old invoices into 1C once, links them in XML_ID, skips declined and too old ones; the second run writes nothing', async () => {
	for (const f of ['01-client-sync-1c-to-bitrix24.json', '02-product-sync-1c-to-bitrix24.json']) expect((await sb.run(f)).status).toBe('success');
	const baseId = baseIdFromUrl(sb.bp30().url);
	const seeded = await table('invoice');
	expect(seeded.length).toBeGreaterThanOrEqual(10);
	// planted: an old invoice of a linked company billed before the cut-off (Settings → syncFrom 2024-01-01)
	const company = (await table('company')).find((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID)!;
	const product = (await table('catalog_product')).find((p) => p.xmlId)!;
	const rows = [{ PRODUCT_ID: product.id, PRODUCT_NAME: product.name, PRICE: 100, QUANTITY: 1, VAT_RATE: 0.2, VAT_INCLUDED: 'Y' }];
	const oldId = Number(await rest('crm.invoice.add', { fields: { ORDER_TOPIC: 'Счёт 2023 года', STATUS_ID: 'N', PERSON_TYPE_ID: 1, PAY_SYSTEM_ID: 1, UF_COMPANY_ID: company.ID, DATE_BILL: '2023-12-15', PRODUCT_ROWS: rows } }));

	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	const read = first.itemsOut('Bitrix24: old invoices').map((x) => Number(x.json.ID));
	expect(read.sort((a, b) => a - b)).toEqual(seeded.map((x) => Number(x.ID)).sort((a, b) => a - b));
	expect(read).not.toContain(oldId);
	const written = first.itemsOut('Links: old invoice ↔ 1C').length;
	expect(written).toBeGreaterThan(1);
	const declined = first.itemsOut('Not loaded (status)');
	expect(declined.every((x) => x.json.STATUS_ID === 'D')).toBe(true);
	const journal = first.itemsOut('Error journal');
	for (const e of journal) expect(e.json.cause).toMatch(/not linked to a 1C counterparty|has no company|no product rows/);
	expect(written + declined.length + journal.length).toBe(read.length);
	const facts = await checkInvoiceSyncOld(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId);
	expect(facts.failures).toEqual([]);
	expect(facts.linked).toBe(written);
	const docs = (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent('Document_СчетНаОплатуПокупателю')}`)).json()) as IDataObject[];
	expect(docs.filter((d) => /^Bitrix24 invoice \d+$/.test(String(d.Комментарий)))).toHaveLength(written);

	await Promise.all([reset(sb.b24.baseUrl), reset(sb.onec.baseUrl)]);
	const since = Date.now();
	const second = await sb.run(FILE);
	expect(second.status).toBe('success');
	expect(second.itemsOut('Already in 1C')).toHaveLength(written);
	expect(second.itemsOut('1C: invoice (by number)')).toHaveLength(0);
	expect(await b24Writes()).toEqual([]);
	expect(await onecWrites(since)).toEqual([]);

	// the invoice-added event loads that invoice only
	const id = Number(await rest('crm.invoice.add', { fields: { ORDER_TOPIC: 'Счёт по событию', STATUS_ID: 'N', PERSON_TYPE_ID: 1, PAY_SYSTEM_ID: 1, UF_COMPANY_ID: company.ID, PRODUCT_ROWS: rows } }));
	const wf = template(FILE);
	for (const n of wf.nodes) if (n.type === 'n8n-nodes-1c-bitrix24.bitrix24Trigger') n.parameters.applicationToken = 'app-token-of-the-outbound-webhook';
	const event = { event: 'ONCRMINVOICEADD', data: { FIELDS: { ID: String(id) } }, ts: '1764806400', auth: { domain: 'sandbox', member_id: 'm', application_token: 'checked-by-the-trigger' } };
	const ev = await runWorkflow(wf, { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(sb.bp30()) }, { startNode: 'Bitrix24 Trigger: old invoice added or changed', input: [event], dataTables: sb.tables });
	expect(ev.status).toBe('success');
	expect(ev.itemsOut('Bitrix24: old invoices').map((x) => Number(x.json.ID))).toEqual([id]);
	expect(ev.itemsOut('Links: old invoice ↔ 1C')).toHaveLength(1);
	const after = await checkInvoiceSyncOld(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId);
	expect(after.failures).toEqual([]);
	expect(after.linked).toBe(written + 1);
}, 180_000);

/**
 * The invoice-sync template as shipped, in-process against both sandboxes, after the client sync
 * (it needs linked companies): new smart invoices become 1C invoices (an existing 1C invoice with
 * the same number is updated, not duplicated) with the linked counterparty and one row per product
 * row, and are linked back; declined ones are not loaded; invoices it cannot load are in the error
 * journal with the cause; an invoice dated before the cut-off (Settings → syncFrom) is not read;
 * a second run writes nothing to either system.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkInvoiceSync } from '../../scripts/checks/invoice-sync';
import { templateSandboxes } from '../helpers/templates';
import { b24Rest } from '../../scripts/checks/rest';


const sb = templateSandboxes(200);
const run = (file: string) => sb.run(file);
const counters = async (base: string) => (await (await fetch(`${base}/_admin/counters`)).json()) as IDataObject;
const reset = (base: string) => fetch(`${base}/_admin/counters/reset`, { method: 'POST', body: '{}' });

it('loads the new invoices into 1C once, links them, explains the rest; the second run writes nothing', async () => {
	expect((await run('01-client-sync-1c-to-bitrix24.json')).status).toBe('success');
	// planted: an invoice of a linked company dated before the cut-off (Settings → syncFrom 2024-01-01)
	const companies = (await (await fetch(`${sb.b24.baseUrl}/_admin/table/company`)).json()) as IDataObject[];
	const company = companies.find((c) => c.ORIGINATOR_ID && c.ORIGIN_ID)!;
	const old = (await b24Rest(sb.b24.webhookUrl, 'crm.item.add', { entityTypeId: 31, fields: { title: 'Счёт № OLD-2023', companyId: company.ID, stageId: 'DT31_2:N', begindate: '2023-12-15' } })) as { result: { item: IDataObject } };
	const oldId = Number(old.result.item.id);
	const first = await run('03-invoice-sync-bitrix24-to-1c.json');
	expect(first.status).toBe('success');
	const loaded = first.itemsOut('Bitrix24: smart invoices').map((x) => Number(x.json.id));
	expect(loaded.length).toBeGreaterThan(10);
	expect(loaded).not.toContain(oldId);
	expect(first.itemsOut('Error journal').filter((x) => String(x.json.object).startsWith(`Bitrix24 smart invoice ${oldId} `))).toHaveLength(0);
	const written = first.itemsOut('Links: invoice ↔ 1C').length;
	expect(written).toBeGreaterThan(10);
	const facts = await checkInvoiceSync(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseIdFromUrl(sb.bp30().url));
	expect(facts.failures).toEqual([]);
	expect(facts.linked).toBe(written);

	// declined invoices are skipped, not errors; every error names the invoice and a known cause
	expect(first.itemsOut('Not loaded (stage)').every((x) => String(x.json.stageId).endsWith(':D'))).toBe(true);
	const journal = first.itemsOut('Error journal');
	for (const e of journal) {
		expect(e.json.object).toMatch(/^Bitrix24 smart invoice \d+ «Счёт № .+»$/);
		expect(e.json.cause).toMatch(/not linked to a 1C counterparty|has no company|not found/);
	}
	const total = first.itemsOut('Bitrix24: smart invoices').length;
	expect(written + journal.length + first.itemsOut('Not loaded (stage)').length).toBe(total);

	await Promise.all([reset(sb.b24.baseUrl), reset(sb.onec.baseUrl)]);
	const second = await run('03-invoice-sync-bitrix24-to-1c.json');
	expect(second.status).toBe('success');
	expect(second.itemsOut('Already in 1C').length).toBe(written);
	expect(second.itemsOut('1C: invoice (by number)')).toHaveLength(0);
	const b = (await counters(sb.b24.baseUrl)).byMethod as Record<string, number>;
	expect(Object.keys(b).filter((m) => /\.(add|update|set|delete)$/.test(m))).toEqual([]);
	const log = (await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=500`)).json()) as Array<{ method?: string }>;
	expect(log.filter((x) => x.method && x.method !== 'GET')).toEqual([]);
}, 120_000);

/**
 * The incremental production paths of the templates (issue 9: «incremental by default, a manual
 * full-resync path»), in-process on the sandboxes after the full runs:
 * - 03: the Bitrix24 Trigger's event for a new smart invoice loads that invoice, and only it, into
 *   1C; the event of the sync's own link write (an update of a linked invoice) writes nothing;
 * - 05: a deal event restricts step 1 to that deal;
 * - 02: the 1C Trigger's emission of a changed product updates that product, and a group is ignored.
 * The events are the shape the Bitrix24 Trigger outputs (test/workflow/print-form-timeline.test.ts
 * feeds a delivered event through the trigger node itself).
 */
import type { IDataObject } from 'n8n-workflow';
import { oneCCredential } from '../helpers/onec-host';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { b24Rest } from '../../scripts/checks/rest';

const sb = templateSandboxes(200);
const rest = async (method: string, body: unknown) => (await b24Rest(sb.b24.webhookUrl, method, body)) as { result?: IDataObject; error?: string };
const table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as IDataObject[];
const onecRows = async (base: string, set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/${base}/${encodeURIComponent(set)}`)).json()) as IDataObject[];
const event = (name: string, id: number | string, extra: IDataObject = {}) => ({ event: name, data: { FIELDS: { ID: String(id), ...extra } }, ts: '1764806400', auth: { domain: 'sandbox', member_id: 'm', application_token: 'checked-by-the-trigger' } });
/** Runs a template from one of its triggers (the Bitrix24 Trigger set up with its application token, as its sticky note says). */
const fromTrigger = (file: string, trigger: string, input: IDataObject[], creds: IDataObject = {}) => {
	const wf = template(file);
	for (const n of wf.nodes) if (n.type === 'n8n-nodes-1c-bitrix24.bitrix24Trigger') n.parameters.applicationToken = 'app-token-of-the-outbound-webhook';
	return runWorkflow(wf, { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(sb.bp30()) }, { startNode: trigger, input, dataTables: sb.tables, ...creds });
};

beforeAll(async () => {
	for (const f of ['01-client-sync-1c-to-bitrix24.json', '02-product-sync-1c-to-bitrix24.json', '03-invoice-sync-bitrix24-to-1c.json']) expect((await sb.run(f)).status).toBe('success');
}, 180_000);

it('03: an invoice-added event loads that invoice only; the event of a linked invoice writes nothing', async () => {
	const company = (await table('company')).find((c) => String(c.ORIGIN_ID ?? '') && c.ORIGINATOR_ID)!;
	const product = (await table('catalog_product')).find((p) => String(p.xmlId ?? '').length === 36 || /^[0-9a-f-]{36}$/.test(String(p.xmlId)))!;
	const added = await rest('crm.item.add', { entityTypeId: 31, fields: { title: 'Счёт по событию', companyId: company.ID, stageId: 'DT31_2:N' } });
	const id = Number((added.result!.item as IDataObject).id);
	expect((await rest('crm.item.productrow.set', { ownerType: 'SI', ownerId: id, productRows: [{ productId: product.id, price: 1500, quantity: 2 }] })).result).toBeDefined();
	const before = (await onecRows('bp30', 'Document_СчетНаОплатуПокупателю')).length;

	const r = await fromTrigger('03-invoice-sync-bitrix24-to-1c.json', 'Bitrix24 Trigger: invoice added or changed', [event('ONCRMDYNAMICITEMADD', id, { ENTITY_TYPE_ID: '31' })]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Bitrix24: smart invoices').map((x) => Number(x.json.id))).toEqual([id]);
	expect(r.itemsOut('Links: invoice ↔ 1C')).toHaveLength(1);
	const invoices = await onecRows('bp30', 'Document_СчетНаОплатуПокупателю');
	expect(invoices).toHaveLength(before + 1);
	const item = (await table('item')).find((x) => Number(x.id) === id)!;
	const doc = invoices.find((d) => String(item.xmlId).endsWith(String(d.Ref_Key)))!;
	expect(doc.Контрагент_Key).toBe(company.ORIGIN_ID);
	expect((doc.Товары as IDataObject[]).map((x) => [x.Номенклатура_Key, x.Количество])).toEqual([[product.xmlId, 2]]);

	// the link write is itself an update event: it comes back and writes nothing
	const echo = await fromTrigger('03-invoice-sync-bitrix24-to-1c.json', 'Bitrix24 Trigger: invoice added or changed', [event('ONCRMDYNAMICITEMUPDATE', id, { ENTITY_TYPE_ID: '31' })]);
	expect(echo.status).toBe('success');
	expect(echo.itemsOut('Already in 1C')).toHaveLength(1);
	expect(echo.itemsOut('Links: invoice ↔ 1C')).toHaveLength(0);
	expect(await onecRows('bp30', 'Document_СчетНаОплатуПокупателю')).toHaveLength(before + 1);
}, 120_000);

it('05: a deal event reads that deal only', async () => {
	const deal = (await table('deal')).find((d) => Number(d.CATEGORY_ID) === 1 && String(d.DATE_CREATE) >= '2026-10-01')!;
	expect(deal).toBeDefined();
	const unf = sb.onec.publications.find((p) => p.id === 'unf')!;
	const r = await fromTrigger('05-deal-order-sync.json', 'Bitrix24 Trigger: deal added or changed', [event('ONCRMDEALUPDATE', String(deal.ID))], { credsById: { onecUnf: oneCCredential(unf) } });
	expect(r.status).toBe('success');
	expect(r.itemsOut('Bitrix24: deals of the pipeline').map((x) => String(x.json.ID))).toEqual([String(deal.ID)]);
}, 120_000);

it('02: the 1C Trigger’s changed product is the only one written; a group is ignored', async () => {
	const products = (await onecRows('bp30', 'Catalog_Номенклатура')).filter((p) => p.IsFolder !== true && p.DeletionMark !== true);
	const changed: IDataObject = { ...products[0], Description: `${String(products[0].Description)} (новая упаковка)` };
	const patch = await sb.patch1C(`Catalog_Номенклатура(guid'${String(changed.Ref_Key)}')`, { Description: changed.Description });
	expect(patch.status).toBe(200);
	const group = (await onecRows('bp30', 'Catalog_Номенклатура')).find((p) => p.IsFolder === true)!;
	const r = await fromTrigger('02-product-sync-1c-to-bitrix24.json', '1C: product changed', [changed, group]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Products to sync')).toHaveLength(1);
	expect(r.itemsOut('Bitrix24: update product')).toHaveLength(1);
	expect(r.itemsOut('Bitrix24: create product')).toHaveLength(0);
	const b24 = (await table('catalog_product')).find((p) => String(p.xmlId) === String(changed.Ref_Key))!;
	expect(b24.name).toBe(changed.Description);
}, 120_000);

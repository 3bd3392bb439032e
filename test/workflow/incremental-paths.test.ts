/**
 * The incremental production paths of the templates (issue 9: «incremental by default, a manual
 * full-resync path»), in-process on the sandboxes after the full runs:
 * - 03: the Bitrix24 Trigger's event for a new smart invoice loads that invoice, and only it, into
 *   1C; the event of the sync's own link write (an update of a linked invoice) writes nothing;
 * - 05: a deal event restricts step 1 to that deal;
 * - 02: the 1C Trigger's emission of a changed product updates that product, and a group is ignored;
 * - 01 (1C → Bitrix24): the 1C Trigger's changed counterparty / contact person / bank account is the
 *   only one written (a group, another kind or a deleted object is dropped; the full reads, the
 *   «Удален в 1С» branch and the addresses do not run);
 * - 01 (Bitrix24 → 1C): a company / contact event creates that one counterparty / contact person
 *   only, and the company event does not take the link snapshot's other companies for deleted.
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
const get1C = async (path: string) =>
	((await (await fetch(`${sb.bp30().url}${path}&$format=json`, { headers: { Authorization: `Basic ${Buffer.from(`${sb.bp30().user}:${sb.bp30().password}`).toString('base64')}` } })).json()) as { value: IDataObject[] }).value;
/** what a 1C Trigger emits: the objects read with the trigger's own $select / $expand */
const emitted = async (file: string, trigger: string, keys: string[]) => {
	const o = template(file).nodes.find((n) => n.name === trigger)!.parameters as { entitySet: { value: string }; options: { select: string; expand?: string } };
	const q = `?$select=${encodeURIComponent(o.options.select)}${o.options.expand ? `&$expand=${encodeURIComponent(o.options.expand)}` : ''}`;
	return Promise.all(keys.map(async (k) => (await get1C(`${o.entitySet.value}${q}&$filter=${encodeURIComponent(`Ref_Key eq guid'${k}'`)}`))[0]));
};
/** a valid 10-digit INN of a legal entity */
const inn10 = (nine: string) => nine + String(([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((a, w, i) => a + w * Number(nine[i]), 0) % 11) % 10);
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

it('01 1C → Bitrix24: the 1C Trigger’s changed counterparty is the only company written; a group is dropped, no deletion flagging', async () => {
	const FILE = '01-client-sync-1c-to-bitrix24.json';
	const company = (await table('company')).find((c) => String(c.ORIGIN_ID ?? '').length === 36)!;
	const ref = String(company.ORIGIN_ID);
	expect((await sb.patch1C(`Catalog_Контрагенты(guid'${ref}')`, { Description: 'ООО «Переименованный по опросу»' })).status).toBe(200);
	const group = (await onecRows('bp30', 'Catalog_Контрагенты')).find((c) => c.IsFolder === true)!;
	const input = await emitted(FILE, '1C: counterparty changed', [ref, String(group.Ref_Key)]);
	expect(input.map((x) => x.IsFolder)).toEqual([false, true]);
	const r = await fromTrigger(FILE, '1C: counterparty changed', input);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Counterparties to sync').map((x) => x.json.Ref_Key)).toEqual([ref]);
	expect(r.itemsOut('Bitrix24: update company')).toHaveLength(1);
	expect(r.itemsOut('Bitrix24: create company')).toHaveLength(0);
	expect(r.itemsOut('1C: counterparties')).toHaveLength(0);
	expect(r.itemsOut('Bitrix24: «Удален в 1С» field')).toHaveLength(0);
	expect((await table('company')).find((c) => String(c.ID) === String(company.ID))!.TITLE).toBe('ООО «Переименованный по опросу»');
}, 120_000);

it('01 contacts 1C → Bitrix24: the changed contact person is the only one matched and written; a deleted one is dropped', async () => {
	const FILE = '01-client-sync-contacts-1c-to-bitrix24.json';
	const linked = new Set((await table('company')).map((c) => String(c.ORIGIN_ID ?? '')));
	const people = (await onecRows('bp30', 'Catalog_КонтактныеЛица')).filter((p) => p.DeletionMark !== true && p.ВидКонтактногоЛица === 'КонтактноеЛицоКонтрагента' && linked.has(String(p.ОбъектВладелец_Key)));
	expect(people.length).toBeGreaterThan(1);
	const [person, other] = people;
	expect((await sb.patch1C(`Catalog_КонтактныеЛица(guid'${String(person.Ref_Key)}')`, { Отчество: 'Опросович' })).status).toBe(200);
	const [changed, second] = await emitted(FILE, '1C: contact person changed', [String(person.Ref_Key), String(other.Ref_Key)]);
	const r = await fromTrigger(FILE, '1C: contact person changed', [changed, { ...second, DeletionMark: true }]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Contact persons to sync').map((x) => x.json.Ref_Key)).toEqual([person.Ref_Key]);
	expect([0, 1, 2, 3].reduce((n, o) => n + r.itemsOut('Match: find the contact', o).length, 0)).toBe(1);
	expect(r.itemsOut('1C: contact persons')).toHaveLength(0);
	const contact = (await table('contact')).find((c) => String(c.ORIGIN_ID) === String(person.Ref_Key))!;
	expect(contact.SECOND_NAME).toBe('Опросович');
	expect((await table('contact')).some((c) => String(c.ORIGIN_ID) === String(other.Ref_Key))).toBe(false);
}, 120_000);

it('01 banks: the 1C Trigger’s bank account becomes the only bank detail written; the full reads and the addresses do not run', async () => {
	const FILE = '01-client-sync-banks-1c-to-bitrix24.json';
	const companies = await table('company');
	const withRq = new Set((await table('requisite')).filter((q) => Number(q.ENTITY_TYPE_ID) === 4).map((q) => String(q.ENTITY_ID)));
	const linked = new Set(companies.filter((c) => withRq.has(String(c.ID))).map((c) => String(c.ORIGIN_ID ?? '')));
	const accounts = (await onecRows('bp30', 'Catalog_БанковскиеСчета')).filter((a) => a.DeletionMark !== true && linked.has(String(a.Owner)));
	expect(accounts.length).toBeGreaterThan(1);
	const before = await table('bankdetail');
	const input = await emitted(FILE, '1C: bank account changed', [String(accounts[0].Ref_Key), String(accounts[1].Ref_Key)]);
	const r = await fromTrigger(FILE, '1C: bank account changed', [input[0], { ...input[1], DeletionMark: true }]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Accounts of linked counterparties').map((x) => x.json.Ref_Key)).toEqual([accounts[0].Ref_Key]);
	expect(r.itemsOut('Bitrix24: add bank detail').length + r.itemsOut('Bitrix24: update bank detail').length).toBe(1);
	for (const n of ['1C: bank accounts', '1C: address kinds', '1C: counterparties', 'Bitrix24: address of the requisite']) expect(r.itemsOut(n)).toHaveLength(0);
	const after = await table('bankdetail');
	expect(after.length - before.length).toBe(r.itemsOut('Bitrix24: add bank detail').length);
	expect(after.some((d) => String(d.RQ_ACC_NUM) === String(accounts[0].НомерСчета))).toBe(true);
	expect(after.some((d) => String(d.RQ_ACC_NUM) === String(accounts[1].НомерСчета))).toBe(before.some((d) => String(d.RQ_ACC_NUM) === String(accounts[1].НомерСчета)));
}, 120_000);

it('01 Bitrix24 → 1C: a company event creates that counterparty only; the snapshot’s other companies are not taken for deleted', async () => {
	const FILE = '01-client-sync-bitrix24-to-1c.json';
	expect((await sb.run(FILE)).status).toBe('success'); // the full pass fills the link snapshot
	const marked = () => onecRows('bp30', 'Catalog_Контрагенты').then((cs) => cs.filter((c) => c.DeletionMark === true).length);
	const [counterparties, deleted] = [(await onecRows('bp30', 'Catalog_Контрагенты')).length, await marked()];
	const id = String((await rest('crm.company.add', { fields: { TITLE: 'ООО «Событийная»' } })).result);
	await rest('crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: 'Организация', RQ_INN: inn10('770912345'), RQ_KPP: '770901001', RQ_COMPANY_NAME: 'ООО «Событийная»' } });
	const T = 'Bitrix24 Trigger: company added or changed';
	const r = await fromTrigger(FILE, T, [event('ONCRMCOMPANYADD', id)]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Bitrix24: companies').map((x) => String(x.json.ID))).toEqual([id]);
	expect(r.itemsOut('1C: create the counterparty')).toHaveLength(1);
	expect(r.itemsOut('Links: link the company')).toHaveLength(1);
	expect(r.itemsOut('Snapshot: company links').length).toBeGreaterThan(100);
	expect(r.itemsOut('Snapshot row')).toHaveLength(0);
	expect(r.itemsOut('1C: mark the counterparty for deletion')).toHaveLength(0);
	expect((await onecRows('bp30', 'Catalog_Контрагенты')).length).toBe(counterparties + 1);
	expect(await marked()).toBe(deleted);
}, 180_000);

it('01 contacts Bitrix24 → 1C: a contact event creates that contact person only', async () => {
	const FILE = '01-client-sync-contacts-bitrix24-to-1c.json';
	const company = (await table('company')).find((c) => String(c.ORIGIN_ID ?? '').length === 36)!;
	const id = String((await rest('crm.contact.add', { fields: { LAST_NAME: 'Событиев', NAME: 'Пётр', COMPANY_ID: company.ID, PHONE: [{ VALUE: '+7 495 555-01-99', VALUE_TYPE: 'WORK' }] } })).result);
	const before = (await onecRows('bp30', 'Catalog_КонтактныеЛица')).length;
	const r = await fromTrigger(FILE, 'Bitrix24 Trigger: contact added or changed', [event('ONCRMCONTACTADD', id)]);
	expect(r.status).toBe('success');
	expect(r.itemsOut('Bitrix24: contacts').map((x) => String(x.json.ID))).toEqual([id]);
	expect(r.itemsOut('Links: link the contact')).toHaveLength(1);
	const people = await onecRows('bp30', 'Catalog_КонтактныеЛица');
	expect(people).toHaveLength(before + 1);
	const person = people.find((p) => p.Фамилия === 'Событиев')!;
	expect(person.ОбъектВладелец_Key).toBe(company.ORIGIN_ID);
}, 120_000);

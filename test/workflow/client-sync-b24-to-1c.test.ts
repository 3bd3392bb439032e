/**
 * The Bitrix24 → 1C client-sync template (workflows-templates/01-client-sync-bitrix24-to-1c.json)
 * as shipped, in-process, after the 1C → Bitrix24 client sync: Bitrix24-only companies get a 1C
 * counterparty (kind from the requisite preset) and a link, companies found in 1C by INN+KPP /
 * INN+name are linked, and a planted duplicate (a new company with the requisite of a linked one)
 * and a company without a requisite go to the error journal; checked on the stored data of both
 * sandboxes. A second run writes nothing in either system (request counters, 1C request log).
 * Deletions: a linked company deleted in Bitrix24 gets its 1C counterparty marked for deletion
 * (never deleted) by the next full run, through the snapshot of the company links kept in the
 * n8n data table «1C-Bitrix24 company links»; a second run marks nothing; the company-deleted
 * event (ONCRMCOMPANYDELETE) marks another one at once, without the full run.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkClientB24To1c, checkDeletionMarks } from '../../scripts/checks/client-sync-b24-to-1c';
import { oneCCredential } from '../helpers/onec-host';
import { template, templateSandboxes } from '../helpers/templates';
import { runWorkflow } from '../helpers/workflow';
import { b24Rest } from '../../scripts/checks/rest';

const FILE = '01-client-sync-bitrix24-to-1c.json';
const sb = templateSandboxes(200);
type Row = Record<string, unknown>;
const b24Table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as Row[];
// the test's own REST calls share the portal's request budget with the runs: wait out QUERY_LIMIT_EXCEEDED
const rest = async (method: string, body: unknown) => (await b24Rest(sb.b24.webhookUrl, method, body)).result;
const b24Writes = async () => Object.keys(((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as object).filter((m) => /^crm\..*\.(add|update|delete)$/.test(m));
const onecWrites = async (since: number) => ((await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=5000`)).json()) as Row[]).filter((e) => Number(e.ts) >= since && e.method !== 'GET');
const idOf = (object: unknown) => /^Bitrix24 company (\d+) /.exec(String(object))?.[1] ?? '';

it('links or creates the counterparties of unlinked companies, reports duplicates and missing INNs, and writes nothing the second time', async () => {
	expect((await sb.run('01-client-sync-1c-to-bitrix24.json')).status).toBe('success');
	const baseId = baseIdFromUrl(sb.bp30().url);
	// planted: a Bitrix24 duplicate of a linked company (same requisite), and a company without a requisite
	const companies = await b24Table('company');
	const linked = companies.find((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID)!;
	const rq = (await b24Table('requisite')).find((q) => Number(q.ENTITY_TYPE_ID) === 4 && String(q.ENTITY_ID) === String(linked.ID) && q.RQ_KPP)!;
	const dup = String(await rest('crm.company.add', { fields: { TITLE: `${String(linked.TITLE)} (дубль)` } }));
	await rest('crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: dup, PRESET_ID: 1, NAME: 'Организация', RQ_INN: rq.RQ_INN, RQ_KPP: rq.RQ_KPP, RQ_COMPANY_NAME: rq.RQ_COMPANY_NAME } });
	const bare = String(await rest('crm.company.add', { fields: { TITLE: 'ООО "Без реквизитов"' } }));
	// the 1C → Bitrix24 sync left its own binding comments: this run's come after them
	const commentsBefore = Math.max(0, ...(await b24Table('timeline_comment')).map((c) => Number(c.ID)));

	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	const journal = first.itemsOut('Error journal').map((x) => x.json);
	const byId = new Map(journal.map((j) => [idOf(j.object), String(j.cause)]));
	expect(byId.get(dup)).toMatch(new RegExp(`already linked to another object \\(${String(linked.ID)}\\)`));
	expect(byId.get(bare)).toMatch(/^no INN: fill the requisite/);
	expect(sb.tables.rows('1C-Bitrix24 sync errors').filter((r) => r.workflow === 'Bitrix24 → 1C: client sync (companies → counterparties)')).toHaveLength(journal.length);
	const created = first.itemsOut('1C: create the counterparty');
	expect(created.length).toBeGreaterThan(10);
	expect(first.itemsOut('Links: link the company')).toHaveLength(created.length);
	expect(first.itemsOut('Linked to the counterparty').length).toBeGreaterThan(0);
	const facts = await checkClientB24To1c(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, new Set(byId.keys()));
	expect(facts.failures).toEqual([]);
	expect(facts.created).toBe(created.length);
	expect(facts.linked + byId.size - 1).toBe(facts.withInn); // the company without a requisite has no INN to count
	// the kind comes from the preset through the Mapping node: an ИП (preset 2) becomes a natural person
	const kinds = new Set(created.map((x) => x.json.ЮридическоеФизическоеЛицо));
	expect(kinds).toEqual(new Set(['ЮридическоеЛицо', 'ФизическоеЛицо']));
	// each company whose counterparty was created or linked by a rule has a timeline comment that opens it in the 1C web client (F13, F09)
	const comments = (await b24Table('timeline_comment')).filter((c) => Number(c.ID) > commentsBefore && String(c.COMMENT).includes('#e1cib/data/Справочник.Контрагенты?ref='));
	const createdOrLinked = [...first.itemsOut('Links: link the company'), ...first.itemsOut('Linked to the counterparty')].map((x) => String(x.json.b24Id));
	expect(createdOrLinked.length).toBeGreaterThan(created.length);
	expect(comments.map((c) => String(c.ENTITY_ID)).sort()).toEqual(createdOrLinked.sort());
	expect(comments.filter((c) => /^Связан с 1С: Контрагент «/.test(String(c.COMMENT)))).toHaveLength(first.itemsOut('Linked to the counterparty').length);

	// second run: the same errors, nothing written on either side
	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	const since = Date.now();
	const second = await sb.run(FILE);
	expect(second.status).toBe('success');
	expect(second.itemsOut('1C: create the counterparty')).toHaveLength(0);
	expect(second.itemsOut("Bitrix24: the 1C object on the company's timeline")).toHaveLength(0);
	expect(second.itemsOut("Bitrix24: the linked 1C object on the company's timeline")).toHaveLength(0);
	expect(second.itemsOut('Match: find the counterparty')).toHaveLength(0);
	expect(second.itemsOut('Error journal').map((x) => x.json.object).sort()).toEqual(journal.map((j) => j.object).sort());
	expect(await b24Writes()).toEqual([]);
	expect(await onecWrites(since)).toEqual([]);

	// the counterparties it created are up to date for the 1C → Bitrix24 sync: it writes nothing for them
	const back = await sb.run('01-client-sync-1c-to-bitrix24.json');
	const refs = new Set(created.map((x) => String(x.json.Ref_Key)));
	expect(back.itemsOut('Unchanged').filter((x) => refs.has(String(x.json.Ref_Key))).length).toBe(created.filter((x) => x.json.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо').length);
	expect(back.itemsOut('Bitrix24: create company').filter((x) => refs.has(String(x.json.ORIGIN_ID ?? '')))).toHaveLength(0);
}, 180_000);

const LINKS_TABLE = '1C-Bitrix24 company links';
const onecCounterparty = async (ref: string) => ((await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent('Catalog_Контрагенты')}`)).json()) as Row[]).find((c) => String(c.Ref_Key) === ref);

it('marks the 1C counterparty of a deleted company for deletion (full run and deletion event), once, and nothing else', async () => {
	const baseId = baseIdFromUrl(sb.bp30().url);
	const linked = (await b24Table('company')).filter((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID);
	// the full runs of the first test left the snapshot of this base's company links
	const snapshot = sb.tables.rows(LINKS_TABLE).filter((r) => r.baseId === baseId);
	expect(snapshot.map((r) => `${String(r.b24Id)}>${String(r.onecRef)}`).sort()).toEqual(linked.map((c) => `${String(c.ID)}>${String(c.ORIGIN_ID)}`).sort());
	const [gone, viaEvent] = linked.slice(-2);
	const goneRef = String(gone.ORIGIN_ID);
	expect((await onecCounterparty(goneRef))?.DeletionMark).toBe(false);
	expect(await rest('crm.company.delete', { id: gone.ID })).toBe(true);

	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	let since = Date.now();
	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	expect(first.itemsOut('1C: mark the counterparty for deletion').map((x) => x.json.Ref_Key)).toEqual([goneRef]);
	expect((await onecCounterparty(goneRef))?.DeletionMark).toBe(true);
	expect(await checkDeletionMarks(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, [goneRef])).toEqual([]);
	// the check fails for a counterparty of a live company
	expect(await checkDeletionMarks(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, [String(viaEvent.ORIGIN_ID)])).toEqual([expect.stringContaining('is not marked for deletion'), expect.stringContaining(`Bitrix24 company ${String(viaEvent.ID)} `)]);
	// one PATCH of that counterparty in 1C (no DELETE), nothing written in Bitrix24, its snapshot row gone
	const writes = await onecWrites(since);
	expect(writes.map((e) => e.method)).toEqual(['PATCH']);
	expect(decodeURIComponent(String(writes[0].path ?? writes[0].url))).toContain(goneRef);
	expect(await b24Writes()).toEqual([]);
	expect(sb.tables.rows(LINKS_TABLE).some((r) => r.b24Id === String(gone.ID))).toBe(false);
	expect(sb.tables.rows(LINKS_TABLE).filter((r) => r.baseId === baseId)).toHaveLength(linked.length - 1);

	// a second run marks nothing
	since = Date.now();
	const again = await sb.run(FILE);
	expect(again.status).toBe('success');
	expect(again.itemsOut('1C: mark the counterparty for deletion')).toHaveLength(0);
	expect(await onecWrites(since)).toEqual([]);

	// production path: the deletion event marks the counterparty at once, without reading all companies
	expect(await rest('crm.company.delete', { id: viaEvent.ID })).toBe(true);
	const wf = template(FILE);
	for (const n of wf.nodes) if (n.type === 'n8n-nodes-1c-bitrix24.bitrix24Trigger') n.parameters.applicationToken = 'app-token-of-the-outbound-webhook';
	since = Date.now();
	const creds = { bitrix24WebhookApi: { webhookUrl: sb.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(sb.bp30()) };
	const event = { event: 'ONCRMCOMPANYDELETE', data: { FIELDS: { ID: String(viaEvent.ID) } }, ts: '1764806400', auth: { domain: 'sandbox', member_id: 'm', application_token: 'checked-by-the-trigger' } };
	const ev = await runWorkflow(wf, creds, { startNode: 'Bitrix24 Trigger: company deleted', input: [event], dataTables: sb.tables });
	expect(ev.status).toBe('success');
	expect(ev.itemsOut('Bitrix24: companies')).toHaveLength(0);
	expect(ev.itemsOut('Snapshot: company links')).toHaveLength(0);
	expect(ev.itemsOut('Snapshot: rows of the deleted company').map((x) => x.json.b24Id)).toEqual([String(viaEvent.ID)]);
	expect(ev.itemsOut('1C: mark the counterparty for deletion').map((x) => x.json.Ref_Key)).toEqual([String(viaEvent.ORIGIN_ID)]);
	expect((await onecCounterparty(String(viaEvent.ORIGIN_ID)))?.DeletionMark).toBe(true);
	expect((await onecWrites(since)).map((e) => e.method)).toEqual(['PATCH']);
	// the same event again (a redelivery) marks nothing
	since = Date.now();
	const twice = await runWorkflow(wf, creds, { startNode: 'Bitrix24 Trigger: company deleted', input: [event], dataTables: sb.tables });
	expect(twice.itemsOut('1C: mark the counterparty for deletion')).toHaveLength(0);
	expect(await onecWrites(since)).toEqual([]);
}, 180_000);

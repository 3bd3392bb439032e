/**
 * The client-sync template (workflows-templates/01-…) as shipped, on the n8n engine in-process,
 * against both sandboxes: the first run links the 1C counterparties found in Bitrix24 (by INN+KPP
 * or name+phone), creates the missing companies with a requisite, and reports the ambiguous ones
 * (duplicates) on the error branch with the object and the cause, recorded in the error journal's data table; the data in the sandboxes is
 * checked with the same check the demo uses. A second run over unchanged data writes nothing; a
 * counterparty changed in 1C is the only one updated on the third run; one marked for deletion in
 * 1C flags its company «Удален в 1С» (the field created by the first run), once.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkClientSync } from '../../scripts/checks/client-sync';
import { linkComments } from '../helpers/link-comments';
import { templateSandboxes } from '../helpers/templates';

const FILE = '01-client-sync-1c-to-bitrix24.json';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const sb = templateSandboxes(200);
const run = () => sb.run(FILE);
const counters = async () => (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json() as Promise<IDataObject>;
const resetCounters = () => fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
const count = (r: Awaited<ReturnType<typeof run>>, node: string, output = 0) => r.itemsOut(node, output).length;

it('links, creates and reports errors; a second run writes nothing; a 1C change is written on the next run', async () => {
	const first = await run();
	expect(first.status).toBe('success');
	const journal = first.itemsOut('Error journal');
	const errored = new Set(journal.map((x) => GUID.exec(String(x.json.object))?.[0]?.toLowerCase() ?? ''));
	expect(journal.length).toBeGreaterThan(0);
	// every failed item is a row of the persisted journal (template 07), not resolved yet
	expect(sb.tables.rows('1C-Bitrix24 sync errors').map((r) => [r.workflow, r.object, r.cause, r.resolved])).toEqual(journal.map((x) => ['1C → Bitrix24: client sync (counterparties → companies)', x.json.object, x.json.cause, false]));
	for (const e of journal) {
		expect(e.json.object).toMatch(/^1C counterparty [0-9a-f-]{36} «.+»$/);
		expect(e.json.cause).toMatch(/candidates match|already linked|is taken by item|matched equally/);
	}
	expect(count(first, 'Bitrix24: update company')).toBeGreaterThan(50);
	expect(count(first, 'Bitrix24: create company')).toBeGreaterThan(0);
	expect(count(first, 'Bitrix24: add requisite')).toBe(count(first, 'Bitrix24: create company'));

	const baseId = baseIdFromUrl(sb.bp30().url);
	const facts = await checkClientSync(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, errored);
	expect(facts.failures).toEqual([]);
	expect(facts.linked + errored.size).toBe(facts.counterparties);
	expect(facts.withRequisite).toBeGreaterThanOrEqual(count(first, 'Bitrix24: create company'));
	// each company created, or linked by a rule, has one timeline comment that opens its counterparty in the 1C web client (F13, F09)
	const companies = new Map(((await (await fetch(`${sb.b24.baseUrl}/_admin/table/company`)).json()) as IDataObject[]).map((c) => [String(c.ID), c]));
	const comments = await linkComments(sb.b24.baseUrl, 'company', 'Catalog_Контрагенты');
	const created = first.itemsOut('Bitrix24: create company').map((x) => String(x.json.id));
	const ruleLinked = first.itemsOut('Bitrix24: update company').filter((x) => x.json.id !== undefined && first.itemsOut('Linked by a rule just now?').some((y) => y.json.id === x.json.id));
	expect(ruleLinked.length).toBeGreaterThan(0);
	expect(comments.filter((c) => c.kind === 'created').map((c) => c.ownerId).sort()).toEqual([...created].sort());
	expect(comments.filter((c) => c.kind === 'linked')).toHaveLength(first.itemsOut('Linked by a rule just now?').length);
	expect(comments.length).toBe(created.length + ruleLinked.length);
	for (const c of comments) expect(companies.get(c.ownerId)?.ORIGIN_ID).toBe(c.ref);

	// second run over unchanged data: everything linked is Up to Date, nothing is written
	await resetCounters();
	const second = await run();
	expect(second.status).toBe('success');
	expect(count(second, 'Unchanged')).toBe(facts.linked);
	expect(count(second, 'Bitrix24: update company') + count(second, 'Bitrix24: create company')).toBe(0);
	expect(second.itemsOut('Error journal').length).toBe(journal.length);
	const byMethod = (await counters()).byMethod as Record<string, number>;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|delete)$/.test(m))).toEqual([]);
	expect(await linkComments(sb.b24.baseUrl, 'company', 'Catalog_Контрагенты')).toHaveLength(comments.length);

	// a counterparty renamed in 1C (its DataVersion changes): only it is updated on the next run
	const linkedRef = [...(await (await fetch(`${sb.b24.baseUrl}/_admin/table/company`)).json() as IDataObject[])].find((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID)!.ORIGIN_ID as string;
	const patch = await sb.patch1C(`Catalog_Контрагенты(guid'${linkedRef}')`, { Description: 'ООО "Переименованная"' });
	expect(patch.status).toBe(200);
	const third = await run();
	expect(count(third, 'Bitrix24: update company')).toBe(1);
	expect(third.itemsOut('Bitrix24: update company')[0].json).toMatchObject({ id: expect.anything() });
	const renamed = ((await (await fetch(`${sb.b24.baseUrl}/_admin/table/company`)).json()) as IDataObject[]).find((c) => c.ORIGIN_ID === linkedRef && c.ORIGINATOR_ID === baseId)!;
	expect(renamed.TITLE).toBe('ООО "Переименованная"');

	// a counterparty marked for deletion in 1C: its company is flagged «Удален в 1С», never deleted; once
	const flagged = await sb.patch1C(`Catalog_Контрагенты(guid'${linkedRef}')`, { DeletionMark: true });
	expect(flagged.status).toBe(200);
	const fourth = await run();
	expect(fourth.itemsOut('Bitrix24: flag «Удален в 1С»')).toHaveLength(1);
	const company = ((await (await fetch(`${sb.b24.baseUrl}/_admin/table/company`)).json()) as IDataObject[]).find((c) => c.ORIGIN_ID === linkedRef && c.ORIGINATOR_ID === baseId)!;
	expect(['Y', '1', 1, true]).toContain(company.UF_CRM_DELETED_1C);
	const fifth = await run();
	expect(fifth.itemsOut('Bitrix24: flag «Удален в 1С»')).toHaveLength(0);
	expect(fifth.itemsOut('Not flagged yet?', 1)).toHaveLength(1);
}, 120_000);

/**
 * The contact-sync template as shipped, in-process, after the company sync: contact persons are
 * linked (or created under their counterparty's company), duplicates are reported, the sandbox
 * check passes, and a second run writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkContactSync } from '../../scripts/checks/contact-sync';
import { linkComments } from '../helpers/link-comments';
import { templateSandboxes } from '../helpers/templates';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const sb = templateSandboxes(200);
const run = (file: string) => sb.run(file);

it('links and creates contacts under their companies, reports duplicates; the second run writes nothing', async () => {
	expect((await run('01-client-sync-1c-to-bitrix24.json')).status).toBe('success');
	const first = await run('01-client-sync-contacts-1c-to-bitrix24.json');
	expect(first.status).toBe('success');
	expect(first.itemsOut('Bitrix24: create contact').length).toBeGreaterThan(0);
	const journal = first.itemsOut('Error journal');
	for (const e of journal) expect(e.json.cause).toMatch(/^1C object [0-9a-f-]{36}: \d+ candidates match by surname\+firstName\+(phone|email): /);
	const errored = new Set(journal.map((x) => GUID.exec(String(x.json.object))![0].toLowerCase()));
	const facts = await checkContactSync(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseIdFromUrl(sb.bp30().url), errored);
	expect(facts.failures).toEqual([]);
	expect(facts.linked + errored.size).toBe(facts.persons);
	// each contact created, or linked by a rule, has one timeline comment that opens its contact person in the 1C web client (F13, F09)
	const contacts = new Map(((await (await fetch(`${sb.b24.baseUrl}/_admin/table/contact`)).json()) as IDataObject[]).map((c) => [String(c.ID), c]));
	const comments = await linkComments(sb.b24.baseUrl, 'contact', 'Catalog_КонтактныеЛица');
	expect(comments.filter((c) => c.kind === 'created').map((c) => c.ownerId).sort()).toEqual(first.itemsOut('Bitrix24: create contact').map((x) => String(x.json.id)).sort());
	expect(comments.filter((c) => c.kind === 'linked')).toHaveLength(first.itemsOut('Linked by a rule just now?').length);
	expect(comments.filter((c) => c.kind === 'other')).toEqual([]);
	for (const c of comments) expect(contacts.get(c.ownerId)?.ORIGIN_ID).toBe(c.ref);

	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	const second = await run('01-client-sync-contacts-1c-to-bitrix24.json');
	expect(second.itemsOut('Unchanged').length).toBe(facts.linked);
	const byMethod = ((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as Record<string, number>;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|delete)$/.test(m))).toEqual([]);
	expect(await linkComments(sb.b24.baseUrl, 'contact', 'Catalog_КонтактныеЛица')).toHaveLength(comments.length);
}, 120_000);

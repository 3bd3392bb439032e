/**
 * The contact-sync template as shipped, in-process, after the company sync: contact persons are
 * linked (or created under their counterparty's company), duplicates are reported, the sandbox
 * check passes, and a second run writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkContactSync } from '../../scripts/checks/contact-sync';
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

	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	const second = await run('01-client-sync-contacts-1c-to-bitrix24.json');
	expect(second.itemsOut('Unchanged').length).toBe(facts.linked);
	const byMethod = ((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as Record<string, number>;
	expect(Object.keys(byMethod).filter((m) => /\.(add|update|delete)$/.test(m))).toEqual([]);
}, 120_000);

/**
 * The Bitrix24 → 1C contact-sync template (workflows-templates/01-client-sync-contacts-bitrix24-to-1c.json)
 * as shipped, in-process, after the 1C → Bitrix24 client and contact syncs: a Bitrix24-only contact
 * of a linked company gets a 1C contact person under that company's counterparty and a link; a
 * contact matching a contact person by surname+first name+phone is linked to it; a contact
 * matching two contact persons (planted) goes to the error journal; a contact without a company is
 * skipped. Checked on the stored data of both sandboxes; a second run writes nothing on either side
 * (request counters, 1C request log).
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { checkContactB24To1c } from '../../scripts/checks/contact-sync-b24-to-1c';
import { b24Rest } from '../../scripts/checks/rest';
import { templateSandboxes } from '../helpers/templates';

const FILE = '01-client-sync-contacts-bitrix24-to-1c.json';
const PERSONS = 'Catalog_КонтактныеЛица';
const sb = templateSandboxes(200);
type Row = Record<string, unknown>;
const b24Table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as Row[];
const onecRows = async (set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent(set)}`)).json()) as Row[];
const rest = async (method: string, body: unknown) => (await b24Rest(sb.b24.webhookUrl, method, body)).result;
const b24Writes = async () => Object.keys(((await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject).byMethod as object).filter((m) => /^crm\..*\.(add|update|delete)$/.test(m));
const onecWrites = async (since: number) => ((await (await fetch(`${sb.onec.baseUrl}/_admin/log?limit=5000`)).json()) as Row[]).filter((e) => Number(e.ts) >= since && e.method !== 'GET');
const idOf = (object: unknown) => /^Bitrix24 contact (\d+) /.exec(String(object))?.[1] ?? '';

/** A contact person created in 1C as a 1C user would (POST to the publication). */
async function addPerson(owner: string, surname: string, name: string, phone: string): Promise<string> {
	const p = sb.bp30();
	const res = await fetch(`${p.url}${PERSONS}?$format=json`, {
		method: 'POST',
		headers: { Authorization: `Basic ${Buffer.from(`${p.user}:${p.password}`).toString('base64')}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ Description: `${surname} ${name}`, ОбъектВладелец_Key: owner, Фамилия: surname, Имя: name, ВидКонтактногоЛица: 'КонтактноеЛицоКонтрагента', КонтактнаяИнформация: [{ LineNumber: '1', Тип: 'Телефон', Представление: phone }] }),
	});
	expect(res.status).toBe(201);
	return String(((await res.json()) as Row).Ref_Key);
}
const addContact = async (fields: Row) => String(await rest('crm.contact.add', { fields }));

it('links or creates the contact persons of contacts of linked companies, reports ambiguity, and writes nothing the second time', async () => {
	expect((await sb.run('01-client-sync-1c-to-bitrix24.json')).status).toBe('success');
	expect((await sb.run('01-client-sync-contacts-1c-to-bitrix24.json')).status).toBe('success');
	const baseId = baseIdFromUrl(sb.bp30().url);
	const company = (await b24Table('company')).find((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID)!;
	const owner = String(company.ORIGIN_ID).toLowerCase();
	// planted: a new contact person in 1C with a matching new contact; two same-named persons with one contact; a Bitrix24-only contact; a contact without a company
	const planted = await addPerson(owner, 'Ёлкина', 'Мария', '+7 (900) 111-22-33');
	const matching = await addContact({ LAST_NAME: 'Ёлкина', NAME: 'Мария', COMPANY_ID: company.ID, PHONE: [{ VALUE: '8 900 111 22 33', VALUE_TYPE: 'WORK' }] });
	const twins = [await addPerson(owner, 'Двойнов', 'Пётр', '+7 900 222-33-44'), await addPerson(owner, 'Двойнов', 'Пётр', '8 (900) 222-33-44')];
	const ambiguous = await addContact({ LAST_NAME: 'Двойнов', NAME: 'Пётр', COMPANY_ID: company.ID, PHONE: [{ VALUE: '+79002223344', VALUE_TYPE: 'WORK' }] });
	const fresh = await addContact({ LAST_NAME: 'Новикова', NAME: 'Анна', SECOND_NAME: 'Сергеевна', POST: 'Бухгалтер', COMPANY_ID: company.ID, EMAIL: [{ VALUE: 'novikova@example.ru', VALUE_TYPE: 'WORK' }] });
	const loner = await addContact({ LAST_NAME: 'Одинцов', NAME: 'Олег', PHONE: [{ VALUE: '+7 900 333-44-55', VALUE_TYPE: 'WORK' }] });

	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	const journal = first.itemsOut('Error journal').map((x) => x.json);
	const byId = new Map(journal.map((j) => [idOf(j.object), String(j.cause)]));
	expect(byId.get(ambiguous)).toMatch(/2 candidates match by surname\+firstName\+phone: /);
	for (const ref of twins) expect(byId.get(ambiguous)).toContain(ref);
	expect(sb.tables.rows('1C-Bitrix24 sync errors').filter((r) => r.workflow === 'Bitrix24 → 1C: client sync (contacts → contact persons)')).toHaveLength(journal.length);
	expect(first.itemsOut('Skipped: no company (a 1C contact person belongs to a counterparty)').map((x) => String(x.json.b24Id))).toContain(loner);

	const contacts = new Map((await b24Table('contact')).map((c) => [String(c.ID), c]));
	expect(String(contacts.get(matching)!.ORIGIN_ID).toLowerCase()).toBe(planted.toLowerCase());
	expect(contacts.get(loner)!.ORIGIN_ID ?? '').toBe('');
	expect(contacts.get(ambiguous)!.ORIGIN_ID ?? '').toBe('');
	const created = first.itemsOut('1C: create the contact person');
	expect(first.itemsOut('Links: link the contact')).toHaveLength(created.length);
	// each contact whose contact person was created has a timeline comment that opens it in the 1C web client (F13, F09)
	const links = first.itemsOut("Bitrix24: the 1C object on the contact's timeline").map((x) => x.json);
	expect(links).toHaveLength(created.length);
	for (const c of created) expect(String(c.json.webClientLink)).toMatch(/#e1cib\/data\/Справочник\.КонтактныеЛица\?ref=[0-9a-f]{32}$/);
	const linkedByRule = first.itemsOut('Linked to the contact person');
	expect(linkedByRule.length).toBeGreaterThan(0);
	expect(first.itemsOut("Bitrix24: the linked 1C object on the contact's timeline")).toHaveLength(linkedByRule.length);
	const person = (await onecRows(PERSONS)).find((p) => String(p.Ref_Key).toLowerCase() === String(contacts.get(fresh)!.ORIGIN_ID).toLowerCase())!;
	expect(person).toMatchObject({ ОбъектВладелец_Key: expect.stringMatching(new RegExp(`^${owner}$`, 'i')), Фамилия: 'Новикова', Имя: 'Анна', Отчество: 'Сергеевна', Должность: 'Бухгалтер', Description: 'Новикова Анна Сергеевна' });
	expect((person.КонтактнаяИнформация as Row[]).map((k) => k.Представление)).toEqual(['novikova@example.ru']);
	const facts = await checkContactB24To1c(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, new Set(byId.keys()));
	expect(facts.failures).toEqual([]);
	expect(facts.created).toBe(created.length);
	expect(facts.linked + byId.size).toBe(facts.withCompany);

	// second run: the same errors, nothing written on either side
	await fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
	const since = Date.now();
	const second = await sb.run(FILE);
	expect(second.status).toBe('success');
	expect(second.itemsOut('1C: create the contact person')).toHaveLength(0);
	expect(second.itemsOut('Linked to the contact person')).toHaveLength(0);
	expect(second.itemsOut('Error journal').map((x) => x.json.object).sort()).toEqual(journal.map((j) => j.object).sort());
	expect(await b24Writes()).toEqual([]);
	expect(await onecWrites(since)).toEqual([]);

	// the contact persons it created are up to date for the 1C → Bitrix24 contact sync: no duplicate contacts, nothing written for them
	const back = await sb.run('01-client-sync-contacts-1c-to-bitrix24.json');
	const refs = new Set(created.map((x) => String(x.json.Ref_Key)));
	expect(back.itemsOut('Unchanged').filter((x) => refs.has(String(x.json.Ref_Key)))).toHaveLength(created.length);
	expect(back.itemsOut('Bitrix24: create contact').filter((x) => refs.has(String(x.json.ORIGIN_ID ?? '')))).toHaveLength(0);
}, 180_000);

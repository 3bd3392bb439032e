/**
 * A client sync 1C (БП 3.0) → Bitrix24 companies over the seeded data of both sandboxes, with the
 * Match node on the real n8n engine: shared companies are linked to the right Bitrix24 company
 * (checked against the dataset, not against the node's own output), 1C-side duplicates and
 * ambiguous matches are error items with nothing written, 1C-only counterparties go to Not Found
 * and are created with their link; a second run finds everything by its link, up to date, and
 * writes nothing. Lookups are batched: requests per run are counted.
 */
import type { IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { generateDataset } from '../../sandbox/seed';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { admin, post, sandbox } from '../helpers/b24';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { runNode, type RunResult } from '../helpers/n8n';

const N = 120;
const BASE = 'sandbox/bp30';
let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
let counterparties: IDataObject[];

beforeAll(async () => {
	b24 = await sandbox({ companies: N });
	onec = await startOneCSandbox({ companies: N });
	const c = await OneCClient.create(fakeOneCHost(oneCCredential(onec.publications.find((p) => p.id === 'bp30')!)));
	const rows = await c.list('Catalog_Контрагенты', { returnAll: true, select: 'Ref_Key,DataVersion,Description,ИНН,КПП,ЮридическоеФизическоеЛицо,КонтактнаяИнформация' });
	counterparties = rows
		.filter((r) => r.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо')
		.map((r) => ({
			Ref_Key: r.Ref_Key,
			DataVersion: r.DataVersion,
			Description: r.Description,
			ИНН: r.ИНН,
			КПП: r.КПП,
			phones: ((r.КонтактнаяИнформация as IDataObject[]) ?? []).filter((k) => k.Тип === 'Телефон').map((k) => String(k.Представление)),
		}) as IDataObject);
}, 60_000);
afterAll(async () => {
	await b24?.close();
	await onec?.close();
});

function match(input: IDataObject[]): Promise<RunResult> {
	return runNode(
		{
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
			onError: 'continueErrorOutput',
			credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
			parameters: {
				authentication: 'webhook',
				target: 'company',
				baseId: BASE,
				rule: 'name+phone | inn+kpp',
				externalId: '={{ $json.Ref_Key }}',
				version: '={{ $json.DataVersion }}',
				keys: { name: '={{ $json.Description }}', inn: '={{ $json.ИНН }}', kpp: '={{ $json.КПП }}', phone: '={{ $json.phones }}' },
			},
		},
		input,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
	);
}

async function call(method: string, params: IDataObject): Promise<IDataObject> {
	const r = await post(`${b24.webhookUrl}${method}`, params);
	return r.body as IDataObject;
}

it('links shared companies correctly, reports duplicates, creates the missing ones; the second run writes nothing', async () => {
	const ds = generateDataset({ seed: 1, companies: N });
	const b24IdOfGuid = new Map(ds.companies.map((c, i) => [c.guid.toLowerCase(), String(i + 1)]));

	await admin(b24, 'counters/reset', {});
	const first = await match(counterparties);
	const firstCounters = await admin(b24, 'counters');
	expect(first.error).toBeUndefined();
	const [found, upToDate, notFound, errors] = first.outputs;
	expect(found.length + upToDate.length + notFound.length + errors.length).toBe(counterparties.length);
	expect(upToDate).toHaveLength(0);

	// every found 1C counterparty is linked to the Bitrix24 company of the same dataset company
	expect(found.length).toBeGreaterThan(counterparties.length * 0.6);
	for (const f of found) {
		const m = f.json.match as IDataObject;
		expect(m.id).toBe(b24IdOfGuid.get(String(f.json.Ref_Key).toLowerCase()));
		expect(m.via).toBe('rule');
	}
	// 1C-only counterparties (not in the dataset) are not found; 1C duplicates (a second card of a shared company) are errors
	for (const n of notFound) expect(b24IdOfGuid.has(String(n.json.Ref_Key).toLowerCase())).toBe(false);
	expect(notFound.length).toBeGreaterThan(0);
	expect(errors.length).toBeGreaterThan(0);
	// …and every error is explained by the data: a 1C card sharing its INN with another 1C card (a
	// 1C-side duplicate and its original, matched equally), or a company that has a duplicate card
	// in Bitrix24 (two candidates)
	const innCount = new Map<string, number>();
	for (const c of counterparties) innCount.set(String(c.ИНН), (innCount.get(String(c.ИНН)) ?? 0) + 1);
	const hasB24Duplicate = new Set(ds.companies.filter((c) => c.duplicateOf !== undefined).map((c) => ds.companies[c.duplicateOf! - 1].guid.toLowerCase()));
	const byPos = new Map(counterparties.map((c, i) => [i, c]));
	for (const e of errors) {
		const c = byPos.get((e.pairedItem as { item: number }).item)!;
		const explained = (innCount.get(String(c.ИНН)) ?? 0) > 1 || hasB24Duplicate.has(String(c.Ref_Key).toLowerCase());
		expect({ error: e.json.error, explained }).toEqual({ error: expect.stringMatching(/already linked|is taken by item|matched equally|candidates match by/), explained: true });
	}

	// the links were written on the Bitrix24 side
	const linked = await call('crm.company.list', { filter: { ORIGINATOR_ID: BASE }, select: ['ID', 'ORIGIN_ID'] });
	expect(linked.total).toBe(found.length);
	// lookups were batched 50 commands per request; the entities they name are read in the same
	// requests where there is room — here all lookups fit one request, so the fetches take one more
	const lookupCommands = firstCounters.batchCommands - found.length;
	expect(lookupCommands).toBeLessThan(50);
	expect(firstCounters.requests).toBe(1 + 1 + Math.ceil(found.length / 50));

	// the workflow's part: create the missing, stamp the version of the found (as the template does)
	const cmd: Record<string, string> = {};
	notFound.forEach((n, k) => {
		cmd[`a${k}`] = `crm.company.add?${new URLSearchParams({ 'fields[TITLE]': String(n.json.Description), 'fields[ORIGINATOR_ID]': BASE, 'fields[ORIGIN_ID]': String(n.json.Ref_Key), 'fields[ORIGIN_VERSION]': String(n.json.DataVersion) })}`;
	});
	found.forEach((f, k) => {
		cmd[`u${k}`] = `crm.company.update?${new URLSearchParams({ id: String((f.json.match as IDataObject).id), 'fields[ORIGIN_VERSION]': String(f.json.DataVersion) })}`;
	});
	const keys = Object.keys(cmd);
	for (let i = 0; i < keys.length; i += 50) await call('batch', { halt: 0, cmd: Object.fromEntries(keys.slice(i, i + 50).map((k) => [k, cmd[k]])) });

	const table = async () => (await fetch(`${b24.baseUrl}/_admin/table/company`)).json();
	const before = await table();
	await admin(b24, 'counters/reset', {});
	const second = await match(counterparties);
	const secondCounters = await admin(b24, 'counters');
	const [found2, upToDate2, notFound2, errors2] = second.outputs;
	expect(found2).toHaveLength(0);
	expect(notFound2).toHaveLength(0);
	expect(upToDate2).toHaveLength(found.length + notFound.length);
	expect(upToDate2.every((u) => (u.json.match as IDataObject).via === 'link')).toBe(true);
	expect(errors2.length).toBe(errors.length);
	// nothing written: the stored companies are the same (inner batch commands are not in byMethod)
	expect(await table()).toEqual(before);
	expect(secondCounters.requests).toBeLessThanOrEqual(3);
}, 120_000);

it('Bitrix24 companies → 1C counterparties: by INN+KPP (or INN+name), links written on the Bitrix24 side, second run by link', async () => {
	await admin(b24, 'reset', { companies: N });
	const ds = generateDataset({ seed: 1, companies: N });
	const tables = async (name: string) => (await (await fetch(`${b24.baseUrl}/_admin/table/${name}`)).json()) as IDataObject[];
	const reqs = (await tables('requisite')).filter((r) => Number(r.ENTITY_TYPE_ID) === 4);
	const items = (await tables('company')).filter((c) => c.IS_MY_COMPANY !== 'Y').map((c) => {
		const q = reqs.find((r) => String(r.ENTITY_ID) === String(c.ID));
		return { ID: c.ID, TITLE: c.TITLE, inn: q?.RQ_INN ?? '', kpp: q?.RQ_KPP ?? '' };
	});
	const refs = new Set(counterparties.map((c) => String(c.Ref_Key).toLowerCase()));
	const run = () =>
		runNode(
			{
				type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
				onError: 'continueErrorOutput',
				credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' }, oneCODataApi: { id: '2', name: '1C' } },
				parameters: { authentication: 'webhook', target: 'onecCounterparty', baseId: BASE, b24Id: '={{ $json.ID }}', keys: { name: '={{ $json.TITLE }}', inn: '={{ $json.inn }}', kpp: '={{ $json.kpp }}' } },
			},
			items,
			{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(onec.publications.find((p) => p.id === 'bp30')!) },
		);
	const first = await run();
	expect(first.error).toBeUndefined();
	const [found, , notFound, errors] = first.outputs;
	expect(found.length + notFound.length + errors.length).toBe(items.length);
	expect(found.length).toBeGreaterThan(items.length * 0.5);
	// a found company gets the 1C counterparty of its own dataset company (Ref_Key = the dataset GUID)
	for (const f of found) {
		const n = Number(f.json.ID);
		const guid = ds.companies[n - 1].guid.toLowerCase();
		expect(String((f.json.match as IDataObject).ref).toLowerCase()).toBe(guid);
	}
	// not found: companies 1C does not have (Bitrix24-only), individuals (no KPP, other name form) or without a requisite
	for (const nf of notFound) expect(refs.has(ds.companies[Number(nf.json.ID) - 1].guid.toLowerCase()) && ds.companies[Number(nf.json.ID) - 1].form !== 'ФЛ' && nf.json.inn !== '' && nf.json.kpp !== '').toBe(false);
	for (const e of errors) expect(String(e.json.error)).toMatch(/candidates match by|matched equally|already linked|is taken by item/);
	const linked = await call('crm.company.list', { filter: { ORIGINATOR_ID: BASE }, select: ['ID'] });
	expect(linked.total).toBe(found.length);

	const second = await run();
	const [found2, , notFound2, errors2] = second.outputs;
	expect(found2.length).toBe(found.length);
	expect(found2.every((f) => (f.json.match as IDataObject).via === 'link' && (f.json.match as IDataObject).linked === false)).toBe(true);
	expect(notFound2.length).toBe(notFound.length);
	expect(errors2.length).toBe(errors.length);
}, 120_000);

it('1C counterparties → Bitrix24 requisites by INN+KPP: linked through XML_ID, duplicates reported, second run by link', async () => {
	await admin(b24, 'reset', { companies: N });
	const ds = generateDataset({ seed: 1, companies: N });
	// forget the seeded XML_IDs so that the rule has to find them
	const reqs = ((await (await fetch(`${b24.baseUrl}/_admin/table/requisite`)).json()) as IDataObject[]).filter((r) => Number(r.ENTITY_TYPE_ID) === 4);
	for (let i = 0; i < reqs.length; i += 50) {
		const cmd = Object.fromEntries(reqs.slice(i, i + 50).map((r) => [`r${String(r.ID)}`, `crm.requisite.update?${new URLSearchParams({ id: String(r.ID), 'fields[XML_ID]': '' })}`]));
		await call('batch', { halt: 0, cmd });
	}
	const run = () =>
		runNode(
			{
				type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
				onError: 'continueErrorOutput',
				credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
				parameters: { authentication: 'webhook', target: 'requisite', baseId: BASE, rule: 'inn+kpp', keys: { inn: '={{ $json.ИНН }}', kpp: '={{ $json.КПП }}' } },
			},
			counterparties,
			{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
		);
	const first = await run();
	expect(first.error).toBeUndefined();
	const [found, , notFound, errors] = first.outputs;
	expect(found.length).toBeGreaterThan(counterparties.length * 0.6);
	const byId = new Map(reqs.map((r) => [String(r.ID), r]));
	for (const f of found) {
		const owner = String(byId.get(String((f.json.match as IDataObject).id))?.ENTITY_ID);
		expect(ds.companies[Number(owner) - 1].guid.toLowerCase()).toBe(String(f.json.Ref_Key).toLowerCase());
	}
	expect(notFound.length + errors.length).toBe(counterparties.length - found.length);
	const stored = ((await (await fetch(`${b24.baseUrl}/_admin/table/requisite`)).json()) as IDataObject[]).filter((r) => String(r.XML_ID ?? '').startsWith(`${BASE}:`));
	expect(stored).toHaveLength(found.length);
	const [found2] = (await run()).outputs;
	expect(found2).toHaveLength(found.length);
	expect(found2.every((f) => (f.json.match as IDataObject).via === 'link')).toBe(true);
}, 120_000);

it('1C contact persons → Bitrix24 contacts by surname + first name + phone / e-mail', async () => {
	await admin(b24, 'reset', { companies: N });
	const ds = generateDataset({ seed: 1, companies: N });
	const c = await OneCClient.create(fakeOneCHost(oneCCredential(onec.publications.find((p) => p.id === 'bp30')!)));
	const people = (await c.list('Catalog_КонтактныеЛица', { returnAll: true })).map((r) => {
		const info = (r.КонтактнаяИнформация as IDataObject[]) ?? [];
		const of = (t: string) => info.filter((k) => k.Тип === t).map((k) => String(k.Представление));
		return { Ref_Key: r.Ref_Key, surname: r.Фамилия, name: r.Имя, patronymic: r.Отчество, phones: of('Телефон'), emails: of('АдресЭлектроннойПочты') } as IDataObject;
	});
	const r = await runNode(
		{
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
			onError: 'continueErrorOutput',
			credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
			parameters: {
				authentication: 'webhook',
				target: 'contact',
				baseId: BASE,
				keys: { surname: '={{ $json.surname }}', firstName: '={{ $json.name }}', patronymic: '={{ $json.patronymic }}', phone: '={{ $json.phones }}', email: '={{ $json.emails }}' },
			},
		},
		people,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
	);
	expect(r.error).toBeUndefined();
	const [found, , notFound, errors] = r.outputs;
	expect(found.length + notFound.length + errors.length).toBe(people.length);
	expect(found.length).toBeGreaterThan(people.length * 0.6);
	const contactIdOfGuid = new Map(ds.contacts.map((x, i) => [x.guid.toLowerCase(), String(i + 1)]));
	for (const f of found) expect((f.json.match as IDataObject).id).toBe(contactIdOfGuid.get(String(f.json.Ref_Key).toLowerCase()));
}, 120_000);

it('Bitrix24 contacts → 1C contact persons of their counterparty (name + phone / e-mail), links on the contacts', async () => {
	await admin(b24, 'reset', { companies: N });
	const ds = generateDataset({ seed: 1, companies: N });
	const contacts = (await (await fetch(`${b24.baseUrl}/_admin/table/contact`)).json()) as IDataObject[];
	const multi = (v: unknown) => ((v as IDataObject[] | undefined) ?? []).map((x) => String(x.VALUE));
	const items = contacts
		.filter((c) => Number(c.COMPANY_ID) > 0 && Number(c.COMPANY_ID) <= ds.companies.length)
		.map((c) => ({ ID: c.ID, LAST_NAME: c.LAST_NAME, NAME: c.NAME, SECOND_NAME: c.SECOND_NAME, phones: multi(c.PHONE), emails: multi(c.EMAIL), owner: ds.companies[Number(c.COMPANY_ID) - 1].guid }) as IDataObject);
	const r = await runNode(
		{
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
			onError: 'continueErrorOutput',
			credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' }, oneCODataApi: { id: '2', name: '1C' } },
			parameters: {
				authentication: 'webhook',
				target: 'onecContactPerson',
				baseId: BASE,
				b24Id: '={{ $json.ID }}',
				ownerRef: '={{ $json.owner }}',
				keys: { surname: '={{ $json.LAST_NAME }}', firstName: '={{ $json.NAME }}', patronymic: '={{ $json.SECOND_NAME }}', phone: '={{ $json.phones }}', email: '={{ $json.emails }}' },
			},
		},
		items,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(onec.publications.find((p) => p.id === 'bp30')!) },
	);
	expect(r.error).toBeUndefined();
	const [found, , notFound, errors] = r.outputs;
	expect(found.length + notFound.length + errors.length).toBe(items.length);
	expect(found.length).toBeGreaterThan(items.length * 0.5);
	for (const f of found) expect(String((f.json.match as IDataObject).ref).toLowerCase()).toBe(ds.contacts[Number(f.json.ID) - 1].guid.toLowerCase());
	const linked = await call('crm.contact.list', { filter: { ORIGINATOR_ID: BASE }, select: ['ID'] });
	expect(linked.total).toBe(found.length);
}, 120_000);

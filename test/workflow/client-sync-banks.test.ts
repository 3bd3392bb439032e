/**
 * The bank-account / address template (workflows-templates/01-client-sync-banks-…) as shipped,
 * in-process, after the client sync: every 1C bank account of a linked counterparty is a bank
 * detail of the company's requisite and the legal / actual addresses are the requisite's
 * addresses (checked on the stored data of both sandboxes); a second run writes nothing (sandbox
 * counters); then a new valid account is created, a changed legal address is the only address
 * written, and a new account with a bad checksum goes to the error journal and is not written.
 */
import type { IDataObject } from 'n8n-workflow';
import { baseIdFromUrl } from '../../lib/links';
import { normalizeAccount } from '../../lib/normalize';
import { checkClientBanks } from '../../scripts/checks/client-sync-banks';
import { templateSandboxes } from '../helpers/templates';

const FILE = '01-client-sync-banks-1c-to-bitrix24.json';
const sb = templateSandboxes(200);
type Row = Record<string, unknown>;
const b24Table = async (name: string) => (await (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json()) as Row[];
const onecRows = async (set: string) => (await (await fetch(`${sb.onec.baseUrl}/_admin/base/bp30/${encodeURIComponent(set)}`)).json()) as Row[];
const writes = async () => {
	const c = (await (await fetch(`${sb.b24.baseUrl}/_admin/counters`)).json()) as IDataObject;
	return Object.entries(c.byMethod as Record<string, number>).filter(([m]) => /\.(add|update|delete)$/.test(m));
};
const resetCounters = () => fetch(`${sb.b24.baseUrl}/_admin/counters/reset`, { method: 'POST', body: '{}' });
const post1C = (set: string, body: unknown) =>
	fetch(`${sb.bp30().url}${set}?$format=json`, {
		method: 'POST',
		headers: { Authorization: `Basic ${Buffer.from(`${sb.bp30().user}:${sb.bp30().password}`).toString('base64')}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});

/** `account` with its control digit (position 9) fixed (or broken) for `bik` */
function withKey(account: string, bik: string, valid: boolean): string {
	const forms = [...'0123456789'].map((d) => account.slice(0, 8) + d + account.slice(9));
	return forms.find((a) => normalizeAccount(a, bik)!.valid === valid)!;
}

it('writes bank details and addresses of linked counterparties, nothing on a second run, only what changed after', async () => {
	expect((await sb.run('01-client-sync-1c-to-bitrix24.json')).status).toBe('success');
	const baseId = baseIdFromUrl(sb.bp30().url);
	const first = await sb.run(FILE);
	expect(first.status).toBe('success');
	expect(first.itemsOut('Error journal')).toHaveLength(0);
	expect(first.itemsOut('Match: the bank detail').length).toBeGreaterThan(50);
	const facts = await checkClientBanks(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, new Set());
	expect(facts.failures).toEqual([]);
	expect(facts.accounts).toBeGreaterThan(50);
	expect(facts.inBitrix24).toBe(facts.accounts);
	expect(facts.addresses).toBeGreaterThan(100);
	expect(facts.addressesInBitrix24).toBe(facts.addresses);

	// second run: nothing to write
	await resetCounters();
	const second = await sb.run(FILE);
	expect(second.status).toBe('success');
	expect(await writes()).toEqual([]);
	expect(second.itemsOut('Bitrix24: add bank detail')).toHaveLength(0);
	expect(second.itemsOut('Bitrix24: update bank detail').every((x) => x.json.updated === false)).toBe(true);
	expect(second.itemsOut('Bitrix24: address of the requisite').every((x) => x.json.action === 'unchanged')).toBe(true);

	// in 1C: a new valid account, a new account with a bad control key, a moved legal office
	const [accounts, kinds, cps] = await Promise.all([onecRows('Catalog_БанковскиеСчета'), onecRows('Catalog_ВидыКонтактнойИнформации'), onecRows('Catalog_Контрагенты')]);
	const companies = await b24Table('company');
	const linked = new Set(companies.filter((c) => c.ORIGINATOR_ID === baseId && c.ORIGIN_ID).map((c) => String(c.ORIGIN_ID).toLowerCase()));
	const mine = accounts.filter((a) => linked.has(String(a.Owner).toLowerCase()));
	const banks = await onecRows('Catalog_Банки');
	const bikOf = (a: Row) => String(banks.find((b) => b.Ref_Key === a.Банк_Key)!.Code);
	const [a1, a2] = [mine[0], mine[1]];
	const good = withKey(`${String(a1.НомерСчета).slice(0, 12)}99999999`, bikOf(a1), true);
	const bad = withKey(`${String(a2.НомерСчета).slice(0, 12)}88888888`, bikOf(a2), false);
	const base = { Owner_Type: 'StandardODATA.Catalog_Контрагенты', ВидСчета: 'Расчетный' };
	const created = await post1C('Catalog_БанковскиеСчета', { ...base, Description: `${good}, новый`, НомерСчета: good, Банк_Key: a1.Банк_Key, Owner: a1.Owner });
	expect(created.status).toBe(201);
	const badRef = String(((await (await post1C('Catalog_БанковскиеСчета', { ...base, Description: `${bad}, с опечаткой`, НомерСчета: bad, Банк_Key: a2.Банк_Key, Owner: a2.Owner })).json()) as Row).Ref_Key);
	const legalKind = kinds.find((k) => k.PredefinedDataName === 'ЮрАдресКонтрагента')!.Ref_Key;
	const moved = cps.find((c) => linked.has(String(c.Ref_Key).toLowerCase()) && ((c.КонтактнаяИнформация as Row[]) ?? []).some((ci) => ci.Вид_Key === legalKind))!;
	const info = (moved.КонтактнаяИнформация as Row[]).map((ci) => (ci.Вид_Key === legalKind ? { ...ci, Представление: `101000, г. Москва, ул. Новая, д. 1`, Регион: 'Москва', Город: 'Москва' } : ci));
	expect((await sb.patch1C(`Catalog_Контрагенты(guid'${String(moved.Ref_Key)}')`, { КонтактнаяИнформация: info })).status).toBe(200);

	await resetCounters();
	const third = await sb.run(FILE);
	expect(third.status).toBe('success');
	expect(third.itemsOut('Bitrix24: add bank detail')).toHaveLength(1);
	expect(third.itemsOut('Bitrix24: address of the requisite').filter((x) => x.json.action !== 'unchanged')).toEqual([expect.objectContaining({ json: expect.objectContaining({ TYPE_ID: 6, action: 'updated' }) })]);
	const journal = third.itemsOut('Error journal').map((x) => x.json);
	expect(journal).toEqual([expect.objectContaining({ object: expect.stringContaining(`1C bank account ${badRef}`), cause: expect.stringMatching(/account "\d{20}" fails its checksum/) })]);
	expect(sb.tables.rows('1C-Bitrix24 sync errors').some((r) => String(r.object).includes(badRef))).toBe(true);
	const details = await b24Table('bankdetail');
	expect(details.filter((d) => d.RQ_ACC_NUM === good)).toHaveLength(1);
	expect(details.filter((d) => d.RQ_ACC_NUM === bad)).toHaveLength(0);
	// the only writes: the new account, the moved address, and the journal's notice of the bad account
	expect(Object.fromEntries(await writes())).toEqual({ 'crm.requisite.bankdetail.add': 1, 'crm.address.update': 1, 'im.notify.personal.add': 1 });
	const after = await checkClientBanks(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseId, new Set([badRef]));
	expect(after.failures).toEqual([]);
	expect(after.accounts).toBe(facts.accounts + 2);
}, 180_000);

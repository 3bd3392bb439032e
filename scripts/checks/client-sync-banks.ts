/**
 * What the bank-account / address template (1C → Bitrix24 requisites) must leave behind, read from
 * the sandboxes' stored data: for every 1C counterparty linked to a company that has a requisite,
 * each of its 1C bank accounts (not marked for deletion) is a bank detail of one of that company's
 * requisites with the same account number and BIK (unless the run reported it on its error
 * branch), and its legal and actual addresses are the addresses (TYPE_ID 6 / 1) of the company's
 * first requisite, part by part as 1C shows them. Used by `npm run demo` and the workflow test.
 */
import { addressFromLine, changedFields } from '../../lib/address';
import { adminRows, type Row } from './rest';

export interface ClientBanksFacts {
	/** 1C bank accounts of linked counterparties */
	accounts: number;
	/** of them, present as a bank detail of the company's requisite */
	inBitrix24: number;
	/** legal / actual addresses of linked counterparties, and how many are in Bitrix24 as 1C shows them */
	addresses: number;
	addressesInBitrix24: number;
	failures: string[];
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** `errored`: 1C refs (bank accounts or counterparties) the run reported on its error branch. */
export async function checkClientBanks(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, errored: Set<string>): Promise<ClientBanksFacts> {
	const failures: string[] = [];
	const one = (set: string) => adminRows(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent(set)}`);
	const [companies, requisites, details, addresses, accounts, banks, kinds, cps] = await Promise.all([
		adminRows(`${b24BaseUrl}/_admin/table/company`),
		adminRows(`${b24BaseUrl}/_admin/table/requisite`),
		adminRows(`${b24BaseUrl}/_admin/table/bankdetail`),
		adminRows(`${b24BaseUrl}/_admin/table/address`),
		one('Catalog_БанковскиеСчета'),
		one('Catalog_Банки'),
		one('Catalog_ВидыКонтактнойИнформации'),
		one('Catalog_Контрагенты'),
	]);
	const companyOf = new Map<string, string>();
	for (const c of companies) if (String(c.ORIGINATOR_ID ?? '') === baseId && c.ORIGIN_ID) companyOf.set(lower(c.ORIGIN_ID), String(c.ID));
	const reqsOf = new Map<string, Row[]>();
	for (const q of [...requisites].sort((a, b) => Number(a.ID) - Number(b.ID))) if (Number(q.ENTITY_TYPE_ID) === 4) reqsOf.set(String(q.ENTITY_ID), [...(reqsOf.get(String(q.ENTITY_ID)) ?? []), q]);
	const bik = new Map(banks.map((b) => [lower(b.Ref_Key), String(b.Code ?? '')]));
	const facts: ClientBanksFacts = { accounts: 0, inBitrix24: 0, addresses: 0, addressesInBitrix24: 0, failures };

	for (const a of accounts) {
		const company = companyOf.get(lower(a.Owner));
		const reqs = company ? (reqsOf.get(company) ?? []) : [];
		if (a.DeletionMark === true || !reqs.length) continue;
		facts.accounts++;
		const ids = new Set(reqs.map((q) => String(q.ID)));
		const found = details.some((d) => ids.has(String(d.ENTITY_ID)) && String(d.RQ_ACC_NUM) === String(a.НомерСчета) && String(d.RQ_BIK) === bik.get(lower(a.Банк_Key)));
		if (found) facts.inBitrix24++;
		else if (!errored.has(lower(a.Ref_Key)) && !errored.has(lower(a.Owner))) failures.push(`1C bank account ${lower(a.Ref_Key)} (${String(a.НомерСчета)}) of counterparty ${lower(a.Owner)}: no such bank detail on company ${company}'s requisites, and not reported`);
	}

	const typeOf = new Map<string, number>();
	for (const k of kinds) if (k.PredefinedDataName === 'ЮрАдресКонтрагента') typeOf.set(lower(k.Ref_Key), 6);
	for (const k of kinds) if (k.PredefinedDataName === 'ФактАдресКонтрагента') typeOf.set(lower(k.Ref_Key), 1);
	for (const cp of cps) {
		const company = companyOf.get(lower(cp.Ref_Key));
		const req = company ? reqsOf.get(company)?.[0] : undefined;
		if (!req || cp.DeletionMark === true) continue;
		for (const ci of (cp.КонтактнаяИнформация as Row[] | undefined) ?? []) {
			const type = typeOf.get(lower(ci.Вид_Key));
			if (ci.Тип !== 'Адрес' || !type) continue;
			facts.addresses++;
			const stored = addresses.find((x) => Number(x.ENTITY_TYPE_ID) === 8 && String(x.ENTITY_ID) === String(req.ID) && Number(x.TYPE_ID) === type);
			const want = { ...addressFromLine(ci.Представление, { region: ci.Регион, city: ci.Город }), PROVINCE: ci.Регион, CITY: ci.Город };
			const diff = changedFields(stored, want);
			if (stored && !diff.length) facts.addressesInBitrix24++;
			else if (!errored.has(lower(cp.Ref_Key))) failures.push(`1C counterparty ${lower(cp.Ref_Key)}: address type ${type} of requisite ${String(req.ID)} ${stored ? `differs in ${diff.join(', ')}` : 'is missing'}`);
		}
	}
	return facts;
}

/**
 * Which counterparties a 1C base holds, compared with the Bitrix24 portal (which loads every
 * `ds.companies` entry). THE RULES (per base; every choice is a hash of seed + base id + role +
 * the company's GUID, so each base differs from the others and a seed always gives the same):
 *
 * 1. Originals O = `ds.companies` without `duplicateOf`. The dataset's own duplicates (≈3 %, a
 *    second card of a company typed in by another manager) are Bitrix24-side mistakes: 1C never
 *    has them as cards; their deals, invoices and contacts go to the original's counterparty.
 * 2. Bitrix24-only: the first round(15 % · |O|) originals by rank `skip` are left out, with all
 *    their documents and contact persons. Shared S = the rest; each keeps its dataset GUID as
 *    `Ref_Key` (the same company has the same reference in every base).
 * 3. 1C-only: round(5 % · |S|) new counterparties (ООО 70 % / ИП 20 % / АО 10 %) with valid new
 *    INN/KPP/OGRN(IP) (lib/requisites makers; no INN, phone or e-mail of the dataset), a
 *    contract, a bank account for 60 %; no documents.
 * 4. 1C-side duplicates: the first round(3 % · |S|) shared companies by rank `duplicate` get a
 *    second card — same INN/KPP/OGRN/full name, another `Description` spelling, the first phone
 *    re-typed, no bank account; no documents point at it.
 * 5. Phone format: the first round(10 % · |S with phones|) shared companies by rank `phone` have
 *    every phone written in another format than the dataset's (same digits, extension kept).
 * Codes follow this order: shared (by dataset n), duplicates, 1C-only.
 */
import { makeInn10, makeInn12, makeOgrn, makeOgrnip } from '../../../lib/requisites';
import { makeAccount } from '../../../lib/requisites';
import { BANKS, NAME_PREFIXES, NAME_SUFFIXES, NAME_WORDS, translit } from '../../seed/dictionaries';
import { cleanPhone, DAY, END, fmt, fullName, makeAddress, makePerson, newPhone, officeTime, pickCity, Registry, shortName, START } from '../../seed/people';
import { Random } from '../../seed/random';
import type { BankAccount, Company, Dataset, LegalForm } from '../../seed/types';
import { parsePhone, reformatPhone } from './contact-info';
import type { SeedIds } from './ids';

export const SHARES = { skip: 0.15, oneCOnly: 0.05, duplicates: 0.03, phoneFormat: 0.1 };

export interface Party {
	kind: 'shared' | 'onec' | 'duplicate';
	/** as the base stores it: names, requisites and phones already in their 1C form */
	company: Company;
	/** counterparty `Ref_Key` */
	ref: string;
	/** the shared party a duplicate copies */
	of?: Party;
}

export interface Plan {
	/** in code order: shared, duplicates, 1C-only */
	parties: Party[];
	/** dataset company n (B24 duplicates included) → its shared party */
	byCompanyN: Map<number, Party>;
	skipped: Company[];
}

const LONG: Record<string, string> = { ООО: 'Общество с ограниченной ответственностью', АО: 'Акционерное общество', ИП: 'Индивидуальный предприниматель' };

/** Another spelling of a counterparty's name (never the original). */
export function respell(c: Company, pick: number): string {
	const core = /"(.+)"/.exec(c.name)?.[1];
	const p = c.director;
	let variants: string[];
	if (c.form === 'ИП' && p) variants = [`ИП ${shortName(p)}`, `${fullName(p)} ИП`, `ИП ${fullName(p).toUpperCase()}`, `Индивидуальный предприниматель ${shortName(p)}`];
	else if (core) variants = [`${c.form} ${core}`, `${core} ${c.form}`, `${c.form} «${core}»`, `${c.form} "${core.toUpperCase()}"`, `"${core}" ${c.form}`];
	else variants = [c.name.toUpperCase(), `${c.name} (физ. лицо)`, c.name.replace(/ё/g, 'е') + ' '];
	const options = variants.filter((v) => v.trim() !== c.name);
	return options[Math.floor(pick * options.length)];
}

function registryOf(ds: Dataset): Registry {
	const reg = new Registry();
	for (const c of ds.companies) {
		reg.inns.add(c.inn);
		for (const p of c.phones) reg.phones.add(parsePhone(p).digits);
		for (const e of c.emails) reg.emails.add(e.toLowerCase());
		const core = /"(.+)"/.exec(c.name)?.[1];
		if (core) reg.names.add(core);
	}
	for (const c of ds.contacts) for (const p of c.phones) reg.phones.add(parsePhone(p).digits);
	reg.inns.add(ds.organisation.inn);
	return reg;
}

function oneCOnly(ds: Dataset, ids: SeedIds, count: number): Company[] {
	const r = Random.for(ds.seed, `onec-only-${ids.baseId}`);
	const reg = registryOf(ds);
	const banks = BANKS.filter((b) => ds.companies.some((c) => c.bankAccounts.some((a) => a.bik === b.bik)));
	const out: Company[] = [];
	for (let k = 1; k <= count; k++) {
		const form: LegalForm = r.weighted([['ООО', 70], ['ИП', 20], ['АО', 10]] as const);
		const city = pickCity(r);
		const legal = form !== 'ИП';
		const person = makePerson(r);
		let core = '';
		// two-part names run out at big seeds (≈2,550 of them): then three-part, then numbered
		for (let attempt = 0; legal && (core === '' || reg.names.has(core)); attempt++) {
			if (attempt < 20) core = r.chance(0.5) ? `${r.pick(NAME_WORDS)}-${r.pick(NAME_SUFFIXES)}` : `${r.pick(NAME_PREFIXES)}${r.pick(NAME_SUFFIXES)}`;
			else if (attempt < 60) core = `${r.pick(NAME_WORDS)}-${r.pick(NAME_PREFIXES)}${r.pick(NAME_SUFFIXES).toLowerCase()}`;
			else core = `${r.pick(NAME_PREFIXES)}${r.pick(NAME_SUFFIXES)}-${attempt}`;
		}
		reg.names.add(core);
		let inn = '';
		while (inn === '' || reg.inns.has(inn)) {
			const office = String(r.int(1, city.taxOffices)).padStart(2, '0');
			inn = legal ? makeInn10(city.regionCode + office + r.digits(5)) : makeInn12(city.regionCode + office + r.digits(6));
		}
		reg.inns.add(inn);
		const year = String(r.int(5, 25)).padStart(2, '0');
		const ogrn = legal ? makeOgrn('1' + year + city.regionCode + String(r.int(1, 50)).padStart(2, '0') + r.digits(5)) : makeOgrnip('3' + year + city.regionCode + r.digits(9));
		const phone = newPhone(r, reg, legal ? 'landline' : 'mobile', city);
		const domain = translit(core || person.lastName).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') + `-${k}.example.ru`;
		const address = makeAddress(r, city, 'office');
		const accounts: BankAccount[] = [];
		if (banks.length && r.chance(0.6)) {
			const bank = r.pick(banks);
			const prefix = legal ? '40702810' : '40802810';
			accounts.push({ guid: ids.ref('onec-only-account', k), bankName: bank.name, bik: bank.bik, corrAccount: bank.corr, account: makeAccount(bank.bik, prefix + 'X' + r.pick(bank.branches) + r.digits(7)), currency: 'RUB' });
		}
		out.push({
			n: 1_000_000 + k,
			guid: ids.ref('onec-only', k),
			form,
			name: legal ? `${form} "${core}"` : `ИП ${fullName(person)}`,
			fullName: legal ? `${LONG[form]} "${core}"` : `${LONG.ИП} ${fullName(person)}`,
			inn,
			kpp: legal ? inn.slice(0, 4) + '01001' : null,
			ogrn,
			director: person,
			phones: [cleanPhone(phone)],
			emails: [`${legal ? 'info' : 'mail'}@${domain}`],
			web: null,
			legalAddress: address,
			actualAddress: { ...address },
			bankAccounts: accounts,
			responsibleUserId: r.pick([2, 4, 5, 6, 7]),
			industry: null,
			createdAt: fmt(officeTime(r, START, Math.max(START, END - 30 * DAY))),
		});
	}
	return out;
}

export function makePlan(ds: Dataset, ids: SeedIds): Plan {
	const originals = ds.companies.filter((c) => c.duplicateOf === undefined);
	const skippedCount = Math.round(SHARES.skip * originals.length);
	const skipped = new Set(ids.rank(originals, 'skip', (c) => c.guid).slice(0, skippedCount));
	const sharedCompanies = originals.filter((c) => !skipped.has(c));
	const withPhones = sharedCompanies.filter((c) => c.phones.length > 0);
	const reformat = new Set(ids.rank(withPhones, 'phone', (c) => c.guid).slice(0, Math.round(SHARES.phoneFormat * withPhones.length)));
	const shared: Party[] = sharedCompanies.map((c) => ({
		kind: 'shared',
		ref: c.guid,
		company: reformat.has(c) ? { ...c, phones: c.phones.map((p, i) => reformatPhone(p, ids.unit('phone-form', `${c.guid}:${i}`))) } : c,
	}));
	const byGuid = new Map(shared.map((p) => [p.ref, p]));
	const byCompanyN = new Map<number, Party>();
	for (const c of ds.companies) {
		const orig = c.duplicateOf === undefined ? c : ds.companies[c.duplicateOf - 1];
		const party = byGuid.get(orig.guid);
		if (party) byCompanyN.set(c.n, party);
	}
	const dupCount = Math.round(SHARES.duplicates * shared.length);
	const duplicates: Party[] = ids
		.rank(shared, 'duplicate', (p) => p.ref)
		.slice(0, dupCount)
		.sort((a, b) => a.company.n - b.company.n)
		.map((of) => {
			const c = of.company;
			const phones = c.phones.length ? [reformatPhone(c.phones[0], ids.unit('duplicate-phone', c.guid))] : [];
			return { kind: 'duplicate', of, ref: ids.ref('duplicate', c.guid), company: { ...c, guid: ids.ref('duplicate', c.guid), name: respell(c, ids.unit('respell', c.guid)), phones, emails: [], bankAccounts: [] } };
		});
	const only: Party[] = oneCOnly(ds, ids, Math.round(SHARES.oneCOnly * shared.length)).map((c) => ({ kind: 'onec', ref: c.guid, company: c }));
	return { parties: [...shared, ...duplicates, ...only], byCompanyN, skipped: [...skipped] };
}

/**
 * Counterparties: ООО/АО/ПАО/ИП/ФЛ with valid requisites, phones, e-mails, addresses and bank
 * accounts; about 3 % are duplicates of an earlier company (same INN, other spelling).
 */
import { makeAccount, makeInn10, makeInn12, makeOgrn, makeOgrnip } from '../../lib/requisites';
import type { BankAccount, Company, LegalForm, Person } from './types';
import {
	BANKS,
	type Bank,
	ENTERPRISE_ADJECTIVES,
	ENTERPRISE_NOUNS,
	INDUSTRIES,
	NAME_KINDS,
	NAME_PREFIXES,
	NAME_SUFFIXES,
	NAME_TAILS,
	NAME_WORDS,
	translit,
	type City,
} from './dictionaries';
import {
	END,
	START,
	Registry,
	fmt as fmtTime,
	formatPhone,
	fullName,
	makeAddress,
	makePerson,
	newPhone,
	officeTime,
	personalEmail,
	pickCity,
	reformatEmail,
	reformatPhone,
	shortName,
	type Phone,
} from './people';
import { GUID_SECTIONS, Random, type GuidFactory } from './random';
import { pickManager } from './staff';

/** A company with what the generator needs later (phones as numbers, the city, the name core). */
export interface CompanyDraft {
	company: Company;
	t: number;
	city: City;
	/** the part in quotes for legal entities; '' for ИП/ФЛ */
	core: string;
	person: Person | null;
	phones: Phone[];
	domain: string | null;
}

/** Forms per 100 companies; drawn from shuffled decks, so even small seeds keep the proportions. */
const FORMS: ReadonlyArray<readonly [LegalForm, number]> = [
	['ООО', 60],
	['АО', 10],
	['ПАО', 3],
	['ИП', 20],
	['ФЛ', 7],
];

class FormDeck {
	private deck: LegalForm[] = [];

	constructor(private readonly r: Random) {}

	next(): LegalForm {
		if (this.deck.length === 0) {
			const full: LegalForm[] = [];
			for (const [form, k] of FORMS) for (let i = 0; i < k; i++) full.push(form);
			this.deck = this.r.sample(full, full.length);
		}
		return this.deck.pop()!;
	}
}

const LONG_FORM: Record<string, string> = {
	ООО: 'Общество с ограниченной ответственностью',
	АО: 'Акционерное общество',
	ПАО: 'Публичное акционерное общество',
	ИП: 'Индивидуальный предприниматель',
};

const DUPLICATE_SHARE = 0.03;

export class BankAccountFactory {
	private n = 0;

	constructor(private readonly guids: GuidFactory) {}

	private readonly byCity = new Map<string, ReadonlyArray<readonly [Bank, number]>>();

	/** banks working in the city, as a weighted list (cached: this runs for every company) */
	private banksFor(city: City): ReadonlyArray<readonly [Bank, number]> {
		let list = this.byCity.get(city.city);
		if (!list) {
			list = BANKS.filter((b) => b.cities.includes('') || b.cities.includes(city.city)).map((b) => [b, b.weight] as const);
			this.byCity.set(city.city, list);
		}
		return list;
	}

	make(r: Random, form: LegalForm, city: City, exclude?: string): BankAccount {
		const all = this.banksFor(city);
		const bank = r.weighted(exclude === undefined ? all : all.filter(([b]) => b.bik !== exclude));
		const prefix = form === 'ИП' ? '40802810' : form === 'ФЛ' ? '40817810' : '40702810';
		return this.copy({
			guid: '',
			bankName: bank.name,
			bik: bank.bik,
			corrAccount: bank.corr,
			account: makeAccount(bank.bik, prefix + 'X' + r.pick(bank.branches) + r.digits(7)),
			currency: 'RUB',
		});
	}

	/** the same account under a new GUID (a duplicate card) */
	copy(a: BankAccount): BankAccount {
		return { ...a, guid: this.guids.make(GUID_SECTIONS.bankAccount, ++this.n) };
	}
}

function coreName(r: Random, form: LegalForm): string {
	if ((form === 'ПАО' || (form === 'АО' && r.chance(0.5))) && r.chance(0.8)) {
		return `${r.pick(ENTERPRISE_ADJECTIVES)} ${r.pick(ENTERPRISE_NOUNS)}`;
	}
	const p = r.next();
	if (p < 0.3) return `${r.pick(NAME_WORDS)}-${r.pick(NAME_SUFFIXES)}`;
	if (p < 0.55) return `${r.pick(NAME_PREFIXES)}${r.pick(NAME_SUFFIXES)}`;
	if (p < 0.72) return r.pick(NAME_WORDS);
	if (p < 0.85) return `${r.pick(NAME_KINDS)} ${r.pick(NAME_WORDS)}`;
	return `${r.pick(NAME_WORDS)} ${r.pick(NAME_TAILS)}`;
}

function uniqueCore(r: Random, reg: Registry, form: LegalForm): string {
	let core = coreName(r, form);
	for (let attempt = 1; reg.names.has(core); attempt++) {
		if (attempt < 3) core = coreName(r, form);
		// three-part names ("Урал-СтройИнвест") when the short ones run out at big seeds
		else if (attempt < 40) core = `${r.pick(NAME_WORDS)}-${r.pick(NAME_PREFIXES)}${r.pick(NAME_SUFFIXES).toLowerCase()}`;
		else core = `${coreName(r, form)}-${attempt}`;
	}
	reg.names.add(core);
	return core;
}

function domainFor(r: Random, reg: Registry, core: string): string {
	const base = translit(core)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	const zone = r.chance(0.65) ? 'example.ru' : 'example.com';
	let d = `${base}.${zone}`;
	for (let i = 2; reg.domains.has(d); i++) d = `${base}${i}.${zone}`;
	reg.domains.add(d);
	return d;
}

function newInn(r: Random, reg: Registry, city: City, individual: boolean): string {
	for (;;) {
		const office = String(r.int(1, city.taxOffices)).padStart(2, '0');
		const inn = individual
			? makeInn12(city.regionCode + office + r.digits(6))
			: makeInn10(city.regionCode + office + r.digits(5));
		if (!reg.inns.has(inn)) {
			reg.inns.add(inn);
			return inn;
		}
	}
}

function kppFor(r: Random, city: City, inn: string, form: LegalForm): string {
	if (form === 'ПАО' && r.chance(0.3)) return '9977' + '50001'; // the largest taxpayers' inspectorate
	if (r.chance(0.85)) return inn.slice(0, 4) + '01001';
	// moved to another district: registered at another office of the region
	return city.regionCode + String(r.int(1, city.taxOffices)).padStart(2, '0') + '01001';
}

function ogrnFor(r: Random, city: City): string {
	const year = String(r.int(2, 24)).padStart(2, '0');
	const office =
		city.regionCode === '77' ? '46' : city.regionCode === '78' ? '47' : String(r.int(1, 50)).padStart(2, '0');
	return makeOgrn((r.chance(0.8) ? '1' : '5') + year + city.regionCode + office + r.digits(5));
}

function ogrnipFor(r: Random, city: City): string {
	return makeOgrnip('3' + String(r.int(4, 25)).padStart(2, '0') + city.regionCode + r.digits(9));
}

function namesFor(form: LegalForm, core: string, person: Person | null): { name: string; fullName: string } {
	if (form === 'ИП') return { name: `ИП ${fullName(person!)}`, fullName: `${LONG_FORM.ИП} ${fullName(person!)}` };
	if (form === 'ФЛ') return { name: fullName(person!), fullName: fullName(person!) };
	return { name: `${form} "${core}"`, fullName: `${LONG_FORM[form]} "${core}"` };
}

/** Another spelling of the same counterparty's name, never equal to `original`. */
export function respell(r: Random, draft: CompanyDraft): string {
	const { form, name } = draft.company;
	const core = draft.core;
	const p = draft.person;
	let variants: string[];
	if (form === 'ИП') {
		variants = [
			`ИП ${shortName(p!)}`,
			`ИП ${shortName(p!, true)}`,
			`${fullName(p!)} ИП`,
			`ИП ${p!.lastName} ${p!.firstName}`,
			`${LONG_FORM.ИП} ${shortName(p!)}`,
			`ИП ${fullName(p!).replace(/ё/g, 'е')}`,
		];
	} else if (form === 'ФЛ') {
		variants = [shortName(p!), `${p!.lastName} ${p!.firstName}`, fullName(p!).toUpperCase(), `${p!.firstName} ${p!.lastName}`];
	} else {
		variants = [
			`${form} ${core.replace(/-/g, ' ')}`,
			`${form} «${core}»`,
			`${core} ${form}`,
			`"${core}", ${form}`,
			`${form} "${core.toUpperCase()}"`,
			`${form}  "${core}"`,
			`${form}"${core}"`,
			`${LONG_FORM[form]} "${core}"`,
			`${form} ${core}`,
		];
	}
	const options = variants.filter((v) => v !== name);
	return r.pick(options);
}

function newCompany(r: Random, reg: Registry, banks: BankAccountFactory, form: LegalForm, n: number, t: number): CompanyDraft {
	const city = pickCity(r);
	const legal = form !== 'ИП' && form !== 'ФЛ';
	const person = legal ? null : makePerson(r);
	const core = legal ? uniqueCore(r, reg, form) : '';
	const inn = newInn(r, reg, city, !legal);

	const phones: Phone[] = [];
	if (legal) {
		if (r.chance(0.95)) phones.push(newPhone(r, reg, 'landline', city));
		if (r.chance(0.3)) phones.push(newPhone(r, reg, r.chance(0.5) ? 'mobile' : 'landline', city));
	} else {
		if (r.chance(0.93)) phones.push(newPhone(r, reg, 'mobile', city));
		if (form === 'ИП' && r.chance(0.2)) phones.push(newPhone(r, reg, 'landline', city));
	}

	let domain: string | null = null;
	const emails: string[] = [];
	let web: string | null = null;
	if (legal && r.chance(0.85)) {
		domain = domainFor(r, reg, core);
		if (r.chance(0.85)) emails.push(`${r.pick(['info', 'info', 'office', 'mail', 'zakaz', 'sales'])}@${domain}`);
		if (r.chance(0.25)) emails.push(`${r.pick(['buh', 'snab', 'director', 'opt'])}@${domain}`);
		const w = r.next();
		web = w < 0.6 ? `https://${domain}` : w < 0.7 ? `www.${domain}` : w < 0.8 ? domain : null;
	} else if (!legal && r.chance(form === 'ИП' ? 0.85 : 0.6)) {
		emails.push(personalEmail(r, reg, person!));
	}
	for (const e of emails) reg.emails.add(e);

	const legalAddress = makeAddress(r, city, legal ? 'office' : 'home');
	const actualAddress = legal && r.chance(0.3) ? makeAddress(r, city, 'office') : { ...legalAddress };

	const bankAccounts: BankAccount[] = [];
	if (r.chance(legal ? 0.78 : form === 'ИП' ? 0.7 : 0.1)) {
		bankAccounts.push(banks.make(r, form, city));
		if (form !== 'ФЛ' && r.chance(0.2)) bankAccounts.push(banks.make(r, form, city, bankAccounts[0].bik));
	}

	const names = namesFor(form, core, person);
	const company: Company = {
		n,
		guid: '',
		form,
		name: names.name,
		fullName: names.fullName,
		inn,
		kpp: legal ? kppFor(r, city, inn, form) : null,
		ogrn: legal ? ogrnFor(r, city) : form === 'ИП' ? ogrnipFor(r, city) : null,
		director: legal ? makePerson(r) : form === 'ИП' ? { ...person! } : null,
		phones: phones.map((p) => formatPhone(r, p)),
		emails,
		web,
		legalAddress,
		actualAddress,
		bankAccounts,
		responsibleUserId: pickManager(r, t),
		industry: form === 'ФЛ' || r.chance(0.2) ? null : r.weighted(INDUSTRIES),
		createdAt: '',
	};
	return { company, t, city, core, person, phones, domain };
}

/** A second card of `orig`, typed in by another manager: same INN, other spelling. */
function duplicateCompany(r: Random, reg: Registry, banks: BankAccountFactory, orig: CompanyDraft, n: number, t: number): CompanyDraft {
	const o = orig.company;
	const phones: Phone[] = [];
	const phoneStrings: string[] = [];
	if (orig.phones.length > 0 && r.chance(0.7)) {
		phones.push(orig.phones[0]);
		phoneStrings.push(reformatPhone(r, orig.phones[0], o.phones[0]));
	} else if (r.chance(0.6)) {
		const p = newPhone(r, reg, o.form === 'ФЛ' || o.form === 'ИП' ? 'mobile' : 'landline', orig.city);
		phones.push(p);
		phoneStrings.push(formatPhone(r, p));
	}
	const emails = o.emails.length > 0 && r.chance(0.4) ? [r.chance(0.5) ? o.emails[0] : reformatEmail(r, o.emails[0])] : [];
	const company: Company = {
		n,
		guid: '',
		form: o.form,
		name: respell(r, orig),
		fullName: o.fullName,
		inn: o.inn,
		kpp: o.kpp,
		ogrn: o.ogrn,
		director: o.form === 'ИП' ? { ...o.director! } : o.director && r.chance(0.6) ? { ...o.director } : null,
		phones: phoneStrings,
		emails,
		web: r.chance(0.3) ? o.web : null,
		legalAddress: { ...o.legalAddress },
		actualAddress: { ...o.actualAddress },
		bankAccounts: r.chance(0.3) ? o.bankAccounts.map((a) => banks.copy(a)) : [],
		responsibleUserId: pickManager(r, t),
		industry: r.chance(0.5) ? o.industry : null,
		createdAt: '',
		duplicateOf: o.n,
	};
	return { company, t, city: orig.city, core: orig.core, person: orig.person, phones, domain: null };
}

export function generateCompanies(seed: number, count: number, reg: Registry, guids: GuidFactory, banks: BankAccountFactory): CompanyDraft[] {
	const r = Random.for(seed, 'companies');
	const times: number[] = [];
	for (let i = 0; i < count; i++) times.push(officeTime(r, START, END));
	times.sort((a, b) => a - b);
	const forms = new FormDeck(Random.for(seed, 'company-forms'));
	const drafts: CompanyDraft[] = [];
	for (let i = 0; i < count; i++) {
		const n = i + 1;
		const t = times[i];
		let d: CompanyDraft;
		if (n > 3 && r.chance(DUPLICATE_SHARE)) {
			let orig = drafts[r.int(0, i - 1)];
			if (orig.company.duplicateOf !== undefined) orig = drafts[orig.company.duplicateOf - 1];
			d = duplicateCompany(r, reg, banks, orig, n, t);
		} else {
			d = newCompany(r, reg, banks, forms.next(), n, t);
		}
		d.company.guid = guids.make(GUID_SECTIONS.company, n);
		d.company.createdAt = fmtTime(t);
		drafts.push(d);
	}
	return drafts;
}

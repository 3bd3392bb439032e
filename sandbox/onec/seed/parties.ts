/**
 * Counterparties of the plan (./overlap.ts) with their УТ partners, bank accounts, «Основной
 * договор», УТ analytics keys, and the contact persons of `ds.contacts` that belong to a seeded
 * company (owner = the counterparty, or the УТ partner — as the configuration declares).
 */
import { utPartnerKeyRef } from '../config/posting-ut11';
import type { Company, Contact } from '../../seed/types';
import { contactInformation, type ContactItem } from './contact-info';
import { fio, mustRole, predefined, roleSet, type SeedContext } from './context';
import type { Party } from './overlap';
import { bankAccountFields } from './reference';
import { code, entitySet, insertObject, targetOf, type RowBuilder } from './rows';

const KINDS = 'Catalog_ВидыКонтактнойИнформации';

function companyContacts(ctx: SeedContext, c: Company, contact = false): ContactItem[] {
	const kind = (name: string) => predefined(ctx, KINDS, name);
	return [
		...c.phones.map((value): ContactItem => ({ type: 'Телефон', value, kind: kind(contact ? 'ТелефонКонтактногоЛица' : 'ТелефонКонтрагента') })),
		...c.emails.map((value): ContactItem => ({ type: 'АдресЭлектроннойПочты', value, kind: kind(contact ? 'EmailКонтактногоЛица' : 'EmailКонтрагента') })),
		{ type: 'Адрес', value: c.legalAddress, kind: kind('ЮрАдресКонтрагента') },
		{ type: 'Адрес', value: c.actualAddress, kind: kind('ФактАдресКонтрагента') },
	];
}

const legal = (c: Company) => c.form !== 'ИП' && c.form !== 'ФЛ';
const day = (t: string) => `${t.slice(0, 10)}T00:00:00`;

function counterpartyFields(ctx: SeedContext, b: RowBuilder, p: Party, o: { folder?: string; partner?: string; contract: string; account?: string; contact?: string }): void {
	const c = p.company;
	const set = mustRole(ctx, 'counterparty');
	code(b, entitySet(ctx.base, set));
	if (o.folder) b.set('Parent_Key', o.folder);
	b.set('Description', c.name).opt('НаименованиеПолное', c.fullName);
	b.optEnm('ЮридическоеФизическоеЛицо', legal(c) ? 'ЮридическоеЛицо' : 'ФизическоеЛицо');
	b.optEnm('ВидКонтрагента', legal(c) ? 'ЮридическоеЛицо' : c.form === 'ИП' ? 'ИндивидуальныйПредприниматель' : 'ФизическоеЛицо');
	b.optEnm('ЮрФизЛицо', legal(c) ? 'ЮрЛицо' : c.form === 'ИП' ? 'ИндивидуальныйПредприниматель' : 'ФизЛицо');
	b.set('ИНН', c.inn).opt('КПП', c.kpp ?? '').opt('РегистрационныйНомер', c.ogrn ?? '');
	b.opt('ИННВведенКорректно', true).opt('КППВведенКорректно', c.kpp !== null).opt('РасширенноеПредставлениеИНН', c.inn).opt('РасширенноеПредставлениеКПП', c.kpp ?? '');
	b.optRef('СтранаРегистрации', ctx.country).optRef('ГоловнойКонтрагент', p.ref, set);
	b.optRef('Партнер', o.partner);
	b.optRef(b.first('ОсновнойБанковскийСчет', 'БанковскийСчетПоУмолчанию'), o.account);
	b.optRef('ДоговорПоУмолчанию', o.contract).optRef('ВалютаРасчетовПоУмолчанию', ctx.currency);
	b.optRef('ОсновноеКонтактноеЛицо', o.contact);
	b.opt('Покупатель', true).optRef('Ответственный', ctx.users.get(c.responsibleUserId));
	b.opt('ДатаСоздания', c.createdAt);
	contactInformation(b, companyContacts(ctx, c));
}

function seedPartner(ctx: SeedContext, set: string, p: Party): string {
	const c = p.company;
	const ref = ctx.ids.ref('partner', p.ref);
	insertObject(ctx.base, set, ref, (b) => {
		code(b, entitySet(ctx.base, set));
		b.set('Description', c.name).opt('НаименованиеПолное', c.fullName);
		b.optEnm('ЮрФизЛицо', c.form === 'ФЛ' ? 'ЧастноеЛицо' : 'Компания');
		b.opt('Клиент', true).optRef('ОсновнойМенеджер', ctx.users.get(c.responsibleUserId)).opt('ДатаРегистрации', c.createdAt);
		contactInformation(b, companyContacts(ctx, c));
	});
	return ref;
}

function seedContract(ctx: SeedContext, cp: { ref: string; company: Company; partner?: string; account?: string }): string {
	const set = mustRole(ctx, 'contract');
	const cpSet = mustRole(ctx, 'counterparty');
	const ref = ctx.ids.ref('contract', cp.ref);
	insertObject(ctx.base, set, ref, (b) => {
		code(b, entitySet(ctx.base, set));
		if (b.has('Owner_Key') || b.has('Owner')) b.owner(cpSet, cp.ref);
		b.set('Description', 'Основной договор');
		b.optRef('Контрагент', cp.ref).optRef('Партнер', cp.partner);
		b.enmFirst(b.first('ВидДоговора', 'ТипДоговора'), ['СПокупателем']);
		b.optRef('Организация', ctx.organisation);
		b.optRef(b.first('ВалютаВзаиморасчетов', 'ВалютаРасчетов'), ctx.currency);
		b.opt(b.first('Дата', 'ДатаДоговора'), day(cp.company.createdAt));
		b.optRef('БанковскийСчет', ctx.orgAccount, roleSet(ctx, 'organisationBankAccount')).optRef('БанковскийСчетКонтрагента', cp.account);
		b.optRef(b.first('Менеджер', 'Ответственный'), ctx.users.get(cp.company.responsibleUserId));
	});
	return ref;
}

function seedContact(ctx: SeedContext, set: string, ct: Contact, owner: { counterparty: string; partner?: string }): void {
	const s = entitySet(ctx.base, set);
	const ownerNav = s.navigations.find((n) => n.name === 'Owner');
	const ownerProp = s.properties.find((x) => x.name === 'Owner_Key' || x.name === 'Owner');
	insertObject(ctx.base, set, ct.guid, (b) => {
		code(b, s);
		if (ownerProp) {
			const target = ownerNav?.target ?? mustRole(ctx, 'counterparty');
			b.owner(target, target === ctx.roles.partner ? owner.partner! : owner.counterparty);
		}
		b.optRef('ОбъектВладелец', owner.counterparty);
		b.set('Description', fio(ct.person)).opt('Фамилия', ct.person.lastName).opt('Имя', ct.person.firstName).opt('Отчество', ct.person.middleName);
		b.opt(b.first('Должность', 'ДолжностьПоВизитке'), ct.position ?? '');
		b.optEnm('Пол', ct.person.gender === 'M' ? 'Мужской' : 'Женский').optEnm('ВидКонтактногоЛица', 'КонтактноеЛицоКонтрагента');
		b.optRef('Ответственный', ctx.users.get(ct.responsibleUserId));
		const kind = (name: string) => predefined(ctx, 'Catalog_ВидыКонтактнойИнформации', name);
		contactInformation(b, [
			...ct.phones.map((value): ContactItem => ({ type: 'Телефон', value, kind: kind('ТелефонКонтактногоЛица') })),
			...ct.emails.map((value): ContactItem => ({ type: 'АдресЭлектроннойПочты', value, kind: kind('EmailКонтактногоЛица') })),
		]);
	});
}

export function seedParties(ctx: SeedContext): void {
	const cpSet = mustRole(ctx, 'counterparty');
	const accountSet = mustRole(ctx, 'bankAccount');
	const partnerSet = roleSet(ctx, 'partner');
	const contactSet = roleSet(ctx, 'contactPerson');
	const keySet = roleSet(ctx, 'paymentsRegister') && targetOf(ctx.base, `${ctx.roles.paymentsRegister}_RecordType`, 'АналитикаУчетаПоПартнерам');
	// contacts that belong to a seeded company (B24 duplicates of contacts stay in Bitrix24)
	const contacts = new Map<string, Contact[]>();
	for (const ct of ctx.ds.contacts) {
		const party = ct.companyN !== null && ct.duplicateOf === undefined ? ctx.plan.byCompanyN.get(ct.companyN) : undefined;
		if (party) contacts.set(party.ref, [...(contacts.get(party.ref) ?? []), ct]);
	}
	let folder: string | undefined;
	if (entitySet(ctx.base, cpSet).properties.some((p) => p.name === 'IsFolder')) {
		folder = ctx.ids.ref('counterparty-folder', 'Покупатели');
		insertObject(ctx.base, cpSet, folder, (b) => {
			code(b, entitySet(ctx.base, cpSet));
			b.set('Description', 'Покупатели').set('IsFolder', true);
		});
	}
	for (const p of ctx.plan.parties) {
		const c = p.company;
		const partner = partnerSet ? seedPartner(ctx, partnerSet, p) : undefined;
		const account = c.bankAccounts[0]?.guid;
		const contract = seedContract(ctx, { ref: p.ref, company: c, partner, account });
		const own = contactSet ? (contacts.get(p.ref) ?? []) : [];
		insertObject(ctx.base, cpSet, p.ref, (b) => counterpartyFields(ctx, b, p, { folder, partner, contract, account, contact: p.kind === 'duplicate' ? undefined : own[0]?.guid }));
		for (const a of c.bankAccounts) {
			insertObject(ctx.base, accountSet, a.guid, (b) => {
				code(b, entitySet(ctx.base, accountSet));
				b.owner(cpSet, p.ref);
				bankAccountFields(ctx, b, a);
			});
		}
		if (keySet && partner) {
			insertObject(ctx.base, keySet, utPartnerKeyRef(ctx.organisation, partner, p.ref), (b) => {
				b.set('Description', `${ctx.ds.organisation.name} / ${c.name}`).set('Организация_Key', ctx.organisation).set('Партнер_Key', partner).set('Контрагент_Key', p.ref);
			});
		}
		ctx.counterparties.set(p.ref, { party: p, ref: p.ref, company: c, contract, partner, account });
		if (contactSet && p.kind !== 'duplicate') for (const ct of own) seedContact(ctx, contactSet, ct, { counterparty: p.ref, partner });
	}
}

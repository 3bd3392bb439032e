/**
 * Contacts: ≈ 1.5 per company, ~10 % private persons, ~4 % duplicates of an earlier contact
 * (the same phone or e-mail written differently). Numbered in the order of creation.
 */
import type { Contact, Person } from './types';
import { POSITIONS } from './dictionaries';
import type { CompanyDraft } from './companies';
import {
	DAY,
	END,
	HOUR,
	START,
	fmt,
	formatPhone,
	makePerson,
	newPhone,
	officeTime,
	personalEmail,
	pickCity,
	reformatEmail,
	reformatPhone,
	type Phone,
	type Registry,
} from './people';
import { GUID_SECTIONS, Random, type GuidFactory } from './random';
import { pickManager } from './staff';

interface ContactDraft {
	contact: Contact;
	t: number;
	seq: number;
	phones: Phone[];
	orig?: ContactDraft;
}

function variantOf(r: Random, p: Person): Person {
	const x = r.next();
	if (x < 0.4) return { ...p };
	if (x < 0.7) return { ...p, middleName: '' };
	if (x < 0.9) {
		const e = (s: string) => s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
		return { ...p, lastName: e(p.lastName), firstName: e(p.firstName), middleName: e(p.middleName) };
	}
	return { ...p, lastName: p.lastName.toUpperCase() };
}

export function generateContacts(
	seed: number,
	companies: CompanyDraft[],
	reg: Registry,
	guids: GuidFactory,
): Contact[] {
	const r = Random.for(seed, 'contacts');
	const total = Math.round(companies.length * 1.5);
	const dupCount = Math.round(total * 0.04);
	const eligible = companies.filter((d) => d.company.form !== 'ФЛ');
	let privateCount = Math.round((total - dupCount) * 0.1);
	if (eligible.length === 0) privateCount = total - dupCount;
	const linkedCount = total - dupCount - privateCount;
	const perCompany = new Map<number, number>();
	const drafts: ContactDraft[] = [];

	for (let i = 0; i < linkedCount; i++) {
		const d = eligible[r.int(0, eligible.length - 1)];
		const c = d.company;
		const already = perCompany.get(c.n) ?? 0;
		perCompany.set(c.n, already + 1);
		const delay = r.chance(0.5) ? r.int(0, 2 * HOUR) : r.int(0, 60) * DAY + r.int(0, 8 * HOUR);
		const t = Math.floor(Math.min(END, d.t + delay) / 1000) * 1000;

		let person: Person;
		let position: string | null;
		if (already === 0 && c.director && r.chance(c.form === 'ИП' ? 0.5 : 0.35)) {
			person = { ...c.director };
			position = c.form === 'ИП' ? null : r.chance(0.7) ? 'Генеральный директор' : 'Директор';
		} else {
			person = makePerson(r);
			position = r.chance(0.75) ? r.weighted(POSITIONS) : null;
		}
		const phones: Phone[] = [];
		if (r.chance(0.9)) phones.push(newPhone(r, reg, 'mobile', d.city));
		if (r.chance(0.12)) phones.push(newPhone(r, reg, 'landline', d.city));
		const emails: string[] = [];
		if (d.domain && r.chance(0.6)) emails.push(personalEmail(r, reg, person, d.domain));
		else if (r.chance(0.45)) emails.push(personalEmail(r, reg, person));
		drafts.push({
			t,
			seq: drafts.length,
			phones,
			contact: {
				n: 0,
				guid: '',
				person,
				companyN: c.n,
				position,
				phones: phones.map((p) => formatPhone(r, p)),
				emails,
				createdAt: '',
				responsibleUserId: r.chance(0.8) ? c.responsibleUserId : pickManager(r, t),
			},
		});
	}

	for (let i = 0; i < privateCount; i++) {
		const t = officeTime(r, START, END);
		const person = makePerson(r);
		const phones = r.chance(0.95) ? [newPhone(r, reg, 'mobile', pickCity(r))] : [];
		const emails = r.chance(0.65) ? [personalEmail(r, reg, person)] : [];
		drafts.push({
			t,
			seq: drafts.length,
			phones,
			contact: {
				n: 0,
				guid: '',
				person,
				companyN: null,
				position: null,
				phones: phones.map((p) => formatPhone(r, p)),
				emails,
				createdAt: '',
				responsibleUserId: pickManager(r, t),
			},
		});
	}

	const reachable = drafts.filter((d) => d.contact.phones.length > 0 || d.contact.emails.length > 0);
	for (let i = 0; i < dupCount && reachable.length > 0; i++) {
		const orig = reachable[r.int(0, reachable.length - 1)];
		const o = orig.contact;
		const t = Math.floor(Math.min(END, orig.t + HOUR + r.int(0, 120) * DAY) / 1000) * 1000;
		const byPhone = o.phones.length > 0 && (o.emails.length === 0 || r.chance(0.6));
		drafts.push({
			t,
			seq: drafts.length,
			phones: byPhone ? [orig.phones[0]] : [],
			orig,
			contact: {
				n: 0,
				guid: '',
				person: variantOf(r, o.person),
				companyN: r.chance(0.8) ? o.companyN : null,
				position: r.chance(0.5) ? o.position : null,
				phones: byPhone ? [reformatPhone(r, orig.phones[0], o.phones[0])] : [],
				emails: byPhone ? [] : [reformatEmail(r, o.emails[0])],
				createdAt: '',
				responsibleUserId: pickManager(r, t),
			},
		});
	}

	drafts.sort((a, b) => a.t - b.t || a.seq - b.seq);
	drafts.forEach((d, i) => {
		d.contact.n = i + 1;
		d.contact.guid = guids.make(GUID_SECTIONS.contact, i + 1);
		d.contact.createdAt = fmt(d.t);
	});
	for (const d of drafts) if (d.orig) d.contact.duplicateOf = d.orig.contact.n;
	return drafts.map((d) => d.contact);
}

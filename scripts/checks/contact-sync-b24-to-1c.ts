/**
 * What the Bitrix24 → 1C contact sync (contacts → 1C contact persons) must leave behind, read from
 * the sandboxes' stored data: every Bitrix24 contact whose company is linked to this 1C base is
 * itself linked to this base (unless the run reported it on its error branch); its contact person
 * exists in 1C with the contact's surname; no contact person is linked from two contacts; and a
 * contact person the run created (`Комментарий` «Bitrix24 contact N») belongs to the counterparty
 * of the contact's company and carries its surname, first name and patronymic. Contacts without a
 * linked company are left alone (not counted). Used by `npm run demo` and the workflow test.
 */
import { adminRows, type Row } from './rest';

export interface ContactB24To1cFacts {
	/** contacts whose company is linked to the base */
	withCompany: number;
	linked: number;
	/** contact persons created from a contact */
	created: number;
	failures: string[];
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const str = (v: unknown) => String(v ?? '').trim();

/** `errored`: the Bitrix24 contact IDs the run reported on its error branch. */
export async function checkContactB24To1c(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, errored: Set<string>): Promise<ContactB24To1cFacts> {
	const failures: string[] = [];
	const [contacts, companies, persons] = await Promise.all([
		adminRows(`${b24BaseUrl}/_admin/table/contact`),
		adminRows(`${b24BaseUrl}/_admin/table/company`),
		adminRows(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_КонтактныеЛица')}`),
	]);
	const linkOf = (r: Row) => (String(r.ORIGINATOR_ID ?? '') === baseId && r.ORIGIN_ID ? lower(r.ORIGIN_ID) : '');
	const counterpartyOf = new Map(companies.filter((c) => linkOf(c)).map((c) => [String(c.ID), linkOf(c)]));
	const personByRef = new Map(persons.map((p) => [lower(p.Ref_Key), p]));
	const facts: ContactB24To1cFacts = { withCompany: 0, linked: 0, created: 0, failures };
	const linkedFrom = new Map<string, string[]>();
	for (const ct of contacts) {
		const id = String(ct.ID);
		const mine = linkOf(ct);
		if (mine) linkedFrom.set(mine, [...(linkedFrom.get(mine) ?? []), id]);
		const owner = counterpartyOf.get(String(ct.COMPANY_ID ?? ''));
		if (!owner) continue;
		facts.withCompany++;
		const what = `Bitrix24 contact ${id} «${str(ct.LAST_NAME)} ${str(ct.NAME)}»`;
		if (!mine) {
			if (!errored.has(id)) failures.push(`${what}: its company is linked to ${baseId}, but the contact is neither linked nor reported`);
			continue;
		}
		facts.linked++;
		const p = personByRef.get(mine);
		if (!p) {
			failures.push(`${what} is linked to 1C contact person ${mine}, which does not exist`);
			continue;
		}
		if (lower(p.Фамилия).trim() !== lower(ct.LAST_NAME).trim()) failures.push(`${what}: linked contact person ${mine} has the surname «${str(p.Фамилия)}»`);
		if (str(p.Комментарий) === `Bitrix24 contact ${id}`) {
			facts.created++;
			if (lower(p.ОбъектВладелец_Key) !== owner) failures.push(`${what}: created contact person ${mine} belongs to ${str(p.ОбъектВладелец_Key)}, the company's counterparty is ${owner}`);
			const want = [ct.LAST_NAME, ct.NAME, ct.SECOND_NAME].map(str).join('|');
			const got = [p.Фамилия, p.Имя, p.Отчество].map(str).join('|');
			if (want !== got) failures.push(`${what}: created contact person ${mine} has «${got}»`);
		}
	}
	for (const [ref, ids] of linkedFrom) if (ids.length > 1) failures.push(`1C contact person ${ref} is linked from ${ids.length} contacts (${ids.join(', ')})`);
	return facts;
}

/**
 * What the contact-sync template (1C contact persons → Bitrix24 contacts) must leave behind, read
 * from the sandboxes: every contact person of a counterparty (not marked for deletion) is linked to
 * at most one contact, and to exactly one unless reported as an error; the contact carries the
 * person's surname and ORIGIN_VERSION = DataVersion; a contact the sync created belongs to the
 * company its counterparty is linked to (when that one is linked).
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];

export async function checkContactSync(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, errored: Set<string>): Promise<{ persons: number; linked: number; failures: string[] }> {
	const failures: string[] = [];
	const persons = (await json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_КонтактныеЛица')}`)).filter((p) => p.DeletionMark !== true && p.ВидКонтактногоЛица === 'КонтактноеЛицоКонтрагента');
	const [contacts, companies] = await Promise.all([json(`${b24BaseUrl}/_admin/table/contact`), json(`${b24BaseUrl}/_admin/table/company`)]);
	const linkedTo = (rows: Row[], ref: unknown) => rows.filter((r) => r.ORIGINATOR_ID === baseId && String(r.ORIGIN_ID ?? '').toLowerCase() === String(ref).toLowerCase());
	let linked = 0;
	for (const p of persons) {
		const ref = String(p.Ref_Key).toLowerCase();
		const what = `1C contact person ${ref} «${String(p.Description)}»`;
		const mine = linkedTo(contacts, ref);
		if (mine.length > 1) failures.push(`${what} is linked to ${mine.length} contacts`);
		if (mine.length === 0 && !errored.has(ref)) failures.push(`${what} is neither linked nor reported as an error`);
		if (mine.length !== 1) continue;
		linked++;
		const c = mine[0];
		if (c.LAST_NAME !== p.Фамилия || String(c.ORIGIN_VERSION ?? '') !== String(p.DataVersion)) failures.push(`${what}: contact ${String(c.ID)} has «${String(c.LAST_NAME)}» / ${String(c.ORIGIN_VERSION)}`);
		const company = linkedTo(companies, p.ОбъектВладелец_Key)[0];
		if (company && c.COMPANY_ID == null) failures.push(`${what}: contact ${String(c.ID)} has no company, its counterparty is linked to company ${String(company.ID)}`);
	}
	return { persons: persons.length, linked, failures };
}

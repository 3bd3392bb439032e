/**
 * What the client-sync template (1C counterparties → Bitrix24 companies) must leave behind, read
 * from the sandboxes' stored data (not from the run's own output): every legal-entity counterparty
 * of the 1C base is linked to at most one company; every one not reported on the error branch is
 * linked to exactly one, with ORIGIN_VERSION = the 1C DataVersion; a company whose counterparty is
 * marked for deletion is flagged «Удален в 1С» (UF_CRM_DELETED_1C); and how many linked companies
 * carry a requisite with the counterparty's INN. Used by `npm run demo` and the workflow/e2e tests.
 */
type Row = Record<string, unknown>;

export interface ClientSyncFacts {
	counterparties: number;
	linked: number;
	/** linked companies that carry a requisite (XML_ID = the 1C ref) with the counterparty’s INN */
	withRequisite: number;
	failures: string[];
}

async function json(url: string): Promise<Row[]> {
	const r = await fetch(url);
	if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
	return (await r.json()) as Row[];
}

/** `baseId`: the ORIGINATOR_ID of the links; `errored`: the 1C refs the run reported on its error branch. */
export async function checkClientSync(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, errored: Set<string>): Promise<ClientSyncFacts> {
	const failures: string[] = [];
	const all = (await json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Контрагенты')}`)).filter((c) => c.IsFolder !== true && c.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо');
	const cps = all.filter((c) => c.DeletionMark !== true);
	const companies = await json(`${b24BaseUrl}/_admin/table/company`);
	const requisites = await json(`${b24BaseUrl}/_admin/table/requisite`);
	const byRef = new Map<string, Row[]>();
	for (const c of companies) {
		const ref = String(c.ORIGIN_ID ?? '').toLowerCase();
		if (ref && String(c.ORIGINATOR_ID ?? '') === baseId) byRef.set(ref, [...(byRef.get(ref) ?? []), c]);
	}
	let linked = 0;
	let withRequisite = 0;
	for (const cp of cps) {
		const ref = String(cp.Ref_Key).toLowerCase();
		const mine = byRef.get(ref) ?? [];
		if (mine.length > 1) failures.push(`1C counterparty ${ref} «${String(cp.Description)}» is linked to ${mine.length} companies (${mine.map((m) => m.ID).join(', ')})`);
		if (mine.length === 0 && !errored.has(ref)) failures.push(`1C counterparty ${ref} «${String(cp.Description)}» is neither linked nor reported as an error`);
		if (mine.length === 1) {
			linked++;
			const company = mine[0];
			if (String(company.ORIGIN_VERSION ?? '') !== String(cp.DataVersion ?? '')) failures.push(`company ${String(company.ID)} has ORIGIN_VERSION ${String(company.ORIGIN_VERSION)}, 1C has ${String(cp.DataVersion)}`);
			const own = requisites.filter((q) => Number(q.ENTITY_TYPE_ID) === 4 && String(q.ENTITY_ID) === String(company.ID));
			if (String(own.find((q) => String(q.XML_ID ?? '').toLowerCase() === ref)?.RQ_INN ?? '') === String(cp.ИНН)) withRequisite++;
		}
	}
	// marked for deletion in 1C: the linked company stays, flagged «Удален в 1С»
	for (const cp of all.filter((c) => c.DeletionMark === true)) {
		for (const company of byRef.get(String(cp.Ref_Key).toLowerCase()) ?? []) {
			if (!['Y', '1', 1, true].includes(company.UF_CRM_DELETED_1C as never)) failures.push(`company ${String(company.ID)}: its 1C counterparty is marked for deletion but the company is not flagged «Удален в 1С»`);
		}
	}
	return { counterparties: cps.length, linked, withRequisite, failures };
}

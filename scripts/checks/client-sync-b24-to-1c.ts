/**
 * What the Bitrix24 → 1C client sync (companies → counterparties) must leave behind, read from the
 * sandboxes' stored data: every Bitrix24 company with a requisite INN is linked to this 1C base
 * (unless the run reported it on its error branch), its linked counterparty exists and carries the
 * INN of one of the company's requisites; no counterparty is linked from two companies; and a
 * counterparty the run created has the name, INN, KPP and the legal / natural person kind of the
 * requisite's preset (Организация → ЮридическоеЛицо, ИП / Физ. лицо → ФизическоеЛицо). Used by
 * `npm run demo` and the workflow test.
 */
import { adminRows, type Row } from './rest';

export interface ClientB24To1cFacts {
	/** companies with a requisite INN */
	withInn: number;
	linked: number;
	/** counterparties created from a company (`Комментарий` «Bitrix24 company N») */
	created: number;
	failures: string[];
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const KIND: Record<string, string> = { '1': 'ЮридическоеЛицо', '2': 'ФизическоеЛицо', '3': 'ФизическоеЛицо' };

/** `errored`: the Bitrix24 company IDs the run reported on its error branch. */
export async function checkClientB24To1c(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, errored: Set<string>): Promise<ClientB24To1cFacts> {
	const failures: string[] = [];
	const [companies, requisites, cps] = await Promise.all([adminRows(`${b24BaseUrl}/_admin/table/company`), adminRows(`${b24BaseUrl}/_admin/table/requisite`), adminRows(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Контрагенты')}`)]);
	const cpByRef = new Map(cps.map((c) => [lower(c.Ref_Key), c]));
	const reqsOf = new Map<string, Row[]>();
	for (const q of [...requisites].sort((a, b) => Number(a.ID) - Number(b.ID))) if (Number(q.ENTITY_TYPE_ID) === 4) reqsOf.set(String(q.ENTITY_ID), [...(reqsOf.get(String(q.ENTITY_ID)) ?? []), q]);
	const facts: ClientB24To1cFacts = { withInn: 0, linked: 0, created: 0, failures };
	const linkedFrom = new Map<string, string[]>();
	for (const co of companies) {
		const id = String(co.ID);
		const reqs = (reqsOf.get(id) ?? []).filter((q) => String(q.RQ_INN ?? '').trim());
		const mine = String(co.ORIGINATOR_ID ?? '') === baseId && co.ORIGIN_ID ? lower(co.ORIGIN_ID) : '';
		if (mine) linkedFrom.set(mine, [...(linkedFrom.get(mine) ?? []), id]);
		if (!reqs.length) continue;
		facts.withInn++;
		if (!mine) {
			if (!errored.has(id)) failures.push(`Bitrix24 company ${id} «${String(co.TITLE)}» has a requisite INN but is neither linked to ${baseId} nor reported`);
			continue;
		}
		facts.linked++;
		const cp = cpByRef.get(mine);
		if (!cp) {
			failures.push(`Bitrix24 company ${id} is linked to 1C counterparty ${mine}, which does not exist`);
			continue;
		}
		if (!reqs.some((q) => String(q.RQ_INN) === String(cp.ИНН))) failures.push(`Bitrix24 company ${id}: linked counterparty ${mine} has INN ${String(cp.ИНН)}, the company's requisites ${reqs.map((q) => String(q.RQ_INN)).join(', ')}`);
		if (String(cp.Комментарий ?? '') === `Bitrix24 company ${id}`) {
			facts.created++;
			const q = reqs[0];
			const want = { ИНН: String(q.RQ_INN), КПП: String(q.RQ_KPP ?? ''), ЮридическоеФизическоеЛицо: KIND[String(q.PRESET_ID)] };
			const got = { ИНН: String(cp.ИНН), КПП: String(cp.КПП ?? ''), ЮридическоеФизическоеЛицо: String(cp.ЮридическоеФизическоеЛицо) };
			if (JSON.stringify(want) !== JSON.stringify(got)) failures.push(`1C counterparty ${mine} created from company ${id}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
			if (!String(cp.Description ?? '').trim()) failures.push(`1C counterparty ${mine} created from company ${id} has no name`);
		}
	}
	for (const [ref, ids] of linkedFrom) if (ids.length > 1) failures.push(`1C counterparty ${ref} is linked from ${ids.length} companies (${ids.join(', ')})`);
	return facts;
}

/**
 * The deletion branch: each 1C counterparty the run marked for deletion (`marked`: Ref_Keys of
 * «1C: mark the counterparty for deletion») is marked in 1C, still exists (marked, never deleted),
 * and no existing Bitrix24 company is linked to it in this base — only a deleted company's
 * counterparty may be marked.
 */
export async function checkDeletionMarks(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string, marked: string[]): Promise<string[]> {
	const failures: string[] = [];
	if (!marked.length) return failures;
	const [companies, cps] = await Promise.all([adminRows(`${b24BaseUrl}/_admin/table/company`), adminRows(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Контрагенты')}`)]);
	const cpByRef = new Map(cps.map((c) => [lower(c.Ref_Key), c]));
	for (const ref of marked.map(lower)) {
		const cp = cpByRef.get(ref);
		if (!cp) failures.push(`1C counterparty ${ref} was to be marked for deletion, but it no longer exists`);
		else if (cp.DeletionMark !== true) failures.push(`1C counterparty ${ref} «${String(cp.Description)}» is not marked for deletion`);
		const live = companies.find((co) => String(co.ORIGINATOR_ID ?? '') === baseId && lower(co.ORIGIN_ID) === ref);
		if (live) failures.push(`1C counterparty ${ref} was marked for deletion, but Bitrix24 company ${String(live.ID)} «${String(live.TITLE)}» is linked to it`);
	}
	return failures;
}

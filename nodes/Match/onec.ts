/**
 * Bitrix24 → 1C: candidates among 1C counterparties (or any catalog with INN/KPP/name fields) for
 * a run of Bitrix24 companies. Links live on the Bitrix24 side (`ORIGIN_ID` = the 1C Ref_Key), so:
 * - the items' own links are read from Bitrix24 in one batch (ID lists);
 * - 1C candidates come by Ref_Key lists (the links) and by `ИНН`/`КПП` value lists, each `or`-list
 *   split under the web server's URL limit;
 * - which Bitrix24 entity already links to each candidate is read back from Bitrix24 (ORIGIN_ID
 *   lists), so a candidate linked to another company is a conflict, not a silent re-link.
 * 1C keeps phones and e-mails as presentation strings in a contact-information table, so they are
 * compared client-side: a rule group must include inn, kpp or name (the value 1C is searched by);
 * a group such as name+phone reads the counterparties of that exact name (`Description`) with
 * their contact information (private persons of an online store).
 */
import type { IDataObject } from 'n8n-workflow';
import { stringLiteral } from '../../lib/odata';
import { keysOf, type LookupPlan, type MatchRule } from '../../lib/matching';
import type { RunCandidate } from '../../lib/match-run';
import type { Bitrix24Client } from '../Bitrix24/transport/client';
import type { OneCClient } from '../OneC/transport/client';
import { chunks } from '../../lib/chunks';
import { ID_CHUNK, linkedRef, listMany, type B24Kind } from './b24';

export interface OneCFields {
	set: string;
	name: string;
	inn: string;
	kpp: string;
}

export interface OneCCandidate extends RunCandidate {
	row: IDataObject;
}

const LIST = { company: 'crm.company.list', contact: 'crm.contact.list' };

const infoOf = (r: IDataObject, type: string): string[] => ((r.КонтактнаяИнформация as IDataObject[] | undefined) ?? []).filter((k) => k.Тип === type).map((k) => String(k.Представление ?? ''));

/** A rule usable against 1C: every group needs inn, kpp or name (1C is searched by these); phone and e-mail are compared client-side. */
export function oneCRuleProblem(rule: MatchRule): string | undefined {
	const bad = rule.find((g) => !g.includes('inn') && !g.includes('kpp') && !g.includes('name'));
	if (bad) return `the group "${bad.join('+')}" has neither inn, kpp nor name — 1C is searched by INN/KPP or by name (and the link)`;
	const unsupported = rule.flat().find((k) => !['inn', 'kpp', 'name', 'phone', 'email'].includes(k));
	return unsupported ? `the key "${unsupported}" cannot be compared in 1C (only name, inn, kpp, phone, email)` : undefined;
}

/** Whether candidates must also be read by name: a group searched by name alone (no inn/kpp in it). */
export const searchesByName = (rule: MatchRule): boolean => rule.some((g) => g.includes('name') && !g.includes('inn') && !g.includes('kpp'));

/** Whether the rule compares phones or e-mails (the candidates' contact information is then read). */
export const comparesContacts = (rule: MatchRule): boolean => rule.some((g) => g.includes('phone') || g.includes('email'));

/** The links the run's Bitrix24 entities carry for this base: B24 id → 1C Ref_Key. */
export async function itemLinks(b24: Bitrix24Client, kind: B24Kind, baseId: string, ids: string[]): Promise<Map<string, string>> {
	const lists = await listMany(b24, chunks(ids, ID_CHUNK).map((c) => ({ method: LIST[kind], params: { filter: { ID: c }, select: ['ID', 'ORIGINATOR_ID', 'ORIGIN_ID'] } })));
	const out = new Map<string, string>();
	for (const rows of lists) for (const e of rows) if (String(e.ORIGINATOR_ID ?? '') === baseId && e.ORIGIN_ID) out.set(String(e.ID), String(e.ORIGIN_ID).toLowerCase());
	return out;
}

/** 1C Ref_Key → the Bitrix24 entities of this base that link to it (ORIGIN_ID lists, batched). */
async function linkingEntities(b24: Bitrix24Client, kind: B24Kind, baseId: string, refs: string[]): Promise<Map<string, string[]>> {
	const lists = await listMany(b24, chunks(refs, ID_CHUNK).map((c) => ({ method: LIST[kind], params: { filter: { ORIGINATOR_ID: baseId, ORIGIN_ID: c }, select: ['ID', 'ORIGINATOR_ID', 'ORIGIN_ID'] } })));
	const out = new Map<string, string[]>();
	for (const list of lists) {
		for (const e of list) {
			if (!linkedRef(e, baseId)) continue;
			const ref = String(e.ORIGIN_ID).toLowerCase();
			out.set(ref, [...(out.get(ref) ?? []), String(e.ID)]);
		}
	}
	return out;
}

/**
 * `names`: the items' names as typed, read by exact `Description` when the rule searches by name
 * alone; `contacts`: read the contact information too (phones and e-mails compared client-side).
 */
export async function oneCCandidates(
	onec: OneCClient,
	b24: Bitrix24Client,
	kind: B24Kind,
	baseId: string,
	f: OneCFields,
	plan: LookupPlan,
	refs: string[],
	opts: { names?: string[]; contacts?: boolean } = {},
): Promise<OneCCandidate[]> {
	const select = ['Ref_Key', 'DataVersion', f.name, f.inn, f.kpp, ...(opts.contacts ? ['КонтактнаяИнформация'] : [])].join(',');
	const reads = [
		onec.listByKeys(f.set, 'Ref_Key', refs, { select }),
		onec.listByKeys(f.set, f.inn, [...(plan.values.inn ?? [])], { select }, stringLiteral),
		onec.listByKeys(f.set, f.kpp, [...(plan.values.kpp ?? [])], { select }, stringLiteral),
		onec.listByKeys(f.set, f.name, [...new Set((opts.names ?? []).map((n) => n.trim()).filter(Boolean))], { select }, stringLiteral),
	];
	const rows = new Map<string, IDataObject>();
	for (const list of await Promise.all(reads)) for (const r of list) rows.set(String(r.Ref_Key).toLowerCase(), r as IDataObject);
	// who links to each candidate already
	const linkedBy = await linkingEntities(b24, kind, baseId, [...rows.keys()]);
	return [...rows.entries()].flatMap(([ref, r]) => {
		const keys = keysOf({ name: String(r[f.name] ?? ''), inn: String(r[f.inn] ?? ''), kpp: String(r[f.kpp] ?? ''), phone: infoOf(r, 'Телефон'), email: infoOf(r, 'АдресЭлектроннойПочты') });
		const by = linkedBy.get(ref) ?? [];
		// one candidate record per linking entity, so that each of them finds it by its link; unlinked → one record
		return (by.length ? by : ['']).map((b24Id) => ({ id: String(r.Ref_Key), externalId: b24Id, keys, row: r }));
	});
}

export interface OneCPersonFields {
	set: string;
	owner: string;
	surname: string;
	firstName: string;
	patronymic: string;
}


/**
 * Bitrix24 contacts → 1C contact persons: a contact person belongs to a counterparty, so the
 * candidates of an item are the contact persons of its counterparty (read by owner-reference
 * lists) plus those its link points at; names, phones and e-mails are compared client-side.
 */
export async function oneCPersonCandidates(onec: OneCClient, b24: Bitrix24Client, baseId: string, f: OneCPersonFields, ownerRefs: string[], linkRefs: string[]): Promise<OneCCandidate[]> {
	const [byLink, byOwner] = await Promise.all([onec.listByKeys(f.set, 'Ref_Key', linkRefs), onec.listByKeys(f.set, f.owner, ownerRefs)]);
	const rows = new Map<string, IDataObject>();
	for (const r of [...byLink, ...byOwner]) rows.set(String(r.Ref_Key).toLowerCase(), r as IDataObject);
	const linkedBy = await linkingEntities(b24, 'contact', baseId, [...rows.keys()]);
	return [...rows.entries()].flatMap(([ref, r]) => {
		const keys = keysOf({ surname: String(r[f.surname] ?? ''), firstName: String(r[f.firstName] ?? ''), patronymic: String(r[f.patronymic] ?? ''), fullName: String(r.Description ?? ''), phone: infoOf(r, 'Телефон'), email: infoOf(r, 'АдресЭлектроннойПочты') });
		const by = linkedBy.get(ref) ?? [];
		return (by.length ? by : ['']).map((b24Id) => ({ id: String(r.Ref_Key), externalId: b24Id, keys, row: { ...r, __owner: String(r[f.owner] ?? '').toLowerCase() } }));
	});
}

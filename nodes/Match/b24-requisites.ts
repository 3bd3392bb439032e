/**
 * Candidates among Bitrix24 requisites and bank details (F48: requisites by name / surname /
 * first name / patronymic / INN / KPP; bank accounts by account number + BIK), batched like the
 * company lookups: links by `XML_ID` lists (`<base>:<Ref_Key>`, lib/links.ts; a bare GUID left by
 * another integration counts as a link too), values by `RQ_INN` / `RQ_KPP` / `RQ_ACC_NUM` / `RQ_BIK`
 * lists. A requisite stores no 1C version, so these are never "up to date": the workflow compares.
 */
import type { IDataObject } from 'n8n-workflow';
import { decodeRef, encodeRef } from '../../lib/links';
import { keysOf, type LookupPlan, type MatchKey, type RawKeys } from '../../lib/matching';
import type { B24Command, Bitrix24Client } from '../Bitrix24/transport/client';
import { chunks } from '../../lib/chunks';
import { listMany, type B24Candidate } from './b24';

export type RequisiteKind = 'requisite' | 'bankDetail';

const METHOD = { requisite: 'crm.requisite', bankDetail: 'crm.requisite.bankdetail' };
const SELECT = {
	requisite: ['ID', 'ENTITY_TYPE_ID', 'ENTITY_ID', 'PRESET_ID', 'XML_ID', 'RQ_COMPANY_NAME', 'RQ_LAST_NAME', 'RQ_FIRST_NAME', 'RQ_SECOND_NAME', 'RQ_INN', 'RQ_KPP'],
	bankDetail: ['ID', 'ENTITY_ID', 'XML_ID', 'RQ_ACC_NUM', 'RQ_BIK', 'RQ_BANK_NAME'],
};
/** The value key → its field, and the keys a remote search can use. */
const FIELDS: Record<RequisiteKind, Partial<Record<MatchKey, string>>> = {
	requisite: { inn: 'RQ_INN', kpp: 'RQ_KPP', name: '%RQ_COMPANY_NAME', surname: '%RQ_LAST_NAME' },
	bankDetail: { account: 'RQ_ACC_NUM', bik: 'RQ_BIK' },
};
const VALUE_CHUNK = 40;

function externalOf(xmlId: unknown, baseId: string): string {
	const link = decodeRef(xmlId);
	if (!link) return String(xmlId ?? '').trim() ? `other:${String(xmlId)}` : '';
	return link.baseId === undefined || link.baseId === baseId ? link.ref : `${link.baseId}:${link.ref}`;
}

function candidateOf(kind: RequisiteKind, baseId: string, r: IDataObject): B24Candidate {
	const raw: RawKeys =
		kind === 'requisite'
			? { name: String(r.RQ_COMPANY_NAME ?? ''), surname: String(r.RQ_LAST_NAME ?? ''), firstName: String(r.RQ_FIRST_NAME ?? ''), patronymic: String(r.RQ_SECOND_NAME ?? ''), inn: String(r.RQ_INN ?? ''), kpp: String(r.RQ_KPP ?? '') }
			: { account: String(r.RQ_ACC_NUM ?? ''), bik: String(r.RQ_BIK ?? '') };
	return { id: String(r.ID), externalId: externalOf(r.XML_ID, baseId), keys: keysOf(raw), entity: r };
}

export async function requisiteCandidates(client: Bitrix24Client, kind: RequisiteKind, baseId: string, plan: LookupPlan, refs: string[]): Promise<B24Candidate[]> {
	const method = `${METHOD[kind]}.list`;
	const select = SELECT[kind];
	const cmds: B24Command[] = [];
	// links: this base's `base:ref` and a bare `ref` (links written by another integration)
	for (const c of chunks(refs.flatMap((r) => [encodeRef(baseId, r), r]), VALUE_CHUNK)) cmds.push({ method, params: { filter: { XML_ID: c }, select } });
	for (const [key, field] of Object.entries(FIELDS[kind]) as Array<[MatchKey, string]>) {
		const values = [...(plan.values[key] ?? [])];
		if (field.startsWith('%')) for (const v of values) cmds.push({ method, params: { filter: { [field]: v }, select } });
		else for (const c of chunks(values, VALUE_CHUNK)) cmds.push({ method, params: { filter: { [field]: c }, select } });
	}
	const found = new Map<string, IDataObject>();
	for (const rows of await listMany(client, cmds)) for (const row of rows) found.set(String(row.ID), row);
	return [...found.values()].map((r) => candidateOf(kind, baseId, r));
}

export function requisiteLinkCommands(kind: RequisiteKind, baseId: string, links: Array<{ b24Id: string; ref: string }>): B24Command[] {
	return links.map((l) => ({ method: `${METHOD[kind]}.update`, params: { id: l.b24Id, fields: { XML_ID: encodeRef(baseId, l.ref) } } }));
}

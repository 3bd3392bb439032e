/**
 * Candidates in Bitrix24 for a whole run, batched: every lookup is a command, and the client packs
 * 50 commands per `batch` request — links by `ORIGIN_ID` lists, requisites by INN/KPP lists,
 * `crm.duplicate.findbycomm` by 20 phones / e-mails, names by `%TITLE` (company) or
 * `%LAST_NAME` (contact); and the entities found by those lookups, by ID lists, in the same
 * requests where there is room. The rule engine decides client-side on the normalised keys of
 * what came back.
 */
import type { IDataObject } from 'n8n-workflow';
import { chunks } from '../../lib/chunks';
import { keysOf, type LookupPlan, type RawKeys } from '../../lib/matching';
import type { RunCandidate } from '../../lib/match-run';
import { BATCH_LIMIT, type B24Command, type Bitrix24Client } from '../Bitrix24/transport/client';

export type B24Kind = 'company' | 'contact';

export interface B24Candidate extends RunCandidate {
	entity: IDataObject;
}

const ENTITY = { company: { method: 'crm.company.list', typeId: 4, commType: 'COMPANY' }, contact: { method: 'crm.contact.list', typeId: 3, commType: 'CONTACT' } };
const SELECT = {
	company: ['ID', 'TITLE', 'PHONE', 'EMAIL', 'ORIGINATOR_ID', 'ORIGIN_ID', 'ORIGIN_VERSION'],
	contact: ['ID', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'PHONE', 'EMAIL', 'ORIGINATOR_ID', 'ORIGIN_ID', 'ORIGIN_VERSION'],
};
/**
 * Values per list command, chosen so that one page (50 rows) nearly always holds the answer: a
 * list that overflows costs extra requests. Links: ~1 row per ref. Requisites by INN: branches and
 * duplicate cards share an INN (≈1.1–1.4 rows per value). Requisites by owner: 1–2 per company.
 */
export const ID_CHUNK = 50;
const REQUISITE_VALUE_CHUNK = 40;
const COMM_CHUNK = 20;
const REQUISITE_SELECT = ['ENTITY_ID', 'RQ_INN', 'RQ_KPP', 'RQ_COMPANY_NAME'];

const rowsOf = (result: unknown): IDataObject[] => (Array.isArray(result) ? (result as IDataObject[]) : result && typeof result === 'object' ? (Object.values(result) as IDataObject[]) : []);

/** Run list commands in batches; a list that had more than one page is read to the end on its own. */
export async function listMany(client: Bitrix24Client, cmds: B24Command[]): Promise<IDataObject[][]> {
	const res = await client.runAll(cmds);
	return Promise.all(
		res.map(async (r, k) => {
			if (!r.ok) throw r.error;
			const rows = rowsOf(r.result);
			if (r.total !== undefined && r.total > rows.length) return client.list(cmds[k].method, cmds[k].params ?? {}, { returnAll: true });
			return rows;
		}),
	);
}

const multi = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String((x as IDataObject)?.VALUE ?? x ?? '')) : []);

/** The external id a Bitrix24 entity carries for this base (or a marker of another base's link). */
export function linkedRef(entity: IDataObject, baseId: string): string {
	const ref = String(entity.ORIGIN_ID ?? '').trim();
	if (!ref) return '';
	const originator = String(entity.ORIGINATOR_ID ?? '').trim();
	return originator === baseId ? ref : `${originator || '?'}:${ref}`;
}

export function candidateOf(kind: B24Kind, baseId: string, e: IDataObject, requisites: IDataObject[]): B24Candidate {
	const raw: RawKeys = {
		phone: multi(e.PHONE),
		email: multi(e.EMAIL),
		inn: requisites.map((r) => String(r.RQ_INN ?? '')),
		kpp: requisites.map((r) => String(r.RQ_KPP ?? '')),
	};
	if (kind === 'company') raw.name = [String(e.TITLE ?? ''), ...requisites.map((r) => String(r.RQ_COMPANY_NAME ?? ''))];
	else Object.assign(raw, { surname: String(e.LAST_NAME ?? ''), firstName: String(e.NAME ?? ''), patronymic: String(e.SECOND_NAME ?? '') });
	return { id: String(e.ID), externalId: linkedRef(e, baseId), linkedVersion: String(e.ORIGIN_VERSION ?? ''), keys: keysOf(raw), entity: e };
}

type Take = 'entities' | 'requisites' | 'ids' | 'comm';
interface Lookup {
	cmd: B24Command;
	take: Take;
}

/**
 * Run the lookups 50 per `batch` and fetch the entities they name in the same requests: a batch
 * with room left is filled with ID-list fetches for the ids known so far and not yet read, so
 * lookups and fetches together cost ⌈commands/50⌉ requests rather than an extra round. Lookups
 * that return whole entities (external-id lists) should come last: they name no new ids.
 */
async function runLookups(client: Bitrix24Client, lookups: Lookup[], fetchOf: (ids: string[]) => Lookup, unread: () => string[], onRows: (l: Lookup, result: unknown, rows: IDataObject[]) => void): Promise<void> {
	const queue = [...lookups];
	const asked = new Set<string>();
	for (;;) {
		const round = queue.splice(0, BATCH_LIMIT);
		const todo = unread().filter((id) => !asked.has(id));
		for (const c of chunks(todo, ID_CHUNK).slice(0, BATCH_LIMIT - round.length)) {
			for (const id of c) asked.add(id);
			round.push(fetchOf(c));
		}
		if (!round.length) return;
		const res = await client.runAll(round.map((l) => l.cmd));
		for (let k = 0; k < res.length; k++) {
			const r = res[k];
			if (!r.ok) throw r.error;
			const { cmd } = round[k];
			const rows = r.total !== undefined && r.total > rowsOf(r.result).length ? await client.list(cmd.method, cmd.params ?? {}, { returnAll: true }) : rowsOf(r.result);
			onRows(round[k], r.result, rows);
		}
	}
}

/** Every Bitrix24 entity that could match an item of the run, with the keys to decide on. */
export async function b24Candidates(client: Bitrix24Client, kind: B24Kind, baseId: string, plan: LookupPlan, rawExternalIds: string[]): Promise<B24Candidate[]> {
	const { method, typeId, commType } = ENTITY[kind];
	const select = SELECT[kind];
	const lookups: Lookup[] = [];
	for (const key of ['inn', 'kpp'] as const) {
		const field = key === 'inn' ? 'RQ_INN' : 'RQ_KPP';
		for (const c of chunks([...(plan.values[key] ?? [])], REQUISITE_VALUE_CHUNK)) lookups.push({ cmd: { method: 'crm.requisite.list', params: { filter: { ENTITY_TYPE_ID: typeId, [field]: c }, select: REQUISITE_SELECT } }, take: 'requisites' });
	}
	for (const key of ['phone', 'email'] as const) {
		for (const c of chunks([...(plan.values[key] ?? [])], COMM_CHUNK)) lookups.push({ cmd: { method: 'crm.duplicate.findbycomm', params: { type: key.toUpperCase(), values: c, entity_type: commType } }, take: 'comm' });
	}
	const nameField = kind === 'company' ? '%TITLE' : '%LAST_NAME';
	for (const v of plan.values[kind === 'company' ? 'name' : 'surname'] ?? []) lookups.push({ cmd: { method, params: { filter: { [nameField]: v }, select: ['ID'] } }, take: 'ids' });
	for (const c of chunks(rawExternalIds, ID_CHUNK)) lookups.push({ cmd: { method, params: { filter: { ORIGINATOR_ID: baseId, ORIGIN_ID: c }, select } }, take: 'entities' });

	const found = new Map<string, IDataObject>();
	const ids = new Set<string>();
	/** requisites by owner, as the INN/KPP lookups returned them: a candidate can only match an
	 * INN/KPP group through a requisite with the item's INN (or KPP), which that lookup found */
	const requisites = new Map<string, IDataObject[]>();
	await runLookups(
		client,
		lookups,
		(c) => ({ cmd: { method, params: { filter: { ID: c }, select } }, take: 'entities' }),
		() => [...ids].filter((id) => !found.has(id)),
		({ take }, result, rows) => {
			if (take === 'comm') {
				for (const v of Object.values((result ?? {}) as Record<string, unknown>)) for (const id of Array.isArray(v) ? v : []) ids.add(String(id));
				return;
			}
			for (const row of rows) {
				if (take === 'entities') found.set(String(row.ID), row);
				else if (take === 'ids') ids.add(String(row.ID));
				else {
					const owner = String(row.ENTITY_ID);
					ids.add(owner);
					const list = requisites.get(owner) ?? [];
					if (!list.some((q) => q.RQ_INN === row.RQ_INN && q.RQ_KPP === row.RQ_KPP)) list.push(row);
					requisites.set(owner, list);
				}
			}
		},
	);
	return [...found.values()].map((e) => candidateOf(kind, baseId, e, requisites.get(String(e.ID)) ?? []));
}

/** The commands that write a link on the entities found by a rule (batched by the client). */
export function linkCommands(kind: B24Kind, baseId: string, links: Array<{ b24Id: string; ref: string }>): B24Command[] {
	const method = kind === 'company' ? 'crm.company.update' : 'crm.contact.update';
	return links.map((l) => ({ method, params: { id: l.b24Id, fields: { ORIGINATOR_ID: baseId, ORIGIN_ID: l.ref } } }));
}

/**
 * Get, Set and Remove for a run of items, batched: the entities by id and the entities holding the
 * refs are read with one list command per 50 values (50 commands per `batch` request), the writes
 * go 50 `*.update` commands per request — 1,000 Set items take ~3 read and 20 write requests.
 * Each item gets an outcome (its output JSON or an error message); nothing is written for an item
 * with an error, and when the run does not continue on errors nothing is written at all.
 */
import type { IDataObject } from 'n8n-workflow';
import { b24KeyOf, B24_ID_RE, clearFieldsOf, isGuid, linkFieldsOf, linkProblem, onecKeyOf, planImport, type Link } from '../../lib/links';
import type { Bitrix24Client } from '../Bitrix24/transport/client';
import { B24Error } from '../Bitrix24/transport/errors';
import { linkOfRow, readMany, updateCommand, type Kind } from './kinds';

/** `skipped`: not written only because another item failed and the node stops on errors. */
export type Outcome = { json: IDataObject; error?: undefined } | { error: string | B24Error; json?: IDataObject; skipped?: boolean };

/** The output JSON of a link. */
export function linkJson(link: Link): IDataObject {
	const out: IDataObject = { type: link.type, baseId: link.baseId, onecRef: link.onecRef, b24Id: link.b24Id };
	if (link.entityTypeId !== undefined) out.entityTypeId = link.entityTypeId;
	if (link.version !== undefined) out.version = link.version;
	if (link.baseId === '') out.legacy = true;
	return out;
}

const who = (k: Kind, id: string) => `Bitrix24 ${k.label} ${id}`;

function checkRef(ref: string): string | undefined {
	return isGuid(ref) ? undefined : `1C reference "${ref}" is not a GUID (Ref_Key)`;
}

export function checkId(k: Kind, id: string): string | undefined {
	return B24_ID_RE.test(id) ? undefined : `${who(k, `ID "${id}"`)} is not a positive integer`;
}

/** Links of this base first, then legacy links (no base); other bases are not ours. */
export function ours(links: Link[], baseId: string): Link[] {
	return [...links.filter((l) => l.baseId === baseId), ...links.filter((l) => l.baseId === '')];
}

export interface Lookup {
	by: 'onecRef' | 'b24Id';
	value: string;
}

async function readFor(client: Bitrix24Client, k: Kind, baseId: string, lookups: Lookup[]) {
	const ids = lookups.filter((l) => l.by === 'b24Id').map((l) => l.value);
	const refs = lookups.filter((l) => l.by === 'onecRef').map((l) => l.value);
	const [read] = await readMany(client, baseId, [{ kind: k, ids, refs }]);
	const linksByRef = new Map<string, Link[]>();
	for (const row of read.byRef) {
		const link = linkOfRow(k, row);
		if (!link) continue;
		const key = link.onecRef;
		linksByRef.set(key, [...(linksByRef.get(key) ?? []), link]);
	}
	return { byId: read.byId, linksByRef };
}

/** Get: the link of each 1C ref (this base, else a legacy one) or of each Bitrix24 id. */
export async function getLinks(client: Bitrix24Client, k: Kind, baseId: string, lookups: Lookup[]): Promise<Outcome[]> {
	const bad = lookups.map((l) => (l.by === 'onecRef' ? checkRef(l.value) : checkId(k, l.value)));
	const { byId, linksByRef } = await readFor(client, k, baseId, lookups.filter((_l, i) => !bad[i]));
	return lookups.map((l, i): Outcome => {
		if (bad[i]) return { error: bad[i]! };
		if (l.by === 'onecRef') {
			const found = ours(linksByRef.get(l.value.toLowerCase()) ?? [], baseId);
			if (!found.length) return { json: { found: false, type: k.type, baseId, onecRef: l.value.toLowerCase() } };
			const json: IDataObject = { found: true, ...linkJson(found[0]) };
			if (found.length > 1) json.alsoLinked = found.slice(1).map((x) => x.b24Id);
			return { json };
		}
		const row = byId.get(l.value);
		if (!row) return { error: `${who(k, l.value)} not found` };
		const link = linkOfRow(k, row);
		if (link && (link.baseId === baseId || link.baseId === '')) return { json: { found: true, ...linkJson(link) } };
		const json: IDataObject = { found: false, type: k.type, baseId, b24Id: l.value };
		if (link) json.otherBase = { baseId: link.baseId, onecRef: link.onecRef };
		return { json };
	});
}

export interface SetRequest {
	onecRef: string;
	b24Id: string;
	version?: string;
}

/** Set: write the links, refusing those that would replace another link (unless `overwrite`) or link a 1C object twice. */
export async function setLinks(
	client: Bitrix24Client,
	k: Kind,
	baseId: string,
	requests: SetRequest[],
	opts: { overwrite: boolean; writeOnError: boolean },
): Promise<Outcome[]> {
	const outcomes: Array<Outcome | undefined> = requests.map(() => undefined);
	const links = requests.map((r, i): Link | undefined => {
		const link: Link = { type: k.type, baseId, onecRef: r.onecRef.toLowerCase(), b24Id: r.b24Id };
		if (k.type === 'spaItem' || k.type === 'smartInvoice') link.entityTypeId = k.entityTypeId;
		if (r.version) link.version = r.version;
		const problem = checkRef(r.onecRef) ?? checkId(k, r.b24Id) ?? linkProblem(link);
		if (problem) outcomes[i] = { error: problem };
		return problem ? undefined : link;
	});
	const valid = links.filter((l): l is Link => !!l);
	const read = await readMany(client, baseId, [{ kind: k, ids: valid.map((l) => l.b24Id), refs: valid.map((l) => l.onecRef) }]);
	const existing = new Map<string, Link>();
	for (const row of read[0].byId.values()) {
		const link = linkOfRow(k, row);
		if (link) existing.set(b24KeyOf(link), link);
	}
	// one planned link per (entity, 1C object); repeats share its outcome
	const first = new Map<string, Link>();
	const rep = links.map((l) => {
		if (!l) return undefined;
		const key = `${b24KeyOf(l)}#${onecKeyOf(l)}`;
		if (!first.has(key)) first.set(key, l);
		return first.get(key)!;
	});
	const planned: Link[] = [];
	const result = new Map<Link, Outcome>();
	for (const l of first.values()) {
		if (read[0].byId.has(l.b24Id)) planned.push(l);
		else result.set(l, { error: `${who(k, l.b24Id)} not found` });
	}
	// with Overwrite, the links now on the target entities do not stand in the way
	const targets = new Set(planned.map(b24KeyOf));
	const plan = planImport(planned, [...existing.values()].filter((e) => !(opts.overwrite && targets.has(b24KeyOf(e)))));
	for (const c of plan.conflicts) result.set(c.link, { error: c.reason, json: { link: linkJson(c.link), existing: linkJson(c.existing) } });
	for (const l of plan.unchanged) result.set(l, { json: { ...linkJson(l), status: 'unchanged' } });
	const anyError = outcomes.some(Boolean) || result.size > plan.unchanged.length;
	if (plan.toSet.length && (opts.writeOnError || !anyError)) {
		const res = await client.runAll(plan.toSet.map((l) => updateCommand(k, l.b24Id, linkFieldsOf(l))));
		plan.toSet.forEach((l, n) => {
			const r = res[n];
			const before = existing.get(b24KeyOf(l));
			const json: IDataObject = { ...linkJson(l), status: 'set' };
			if (before && (before.onecRef !== l.onecRef || before.baseId !== l.baseId)) json.replaced = linkJson(before);
			result.set(l, r.ok ? { json } : { error: r.error });
		});
	}
	return requests.map((_r, i) => outcomes[i] ?? (rep[i] && result.get(rep[i]!)) ?? { error: 'not written: another item of the run failed and the node does not continue on errors', skipped: true });
}

/** Remove: clear the link fields of the entity (by id) or of the entities linked to the 1C ref (this base or legacy). */
export async function removeLinks(client: Bitrix24Client, k: Kind, baseId: string, lookups: Lookup[], opts: { writeOnError: boolean }): Promise<Outcome[]> {
	const bad = lookups.map((l) => (l.by === 'onecRef' ? checkRef(l.value) : checkId(k, l.value)));
	const { byId, linksByRef } = await readFor(client, k, baseId, lookups.filter((_l, i) => !bad[i]));
	const plans = lookups.map((l, i): { targets: Link[]; outcome?: Outcome } => {
		if (bad[i]) return { targets: [], outcome: { error: bad[i]! } };
		if (l.by === 'onecRef') return { targets: ours(linksByRef.get(l.value.toLowerCase()) ?? [], baseId) };
		const row = byId.get(l.value);
		if (!row) return { targets: [], outcome: { error: `${who(k, l.value)} not found` } };
		const link = linkOfRow(k, row);
		if (link && link.baseId !== baseId && link.baseId !== '') {
			return { targets: [], outcome: { json: { removed: false, type: k.type, baseId, b24Id: l.value, otherBase: { baseId: link.baseId, onecRef: link.onecRef } } } };
		}
		return { targets: link ? [link] : [] };
	});
	const writes = [...new Map(plans.flatMap((p) => p.targets).map((t) => [t.b24Id, t])).values()];
	const anyError = plans.some((p) => p.outcome?.error);
	const failed = new Map<string, B24Error>();
	if (writes.length && (opts.writeOnError || !anyError)) {
		const res = await client.runAll(writes.map((t) => updateCommand(k, t.b24Id, clearFieldsOf(k.type))));
		res.forEach((r, n) => {
			if (!r.ok) failed.set(writes[n].b24Id, r.error);
		});
	} else if (writes.length) {
		return plans.map((p) => p.outcome ?? { error: 'not removed: another item of the run failed and the node does not continue on errors', skipped: true });
	}
	return lookups.map((l, i) => {
		const p = plans[i];
		if (p.outcome) return p.outcome;
		const error = p.targets.map((t) => failed.get(t.b24Id)).find(Boolean);
		if (error) return { error };
		const base: IDataObject = { type: k.type, baseId, ...(l.by === 'onecRef' ? { onecRef: l.value.toLowerCase() } : { b24Id: l.value }) };
		return { json: { removed: p.targets.length > 0, ...base, ...(p.targets.length ? { links: p.targets.map(linkJson) } : {}) } };
	});
}

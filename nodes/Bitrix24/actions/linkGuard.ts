/**
 * Create-then-verify for records linked to an external object (ORIGINATOR_ID + ORIGIN_ID): two
 * runs started together over the same data both find nothing and both create. Bitrix24 has no
 * unique constraint and n8n's workers share no memory, so after the creates of a node run every
 * created record's link is listed (batched: one `list` per record, 50 per request). When more
 * than one record carries the link, the lowest ID — the one created first — wins: a run that
 * created a higher one deletes its own creation (never another run's) and, by the option, drops
 * the item (the run that created the winner carries on with it) or passes the winner's ID on.
 *
 * Why it converges: every run lists after its own create has been committed, so of two creates
 * the later one always sees both; the lower ID is the older one wherever IDs grow in commit order
 * (the sandbox; Bitrix24 for creates that do not overlap within one insert's commit time).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Bitrix24Client } from '../transport/client';
import { collectFields } from './common';

export type LinkGuardMode = 'off' | 'drop' | 'existing';

export const linkGuardProp: INodeProperties = {
	displayName: 'Concurrent Runs (Same Link)',
	name: 'linkGuard',
	type: 'options',
	default: 'off',
	options: [
		{
			name: 'Keep the Oldest, Drop the Item',
			value: 'drop',
			description: 'After creating, look for records with the same Originator ID + Origin ID; if an older one exists, delete this run’s record and do not pass the item on (the run that created the older one goes on with it)',
		},
		{
			name: 'Keep the Oldest, Pass Its ID',
			value: 'existing',
			description: 'As above, but the item goes on with the older record’s ID (created: false)',
		},
		{ name: 'No Check', value: 'off', description: 'Create and pass the new ID on' },
	],
	description: 'Guards against duplicates when two runs (e.g. two n8n workers) create the same linked record at the same moment. Needs Originator ID and Origin ID in the fields.',
};

export interface CreatedRecord {
	/** item index */
	i: number;
	id: number;
	originatorId: string;
	originId: string;
}

export type GuardOutcome =
	| { i: number; kind: 'kept'; id: number }
	| { i: number; kind: 'lost'; id: number; winner: number; removed: boolean; error?: string }
	| { i: number; kind: 'unchecked'; id: number; error: string };

/** The records of one link the list returned (plus the run's own, which it may not see yet). */
function idsOf(result: unknown, own: number): number[] {
	const rows = Array.isArray(result) ? (result as IDataObject[]) : result && typeof result === 'object' ? (Object.values(result) as IDataObject[]) : [];
	const ids = rows.map((r) => Number(r.ID)).filter((n) => Number.isFinite(n) && n > 0);
	return [...new Set([...ids, own])].sort((a, b) => a - b);
}

/**
 * Check the created records of a run (`prefix`: `crm.company`); records without a complete link
 * are kept unchecked. A failed list leaves the record (it exists) and says so in `error`.
 */
export async function guardLinks(client: Bitrix24Client, prefix: string, created: CreatedRecord[]): Promise<GuardOutcome[]> {
	const linked = created.filter((c) => c.originatorId !== '' && c.originId !== '');
	const lists = await client.runAll(
		linked.map((c) => ({ method: `${prefix}.list`, params: { filter: { ORIGINATOR_ID: c.originatorId, ORIGIN_ID: c.originId }, select: ['ID'], order: { ID: 'ASC' } } })),
	);
	const out = new Map<number, GuardOutcome>();
	const losers: Array<{ c: CreatedRecord; winner: number }> = [];
	linked.forEach((c, k) => {
		const r = lists[k];
		if (!r.ok) return void out.set(c.i, { i: c.i, kind: 'unchecked', id: c.id, error: r.error.message });
		const winner = idsOf(r.result, c.id)[0];
		if (winner === c.id) out.set(c.i, { i: c.i, kind: 'kept', id: c.id });
		else losers.push({ c, winner });
	});
	// a run of the same node creating one link twice: the lower ID is kept there too
	const deletions = await client.runAll(losers.map(({ c }) => ({ method: `${prefix}.delete`, params: { id: c.id } })));
	losers.forEach(({ c, winner }, k) => {
		const d = deletions[k];
		out.set(c.i, { i: c.i, kind: 'lost', id: c.id, winner, removed: d.ok, ...(d.ok ? {} : { error: d.error.message }) });
	});
	return created.map((c) => out.get(c.i) ?? { i: c.i, kind: 'kept', id: c.id });
}

/** The item's output for an outcome: `[]` drops it. */
export function guardOutput(o: GuardOutcome, mode: LinkGuardMode): IDataObject[] {
	if (o.kind === 'kept') return [{ id: o.id }];
	if (o.kind === 'unchecked') return [{ id: o.id, linkCheck: `not verified: ${o.error}` }];
	if (!o.removed) return [{ id: o.id, duplicateOf: o.winner, linkCheck: `an older record ${o.winner} has the same link; removing this one failed: ${o.error ?? ''}` }];
	return mode === 'drop' ? [] : [{ id: o.winner, created: false, removedDuplicate: o.id }];
}

/** The router's `after` step of a crm create. */
export function linkGuardAfter(prefix: string) {
	return async function (this: IExecuteFunctions, client: Bitrix24Client, done: Array<{ i: number; json: IDataObject }>): Promise<Map<number, IDataObject[]>> {
		const result = new Map<number, IDataObject[]>();
		const byMode = done.map((d) => ({ ...d, mode: this.getNodeParameter('linkGuard', d.i, 'off') as LinkGuardMode }));
		const guarded = byMode.filter((d) => d.mode !== 'off');
		if (!guarded.length) return result;
		const created: CreatedRecord[] = guarded.map((d) => {
			const fields = collectFields(this, d.i);
			return { i: d.i, id: Number(d.json.id), originatorId: String(fields.ORIGINATOR_ID ?? '').trim(), originId: String(fields.ORIGIN_ID ?? '').trim() };
		});
		// the whole check failing (the portal down after retries) leaves the records: they exist
		const outcomes = await guardLinks(client, prefix, created).catch((e: Error) => created.map((c): GuardOutcome => ({ i: c.i, kind: 'unchecked', id: c.id, error: e.message })));
		outcomes.forEach((o, k) => result.set(o.i, guardOutput(o, guarded[k].mode)));
		return result;
	};
}

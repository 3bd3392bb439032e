/**
 * A whole run of find-or-create decisions (lib/matching.ts decides one item): pure, no HTTP.
 *
 * On top of `evaluate` per item, a run must not let two source objects take the same target:
 * - a candidate already linked to another object (its external id is set and differs) is not
 *   silently re-linked — that item is a conflict error («duplicate in the source system?»);
 * - two items of the run choosing the same unlinked candidate: the one matched by the stronger
 *   group (lower index in the rule; a link beats any rule) takes it, the others are conflict
 *   errors naming the winner; a tie is an error for every tied item (nothing is written).
 * And a found item is "up to date" when it was found through its link and the version stored with
 * the link equals the item's version (1C `DataVersion` in `ORIGIN_VERSION`): the run writes
 * nothing for it.
 */
import { evaluate, indexCandidates, type MatchRecord, type MatchRule } from './matching';

export interface RunItem extends MatchRecord {
	/** the item's version (1C DataVersion) to compare with the candidate's linked version */
	version?: string;
}

export interface RunCandidate extends MatchRecord {
	/** id in the target system */
	id: string;
	/** version stored with the candidate's link (ORIGIN_VERSION) */
	linkedVersion?: string;
}

export type Decision<C extends RunCandidate> =
	| { kind: 'found'; candidate: C; via: 'link' | 'rule'; group?: string; upToDate: boolean }
	| { kind: 'notFound' }
	| { kind: 'error'; reason: string; candidates: string[] };

const ext = (v: unknown) => String(v ?? '').trim().toLowerCase();
const groupName = (g: string[] | null | undefined) => (g && g.length ? g.join('+') : 'external id');

/** `shared`: several items may find the same candidate (e.g. many orders of one buyer) — no claim conflicts. */
export function decideRun<C extends RunCandidate>(items: readonly RunItem[], candidates: readonly C[], rule: MatchRule, opts: { shared?: boolean } = {}): Decision<C>[] {
	const index = indexCandidates(candidates);
	const out: Decision<C>[] = [];
	/** candidate id → claims: item index and strength (−1 = via link, else the group index) */
	const claims = new Map<string, Array<{ i: number; strength: number }>>();
	items.forEach((item, i) => {
		const r = evaluate(item, index, rule);
		if (r.kind === 'none') return void out.push({ kind: 'notFound' });
		if (r.kind === 'many') {
			const ids = r.candidates.map((c) => c.id);
			return void out.push({ kind: 'error', reason: `${ids.length} candidates match by ${groupName(r.group)}: ${ids.join(', ')} — resolve the duplicates, nothing was written`, candidates: ids });
		}
		const c = r.candidate;
		if (r.kind === 'one') {
			const linked = ext(c.externalId);
			if (linked && linked !== ext(item.externalId)) {
				return void out.push({ kind: 'error', reason: `candidate ${c.id} (matched by ${groupName(r.group)}) is already linked to another object (${String(c.externalId)}) — a duplicate on the source side?`, candidates: [c.id] });
			}
		}
		const via = r.kind === 'external' ? 'link' : 'rule';
		const upToDate = via === 'link' && item.version !== undefined && item.version !== '' && item.version === c.linkedVersion;
		out.push({ kind: 'found', candidate: c, via, group: r.kind === 'one' ? groupName(r.group) : undefined, upToDate });
		const list = claims.get(c.id) ?? [];
		list.push({ i, strength: r.kind === 'external' ? -1 : r.groupIndex });
		claims.set(c.id, list);
	});
	for (const [id, list] of claims) {
		if (list.length < 2 || opts.shared) continue;
		const best = Math.min(...list.map((c) => c.strength));
		const winners = list.filter((c) => c.strength === best);
		for (const c of list) {
			if (winners.length === 1 && c === winners[0]) continue;
			const others = list.filter((x) => x !== c).map((x) => `#${x.i + 1}`);
			out[c.i] = {
				kind: 'error',
				reason: winners.length === 1 ? `candidate ${id} is taken by item ${`#${winners[0].i + 1}`}, which matched it more strongly — a duplicate on the source side?` : `candidate ${id} is matched equally by items ${[`#${c.i + 1}`, ...others].join(', ')} — nothing was written`,
				candidates: [id],
			};
		}
	}
	return out;
}

/**
 * Get Bound: the 1C objects bound to a Bitrix24 deal, company, contact or lead (F13, F73) — the
 * 1C objects named by web-client links in the entity's timeline comments (the binding entries the
 * syncs write) and, when asked, the object the entity's own link holds. One `crm.timeline.comment.list`
 * per entity, 50 per `batch` request (further pages only for entities with more than 50 comments).
 */
import type { IDataObject } from 'n8n-workflow';
import { linkOfRow, readMany, type Kind } from './kinds';
import { checkId, type Outcome } from './items';
import { webClientLinksIn } from '../../lib/onec-weblink';
import type { B24Command, Bitrix24Client } from '../Bitrix24/transport/client';

/** Link types whose entities have a timeline of comments. */
export const BOUND_TYPES = ['deal', 'company', 'contact', 'lead'];

export interface BoundRequest {
	b24Id: string;
	/** only objects of this entity set ('' = any) */
	entitySet: string;
	/** the entity set the entity's own link holds ('' = the link does not count) */
	linkSet: string;
}

export interface BoundOptions {
	baseId: string;
	/** the web client's address of this base: links to other addresses are other bases' (undefined = any) */
	webClientBase?: string;
}

const normBase = (b: string) => b.trim().toLowerCase().replace(/\/+$/, '');

async function commentsOf(client: Bitrix24Client, k: Kind, ids: string[]): Promise<Map<string, IDataObject[]>> {
	const out = new Map<string, IDataObject[]>(ids.map((id) => [id, []]));
	const cmd = (id: string, start: number): B24Command => ({
		method: 'crm.timeline.comment.list',
		params: { filter: { ENTITY_TYPE: k.type, ENTITY_ID: id }, select: ['ID', 'COMMENT'], order: { ID: 'ASC' }, start },
	});
	let pending = ids.map((id) => ({ id, start: 0 }));
	while (pending.length) {
		const res = await client.runAll(pending.map((p) => cmd(p.id, p.start)));
		const more: typeof pending = [];
		res.forEach((r, n) => {
			if (!r.ok) throw r.error;
			const rows = Array.isArray(r.result) ? (r.result as IDataObject[]) : [];
			out.get(pending[n].id)!.push(...rows);
			if (r.next !== undefined && rows.length) more.push({ id: pending[n].id, start: r.next });
		});
		pending = more;
	}
	return out;
}

export async function boundObjects(client: Bitrix24Client, k: Kind, requests: BoundRequest[], opts: BoundOptions): Promise<Outcome[]> {
	const bad = requests.map((r) => checkId(k, r.b24Id));
	const ids = [...new Set(requests.filter((_r, i) => !bad[i]).map((r) => r.b24Id))];
	const withLink = [...new Set(requests.filter((r, i) => !bad[i] && r.linkSet).map((r) => r.b24Id))];
	const [read] = withLink.length ? await readMany(client, opts.baseId, [{ kind: k, ids: withLink, refs: [] }]) : [{ byId: new Map<string, IDataObject>() }];
	const comments = ids.length ? await commentsOf(client, k, ids) : new Map<string, IDataObject[]>();
	const base = opts.webClientBase === undefined ? undefined : normBase(opts.webClientBase);
	return requests.map((r, i): Outcome => {
		if (bad[i]) return { error: bad[i]! };
		if (r.linkSet && !read.byId.has(r.b24Id)) return { error: `Bitrix24 ${k.label} ${r.b24Id} not found` };
		const objects: IDataObject[] = [];
		const seen = new Set<string>();
		const add = (o: IDataObject) => {
			const key = `${String(o.entitySet)}|${String(o.onecRef)}`;
			if (seen.has(key) || (r.entitySet && o.entitySet !== r.entitySet)) return;
			seen.add(key);
			objects.push(o);
		};
		const row = read.byId.get(r.b24Id);
		const link = row ? linkOfRow(k, row) : undefined;
		if (link && r.linkSet && (link.baseId === opts.baseId || link.baseId === '')) add({ entitySet: r.linkSet, onecRef: link.onecRef, source: 'link' });
		for (const c of comments.get(r.b24Id) ?? []) {
			for (const f of webClientLinksIn(String(c.COMMENT ?? ''))) {
				if (base !== undefined && normBase(f.base) !== base) continue;
				add({ entitySet: f.entitySet, onecRef: f.ref, source: 'timeline', commentId: Number(c.ID) });
			}
		}
		const json: IDataObject = { type: k.type, b24Id: r.b24Id, baseId: opts.baseId, found: objects.length > 0, objects };
		if (r.entitySet) json.entitySet = r.entitySet;
		return { json };
	});
}

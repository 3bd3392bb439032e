/**
 * Get Many, Export and Import. Listing a base's links reads the whole list of a kind with the
 * client's cursor export (`start=-1` + `>ID`, 50 pages per batch request) filtered on the base
 * (`ORIGINATOR_ID`, or `%XML_ID` = "<base>:" checked again client-side). Import reads the entities
 * of the file's links and the entities holding its refs (50 ids per command, 50 commands per
 * request), plans against them (lib/links.ts planImport) and writes the rest 50 per request.
 */
import type { IDataObject } from 'n8n-workflow';
import { b24KeyOf, linkFieldsOf, onecKeyOf, planImport, type Link } from '../../lib/links';
import { linksToXml } from '../../lib/links-xml';
import type { Bitrix24Client } from '../Bitrix24/transport/client';
import { baseFilter, isNodeLinkType, kindKey, kindOf, linkOfRow, listCommand, readMany, updateCommand, type Kind, type NodeLinkType } from './kinds';
import { linkJson } from './items';

/** The links of base `baseId` held by entities of kind `k` (all, or the first `limit`). */
export async function listLinks(client: Bitrix24Client, k: Kind, baseId: string, opts: { returnAll: boolean; limit?: number }): Promise<Link[]> {
	const cmd = listCommand(k, baseFilter(k, baseId));
	const rows = await client.list(cmd.method, cmd.params ?? {}, { returnAll: opts.returnAll, limit: opts.limit, idField: k.idField, itemsKey: k.itemsKey });
	const links: Link[] = [];
	for (const row of rows) {
		const link = linkOfRow(k, row);
		if (link && link.baseId === baseId) links.push(link);
	}
	return links;
}

export interface ExportResult {
	xml: string;
	counts: Record<string, number>;
	/** links left out because another entity of the kind is linked to the same 1C object (or an entity twice) */
	skipped: IDataObject[];
}

/** All links of base `baseId` of the given kinds as a links XML file (lib/links-xml.ts). */
export async function exportLinks(client: Bitrix24Client, baseId: string, kinds: Kind[], exportedAt: Date): Promise<ExportResult> {
	const links: Link[] = [];
	const counts: Record<string, number> = {};
	const skipped: IDataObject[] = [];
	for (const k of kinds) {
		const seenB24 = new Map<string, Link>();
		const seen1C = new Map<string, Link>();
		for (const link of await listLinks(client, k, baseId, { returnAll: true })) {
			const other = seen1C.get(onecKeyOf(link)) ?? seenB24.get(b24KeyOf(link));
			if (other) {
				skipped.push({ ...linkJson(link), reason: `1C object ${link.onecRef} is also linked to Bitrix24 ${k.label} ${other.b24Id}; only the first is exported` });
				continue;
			}
			seen1C.set(onecKeyOf(link), link);
			seenB24.set(b24KeyOf(link), link);
			links.push(link);
		}
		counts[kindKey(k.type, k.entityTypeId)] = seen1C.size;
	}
	return { xml: linksToXml(links, { baseId, exportedAt }), counts, skipped };
}

/** Why the node cannot import these links (a type it does not write), or undefined. */
export function unsupportedProblem(links: Link[]): string | undefined {
	const bad = [...new Set(links.filter((l) => !isNodeLinkType(l.type)).map((l) => l.type))];
	return bad.length ? `the file has links of type ${bad.join(', ')}, which this node does not write yet; nothing was imported` : undefined;
}

export interface ImportProblem {
	message: string;
	link: Link;
	existing?: Link;
}

export interface ImportResult {
	total: number;
	set: number;
	unchanged: number;
	conflicts: number;
	notFound: number;
	failed: number;
	/** nothing was written because there were problems and the node does not continue on errors */
	written: boolean;
	problems: ImportProblem[];
}

/** Sets the links of one file; conflicts and missing entities are problems, not writes. */
export async function importLinks(client: Bitrix24Client, baseId: string, links: Link[], opts: { writeOnError: boolean }): Promise<ImportResult> {
	const groups = new Map<string, { kind: Kind; links: Link[] }>();
	for (const l of links) {
		const key = kindKey(l.type, l.entityTypeId);
		if (!groups.has(key)) groups.set(key, { kind: kindOf(l.type as NodeLinkType, l.entityTypeId), links: [] });
		groups.get(key)!.links.push(l);
	}
	const list = [...groups.values()];
	const reads = await readMany(
		client,
		baseId,
		list.map((g) => ({ kind: g.kind, ids: g.links.map((l) => l.b24Id), refs: g.links.map((l) => l.onecRef) })),
	);
	const problems: ImportProblem[] = [];
	const toSet: Array<{ kind: Kind; link: Link }> = [];
	let unchanged = 0;
	let conflicts = 0;
	let notFound = 0;
	list.forEach((g, n) => {
		const existing: Link[] = [];
		for (const row of reads[n].byId.values()) {
			const link = linkOfRow(g.kind, row);
			if (link) existing.push(link);
		}
		const present = g.links.filter((l) => {
			if (reads[n].byId.has(l.b24Id)) return true;
			problems.push({ message: `Bitrix24 ${g.kind.label} ${l.b24Id} not found (1C object ${l.onecRef})`, link: l });
			notFound++;
			return false;
		});
		const plan = planImport(present, existing);
		for (const c of plan.conflicts) problems.push({ message: c.reason, link: c.link, existing: c.existing });
		conflicts += plan.conflicts.length;
		unchanged += plan.unchanged.length;
		for (const link of plan.toSet) toSet.push({ kind: g.kind, link });
	});
	const result: ImportResult = { total: links.length, set: 0, unchanged, conflicts, notFound, failed: 0, written: false, problems };
	if (problems.length && !opts.writeOnError) return result;
	result.written = true;
	const res = await client.runAll(toSet.map((t) => updateCommand(t.kind, t.link.b24Id, linkFieldsOf(t.link))));
	res.forEach((r, n) => {
		if (r.ok) result.set++;
		else {
			result.failed++;
			problems.push({ message: `Bitrix24 ${toSet[n].kind.label} ${toSet[n].link.b24Id}: ${r.error.message}`, link: toSet[n].link });
		}
	});
	return result;
}

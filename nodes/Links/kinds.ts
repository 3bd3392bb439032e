/**
 * Where and how the Links node reads and writes each kind of link in Bitrix24 (lib/links.ts says
 * which fields hold it): the list / update methods, the filters "by entity ids", "by 1C refs" and
 * "all links of a base", and the batched reads. A read of ids or refs is one list command per 50
 * values; the client packs 50 commands into one `batch` request.
 */
import type { IDataObject } from 'n8n-workflow';
import { chunks } from '../../lib/chunks';
import { encodeRef, LINK_TYPES, readLink, type Link, type LinkType } from '../../lib/links';
import type { B24Command, Bitrix24Client } from '../Bitrix24/transport/client';
import type { Params } from '../Bitrix24/transport/encode';

/** Link types this node reads and writes (products are not supported yet). */
export const NODE_LINK_TYPES = ['company', 'contact', 'lead', 'deal', 'requisite', 'bankDetail', 'smartInvoice', 'spaItem', 'storeOrder', 'invoice'] as const;
export type NodeLinkType = (typeof NODE_LINK_TYPES)[number];

export const isNodeLinkType = (t: unknown): t is NodeLinkType => (NODE_LINK_TYPES as readonly string[]).includes(String(t));

export const ID_CHUNK = 50;

export interface Kind {
	type: NodeLinkType;
	/** crm.item kinds: the entity type (31 for smart invoices, ≥ 128 for smart processes). */
	entityTypeId?: number;
	list: string;
	update: string;
	idField: string;
	itemsKey?: string;
	/** parameters every command of this kind carries (`entityTypeId` of crm.item) */
	params: Params;
	select: string[];
	/** what the user reads: "company", "smart process 130 item" */
	label: string;
}

export function kindOf(type: NodeLinkType, entityTypeId?: number): Kind {
	const info = LINK_TYPES[type];
	const { base, ref, version } = info.fields;
	const fields = [base, ref, version].filter((f): f is string => !!f);
	if (info.entity === 'crm.item') {
		const et = type === 'smartInvoice' ? 31 : entityTypeId;
		if (type === 'spaItem' && !(Number.isSafeInteger(et) && Number(et) >= 128)) {
			throw new Error(`A smart process link needs the entity type ID of the smart process (≥ 128), got "${String(entityTypeId ?? '')}"`);
		}
		return {
			type,
			entityTypeId: et,
			list: 'crm.item.list',
			update: 'crm.item.update',
			idField: 'id',
			itemsKey: 'items',
			params: { entityTypeId: et },
			select: ['id', ...fields],
			label: type === 'smartInvoice' ? 'smart invoice' : `smart process ${et} item`,
		};
	}
	if (info.entity === 'sale.order') {
		// sale.* lists answer {orders:[…]} with camelCase fields and take `@`/`%` filter prefixes
		return { type, list: 'sale.order.list', update: 'sale.order.update', idField: 'id', itemsKey: 'orders', params: {}, select: ['id', ...fields], label: 'store order' };
	}
	const label = { bankDetail: 'bank detail', invoice: 'old invoice' }[type as string] ?? type;
	return { type, list: `${info.entity}.list`, update: `${info.entity}.update`, idField: 'ID', params: {}, select: ['ID', ...fields], label };
}

/** Key of a kind (a spaItem kind per entity type). */
export const kindKey = (type: LinkType, entityTypeId?: number) => (type === 'spaItem' ? `spaItem|${entityTypeId}` : type);

/** camelCase lists (crm.item, sale.order): `@` for "in", `id` for the id */
const isItem = (k: Kind) => k.list === 'crm.item.list' || k.list === 'sale.order.list';

/** Filter for entities with these ids. */
export function idsFilter(k: Kind, ids: string[]): IDataObject {
	return isItem(k) ? { '@id': ids } : { ID: ids };
}

/** Filter for entities that may hold a link to one of these refs: of any base (ORIGIN_ID) or of this base and legacy (XML_ID). */
export function refsFilter(k: Kind, baseId: string, refs: string[]): IDataObject {
	const { base, ref } = LINK_TYPES[k.type].fields;
	if (base) return { [ref]: refs };
	const values = refs.flatMap((r) => [encodeRef(baseId, r), r.toLowerCase()]);
	return { [isItem(k) ? `@${ref}` : ref]: values };
}

/** Filter for all entities that may hold a link of this base (checked client-side with linkFromEntity). */
export function baseFilter(k: Kind, baseId: string): IDataObject {
	const { base, ref } = LINK_TYPES[k.type].fields;
	return base ? { [base]: baseId } : { [`%${ref}`]: `${baseId}:` };
}

export function listCommand(k: Kind, filter: IDataObject): B24Command {
	return { method: k.list, params: { ...k.params, filter, select: k.select } };
}

export function updateCommand(k: Kind, b24Id: string, fields: Record<string, string>): B24Command {
	return { method: k.update, params: { ...k.params, id: b24Id, fields } };
}

export function rowsOf(k: Kind, result: unknown): IDataObject[] {
	const r = k.itemsKey ? (result as IDataObject | undefined)?.[k.itemsKey] : result;
	return Array.isArray(r) ? (r as IDataObject[]) : r && typeof r === 'object' ? (Object.values(r) as IDataObject[]) : [];
}

/** The link an entity row holds (any base), with the kind's entity type filled in for crm.item. */
export function linkOfRow(k: Kind, row: IDataObject): Link | undefined {
	return readLink(k.type, k.entityTypeId !== undefined ? { ...row, entityTypeId: k.entityTypeId } : row);
}

export interface ReadRequest {
	kind: Kind;
	ids: string[];
	refs: string[];
}

export interface ReadResult {
	/** entity rows by id (those asked for by id and those found by ref) */
	byId: Map<string, IDataObject>;
	/** rows that may hold a link to one of the refs */
	byRef: IDataObject[];
}

/**
 * Reads, for several kinds at once, the entities with the given ids and the entities holding the
 * given refs: all commands go through one `runAll` (50 per batch request); a command whose answer
 * had more than one page (a ref linked to many entities) is read to its end on its own.
 */
export async function readMany(client: Bitrix24Client, baseId: string, requests: ReadRequest[]): Promise<ReadResult[]> {
	const cmds: Array<{ cmd: B24Command; req: number; by: 'id' | 'ref' }> = [];
	requests.forEach((r, req) => {
		const ids = [...new Set(r.ids)];
		const refs = [...new Set(r.refs.map((x) => x.toLowerCase()))];
		for (const c of chunks(ids, ID_CHUNK)) cmds.push({ cmd: listCommand(r.kind, idsFilter(r.kind, c)), req, by: 'id' });
		const refChunk = LINK_TYPES[r.kind.type].fields.base ? ID_CHUNK : ID_CHUNK / 2; // XML_ID: two values per ref
		for (const c of chunks(refs, refChunk)) cmds.push({ cmd: listCommand(r.kind, refsFilter(r.kind, baseId, c)), req, by: 'ref' });
	});
	const out: ReadResult[] = requests.map(() => ({ byId: new Map(), byRef: [] }));
	const res = await client.runAll(cmds.map((c) => c.cmd));
	for (let n = 0; n < res.length; n++) {
		const r = res[n];
		if (!r.ok) throw r.error;
		const { cmd, req, by } = cmds[n];
		const k = requests[req].kind;
		let rows = rowsOf(k, r.result);
		if (r.total !== undefined && r.total > rows.length) {
			rows = await client.list(cmd.method, cmd.params ?? {}, { returnAll: true, idField: k.idField, itemsKey: k.itemsKey });
		}
		for (const row of rows) {
			out[req].byId.set(String(row[k.idField]), row);
			if (by === 'ref') out[req].byRef.push(row);
		}
	}
	return out;
}

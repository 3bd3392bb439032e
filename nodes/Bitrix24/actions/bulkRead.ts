/**
 * Prefetch reads in bulk: the reads of items that differ only in one filter value (the ID of a
 * bank detail, the requisite that owns an address) go as one list command per 50 values — the
 * client packs 50 commands per `batch` request — and each item takes the rows holding its value.
 * A list whose answer had more than one page is read to its end on its own. An item whose row did
 * not come back and that names its own read (`alone`, e.g. `crm.requisite.bankdetail.get`) makes
 * that read, so a missing record fails its item with the portal's own error, as a per-item read did.
 */
import type { IDataObject } from 'n8n-workflow';
import { chunks } from '../../../lib/chunks';
import type { B24Command, B24Result, Bitrix24Client } from '../transport/client';
import type { B24Error } from '../transport/errors';

export const BULK_CHUNK = 50;

/** One item's prefetch, as a share of a list read. */
export interface BulkRead {
	/** `crm.address.list` */
	method: string;
	/** the filter every item read together shares */
	filter: IDataObject;
	/** the filter key that takes the items' values (`ID`, `ENTITY_ID`): rows carry it under the same name */
	key: string;
	value: string | number;
	/** fields the item needs (unioned over the items read together; the key is added) */
	select?: string[];
	/** an order for lists without an ID column (an overflowing answer is then paged by offsets) */
	order?: IDataObject;
	/** 'row': the item's prefetch is its first row (as a `.get` answers); 'rows': the array of its rows (as a `.list` answers) */
	take: 'row' | 'rows';
	/** the item's own read, sent when no row of its value came back ('row' only) */
	alone?: B24Command;
}

export type BulkResult = { ok: true; result: unknown } | { ok: false; error: B24Error | Error };

interface Group {
	read: BulkRead;
	select: Set<string>;
	/** value → the items asking for it (the first raw value is what the filter gets) */
	values: Map<string, { raw: string | number; items: number[] }>;
}

const rowsOf = (result: unknown): IDataObject[] => (Array.isArray(result) ? (result as IDataObject[]) : result && typeof result === 'object' ? (Object.values(result) as IDataObject[]) : []);

/** The prefetch result of every item (item index → result); a failed command fails its items only. */
export async function readBulk(client: Bitrix24Client, reads: Array<{ i: number; read: BulkRead }>): Promise<Map<number, BulkResult>> {
	const out = new Map<number, BulkResult>();
	const groups = new Map<string, Group>();
	const lone: Array<{ i: number; cmd: B24Command }> = [];
	const readOf = new Map(reads.map((r) => [r.i, r.read]));
	for (const { i, read } of reads) {
		if (String(read.value ?? '').trim() === '') {
			if (read.alone) lone.push({ i, cmd: read.alone });
			else out.set(i, { ok: true, result: read.take === 'rows' ? [] : undefined });
			continue;
		}
		const gk = JSON.stringify([read.method, read.filter, read.key, read.order ?? null, !!read.select]);
		const g = groups.get(gk) ?? { read, select: new Set<string>(), values: new Map() };
		groups.set(gk, g);
		for (const f of read.select ?? []) g.select.add(f);
		const v = String(read.value);
		const slot = g.values.get(v) ?? { raw: read.value, items: [] };
		slot.items.push(i);
		g.values.set(v, slot);
	}

	const cmds: Array<{ cmd: B24Command; group: Group; values: string[] }> = [];
	for (const g of groups.values()) {
		const { method, filter, key, order, select } = g.read;
		const sel = select ? [...new Set([key, ...g.select])] : undefined;
		for (const c of chunks([...g.values.keys()], BULK_CHUNK)) {
			const params: IDataObject = { filter: { ...filter, [key]: c.map((v) => g.values.get(v)!.raw) } };
			if (sel) params.select = sel;
			if (order) params.order = order;
			cmds.push({ cmd: { method, params }, group: g, values: c });
		}
	}
	const res = await client.runAll(cmds.map((c) => c.cmd));
	for (let n = 0; n < cmds.length; n++) {
		const { cmd, group, values } = cmds[n];
		const r = res[n];
		const failAll = (error: B24Error | Error) => values.forEach((v) => group.values.get(v)!.items.forEach((i) => out.set(i, { ok: false, error })));
		if (!r.ok) {
			failAll(r.error);
			continue;
		}
		let rows = rowsOf(r.result);
		if (r.total !== undefined && r.total > rows.length) {
			try {
				rows = await client.list(cmd.method, cmd.params ?? {}, { returnAll: true });
			} catch (e) {
				failAll(e as Error);
				continue;
			}
		}
		const byValue = new Map<string, IDataObject[]>();
		for (const row of rows) {
			const v = String(row[group.read.key]);
			byValue.set(v, [...(byValue.get(v) ?? []), row]);
		}
		for (const v of values) {
			const mine = byValue.get(v) ?? [];
			for (const i of group.values.get(v)!.items) {
				const read = readOf.get(i)!;
				if (read.take === 'rows') out.set(i, { ok: true, result: mine });
				else if (mine.length || !read.alone) out.set(i, { ok: true, result: mine[0] });
				else lone.push({ i, cmd: read.alone });
			}
		}
	}
	if (lone.length) {
		const single = await client.runAll(lone.map((l) => l.cmd));
		lone.forEach((l, k) => out.set(l.i, toBulk(single[k])));
	}
	return out;
}

const toBulk = (r: B24Result): BulkResult => (r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error });

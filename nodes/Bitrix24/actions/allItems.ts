/**
 * Item work that needs more than one command per item (values split into chunks, list pages,
 * rows grouped by owner) but must still be batched across items. The router calls `run` once
 * per item; the first call plans and executes the work of all items at once (batches of 50),
 * later calls read their slot. Per-item errors stay per item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { B24Command, B24Result, Bitrix24Client } from '../transport/client';
import type { Params } from '../transport/encode';

export type Slot<T> = { ok: true; value: T } | { ok: false; error: unknown };

const runs = new WeakMap<Bitrix24Client, Map<string, Promise<Array<Slot<unknown>>>>>();

/** The result of item `i` of work computed once for all input items of this run. */
export async function onceForAllItems<T>(client: Bitrix24Client, key: string, i: number, compute: () => Promise<Array<Slot<T>>>): Promise<T> {
	let byKey = runs.get(client);
	if (!byKey) runs.set(client, (byKey = new Map()));
	let work = byKey.get(key) as Promise<Array<Slot<T>>> | undefined;
	if (!work) {
		work = compute();
		byKey.set(key, work as Promise<Array<Slot<unknown>>>);
	}
	const slot = (await work)[i];
	if (!slot) throw new Error(`no result for item ${i}`);
	if (!slot.ok) throw slot.error;
	return slot.value;
}

export interface ItemPlan<T> {
	commands: B24Command[];
	/** results of `commands`, in order, all successful */
	combine: (results: Array<B24Result & { ok: true }>) => T | Promise<T>;
}

/**
 * Every item plans any number of commands; all commands of all items go through `runAll`
 * together; an item fails with the first failed command of its own.
 */
export async function planPerItem<T>(ctx: IExecuteFunctions, client: Bitrix24Client, key: string, i: number, plan: (k: number) => ItemPlan<T> | Promise<ItemPlan<T>>): Promise<T> {
	return onceForAllItems(client, key, i, async () => {
		const n = ctx.getInputData().length;
		const plans: Array<Slot<ItemPlan<T>>> = [];
		for (let k = 0; k < n; k++) {
			try {
				plans.push({ ok: true, value: await plan(k) });
			} catch (error) {
				plans.push({ ok: false, error });
			}
		}
		const flat = plans.flatMap((p) => (p.ok ? p.value.commands : []));
		let results: B24Result[] = [];
		let requestError: unknown;
		try {
			results = await client.runAll(flat);
		} catch (error) {
			// the whole request failed after its retries: every item with commands gets the error
			requestError = error;
		}
		let at = 0;
		const out: Array<Slot<T>> = [];
		for (const p of plans) {
			if (!p.ok) {
				out.push(p);
				continue;
			}
			if (requestError !== undefined && p.value.commands.length) {
				out.push({ ok: false, error: requestError });
				continue;
			}
			const mine = results.slice(at, at + p.value.commands.length);
			at += p.value.commands.length;
			const failed = mine.find((r) => !r.ok);
			if (failed && !failed.ok) {
				out.push({ ok: false, error: failed.error });
				continue;
			}
			try {
				out.push({ ok: true, value: await p.value.combine(mine as Array<B24Result & { ok: true }>) });
			} catch (error) {
				out.push({ ok: false, error });
			}
		}
		return out;
	});
}

/** The rest of a list whose first page came from a batch: follows `next` (rare: owners with > 50 rows). */
export async function restOfList<R>(client: Bitrix24Client, method: string, params: Params, first: B24Result & { ok: true }, rowsOf: (result: unknown) => R[]): Promise<R[]> {
	const rows = rowsOf(first.result);
	let next = first.next;
	while (next !== undefined) {
		const page = await client.call(method, { ...params, start: next });
		rows.push(...rowsOf(page.result));
		next = page.next;
	}
	return rows;
}

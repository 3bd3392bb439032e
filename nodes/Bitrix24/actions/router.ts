/**
 * Runs the chosen operation over all input items: prefetch reads (batched, or 50 items per list
 * command with `prefetchBulk`), item commands (batched, ≤ 50 per request), per-item results and
 * errors mapped back with `pairedItem`, `continueOnFail` honoured per item.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { Bitrix24Client, type B24Command, type B24Result } from '../transport/client';
import { useDryRun } from '../transport/dry';
import { B24Error, toNodeApiError } from '../transport/errors';
import { dryContext, withPlan } from '../../shared/dryRun';
import type { PlanEntry } from '../../../lib/dry-run';
import { readBulk, type BulkRead, type BulkResult } from './bulkRead';
import { RESOURCES } from './resources';

function asItems(data: IDataObject | IDataObject[], i: number, plan: PlanEntry[] = []): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json: withPlan(json, plan), pairedItem: { item: i } }));
}

/**
 * A whole request can fail after its retries (a 5xx storm, the portal down): then every item of
 * it gets the error — routed per item with continueOnFail, a NodeApiError otherwise.
 */
async function runAllOrFail(client: Bitrix24Client, cmds: Array<{ i: number; cmd: B24Command }>, fail: (i: number, e: unknown) => void): Promise<B24Result[] | undefined> {
	try {
		return await client.runAll(cmds.map((c) => c.cmd));
	} catch (e) {
		for (const c of cmds) fail(c.i, e);
		return undefined;
	}
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = RESOURCES.find((r) => r.value === resource)?.operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not known`);
	const client = await Bitrix24Client.create(this, this.getNodeParameter('authentication', 0, 'webhook') as string);
	// a dry run: the client plans the writes instead of sending them (../transport/dry.ts)
	const dry = useDryRun(client, dryContext(this));
	const out: INodeExecutionData[][] = items.map(() => []);
	const fail = (i: number, e: unknown): void => {
		const error = e instanceof B24Error ? toNodeApiError(this.getNode(), e, i) : e instanceof NodeOperationError ? e : new NodeOperationError(this.getNode(), e as Error, { itemIndex: i });
		if (!this.continueOnFail()) throw error;
		// n8n's own shape: `error` set → the engine writes `{error: message}` and, with On Error →
		// Continue (using error output), routes the item there merged with its input item
		out[i] = [{ json: { error: error.message }, error, pairedItem: { item: i } }];
	};

	if (op.run) {
		for (let i = 0; i < items.length; i++) {
			try {
				const mark = dry?.entries.length ?? 0;
				const data = await op.run.call(this, i, client);
				out[i] = asItems(data, i, dry?.entries.slice(mark));
			} catch (e) {
				fail(i, e);
			}
		}
		return [out.flat()];
	}

	// phase 1: prefetch reads, batched
	const prefetched: unknown[] = new Array(items.length);
	const failed = new Set<number>();
	if (op.prefetch) {
		const want: Array<{ i: number; cmd: B24Command }> = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const cmd = op.prefetch.call(this, i);
				if (cmd) want.push({ i, cmd });
			} catch (e) {
				failed.add(i);
				fail(i, e);
			}
		}
		const res = await runAllOrFail(client, want, fail);
		want.forEach((w, k) => {
			if (!res) return void failed.add(w.i);
			const r = res[k];
			if (r.ok) prefetched[w.i] = r.result;
			else {
				failed.add(w.i);
				fail(w.i, r.error);
			}
		});
	} else if (op.prefetchBulk) {
		const want: Array<{ i: number; read: BulkRead }> = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const read = op.prefetchBulk.call(this, i);
				if (read) want.push({ i, read });
			} catch (e) {
				failed.add(i);
				fail(i, e);
			}
		}
		let res: Map<number, BulkResult> | undefined;
		try {
			res = await readBulk(client, want);
		} catch (e) {
			for (const w of want) fail(w.i, e);
		}
		for (const w of want) {
			const r = res?.get(w.i);
			if (r?.ok) prefetched[w.i] = r.result;
			else {
				failed.add(w.i);
				if (r) fail(w.i, r.error);
			}
		}
	}

	// phase 2: the item commands, batched
	const cmds: Array<{ i: number; cmd: B24Command }> = [];
	for (let i = 0; i < items.length; i++) {
		if (failed.has(i)) continue;
		try {
			const cmd = op.build!.call(this, i, prefetched[i]);
			// nothing to write for this item (e.g. an update whose values are already there)
			if (cmd === undefined) out[i] = asItems(op.parse ? op.parse.call(this, undefined, i) : {}, i, dry ? [{ system: 'bitrix24', action: 'unchanged', object: resource, reason: 'nothing to write: the values are already there' }] : []);
			else cmds.push({ i, cmd });
		} catch (e) {
			fail(i, e);
		}
	}
	const results = await runAllOrFail(client, cmds, fail);
	if (!results) return [out.flat()];
	cmds.forEach((c, k) => {
		const r = results[k];
		if (!r.ok) return fail(c.i, r.error);
		try {
			const plan = dry?.of(c.cmd);
			out[c.i] = asItems(op.parse ? op.parse.call(this, r.result, c.i) : { result: r.result as IDataObject }, c.i, plan ? [plan] : []);
		} catch (e) {
			fail(c.i, e);
		}
	});
	// the follow-up checks what was written (create-then-verify): nothing was, in a dry run
	if (op.after && !dry) {
		const done = cmds.filter((c) => out[c.i].length === 1 && !out[c.i][0].error).map((c) => ({ i: c.i, json: out[c.i][0].json }));
		if (done.length) for (const [i, data] of await op.after.call(this, client, done)) out[i] = asItems(data, i);
	}
	return [out.flat()];
}

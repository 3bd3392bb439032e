/**
 * A `run` for operations whose items mostly batch but some must go alone: file uploads are not
 * allowed inside `batch`, and list reads that page need several calls. The router only batches
 * operations with `build`, for every item alike, so this keeps the batching inside `run`: on the
 * first item of a node run it builds the commands of all batchable items and sends them through
 * `client.runAll` (≤ 50 per request); then every item takes its own result (or error), and the
 * items that go alone make their own request(s) when their turn comes. Nothing outlives the run:
 * the prepared results are keyed by the run's client.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { B24Command, B24Result, Bitrix24Client } from '../transport/client';
import { planPerItem } from './allItems';
import type { OperationDef } from './types';

export type B24Ok = Extract<B24Result, { ok: true }>;
type Output = IDataObject | IDataObject[];

export interface BatchedRunSpec {
	/** true: item i is not batched (it carries files, or `single` serves it) */
	alone?: (this: IExecuteFunctions, i: number) => boolean;
	/** the item's command; may read binary data */
	build: (this: IExecuteFunctions, i: number) => B24Command | Promise<B24Command>;
	/** the item's output from its command's result (with `total` / `next` of list methods) */
	parse: (this: IExecuteFunctions, r: B24Ok, i: number) => Output;
	/** the work of an item that goes alone; default: `build` sent as one direct call, then `parse` */
	single?: (this: IExecuteFunctions, i: number, client: Bitrix24Client) => Promise<Output>;
}

/** One command per item, batched across items, on the shared per-run planner of `allItems.ts`. */
export function batchedRun(spec: BatchedRunSpec): NonNullable<OperationDef['run']> {
	return async function (this: IExecuteFunctions, i: number, client: Bitrix24Client): Promise<Output> {
		return planPerItem<Output>(this, client, 'batchedRun', i, async (k) => {
			if (spec.alone?.call(this, k)) {
				return {
					commands: [],
					combine: async () => {
						if (spec.single) return spec.single.call(this, k, client);
						const cmd = await spec.build.call(this, k);
						// a create whose answer is lost is looked up before it is sent again (transport/lookup.ts)
						const env = await client.call(cmd.method, cmd.params, client.lookUpCreate(cmd));
						return spec.parse.call(this, { ok: true, result: env.result, total: env.total, next: env.next }, k);
					},
				};
			}
			return { commands: [await spec.build.call(this, k)], combine: ([r]) => spec.parse.call(this, r, k) };
		});
	};
}

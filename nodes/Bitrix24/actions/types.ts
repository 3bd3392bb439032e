import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { B24Command, Bitrix24Client } from '../transport/client';
import type { BulkRead } from './bulkRead';

/**
 * One operation of one resource. Operations describe, the transport executes (DESIGN decision 1):
 * `build` turns item i into one Bitrix24 call and `parse` turns its result into output; the
 * router collects the calls of all items and runs them through the client in batches of 50.
 * `prefetch` (optional) is a read per item run — batched too — before `build`; `prefetchBulk` the
 * same read as a share of a list read, 50 items per command (e.g. the current multi-field values
 * before an update). `run` is for item-level work that pages or chains calls.
 */
export interface OperationDef {
	name: string;
	action: string;
	description?: string;
	properties: INodeProperties[];
	prefetch?: (this: IExecuteFunctions, i: number) => B24Command | undefined;
	/** a prefetch read as a share of a list read: up to 50 items per command (./bulkRead.ts); used instead of `prefetch` */
	prefetchBulk?: (this: IExecuteFunctions, i: number) => BulkRead | undefined;
	/** undefined: nothing to send for this item — `parse` gets `undefined` */
	build?: (this: IExecuteFunctions, i: number, prefetched: unknown) => B24Command | undefined;
	parse?: (this: IExecuteFunctions, result: unknown, i: number) => IDataObject | IDataObject[];
	run?: (this: IExecuteFunctions, i: number, client: Bitrix24Client) => Promise<IDataObject | IDataObject[]>;
	/** optional follow-up over the items whose command succeeded (batched by the op, e.g. create-then-verify): item → its new output (`[]` drops it); items not in the map keep theirs */
	after?: (this: IExecuteFunctions, client: Bitrix24Client, done: Array<{ i: number; json: IDataObject }>) => Promise<Map<number, IDataObject[]>>;
}

export interface ResourceDef {
	value: string;
	name: string;
	description?: string;
	operations: Record<string, OperationDef>;
}

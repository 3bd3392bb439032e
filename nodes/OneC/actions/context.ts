/** What an operation of the 1C node gets for one input item, and the helpers they share. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { typeRow, type Row, type SetTypes } from '../../../lib/onec-values';
import { withWebClientLinks } from '../../../lib/onec-weblink';
import { filterFromUi, type UiCondition } from '../description/filter';
import type { OneCSession } from '../session';

export interface ItemRun {
	ctx: IExecuteFunctions;
	s: OneCSession;
	i: number;
	resource: string;
	operation: string;
	/** the entity set (empty for enums) */
	set: string;
	/** per-run serialisation of items that touch the same object (see `serialized`) */
	locks: Map<string, Promise<unknown>>;
	/** `get` by key over many items: the object read in bulk beforehand (null = no such object) */
	prefetched?: Row | null;
}

/**
 * Runs `fn` after every earlier call with the same key of this node run has settled: items run
 * concurrently, but two items that would find-or-create the same object (same match value) must
 * not both find nothing and both create.
 */
export async function serialized<T>(run: ItemRun, key: string, fn: () => Promise<T>): Promise<T> {
	const prev = run.locks.get(key) ?? Promise.resolve();
	const next = prev.then(fn, fn);
	run.locks.set(key, next.catch(() => undefined));
	return next;
}

export type Operation = (run: ItemRun) => Promise<IDataObject[]>;

/** An item-level failure with facts for the error item (the object key, the fields that differ). */
export class ItemError extends NodeOperationError {
	constructor(
		run: ItemRun,
		message: string,
		readonly details: IDataObject = {},
	) {
		super(run.ctx.getNode(), message, { itemIndex: run.i });
	}
}

export function param<T>(run: ItemRun, name: string, fallback?: T): T {
	return run.ctx.getNodeParameter(name, run.i, fallback) as T;
}

export function str(run: ItemRun, name: string, fallback = ''): string {
	return String(param<unknown>(run, name, fallback) ?? '').trim();
}

/** Rows of a set in the chosen output shape: typed by `$metadata` (default) or raw. */
export async function output(run: ItemRun, rows: Row[], output: string, setName = run.set): Promise<IDataObject[]> {
	const linked = withWebLinks(run, rows, setName);
	if (output === 'raw') return linked as IDataObject[];
	const types = await run.s.types(setName);
	return linked.map((r) => typeRow(r, types, run.s.timeZone) as IDataObject);
}

/** «Add Web Client Link»: each object row gets the e1cib link that opens it (lib/onec-weblink.ts). */
function withWebLinks(run: ItemRun, rows: Row[], setName: string): Row[] {
	const want = param<IDataObject>(run, 'options', {}).webLink === true || param<IDataObject>(run, 'writeOptions', {}).webLink === true;
	return want ? withWebClientLinks(rows, run.s.client.webClientBase, setName) : rows;
}

export interface ReadOptions {
	combine?: 'and' | 'or';
	expand?: string;
	orderBy?: string;
	output?: string;
	pageSize?: number;
	rawFilter?: string;
	select?: string;
}

export function readOptions(run: ItemRun): ReadOptions {
	return param<ReadOptions>(run, 'options', {});
}

/** `$filter` of the filter builder (the `filters` rows) plus the raw option. */
export async function uiFilter(run: ItemRun, setName = run.set, extra: string[] = []): Promise<string | undefined> {
	const o = readOptions(run);
	const rows = (param<{ conditions?: UiCondition[] }>(run, 'filters', {}).conditions ?? []) as UiCondition[];
	const needTypes = rows.some((r) => !r.valueType || r.valueType === 'auto');
	const types: SetTypes | undefined = needTypes ? await run.s.types(setName) : undefined;
	let expr: string | undefined;
	try {
		expr = filterFromUi(rows, types, run.s.timeZone, o.combine ?? 'and', o.rawFilter ?? '');
	} catch (e) {
		throw new ItemError(run, `1C ${setName}: ${(e as Error).message}`);
	}
	const parts = [...extra, ...(expr ? [expr] : [])];
	if (parts.length <= 1) return parts[0];
	return parts.map((p) => `(${p})`).join(' and ');
}

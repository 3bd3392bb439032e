/** The «Dry Run» switch every writing node has (lib/dry-run.ts), and how its plan joins the item. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DryOverlay, type PlanEntry } from '../../lib/dry-run';

/** Operations that only read: the switch is hidden for them. */
const READ_OPERATIONS = ['get', 'getAll', 'getProductRows', 'findByComm', 'getFields', 'getCurrent', 'export', 'getBound'];

/** The switch; `byOperation`: hidden for the read operations (for nodes that have an Operation parameter). */
export const dryRunProperty = (byOperation = true): INodeProperties => ({
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	...(byOperation ? { displayOptions: { hide: { operation: READ_OPERATIONS } } } : {}),
	description:
		'Whether to only plan the writes: everything is read as in a real run, nothing is written, and each item gets a `dryRunPlan` list — create (fields), update (the fields that would change: from → to), link, unchanged, delete. Creates answer with placeholder IDs so the next nodes plan on.',
});

export function isDryRun(ctx: Pick<IExecuteFunctions, 'getNodeParameter'>): boolean {
	try {
		return ctx.getNodeParameter('dryRun', 0, false) === true;
	} catch {
		return false;
	}
}

/** The item's JSON with its plan entries (kept as a list: one item can plan several writes). */
export function withPlan(json: IDataObject, entries: PlanEntry[]): IDataObject {
	if (!entries.length) return json;
	const had = Array.isArray(json.dryRunPlan) ? (json.dryRunPlan as unknown as PlanEntry[]) : [];
	return { ...json, dryRunPlan: [...had, ...entries] as unknown as IDataObject[] };
}

/**
 * The node's dry-run state: `dry` — it plans its writes; `overlay` — what the execution's dry run
 * planned so far (lib/dry-run.ts), which every node reads placeholders from, writing or not.
 */
export function dryContext(ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getExecutionId'>): { dry: boolean; overlay?: DryOverlay } {
	const dry = isDryRun(ctx);
	const id = ctx.getExecutionId?.();
	return { dry, overlay: dry ? DryOverlay.of(id) : DryOverlay.peek(id) };
}

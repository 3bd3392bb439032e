/**
 * Runs the chosen operation over all input items with at most the credential's Max Concurrency
 * requests in flight (a real base takes seconds per write; each request holds a 1C session).
 * Per-item results carry `pairedItem`; failures become error items under continueOnFail, and
 * otherwise stop the run (no new item starts after the first failure).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { OneCSession } from '../session';
import { dryContext } from '../../shared/dryRun';
import { OneCError, toNodeApiError } from '../transport/errors';
import type { ItemRun, Operation } from './context';
import { enumValues, get, getAll, prefetchByKey, tabularRows, virtualTable } from './read';
import { create, markForDeletion, post, remove, unmarkForDeletion, unpost, update, upsert } from './write';
import { printForm } from './print';
import { report } from './report';

const OBJECT_OPS: Record<string, Operation> = { get, getAll, create, update, upsert, delete: remove, markForDeletion, unmarkForDeletion };

export const OPERATIONS: Record<string, Record<string, Operation>> = {
	catalog: OBJECT_OPS,
	document: { ...OBJECT_OPS, post, unpost },
	informationRegister: { get, getAll, create, update, delete: remove },
	accumulationRegister: { get, getAll },
	accountingRegister: { get, getAll },
	tabularSection: { getAll: tabularRows },
	enum: { getAll: enumValues },
	virtualTable: { get: virtualTable },
};

/** Operations whose items carry binary data (a PDF) besides the JSON. */
const FILE_OPERATIONS: Partial<Record<string, (run: ItemRun) => Promise<INodeExecutionData[]>>> = { printForm, report };

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const fileOp = FILE_OPERATIONS[resource];
	const op = fileOp ? undefined : OPERATIONS[resource]?.[operation];
	if (!op && !fileOp) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not known`);
	const s = await OneCSession.open(this);
	const dry = dryContext(this);
	s.client.dryRun = dry.dry;
	s.client.overlay = dry.overlay;
	const out: INodeExecutionData[][] = items.map(() => []);
	const errors: Array<{ i: number; e: unknown }> = [];
	const continueOnFail = this.continueOnFail();
	const locks = new Map<string, Promise<unknown>>();

	const runs: Array<ItemRun | undefined> = items.map((_x, i) => {
		try {
			const noSet = resource === 'enum' || resource === 'report' || (resource === 'printForm' && this.getNodeParameter('printSource', i, 'builtIn') === 'builtIn');
			const set = noSet ? '' : String(this.getNodeParameter('entitySet', i, '', { extractValue: true }) ?? '').trim();
			if (!noSet && !set) throw new NodeOperationError(this.getNode(), 'Choose an entity set', { itemIndex: i });
			return { ctx: this, s, i, resource, operation, set, locks };
		} catch (e) {
			errors.push({ i, e });
			return undefined;
		}
	});
	if (operation === 'get' && items.length > 1) await prefetchByKey(runs.filter((r): r is ItemRun => r !== undefined));

	let next = 0;
	const worker = async () => {
		while (next < items.length && (continueOnFail || errors.length === 0)) {
			const run = runs[next++];
			if (!run) continue;
			try {
				const produced = op ? (await op(run)).map((json): INodeExecutionData => ({ json })) : fileOp ? await fileOp(run) : [];
				out[run.i] = produced.map((x) => ({ ...x, pairedItem: { item: run.i } }));
			} catch (e) {
				errors.push({ i: run.i, e });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(s.client.concurrency, items.length)) }, worker));

	errors.sort((a, b) => a.i - b.i);
	for (const { i, e } of errors) {
		const error = e instanceof OneCError ? toNodeApiError(this.getNode(), e, i) : e instanceof NodeOperationError ? e : new NodeOperationError(this.getNode(), e as Error, { itemIndex: i });
		if (!continueOnFail) throw error;
		// n8n's own shape: `error` set → the engine writes `{error: message}` and, with On Error →
		// Continue (using error output), routes the item there merged with its input item
		out[i] = [{ json: { error: error.message }, error, pairedItem: { item: i } }];
	}
	return [out.flat()];
}

/**
 * Any REST method: Raw Method Call (method + params JSON; items batched 50 per request, or read
 * page by page with Return All through the client's `list`) and Batch (up to 50 commands of the
 * user's own, `halt`, `$result[key]` references passed through unchanged, the answer's
 * `result` / `result_error` / `result_total` / `result_next` maps as output).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { BATCH_LIMIT, type Bitrix24Client } from '../transport/client';
import { batchCommand } from '../transport/encode';
import { batchedRun, type B24Ok } from './batchedRun';
import { show } from './common';
import type { OperationDef, ResourceDef } from './types';

function jsonValue(ctx: IExecuteFunctions, name: string, i: number): unknown {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${name}" is not valid JSON`, { itemIndex: i });
	}
}

const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- Raw Method Call ----

const CALL = 'rawCall';

const callProps: INodeProperties[] = [
	{ displayName: 'Method', name: 'method', type: 'string', required: true, default: '', placeholder: 'e.g. crm.deal.list', description: 'Any REST method the credential may call' },
	{ displayName: 'Parameters (JSON)', name: 'params', type: 'json', default: '{}', description: 'The method parameters, e.g. {"filter":{">ID":100},"select":["ID","TITLE"]}' },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: 'On: every page of a list method, one row per output item. An array answer is paged by ID, an object with one array (items, orders, tasks, …) by that key and its ID.',
	},
	{
		displayName: 'Batch Items',
		name: 'batchItems',
		type: 'boolean',
		default: true,
		description: 'Whether to send the calls of many items in batch requests (50 per request); turn off for methods not allowed inside batch, such as file uploads',
		displayOptions: { show: { returnAll: [false] } },
	},
];

function callParams(ctx: IExecuteFunctions, i: number): IDataObject {
	const v = jsonValue(ctx, 'params', i);
	if (v === undefined || v === null) return {};
	if (!isObject(v)) throw new NodeOperationError(ctx.getNode(), 'The parameter "params" must be a JSON object', { itemIndex: i });
	return v;
}

const answer = (r: { result: unknown; total?: number; next?: number }): IDataObject => {
	const out: IDataObject = { result: r.result as IDataObject };
	if (r.total !== undefined) out.total = r.total;
	if (r.next !== undefined) out.next = r.next;
	return out;
};

/** How a list answer holds its rows: a plain array (`ID`) or an object with one array key (that key + `id`). */
export function listShape(result: unknown): { itemsKey?: string; idField: string; rows: IDataObject[] } | undefined {
	let shape: { itemsKey?: string; idField: string; rows: IDataObject[] } | undefined;
	if (Array.isArray(result)) shape = { idField: 'ID', rows: result as IDataObject[] };
	else if (isObject(result)) {
		const keys = Object.keys(result);
		if (keys.length === 1 && Array.isArray(result[keys[0]])) shape = { itemsKey: keys[0], idField: 'id', rows: result[keys[0]] as IDataObject[] };
	}
	const first = shape?.rows[0];
	if (shape && isObject(first) && !(shape.idField in first)) {
		const other = shape.idField === 'ID' ? 'id' : 'ID';
		if (other in first) shape.idField = other;
	}
	return shape;
}

async function callAlone(ctx: IExecuteFunctions, i: number, client: Bitrix24Client): Promise<IDataObject | IDataObject[]> {
	const method = String(ctx.getNodeParameter('method', i)).trim();
	const params = callParams(ctx, i);
	const env = await client.call(method, params);
	if (!(ctx.getNodeParameter('returnAll', i, false) as boolean)) return answer(env);
	const shape = listShape(env.result);
	if (!shape) return answer(env);
	if (env.next === undefined) return shape.rows;
	return client.list(method, params, { returnAll: true, itemsKey: shape.itemsKey, idField: shape.idField });
}

const callOps: Record<string, OperationDef> = {
	call: {
		name: 'Call',
		action: 'Call any REST method',
		description: 'Call any method with JSON parameters; the calls of many items are batched (50 per request)',
		properties: show(CALL, 'call', callProps),
		run: batchedRun({
			alone(i) {
				return (this.getNodeParameter('returnAll', i, false) as boolean) || !(this.getNodeParameter('batchItems', i, true) as boolean);
			},
			build(i) {
				const method = String(this.getNodeParameter('method', i)).trim();
				if (!method) throw new NodeOperationError(this.getNode(), 'The method is empty', { itemIndex: i });
				return { method, params: callParams(this, i) };
			},
			parse: (r: B24Ok) => answer(r),
			single(i, client) {
				return callAlone(this, i, client);
			},
		}),
	},
};

export const rawCall: ResourceDef = { value: CALL, name: 'Raw Method Call', operations: callOps };

// ---- Batch ----

const BATCH = 'batch';
const REF = /%24(result|result_error|result_total|result_next)((?:%5B[^&=%]*%5D)+)/g;

/** A `{method, params}` command as `method?query`, its `$result[…]` references left unencoded. */
function commandString(ctx: IExecuteFunctions, v: unknown, key: string, i: number): string {
	if (typeof v === 'string' && v.trim()) return v.trim();
	if (isObject(v) && typeof v.method === 'string' && v.method.trim()) {
		if (v.params !== undefined && !isObject(v.params)) throw new NodeOperationError(ctx.getNode(), `The params of command "${key}" must be a JSON object`, { itemIndex: i });
		return batchCommand(v.method.trim(), (v.params as IDataObject) ?? {}).replace(REF, (m) => decodeURIComponent(m));
	}
	throw new NodeOperationError(ctx.getNode(), `Command "${key}" must be "method?query" or {"method": "…", "params": {…}}`, { itemIndex: i });
}

function batchCommands(ctx: IExecuteFunctions, i: number): Record<string, string> {
	const v = jsonValue(ctx, 'commands', i);
	const entries = Array.isArray(v) ? v.map((c, k) => [String(k), c] as const) : isObject(v) ? Object.entries(v) : undefined;
	if (!entries) throw new NodeOperationError(ctx.getNode(), 'The commands must be a JSON object {"key": "method?query"} or an array of {"method", "params"}', { itemIndex: i });
	if (entries.length === 0) throw new NodeOperationError(ctx.getNode(), 'There are no commands', { itemIndex: i });
	if (entries.length > BATCH_LIMIT) throw new NodeOperationError(ctx.getNode(), `A batch takes at most ${BATCH_LIMIT} commands, got ${entries.length}`, { itemIndex: i });
	return Object.fromEntries(entries.map(([k, c]) => [k, commandString(ctx, c, k, i)]));
}

/** PHP sends sequential-key maps (and empty ones) as arrays; output them as maps keyed like the commands. */
function asMap(v: unknown): IDataObject {
	if (Array.isArray(v)) return Object.fromEntries(v.map((x, k) => [String(k), x])) as IDataObject;
	return isObject(v) ? v : {};
}

const batchOps: Record<string, OperationDef> = {
	execute: {
		name: 'Execute',
		action: 'Run up to 50 commands in one batch request',
		description: 'Run up to 50 commands in one request; later commands may use $result[key][field] of earlier ones',
		properties: show(BATCH, 'execute', [
			{
				displayName: 'Commands (JSON)',
				name: 'commands',
				type: 'json',
				required: true,
				default: '{\n  "deal": "crm.deal.get?id=1",\n  "company": "crm.company.get?id=$result[deal][COMPANY_ID]"\n}',
				description: 'Up to 50 commands: an object {"key": "method?query"} or an array of {"method": "…", "params": {…}}. $result[key][…] references are passed to Bitrix24 unchanged.',
			},
			{ displayName: 'Halt on Error', name: 'halt', type: 'boolean', default: false, description: 'Whether to stop at the first failed command (the rest are not run)' },
		]),
		async run(this: IExecuteFunctions, i, client) {
			const cmd = batchCommands(this, i);
			const halt = this.getNodeParameter('halt', i, false) as boolean;
			const env = await client.call('batch', { halt: halt ? 1 : 0, cmd });
			const r = (env.result ?? {}) as IDataObject;
			return { result: asMap(r.result), result_error: asMap(r.result_error), result_total: asMap(r.result_total), result_next: asMap(r.result_next) };
		},
	},
};

export const batch: ResourceDef = { value: BATCH, name: 'Batch', operations: batchOps };

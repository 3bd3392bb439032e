/**
 * Runs a whole workflow JSON (an n8n export, e.g. a file of workflows-templates/) in-process on
 * n8n-core's `WorkflowExecute`, starting from its Manual Trigger as `n8n execute` does: our node
 * classes from source, n8n-nodes-base nodes from node_modules (loaded on demand by type name),
 * credentials resolved by the referenced credential id, else by type.
 */
import { randomUUID } from 'node:crypto';
import type { IConnections, IDataObject, INode, INodeExecutionData, IRun, IWorkflowSettings, WorkflowExecuteMode } from 'n8n-workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDataOf } from '../../scripts/n8n-home';
import { DataTables } from './data-tables';
import { additionalDataFor, core, nodeTypes, TestCredentialsHelper, wf, type Credentials } from './n8n';

/* eslint-disable @typescript-eslint/no-require-imports */
const { Container } = require('@n8n/di') as typeof import('@n8n/di');
const { TaskRunnersConfig } = require('@n8n/config') as typeof import('@n8n/config');
/* eslint-enable @typescript-eslint/no-require-imports */

// No task runner in-process: the Code node then runs JavaScript in its in-process sandbox.
Container.get(TaskRunnersConfig).enabled = false;

/** The parts of an n8n workflow export the runner reads. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: unknown;
}

export interface WorkflowRunOptions {
	/** the node to start from (default: the first enabled Manual Trigger) */
	startNode?: string;
	/** execution mode (default `cli`, as `n8n execute`) */
	mode?: WorkflowExecuteMode;
	/** credential data by credential id (`b24Demo`, `onecBp30`, …); tried before the by-type map */
	credsById?: Credentials;
	/** items the start node receives (e.g. the failed execution an Error Trigger gets from n8n) */
	input?: IDataObject[];
	/** n8n Data tables the run reads and writes (keep one instance to see them across runs) */
	dataTables?: DataTables;
	/** where sub-workflows called by id are looked up (default: workflows-templates/) */
	workflowsDir?: string;
	/** filled with the result of every sub-workflow run (Execute Workflow node) */
	subRuns?: WorkflowRunResult[];
}

export interface WorkflowRunResult {
	run: IRun;
	status: IRun['status'];
	error?: Error;
	/** node name → the node's output items per main output, over all its runs */
	runData: Record<string, INodeExecutionData[][]>;
	/** items of one output of a node (`[]` if the node did not run) */
	itemsOut(nodeName: string, output?: number): INodeExecutionData[];
	/** node names in the order they ran */
	order: string[];
}

const MANUAL = 'n8n-nodes-base.manualTrigger';
const CALLED = 'n8n-nodes-base.executeWorkflowTrigger';
const TEMPLATES = join(__dirname, '../../workflows-templates');

/** The workflow with this id among the JSON files of a folder. */
function workflowById(dir: string, id: string): WorkflowJson {
	for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
		const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as WorkflowJson;
		if (json.id === id) return json;
	}
	throw new Error(`no workflow with id ${id} in ${dir}`);
}

/**
 * Run a workflow from its Manual Trigger. `creds` is by credential type (as `runNode`);
 * `opts.credsById` resolves credentials by the id the node references (several of one type).
 */
export async function runWorkflow(json: WorkflowJson, creds: Credentials = {}, opts: WorkflowRunOptions = {}): Promise<WorkflowRunResult> {
	const nodes = json.nodes.map((n) => ({ ...n, parameters: structuredClone(n.parameters) }));
	const start = opts.startNode ? nodes.find((n) => n.name === opts.startNode) : nodes.find((n) => n.type === MANUAL && !n.disabled);
	if (!start) throw new Error(opts.startNode ? `no node named ${opts.startNode}` : 'the workflow has no (enabled) Manual Trigger');
	const id = json.id ?? 'test';
	const workflow = new wf.Workflow({
		id,
		name: json.name,
		nodes,
		connections: json.connections,
		nodeTypes: nodeTypes as never,
		active: false,
		staticData: (json.staticData as never) ?? {},
		settings: { executionOrder: 'v1', ...json.settings },
	});
	const mode = opts.mode ?? 'cli';
	const hooks = new core.ExecutionLifecycleHooks(mode, 'exec-1', { id, nodes, connections: json.connections } as never);
	const done = wf.createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => done.resolve(run));
	const order: string[] = [];
	hooks.addHandler('nodeExecuteBefore', (nodeName: string) => void order.push(nodeName));
	const dataTables = opts.dataTables ?? new DataTables();
	const subRuns = opts.subRuns ?? [];
	let subCount = 0;
	// An Execute Workflow node (source: database) runs the workflow of that id from its "When called by another workflow" trigger, as n8n does.
	const executeWorkflow = async (info: { id?: string }, _data: unknown, o: { inputData?: Array<{ json: IDataObject }> }) => {
		const sub = workflowById(opts.workflowsDir ?? TEMPLATES, String(info.id));
		const trigger = sub.nodes.find((n) => n.type === CALLED && !n.disabled);
		if (!trigger) throw new Error(`workflow ${String(info.id)} has no "When called by another workflow" trigger`);
		const r = await runWorkflow(sub, creds, { ...opts, startNode: trigger.name, input: (o.inputData ?? []).map((x) => x.json), dataTables, subRuns });
		subRuns.push(r);
		if (r.error) throw r.error;
		const last = r.order[r.order.length - 1];
		return { executionId: `sub-${++subCount}`, data: [r.itemsOut(last)] };
	};
	const additionalData = additionalDataFor(hooks, new TestCredentialsHelper(creds, opts.credsById), { 'data-table': dataTables.provider(), executeWorkflow });
	// every run its own execution id, as in n8n (a dry run's plan is kept per execution)
	additionalData.executionId = randomUUID();
	const startNode = workflow.getNode(start.name)!;
	if (opts.input) {
		const data = { startData: {}, resultData: { runData: {} }, executionData: { contextData: {}, metadata: {}, waitingExecution: {}, waitingExecutionSource: null, nodeExecutionStack: [{ node: startNode, data: { main: [opts.input.map((json) => ({ json }))] }, source: null }] } };
		await new core.WorkflowExecute(additionalData, mode, data as never).processRunExecutionData(workflow);
	} else await new core.WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	const run = await done.promise;
	const runData = runDataOf(run);
	return {
		run,
		status: run.status,
		error: run.data.resultData.error as Error | undefined,
		runData,
		itemsOut: (name, output = 0) => runData[name]?.[output] ?? [],
		order,
	};
}

/**
 * Runs our nodes on the real n8n engine in-process (n8n-core `WorkflowExecute`), the recipe of
 * research/n8n-conventions.md §4.3: node classes from source, a credentials helper that applies
 * our credentials' `authenticate`, and the run's data per node.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
	IBinaryKeyData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

// n8n's user folder of this test process, inside the run's folder (test/global-setup.js) that the run removes at its end
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(process.env.TEST_RUN_TMP ?? tmpdir(), 'n8n-test-'));

/* eslint-disable @typescript-eslint/no-require-imports */
export const core = require('n8n-core') as typeof import('n8n-core');
export const wf = require('n8n-workflow') as typeof import('n8n-workflow');
/* eslint-enable @typescript-eslint/no-require-imports */

import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { OneCTrigger } from '../../nodes/OneC/OneCTrigger.node';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { OneC } from '../../nodes/OneC/OneC.node';
import { OneCBitrix24Mapping } from '../../nodes/Mapping/OneCBitrix24Mapping.node';
import { OneCBitrix24Match } from '../../nodes/Match/OneCBitrix24Match.node';
import { OneCBitrix24Links } from '../../nodes/Links/OneCBitrix24Links.node';
import { OneCODataApi } from '../../credentials/OneCODataApi.credentials';

export const PACKAGE = 'n8n-nodes-1c-bitrix24';

const NODE_CLASSES: Record<string, () => INodeType> = {
	bitrix24: () => new Bitrix24(),
	bitrix24Trigger: () => new Bitrix24Trigger(),
	oneCTrigger: () => new OneCTrigger(),
	oneC: () => new OneC(),
	oneCBitrix24Mapping: () => new OneCBitrix24Mapping(),
	oneCBitrix24Match: () => new OneCBitrix24Match(),
	oneCBitrix24Links: () => new OneCBitrix24Links(),
};

const CREDENTIAL_CLASSES: Record<string, { authenticate?: unknown }> = {
	bitrix24WebhookApi: new Bitrix24WebhookApi(),
	oneCODataApi: new OneCODataApi(),
};

/** Credential data by credential type (`bitrix24WebhookApi`, `oneCODataApi`, …). */
export type Credentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * Resolves a node's credentials by the referenced credential **id** first (`byId`; a workflow may
 * use several credentials of one type), then by type (`creds`).
 */
export class TestCredentialsHelper extends wf.ICredentialsHelper {
	constructor(
		private readonly creds: Credentials,
		private readonly byId: Credentials = {},
	) {
		super();
	}
	async getDecrypted(_ad: unknown, nodeCreds: INodeCredentialsDetails | undefined, type: string): Promise<ICredentialDataDecryptedObject> {
		const c = (nodeCreds?.id ? this.byId[nodeCreds.id] : undefined) ?? this.creds[type];
		if (!c) throw new Error(`no test credentials of type ${type}${nodeCreds?.id ? ` (id ${nodeCreds.id})` : ''}`);
		return c;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, type: string, opts: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const auth = CREDENTIAL_CLASSES[type]?.authenticate;
		return typeof auth === 'function' ? (auth as (c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(credentials, opts) : opts;
	}
	getParentTypes(type: string): string[] {
		return type === 'bitrix24OAuth2Api' ? ['oAuth2Api'] : [];
	}
	getCredentialsProperties(): never[] {
		return [];
	}
	async getCredentials(): Promise<never> {
		throw new Error('n/a');
	}
	async updateCredentials(): Promise<void> {}
	/** n8n stores refreshed OAuth2 tokens here; tests read them back from the credentials map. */
	async updateCredentialsOauthTokenData(_nodeCreds: unknown, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.creds[type] = { ...this.creds[type], oauthTokenData: data.oauthTokenData };
	}
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	getOAuth2Options(): undefined {
		return undefined;
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
}

const BASE = 'n8n-nodes-base';
const BASE_ROOT = join(__dirname, '../../node_modules', BASE);
let baseKnown: Record<string, { className: string; sourcePath: string }> | undefined;
const baseCache = new Map<string, INodeType>();

/** A node of n8n-nodes-base by type name (`n8n-nodes-base.if`), loaded from its dist on demand. */
function baseNode(name: string): INodeType {
	let n = baseCache.get(name);
	if (!n) {
		baseKnown ??= JSON.parse(readFileSync(join(BASE_ROOT, 'dist/known/nodes.json'), 'utf8')) as typeof baseKnown;
		const k = baseKnown![name];
		if (!k) throw new Error(`unknown node type ${BASE}.${name}`);
		const mod = require(join(BASE_ROOT, k.sourcePath)) as Record<string, new () => INodeType>; // eslint-disable-line @typescript-eslint/no-require-imports
		n = new mod[k.className]();
		baseCache.set(name, n);
	}
	return n;
}

function nodeType(type: string): INodeType {
	if (type.startsWith(`${BASE}.`)) return baseNode(type.slice(BASE.length + 1));
	const make = NODE_CLASSES[type.replace(`${PACKAGE}.`, '')];
	if (!make) throw new Error(`unknown node type ${type}`);
	return make();
}

/** Node types for `new Workflow(…)`: our node classes from source plus n8n-nodes-base from node_modules. */
export const nodeTypes = {
	getByName: (t: string) => nodeType(t),
	getByNameAndVersion: (t: string, v?: number) => wf.NodeHelpers.getVersionedNodeType(nodeType(t), v),
	getKnownTypes: () => ({}),
};

/** The engine's `additionalData` with our credentials helper (no sub-workflows, no task runner). */
export function additionalDataFor(hooks: InstanceType<typeof core.ExecutionLifecycleHooks>, credentialsHelper: TestCredentialsHelper, extra: Record<string, unknown> = {}): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		formWaitingBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		executeWorkflow: async () => {
			throw new Error('n/a');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('n/a');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeSpec {
	name?: string;
	type?: string;
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: INode['onError'];
}

export interface RunResult {
	run: IRun;
	/** output items of the node (main output 0) */
	items: INodeExecutionData[];
	/** every main output of the node (incl. an error output with onError continueErrorOutput) */
	outputs: INodeExecutionData[][];
	error?: Error;
}

export interface RunOptions {
	/** binary data of the input items, by index (`{data: {data: <base64>, mimeType, fileName}}`) */
	binary?: Array<IBinaryKeyData | undefined>;
}

/** A binary property of an input item from bytes (n8n's in-memory form: base64 in `data`). */
export function binaryOf(bytes: Buffer, fileName: string, mimeType = 'application/octet-stream'): IBinaryKeyData[string] {
	const dot = fileName.lastIndexOf('.');
	return { data: bytes.toString('base64'), mimeType, fileName, fileExtension: dot > 0 ? fileName.slice(dot + 1) : undefined, fileSize: String(bytes.length) };
}

/** Run one node over input items on the real engine. */
export async function runNode(spec: NodeSpec, input: IDataObject[], creds: Credentials, opts: RunOptions = {}): Promise<RunResult> {
	const name = spec.name ?? 'Node';
	const node: INode = {
		id: 'n1',
		name,
		type: spec.type ?? `${PACKAGE}.bitrix24`,
		typeVersion: 1,
		position: [0, 0],
		parameters: spec.parameters as INode['parameters'],
		credentials: spec.credentials ?? { bitrix24WebhookApi: { id: '1', name: 'Bitrix24' } },
		onError: spec.onError,
	};
	const workflow = new wf.Workflow({ id: 'test', nodes: [node], connections: {}, nodeTypes: nodeTypes as never, active: false, staticData: {}, settings: {} });
	const hooks = new core.ExecutionLifecycleHooks('manual', 'exec-1', { id: 'test', nodes: [node], connections: {} } as never);
	const done = wf.createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => done.resolve(run));
	const additionalData = additionalDataFor(hooks, new TestCredentialsHelper(creds));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node, data: { main: [input.map((json, i) => (opts.binary?.[i] ? { json, binary: opts.binary[i] } : { json }))] }, source: null }],
		},
	};
	await new core.WorkflowExecute(additionalData, 'manual', runExecutionData as never).processRunExecutionData(workflow);
	const run = await done.promise;
	const nodeRun = run.data.resultData.runData[name]?.[0];
	const outputs = ((nodeRun?.data?.main ?? []) as Array<INodeExecutionData[] | null>).map((o) => o ?? []);
	return { run, items: outputs[0] ?? [], outputs, error: (nodeRun?.error ?? run.data.resultData.error) as Error | undefined };
}

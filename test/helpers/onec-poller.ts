/**
 * The 1C Trigger of a template, polled as n8n polls it: the node's own parameters, its static data
 * carried from poll to poll, HTTP through n8n's request helper with the given 1C credential.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { OneCTrigger } from '../../nodes/OneC/OneCTrigger.node';
import { OneCClient } from '../../nodes/OneC/transport/client';
import type { Publication } from '../../sandbox/onec/server';
import { fakeOneCHost, oneCCredential } from './onec-host';
import { template } from './templates';

const ONEC_TRIGGER = 'n8n-nodes-1c-bitrix24.oneCTrigger';

export interface TemplatePoller {
	file: string;
	node: INode;
	/** the items the trigger emits ([] when it emits nothing) */
	poll(): Promise<IDataObject[]>;
}

/** The IPollFunctions n8n gives a 1C Trigger: parameters, mode and static data read live from `state`. */
export function pollFunctions(
	node: INode,
	host: { getCredentials: unknown; helpers: { httpRequestWithAuthentication: unknown } },
	state: { params: Record<string, unknown>; staticData: IDataObject; mode?: string },
): IPollFunctions {
	return {
		getNode: () => node,
		getMode: () => state.mode ?? 'trigger',
		getCredentials: host.getCredentials,
		getWorkflowStaticData: () => state.staticData,
		getNodeParameter(name: string, fallback?: unknown, o?: { extractValue?: boolean }) {
			const v = state.params[name] ?? fallback;
			return o?.extractValue && v && typeof v === 'object' ? (v as { value: unknown }).value : v;
		},
		helpers: { returnJsonArray: (rows: IDataObject[]) => rows.map((json) => ({ json })), httpRequestWithAuthentication: host.helpers.httpRequestWithAuthentication },
	} as unknown as IPollFunctions;
}

export function templatePoller(file: string, credential: ICredentialDataDecryptedObject, nodeName?: string): TemplatePoller {
	const node = template(file).nodes.find((n) => (nodeName ? n.name === nodeName : n.type === ONEC_TRIGGER && !n.disabled)) as INode | undefined;
	if (!node) throw new Error(`${file}: no 1C Trigger${nodeName ? ` named ${nodeName}` : ''}`);
	const ctx = pollFunctions(node, fakeOneCHost(credential), { params: node.parameters as Record<string, unknown>, staticData: {} });
	return {
		file,
		node,
		async poll() {
			const out = (await new OneCTrigger().poll.call(ctx)) as INodeExecutionData[][] | null;
			return out ? out[0].map((i) => i.json) : [];
		},
	};
}

/** The trigger node of the live pollers (its parameters come from the poller's `params`). */
export const TRIGGER_NODE: INode = {
	id: 'trg1',
	name: '1C Trigger',
	type: ONEC_TRIGGER,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { oneCODataApi: { id: 'c1', name: '1C' } },
};

/** the sandbox's "server local" time is this process's zone; a correct credential says so */
export const LOCAL_TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

export type PollHook = (opts: IHttpRequestOptions, res: unknown) => Promise<void>;

/** A 1C Trigger polled live over a publication: parameters, mode and static data are changed between polls by the test. */
export interface LivePoller {
	poll(): Promise<IDataObject[] | null>;
	staticData: IDataObject;
	params: Record<string, unknown>;
	mode: 'trigger' | 'manual';
	/** the URLs of every request so far */
	urls: string[];
	/** runs after a response arrived and before the node gets it (writes "between pages") */
	hook?: PollHook;
}

export function livePoller(pub: Publication, params: Record<string, unknown>, credential: IDataObject = {}): LivePoller {
	const host = fakeOneCHost(oneCCredential(pub, { timeZone: LOCAL_TZ, ...credential }));
	const send = host.helpers.httpRequestWithAuthentication;
	const p: LivePoller = {
		staticData: {},
		params,
		mode: 'trigger',
		urls: host.urls,
		async poll() {
			const out = (await new OneCTrigger().poll.call(ctx)) as INodeExecutionData[][] | null;
			return out ? out[0].map((i) => i.json) : null;
		},
	};
	const helpers = {
		async httpRequestWithAuthentication(this: unknown, type: string, opts: IHttpRequestOptions) {
			const res = await send.call(host, type, opts);
			if (p.hook) await p.hook(opts, res);
			return res;
		},
	};
	const ctx = pollFunctions(TRIGGER_NODE, { getCredentials: host.getCredentials, helpers }, p);
	return p;
}

/** A client that is not intercepted: the "other 1C users" writing while the trigger polls. */
export function oneCWriter(pub: Publication): Promise<OneCClient> {
	return OneCClient.create(fakeOneCHost(oneCCredential(pub, { timeZone: LOCAL_TZ })), 'oneCODataApi', { baseDelayMs: 20, maxDelayMs: 100, maxRetries: 3 });
}

/**
 * The 1C Trigger of a template, polled as n8n polls it: the node's own parameters, its static data
 * carried from poll to poll, HTTP through n8n's request helper with the given 1C credential.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { OneCTrigger } from '../../nodes/OneC/OneCTrigger.node';
import { fakeOneCHost } from './onec-host';
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

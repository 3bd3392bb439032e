/** Shared pieces of the 1C node tests: a sandbox with the three bases and a runner per base. */
import type { IDataObject } from 'n8n-workflow';
import type { OneCSandbox, Publication } from '../../sandbox/onec/server';
import { runNode, type RunResult } from './n8n';
import { oneCCredential } from './onec-host';

export const CONTINUE = 'continueRegularOutput' as const;
export const ONEC_NODE = 'n8n-nodes-1c-bitrix24.oneC';

/** `run(parameters, input?, onError?)` against one publication of the sandbox. */
export function oneCRunner(pub: () => Publication, extra: IDataObject = {}) {
	return (parameters: IDataObject, input: IDataObject[] = [{}], onError?: typeof CONTINUE | 'continueErrorOutput'): Promise<RunResult> =>
		runNode({ type: ONEC_NODE, parameters, onError, credentials: { oneCODataApi: { id: 'c1', name: '1C' } } }, input, { oneCODataApi: oneCCredential(pub(), extra as never) });
}

export const set = (name: string) => ({ __rl: true, mode: 'name', value: name });

export async function onecAdmin(sb: OneCSandbox, path: string, body?: unknown): Promise<unknown> {
	const r = await fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	if (r.status !== 200) throw new Error(`admin ${path}: ${r.status}`);
	return r.json();
}

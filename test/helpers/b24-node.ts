/** Shared pieces of the Bitrix24 node tests: run the node, count sandbox requests, check pairedItem. */
import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin } from './b24';
import { runNode, type Credentials, type RunResult } from './n8n';

export const CONTINUE = 'continueRegularOutput' as const;

/** `run(parameters, input, onError?)` with the credentials of the suite (read lazily, after beforeAll). */
export function runnerFor(creds: () => Credentials) {
	return (parameters: IDataObject, input: IDataObject[], onError?: typeof CONTINUE): Promise<RunResult> => runNode({ parameters, onError }, input, creds());
}

export const json = (r: RunResult) => r.items.map((x) => x.json);

/** `counted(fn)`: runs `fn` with fresh sandbox counters and returns them with its result. */
export function counterFor(sb: () => Bitrix24Sandbox) {
	return async (fn: () => Promise<RunResult>): Promise<{ r: RunResult; c: { requests: number; batches: number; batchCommands: number } }> => {
		await admin(sb(), 'counters/reset', {});
		const r = await fn();
		return { r, c: await admin(sb(), 'counters') };
	};
}

export function expectPaired(r: RunResult): void {
	r.items.forEach((x, k) => expect(x.pairedItem).toEqual({ item: k }));
}

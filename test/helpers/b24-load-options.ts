/**
 * Calls a picker (`methods.loadOptions.*`) of the Bitrix24 node against a sandbox: a minimal
 * load-options context with the current node parameters, the webhook credential and an HTTP
 * helper that applies the credential's `authenticate` (as n8n does).
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';

function get(obj: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export async function loadOptions(sb: Bitrix24Sandbox, method: string, parameters: Record<string, unknown>): Promise<INodePropertyOptions[]> {
	const credentials = { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 };
	const cred = new Bitrix24WebhookApi();
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'Bitrix24', type: 'bitrix24', typeVersion: 1, position: [0, 0], parameters }),
		getCredentials: async () => credentials,
		getCurrentNodeParameter: (path: string) => get(parameters, path),
		getCurrentNodeParameters: () => parameters,
		helpers: {
			async httpRequestWithAuthentication(_type: string, opts: { url: string; body?: unknown }) {
				const auth = (await (cred.authenticate as (c: unknown, o: unknown) => Promise<{ baseURL: string }>)(credentials, opts)) as { baseURL: string };
				const res = await fetch(`${auth.baseURL}${opts.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.body ?? {}) });
				const text = await res.text();
				let body: unknown = text;
				try {
					body = JSON.parse(text);
				} catch {
					// HTML or empty: the client reports it
				}
				return { statusCode: res.status, body };
			},
		},
	} as unknown as ILoadOptionsFunctions;
	const fn = (new Bitrix24().methods.loadOptions as Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>)[method];
	if (!fn) throw new Error(`no picker ${method}`);
	return fn.call(ctx);
}

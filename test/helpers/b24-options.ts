/**
 * Calls a picker (`methods.loadOptions.*`) of the Bitrix24 node against a sandbox: a minimal
 * load-options context whose `httpRequestWithAuthentication` applies the webhook credential.
 */
import type { IHttpRequestOptions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import { loadOptions } from '../../nodes/Bitrix24/methods';

type Authenticate = (c: Record<string, unknown>, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

export async function pickerOptions(name: keyof typeof loadOptions, webhookUrl: string, current: Record<string, unknown> = {}): Promise<INodePropertyOptions[]> {
	const creds = { webhookUrl, burst: 50, drainRate: 2 };
	const authenticate = new Bitrix24WebhookApi().authenticate as unknown as Authenticate;
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'Bitrix24', type: 'bitrix24', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => creds,
		getCurrentNodeParameter: (p: string) => (p in current ? current[p] : p === 'authentication' ? 'webhook' : undefined),
		helpers: {
			async httpRequestWithAuthentication(_type: string, opts: IHttpRequestOptions) {
				const o = await authenticate(creds, opts);
				const res = await fetch(new URL(o.url, o.baseURL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o.body ?? {}) });
				const text = await res.text();
				let body: unknown = text;
				try {
					body = JSON.parse(text);
				} catch {
					// an HTML page stays text
				}
				return { statusCode: res.status, body };
			},
		},
	};
	const fn = loadOptions[name] as unknown as (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;
	return fn.call(ctx as unknown as ILoadOptionsFunctions);
}

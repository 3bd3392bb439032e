/**
 * Minimal fake n8n contexts for the Bitrix24 client and trigger: `getCredentials` from a map,
 * `helpers.httpRequestWithAuthentication` = our credential's `authenticate` (or a Bearer header
 * for OAuth2) + n8n-core's own `httpRequest` (real HTTP to the sandbox). Every request is
 * recorded, so tests can look at what was sent.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';
import type { B24Host } from '../../nodes/Bitrix24/transport/client';

/* eslint-disable @typescript-eslint/no-require-imports */
const { httpRequest } = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions') as {
	httpRequest: (o: IHttpRequestOptions) => Promise<unknown>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type CredMap = Record<string, ICredentialDataDecryptedObject>;

export interface FakeHost extends B24Host {
	sent: IHttpRequestOptions[];
}

const webhookCred = new Bitrix24WebhookApi();

export const TEST_NODE: INode = { id: 't1', name: 'Bitrix24', type: 'n8n-nodes-1c-bitrix24.bitrix24', typeVersion: 1, position: [0, 0], parameters: {} };

export async function authenticated(creds: CredMap, type: string, opts: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const c = creds[type];
	if (!c) throw new Error(`no test credentials of type ${type}`);
	if (type === 'bitrix24WebhookApi') return (webhookCred.authenticate as (c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(c, opts);
	const token = (c.oauthTokenData as IDataObject | undefined)?.access_token;
	return { ...opts, headers: { ...opts.headers, Authorization: `Bearer ${String(token ?? '')}` } };
}

/** A B24Host doing real HTTP; `wrap` may replace the transport (to inject odd failures). */
export function fakeHost(creds: CredMap, wrap?: (opts: IHttpRequestOptions, send: (o: IHttpRequestOptions) => Promise<unknown>) => Promise<unknown>): FakeHost {
	const sent: IHttpRequestOptions[] = [];
	const send = async (o: IHttpRequestOptions) => httpRequest(o);
	return {
		sent,
		getNode: () => TEST_NODE,
		getCredentials: async <T extends object = ICredentialDataDecryptedObject>(type: string) => {
			const c = creds[type];
			if (!c) throw new Error(`no test credentials of type ${type}`);
			return c as unknown as T;
		},
		helpers: {
			async httpRequestWithAuthentication(type: string, opts: IHttpRequestOptions) {
				sent.push(opts);
				const o = await authenticated(creds, type, opts);
				return wrap ? wrap(o, send) : send(o);
			},
		},
	};
}

export interface FakeResponse {
	statusCode: number;
	body: unknown;
	status(code: number): FakeResponse;
	json(body: unknown): FakeResponse;
	send(body: unknown): FakeResponse;
	end(body?: unknown): FakeResponse;
	setHeader(): FakeResponse;
}

export function fakeResponse(): FakeResponse {
	const res: FakeResponse = {
		statusCode: 200,
		body: undefined,
		status(code) {
			res.statusCode = code;
			return res;
		},
		json(body) {
			res.body = body;
			return res;
		},
		send(body) {
			res.body = body;
			return res;
		},
		end(body) {
			if (body !== undefined) res.body = body;
			return res;
		},
		setHeader() {
			return res;
		},
	};
	return res;
}

export interface WebhookRequest {
	/** what `getBodyData()` returns (n8n's parsed body) */
	body?: unknown;
	/** `req.rawBody` */
	rawBody?: Buffer;
	headers?: Record<string, string>;
}

function getParam(params: IDataObject) {
	return (name: string, fallback?: unknown) => (name in params ? params[name] : fallback) as never;
}

/** A fake IWebhookFunctions for `Bitrix24Trigger.webhook()`. */
export function fakeWebhookContext(params: IDataObject, creds: CredMap, req: WebhookRequest): { ctx: IWebhookFunctions; res: FakeResponse; host: FakeHost } {
	const host = fakeHost(creds);
	const res = fakeResponse();
	const ctx = {
		...host,
		getNodeParameter: getParam(params),
		getBodyData: () => (req.body ?? {}) as IDataObject,
		getHeaderData: () => ({ 'content-type': 'application/x-www-form-urlencoded', ...req.headers }),
		getRequestObject: () => ({ body: req.body ?? {}, rawBody: req.rawBody, headers: req.headers ?? {} }),
		getResponseObject: () => res,
		getNodeWebhookUrl: () => 'http://127.0.0.1:5678/webhook/test/bitrix24',
		getWebhookName: () => 'default',
		getMode: () => 'trigger',
		helpers: { ...host.helpers, returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
	};
	return { ctx: ctx as unknown as IWebhookFunctions, res, host };
}

/** A fake IHookFunctions for `webhookMethods.default.*`, with node static data. */
export function fakeHookContext(params: IDataObject, creds: CredMap, webhookUrl: string, staticData: IDataObject = {}): { ctx: IHookFunctions; host: FakeHost; staticData: IDataObject } {
	const host = fakeHost(creds);
	const ctx = {
		...host,
		getNodeParameter: getParam(params),
		getNodeWebhookUrl: () => webhookUrl,
		getWebhookName: () => 'default',
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getWorkflowStaticData: () => staticData,
	};
	return { ctx: ctx as unknown as IHookFunctions, host, staticData };
}

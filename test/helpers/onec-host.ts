/**
 * A minimal fake n8n context for the 1C client: `getCredentials` from a map,
 * `helpers.httpRequestWithAuthentication` = our credential's `authenticate` + n8n-core's own
 * `httpRequest` (real HTTP to the sandbox). Every request is recorded with its full URL.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { OneCODataApi } from '../../credentials/OneCODataApi.credentials';
import type { OneCHost } from '../../nodes/OneC/transport/client';
import type { Publication } from '../../sandbox/onec/server';
import { TEST_NODE } from './b24-host';

/* eslint-disable @typescript-eslint/no-require-imports */
const { httpRequest } = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions') as {
	httpRequest: (o: IHttpRequestOptions) => Promise<unknown>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface FakeOneCHost extends OneCHost {
	sent: IHttpRequestOptions[];
	/** full URLs as sent (base + path + query) */
	urls: string[];
}

const cred = new OneCODataApi();
const authenticate = cred.authenticate as (c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

export function oneCCredential(pub: Publication, extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { url: pub.url, user: pub.user, password: pub.password, allowedOnly: false, timeZone: 'Europe/Moscow', timeout: 10, maxConcurrency: 4, ...extra };
}

export function fakeOneCHost(credential: ICredentialDataDecryptedObject): FakeOneCHost {
	const sent: IHttpRequestOptions[] = [];
	const urls: string[] = [];
	return {
		sent,
		urls,
		getNode: () => TEST_NODE,
		getCredentials: async <T extends object = ICredentialDataDecryptedObject>() => credential as unknown as T,
		helpers: {
			async httpRequestWithAuthentication(_type: string, opts: IHttpRequestOptions) {
				sent.push(opts);
				const o = await authenticate(credential, opts);
				urls.push(`${o.baseURL ?? ''}${o.url}`);
				return httpRequest(o);
			},
		},
	};
}

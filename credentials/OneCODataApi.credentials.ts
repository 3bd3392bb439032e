import type { IAuthenticate, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { normalizePublicationUrl } from '../nodes/OneC/transport/publication';

/**
 * A 1C:Enterprise OData publication (`http(s)://host/base/odata/standard.odata/`) with Basic auth.
 * The user name may be Cyrillic: it is sent UTF-8-encoded (cp1251 fails with IIS 401.5, research
 * §1.7). The base URL is set here from the credential. The credential test can only check the
 * HTTP status of the service document; the node's transport additionally rejects HTML answers
 * (a login page served with HTTP 200).
 */
export class OneCODataApi implements ICredentialType {
	name = 'oneCODataApi';
	displayName = '1C OData API';
	icon: Icon = 'file:../nodes/OneC/onec.svg';
	documentationUrl = 'https://its.1c.ru/db/v8327doc#bookmark:dev:TI000001358';
	properties: INodeProperties[] = [
		{
			displayName: 'Publication URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://server/base/odata/standard.odata/',
			description: 'The OData address of the published infobase, ending in /odata/standard.odata/',
		},
		{ displayName: 'User', name: 'user', type: 'string', required: true, default: '' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'Allowed Only',
			name: 'allowedOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to add allowedOnly=true so rows hidden by record-level security are skipped instead of failing the request',
		},
		{ displayName: 'Server Time Zone', name: 'timeZone', type: 'string', default: 'Europe/Moscow', description: 'IANA time zone of the 1C server; dates are sent and read in it' },
		{ displayName: 'Request Timeout (Seconds)', name: 'timeout', type: 'number', default: 60 },
		{ displayName: 'Max Concurrency', name: 'maxConcurrency', type: 'number', default: 4, description: 'Parallel requests to the base (each uses a 1C session/licence)' },
		{
			displayName: 'Web Client URL',
			name: 'webClientUrl',
			type: 'string',
			default: '',
			placeholder: 'https://server/base/ru_RU/',
			description: 'Where users open this base in a browser, for links that open 1C objects from Bitrix24; empty = the publication URL without odata/standard.odata/',
		},
	];

	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const base = normalizePublicationUrl(String(credentials.url ?? ''));
		const token = Buffer.from(`${String(credentials.user ?? '')}:${String(credentials.password ?? '')}`, 'utf8').toString('base64');
		return { ...requestOptions, baseURL: base, headers: { ...requestOptions.headers, Authorization: `Basic ${token}` } };
	};

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '', qs: { $format: 'json' } },
	};
}

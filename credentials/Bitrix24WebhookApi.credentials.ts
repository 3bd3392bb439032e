import type { IAuthenticate, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { parseWebhookUrl } from '../nodes/Bitrix24/transport/portal';

/**
 * An inbound webhook of a Bitrix24 portal. The webhook code is the secret and is part of the URL,
 * so the base URL is set here from the credential (an expression in the node cannot redirect it);
 * https is required (http only for a loopback sandbox).
 */
export class Bitrix24WebhookApi implements ICredentialType {
	name = 'bitrix24WebhookApi';
	displayName = 'Bitrix24 Webhook API';
	icon: Icon = 'file:../nodes/Bitrix24/bitrix24.svg';
	documentationUrl = 'https://apidocs.bitrix24.com/local-integrations/local-webhooks.html';
	properties: INodeProperties[] = [
		{
			displayName: 'Inbound Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'https://your-portal.bitrix24.ru/rest/1/xxxxxxxxxxxxxxxx/',
			description: 'Bitrix24 → Developer resources → Other → Inbound webhook. The code in the URL is a secret.',
		},
		{ displayName: 'Burst (Requests)', name: 'burst', type: 'number', default: 50, description: 'Leaky-bucket size of the portal: 50 on most plans, 250 on Enterprise' },
		{ displayName: 'Drain Rate (Requests per Second)', name: 'drainRate', type: 'number', default: 2, description: '2 on most plans, 5 on Enterprise' },
	];

	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const parts = parseWebhookUrl(String(credentials.webhookUrl ?? ''));
		return { ...requestOptions, baseURL: parts.base };
	};

	test: ICredentialTestRequest = {
		request: { method: 'POST', url: 'server.time.json' },
	};
}

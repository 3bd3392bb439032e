/**
 * The Bitrix24 authentication choice shared by every node that talks to a portal. (The credentials
 * list itself stays an array literal in each node: the n8n lint rules read it from the source.)
 */
import type { INodeProperties } from 'n8n-workflow';

export const B24_AUTHENTICATION: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Inbound Webhook', value: 'webhook' },
		{ name: 'OAuth2 Application', value: 'oAuth2' },
	],
	default: 'webhook',
};

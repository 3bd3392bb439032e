import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Bitrix24 OAuth 2.0 application (local or Marketplace). n8n keeps the tokens and refreshes the
 * access token when the portal answers 401 `expired_token`; calls go to `{portal}/rest/{method}`
 * with `Authorization: Bearer`.
 */
export class Bitrix24OAuth2Api implements ICredentialType {
	name = 'bitrix24OAuth2Api';
	extends = ['oAuth2Api'];
	displayName = 'Bitrix24 OAuth2 API';
	icon: Icon = 'file:../nodes/Bitrix24/bitrix24.svg';
	documentationUrl = 'https://apidocs.bitrix24.com/settings/oauth/index.html';
	properties: INodeProperties[] = [
		{ displayName: 'Portal URL', name: 'portalUrl', type: 'string', required: true, default: '', placeholder: 'https://your-portal.bitrix24.ru' },
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: '={{$self["portalUrl"].replace(/\\/$/, "")}}/oauth/authorize/' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: 'https://oauth.bitrix24.tech/oauth/token/', description: 'The Bitrix24 OAuth server (change only for a sandbox)' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{ displayName: 'Application Token', name: 'applicationToken', type: 'string', typeOptions: { password: true }, default: '', description: 'The application_token Bitrix24 sends with events (from OnAppInstall); used by the Bitrix24 Trigger to verify events' },
		{ displayName: 'Burst (Requests)', name: 'burst', type: 'number', default: 50 },
		{ displayName: 'Drain Rate (Requests per Second)', name: 'drainRate', type: 'number', default: 2 },
	];
}

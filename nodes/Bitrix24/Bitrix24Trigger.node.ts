import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { checkExists, create, remove } from './trigger/bind';
import { triggerProperties } from './trigger/description';
import { handleEvent } from './trigger/webhook';

export class Bitrix24Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Trigger',
		name: 'bitrix24Trigger',
		icon: 'file:bitrix24.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow on Bitrix24 CRM and store events (outbound webhook or OAuth2 application)',
		defaults: { name: 'Bitrix24 Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'bitrix24WebhookApi', required: true, displayOptions: { show: { authentication: ['webhook'] } } },
			{ name: 'bitrix24OAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'bitrix24' }],
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return handleEvent.call(this);
	}
}

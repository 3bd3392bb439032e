import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { nodeProperties } from './actions/description';
import { route } from './actions/router';
import { loadOptions } from './methods';

export class Bitrix24 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24',
		name: 'bitrix24',
		icon: 'file:bitrix24.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Work with Bitrix24 CRM, store, catalog, feed and users through a rate-aware, batching client',
		defaults: { name: 'Bitrix24' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'bitrix24WebhookApi', required: true, displayOptions: { show: { authentication: ['webhook'] } } },
			{ name: 'bitrix24OAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: nodeProperties(),
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}

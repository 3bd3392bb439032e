import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { route } from './actions/router';
import { entitySetProperty, fieldProperties } from './description/fields';
import { operationProperties, resourceProperty } from './description/operations';
import { reportProperties } from './description/report';
import { listSearch, loadOptions } from './methods';
import { dryRunProperty } from '../shared/dryRun';

export class OneC implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C:Enterprise',
		name: 'oneC',
		icon: 'file:onec.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read and write 1C:Enterprise catalogs, documents and registers over the standard OData interface (БП 3.0, УНФ, УТ 11)',
		defaults: { name: '1C:Enterprise' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneCODataApi', required: true }],
		properties: [resourceProperty, ...operationProperties, entitySetProperty, ...reportProperties, ...fieldProperties, dryRunProperty()],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}

/** The node's parameters assembled from the resources: resource picker, operations per resource, their properties. */
import type { INodeProperties } from 'n8n-workflow';
import { RESOURCES } from './resources';
import { B24_AUTHENTICATION } from '../../shared/bitrix24Auth';
import { dryRunProperty } from '../../shared/dryRun';

export function nodeProperties(): INodeProperties[] {
	const props: INodeProperties[] = [
		B24_AUTHENTICATION,
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- default is the first resource, computed
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((r) => ({ name: r.name, value: r.value, description: r.description })),
			default: RESOURCES[0].value,
		},
	];
	for (const r of RESOURCES) {
		const ops = Object.entries(r.operations);
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- default is the first operation, computed
		props.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [r.value] } },
			options: ops.map(([value, o]) => ({ name: o.name, value, action: o.action, description: o.description ?? o.action })),
			default: ops[0][0],
		});
	}
	for (const r of RESOURCES) for (const o of Object.values(r.operations)) props.push(...o.properties);
	props.push(dryRunProperty());
	return props;
}

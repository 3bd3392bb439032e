/**
 * 1C:Enterprise Trigger — a polling trigger that emits new and changed catalog objects or
 * documents of one entity set. 1C's standard OData has no change feed, so each poll compares
 * DataVersion per object with the state kept in the workflow's static data (persisted by n8n):
 * documents within a Date window that follows the newest document (with an overlap for
 * back-dated ones), catalogs as a bounded snapshot. See trigger/poll.ts and lib/onec-changes.ts.
 * «Watch → Document Events» emits the eight document events of the official module instead
 * (posted, unposted, changed, paid, partially paid, shipped, correct, error): trigger/events.ts,
 * lib/onec-transitions.ts.
 */
import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';
import { listSearch, loadOptions } from './methods';
import { triggerProperties } from './trigger/description';
import { pollChanges } from './trigger/poll';

export class OneCTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C:Enterprise Trigger',
		name: 'oneCTrigger',
		icon: 'file:onec.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["watch"] === "events" ? "Document events: " + [].concat($parameter["events"] || []).join(", ") : "New and changed: " + $parameter["resource"] }}',
		description: 'Starts the workflow when 1C:Enterprise catalog objects or documents are created or changed, or documents are posted, unposted, paid or shipped (polling over OData)',
		defaults: { name: '1C:Enterprise Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneCODataApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch, loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollChanges(this);
	}
}

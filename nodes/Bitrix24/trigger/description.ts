/** Parameters of the Bitrix24 Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { EVENT_OPTIONS } from './events';
import { B24_AUTHENTICATION } from '../../shared/bitrix24Auth';

export const triggerProperties: INodeProperties[] = [
	B24_AUTHENTICATION,
	{
		displayName:
			'An inbound webhook cannot subscribe to events. In Bitrix24 open Developer resources → Other → Outbound webhook, paste this node\'s Production URL (see Webhook URLs above) as the handler address, tick the same events as below, save, and copy the application token shown there into Application Token.',
		name: 'outboundWebhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['webhook'] } },
	},
	{
		displayName:
			'On activation the node subscribes this workflow\'s Production URL to the selected events with event.bind and unsubscribes on deactivation. Events are verified with the Application Token of the OAuth2 credential.',
		name: 'oAuth2Notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: EVENT_OPTIONS,
		description: 'The Bitrix24 events that start the workflow',
	},
	{
		displayName: 'Robot Codes',
		name: 'robotCodes',
		type: 'string',
		default: '',
		placeholder: 'onec_post_document, onec_print_form',
		description: 'Robot calls to start the workflow for (comma-separated codes); empty = every robot of this application whose handler is this URL',
		displayOptions: { show: { events: ['ROBOT'] } },
	},
	{
		displayName: 'Application Token',
		name: 'applicationToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The application token shown in the outbound-webhook settings of the portal; events with another token are rejected',
		displayOptions: { show: { authentication: ['webhook'] } },
	},
	{
		displayName: 'Smart Item Types',
		name: 'dynamicTypes',
		type: 'options',
		default: 'all',
		description: 'Which smart-process items to keep for the ONCRMDYNAMICITEM* events (smart invoices are entity type 31)',
		options: [
			{ name: 'All', value: 'all', description: 'Smart invoices and items of every smart process' },
			{ name: 'Smart Invoices Only', value: 'invoice', description: 'Entity type 31' },
			{ name: 'One Entity Type', value: 'type', description: 'Items of the entity type given below' },
		],
	},
	{
		displayName: 'Entity Type ID',
		name: 'entityTypeId',
		type: 'number',
		default: 0,
		description: 'The entity type ID of the smart process (see crm.type.list)',
		displayOptions: { show: { dynamicTypes: ['type'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Re-Read Record',
				name: 'reRead',
				type: 'boolean',
				default: false,
				description:
					'Whether to fetch the full record of each event (events carry only the ID) and put it under "record"; delete events are passed on as they are',
			},
		],
	},
];

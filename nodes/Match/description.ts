/** Parameters of the 1C ↔ Bitrix24 Match node. */
import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Inbound Webhook', value: 'webhook' },
			{ name: 'OAuth2 Application', value: 'oAuth2' },
		],
		default: 'webhook',
	},
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Bitrix24 Company', value: 'company' },
			{ name: 'Bitrix24 Contact', value: 'contact' },
		],
		default: 'company',
		description: 'What each 1C object (counterparty, contact person) is matched against',
	},
	{
		displayName: '1C Base ID',
		name: 'baseId',
		type: 'string',
		default: '',
		placeholder: 'srv.example.ru/bp30',
		description: 'Stable ID of the 1C base written to ORIGINATOR_ID; empty = derived from the 1C credential’s publication URL',
	},
	{
		displayName: 'Matching Rule',
		name: 'rule',
		type: 'string',
		default: '',
		placeholder: 'name+phone | name+email | inn+kpp',
		description: 'OR-groups (|) of AND-keys (+): name, phone, email, inn, kpp, surname, firstName, patronymic (or the Russian names ИНН, КПП, Телефон…). Empty = the default for the target. The link is always tried first.',
	},
	{
		displayName: '1C Reference',
		name: 'externalId',
		type: 'string',
		default: '={{ $json.Ref_Key }}',
		description: 'The 1C Ref_Key of the item (the link written to ORIGIN_ID)',
	},
	{
		displayName: '1C Data Version',
		name: 'version',
		type: 'string',
		default: '={{ $json.DataVersion }}',
		description: 'Compared with ORIGIN_VERSION: an object found by its link with the same version goes to Up to Date',
	},
	{
		displayName: 'Keys',
		name: 'keys',
		type: 'collection',
		placeholder: 'Add Key',
		default: {},
		description: 'The values to match by (several phones or e-mails: an array or a comma-separated list)',
		options: [
			{ displayName: 'E-Mail', name: 'email', type: 'string',
																																											placeholder: 'name@email.com', default: '' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Full Name', name: 'fullName', type: 'string', default: '', description: 'Surname, first name and patronymic in one string (fills the missing parts)' },
			{ displayName: 'INN', name: 'inn', type: 'string', default: '' },
			{ displayName: 'KPP', name: 'kpp', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Organisation name (legal forms, quotes and case are ignored)' },
			{ displayName: 'Patronymic', name: 'patronymic', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'Surname', name: 'surname', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Link Found',
		name: 'linkFound',
		type: 'boolean',
		default: true,
		description: 'Whether to write the link (ORIGINATOR_ID, ORIGIN_ID) on an entity found by a rule',
	},
	{ displayName: 'Output Field', name: 'outputField', type: 'string', default: 'match', description: 'Where the decision is written in each item' },
];

/** The parameters of the 1C node (shown per resource/operation). */
import type { INodeProperties } from 'n8n-workflow';
import { FILTER_OPERATORS, VALUE_TYPES } from './filter';
import { configurationOptions } from './report';

const show = (resource: string[], operation?: string[]) => ({ show: { resource, ...(operation ? { operation } : {}) } });
const OBJECTS = ['catalog', 'document'];
const ALL_READ_SETS = ['catalog', 'document', 'informationRegister', 'accumulationRegister', 'accountingRegister'];

export const entitySetProperty: INodeProperties = {
	displayName: 'Entity Set',
	name: 'entitySet',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The 1C object: Catalog_Контрагенты, Document_СчетНаОплатуПокупателю, …',
	displayOptions: { hide: { resource: ['enum', 'printForm', 'report'] } },
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchEntitySets', searchable: true } },
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'Catalog_Контрагенты' },
	],
};

const filterRows: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'fixedCollection',
	placeholder: 'Add Condition',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Conditions turned into a correct $filter (literals, quotes, GUIDs, dates in the server time zone, composite cast)',
	options: [
		{
			displayName: 'Condition',
			name: 'conditions',
			values: [
				{
					displayName: 'Composite Type',
					name: 'compositeType',
					type: 'string',
					default: '',
					placeholder: 'Document_СчетНаОплатуПокупателю',
					description: 'For a composite-type field: the entity set of the referenced object (the value is cast to it)',
				},
				{
					displayName: 'Field Name or ID',
					name: 'field',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['entitySet.value'] },
					default: '',
					description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				},
				{ displayName: 'Operator', name: 'operator', type: 'options', options: FILTER_OPERATORS, default: 'eq' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				{
					displayName: 'Value Type',
					name: 'valueType',
					type: 'options',
					options: VALUE_TYPES,
					default: 'auto',
					description: 'How the value is written into $filter. Auto reads the field type from $metadata.',
				},
			],
		},
	],
};

const returnAll = (resource: string[], operation: string[]): INodeProperties[] => [
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, displayOptions: show(resource, operation), description: 'Whether to return all results or only up to a given limit' },
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource, operation, returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

const readOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{ displayName: 'Add Web Client Link', name: 'webLink', type: 'boolean', default: false, description: 'Whether to add webClientLink: the e1cib address that opens the object in the 1C web client (for a Bitrix24 activity or comment)' },
		{ displayName: 'Combine Conditions', name: 'combine', type: 'options', options: [{ name: 'AND', value: 'and' }, { name: 'OR', value: 'or' }], default: 'and' },
		{ displayName: 'Expand', name: 'expand', type: 'string', default: '', placeholder: 'Контрагент', description: 'Navigation properties to inline ($expand)' },
		{ displayName: 'Order By', name: 'orderBy', type: 'string', default: '', placeholder: 'Date desc, Ref_Key', description: '$orderby; the default keeps paging stable (Ref_Key)' },
		{ displayName: 'Output', name: 'output', type: 'options', options: [{ name: 'Typed', value: 'typed', description: 'Int64 as numbers, dates as ISO with the server zone' }, { name: 'Raw 1C', value: 'raw', description: 'Exactly as 1C sent it' }], default: 'typed' },
		{ displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 500, description: 'Rows per request ($top)' },
		{ displayName: 'Raw Filter', name: 'rawFilter', type: 'string', default: '', placeholder: "ИНН eq '7707083893'", description: 'A $filter expression ANDed with the conditions above' },
		{ displayName: 'Select', name: 'select', type: 'string', default: '', placeholder: 'Ref_Key,Description,ИНН', description: 'Fields to return ($select)' },
	],
};

const dataProperties = (resource: string[], operation: string[]): INodeProperties[] => [
	{
		displayName: 'Data',
		name: 'dataMode',
		type: 'options',
		options: [
			{ name: 'Define Below', value: 'fields', description: 'Field by field, values coerced to the 1C types' },
			{ name: 'JSON', value: 'json', description: 'A JSON object of 1C fields (tabular sections as arrays)' },
		],
		default: 'fields',
		displayOptions: show(resource, operation),
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { resource, operation, dataMode: ['fields'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getWritableFields', loadOptionsDependsOn: ['entitySet.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'For a reference (…_Key) the Ref_Key GUID of the object' },
				],
			},
		],
	},
	{
		displayName: 'Tabular Sections',
		name: 'tabularSections',
		type: 'fixedCollection',
		placeholder: 'Add Tabular Section',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { resource, operation, dataMode: ['fields'] } },
		description: 'Rows as a JSON array; LineNumber is filled 1..n. On update a section sent replaces all its rows.',
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTabularSections', loadOptionsDependsOn: ['entitySet.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Rows (JSON)', name: 'rows', type: 'json', default: '[]' },
				],
			},
		],
	},
	{ displayName: 'JSON', name: 'json', type: 'json', default: '{}', displayOptions: { show: { resource, operation, dataMode: ['json'] } } },
];

const writeOptions: INodeProperties = {
	displayName: 'Options',
	name: 'writeOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{ displayName: 'Add Web Client Link', name: 'webLink', type: 'boolean', default: false, description: 'Whether to add webClientLink: the e1cib address that opens the object in the 1C web client (for a Bitrix24 activity or comment)' },
		{ displayName: 'Data Version (If-Match)', name: 'dataVersion', type: 'string', default: '', description: 'Fail with 412 when the object changed since this DataVersion (where the base enforces it)' },
		{ displayName: 'Output', name: 'output', type: 'options', options: [{ name: 'Typed', value: 'typed' }, { name: 'Raw 1C', value: 'raw' }], default: 'typed' },
		{
			displayName: 'Post After Write',
			name: 'post',
			type: 'options',
			options: [
				{ name: 'No', value: 'none' },
				{ name: 'Post', value: 'post' },
				{ name: 'Post (Operational)', value: 'operational' },
			],
			default: 'none',
			description: 'Documents only: post the document after it is written',
		},
		{ displayName: 'Verify Written Fields', name: 'verify', type: 'boolean', default: true, description: 'Whether to re-check that every field came back as sent (1C silently ignores unknown fields and truncates long strings)' },
	],
};

export const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Enum Name or ID',
		name: 'enumType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEnumTypes' },
		default: '',
		required: true,
		displayOptions: show(['enum']),
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Code', value: 'code' },
			{ name: 'Field', value: 'field' },
			{ name: 'Key (Ref_Key)', value: 'key' },
			{ name: 'Number', value: 'number' },
		],
		default: 'key',
		displayOptions: show(OBJECTS, ['get']),
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'a348aa8c-d629-11e5-0a9b-000c295e30eb',
		description: "The Ref_Key GUID, or a key expression for registers: Period=datetime'2026-01-01T00:00:00',Валюта_Key=guid'…'",
		displayOptions: {
			show: { resource: [...OBJECTS, 'informationRegister', 'accumulationRegister', 'accountingRegister', 'printForm'], operation: ['get', 'update', 'delete', 'markForDeletion', 'unmarkForDeletion', 'post', 'unpost'] },
			hide: { findBy: ['code', 'number', 'field'] },
		},
	},
	{
		displayName: 'Field Name or ID',
		name: 'lookupField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['entitySet.value'] },
		default: '',
		displayOptions: { show: { resource: OBJECTS, operation: ['get'], findBy: ['field'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{ displayName: 'Value', name: 'lookupValue', type: 'string', default: '', required: true, displayOptions: { show: { resource: OBJECTS, operation: ['get'], findBy: ['code', 'number', 'field'] } } },
	{
		displayName: 'Match Field Name or ID',
		name: 'matchField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['entitySet.value'] },
		default: '',
		required: true,
		displayOptions: show(OBJECTS, ['upsert']),
		description: 'The field that identifies the object (Code, ИНН, …). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'Match Value', name: 'matchValue', type: 'string', default: '', required: true, displayOptions: show(OBJECTS, ['upsert']) },
	{
		displayName: 'Deleting physically removes the object and cannot be undone; 1C users normally mark objects for deletion instead',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: show([...OBJECTS, 'informationRegister'], ['delete']),
	},
	{
		displayName: 'Owner Key',
		name: 'ownerKey',
		type: 'string',
		default: '',
		placeholder: 'a348aa8c-d629-11e5-0a9b-000c295e30eb',
		description: 'Ref_Key of the object whose rows to read; empty = rows of all objects',
		displayOptions: show(['tabularSection']),
	},
	{
		displayName: 'Function',
		name: 'virtualFunction',
		type: 'options',
		options: [
			{ name: 'Balance', value: 'Balance' },
			{ name: 'Balance and Turnovers', value: 'BalanceAndTurnovers' },
			{ name: 'Slice First', value: 'SliceFirst' },
			{ name: 'Slice Last', value: 'SliceLast' },
			{ name: 'Turnovers', value: 'Turnovers' },
		],
		default: 'Balance',
		displayOptions: show(['virtualTable']),
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'string',
		default: '',
		placeholder: '2026-11-30T23:59:59',
		description: 'Balance / slice at this moment (server time zone); empty = now',
		displayOptions: { show: { resource: ['virtualTable'], virtualFunction: ['Balance', 'SliceLast', 'SliceFirst'] } },
	},
	{ displayName: 'Start Period', name: 'startPeriod', type: 'string', default: '', placeholder: '2026-11-01T00:00:00', displayOptions: { show: { resource: ['virtualTable'], virtualFunction: ['Turnovers', 'BalanceAndTurnovers'] } } },
	{ displayName: 'End Period', name: 'endPeriod', type: 'string', default: '', placeholder: '2026-11-30T23:59:59', displayOptions: { show: { resource: ['virtualTable'], virtualFunction: ['Turnovers', 'BalanceAndTurnovers'] } } },
	{
		displayName: 'Dimensions',
		name: 'dimensions',
		type: 'string',
		default: '',
		placeholder: 'Контрагент,Договор',
		description: 'Group by these dimensions only (comma-separated); empty = all',
		displayOptions: { show: { resource: ['virtualTable'], virtualFunction: ['Balance', 'Turnovers', 'BalanceAndTurnovers'] } },
	},
	...returnAll([...ALL_READ_SETS, 'tabularSection'], ['getAll']),
	{ ...filterRows, displayOptions: show([...ALL_READ_SETS, 'tabularSection'], ['getAll']) },
	{ ...filterRows, displayName: 'Condition', description: 'The Condition parameter of the virtual table (over the register records)', displayOptions: show(['virtualTable']) },
	{ ...readOptions, displayOptions: show([...ALL_READ_SETS, 'tabularSection', 'virtualTable'], ['get', 'getAll']) },
	...dataProperties([...OBJECTS, 'informationRegister'], ['create', 'update', 'upsert']),
	{ ...writeOptions, displayOptions: show([...OBJECTS, 'informationRegister'], ['create', 'update', 'upsert']) },
	{
		displayName: 'Source',
		name: 'printSource',
		type: 'options',
		options: [
			{ name: 'Built-In Form', value: 'builtIn', description: 'Rendered here from the document’s OData data' },
			{ name: 'Base HTTP Service', value: 'httpService', description: 'A PDF the base publishes itself (an HTTP service of a configuration extension)' },
		],
		default: 'builtIn',
		displayOptions: show(['printForm']),
	},
	{
		displayName: 'Form',
		name: 'printKind',
		type: 'options',
		options: [
			{ name: 'Customer Order (Заказ Покупателя)', value: 'order' },
			{ name: 'Invoice for Payment (Счет На Оплату)', value: 'invoice' },
			{ name: 'Sales Act / Waybill (Реализация)', value: 'sale' },
		],
		default: 'invoice',
		displayOptions: show(['printForm']),
	},
	{
		displayName: 'Print From (Entity Set)',
		name: 'printFromSet',
		type: 'string',
		default: '',
		placeholder: 'Document_ЗаказПокупателя',
		description: 'Print the form from another document than its own, e.g. «Счет на оплату» from a УНФ «Заказ покупателя» (its rows, the organisation\'s default bank account); empty = the form\'s own document',
		displayOptions: { show: { resource: ['printForm'], printSource: ['builtIn'] } },
	},
	{
		displayName: 'Configuration',
		name: 'printConfig',
		type: 'options',
		options: configurationOptions,
		default: 'bp30',
		description: 'Which field names the document and its requisites have',
		displayOptions: { show: { resource: ['printForm'], printSource: ['builtIn'] } },
	},
	{
		displayName: 'URL Template',
		name: 'serviceUrl',
		type: 'string',
		default: '{base}/hs/print/{entitySet}/{ref}?form={form}',
		description: '{base} is the publication without /odata/standard.odata; {entitySet}, {ref} and {form} are filled in',
		displayOptions: { show: { resource: ['printForm'], printSource: ['httpService'] } },
	},
	{ ...entitySetProperty, displayOptions: { show: { resource: ['printForm'], printSource: ['httpService'] } } },
	{ displayName: 'Put Output File in Field', name: 'binaryProperty', type: 'string', default: 'data', displayOptions: show(['printForm', 'report']) },
	{
		displayName: 'Operational Posting',
		name: 'operational',
		type: 'boolean',
		default: false,
		description: 'Whether to post in operational mode (PostingModeOperational=true)',
		displayOptions: show(['document'], ['post']),
	},
];

/** Parameters of the 1C ↔ Bitrix24 Mapping node. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { B24_AUTHENTICATION } from '../shared/bitrix24Auth';

export const KINDS: INodePropertyOptions[] = [
	{ name: 'Client Type (Company Type ↔ 1C Relationship)', value: 'clientType' },
	{ name: 'Counterparty Kind ↔ Requisite Preset', value: 'requisitePreset' },
	{ name: 'Custom', value: 'custom' },
	{ name: 'Deal Cancellation Reason', value: 'cancellationReason' },
	{ name: 'Deal Stage', value: 'dealStage' },
	{ name: 'Delivery Service', value: 'deliveryService' },
	{ name: 'Old Invoice Status', value: 'invoiceStatus' },
	{ name: 'Payment System', value: 'paymentSystem' },
	{ name: 'Shipment Status', value: 'shipmentStatus' },
	{ name: 'Smart Invoice Stage', value: 'smartInvoiceStage' },
	{ name: 'Smart Process Stage', value: 'spaStage' },
	{ name: 'Store Order Status', value: 'orderStatus' },
	{ name: 'User', value: 'user' },
	{ name: 'VAT Rate', value: 'vatRate' },
];

const b24Picker = { loadOptionsMethod: 'getB24Values', loadOptionsDependsOn: ['kind', 'entityTypeId'] };
const onecPicker = { loadOptionsMethod: 'getOneCValues', loadOptionsDependsOn: ['onecSource', 'onecEnum', 'onecCatalog', 'onecProperty'] };
const PICK = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';
const showMap = { show: { operation: ['map'] } };
const showUiTable = { show: { tableSource: ['ui'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Map Value', value: 'map', action: 'Map a value', description: 'Map each item’s value to the other system' },
			{ name: 'Export Table', value: 'exportTable', action: 'Export the mapping table', description: 'Output the table as JSON to clone it into another workflow' },
		],
		default: 'map',
	},
	{ displayName: 'Kind', name: 'kind', type: 'options', options: KINDS, default: 'dealStage', description: 'What the table maps; decides the Bitrix24 picker' },
	{ displayName: 'Smart Process Type ID', name: 'entityTypeId', type: 'number', default: 0, displayOptions: { show: { kind: ['spaStage'] } } },
	{ ...B24_AUTHENTICATION, displayName: 'Bitrix24 Authentication', description: 'Used only by the pickers; mapping itself sends no request' },
	{
		displayName: '1C State Source',
		name: 'onecSource',
		type: 'options',
		options: [
			{ name: 'Additional Attribute (Дополнительное Значение)', value: 'additionalValue', description: 'Values of a 1C additional attribute of type «Дополнительное значение»' },
			{ name: 'Catalog', value: 'catalog', description: 'Items of a 1C catalog (e.g. Catalog_СостоянияЗаказовПокупателей)' },
			{ name: 'Enum', value: 'enum', description: 'Values of a 1C enumeration (e.g. СтатусыЗаказовКлиентов)' },
			{ name: 'Free Text', value: 'text', description: 'Type the 1C values yourself' },
		],
		default: 'enum',
	},
	{
		displayName: '1C Enum Name or ID',
		name: 'onecEnum',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOneCEnums' },
		default: '',
		displayOptions: { show: { onecSource: ['enum'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{ displayName: '1C Catalog', name: 'onecCatalog', type: 'string', default: '', placeholder: 'Catalog_СостоянияЗаказовПокупателей', displayOptions: { show: { onecSource: ['catalog'] } } },
	{
		displayName: '1C Additional Attribute Name or ID',
		name: 'onecProperty',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOneCProperties' },
		default: '',
		displayOptions: { show: { onecSource: ['additionalValue'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Table',
		name: 'tableSource',
		type: 'options',
		options: [
			{ name: 'Built-In Defaults', value: 'defaults', description: 'Counterparty kind ↔ requisite preset only: legal → Организация (1), ИП (2), person → Физ. лицо (3), state body → Организация.' },
			{ name: 'Define Below', value: 'ui' },
			{ name: 'JSON', value: 'json', description: 'A table exported by another Mapping node' },
		],
		default: 'ui',
	},
	{ displayName: 'Table JSON', name: 'tableJson', type: 'json', default: '{"version":1,"kind":"dealStage","rows":[]}', displayOptions: { show: { tableSource: ['json'] } } },
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		placeholder: 'Add Row',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: showUiTable,
		description: 'Each row pairs a Bitrix24 value with a 1C value. Either direction takes the first row that has the value.',
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: '1C Value Name or ID', name: 'onec', type: 'options', typeOptions: onecPicker, default: '', description: PICK },
					{ displayName: 'Bitrix24 Value Name or ID', name: 'b24', type: 'options', typeOptions: b24Picker, default: '', description: PICK },
					{ displayName: 'Do Not Load', name: 'doNotLoad', type: 'boolean', default: false, description: 'Whether objects in this Bitrix24 state are skipped (reported on the Skipped output) instead of loaded into 1C' },
					{ displayName: 'Pipeline', name: 'scope', type: 'string', default: '', description: 'Limit the row to a pipeline ID (stage IDs already carry theirs)' },
				],
			},
		],
	},
	{
		displayName: 'Forced Targets',
		name: 'forced',
		type: 'fixedCollection',
		placeholder: 'Add Forced Target',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: showUiTable,
		description: 'Set this state whatever the table says when the 1C document is paid / shipped',
		options: [
			{
				displayName: 'Target',
				name: 'row',
				values: [
					{ displayName: '1C Value Name or ID', name: 'onec', type: 'options', typeOptions: onecPicker, default: '', description: PICK },
					{ displayName: 'Bitrix24 Value Name or ID', name: 'b24', type: 'options', typeOptions: b24Picker, default: '', description: PICK },
					{
						displayName: 'When',
						name: 'condition',
						type: 'options',
						options: [
							{ name: 'Paid', value: 'paid' },
							{ name: 'Paid and Shipped', value: 'paidAndShipped' },
							{ name: 'Shipped', value: 'shipped' },
						],
						default: 'paid',
					},
					{ displayName: 'Pipeline', name: 'scope', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'When Unmapped',
		name: 'fallbacks',
		type: 'collection',
		placeholder: 'Add Fallback',
		default: {},
		displayOptions: showUiTable,
		description: 'Without a fallback an unmapped value is an error item (route it with On Error → Continue (using error output))',
		options: [
			{ displayName: '1C Value When Unmapped', name: 'fallbackToOneC', type: 'string', default: '', description: 'E.g. empty: no responsible in 1C for an unmapped user.' },
			{ displayName: 'Bitrix24 Value When Unmapped', name: 'fallbackToB24', type: 'string', default: '', description: 'E.g. the ID of the user who owns the integration.' },
		],
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Bitrix24 → 1C', value: 'toOneC' },
			{ name: '1C → Bitrix24', value: 'toB24' },
		],
		default: 'toOneC',
		displayOptions: showMap,
	},
	{
		displayName: 'Value From',
		name: 'valueFrom',
		type: 'options',
		options: [
			{ name: 'Value Below', value: 'value' },
			{ name: 'Counterparty Kind of the Item', value: 'counterpartyKind', description: 'Legal / entrepreneur / person / government / foreign, read from the 1C counterparty in the item (БП, УНФ, УТ fields)' },
		],
		default: 'value',
		displayOptions: { show: { operation: ['map'], kind: ['requisitePreset'] } },
	},
	{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '{{ $json.STAGE_ID }}', displayOptions: { show: { operation: ['map'] }, hide: { valueFrom: ['counterpartyKind'] } }, description: 'The value to map' },
	{ displayName: 'Pipeline', name: 'pipeline', type: 'string', default: '', displayOptions: showMap, description: 'The pipeline of the object (for 1C → Bitrix24 of deals and smart processes); stage IDs carry theirs' },
	{ displayName: 'Paid', name: 'paid', type: 'boolean', default: false, displayOptions: showMap, description: 'Whether the 1C document is paid (from 1C payments / settlements)' },
	{ displayName: 'Shipped', name: 'shipped', type: 'boolean', default: false, displayOptions: showMap, description: 'Whether the 1C document is shipped (from 1C sales documents)' },
	{ displayName: 'Output Field', name: 'outputField', type: 'string', default: 'mapped', displayOptions: showMap, description: 'Where the result is written in each item' },
];

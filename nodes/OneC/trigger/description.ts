/** The parameters of the 1C polling trigger (the polling interval itself is added by n8n). */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_TRACKED, DEFAULT_OVERLAP_HOURS } from '../../../lib/onec-changes';
import { entitySetProperty } from '../description/fields';
import { eventProperties } from './events-description';

/** The key added to every emitted item: why it was emitted (`new` or `changed`). */
export const CHANGE_KEY = '_change';

export interface TriggerOptions {
	emitExisting?: boolean;
	maxTracked?: number;
	output?: 'typed' | 'raw';
	pageSize?: number;
	rawFilter?: string;
	select?: string;
	status?: 'all' | 'posted' | 'unposted' | 'markedForDeletion';
	webLink?: boolean;
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Catalog', value: 'catalog', description: 'Snapshot comparison of DataVersion over the whole catalog (catalogs have no date)' },
			{ name: 'Document', value: 'document', description: 'Documents whose Date lies in a window that follows the newest document, compared by DataVersion' },
		],
		default: 'document',
	},
	entitySetProperty,
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'New and Changed Documents', value: 'changes', description: 'Each new or changed document (DataVersion), with "_change"' },
			{ name: 'Document Events', value: 'events', description: 'Posted, unposted, changed, paid, partially paid, shipped, marked correct / with an error — one item per event' },
		],
		default: 'changes',
		displayOptions: { show: { resource: ['document'] } },
	},
	...eventProperties,
	{
		displayName: 'Overlap (Hours)',
		name: 'overlapHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_OVERLAP_HOURS,
		displayOptions: { show: { resource: ['document'] } },
		description:
			'Each poll re-reads the documents dated from the newest Date seen minus this many hours, so back-dated documents and edits of recent documents are caught. Changes of documents dated before that window are not seen.',
	},
	{
		displayName: 'Each object is emitted when it is new or its DataVersion changed, with "_change" set to "new" or "changed". The first poll only records what exists.',
		name: 'changeNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { watch: ['events'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Add Web Client Link', name: 'webLink', type: 'boolean', default: false, description: 'Whether to add webClientLink: the e1cib address that opens the object in the 1C web client (for a Bitrix24 activity or comment)' },
			{
				displayName: 'Emit Documents',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Marked for Deletion Only', value: 'markedForDeletion' },
					{ name: 'Posted Only', value: 'posted' },
					{ name: 'Unposted Only', value: 'unposted', description: 'Not posted and not marked for deletion' },
				],
				default: 'all',
				displayOptions: { show: { '/resource': ['document'], '/watch': ['changes'] } },
				description: 'Which changed documents to emit. Every document is still tracked, so one posted later is emitted then (posting changes its DataVersion).',
			},
			{
				displayName: 'Emit Existing on First Poll',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description: 'Whether the first poll emits every object it finds (documents: those in the window) instead of only recording them',
			},
			{ displayName: 'Fields', name: 'select', type: 'string', default: '', placeholder: 'Ref_Key,Number,Date,Контрагент_Key', description: 'Fields of the emitted objects ($select); Ref_Key and DataVersion are always included. Empty = all.' },
			{
				displayName: 'Max Tracked Objects',
				name: 'maxTracked',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_TRACKED,
				description: 'Upper bound of the objects whose DataVersion is kept between polls; more fails the poll with a clear error instead of silently missing changes',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Typed', value: 'typed', description: 'Int64 as numbers, dates as ISO with the server zone' },
					{ name: 'Raw 1C', value: 'raw', description: 'Exactly as 1C sent it' },
				],
				default: 'typed',
			},
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 500, description: 'Rows per request ($top) while scanning' },
			{
				displayName: 'Raw Filter',
				name: 'rawFilter',
				type: 'string',
				default: '',
				placeholder: "Организация_Key eq guid'…'",
				description: 'A $filter expression that limits the watched objects (changing it starts a new baseline)',
			},
		],
	},
];

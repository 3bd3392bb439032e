/** Resources and their operations of the 1C node. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export type Resource = 'catalog' | 'document' | 'informationRegister' | 'accumulationRegister' | 'accountingRegister' | 'tabularSection' | 'enum' | 'virtualTable' | 'printForm' | 'report';

/** Entity-set name prefixes the light picker offers for each resource. */
export const SET_PREFIXES: Record<Resource, string[]> = {
	catalog: ['Catalog', 'ChartOfCharacteristicTypes', 'ChartOfAccounts', 'ChartOfCalculationTypes', 'ExchangePlan', 'BusinessProcess', 'Task'],
	document: ['Document'],
	informationRegister: ['InformationRegister'],
	accumulationRegister: ['AccumulationRegister'],
	accountingRegister: ['AccountingRegister'],
	tabularSection: ['Catalog', 'Document', 'ChartOfCharacteristicTypes', 'ChartOfAccounts', 'ExchangePlan', 'BusinessProcess', 'Task'],
	enum: [],
	virtualTable: ['InformationRegister', 'AccumulationRegister', 'AccountingRegister'],
	printForm: ['Document'],
	report: [],
};

const op = (value: string, name: string, action: string, description: string): INodePropertyOptions => ({ name, value, action, description });

const objectOps = (noun: string): INodePropertyOptions[] => [
	op('create', 'Create', `Create a ${noun}`, `Create a ${noun} (with tabular sections)`),
	op('delete', 'Delete', `Delete a ${noun}`, `Delete a ${noun} physically (no undo; prefer Mark for Deletion)`),
	op('get', 'Get', `Get a ${noun}`, `Get a ${noun} by key, code, number or any field`),
	op('getAll', 'Get Many', `Get many ${noun}s`, `List ${noun}s with filters and paging`),
	op('markForDeletion', 'Mark for Deletion', `Mark a ${noun} for deletion`, 'Set DeletionMark (what users do in 1C)'),
	op('unmarkForDeletion', 'Unmark for Deletion', `Unmark a ${noun} for deletion`, 'Clear DeletionMark'),
	op('update', 'Update', `Update a ${noun}`, 'PATCH the given fields; a tabular section sent is replaced whole'),
	op('upsert', 'Create or Update', `Create or update a ${noun}`, 'Find by a key field (Code, INN, …); update the match or create'),
];

const OPERATIONS: Record<Resource, INodePropertyOptions[]> = {
	catalog: objectOps('catalog item'),
	document: [
		...objectOps('document'),
		op('post', 'Post', 'Post a document', 'Post the document (Проведение)'),
		op('unpost', 'Unpost', 'Unpost a document', 'Cancel the posting of the document'),
	].sort((a, b) => a.name.localeCompare(b.name)),
	informationRegister: [
		op('create', 'Create', 'Create a register record', 'Add a record of an independent register'),
		op('delete', 'Delete', 'Delete a register record', 'Delete a record by its key'),
		op('get', 'Get', 'Get a register record', 'Get a record by its key expression'),
		op('getAll', 'Get Many', 'Get many register records', 'List records with filters and paging'),
		op('update', 'Update', 'Update a register record', 'PATCH a record by its key expression'),
	],
	accumulationRegister: [
		op('get', 'Get', 'Get a record set', 'Get the records of one recorder by the key expression'),
		op('getAll', 'Get Many', 'Get many record sets', 'List record sets with filters and paging'),
	],
	accountingRegister: [
		op('get', 'Get', 'Get an accounting record set', 'Get the records of one recorder by the key expression'),
		op('getAll', 'Get Many', 'Get many accounting record sets', 'List record sets with filters and paging'),
	],
	tabularSection: [op('getAll', 'Get Many', 'Get tabular section rows', 'Rows of one object or of all objects')],
	enum: [op('getAll', 'Get Many', 'Get enum values', 'Values of an enumeration from $metadata')],
	virtualTable: [op('get', 'Get', 'Get a virtual table', 'Balance, Turnovers, BalanceAndTurnovers, SliceLast or SliceFirst')],
	printForm: [op('get', 'Get PDF', 'Get a print form as PDF', 'A document as PDF: built-in forms from OData data, or the base’s own print service')],
	report: [op('get', 'Get PDF', 'Get a report as PDF', 'A report for a period as PDF, with its rows as JSON')],
};

export const DEFAULT_OPERATION: Record<Resource, string> = {
	catalog: 'get',
	document: 'get',
	informationRegister: 'getAll',
	accumulationRegister: 'getAll',
	accountingRegister: 'getAll',
	tabularSection: 'getAll',
	enum: 'getAll',
	virtualTable: 'get',
	printForm: 'get',
	report: 'get',
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'catalog',
	options: [
		{ name: 'Accounting Register', value: 'accountingRegister' },
		{ name: 'Accumulation Register', value: 'accumulationRegister' },
		{ name: 'Catalog', value: 'catalog', description: 'Catalogs and other reference objects (charts, exchange plans, tasks)' },
		{ name: 'Document', value: 'document' },
		{ name: 'Enum', value: 'enum' },
		{ name: 'Information Register', value: 'informationRegister' },
		{ name: 'Print Form', value: 'printForm', description: 'A document as PDF (invoice, sales act/waybill, customer order)' },
		{ name: 'Report', value: 'report', description: 'Customer debts, sales for a period, stock — as PDF' },
		{ name: 'Tabular Section', value: 'tabularSection' },
		{ name: 'Virtual Table', value: 'virtualTable', description: 'Balance, turnovers and slices of registers' },
	],
};

// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is set per resource below
export const operationProperties: INodeProperties[] = (Object.keys(OPERATIONS) as Resource[]).map((resource) => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource] } },
	options: OPERATIONS[resource],
	default: DEFAULT_OPERATION[resource],
}));

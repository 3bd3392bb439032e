/**
 * Old invoices `crm.invoice.*` (deprecated by Bitrix24 in favour of smart invoices, still used by
 * older portals and integrations): UPPER_SNAKE fields, status from INVOICE_STATUS, product rows
 * inline in PRODUCT_ROWS, links in UF_COMPANY_ID / UF_CONTACT_ID / UF_DEAL_ID / UF_MYCOMPANY_ID.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { collectFields, customFieldsProps, idParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import type { OperationDef, ResourceDef } from './types';

const R = 'invoice';
const text = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description });

const FIELDS: INodeProperties[] = [
	text('Account Number', 'ACCOUNT_NUMBER', 'The portal numbers the invoice when empty'),
	text('Comments', 'COMMENTS', 'Manager comment'),
	text('Company ID', 'UF_COMPANY_ID'),
	text('Contact ID', 'UF_CONTACT_ID'),
	{ displayName: 'Date Billed', name: 'DATE_BILL', type: 'dateTime', default: '' },
	text('Deal ID', 'UF_DEAL_ID'),
	text('External ID', 'XML_ID', 'The link to the 1C document (e.g. its Ref_Key)'),
	text('My Company ID', 'UF_MYCOMPANY_ID'),
	{ displayName: 'Pay Before', name: 'DATE_PAY_BEFORE', type: 'dateTime', default: '' },
	{ displayName: 'Pay System ID', name: 'PAY_SYSTEM_ID', type: 'number', default: 1, description: 'Payment system (sale.paysystem.list)' },
	{ displayName: 'Payer Type ID', name: 'PERSON_TYPE_ID', type: 'number', default: 1, description: 'Person type (crm.persontype.list): legal entity or individual' },
	{ displayName: 'Responsible Name or ID', name: 'RESPONSIBLE_ID', type: 'options', typeOptions: { loadOptionsMethod: 'getUsers' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
	{ displayName: 'Status Name or ID', name: 'STATUS_ID', type: 'options', typeOptions: { loadOptionsMethod: 'getInvoiceStatuses' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>' },
	text('Topic', 'ORDER_TOPIC'),
	text('User Description', 'USER_DESCRIPTION', 'Comment shown to the customer'),
];

const rowsProp: INodeProperties = {
	displayName: 'Product Rows (JSON)',
	name: 'productRowsJson',
	type: 'json',
	default: '[]',
	description: 'An array of rows: [{"PRODUCT_ID":1,"PRODUCT_NAME":"…","PRICE":100,"QUANTITY":2,"VAT_RATE":0.2,"VAT_INCLUDED":"Y","MEASURE_CODE":796,"MEASURE_NAME":"шт"}]. On update, an empty array keeps the rows; any rows replace them all.',
};

function productRows(ctx: IExecuteFunctions, i: number): IDataObject[] {
	let v = ctx.getNodeParameter('productRowsJson', i, '[]') as unknown;
	try {
		if (typeof v === 'string') v = v.trim() === '' ? [] : JSON.parse(v);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'Product Rows (JSON) is not valid JSON', { itemIndex: i });
	}
	const list = Array.isArray(v) ? v : (v as IDataObject | null)?.PRODUCT_ROWS ?? (v as IDataObject | null)?.rows;
	if (!Array.isArray(list)) throw new NodeOperationError(ctx.getNode(), 'Product Rows (JSON) must be an array of rows', { itemIndex: i });
	return list as IDataObject[];
}

function invoiceFields(ctx: IExecuteFunctions, i: number, create: boolean): IDataObject {
	const fields = collectFields(ctx, i);
	if (create) fields.ORDER_TOPIC = ctx.getNodeParameter('orderTopic', i);
	for (const k of ['STATUS_ID', 'RESPONSIBLE_ID']) if (fields[k] === '') delete fields[k];
	const rows = productRows(ctx, i);
	if (rows.length) fields.PRODUCT_ROWS = rows;
	else if (create) throw new NodeOperationError(ctx.getNode(), 'An invoice needs at least one product row', { itemIndex: i });
	return fields;
}

const id = idParam('id', 'Invoice ID');
const custom = customFieldsProps('getInvoiceFields');
const fieldsProp = (update: boolean): INodeProperties => ({
	displayName: update ? 'Update Fields' : 'Fields',
	name: 'fields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: update ? FIELDS : FIELDS.filter((f) => f.name !== 'ORDER_TOPIC'),
});

const operations: Record<string, OperationDef> = {
	create: {
		name: 'Create',
		action: 'Create an invoice (old)',
		properties: show(R, 'create', [{ displayName: 'Topic', name: 'orderTopic', type: 'string', required: true, default: '', description: 'ORDER_TOPIC, e.g. "Счёт № 42 от 01.02.2026"' }, rowsProp, fieldsProp(false), ...custom]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.invoice.add', params: { fields: invoiceFields(this, i, true) } };
		},
		parse: (result) => ({ id: result as number }),
	},
	get: {
		name: 'Get',
		action: 'Get an invoice (old)',
		properties: show(R, 'get', [id]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.invoice.get', params: { id: this.getNodeParameter('id', i) } };
		},
		parse: (result) => result as IDataObject,
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many invoices (old)',
		properties: show(R, 'getAll', [...returnAllProps, listOptionsProp({ filter: '{"STATUS_ID":"N",">=DATE_BILL":"2026-01-01"}', order: '{"ID":"ASC"}', select: 'ID,ACCOUNT_NUMBER,STATUS_ID,PRICE,XML_ID' })]),
		async run(this: IExecuteFunctions, i, client) {
			const { returnAll, limit } = returnAllLimit(this, i);
			return client.list('crm.invoice.list', listParams(this, i), { returnAll, limit });
		},
	},
	update: {
		name: 'Update',
		action: 'Update an invoice (old)',
		properties: show(R, 'update', [id, fieldsProp(true), { ...rowsProp, displayName: 'Replace Product Rows (JSON)' }, ...custom]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.invoice.update', params: { id: this.getNodeParameter('id', i), fields: invoiceFields(this, i, false) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { id: this.getNodeParameter('id', i) as string, updated: true };
		},
	},
	delete: {
		name: 'Delete',
		action: 'Delete an invoice (old)',
		properties: show(R, 'delete', [id]),
		build(this: IExecuteFunctions, i) {
			return { method: 'crm.invoice.delete', params: { id: this.getNodeParameter('id', i) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { id: this.getNodeParameter('id', i) as string, deleted: true };
		},
	},
};

export const invoiceOld: ResourceDef = { value: R, name: 'Invoice (Old)', description: 'Old invoices (crm.invoice.*, deprecated by Bitrix24; use Smart Invoice on new portals)', operations };

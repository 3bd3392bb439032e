/** Companies, contacts, leads and deals (old crm.* API). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { idParam, jsonParam, show } from './common';
import { crmEntityResource, F, originFields } from './crmEntity';
import type { ResourceDef } from './types';

export const company: ResourceDef = crmEntityResource({
	value: 'company',
	name: 'Company',
	prefix: 'crm.company',
	fields: [
		F.text('Title', 'TITLE'),
		F.text('Company Type', 'COMPANY_TYPE', 'CUSTOMER, SUPPLIER, PARTNER, …'),
		F.text('Industry', 'INDUSTRY'),
		F.user('Responsible', 'ASSIGNED_BY_ID'),
		F.multi('Phone', 'PHONE'),
		F.multi('Email', 'EMAIL'),
		F.multi('Website', 'WEB'),
		F.text('Comments', 'COMMENTS'),
		...originFields,
		F.text('Origin Version', 'ORIGIN_VERSION', 'Version of the external record (e.g. the 1C DataVersion): skip writes when unchanged'),
	],
});

export const contact: ResourceDef = crmEntityResource({
	value: 'contact',
	name: 'Contact',
	prefix: 'crm.contact',
	fields: [
		F.text('Last Name', 'LAST_NAME'),
		F.text('First Name', 'NAME'),
		F.text('Middle Name', 'SECOND_NAME'),
		F.text('Position', 'POST'),
		F.text('Company ID', 'COMPANY_ID'),
		F.user('Responsible', 'ASSIGNED_BY_ID'),
		F.multi('Phone', 'PHONE'),
		F.multi('Email', 'EMAIL'),
		F.text('Comments', 'COMMENTS'),
		...originFields,
		F.text('Origin Version', 'ORIGIN_VERSION'),
	],
});

export const lead: ResourceDef = crmEntityResource({
	value: 'lead',
	name: 'Lead',
	prefix: 'crm.lead',
	fields: [F.text('Title', 'TITLE'), F.text('First Name', 'NAME'), F.text('Last Name', 'LAST_NAME'), F.text('Status ID', 'STATUS_ID'), F.text('Company Title', 'COMPANY_TITLE'), F.user('Responsible', 'ASSIGNED_BY_ID'), F.multi('Phone', 'PHONE'), F.multi('Email', 'EMAIL'), ...originFields],
});

export const deal: ResourceDef = crmEntityResource({
	value: 'deal',
	name: 'Deal',
	prefix: 'crm.deal',
	fields: [
		F.text('Title', 'TITLE'),
		{ displayName: 'Pipeline Name or ID', name: 'CATEGORY_ID', type: 'options', typeOptions: { loadOptionsMethod: 'getDealPipelines' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. Set on create only (a deal cannot change pipeline by update). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
		{ displayName: 'Stage Name or ID', name: 'STAGE_ID', type: 'options', typeOptions: { loadOptionsMethod: 'getDealStages' }, default: '', description: 'Stages of all pipelines (C{n}: prefix for pipelines other than the default). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
		F.text('Company ID', 'COMPANY_ID'),
		F.text('Contact ID', 'CONTACT_ID'),
		{ displayName: 'Amount', name: 'OPPORTUNITY', type: 'number', default: 0, typeOptions: { numberPrecision: 2 } },
		F.text('Currency', 'CURRENCY_ID', 'RUB by default'),
		F.user('Responsible', 'ASSIGNED_BY_ID'),
		F.text('Close Date', 'CLOSEDATE'),
		F.text('Comments', 'COMMENTS'),
		...originFields,
	],
	extra: {
		getProductRows: {
			name: 'Get Product Rows',
			action: 'Get product rows of a deal',
			properties: show('deal', 'getProductRows', [idParam('id', 'Deal ID')]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.deal.productrows.get', params: { id: this.getNodeParameter('id', i) } };
			},
			parse: (result) => ((result as IDataObject[]) ?? []).map((r) => r),
		},
		setProductRows: {
			name: 'Set Product Rows',
			action: 'Replace the product rows of a deal',
			properties: show('deal', 'setProductRows', [
				idParam('id', 'Deal ID'),
				{ displayName: 'Rows (JSON)', name: 'rowsJson', type: 'json', default: '{"rows":[]}', description: 'An object {"rows":[{"PRODUCT_ID":1,"PRODUCT_NAME":"…","PRICE":100,"QUANTITY":2,"TAX_RATE":20,"TAX_INCLUDED":"Y","DISCOUNT_TYPE_ID":2,"DISCOUNT_RATE":0}]}; all existing rows are replaced' },
			]),
			build(this: IExecuteFunctions, i) {
				const rows = (jsonParam(this, 'rowsJson', i).rows as IDataObject[]) ?? [];
				return { method: 'crm.deal.productrows.set', params: { id: this.getNodeParameter('id', i), rows } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { id: this.getNodeParameter('id', i) as string, rowsSet: true };
			},
		},
	},
});

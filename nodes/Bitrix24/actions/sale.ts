/**
 * The online store (`sale.*`): orders, payments and shipments. One shape for the three:
 * create, get, getAll (`{orders|payments|shipments:[…]}` lists, `id` cursor), update, delete,
 * plus Mark as Paid (payments), Set Deducted and Set Status (shipments). Y/N fields are booleans
 * in the UI; dictionaries (statuses, payer types, payment systems, delivery services) are pickers.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { idParam, jsonParam, listOptionsProp, listParams, returnAllLimit, returnAllProps, show } from './common';
import type { OperationDef, ResourceDef } from './types';

const PICK = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

const text = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description });
const num = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description });
const flag = (displayName: string, name: string, description: string): INodeProperties => ({ displayName, name, type: 'boolean', default: false, description });
const date = (displayName: string, name: string, description?: string): INodeProperties => ({ displayName, name, type: 'dateTime', default: '', description });
const pick = (displayName: string, name: string, loadOptionsMethod: string, description?: string): INodeProperties => ({
	displayName: `${displayName} Name or ID`,
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod },
	default: '',
	description: description ? `${description}. ${PICK}.` : PICK,
});
const user = (displayName: string, name: string) => pick(displayName, name, 'getUsers');
const link1c: INodeProperties[] = [
	text('External ID', 'xmlId', 'The link to the 1C document (e.g. its Ref_Key)'),
	text('1C ID', 'id1c', 'ID of the document in 1C'),
	text('1C Version', 'version1c', 'Version of the 1C document'),
	flag('Updated From 1C', 'updated1c', 'Whether the record was last changed by the 1C exchange'),
];

/** Booleans as Y/N, empty values dropped; the JSON fields merged last. */
function saleFields(ctx: IExecuteFunctions, name: string, i: number, base: IDataObject = {}): IDataObject {
	const out: IDataObject = { ...base };
	for (const [k, v] of Object.entries(ctx.getNodeParameter(name, i, {}) as IDataObject)) {
		if (v === '' || v === undefined || v === null) continue;
		out[k] = typeof v === 'boolean' ? (v ? 'Y' : 'N') : v;
	}
	return Object.assign(out, jsonParam(ctx, 'fieldsJson', i));
}

interface SaleSpec {
	value: string;
	name: string;
	/** `order` → `sale.order.*`, answers `{order:{…}}`, lists `{orders:[…]}` */
	entity: 'order' | 'payment' | 'shipment';
	/** required create parameters, each sent as the field of its name */
	required: INodeProperties[];
	/** create defaults not shown as required parameters */
	defaults?: IDataObject;
	/** the optional fields of create and update */
	fields: INodeProperties[];
	/** fields offered on create only */
	createOnly?: INodeProperties[];
	listExample: { filter: string; select: string };
	extra?: (r: string, method: string, label: string) => Record<string, OperationDef>;
}

const jsonFieldsProp: INodeProperties = { displayName: 'Fields (JSON)', name: 'fieldsJson', type: 'json', default: '{}', description: 'Any other fields as a JSON object in camelCase (merged last)' };

function saleResource(spec: SaleSpec): ResourceDef {
	const r = spec.value;
	const method = `sale.${spec.entity}`;
	const label = spec.name.toLowerCase();
	const unwrap = (result: unknown): IDataObject => ((result as IDataObject | undefined)?.[spec.entity] as IDataObject) ?? {};
	const fieldsProp = (op: string, options: INodeProperties[]): INodeProperties => ({
		displayName: op === 'create' ? 'Additional Fields' : 'Update Fields',
		name: op === 'create' ? 'additionalFields' : 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: options.slice().sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	const idOf = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('id', i) as string;
	const operations: Record<string, OperationDef> = {
		create: {
			name: 'Create',
			action: `Create a ${label}`,
			properties: show(r, 'create', [...spec.required, fieldsProp('create', [...(spec.createOnly ?? []), ...spec.fields]), jsonFieldsProp]),
			build(this: IExecuteFunctions, i) {
				const base: IDataObject = { ...spec.defaults };
				for (const p of spec.required) base[p.name] = this.getNodeParameter(p.name, i) as IDataObject[string];
				return { method: `${method}.add`, params: { fields: saleFields(this, 'additionalFields', i, base) } };
			},
			parse: unwrap,
		},
		get: {
			name: 'Get',
			action: `Get a ${label}`,
			description: spec.entity === 'order' ? 'Get an order with its basket items, payments, shipments and property values' : undefined,
			properties: show(r, 'get', [idParam('id', `${spec.name} ID`)]),
			build(this: IExecuteFunctions, i) {
				return { method: `${method}.get`, params: { id: idOf(this, i) } };
			},
			parse: unwrap,
		},
		getAll: {
			name: 'Get Many',
			action: `Get many ${label}s`,
			properties: show(r, 'getAll', [...returnAllProps, listOptionsProp({ ...spec.listExample, order: '{"id":"DESC"}' })]),
			async run(this: IExecuteFunctions, i, client) {
				const { returnAll, limit } = returnAllLimit(this, i);
				return client.list(`${method}.list`, listParams(this, i), { returnAll, limit, itemsKey: `${spec.entity}s`, idField: 'id' });
			},
		},
		update: {
			name: 'Update',
			action: `Update a ${label}`,
			properties: show(r, 'update', [idParam('id', `${spec.name} ID`), fieldsProp('update', spec.fields), jsonFieldsProp]),
			build(this: IExecuteFunctions, i) {
				return { method: `${method}.update`, params: { id: idOf(this, i), fields: saleFields(this, 'updateFields', i) } };
			},
			parse: unwrap,
		},
		delete: {
			name: 'Delete',
			action: `Delete a ${label}`,
			properties: show(r, 'delete', [idParam('id', `${spec.name} ID`)]),
			build(this: IExecuteFunctions, i) {
				return { method: `${method}.delete`, params: { id: idOf(this, i) } };
			},
			parse(this: IExecuteFunctions, _result, i) {
				return { id: idOf(this, i), deleted: true };
			},
		},
		...spec.extra?.(r, method, label),
	};
	return { value: r, name: spec.name, operations };
}

/** An update of a few fixed fields (payment paid, shipment deducted / status). */
function patchOp(r: string, value: string, method: string, entity: string, def: { name: string; action: string; description?: string; props: INodeProperties[]; fields: (ctx: IExecuteFunctions, i: number) => IDataObject }): Record<string, OperationDef> {
	return {
		[value]: {
			name: def.name,
			action: def.action,
			description: def.description,
			properties: show(r, value, [idParam('id', 'ID'), ...def.props]),
			build(this: IExecuteFunctions, i) {
				return { method: `${method}.update`, params: { id: this.getNodeParameter('id', i) as string, fields: def.fields(this, i) } };
			},
			parse: (result) => ((result as IDataObject | undefined)?.[entity] as IDataObject) ?? {},
		},
	};
}

export const saleOrder: ResourceDef = saleResource({
	value: 'saleOrder',
	name: 'Store Order',
	entity: 'order',
	required: [
		{ displayName: 'Site ID', name: 'lid', type: 'string', required: true, default: 's1', description: 'The store site, e.g. s1' },
		{ ...pick('Payer Type', 'personTypeId', 'getSalePersonTypes', 'Individual or legal entity'), required: true },
		{ displayName: 'Currency', name: 'currency', type: 'string', required: true, default: 'RUB' },
	],
	createOnly: [user('Buyer', 'userId')],
	fields: [
		pick('Status', 'statusId', 'getSaleOrderStatuses', 'Order status (sale.status.list, type O)'),
		user('Responsible', 'responsibleId'),
		text('Company ID', 'companyId', 'The buyer company'),
		num('Price', 'price', 'Recalculated from the basket when the order has basket items'),
		num('Discount', 'discountValue'),
		text('Comments', 'comments', 'Manager comments'),
		text('Buyer Comment', 'userDescription'),
		text('Additional Info', 'additionalInfo'),
		text('Order Topic', 'orderTopic'),
		flag('Canceled', 'canceled', 'Whether the order is canceled'),
		text('Cancel Reason', 'reasonCanceled'),
		flag('Marked', 'marked', 'Whether the order is marked as problematic'),
		text('Mark Reason', 'reasonMarked'),
		flag('External Order', 'externalOrder', 'Whether the order came from an external system'),
		...link1c,
	],
	listExample: { filter: '{"=statusId":"N",">dateInsert":"2026-01-01"}', select: 'id,accountNumber,statusId,price,payed,deducted,xmlId' },
});

export const salePayment: ResourceDef = saleResource({
	value: 'salePayment',
	name: 'Payment',
	entity: 'payment',
	required: [
		{ displayName: 'Order ID', name: 'orderId', type: 'string', required: true, default: '' },
		{ ...pick('Payment System', 'paySystemId', 'getSalePaySystems'), required: true },
	],
	fields: [
		num('Sum', 'sum', 'The rest of the order sum when not set'),
		flag('Paid', 'paid', 'Whether the payment is paid'),
		date('Date Paid', 'datePaid'),
		date('Pay Before', 'datePayBefore'),
		text('Voucher Number', 'payVoucherNum', 'Number of the payment document'),
		date('Voucher Date', 'payVoucherDate'),
		text('Payment System Status', 'psStatus'),
		text('Comments', 'comments'),
		user('Responsible', 'responsibleId'),
		text('Company ID', 'companyId'),
		flag('External Payment', 'externalPayment', 'Whether the payment came from an external system'),
		...link1c,
	],
	listExample: { filter: '{"=orderId":15,"=paid":"Y"}', select: 'id,orderId,sum,paid,datePaid,paySystemId' },
	extra: (r, method) =>
		patchOp(r, 'markPaid', method, 'payment', {
			name: 'Mark as Paid',
			action: 'Mark a payment as paid or unpaid',
			description: 'Set the paid flag of a payment (the order becomes paid when all its payments are)',
			props: [
				{ displayName: 'Paid', name: 'paid', type: 'boolean', default: true, description: 'Whether to mark the payment paid (off: cancel the payment)' },
				{
					displayName: 'Options',
					name: 'paidOptions',
					type: 'collection',
					placeholder: 'Add option',
					default: {},
					options: [date('Date Paid', 'datePaid', 'Now when not set'), date('Voucher Date', 'payVoucherDate'), text('Voucher Number', 'payVoucherNum')],
				},
			],
			fields: (ctx, i) => saleFields(ctx, 'paidOptions', i, { paid: (ctx.getNodeParameter('paid', i, true) as boolean) ? 'Y' : 'N' }),
		}),
});

export const saleShipment: ResourceDef = saleResource({
	value: 'saleShipment',
	name: 'Shipment',
	entity: 'shipment',
	required: [
		{ displayName: 'Order ID', name: 'orderId', type: 'string', required: true, default: '' },
		{ ...pick('Delivery Service', 'deliveryId', 'getSaleDeliveries'), required: true },
	],
	defaults: { allowDelivery: 'N', deducted: 'N' },
	fields: [
		pick('Status', 'statusId', 'getSaleDeliveryStatuses', 'Shipment status (sale.status.list, type D)'),
		flag('Allow Delivery', 'allowDelivery', 'Whether delivery is allowed'),
		flag('Deducted', 'deducted', 'Whether the goods are shipped (deducted from the warehouse)'),
		text('Tracking Number', 'trackingNumber'),
		text('Delivery Document Number', 'deliveryDocNum'),
		date('Delivery Document Date', 'deliveryDocDate'),
		num('Delivery Price', 'basePriceDelivery'),
		text('Comments', 'comments'),
		user('Responsible', 'responsibleId'),
		text('Company ID', 'companyId'),
		flag('Canceled', 'canceled', 'Whether the shipment is canceled'),
		flag('External Delivery', 'externalDelivery', 'Whether the shipment came from an external system'),
		...link1c,
	],
	listExample: { filter: '{"=orderId":15,"=deducted":"N"}', select: 'id,orderId,statusId,deducted,trackingNumber' },
	extra: (r, method) => ({
		...patchOp(r, 'setDeducted', method, 'shipment', {
			name: 'Set Deducted',
			action: 'Mark a shipment as shipped or not',
			description: 'Set the deducted (shipped) flag of a shipment (the order becomes deducted when all its shipments are)',
			props: [{ displayName: 'Deducted', name: 'deducted', type: 'boolean', default: true, description: 'Whether the goods are shipped (off: undo the shipment)' }],
			fields: (ctx, i) => ({ deducted: (ctx.getNodeParameter('deducted', i, true) as boolean) ? 'Y' : 'N' }),
		}),
		...patchOp(r, 'setStatus', method, 'shipment', {
			name: 'Set Status',
			action: 'Set the status of a shipment',
			props: [{ ...pick('Status', 'shipmentStatusId', 'getSaleDeliveryStatuses', 'Shipment status (sale.status.list, type D)'), required: true }],
			fields: (ctx, i) => ({ statusId: ctx.getNodeParameter('shipmentStatusId', i) as string }),
		}),
	}),
});

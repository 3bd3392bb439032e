/**
 * `sale.payment.*` and `sale.shipment.*`. Payments and shipments of an order share one
 * account-number counter (`392/1`, `392/2`, …). Paying or shipping re-saves the order, which
 * recomputes its `payed` / `deducted` flags and price (delivery included).
 */
import type { CallContext, MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { nextSeq, nowIso, type FieldType } from './common';
import {
	SaleErrors,
	bxXmlId,
	deliveryById,
	missing,
	orders,
	payments,
	paySystemById,
	round2,
	saleFields,
	saleId,
	saleList,
	shipmentItems,
	shipments,
	sortedKeys,
	typedFields,
} from './sale-common';
import { canonical, ofOrder, paymentView, saveOrder, shipmentView } from './sale-order';

/** `{accountNumber}/{n}`: the order's next payment/shipment number. */
export function subAccountNumber(store: Store, order: Row): string {
	return `${order.accountNumber}/${nextSeq(store, `sale_order_sub_${order.id}`)}`;
}

export function paySystemFields(id: unknown): Row {
	const ps = paySystemById(id);
	return {
		paySystemId: Number(id),
		paySystemIsCash: ps ? ps.IS_CASH : 'N',
		paySystemName: ps ? ps.NAME : '',
		paySystemXmlId: ps ? ps.XML_ID : '',
	};
}

export function blankPayment(id: number, order: Row, accountNumber: string, userId: number, now: string, xmlId: string): Row {
	return {
		accountNumber,
		comments: '',
		companyId: null,
		currency: order.currency,
		dateBill: now,
		dateMarked: null,
		datePaid: null,
		datePayBefore: null,
		dateResponsibleId: now,
		empMarkedId: null,
		empPaidId: null,
		empResponsibleId: userId,
		empReturnId: null,
		externalPayment: 'N',
		id,
		id1c: '',
		isReturn: 'N',
		marked: 'N',
		orderId: order.id,
		paid: 'N',
		payReturnComment: '',
		payReturnDate: null,
		payReturnNum: '',
		...paySystemFields(1),
		payVoucherDate: null,
		payVoucherNum: '',
		priceCod: '0',
		psCurrency: '',
		psInvoiceId: null,
		psResponseDate: null,
		psStatus: '',
		psStatusCode: '',
		psStatusDescription: '',
		psStatusMessage: '',
		psSum: null,
		reasonMarked: '',
		responsibleId: userId,
		sum: 0,
		updated1c: 'N',
		version1c: '',
		xmlId,
	};
}

const PAYMENT_KEYS = Object.keys(blankPayment(0, { currency: 'RUB', id: 0 }, '', 0, '', ''));

const PAYMENT_WRITABLE: Record<string, FieldType> = {
	orderId: 'integer',
	paySystemId: 'integer',
	paid: 'char',
	datePaid: 'datetime',
	empPaidId: 'integer',
	psStatus: 'string',
	psStatusCode: 'string',
	psStatusDescription: 'string',
	psStatusMessage: 'string',
	psSum: 'double',
	psCurrency: 'string',
	psResponseDate: 'datetime',
	payVoucherNum: 'string',
	payVoucherDate: 'datetime',
	datePayBefore: 'datetime',
	dateBill: 'datetime',
	xmlId: 'string',
	sum: 'double',
	companyId: 'integer',
	payReturnNum: 'string',
	priceCod: 'string',
	payReturnDate: 'date',
	empReturnId: 'integer',
	payReturnComment: 'string',
	responsibleId: 'integer',
	empResponsibleId: 'integer',
	isReturn: 'char',
	comments: 'string',
	updated1c: 'char',
	id1c: 'string',
	version1c: 'string',
	externalPayment: 'char',
	psInvoiceId: 'integer',
	marked: 'char',
	reasonMarked: 'string',
	empMarkedId: 'integer',
};

function applyPaymentPatch(row: Row, patch: Row, userId: number, now: string): void {
	if (patch.paid !== undefined && patch.paid !== row.paid) {
		if (patch.paid === 'Y') {
			if (patch.datePaid === undefined) row.datePaid = now;
			if (patch.empPaidId === undefined) row.empPaidId = userId;
		} else {
			row.datePaid = null;
			row.empPaidId = null;
		}
	}
	if (patch.marked === 'Y' && row.marked !== 'Y') row.dateMarked = now;
	if (patch.responsibleId !== undefined && patch.responsibleId !== row.responsibleId) row.dateResponsibleId = now;
	Object.assign(row, patch, { id: row.id, orderId: row.orderId });
	if (patch.paySystemId !== undefined) Object.assign(row, paySystemFields(patch.paySystemId));
}

export function blankShipment(id: number, order: Row, accountNumber: string, now: string, xmlId: string): Row {
	return {
		accountNumber,
		allowDelivery: 'N',
		basePriceDelivery: 0,
		canceled: 'N',
		comments: '',
		companyId: 0,
		currency: order.currency,
		customPriceDelivery: 'N',
		dateAllowDelivery: null,
		dateCanceled: null,
		dateDeducted: null,
		dateInsert: now,
		dateMarked: null,
		dateResponsibleId: now,
		deducted: 'N',
		deliveryDocDate: null,
		deliveryDocNum: '',
		deliveryId: 1,
		deliveryName: 'Без доставки',
		deliveryXmlId: '',
		discountPrice: null,
		empAllowDeliveryId: null,
		empCanceledId: null,
		empDeductedId: null,
		empMarkedId: null,
		empResponsibleId: null,
		externalDelivery: 'N',
		id,
		id1c: '',
		marked: 'N',
		orderId: order.id,
		priceDelivery: 0,
		reasonMarked: '',
		reasonUndoDeducted: '',
		responsibleId: 0,
		statusId: 'DN',
		statusXmlId: '',
		system: 'N',
		trackingDescription: '',
		trackingLastCheck: '',
		trackingNumber: '',
		trackingStatus: '',
		updated1c: 'N',
		version1c: '',
		xmlId,
	};
}

const SHIPMENT_KEYS = Object.keys(blankShipment(0, { currency: 'RUB', id: 0 }, '', '', ''));

const SHIPMENT_WRITABLE: Record<string, FieldType> = {
	orderId: 'integer',
	allowDelivery: 'char',
	deducted: 'char',
	deliveryId: 'integer',
	statusId: 'string',
	deliveryDocDate: 'datetime',
	deliveryDocNum: 'string',
	trackingNumber: 'string',
	trackingDescription: 'string',
	trackingStatus: 'string',
	basePriceDelivery: 'double',
	priceDelivery: 'double',
	comments: 'string',
	companyId: 'integer',
	responsibleId: 'integer',
	xmlId: 'string',
	id1c: 'string',
	version1c: 'string',
	updated1c: 'char',
	canceled: 'char',
	marked: 'char',
	reasonMarked: 'string',
	externalDelivery: 'char',
};

function applyShipmentPatch(row: Row, patch: Row, userId: number, now: string): void {
	if (patch.deliveryId !== undefined && !deliveryById(patch.deliveryId)) throw SaleErrors.wrongDelivery();
	if (patch.deducted !== undefined && patch.deducted !== row.deducted) {
		row.dateDeducted = now;
		row.empDeductedId = userId;
	}
	if (patch.allowDelivery !== undefined && patch.allowDelivery !== row.allowDelivery) {
		row.dateAllowDelivery = now;
		row.empAllowDeliveryId = userId;
	}
	if (patch.canceled !== undefined && patch.canceled !== row.canceled) {
		row.dateCanceled = patch.canceled === 'Y' ? now : null;
		row.empCanceledId = patch.canceled === 'Y' ? userId : null;
	}
	if (patch.marked === 'Y' && row.marked !== 'Y') Object.assign(row, { dateMarked: now, empMarkedId: userId });
	if (patch.responsibleId !== undefined && patch.responsibleId !== row.responsibleId) {
		Object.assign(row, { dateResponsibleId: now, empResponsibleId: userId });
	}
	Object.assign(row, patch, { id: row.id, orderId: row.orderId });
	if (patch.deliveryId !== undefined) row.deliveryName = deliveryById(patch.deliveryId)?.NAME ?? '';
	if (patch.basePriceDelivery !== undefined && patch.priceDelivery === undefined) row.priceDelivery = patch.basePriceDelivery;
	if (patch.priceDelivery !== undefined) {
		row.customPriceDelivery = patch.priceDelivery !== row.basePriceDelivery ? 'Y' : 'N';
	}
	row.priceDelivery = round2(Number(row.priceDelivery) || 0);
}

function def(handler: MethodDef['handler']): MethodDef {
	return { scope: 'sale', crmAccess: 'sale', handler };
}

function orderForChild(ctx: CallContext, fields: Record<string, unknown>): Row {
	const order = orders(ctx.portal.store).get(Number(fields.orderId));
	if (!order) throw SaleErrors.orderLoad();
	return order;
}

function registerPayments(reg: Registry): void {
	const must = (store: Store, id: number) => {
		const row = payments(store).get(id);
		if (!row) throw SaleErrors.paymentNotFound();
		return row;
	};
	reg.define('sale.payment.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = canonical(saleFields(ctx.params), Object.keys(PAYMENT_WRITABLE));
		const absent = missing(fields, ['orderId', 'paySystemId']);
		if (absent.length) throw SaleErrors.required(absent);
		const order = orderForChild(ctx, fields);
		const now = nowIso(ctx.portal);
		const row = blankPayment(payments(store).nextId, order, subAccountNumber(store, order), ctx.auth.userId, now, bxXmlId(store));
		const patch = typedFields(fields, PAYMENT_WRITABLE);
		if (patch.sum === undefined) {
			const other = ofOrder(payments(store).all(), Number(order.id)).reduce((s, p) => s + Number(p.sum), 0);
			patch.sum = Math.max(0, round2(Number(order.price) - other));
		}
		applyPaymentPatch(row, patch, ctx.auth.userId, now);
		payments(store).insert(row);
		ctx.portal.emit('ONPAYMENTENTITYSAVED', { ID: row.id });
		saveOrder(ctx, Number(order.id));
		return { payment: paymentView(row) };
	}));
	reg.define('sale.payment.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = saleId(ctx.params);
		const fields = canonical(saleFields(ctx.params), Object.keys(PAYMENT_WRITABLE));
		const row = must(store, id);
		applyPaymentPatch(row, typedFields(fields, PAYMENT_WRITABLE), ctx.auth.userId, nowIso(ctx.portal));
		ctx.portal.emit('ONPAYMENTENTITYSAVED', { ID: row.id });
		saveOrder(ctx, Number(row.orderId));
		return { payment: paymentView(row) };
	}));
	reg.define('sale.payment.get', def((ctx) => ({ payment: paymentView(must(ctx.portal.store, saleId(ctx.params))) })));
	reg.define('sale.payment.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = must(store, saleId(ctx.params));
		if (row.paid === 'Y') throw SaleErrors.paymentPaid();
		payments(store).delete(row.id);
		ctx.portal.emit('ONPAYMENTDELETED', { ID: row.id });
		saveOrder(ctx, Number(row.orderId));
		return true;
	}));
	reg.define('sale.payment.list', def((ctx) => saleList(payments(ctx.portal.store).all(), ctx.params, ctx.start, PAYMENT_KEYS, 'payments')));
}

function registerShipments(reg: Registry): void {
	const must = (store: Store, id: number) => {
		const row = shipments(store).get(id);
		if (!row) throw SaleErrors.shipmentNotFound();
		return row;
	};
	reg.define('sale.shipment.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = canonical(saleFields(ctx.params), Object.keys(SHIPMENT_WRITABLE));
		const absent = missing(fields, ['orderId', 'allowDelivery', 'deducted', 'deliveryId']);
		if (absent.length) throw SaleErrors.required(absent);
		const order = orderForChild(ctx, fields);
		const now = nowIso(ctx.portal);
		const row = blankShipment(shipments(store).nextId, order, subAccountNumber(store, order), now, bxXmlId(store));
		applyShipmentPatch(row, typedFields(fields, SHIPMENT_WRITABLE), ctx.auth.userId, now);
		shipments(store).insert(row);
		ctx.portal.emit('ONSHIPMENTENTITYSAVED', { ID: row.id });
		saveOrder(ctx, Number(order.id));
		return { shipment: shipmentView(store, row, 'short') };
	}));
	reg.define('sale.shipment.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = saleId(ctx.params);
		const fields = canonical(saleFields(ctx.params), Object.keys(SHIPMENT_WRITABLE));
		const row = must(store, id);
		applyShipmentPatch(row, typedFields(fields, SHIPMENT_WRITABLE), ctx.auth.userId, nowIso(ctx.portal));
		ctx.portal.emit('ONSHIPMENTENTITYSAVED', { ID: row.id });
		saveOrder(ctx, Number(row.orderId));
		return { shipment: shipmentView(store, row, 'short') };
	}));
	reg.define('sale.shipment.get', def((ctx) => ({ shipment: shipmentView(ctx.portal.store, must(ctx.portal.store, saleId(ctx.params)), 'short') })));
	reg.define('sale.shipment.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = must(store, saleId(ctx.params));
		if (row.deducted === 'Y') throw SaleErrors.shipmentShipped();
		for (const i of shipmentItems(store).where((x) => x.orderDeliveryId === row.id)) shipmentItems(store).delete(i.id);
		shipments(store).delete(row.id);
		ctx.portal.emit('ONSHIPMENTDELETED', { ID: row.id });
		saveOrder(ctx, Number(row.orderId));
		return true;
	}));
	reg.define('sale.shipment.list', def((ctx) =>
		saleList(shipments(ctx.portal.store).all(), ctx.params, ctx.start, SHIPMENT_KEYS, 'shipments', sortedKeys),
	));
}

export function registerPaymentsAndShipments(reg: Registry): void {
	registerPayments(reg);
	registerShipments(reg);
}

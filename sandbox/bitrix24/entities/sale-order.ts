/**
 * `sale.order.*`: orders with their views (list row, add/update answer, the full `get` answer
 * with basket, payments, shipments, property values, clients, requisite link, trade bindings)
 * and the recalculation that keeps `price`, `taxValue`, `payed` and `deducted` consistent with
 * the basket, shipments and payments.
 */
import type { CallContext, MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { nowIso, type FieldType } from './common';
import {
	SaleErrors,
	basketItems,
	bxXmlId,
	missing,
	orderClients,
	orders,
	payments,
	propertyValues,
	round2,
	saleFields,
	saleId,
	saleList,
	shipmentItems,
	shipments,
	sortedKeys,
	typedFields,
} from './sale-common';

export function blankOrder(id: number, userId: number, now: string, xmlId: string): Row {
	return {
		accountNumber: String(id),
		additionalInfo: '',
		affiliateId: null,
		canceled: 'N',
		comments: '',
		companyId: null,
		currency: 'RUB',
		dateCanceled: null,
		dateInsert: now,
		dateLock: null,
		dateMarked: null,
		dateStatus: now,
		dateUpdate: now,
		deducted: 'N',
		discountValue: 0,
		empCanceledId: null,
		empMarkedId: null,
		empStatusId: userId,
		externalOrder: 'N',
		id,
		id1c: '',
		lid: 's1',
		lockedBy: '',
		marked: 'N',
		orderTopic: '',
		payed: 'N',
		personTypeId: 1,
		personTypeXmlId: '',
		price: 0,
		reasonCanceled: '',
		reasonMarked: '',
		recountFlag: 'Y',
		recurringId: '',
		responsibleId: userId,
		statusId: 'N',
		statusXmlId: '',
		taxValue: 0,
		updated1c: 'N',
		userDescription: '',
		userId,
		version: 0,
		version1c: '',
		xmlId,
	};
}

export const ORDER_KEYS = Object.keys(blankOrder(0, 0, '', ''));

/** Writable order fields (sale.order.add); update accepts the same minus the create-only ones. */
const ORDER_WRITABLE: Record<string, FieldType> = {
	lid: 'string',
	personTypeId: 'integer',
	currency: 'string',
	price: 'double',
	discountValue: 'double',
	statusId: 'string',
	empStatusId: 'integer',
	dateInsert: 'datetime',
	marked: 'char',
	empMarkedId: 'integer',
	reasonMarked: 'string',
	userDescription: 'string',
	additionalInfo: 'string',
	comments: 'string',
	responsibleId: 'integer',
	recurringId: 'string',
	lockedBy: 'string',
	recountFlag: 'char',
	affiliateId: 'integer',
	updated1c: 'char',
	orderTopic: 'string',
	xmlId: 'string',
	id1c: 'string',
	version1c: 'string',
	externalOrder: 'char',
	canceled: 'char',
	empCanceledId: 'integer',
	reasonCanceled: 'string',
	userId: 'integer',
	companyId: 'integer',
};
const CREATE_ONLY = ['lid', 'personTypeId', 'currency', 'userId'];

/** Field names matched case-insensitively to the canonical camelCase names. */
export function canonical(fields: Record<string, unknown>, names: string[]): Record<string, unknown> {
	const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(fields)) out[byLower.get(k.toLowerCase()) ?? k] = v;
	return out;
}

/** Status / cancel / mark changes carry their dates and users. */
function applyOrderPatch(row: Row, patch: Row, userId: number, now: string): void {
	if (patch.statusId !== undefined && patch.statusId !== row.statusId) {
		row.dateStatus = now;
		if (patch.empStatusId === undefined) row.empStatusId = userId;
	}
	if (patch.canceled !== undefined && patch.canceled !== row.canceled) {
		row.dateCanceled = patch.canceled === 'Y' ? now : null;
		if (patch.empCanceledId === undefined) row.empCanceledId = patch.canceled === 'Y' ? userId : null;
	}
	if (patch.marked !== undefined && patch.marked !== row.marked) {
		row.dateMarked = patch.marked === 'Y' ? now : null;
		if (patch.empMarkedId === undefined) row.empMarkedId = patch.marked === 'Y' ? userId : null;
	}
	Object.assign(row, patch, { id: row.id });
}

export const ofOrder = (rows: Row[], orderId: number) => rows.filter((r) => r.orderId === orderId);

/** Recompute price/tax/discount from the basket (when it has items) and payed/deducted flags. */
export function refreshOrder(store: Store, orderId: number): Row | undefined {
	const order = orders(store).get(orderId);
	if (!order) return undefined;
	const basket = ofOrder(basketItems(store).all(), orderId);
	const pays = ofOrder(payments(store).all(), orderId);
	const ships = ofOrder(shipments(store).all(), orderId);
	if (basket.length > 0) {
		let goods = 0;
		let tax = 0;
		let taxOnTop = 0;
		let discount = 0;
		for (const b of basket) {
			const q = Number(b.quantity) || 0;
			const line = (Number(b.price) || 0) * q;
			const rate = b.vatRate === null || b.vatRate === undefined ? 0 : Number(b.vatRate);
			goods += line;
			discount += (Number(b.discountPrice) || 0) * q;
			if (rate > 0) {
				if (b.vatIncluded === 'Y') tax += (line * rate) / (1 + rate);
				else {
					tax += line * rate;
					taxOnTop += line * rate;
				}
			}
		}
		const delivery = ships.reduce((s, x) => s + (Number(x.priceDelivery) || 0), 0);
		order.price = round2(goods + taxOnTop + delivery);
		order.taxValue = round2(tax);
		order.discountValue = round2(discount);
	}
	order.payed = pays.length > 0 && pays.every((p) => p.paid === 'Y') ? 'Y' : 'N';
	order.deducted = ships.length > 0 && ships.every((s) => s.deducted === 'Y') ? 'Y' : 'N';
	return order;
}

/** Recalculate, bump the version and tell the handlers (every API change of an order). */
export function saveOrder(ctx: CallContext, orderId: number): Row | undefined {
	const order = refreshOrder(ctx.portal.store, orderId);
	if (!order) return undefined;
	order.version = Number(order.version) + 1;
	order.dateUpdate = nowIso(ctx.portal);
	ctx.portal.emit('ONSALEORDERSAVED', { ID: order.id, XML_ID: order.xmlId, ACTION: 'save' });
	return order;
}

export function mustOrder(store: Store, id: number): Row {
	const row = orders(store).get(id);
	if (!row) throw SaleErrors.orderNotFound();
	return row;
}

export function paymentView(row: Row): Row {
	return sortedKeys(row);
}

export function shipmentView(store: Store, row: Row, items: 'none' | 'short' | 'full'): Row {
	const out: Row = { ...row };
	if (items !== 'none') {
		out.shipmentItems = shipmentItems(store)
			.where((i) => i.orderDeliveryId === row.id)
			.map((i) => {
				const item = sortedKeys(i);
				if (items === 'short') delete item.dateInsert;
				return item;
			});
	}
	return sortedKeys(out);
}

function clientsOf(store: Store, orderId: number): Row[] {
	return ofOrder(orderClients(store).all(), orderId).map(sortedKeys);
}

/** `sale.order.add|update` answer: the order fields with clients and requisite link. */
export function orderShortView(store: Store, row: Row): Row {
	return sortedKeys({ ...row, clients: clientsOf(store, Number(row.id)), requisiteLink: [] });
}

/** `sale.order.get` answer (basket `id`/`orderId` are strings there, as the portal sends them). */
export function orderFullView(store: Store, row: Row): Row {
	const id = Number(row.id);
	const basket = ofOrder(basketItems(store).all(), id).map((b) => ({ ...sortedKeys(b), id: String(b.id), orderId: String(b.orderId) }));
	const props = ofOrder(propertyValues(store).all(), id).map((p) => {
		const v = sortedKeys(p);
		delete v.orderId;
		return v;
	});
	return sortedKeys({
		...row,
		basketItems: basket,
		clients: clientsOf(store, id),
		payments: ofOrder(payments(store).all(), id).map(paymentView),
		propertyValues: props,
		requisiteLink: [],
		shipments: ofOrder(shipments(store).all(), id).map((s) => shipmentView(store, s, 'full')),
		tradeBindings: [],
	});
}

function removeOrder(store: Store, id: number): void {
	for (const s of ofOrder(shipments(store).all(), id)) {
		for (const i of shipmentItems(store).where((x) => x.orderDeliveryId === s.id)) shipmentItems(store).delete(i.id);
		shipments(store).delete(s.id);
	}
	for (const t of [basketItems(store), payments(store), propertyValues(store), orderClients(store)]) {
		for (const r of ofOrder(t.all(), id)) t.delete(r.id);
	}
	orders(store).delete(id);
}

function def(handler: MethodDef['handler']): MethodDef {
	return { scope: 'sale', crmAccess: 'sale', handler };
}

export function registerOrders(reg: Registry): void {
	reg.define('sale.order.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = canonical(saleFields(ctx.params), Object.keys(ORDER_WRITABLE));
		const absent = missing(fields, ['lid', 'personTypeId', 'currency']);
		if (absent.length) throw SaleErrors.required(absent);
		const now = nowIso(ctx.portal);
		const id = orders(store).nextId;
		const row = orders(store).insert(blankOrder(id, ctx.auth.userId, now, bxXmlId(store)));
		applyOrderPatch(row, typedFields(fields, ORDER_WRITABLE), ctx.auth.userId, now);
		const saved = saveOrder(ctx, id) as Row;
		return { order: orderShortView(store, saved) };
	}));
	reg.define('sale.order.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = saleId(ctx.params);
		const fields = canonical(saleFields(ctx.params), Object.keys(ORDER_WRITABLE));
		const row = mustOrder(store, id);
		const patch = typedFields(fields, ORDER_WRITABLE);
		for (const k of CREATE_ONLY) delete patch[k];
		applyOrderPatch(row, patch, ctx.auth.userId, nowIso(ctx.portal));
		return { order: orderShortView(store, saveOrder(ctx, id) as Row) };
	}));
	reg.define('sale.order.get', def((ctx) => ({ order: orderFullView(ctx.portal.store, mustOrder(ctx.portal.store, saleId(ctx.params))) })));
	reg.define('sale.order.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = mustOrder(store, saleId(ctx.params));
		if (ofOrder(payments(store).all(), Number(row.id)).some((p) => p.paid === 'Y')) throw SaleErrors.orderHasPaid();
		removeOrder(store, Number(row.id));
		ctx.portal.emit('ONORDERDELETED', { ID: row.id });
		return true;
	}));
	reg.define('sale.order.list', def((ctx) => saleList(orders(ctx.portal.store).all(), ctx.params, ctx.start, ORDER_KEYS, 'orders')));
}

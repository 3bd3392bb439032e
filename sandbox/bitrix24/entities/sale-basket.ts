/**
 * `sale.basketitem.*`: order positions. With a real `productId` and `customPrice` ≠ `Y` the
 * name, unit, VAT and price come from the catalog (as the portal does); every change recomputes
 * the order's price and saves the order.
 */
import type { MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { basePriceRow, measureById, products, vatById } from './catalog-common';
import { nowIso, type FieldType } from './common';
import {
	SaleErrors,
	basketItems,
	bxXmlId,
	missing,
	orders,
	round2,
	saleFields,
	saleId,
	saleList,
	shipmentItems,
	sortedKeys,
	typedFields,
} from './sale-common';
import { canonical, saveOrder } from './sale-order';

export const DIMENSIONS = 'a:3:{s:5:"WIDTH";N;s:6:"HEIGHT";N;s:6:"LENGTH";N;}';

export function blankBasketItem(id: number, orderId: number, now: string, xmlId: string): Row {
	return {
		barcodeMulti: 'N',
		basePrice: 0,
		canBuy: 'Y',
		catalogXmlId: '',
		currency: 'RUB',
		customPrice: 'N',
		dateInsert: now,
		dateUpdate: now,
		dimensions: DIMENSIONS,
		discountPrice: 0,
		id,
		measureCode: '796',
		measureName: 'шт',
		name: '',
		orderId,
		price: 0,
		productId: 0,
		productXmlId: '',
		properties: [],
		quantity: 1,
		reservations: [],
		sort: 100,
		type: null,
		vatIncluded: 'N',
		vatRate: null,
		weight: 0,
		xmlId,
	};
}

export const BASKET_KEYS = Object.keys(blankBasketItem(0, 0, '', ''));

const BASKET_WRITABLE: Record<string, FieldType> = {
	orderId: 'integer',
	sort: 'integer',
	productId: 'integer',
	price: 'double',
	basePrice: 'double',
	discountPrice: 'double',
	currency: 'string',
	customPrice: 'char',
	quantity: 'double',
	xmlId: 'string',
	name: 'string',
	weight: 'double',
	dimensions: 'string',
	measureCode: 'string',
	measureName: 'string',
	canBuy: 'char',
	vatRate: 'double',
	vatIncluded: 'char',
	catalogXmlId: 'string',
	productXmlId: 'string',
};

/** Catalog data of a product for a basket row (name, unit, VAT, base price). */
export function catalogBasketData(store: Store, productId: number): Row | undefined {
	const p = products(store).get(productId);
	if (!p) return undefined;
	const m = measureById(p.measure);
	const vat = vatById(p.vatId);
	const price = basePriceRow(store, productId);
	const out: Row = {
		name: p.name,
		measureCode: String(m.code),
		measureName: m.symbol,
		vatRate: vat && vat.rate !== null ? vat.rate / 100 : null,
		vatIncluded: p.vatIncluded,
		productXmlId: p.xmlId,
		type: p.type === 7 ? 2 : null,
	};
	if (price) out.basePrice = price.price;
	return out;
}

/** Apply a patch to a basket row, keeping basePrice = price + discountPrice. */
function applyBasketPatch(store: Store, row: Row, patch: Row): void {
	Object.assign(row, patch, { id: row.id });
	if (Number(row.productId) > 0 && row.customPrice !== 'Y') {
		const data = catalogBasketData(store, Number(row.productId));
		if (!data) throw SaleErrors.basketBadData();
		Object.assign(row, data);
		row.discountPrice = round2(Number(row.discountPrice) || 0);
		row.price = round2(Number(row.basePrice) - Number(row.discountPrice));
	} else if (patch.price !== undefined && patch.basePrice === undefined && patch.discountPrice === undefined) {
		row.basePrice = round2(Number(row.price) + (Number(row.discountPrice) || 0));
	} else {
		row.discountPrice = round2(Number(row.basePrice) - Number(row.price));
	}
}

const basketView = sortedKeys;

function mustBasket(store: Store, id: number): Row {
	const row = basketItems(store).get(id);
	if (!row) throw SaleErrors.basketNotFound();
	return row;
}

function def(handler: MethodDef['handler']): MethodDef {
	return { scope: 'sale', crmAccess: 'sale', handler };
}

export function registerBasket(reg: Registry): void {
	reg.define('sale.basketitem.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = canonical(saleFields(ctx.params), Object.keys(BASKET_WRITABLE));
		if (fields.orderId === undefined || fields.orderId === '') throw SaleErrors.basketNoOrder();
		const order = orders(store).get(Number(fields.orderId));
		if (!order) throw SaleErrors.basketOrderNotFound();
		const absent = missing(fields, ['productId', 'currency', 'quantity']);
		if (absent.length) throw SaleErrors.required(absent);
		if (String(fields.currency) !== order.currency) throw SaleErrors.basketCurrency();
		const fromCatalog = Number(fields.productId) > 0 && fields.customPrice !== 'Y';
		if (!fromCatalog && missing(fields, ['name']).length) throw SaleErrors.required(['name']);
		const now = nowIso(ctx.portal);
		const row = blankBasketItem(basketItems(store).nextId, Number(order.id), now, bxXmlId(store));
		const patch = typedFields(fields, BASKET_WRITABLE);
		if (fields.vatRate === '') patch.vatRate = null;
		applyBasketPatch(store, row, patch);
		basketItems(store).insert(row);
		saveOrder(ctx, Number(order.id));
		return { basketItem: basketView(row) };
	}));
	reg.define('sale.basketitem.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = saleId(ctx.params);
		const fields = canonical(saleFields(ctx.params), Object.keys(BASKET_WRITABLE));
		const row = mustBasket(store, id);
		const patch = typedFields(fields, BASKET_WRITABLE);
		delete patch.orderId;
		if (fields.vatRate === '') patch.vatRate = null;
		if (patch.currency !== undefined && patch.currency !== row.currency) throw SaleErrors.basketCurrency();
		applyBasketPatch(store, row, { ...patch, dateUpdate: nowIso(ctx.portal) });
		saveOrder(ctx, Number(row.orderId));
		return { basketItem: basketView(row) };
	}));
	reg.define('sale.basketitem.get', def((ctx) => ({ basketItem: basketView(mustBasket(ctx.portal.store, saleId(ctx.params))) })));
	reg.define('sale.basketitem.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = mustBasket(store, saleId(ctx.params));
		for (const i of shipmentItems(store).where((x) => x.basketId === row.id)) shipmentItems(store).delete(i.id);
		basketItems(store).delete(row.id);
		saveOrder(ctx, Number(row.orderId));
		return true;
	}));
	reg.define('sale.basketitem.list', def((ctx) =>
		saleList(basketItems(ctx.portal.store).all(), ctx.params, ctx.start, BASKET_KEYS, 'basketItems', basketView),
	));
}

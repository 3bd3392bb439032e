/**
 * Shared pieces of the online-store (`sale.*`) emulation: tables, dictionaries (statuses,
 * payment systems, delivery services, payer types), the family's numeric errors, parameter
 * checks and the list helper with the documented `{"error":0,"error_description":"error"}`.
 *
 * Dictionary ids chosen: payer types 1 «Физическое лицо», 2 «Юридическое лицо»; payment
 * systems 1 «Наличные», 2 «Оплата картой», 3 «Банковский перевод (Компании)»; delivery services
 * 1 «Без доставки», 2 «Доставка курьером», 3 «Самовывоз».
 */
import { RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import type { ListResult } from '../core/registry';
import type { Row, Store, Table } from '../core/store';
import { listRows, nextSeq, typedValue, type FieldType } from './common';
import { normalizeDate } from './catalog-common';

export const round2 = (n: number): number => Math.round(n * 100) / 100;

export const orders = (s: Store): Table => s.table('sale_order', 'id');
export const basketItems = (s: Store): Table => s.table('sale_basket_item', 'id');
export const payments = (s: Store): Table => s.table('sale_payment', 'id');
export const shipments = (s: Store): Table => s.table('sale_shipment', 'id');
export const shipmentItems = (s: Store): Table => s.table('sale_shipment_item', 'id');
export const propertyValues = (s: Store): Table => s.table('sale_property_value', 'id');
export const orderClients = (s: Store): Table => s.table('sale_order_client', 'id');

export const STATUSES: Row[] = [
	{ color: '#BEEDF1', id: 'N', notify: 'Y', sort: 10, type: 'O', xmlId: null },
	{ color: '#FFD6A5', id: 'S', notify: 'Y', sort: 20, type: 'O', xmlId: null },
	{ color: '#C7EFB3', id: 'P', notify: 'Y', sort: 30, type: 'O', xmlId: null },
	{ color: '#F2C0C0', id: 'D', notify: 'Y', sort: 40, type: 'O', xmlId: null },
	{ color: '#A7E0A7', id: 'F', notify: 'Y', sort: 200, type: 'O', xmlId: null },
	{ color: '#BEEDF1', id: 'DN', notify: 'Y', sort: 10, type: 'D', xmlId: null },
	{ color: '#F2C0C0', id: 'DD', notify: 'Y', sort: 20, type: 'D', xmlId: null },
	{ color: '#A7E0A7', id: 'DF', notify: 'Y', sort: 30, type: 'D', xmlId: null },
];

export const PERSON_TYPES: Row[] = [
	{ active: 'Y', code: 'CRM_CONTACT', id: 1, name: 'Физическое лицо', sort: '100', xmlId: '' },
	{ active: 'Y', code: 'CRM_COMPANY', id: 2, name: 'Юридическое лицо', sort: '110', xmlId: '' },
];

function paySystem(id: number, name: string, isCash: 'Y' | 'N', personTypeId: number, xmlId: string): Row {
	return {
		NAME: name,
		PSA_NAME: name,
		DESCRIPTION: '',
		ACTION_FILE: isCash === 'Y' ? 'cash' : id === 2 ? 'yandexcheckout' : 'bill',
		RESULT_FILE: null,
		NEW_WINDOW: 'N',
		PS_MODE: id === 2 ? 'bank_card' : null,
		HAVE_PAYMENT: 'N',
		HAVE_ACTION: 'N',
		HAVE_RESULT: 'N',
		HAVE_PREPAY: 'N',
		HAVE_PRICE: 'N',
		HAVE_RESULT_RECEIVE: id === 2 ? 'Y' : 'N',
		ENCODING: null,
		ACTIVE: 'Y',
		ALLOW_EDIT_PAYMENT: 'Y',
		IS_CASH: isCash,
		AUTO_CHANGE_1C: 'N',
		CAN_PRINT_CHECK: isCash === 'Y' ? 'Y' : 'N',
		ENTITY_REGISTRY_TYPE: 'ORDER',
		XML_ID: xmlId,
		ID: id,
		PERSON_TYPE_ID: personTypeId,
		SORT: id * 100,
		TARIFF: null,
	};
}

export const PAY_SYSTEMS: Row[] = [
	paySystem(1, 'Наличные', 'Y', 1, 'bx_64134ba550ffa'),
	paySystem(2, 'Оплата картой', 'N', 1, 'bx_65df3d512af59'),
	paySystem(3, 'Банковский перевод (Компании)', 'N', 2, 'bx_65df3d512b0c1'),
];

export const PAY_SYSTEM_BY_SEED: Record<string, number> = { cash: 1, card: 2, bank: 3 };

export const DELIVERIES: Row[] = [
	{ NAME: 'Без доставки', ACTIVE: 'Y', DESCRIPTION: '', CURRENCY: 'RUB', ID: 1, PARENT_ID: null, SORT: 100 },
	{ NAME: 'Доставка курьером', ACTIVE: 'Y', DESCRIPTION: 'Доставка курьером по городу', CURRENCY: 'RUB', ID: 2, PARENT_ID: null, SORT: 200 },
	{ NAME: 'Самовывоз', ACTIVE: 'Y', DESCRIPTION: 'Самовывоз со склада', CURRENCY: 'RUB', ID: 3, PARENT_ID: null, SORT: 300 },
];

export const DELIVERY_BY_SEED: Record<string, number> = { courier: 2, pickup: 3 };

export const paySystemById = (id: unknown): Row | undefined => PAY_SYSTEMS.find((p) => p.ID === Number(id));
export const deliveryById = (id: unknown): Row | undefined => DELIVERIES.find((d) => d.ID === Number(id));

export const SaleErrors = {
	list: () => new RestError(0, 'error'),
	noParam: (name: string) => new RestError(100, `Could not find value for parameter {${name}}`),
	required: (names: string[]) => new RestError(0, `Required fields: ${names.join(', ')}`),
	orderNotFound: () => new RestError(200540400001, 'order is not exists'),
	orderLoad: () => new RestError(0, 'Не удается загрузить заказ'),
	orderHasPaid: () => new RestError('SALE_ORDER_CANCEL_PAYMENT_EXIST_ACTIVE', 'У заказа есть активные оплаты'),
	paymentNotFound: () => new RestError(200640400001, 'payment is not exists'),
	paymentPaid: () => new RestError('SALE_PAYMENT_DELETE_EXIST_PAID', 'Нельзя удалить оплаченную оплату'),
	shipmentNotFound: () => new RestError(201140400001, 'shipment is not exists'),
	shipmentShipped: () => new RestError('SALE_SHIPMENT_EXIST_SHIPPED', 'Отгрузка уже отгружена. Отмените отгрузку'),
	wrongDelivery: () => new RestError('SALE_SHIPMENT_WRONG_DELIVERY_SERVICE', 'Не найдена служба доставки'),
	basketNotFound: () => new RestError(200140400001, 'basket item is not exists'),
	basketBadData: () => new RestError(200140400007, 'basket item is not saved - bad data'),
	basketNoOrder: () => new RestError(200140400008, 'Required fields: fields[ORDER_ID]'),
	basketOrderNotFound: () => new RestError(200140400009, 'Order not found'),
	basketCurrency: () => new RestError(200140400011, 'Currency must be the currency of the order'),
};

export function saleId(params: Params): number {
	const v = param(params, 'id');
	if (v === undefined || v === null || v === '') throw SaleErrors.noParam('id');
	return Number(v);
}

export function saleFields(params: Params): Record<string, unknown> {
	const f = param(params, 'fields');
	if (!isPlainObject(f) || Object.keys(f).length === 0) throw SaleErrors.noParam('fields');
	return f;
}

export function missing(fields: Record<string, unknown>, names: string[]): string[] {
	return names.filter((k) => fields[k] === undefined || fields[k] === null || fields[k] === '');
}

/** Typed values of the writable fields present in a request (others are ignored). */
export function typedFields(fields: Record<string, unknown>, types: Record<string, FieldType>): Row {
	const out: Row = {};
	for (const [key, type] of Object.entries(types)) {
		if (!(key in fields)) continue;
		const v = fields[key];
		if (type === 'datetime' || type === 'date') out[key] = normalizeDate(v);
		else if (type === 'string') out[key] = v === null || v === undefined ? '' : String(v);
		else out[key] = typedValue(v, type);
	}
	return out;
}

/** A `bx_…` external id as the store generates (deterministic here). */
export function bxXmlId(store: Store): string {
	return 'bx_' + (0x6617e02c00000 + nextSeq(store, 'sale_xml_id') * 0x9e37).toString(16).slice(0, 13);
}

export function sortedKeys(row: Row): Row {
	const out: Row = {};
	for (const k of Object.keys(row).sort()) out[k] = row[k];
	return out;
}

function isListParam(v: unknown): boolean {
	return v === undefined || v === null || v === '' || Array.isArray(v) || isPlainObject(v);
}

/**
 * A sale.* list: `select` must be a list of known fields, `filter`/`order` objects over known
 * fields; anything else is the documented `{"error":0,"error_description":"error"}`.
 */
export function saleList(
	rows: Row[],
	params: Params,
	start: number | undefined,
	fields: string[],
	wrapKey: string,
	view: (r: Row) => Row = sortedKeys,
): ListResult {
	const known = new Set(fields.map((f) => f.toLowerCase()));
	const select = param(params, 'select');
	const filter = param(params, 'filter');
	const order = param(params, 'order');
	if (!isListParam(select) || (select && !Array.isArray(select) && !isPlainObject(select))) throw SaleErrors.list();
	for (const s of asList(select).map(String)) if (s !== '*' && !known.has(s.toLowerCase())) throw SaleErrors.list();
	for (const v of [filter, order]) {
		if (!isListParam(v) || (Array.isArray(v) && v.length > 0)) throw SaleErrors.list();
	}
	if (isPlainObject(order)) for (const k of Object.keys(order)) if (!known.has(k.toLowerCase())) throw SaleErrors.list();
	return listRows(rows, params, start, {
		idKey: 'id',
		defaultSelect: ['*'],
		view,
		filter: {
			allowed: (f) => known.has(f.toLowerCase()),
			unknownField: () => SaleErrors.list(),
		},
		wrap: (page) => ({ [wrapKey]: page }),
	});
}

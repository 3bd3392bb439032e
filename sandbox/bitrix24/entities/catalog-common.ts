/**
 * The product catalog shared by `catalog.*` (typed camelCase) and the deprecated `crm.product.*`
 * (upper-case strings): one `catalog_product` table, base prices in `catalog_price`, sections
 * (product groups) in `catalog_section`. VAT rates and units of measure are fixed dictionaries
 * (a fresh portal has them even without seed data).
 *
 * Ids chosen (documented, stable): VAT 1 «Без НДС» (rate null), 2 «НДС 0%», 3 «НДС 20%»,
 * 4 «НДС 10%» — 1..3 as on a fresh Russian portal and in the docs examples. Measures 1 м (6),
 * 2 л (112), 3 г (163), 4 кг (166), 5 шт (796, default), 6 упак (778). Catalog iblock 23,
 * base price type 1.
 */
import { RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { isPlainObject } from '../core/php';
import type { Portal } from '../core/registry';
import type { Row, Store, Table } from '../core/store';
import { isoWithOffset } from '../core/time';
import { nextSeq, nowIso, typedValue, type FieldType } from './common';

export const CATALOG_IBLOCK_ID = 23;
export const BASE_PRICE_TYPE = 1;
/** Product types (`type`): 1 simple product, 7 service. */
export const TYPE_PRODUCT = 1;
export const TYPE_SERVICE = 7;

const DICT_DATE = '2025-01-10T10:00:00+03:00';

export interface Vat {
	id: number;
	name: string;
	rate: number | null;
	sort: number;
}

export const VATS: Vat[] = [
	{ id: 1, name: 'Без НДС', rate: null, sort: 100 },
	{ id: 2, name: 'НДС 0%', rate: 0, sort: 200 },
	{ id: 3, name: 'НДС 20%', rate: 20, sort: 300 },
	{ id: 4, name: 'НДС 10%', rate: 10, sort: 400 },
];

export function vatIdByRate(rate: number | null | undefined): number {
	return VATS.find((v) => v.rate === (rate ?? null))?.id ?? 1;
}

export function vatById(id: unknown): Vat | undefined {
	return VATS.find((v) => v.id === Number(id));
}

export interface Measure {
	id: number;
	code: number;
	title: string;
	symbol: string;
	symbolIntl: string;
	letterIntl: string;
	isDefault: boolean;
}

export const MEASURES: Measure[] = [
	{ id: 1, code: 6, title: 'Метр', symbol: 'м', symbolIntl: 'm', letterIntl: 'MTR', isDefault: false },
	{ id: 2, code: 112, title: 'Литр', symbol: 'л', symbolIntl: 'l', letterIntl: 'LTR', isDefault: false },
	{ id: 3, code: 163, title: 'Грамм', symbol: 'г', symbolIntl: 'g', letterIntl: 'GRM', isDefault: false },
	{ id: 4, code: 166, title: 'Килограмм', symbol: 'кг', symbolIntl: 'kg', letterIntl: 'KGM', isDefault: false },
	{ id: 5, code: 796, title: 'Штука', symbol: 'шт', symbolIntl: 'pc. 1', letterIntl: 'PCE', isDefault: true },
	{ id: 6, code: 778, title: 'Упаковка', symbol: 'упак', symbolIntl: 'pack', letterIntl: 'NMP', isDefault: false },
];

export const DEFAULT_MEASURE_ID = 5;

export function measureByCode(code: unknown): Measure | undefined {
	return MEASURES.find((m) => m.code === Number(code));
}

export function measureById(id: unknown): Measure {
	return MEASURES.find((m) => m.id === Number(id)) ?? MEASURES[DEFAULT_MEASURE_ID - 1];
}

export const vatRow = (v: Vat): Row => ({ active: 'Y', id: v.id, name: v.name, rate: v.rate, sort: v.sort, timestampX: DICT_DATE });

export const measureRow = (m: Measure): Row => ({
	code: m.code,
	id: m.id,
	isDefault: m.isDefault ? 'Y' : 'N',
	measureTitle: m.title,
	symbol: m.symbol,
	symbolIntl: m.symbolIntl,
	symbolLetterIntl: m.letterIntl,
});

export const products = (s: Store): Table => s.table('catalog_product', 'id');
export const prices = (s: Store): Table => s.table('catalog_price', 'id');
export const sections = (s: Store): Table => s.table('catalog_section', 'id');
export const documentElements = (s: Store): Table => s.table('catalog_document_element', 'id');

/** Writable typed fields of a catalog product and their request types. */
export const PRODUCT_FIELDS: Record<string, FieldType> = {
	iblockId: 'integer',
	name: 'string',
	active: 'char',
	code: 'string',
	xmlId: 'string',
	barcodeMulti: 'char',
	canBuyZero: 'char',
	createdBy: 'integer',
	modifiedBy: 'integer',
	dateActiveFrom: 'datetime',
	dateActiveTo: 'datetime',
	dateCreate: 'datetime',
	iblockSectionId: 'integer',
	measure: 'integer',
	previewText: 'string',
	detailText: 'string',
	previewTextType: 'string',
	detailTextType: 'string',
	sort: 'integer',
	subscribe: 'char',
	vatId: 'integer',
	vatIncluded: 'char',
	height: 'double',
	length: 'double',
	weight: 'double',
	width: 'double',
	quantityTrace: 'char',
	purchasingCurrency: 'string',
	purchasingPrice: 'double',
	quantity: 'double',
	quantityReserved: 'double',
	recurSchemeLength: 'integer',
	recurSchemeType: 'string',
	trialPriceId: 'integer',
	withoutOrder: 'char',
};

/** A new product row with the portal's defaults (every documented field present). */
export function blankProduct(id: number, userId: number, now: string): Row {
	return {
		active: 'Y',
		available: 'Y',
		barcodeMulti: 'N',
		bundle: 'N',
		canBuyZero: 'N',
		code: null,
		createdBy: userId,
		dateActiveFrom: null,
		dateActiveTo: null,
		dateCreate: now,
		detailPicture: null,
		detailText: null,
		detailTextType: 'text',
		height: null,
		iblockId: CATALOG_IBLOCK_ID,
		iblockSectionId: null,
		id,
		length: null,
		measure: DEFAULT_MEASURE_ID,
		modifiedBy: userId,
		name: '',
		previewPicture: null,
		previewText: null,
		previewTextType: 'text',
		purchasingCurrency: 'RUB',
		purchasingPrice: null,
		quantity: 0,
		quantityReserved: 0,
		quantityTrace: 'D',
		recurSchemeLength: 0,
		recurSchemeType: 'D',
		sort: 500,
		subscribe: 'D',
		timestampX: now,
		trialPriceId: null,
		type: TYPE_PRODUCT,
		vatId: null,
		vatIncluded: 'N',
		weight: null,
		width: null,
		withoutOrder: 'N',
		xmlId: String(id),
	};
}

/** Request values of a catalog product → typed patch (pictures and `propertyN` included). */
export function productPatch(store: Store, productId: number, fields: Record<string, unknown>): Row {
	const patch: Row = {};
	for (const [key, value] of Object.entries(fields)) {
		const type = PRODUCT_FIELDS[key];
		if (type) {
			patch[key] = type === 'datetime' ? normalizeDate(value) : typedValue(value, type);
		} else if (key === 'previewPicture' || key === 'detailPicture') {
			patch[key] = pictureValue(store, productId, key, value);
		} else if (/^property\d+$/.test(key)) {
			patch[key] = propertyValue(store, value);
		}
	}
	return patch;
}

/** An ISO date with the portal's offset (+03:00); unparsable input is kept as sent. */
export function normalizeDate(v: unknown): unknown {
	if (v === null || v === undefined || v === '') return null;
	const s = String(v);
	const local = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(s);
	const ms = Date.parse(local ? `${s.length === 10 ? s + 'T00:00:00' : s}+03:00` : s);
	return Number.isFinite(ms) ? isoWithOffset(ms) : s;
}

function pictureValue(store: Store, productId: number, field: string, value: unknown): unknown {
	if (!isPlainObject(value)) return null;
	if (value.remove === 'Y') return null;
	if (!Array.isArray(value.fileData)) return null;
	const fileId = String(nextSeq(store, 'catalog_file') + 6400);
	const url =
		`/rest/catalog.product.download?fields%5BfieldName%5D=${field}` +
		`&fields%5BfileId%5D=${fileId}&fields%5BproductId%5D=${productId}`;
	return { id: fileId, url, urlMachine: url };
}

function propertyValue(store: Store, value: unknown): unknown {
	const one = (v: unknown) => {
		const raw = isPlainObject(v) ? v.value : v;
		return { value: raw === null || raw === undefined ? null : String(raw), valueId: String(nextSeq(store, 'catalog_property_value') + 9700) };
	};
	return Array.isArray(value) ? value.map(one) : one(value);
}

/** Sorted keys, as the portal's REST converter answers. */
export function sortedKeys(row: Row): Row {
	const out: Row = {};
	for (const k of Object.keys(row).sort()) out[k] = row[k];
	return out;
}

/** `catalog.product.get|add|update` show `purchasingPrice` as a decimal string ("1000.000000"). */
export function productElementView(row: Row): Row {
	const out = sortedKeys(row);
	if (typeof out.purchasingPrice === 'number') out.purchasingPrice = out.purchasingPrice.toFixed(6);
	return out;
}

export function basePriceRow(store: Store, productId: number): Row | undefined {
	return prices(store).where((p) => p.productId === productId && p.catalogGroupId === BASE_PRICE_TYPE)[0];
}

/** Set (insert or update) the base price of a product. `price: null` removes it. */
export function setBasePrice(store: Store, productId: number, price: number | null, currency: string, now: string): void {
	const existing = basePriceRow(store, productId);
	if (price === null) {
		if (existing) prices(store).delete(existing.id);
		return;
	}
	if (existing) {
		Object.assign(existing, { price, currency, timestampX: now });
		return;
	}
	prices(store).insert({
		catalogGroupId: BASE_PRICE_TYPE,
		currency,
		extraId: null,
		id: 0,
		price,
		productId,
		quantityFrom: null,
		quantityTo: null,
		timestampX: now,
	});
}

/** Events of a product change, both the catalog and the old CRM ones. */
export function emitProduct(portal: Portal, action: 'ADD' | 'UPDATE' | 'DELETE', row: Row): void {
	portal.emit(`CATALOG.PRODUCT.ON.${action}`, { ID: row.id, TYPE: row.type });
	portal.emit(`ONCRMPRODUCT${action}`, { ID: row.id });
}

export function touchProduct(row: Row, portal: Portal, userId: number): void {
	row.timestampX = nowIso(portal);
	row.modifiedBy = userId;
}

/** Catalog family errors (numeric codes; `0` for validation). */
export const CatalogErrors = {
	noParam: (name: string) => new RestError(100, `Could not find value for parameter {${name}}`),
	required: (names: string[]) => new RestError(0, `Required fields: ${names.join(', ')}`),
	productNotFound: () => new RestError(0, 'Product is not exists'),
	priceNotFound: () => new RestError(0, 'Price is not exists'),
	iblockNotFound: () => new RestError(200040300000, 'Iblock is not exists'),
	selectRequired: () => new RestError(0, 'Required select fields: id, iblockId'),
	filterRequired: () => new RestError(0, 'Required filter fields: iblockId'),
};

/** `id` parameter of catalog.* methods (code 100 when absent). */
export function catalogId(params: Params): number {
	const v = param(params, 'id');
	if (v === undefined || v === null || v === '') throw CatalogErrors.noParam('id');
	return Number(v);
}

/** `fields` parameter of catalog.* methods (code 100 when absent or empty). */
export function catalogFields(params: Params): Record<string, unknown> {
	const f = param(params, 'fields');
	if (!isPlainObject(f) || Object.keys(f).length === 0) throw CatalogErrors.noParam('fields');
	return f;
}

/**
 * The deprecated CRM view of the catalog: `crm.product.*` over the same `catalog_product` table
 * (upper-case keys, every value a string, price from the base price), `crm.vat.*` and
 * `crm.measure.*`. Errors follow the old crm.* family (empty code, HTTP 400) except crm.vat.*,
 * which answers with a message as the code (as documented).
 */
import { Errors, RestError } from '../core/errors';
import { param } from '../core/params';
import { asList } from '../core/php';
import type { MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import {
	MEASURES,
	VATS,
	basePriceRow,
	blankProduct,
	emitProduct,
	normalizeDate,
	products,
	prices,
	setBasePrice,
	touchProduct,
	type Measure,
	type Vat,
} from './catalog-common';
import { classicValue, describeFields, fieldsParam, idParam, listRows, nowIso, typedValue, type Schema } from './common';

const f = (type: Schema[string]['type'], title: string, extra: Partial<Schema[string]> = {}) => ({ type, title, ...extra });

export const CRM_PRODUCT_SCHEMA: Schema = {
	ID: f('integer', 'ID', { isReadOnly: true }),
	CATALOG_ID: f('integer', 'Каталог'),
	PRICE: f('double', 'Цена'),
	CURRENCY_ID: f('string', 'Валюта'),
	NAME: f('string', 'Название', { isRequired: true }),
	DESCRIPTION: f('string', 'Описание'),
	DESCRIPTION_TYPE: f('string', 'Тип описания'),
	ACTIVE: f('char', 'Активен'),
	SECTION_ID: f('integer', 'Раздел'),
	SORT: f('integer', 'Сортировка'),
	VAT_ID: f('integer', 'Ставка НДС'),
	VAT_INCLUDED: f('char', 'НДС включён в цену'),
	MEASURE: f('integer', 'Единица измерения'),
	XML_ID: f('string', 'Внешний код'),
	PREVIEW_PICTURE: f('file', 'Картинка для анонса'),
	DETAIL_PICTURE: f('file', 'Детальная картинка'),
	DATE_CREATE: f('datetime', 'Дата создания', { isReadOnly: true }),
	TIMESTAMP_X: f('datetime', 'Дата изменения', { isReadOnly: true }),
	MODIFIED_BY: f('integer', 'Кем изменён', { isReadOnly: true }),
	CREATED_BY: f('integer', 'Кем создан', { isReadOnly: true }),
};

/** Upper-case key → typed catalog field (writable through crm.product.add|update). */
const CRM_TO_CATALOG: Record<string, string> = {
	NAME: 'name',
	DESCRIPTION: 'detailText',
	DESCRIPTION_TYPE: 'detailTextType',
	ACTIVE: 'active',
	SECTION_ID: 'iblockSectionId',
	SORT: 'sort',
	VAT_ID: 'vatId',
	VAT_INCLUDED: 'vatIncluded',
	MEASURE: 'measure',
	XML_ID: 'xmlId',
};

/** The old view of a product row: strings (money with 2 decimals) or null. */
export function crmProductView(store: Store, row: Row): Row {
	const price = basePriceRow(store, Number(row.id));
	const typed: Row = {
		ID: row.id,
		CATALOG_ID: row.iblockId,
		PRICE: price ? price.price : null,
		CURRENCY_ID: price ? price.currency : 'RUB',
		NAME: row.name,
		DESCRIPTION: row.detailText,
		DESCRIPTION_TYPE: row.detailTextType,
		ACTIVE: row.active,
		SECTION_ID: row.iblockSectionId,
		SORT: row.sort,
		VAT_ID: row.vatId,
		VAT_INCLUDED: row.vatIncluded,
		MEASURE: row.measure,
		XML_ID: row.xmlId,
		PREVIEW_PICTURE: null,
		DETAIL_PICTURE: null,
		DATE_CREATE: row.dateCreate,
		TIMESTAMP_X: row.timestampX,
		MODIFIED_BY: row.modifiedBy,
		CREATED_BY: row.createdBy,
	};
	const out: Row = {};
	for (const [k, v] of Object.entries(typed)) out[k] = classicValue(v, CRM_PRODUCT_SCHEMA[k]?.type);
	return out;
}

function applyCrmFields(store: Store, row: Row, fields: Record<string, unknown>, now: string): void {
	for (const [key, value] of Object.entries(fields)) {
		const target = CRM_TO_CATALOG[key.toUpperCase()];
		if (target) row[target] = typedValue(value, CRM_PRODUCT_SCHEMA[key.toUpperCase()].type);
	}
	const priceKey = Object.keys(fields).find((k) => k.toUpperCase() === 'PRICE');
	const currencyKey = Object.keys(fields).find((k) => k.toUpperCase() === 'CURRENCY_ID');
	if (priceKey !== undefined || currencyKey !== undefined) {
		const current = basePriceRow(store, Number(row.id));
		const rawPrice = priceKey !== undefined ? fields[priceKey] : current?.price;
		const currency = String((currencyKey !== undefined ? fields[currencyKey] : current?.currency) || 'RUB');
		const price = rawPrice === null || rawPrice === undefined || rawPrice === '' ? null : Number(rawPrice);
		setBasePrice(store, Number(row.id), price !== null && Number.isFinite(price) ? price : null, currency, now);
	}
}

function old(handler: MethodDef['handler']): MethodDef {
	return { scope: 'crm', crmAccess: 'old', handler };
}

function registerProducts(reg: Registry): void {
	reg.define('crm.product.fields', old(() => describeFields(CRM_PRODUCT_SCHEMA)));
	reg.define('crm.product.add', old((ctx) => {
		const { store } = ctx.portal;
		const fields = fieldsParam(ctx.params);
		const nameKey = Object.keys(fields).find((k) => k.toUpperCase() === 'NAME');
		if (!nameKey || fields[nameKey] === '' || fields[nameKey] === null) throw Errors.crm('The field "Название" is required.');
		const now = nowIso(ctx.portal);
		const id = products(store).nextId;
		const row = products(store).insert(blankProduct(id, ctx.auth.userId, now));
		applyCrmFields(store, row, fields, now);
		emitProduct(ctx.portal, 'ADD', row);
		return id;
	}));
	reg.define('crm.product.update', old((ctx) => {
		const { store } = ctx.portal;
		const row = products(store).get(idParam(ctx.params));
		if (!row) throw Errors.crmNotFound();
		const now = nowIso(ctx.portal);
		applyCrmFields(store, row, fieldsParam(ctx.params), now);
		touchProduct(row, ctx.portal, ctx.auth.userId);
		emitProduct(ctx.portal, 'UPDATE', row);
		return true;
	}));
	reg.define('crm.product.get', old((ctx) => {
		const row = products(ctx.portal.store).get(idParam(ctx.params));
		if (!row) throw Errors.crmNotFound();
		return crmProductView(ctx.portal.store, row);
	}));
	reg.define('crm.product.delete', old((ctx) => {
		const { store } = ctx.portal;
		const row = products(store).get(idParam(ctx.params));
		if (!row) throw Errors.crmNotFound();
		products(store).delete(row.id);
		for (const p of prices(store).where((x) => x.productId === row.id)) prices(store).delete(p.id);
		emitProduct(ctx.portal, 'DELETE', row);
		return true;
	}));
	reg.define('crm.product.list', old((ctx) =>
		listRows(products(ctx.portal.store).all(), ctx.params, ctx.start, {
			idKey: 'ID',
			defaultSelect: ['*'],
			before: (r) => crmProductView(ctx.portal.store, r),
		}),
	));
}

const VAT_KEYS = ['ID', 'TIMESTAMP_X', 'ACTIVE', 'C_SORT', 'NAME', 'RATE'];

function crmVatRow(v: Vat): Row {
	return {
		ID: String(v.id),
		TIMESTAMP_X: normalizeDate('2025-01-10T10:00:00'),
		ACTIVE: 'Y',
		C_SORT: String(v.sort),
		NAME: v.name,
		RATE: v.rate === null ? null : v.rate.toFixed(2),
	};
}

const MEASURE_KEYS = ['ID', 'CODE', 'MEASURE_TITLE', 'SYMBOL_RUS', 'SYMBOL_INTL', 'SYMBOL_LETTER_INTL', 'IS_DEFAULT'];

function crmMeasureRow(m: Measure): Row {
	return {
		ID: String(m.id),
		CODE: String(m.code),
		MEASURE_TITLE: m.title,
		SYMBOL_RUS: m.symbol,
		SYMBOL_INTL: m.symbolIntl,
		SYMBOL_LETTER_INTL: m.letterIntl,
		IS_DEFAULT: m.isDefault ? 'Y' : 'N',
	};
}

const inadmissibleSelect = () => new RestError('Inadmissible fields for selection', 'Переданы недопустимые поля для выборки.', 400);

function checkSelect(select: unknown, keys: string[]): void {
	for (const s of asList(select).map(String)) {
		if (s !== '*' && !keys.includes(s.toUpperCase())) throw inadmissibleSelect();
	}
}

function registerDictionaries(reg: Registry): void {
	reg.define('crm.vat.fields', old(() => ({
		ID: { type: 'integer', size: '11', isRequired: false, isReadOnly: true, title: 'ID' },
		TIMESTAMP_X: { type: 'datetime', isRequired: false, isReadOnly: true, title: 'Дата изменения' },
		ACTIVE: { type: 'string', size: '1', isRequired: false, isReadOnly: false, title: 'Активность' },
		C_SORT: { type: 'integer', size: '18', isRequired: false, isReadOnly: false, title: 'Сортировка' },
		NAME: { type: 'string', size: '50', isRequired: false, isReadOnly: false, title: 'Название' },
		RATE: { type: 'double', size: '18,2', isRequired: false, isReadOnly: false, title: 'Ставка' },
	})));
	reg.define('crm.vat.list', old((ctx) => {
		checkSelect(param(ctx.params, 'select'), VAT_KEYS);
		return listRows(VATS.map(crmVatRow), ctx.params, ctx.start, { idKey: 'ID', defaultSelect: ['*'] });
	}));
	reg.define('crm.vat.get', old((ctx) => {
		const v = VATS.find((x) => x.id === idParam(ctx.params));
		if (!v) throw new RestError('VAT rate not found.', 'Ставка НДС не найдена.', 400);
		const row = crmVatRow(v);
		return { ID: row.ID, ACTIVE: row.ACTIVE, NAME: row.NAME, RATE: row.RATE, C_SORT: row.C_SORT };
	}));
	reg.define('crm.measure.fields', old(() => {
		const s = (title: string, type: 'integer' | 'string' | 'char' = 'string') => ({ type, isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title });
		return {
			ID: { ...s('ID', 'integer'), isReadOnly: true },
			CODE: { ...s('Код', 'integer'), isRequired: true },
			MEASURE_TITLE: s('Название единицы измерения'),
			SYMBOL_RUS: s('Условное обозначение'),
			SYMBOL_INTL: s('Условное обозначение (международное)'),
			SYMBOL_LETTER_INTL: s('Кодовое буквенное обозначение (международное)'),
			IS_DEFAULT: s('По умолчанию', 'char'),
		};
	}));
	reg.define('crm.measure.list', old((ctx) => {
		checkSelect(param(ctx.params, 'select'), MEASURE_KEYS);
		return listRows(MEASURES.map(crmMeasureRow), ctx.params, ctx.start, { idKey: 'ID', defaultSelect: ['*'] });
	}));
	reg.define('crm.measure.get', old((ctx) => {
		const m = MEASURES.find((x) => x.id === idParam(ctx.params));
		if (!m) throw Errors.crmNotFound();
		return crmMeasureRow(m);
	}));
}

/** The crm.* methods over the catalog (registered by the catalog module). */
export function registerCrmCatalog(reg: Registry): void {
	registerProducts(reg);
	registerDictionaries(reg);
}


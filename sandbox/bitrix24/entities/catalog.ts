/**
 * `catalog.*`: products (typed camelCase, iblock 23), base prices, sections, VAT rates, units
 * of measure and store-document elements; plus the deprecated `crm.product|vat|measure.*` view
 * (see catalog-crm.ts). Seed: product n → id n, groups → sections, base prices, receipt elements.
 */
import { RestError } from '../core/errors';
import { param } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { splitOperator } from '../core/query';
import type { CallContext, MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import type { Dataset } from '../../seed/types';
import { registerCrmCatalog } from './catalog-crm';
import { registerSectionWrites } from './catalog-sections';
import {
	BASE_PRICE_TYPE,
	CATALOG_IBLOCK_ID,
	CatalogErrors,
	MEASURES,
	TYPE_PRODUCT,
	TYPE_SERVICE,
	VATS,
	basePriceRow,
	blankProduct,
	catalogFields,
	catalogId,
	documentElements,
	emitProduct,
	measureByCode,
	measureRow,
	prices,
	productElementView,
	productPatch,
	products,
	sections,
	setBasePrice,
	sortedKeys,
	touchProduct,
	vatIdByRate,
	vatRow,
} from './catalog-common';
import { listRows, nowIso, seedDate, type EntityModule } from './common';

const SEED_DATE = '2025-01-10T10:00:00+03:00';

function def(handler: MethodDef['handler']): MethodDef {
	return { scope: 'catalog', crmAccess: 'catalog', handler };
}

function hasField(list: string[], name: string): boolean {
	return list.some((s) => s.toLowerCase() === name.toLowerCase());
}

/** `filter.iblockId` is mandatory for product and section lists. */
function requireIblockFilter(ctx: CallContext): void {
	const filter = param(ctx.params, 'filter');
	const keys = isPlainObject(filter) ? Object.keys(filter).map((k) => splitOperator(k).field) : [];
	if (!hasField(keys, 'iblockId')) throw CatalogErrors.filterRequired();
}

function mustProduct(store: Store, id: number): Row {
	const row = products(store).get(id);
	if (!row) throw CatalogErrors.productNotFound();
	return row;
}

function registerProducts(reg: Registry): void {
	reg.define('catalog.product.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = catalogFields(ctx.params);
		const missing = ['iblockId', 'name'].filter((k) => fields[k] === undefined || fields[k] === null || fields[k] === '');
		if (missing.length) throw CatalogErrors.required(missing);
		if (Number(fields.iblockId) !== CATALOG_IBLOCK_ID) throw CatalogErrors.iblockNotFound();
		const now = nowIso(ctx.portal);
		const id = products(store).nextId;
		const patch = productPatch(store, id, fields);
		const row = products(store).insert({ ...blankProduct(id, ctx.auth.userId, now), ...patch, id, type: TYPE_PRODUCT });
		emitProduct(ctx.portal, 'ADD', row);
		return { element: productElementView(row) };
	}));
	reg.define('catalog.product.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = catalogId(ctx.params);
		const fields = catalogFields(ctx.params);
		const row = mustProduct(store, id);
		if (fields.iblockId !== undefined && Number(fields.iblockId) !== CATALOG_IBLOCK_ID) throw CatalogErrors.iblockNotFound();
		Object.assign(row, productPatch(store, id, fields), { id, type: row.type });
		touchProduct(row, ctx.portal, ctx.auth.userId);
		emitProduct(ctx.portal, 'UPDATE', row);
		return { element: productElementView(row) };
	}));
	reg.define('catalog.product.get', def((ctx) => ({ product: productElementView(mustProduct(ctx.portal.store, catalogId(ctx.params))) })));
	reg.define('catalog.product.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = mustProduct(store, catalogId(ctx.params));
		products(store).delete(row.id);
		for (const p of prices(store).where((x) => x.productId === row.id)) prices(store).delete(p.id);
		emitProduct(ctx.portal, 'DELETE', row);
		return true;
	}));
	reg.define('catalog.product.list', def((ctx) => {
		const select = asList(param(ctx.params, 'select')).map(String);
		if (!hasField(select, 'id') || !hasField(select, 'iblockId')) throw CatalogErrors.selectRequired();
		requireIblockFilter(ctx);
		return listRows(products(ctx.portal.store).all(), ctx.params, ctx.start, {
			idKey: 'id',
			defaultSelect: ['*'],
			view: sortedKeys,
			wrap: (rows) => ({ products: rows }),
		});
	}));
}

const PRICE_REQUIRED = ['productId', 'catalogGroupId', 'price', 'currency'];

function priceValues(fields: Record<string, unknown>): Row {
	const out: Row = {};
	if (fields.productId !== undefined) out.productId = Number(fields.productId);
	if (fields.catalogGroupId !== undefined) out.catalogGroupId = Number(fields.catalogGroupId);
	if (fields.price !== undefined) out.price = Number(fields.price);
	if (fields.currency !== undefined) out.currency = String(fields.currency);
	return out;
}

function registerPrices(reg: Registry): void {
	const mustPrice = (store: Store, id: number) => {
		const row = prices(store).get(id);
		if (!row) throw CatalogErrors.priceNotFound();
		return row;
	};
	reg.define('catalog.price.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = catalogFields(ctx.params);
		const missing = PRICE_REQUIRED.filter((k) => fields[k] === undefined || fields[k] === '');
		if (missing.length) throw CatalogErrors.required(missing);
		const v = priceValues(fields);
		mustProduct(store, Number(v.productId));
		if (v.catalogGroupId !== BASE_PRICE_TYPE) throw new RestError(0, 'Validate price error. Catalog price group is wrong');
		if (basePriceRow(store, Number(v.productId))) {
			throw new RestError(0, 'Validate price error. Catalog product is allowed has only single price without ranges in price group');
		}
		setBasePrice(store, Number(v.productId), Number(v.price), String(v.currency), nowIso(ctx.portal));
		const row = basePriceRow(store, Number(v.productId)) as Row;
		ctx.portal.emit('CATALOG.PRICE.ON.ADD', { ID: row.id });
		return { price: sortedKeys(row) };
	}));
	reg.define('catalog.price.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = catalogId(ctx.params);
		const fields = catalogFields(ctx.params);
		const row = mustPrice(store, id);
		const v = priceValues(fields);
		if (v.catalogGroupId !== undefined && v.catalogGroupId !== BASE_PRICE_TYPE) {
			throw new RestError(0, 'Validate price error. Catalog price group is wrong');
		}
		Object.assign(row, v, { id, productId: row.productId, timestampX: nowIso(ctx.portal) });
		ctx.portal.emit('CATALOG.PRICE.ON.UPDATE', { ID: id });
		return { price: sortedKeys(row) };
	}));
	reg.define('catalog.price.get', def((ctx) => ({ price: sortedKeys(mustPrice(ctx.portal.store, catalogId(ctx.params))) })));
	reg.define('catalog.price.delete', def((ctx) => {
		const row = mustPrice(ctx.portal.store, catalogId(ctx.params));
		prices(ctx.portal.store).delete(row.id);
		ctx.portal.emit('CATALOG.PRICE.ON.DELETE', { ID: row.id });
		return true;
	}));
	reg.define('catalog.price.list', def((ctx) =>
		listRows(prices(ctx.portal.store).all(), ctx.params, ctx.start, {
			idKey: 'id',
			defaultSelect: ['*'],
			view: sortedKeys,
			wrap: (rows) => ({ prices: rows }),
		}),
	));
}

function registerDictionaries(reg: Registry): void {
	reg.define('catalog.section.list', def((ctx) => {
		requireIblockFilter(ctx);
		return listRows(sections(ctx.portal.store).all(), ctx.params, ctx.start, {
			idKey: 'id',
			defaultSelect: ['*'],
			view: sortedKeys,
			wrap: (rows) => ({ sections: rows }),
		});
	}));
	reg.define('catalog.section.get', def((ctx) => {
		const row = sections(ctx.portal.store).get(catalogId(ctx.params));
		if (!row) throw new RestError(200700300030, 'Section is not exists');
		return { section: sortedKeys(row) };
	}));
	reg.define('catalog.vat.list', def((ctx) =>
		listRows(VATS.map(vatRow), ctx.params, ctx.start, { idKey: 'id', defaultSelect: ['*'], wrap: (rows) => ({ vats: rows }) }),
	));
	reg.define('catalog.vat.get', def((ctx) => {
		const v = VATS.find((x) => x.id === catalogId(ctx.params));
		if (!v) throw new RestError(200800000000, 'VAT rate is not exists');
		return { vat: vatRow(v) };
	}));
	reg.define('catalog.measure.list', def((ctx) =>
		listRows(MEASURES.map(measureRow), ctx.params, ctx.start, { idKey: 'id', defaultSelect: ['*'], wrap: (rows) => ({ measures: rows }) }),
	));
	reg.define('catalog.measure.get', def((ctx) => {
		const m = MEASURES.find((x) => x.id === catalogId(ctx.params));
		if (!m) throw new RestError(200600000020, 'Measure is not exists');
		return { measure: measureRow(m) };
	}));
	reg.define('catalog.document.element.list', def((ctx) =>
		listRows(documentElements(ctx.portal.store).all(), ctx.params, ctx.start, {
			idKey: 'id',
			defaultSelect: ['*'],
			view: sortedKeys,
			wrap: (rows) => ({ documentElements: rows }),
		}),
	));
}

const DOC_TYPES = ['A', 'S', 'M', 'R', 'D'];
const documents = (s: Store) => s.table('catalog_document', 'id');

/** Store documents (receipt `A`, sale `S`, moving `M`, return `R`, write-off `D`) and their elements. */
function registerDocuments(reg: Registry): void {
	const num = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number(v));
	reg.define('catalog.document.add', def((ctx) => {
		const { store } = ctx.portal;
		const f = catalogFields(ctx.params);
		if (!DOC_TYPES.includes(String(f.docType ?? ''))) throw CatalogErrors.required(['docType']);
		const now = nowIso(ctx.portal);
		// seeded elements refer to receipt documents 1..n that have no row of their own
		const id = Math.max(0, ...documentElements(store).all().map((e) => Number(e.docId)), ...documents(store).all().map((d) => Number(d.id))) + 1;
		const row = documents(store).insert({
			id, docType: String(f.docType), currency: String(f.currency ?? 'RUB'), responsibleId: num(f.responsibleId) ?? ctx.auth.userId,
			createdBy: ctx.auth.userId, modifiedBy: ctx.auth.userId, dateCreate: now, dateModify: now, dateDocument: now, status: 'N',
			title: f.title ?? null, docNumber: f.docNumber ?? null, commentary: f.commentary ?? null, contractorId: num(f.contractorId), siteId: 's1', total: 0,
		});
		return { document: sortedKeys(row) };
	}));
	reg.define('catalog.document.element.add', def((ctx) => {
		const { store } = ctx.portal;
		const f = catalogFields(ctx.params);
		const absent = ['docId', 'elementId'].filter((k) => f[k] === undefined || f[k] === null || f[k] === '');
		if (absent.length) throw CatalogErrors.required(absent);
		if (!documents(store).get(f.docId)) throw new RestError(0, 'Document is not exists');
		if (!products(store).get(f.elementId)) throw CatalogErrors.productNotFound();
		const row = documentElements(store).insert({
			amount: num(f.amount) ?? 0, docId: Number(f.docId), elementId: Number(f.elementId), id: documentElements(store).nextId,
			purchasingPrice: num(f.purchasingPrice), storeFrom: num(f.storeFrom), storeTo: num(f.storeTo),
		});
		return { documentElement: sortedKeys(row) };
	}));
}

/** Stock on hand of a seeded product (deterministic). */
const seededAmount = (n: number) => 10 + ((n * 7) % 40);

function load(store: Store, ds: Dataset): void {
	const groups = [...new Set(ds.products.map((p) => p.group))];
	groups.forEach((name, i) =>
		sections(store).insert({
			active: 'Y',
			code: null,
			description: null,
			descriptionType: 'text',
			iblockId: CATALOG_IBLOCK_ID,
			iblockSectionId: null,
			id: i + 1,
			name,
			sort: (i + 1) * 100,
			xmlId: null,
		}),
	);
	let element = 0;
	for (const p of ds.products) {
		const service = p.isService;
		const created = seedDate('2025-01-15T09:00:00');
		products(store).insert({
			...blankProduct(p.n, 1, created),
			code: p.sku,
			iblockSectionId: groups.indexOf(p.group) + 1,
			measure: measureByCode(p.unitCode)?.id ?? 5,
			name: p.name,
			purchasingPrice: p.purchasePrice,
			quantity: service ? 0 : seededAmount(p.n),
			type: service ? TYPE_SERVICE : TYPE_PRODUCT,
			vatId: vatIdByRate(p.vatRate),
			vatIncluded: 'Y',
			xmlId: p.guid,
		});
		setBasePrice(store, p.n, p.price, 'RUB', SEED_DATE);
		if (service) continue;
		element++;
		documentElements(store).insert({
			amount: seededAmount(p.n),
			docId: 1 + Math.floor((element - 1) / 5),
			elementId: p.n,
			id: element,
			purchasingPrice: p.purchasePrice,
			storeFrom: null,
			storeTo: 1,
		});
	}
}

export const catalogModule: EntityModule = {
	name: 'catalog',
	register(reg: Registry) {
		registerProducts(reg);
		registerPrices(reg);
		registerDictionaries(reg);
		registerSectionWrites(reg);
		registerDocuments(reg);
		registerCrmCatalog(reg);
	},
	load,
};

/**
 * Product rows of deals, smart invoices, SPA items and leads: one `productrow` table (camelCase,
 * typed), seen through `crm.item.productrow.*` and the old `crm.deal.productrows.get|set`.
 * Price math as the portal does it: `price` is the final unit price (after discount, with tax);
 * exclusive = price / (1 + tax); netto = exclusive before discount; brutto = netto with tax.
 */
import { Errors, RestError } from '../core/errors';
import { asList, isPlainObject } from '../core/php';
import { param } from '../core/params';
import type { Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicValue, listRows, nextSeq, type EntityModule } from './common';

const round2 = (n: number) => Math.round(n * 100) / 100;

export function computeRow(input: Record<string, unknown>, base: Row = {}): Row {
	const num = (k: string, d: number) => {
		const v = input[k] ?? base[k];
		const n = Number(v);
		return v === undefined || v === null || v === '' || !Number.isFinite(n) ? d : n;
	};
	const price = num('price', 0);
	const taxRateRaw = input.taxRate ?? base.taxRate ?? null;
	const taxRate = taxRateRaw === null || taxRateRaw === '' ? null : Number(taxRateRaw);
	const taxIncluded = String(input.taxIncluded ?? base.taxIncluded ?? 'Y') === 'N' ? 'N' : 'Y';
	const discountTypeId = num('discountTypeId', 2);
	const t = taxRate ? taxRate / 100 : 0;
	const exclusive = round2(price / (1 + t));
	let discountRate = num('discountRate', 0);
	let discountSum: number;
	let netto: number;
	if (discountTypeId === 1) {
		discountSum = num('discountSum', 0);
		netto = round2(exclusive + discountSum);
		discountRate = netto ? round2((discountSum / netto) * 100) : 0;
	} else {
		netto = discountRate >= 100 ? exclusive : round2(exclusive / (1 - discountRate / 100));
		discountSum = round2(netto - exclusive);
	}
	return {
		...base,
		productId: num('productId', 0),
		productName: String(input.productName ?? base.productName ?? ''),
		price,
		priceAccount: price,
		priceExclusive: exclusive,
		priceNetto: netto,
		priceBrutto: round2(netto * (1 + t)),
		quantity: num('quantity', 1),
		discountTypeId,
		discountRate,
		discountSum,
		taxRate,
		taxIncluded,
		customized: 'Y',
		measureCode: num('measureCode', 796),
		measureName: String(input.measureName ?? base.measureName ?? 'шт'),
		sort: num('sort', 10),
		xmlId: String(input.xmlId ?? base.xmlId ?? ''),
		type: num('type', 1),
		storeId: num('storeId', 0),
	};
}

export function rowsOf(store: Store, ownerType: string, ownerId: number): Row[] {
	return store
		.table('productrow', 'id')
		.where((r) => r.ownerType === ownerType && r.ownerId === ownerId)
		.sort((a, b) => Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id));
}

/**
 * Stock reserves of deal rows (inventory management on): one per row, kept beside the row (the
 * camelCase crm.item.productrow view has no reserve fields; the old crm.deal.productrows has).
 */
const reserves = (store: Store) => store.table('productrow_reserve', 'rowId');

/** `DD.MM.YYYY`, three days after `ms` (the portal's default reserve period). */
export function reserveEnd(ms: number): string {
	const d = new Date(ms + 3 * 86_400_000 + 3 * 3_600_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/**
 * Replace all rows of an owner (`set` semantics); returns the new rows. With `reserveUntil`
 * (a `DD.MM.YYYY` date), deal rows get a stock reserve of their quantity.
 */
export function setRows(store: Store, ownerType: string, ownerId: number, rows: Array<Record<string, unknown>>, reserveUntil?: string): Row[] {
	const table = store.table('productrow', 'id');
	for (const r of rowsOf(store, ownerType, ownerId)) {
		table.delete(r.id);
		reserves(store).delete(r.id);
	}
	return rows.map((r, i) => {
		const row = table.insert({ id: nextSeq(store, 'productrow'), ownerId, ownerType, ...computeRow({ sort: (i + 1) * 10, ...r }) });
		if (ownerType === 'D' && reserveUntil) addReserve(store, row, r, reserveUntil);
		return row;
	});
}

function addReserve(store: Store, row: Row, input: Record<string, unknown>, until: string): void {
	const quantity = input.reserveQuantity ?? input.RESERVE_QUANTITY;
	reserves(store).insert({
		rowId: row.id,
		reserveId: nextSeq(store, 'productrow_reserve'),
		quantity: quantity === undefined || quantity === '' ? Number(row.quantity) : Number(quantity),
		dateEnd: String(input.dateReserveEnd ?? input.DATE_RESERVE_END ?? until),
	});
}

export function rowsTotal(rows: Row[]): { opportunity: number; tax: number } {
	let opportunity = 0;
	let tax = 0;
	for (const r of rows) {
		const q = Number(r.quantity);
		opportunity += Number(r.price) * q;
		tax += (Number(r.price) - Number(r.priceExclusive)) * q;
	}
	return { opportunity: round2(opportunity), tax: round2(tax) };
}

/** Old-API key names of a row (crm.deal.productrows.*): upper snake case. */
const CLASSIC_KEYS: Array<[string, string]> = [
	['id', 'ID'], ['ownerId', 'OWNER_ID'], ['ownerType', 'OWNER_TYPE'], ['productId', 'PRODUCT_ID'],
	['productName', 'PRODUCT_NAME'], ['productName', 'ORIGINAL_PRODUCT_NAME'], ['productDescription', 'PRODUCT_DESCRIPTION'],
	['price', 'PRICE'], ['priceExclusive', 'PRICE_EXCLUSIVE'], ['priceNetto', 'PRICE_NETTO'], ['priceBrutto', 'PRICE_BRUTTO'],
	['priceAccount', 'PRICE_ACCOUNT'], ['quantity', 'QUANTITY'], ['discountTypeId', 'DISCOUNT_TYPE_ID'],
	['discountRate', 'DISCOUNT_RATE'], ['discountSum', 'DISCOUNT_SUM'], ['taxRate', 'TAX_RATE'], ['taxIncluded', 'TAX_INCLUDED'],
	['customized', 'CUSTOMIZED'], ['measureCode', 'MEASURE_CODE'], ['measureName', 'MEASURE_NAME'], ['sort', 'SORT'],
	['xmlId', 'XML_ID'], ['type', 'TYPE'], ['storeId', 'STORE_ID'],
];

export function classicProductRow(r: Row, store?: Store): Row {
	const out: Row = {};
	for (const [from, to] of CLASSIC_KEYS) out[to] = r[from] ?? null;
	out.ID = classicValue(r.id);
	out.OWNER_ID = classicValue(r.ownerId);
	out.PRICE_ACCOUNT = Number(r.priceAccount).toFixed(2);
	if (store && r.ownerType === 'D') {
		const reserve = reserves(store).get(r.id);
		Object.assign(out, { RESERVE_ID: reserve?.reserveId ?? null, DATE_RESERVE_END: reserve?.dateEnd ?? null, RESERVE_QUANTITY: reserve?.quantity ?? null });
	}
	return out;
}

export function fromClassicRow(r: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [to, from] of CLASSIC_KEYS) if (from in r) out[to] = r[from];
	return out;
}

/** ownerType abbreviations: D deal, L lead, SI smart invoice, Q quote, T{hex} smart process. */
export function ownerTypeOf(entityTypeId: number): string {
	const known: Record<number, string> = { 1: 'L', 2: 'D', 7: 'Q', 31: 'SI' };
	return known[entityTypeId] ?? `T${entityTypeId.toString(16)}`;
}

export function entityTypeOfOwner(ownerType: string): number | undefined {
	const known: Record<string, number> = { L: 1, D: 2, Q: 7, SI: 31 };
	if (known[ownerType] !== undefined) return known[ownerType];
	const m = /^T([0-9a-f]+)$/i.exec(ownerType);
	return m ? parseInt(m[1], 16) : undefined;
}

function ownerExists(store: Store, ownerType: string, ownerId: number): boolean {
	const et = entityTypeOfOwner(ownerType);
	if (et === 2) return !!store.table('deal').get(ownerId);
	if (et === 1) return !!store.table('lead').get(ownerId);
	if (et === undefined) return false;
	const item = store.table('item', 'id').get(ownerId);
	return !!item && item.entityTypeId === et;
}

const ownerNotFound = () => new RestError('OWNER_NOT_FOUND', 'Owner was not found', 400);

/** Recompute the owner's amount and tax from its rows (unless the amount is manual). */
function ownerTotals(store: Store, ownerType: string, ownerId: number): void {
	const { opportunity, tax } = rowsTotal(rowsOf(store, ownerType, ownerId));
	if (ownerType === 'D' || ownerType === 'L') {
		const row = store.table(ownerType === 'D' ? 'deal' : 'lead').get(ownerId);
		if (row && row.IS_MANUAL_OPPORTUNITY !== 'Y') Object.assign(row, { OPPORTUNITY: opportunity, TAX_VALUE: tax });
		return;
	}
	const item = store.table('item', 'id').get(ownerId);
	if (item && item.isManualOpportunity !== 'Y') Object.assign(item, { opportunity, taxValue: tax });
}

export const productRowsModule: EntityModule = {
	name: 'productrows',
	register(reg: Registry) {
		const table = (s: Store) => s.table('productrow', 'id');
		reg.define('crm.item.productrow.set', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, portal }) => {
				const ownerType = String(param(params, 'ownerType') ?? '');
				const ownerId = Number(param(params, 'ownerId'));
				if (!ownerExists(portal.store, ownerType, ownerId)) throw ownerNotFound();
				const rows = setRows(portal.store, ownerType, ownerId, asList(param(params, 'productRows')).filter(isPlainObject), reserveEnd(portal.now()));
				ownerTotals(portal.store, ownerType, ownerId);
				return { productRows: rows };
			},
		});
		reg.define('crm.item.productrow.add', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, portal }) => {
				const f = param(params, 'fields');
				if (!isPlainObject(f)) throw new RestError('INVALID_ARG_VALUE', 'fields is required', 400);
				const ownerType = String(f.ownerType ?? '');
				const ownerId = Number(f.ownerId);
				if (!ownerExists(portal.store, ownerType, ownerId)) throw ownerNotFound();
				const row = table(portal.store).insert({ id: nextSeq(portal.store, 'productrow'), ownerId, ownerType, ...computeRow(f) });
				if (ownerType === 'D') addReserve(portal.store, row, f, reserveEnd(portal.now()));
				ownerTotals(portal.store, ownerType, ownerId);
				return { productRow: row };
			},
		});
		reg.define('crm.item.productrow.update', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, portal }) => {
				const row = table(portal.store).get(param(params, 'id'));
				if (!row) throw new RestError('NOT_FOUND', 'Product row not found', 400);
				const f = param(params, 'fields');
				Object.assign(row, computeRow(isPlainObject(f) ? f : {}, row));
				ownerTotals(portal.store, String(row.ownerType), Number(row.ownerId));
				return { productRow: row };
			},
		});
		reg.define('crm.item.productrow.get', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, portal }) => {
				const row = table(portal.store).get(param(params, 'id'));
				if (!row) throw new RestError('NOT_FOUND', 'Product row not found', 400);
				return { productRow: row };
			},
		});
		reg.define('crm.item.productrow.delete', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, portal }) => {
				const row = table(portal.store).get(param(params, 'id'));
				if (!row) throw new RestError('NOT_FOUND', 'Product row not found', 400);
				table(portal.store).delete(row.id);
				reserves(portal.store).delete(row.id);
				ownerTotals(portal.store, String(row.ownerType), Number(row.ownerId));
				return [];
			},
		});
		reg.define('crm.item.productrow.list', {
			scope: 'crm',
			crmAccess: 'item',
			handler: ({ params, start, portal }) =>
				listRows(table(portal.store).all(), params, start, { idKey: 'id', defaultSelect: ['*'], wrap: (rows) => ({ productRows: rows }) }),
		});
		reg.define('crm.deal.productrows.get', {
			scope: 'crm',
			crmAccess: 'old',
			handler: ({ params, portal }) => {
				const id = Number(param(params, 'id'));
				if (!id || !portal.store.table('deal').get(id)) throw Errors.crm('The parameter id is invalid or not defined.');
				return rowsOf(portal.store, 'D', id).map((r) => classicProductRow(r, portal.store));
			},
		});
		reg.define('crm.deal.productrows.set', {
			scope: 'crm',
			crmAccess: 'old',
			handler: ({ params, portal }) => {
				const id = Number(param(params, 'id'));
				if (!id || !portal.store.table('deal').get(id)) throw Errors.crm('The parameter id is invalid or not defined.');
				const rows = asList(param(params, 'rows')).filter(isPlainObject).map(fromClassicRow);
				setRows(portal.store, 'D', id, rows, reserveEnd(portal.now()));
				ownerTotals(portal.store, 'D', id);
				return true;
			},
		});
	},
};

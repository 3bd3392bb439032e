/**
 * Document rows from dataset rows, to the kopeck: `Сумма` = round2(Количество × Цена) − `СуммаСкидки`
 * (discount = round2(gross × % / 100)); VAT = round2(Сумма × r / (100 + r)) when the price includes
 * VAT, else round2(Сумма × r / 100); a row's total with VAT = Сумма (+ VAT when on top);
 * `СуммаДокумента` = Σ totals with VAT.
 */
import type { Product, Row as DsRow } from '../../seed/types';
import { predefined, roleSet, round2, type SeedContext } from './context';
import type { RowBuilder } from './rows';

export interface Line {
	product: Product;
	quantity: number;
	price: number;
	discountPercent: number;
	discount: number;
	/** after discount */
	sum: number;
	rate: number | null;
	vat: number;
	/** with VAT */
	total: number;
}

export interface Lines {
	lines: Line[];
	vatIncluded: boolean;
	total: number;
	vat: number;
}

export function linesOf(ctx: SeedContext, rows: DsRow[]): Lines {
	const vatIncluded = rows[0]?.vatIncluded ?? true;
	const lines = rows.map((r): Line => {
		const product = ctx.ds.products[r.productN - 1];
		const gross = round2(r.quantity * r.price);
		const discount = round2((gross * r.discountPercent) / 100);
		const sum = round2(gross - discount);
		const rate = r.vatRate ?? 0;
		const vat = round2(vatIncluded ? (sum * rate) / (100 + rate) : (sum * rate) / 100);
		return { product, quantity: r.quantity, price: r.price, discountPercent: r.discountPercent, discount, sum, rate: r.vatRate, vat, total: round2(vatIncluded ? sum : sum + vat) };
	});
	return { lines, vatIncluded, total: round2(lines.reduce((s, l) => s + l.total, 0)), vat: round2(lines.reduce((s, l) => s + l.vat, 0)) };
}

/** `БезНДС`, `НДС0`, `НДС10`, `НДС20`, `НДС22`: enum values of БП and predefined names of the catalogs. */
export function vatName(rate: number | null): string {
	return rate === null ? 'БезНДС' : `НДС${rate}`;
}

/** A VAT rate field: a catalog reference (`X_Key`) or an enum value, as the row declares. */
export function setVat(ctx: SeedContext, b: RowBuilder, rate: number | null, attr = 'СтавкаНДС'): void {
	const set = roleSet(ctx, 'vatRate');
	if (set && b.has(`${attr}_Key`)) b.ref(attr, predefined(ctx, set, vatName(rate)), set);
	else if (b.has(attr)) b.enm(attr, vatName(rate));
}

/** The one rate of all lines, or the highest one (for a payment's breakdown). */
export function mainRate(l: Lines): number | null {
	const rates = [...new Set(l.lines.map((x) => x.rate))];
	if (rates.length === 1) return rates[0];
	return Math.max(...rates.map((r) => r ?? 0));
}

/**
 * Opening stock of the bases with a stock register (roles `purchase` + `stockRegister`: УНФ
 * `ПриходнаяНакладная` → `Запасы`, УТ `ПриобретениеТоваровУслуг` → `ТоварыНаСкладах`; БП has none).
 * - Main warehouse: every stock product (not a service) gets (Σ its quantity in the seeded sales)
 *   + an extra of 5…150 units — except a hash-chosen 10 % of the sold ones, whose extra is 0 (they
 *   end the period with no stock). The products are spread over three receipts from three
 *   hash-chosen seeded counterparties, on 2025-01-01…03 at 09:00 — before any seeded document (the
 *   dataset starts in 2025-01-01, its first orders are a week later), so the balance never goes
 *   negative whatever the sales' order.
 * - Retail warehouse: one receipt of 2…40 units of 15 hash-chosen stock products (2025-01-03 12:00);
 *   no seeded sale ships from it.
 * - Prices: the dataset's purchase price of the product (VAT included, as in the sales).
 * The receipts are posted right here, through the server's own posting (`writes.post`), BEFORE
 * `markAndPost` posts the sales — the sales' Expense (and УНФ cost) then sees them.
 * Every choice uses its own salt (`stock-…`), so no rank or reference of the other seed parts moves.
 */
import type { Product } from '../../seed/types';
import { post } from '../writes';
import { mustRole, roleSet, round2, type Counterparty, type SeedContext } from './context';
import type { SeededDoc } from './documents';
import { setVat } from './money';
import { entitySet, insertObject } from './rows';

export interface SeededReceipt {
	set: string;
	ref: string;
	date: string;
	warehouse: string;
	/** product ref → quantity */
	quantities: Map<string, number>;
}

const RECEIPTS = 3;
const ZERO_SHARE = 0.1;
const RETAIL_PRODUCTS = 15;

function seedReceipt(ctx: SeedContext, set: string, key: string, date: string, warehouse: string, supplier: Counterparty, items: Array<{ p: Product; q: number }>): SeededReceipt {
	const ref = ctx.ids.ref('stock-receipt', key);
	const productSet = mustRole(ctx, 'product');
	const lines = items.map(({ p, q }) => {
		const sum = round2(q * p.purchasePrice);
		const k = p.vatRate ?? 0;
		return { p, q, sum, vat: round2((sum * k) / (100 + k)) };
	});
	const total = round2(lines.reduce((s, l) => s + l.sum, 0));
	insertObject(ctx.base, set, ref, (b) => {
		b.set('Number', ctx.base.nextCode(entitySet(ctx.base, set))).set('Date', date);
		b.ref('Организация', ctx.organisation).ref('Контрагент', supplier.ref).optRef('Партнер', supplier.partner);
		b.optRef(b.first('СтруктурнаяЕдиница', 'Склад'), warehouse);
		b.optRef(b.first('ВалютаДокумента', 'Валюта'), ctx.currency);
		b.opt(b.first('СуммаВключаетНДС', 'ЦенаВключаетНДС'), true);
		b.set('СуммаДокумента', total);
		b.opt('НомерВходящегоДокумента', String(ctx.ids.int('stock-incoming', key, 100, 9999))).opt('ДатаВходящегоДокумента', `${date.slice(0, 10)}T00:00:00`);
		b.optRef(b.first('Ответственный', 'Менеджер'), ctx.users.get(10));
		b.opt('Комментарий', 'Начальные остатки');
		const section = b.hasTable('Запасы') ? 'Запасы' : 'Товары';
		b.table(section, lines, (r, l, i) => {
			r.opt('КлючСвязи', i + 1);
			r.opt('ТипНоменклатурыЗапас', true);
			r.ref('Номенклатура', ctx.products.get(l.p.n), productSet);
			r.optRef('ЕдиницаИзмерения', ctx.units.get(l.p.unitCode), ctx.roles.unit);
			r.set('Количество', l.q).opt('КоличествоУпаковок', l.q);
			r.set('Цена', l.p.purchasePrice).set('Сумма', l.sum);
			setVat(ctx, r, l.p.vatRate);
			r.set('СуммаНДС', l.vat).opt(r.first('Всего', 'СуммаСНДС'), l.sum);
			r.optRef('Склад', warehouse);
		});
	});
	return { set, ref, date, warehouse, quantities: new Map(lines.map((l) => [String(ctx.products.get(l.p.n)), l.q])) };
}

/** Seed and post the opening receipts (see the header); none when the base has no stock register. */
export function seedStock(ctx: SeedContext, sales: SeededDoc[]): SeededReceipt[] {
	const set = roleSet(ctx, 'purchase');
	if (!set || !roleSet(ctx, 'stockRegister') || !ctx.warehouse) return [];
	const sold = new Map<number, number>();
	for (const s of sales) for (const l of s.lines.lines) if (!l.product.isService) sold.set(l.product.n, (sold.get(l.product.n) ?? 0) + l.quantity);
	const stock = ctx.ds.products.filter((p) => !p.isService);
	const suppliers = ctx.ids.rank([...ctx.counterparties.values()], 'stock-supplier', (c) => c.ref).slice(0, RECEIPTS);
	const receipts: SeededReceipt[] = [];
	for (let i = 0; i < Math.min(RECEIPTS, suppliers.length); i++) {
		const items = stock
			.filter((p) => ctx.ids.int('stock-receipt-of', p.guid, 0, suppliers.length - 1) === i)
			.map((p) => {
				const out = sold.get(p.n) ?? 0;
				const extra = out > 0 && ctx.ids.unit('stock-zero', p.guid) < ZERO_SHARE ? 0 : ctx.ids.int('stock-extra', p.guid, 5, 150);
				return { p, q: round2(out + extra) };
			});
		if (items.length) receipts.push(seedReceipt(ctx, set, `main-${i}`, `2025-01-0${i + 1}T09:00:00`, ctx.warehouse, suppliers[i], items));
	}
	if (ctx.retailWarehouse && suppliers.length) {
		const items = ctx.ids
			.rank(stock, 'stock-retail', (p) => p.guid)
			.slice(0, RETAIL_PRODUCTS)
			.map((p) => ({ p, q: ctx.ids.int('stock-retail-qty', p.guid, 2, 40) }));
		receipts.push(seedReceipt(ctx, set, 'retail', '2025-01-03T12:00:00', ctx.retailWarehouse, suppliers[0], items));
	}
	const docSet = entitySet(ctx.base, set);
	for (const r of receipts) {
		try {
			post(ctx.base, docSet, [{ value: r.ref, kind: 'guid' }], 'Post');
		} catch (e) {
			throw new Error(`seed: posting ${set} ${r.ref} failed: ${(e as Error).message}`);
		}
	}
	return receipts;
}

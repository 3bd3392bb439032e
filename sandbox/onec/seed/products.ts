/**
 * Products of `ds.products`: groups as folders (`IsFolder`, `Parent_Key`), `Артикул`, the unit
 * (`X_Key` or composite, as declared), VAT (БП: `ВидСтавкиНДС` + enum `УдалитьСтавкаНДС`; УНФ/УТ:
 * `СтавкаНДС_Key`), `Услуга` / `ТипНоменклатуры` for services. Prices: none of the three
 * configurations seeded a prices register before; БП 3.0 now has `ЦеныНоменклатуры`: one record per
 * product of the sale price kind «Основная цена продажи» at the dataset price (`seedSalePrices`).
 */
import { mustRole, roleSet, type SeedContext } from './context';
import { setVat } from './money';
import { code, entitySet, insertObject, insertRecord } from './rows';

/** БП `ВидСтавкиНДС` by rate (only «Общая» is seen in captures; the others are the БП enum's — ASSUMPTION). */
const BP_RATE_KIND: Record<string, string> = { '20': 'Общая', '22': 'Общая', '10': 'Льготная', '0': 'Нулевая', null: 'БезНДС' };

export function seedProducts(ctx: SeedContext): void {
	const set = mustRole(ctx, 'product');
	const def = entitySet(ctx.base, set);
	const hierarchical = def.properties.some((p) => p.name === 'IsFolder');
	const folders = new Map<string, string>();
	if (hierarchical) {
		for (const group of [...new Set(ctx.ds.products.map((p) => p.group))]) {
			const ref = ctx.ids.ref('product-folder', group);
			insertObject(ctx.base, set, ref, (b) => {
				code(b, def);
				b.set('Description', group).set('IsFolder', true);
			});
			folders.set(group, ref);
		}
	}
	for (const p of ctx.ds.products) {
		insertObject(ctx.base, set, p.guid, (b) => {
			code(b, def);
			if (hierarchical) b.set('Parent_Key', folders.get(p.group));
			b.set('Description', p.name).opt('НаименованиеПолное', p.name).opt('Артикул', p.sku);
			b.ref('ЕдиницаИзмерения', ctx.units.get(p.unitCode), mustRole(ctx, 'unit'));
			b.opt('Услуга', p.isService);
			b.enmFirst('ТипНоменклатуры', p.isService ? ['Услуга'] : ['Запас', 'Товар']);
			b.optRef('ВидНоменклатуры', ctx.productKinds.get(p.isService ? 'Услуга' : 'Товар'));
			setVat(ctx, b, p.vatRate);
			b.optEnm('УдалитьСтавкаНДС', p.vatRate === null ? 'БезНДС' : `НДС${p.vatRate}`);
			if (b.accepts('ВидСтавкиНДС', 'Общая')) b.set('ВидСтавкиНДС', BP_RATE_KIND[String(p.vatRate)]);
		});
		ctx.products.set(p.n, p.guid);
	}
	seedSalePrices(ctx);
}

/** The sale price kind and one price record per product, where the base has a prices register. */
export const SALE_PRICE_KIND = 'Основная цена продажи';
const PRICE_DATE = '2025-01-10T00:00:00';

function seedSalePrices(ctx: SeedContext): void {
	const register = roleSet(ctx, 'productPrices');
	const kinds = roleSet(ctx, 'priceKind');
	if (!register || !kinds) return;
	const kind = ctx.ids.ref('price-kind', SALE_PRICE_KIND);
	insertObject(ctx.base, kinds, kind, (b) => {
		code(b, entitySet(ctx.base, kinds));
		b.set('Description', SALE_PRICE_KIND).opt('ЦенаВключаетНДС', true);
	});
	for (const p of ctx.ds.products) {
		insertRecord(ctx.base, register, (b) => {
			b.set('Period', PRICE_DATE).ref('ТипЦен', kind).ref('Номенклатура', p.guid).set('Цена', p.price).ref('Валюта', ctx.currency);
		});
	}
}

/**
 * The built-in reports' tables read from 1C over OData (issue 8): «Задолженность покупателей»
 * (settlements `Balance` at the end of the period), «Продажи за период» (posted sales documents of
 * the period, summed by counterparty and product), «Остатки товаров» (stock `Balance` at the end of
 * the period). Names of counterparties, products and warehouses are read by key lists, never one
 * request per row. Money is summed in kopecks. What is read where: ./sources.ts.
 */
import type { Period } from '../../../lib/period';
import type { ReportColumn } from '../../../lib/print/report';
import { kindMap, readByKeys, refOf } from '../print/load';
import type { OneCClient } from '../transport/client';
import { REPORT_SOURCES, type ReportSources } from './sources';

type Row = Record<string, unknown>;
export type ReportKind = 'debts' | 'sales' | 'stock';

export const REPORT_TITLES: Record<ReportKind, string> = { debts: 'Задолженность покупателей', sales: 'Продажи за период', stock: 'Остатки товаров' };

export interface ReportTable {
	kind: ReportKind;
	title: string;
	/** «01.11.2026 – 30.11.2026» (sales) or «на 30.11.2026» (balances) */
	periodLabel: string;
	columns: ReportColumn[];
	rows: Row[];
	groupBy?: string;
}

export type ReportConfig = keyof typeof REPORT_SOURCES | ReportSources;

const kop = (v: unknown): number => Math.round((typeof v === 'number' ? v : Number(v ?? 0) || 0) * 100);
const numberOf = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Rows in product-name order (the PDF then groups them, keeping this order inside a group). */
const byProduct = (rows: Row[]): Row[] => rows.sort((a, b) => String(a.product).localeCompare(String(b.product), 'ru'));

/** The moment right after the period's end (a `Balance(Period=…)` excludes records at that moment). */
export function momentAfter(end: string): string {
	return new Date(Date.parse(`${end}Z`) + 1000).toISOString().slice(0, 19);
}

async function balance(client: OneCClient, set: string, period: Period, dimensions: string[]): Promise<Row[]> {
	const page = await client.get(`${set}/Balance(Period=datetime'${momentAfter(period.end)}',Dimensions='${dimensions.join(',')}')`);
	return (page.value as Row[] | undefined) ?? [];
}

async function names(client: OneCClient, set: string, keys: Iterable<string>): Promise<Map<string, Row>> {
	return readByKeys(client, [...new Set(keys)].map((key) => ({ key, set })));
}

async function debts(client: OneCClient, src: ReportSources, period: Period): Promise<ReportTable> {
	const d = src.debts;
	const rows = await balance(client, d.set, period, [d.dimension]);
	const byDim = new Map<string, number>();
	for (const r of rows) {
		const key = refOf(r, d.dimension)?.key ?? '';
		byDim.set(key, (byDim.get(key) ?? 0) + kop(r[`${d.resource}Balance`]));
	}
	const cpOf = new Map<string, string>();
	if (d.via) {
		const keys = await names(client, d.via.set, [...byDim.keys()].filter(Boolean));
		for (const k of byDim.keys()) cpOf.set(k, refOf(keys.get(k), d.via.field)?.key ?? '');
	} else for (const k of byDim.keys()) cpOf.set(k, k);
	const byCp = new Map<string, number>();
	for (const [k, v] of byDim) byCp.set(cpOf.get(k) ?? '', (byCp.get(cpOf.get(k) ?? '') ?? 0) + v);
	const cps = await names(client, src.counterpartySet, [...byCp.keys()].filter(Boolean));
	const out: Row[] = [];
	for (const [key, v] of byCp) {
		if (v === 0) continue;
		const cp = cps.get(key);
		out.push({ counterparty: text(cp?.Description) || (key ? `<объект не найден ${key}>` : '(не указан)'), inn: text(cp?.ИНН), debt: v > 0 ? v / 100 : 0, advance: v < 0 ? -v / 100 : 0, counterpartyKey: key });
	}
	out.sort((a, b) => Number(b.debt) - Number(a.debt) || String(a.counterparty).localeCompare(String(b.counterparty), 'ru'));
	return {
		kind: 'debts',
		title: REPORT_TITLES.debts,
		periodLabel: `на ${ru(period.end)}`,
		columns: [
			{ key: 'counterparty', head: 'Контрагент', kind: 'text' },
			{ key: 'inn', head: 'ИНН', kind: 'text', width: 70 },
			{ key: 'debt', head: 'Долг покупателя', kind: 'money', width: 80 },
			{ key: 'advance', head: 'Аванс (переплата)', kind: 'money', width: 80 },
		],
		rows: out,
	};
}

async function sales(client: OneCClient, src: ReportSources, period: Period): Promise<ReportTable> {
	const map = src.sales;
	const k = kindMap(map, 'sale');
	const filter = `Posted eq true and DeletionMark eq false and Date ge datetime'${period.start}' and Date le datetime'${period.end}'`;
	const docs = await client.list(k.set, { filter, returnAll: true });
	const groups = new Map<string, { cp: string; product: string; quantity: number; sum: number; vat: number }>();
	for (const doc of docs) {
		const cp = refOf(doc, map.counterparty.field)?.key ?? '';
		const includesVat = k.pricesIncludeVat ? doc[k.pricesIncludeVat] !== false : true;
		for (const section of k.rows) {
			for (const r of (doc[section] as Row[] | undefined) ?? []) {
				const product = refOf(r, map.row.product)?.key ?? '';
				const g = groups.get(`${cp}|${product}`) ?? { cp, product, quantity: 0, sum: 0, vat: 0 };
				const vat = map.row.vat ? kop(r[map.row.vat]) : 0;
				g.quantity += numberOf(r[map.row.quantity]);
				g.sum += kop(r[map.row.sum]) + (includesVat ? 0 : vat);
				g.vat += vat;
				groups.set(`${cp}|${product}`, g);
			}
		}
	}
	const list = [...groups.values()];
	const [cps, products] = await Promise.all([names(client, map.counterparty.set, list.map((g) => g.cp).filter(Boolean)), names(client, map.product.set, list.map((g) => g.product).filter(Boolean))]);
	return {
		kind: 'sales',
		title: REPORT_TITLES.sales,
		periodLabel: period.label,
		columns: [
			{ key: 'product', head: 'Номенклатура', kind: 'text' },
			{ key: 'quantity', head: 'Количество', kind: 'number', width: 60 },
			{ key: 'sum', head: 'Сумма с НДС', kind: 'money', width: 80 },
			{ key: 'vat', head: 'в т. ч. НДС', kind: 'money', width: 70 },
		],
		groupBy: 'counterparty',
		rows: byProduct(
			list.map((g) => ({
				counterparty: text(cps.get(g.cp)?.Description) || '(не указан)',
				product: text(products.get(g.product)?.Description) || '(без номенклатуры)',
				quantity: Math.round(g.quantity * 1000) / 1000,
				sum: g.sum / 100,
				vat: g.vat / 100,
			})),
		),
	};
}

async function stock(client: OneCClient, src: ReportSources, period: Period): Promise<ReportTable> {
	const s = src.stock;
	if (!s) throw new Error(`The 1C configuration "${src.id}" has no stock register for «${REPORT_TITLES.stock}» (БП 3.0 keeps goods in the accounting register Хозрасчетный, account 41); use a Virtual Table read of your register instead`);
	const rows = (await balance(client, s.set, period, [s.warehouse.dimension, s.product])).filter((r) => numberOf(r[`${s.quantity}Balance`]) !== 0 || (s.amount && kop(r[`${s.amount}Balance`]) !== 0));
	const [warehouses, products] = await Promise.all([
		names(client, s.warehouse.set, rows.map((r) => refOf(r, s.warehouse.dimension)?.key ?? '').filter(Boolean)),
		names(client, src.sales.product.set, rows.map((r) => refOf(r, s.product)?.key ?? '').filter(Boolean)),
	]);
	return {
		kind: 'stock',
		title: REPORT_TITLES.stock,
		periodLabel: `на ${ru(period.end)}`,
		columns: [
			{ key: 'product', head: 'Номенклатура', kind: 'text' },
			{ key: 'quantity', head: 'Количество', kind: 'number', width: 70 },
			...(s.amount ? [{ key: 'amount', head: 'Сумма', kind: 'money' as const, width: 80 }] : []),
		],
		groupBy: 'warehouse',
		rows: byProduct(rows.map((r) => ({
			warehouse: text(warehouses.get(refOf(r, s.warehouse.dimension)?.key ?? '')?.Description) || '(склад не указан)',
			product: text(products.get(refOf(r, s.product)?.key ?? '')?.Description) || '(без номенклатуры)',
			quantity: Math.round(numberOf(r[`${s.quantity}Balance`]) * 1000) / 1000,
			...(s.amount ? { amount: kop(r[`${s.amount}Balance`]) / 100 } : {}),
		}))),
	};
}

/** The table of a built-in report for a period; errors (an unpublished register, a base without stock) propagate. */
export async function loadReport(client: OneCClient, config: ReportConfig, kind: ReportKind, period: Period): Promise<ReportTable> {
	const src = typeof config === 'string' ? REPORT_SOURCES[config] : config;
	if (!src) throw new Error(`Unknown 1C configuration "${String(config)}"`);
	if (kind === 'debts') return debts(client, src, period);
	if (kind === 'sales') return sales(client, src, period);
	if (kind === 'stock') return stock(client, src, period);
	throw new Error(`Unknown report "${String(kind)}"`);
}

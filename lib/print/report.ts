/**
 * A tabular report as PDF (issue 8: «Задолженность покупателей», «Продажи за период», «Остатки
 * товаров» …): the title, the base name and the period in the header, a table whose header repeats
 * on every page, optional grouping with subtotals, a grand total per numeric column, and «страница N
 * из M» on every page. The rows come from 1C virtual tables or document lists; this file only lays
 * them out. Totals are summed in kopecks (`reportTotals`), so they equal the sum of the rows.
 */
import { formatMoney, formatQuantity } from './model';
import { PAGE_WIDTH } from './layout';
import { renderPdf, type DocDefinition } from './pdf';

export interface ReportColumn {
	key: string;
	head: string;
	kind: 'text' | 'money' | 'number';
	width?: number | string;
	/** numeric columns are totalled unless `false` */
	total?: boolean;
}

export interface ReportSpec {
	title: string;
	baseName: string;
	/** e.g. «01.11.2026 – 30.11.2026» or «на 02.12.2026» */
	period: string;
	columns: ReportColumn[];
	rows: Array<Record<string, unknown>>;
	/** a text column to group by (rows are sorted by it, each group gets a subtotal) */
	groupBy?: string;
}

const num = (v: unknown) => {
	const n = typeof v === 'number' ? v : Number(String(v ?? '').replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(n) ? n : 0;
};
const totalled = (c: ReportColumn) => c.kind !== 'text' && c.total !== false;

/** Sum of each totalled column over the rows, in kopecks then back (no float drift). */
export function reportTotals(columns: ReportColumn[], rows: Array<Record<string, unknown>>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const c of columns.filter(totalled)) out[c.key] = rows.reduce((s, r) => s + Math.round(num(r[c.key]) * 100), 0) / 100;
	return out;
}

function cell(c: ReportColumn, v: unknown, bold = false): Record<string, unknown> {
	const text = c.kind === 'money' ? formatMoney(num(v)) : c.kind === 'number' ? formatQuantity(num(v)) : String(v ?? '');
	return { text, alignment: c.kind === 'text' ? 'left' : 'right', ...(c.kind !== 'text' ? { noWrap: true } : {}), ...(bold ? { bold: true } : {}) };
}

function totalRow(columns: ReportColumn[], label: string, sums: Record<string, number>, fill: string): Array<Record<string, unknown>> {
	return columns.map((c, i) => ({ ...(i === 0 ? { text: label, bold: true } : totalled(c) ? cell(c, sums[c.key], true) : { text: '' }), fillColor: fill }));
}

export function reportDefinition(spec: ReportSpec): DocDefinition {
	const cols = spec.columns;
	const rows = spec.groupBy ? [...spec.rows].sort((a, b) => String(a[spec.groupBy!] ?? '').localeCompare(String(b[spec.groupBy!] ?? ''), 'ru')) : spec.rows;
	const body: unknown[][] = [cols.map((c) => ({ text: c.head, bold: true, alignment: 'center', fillColor: '#f2f2f2' }))];
	if (spec.groupBy) {
		const groups = new Map<string, Array<Record<string, unknown>>>();
		for (const r of rows) groups.set(String(r[spec.groupBy] ?? ''), [...(groups.get(String(r[spec.groupBy] ?? '')) ?? []), r]);
		for (const [name, list] of groups) {
			body.push(cols.map((_c, i) => (i === 0 ? { text: name || '(не указано)', bold: true, colSpan: cols.length, fillColor: '#fafafa' } : {})));
			for (const r of list) body.push(cols.map((c) => cell(c, r[c.key])));
			body.push(totalRow(cols, `Итого по группе (${list.length})`, reportTotals(cols, list), '#fafafa'));
		}
	} else for (const r of rows) body.push(cols.map((c) => cell(c, r[c.key])));
	body.push(totalRow(cols, `Итого (${rows.length})`, reportTotals(cols, rows), '#eeeeee'));
	return {
		pageSize: 'A4',
		pageOrientation: 'portrait',
		pageMargins: [40, 30, 40, 40],
		info: { title: spec.title, subject: `${spec.baseName}, ${spec.period}`, creator: 'n8n-nodes-1c-bitrix24' },
		content: [
			{ text: spec.title, bold: true, fontSize: 14, margin: [0, 4, 0, 2] },
			{ text: `База: ${spec.baseName}    Период: ${spec.period}`, fontSize: 9, margin: [0, 0, 0, 4] },
			{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH, y2: 0, lineWidth: 1.5 }], margin: [0, 0, 0, 8] },
			rows.length
				? { table: { headerRows: 1, dontBreakRows: true, widths: cols.map((c) => c.width ?? (c.kind === 'text' ? '*' : 'auto')), body }, fontSize: 8, layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 } }
				: { text: 'Нет данных за период', italics: true, margin: [0, 10, 0, 0] },
		],
		footer: (page: number, pages: number) => ({ text: `${spec.title} — страница ${page} из ${pages}`, alignment: 'right', fontSize: 7, color: '#666666', margin: [40, 10, 40, 0] }),
		defaultStyle: { fontSize: 10 },
	};
}

export function reportPdf(spec: ReportSpec): Promise<Buffer> {
	return renderPdf(reportDefinition(spec));
}

/**
 * pdfmake building blocks shared by the built-in print forms («Счет на оплату», «Реализация (акт,
 * накладная)», «Заказ покупателя»): the A4 page frame with a
 * «страница N из M» footer, rules, the «Исполнитель / Заказчик» requisites block, a grid table
 * whose header repeats on every page, the totals block with VAT per rate, signature lines,
 * the VAT of one row, and the validation gate that throws a PrintError. No I/O.
 */
import { amountInWords } from '../amount-words';
import {
	formatMoney,
	NO_VAT,
	partyLine,
	PrintError,
	validatePrintDocument,
	vatPercent,
	type PrintDocument,
	type PrintKind,
	type PrintRow,
	type PrintTotals,
} from './model';
import type { DocDefinition } from './pdf';

export type Node = Record<string, unknown> | string;

const MARGIN_X = 40;

/** The text width of an A4 portrait page with the forms' margins. */
export const PAGE_WIDTH = 595.28 - MARGIN_X - MARGIN_X;

const NONE = [false, false, false, false];

/** Throws a PrintError (number and every problem) unless the document can be printed as `kind`. */
export function assertPrintable(doc: PrintDocument, kind: PrintKind): void {
	const problems = validatePrintDocument(doc && typeof doc === 'object' ? { ...doc, kind } : doc);
	if (problems.length) throw new PrintError(String(doc?.number ?? ''), problems, kind);
}

/** A horizontal rule over the whole text width. */
export function rule(width: number, margin: [number, number, number, number]): Node {
	return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH, y2: 0, lineWidth: width }], margin };
}

/** The bold title with the thick rule under it. */
export function titleBlock(title: string): Node[] {
	return [{ text: title, bold: true, fontSize: 14, margin: [0, 4, 0, 4] }, rule(1.5, [0, 0, 0, 8])];
}

/** Two labelled requisites lines: [[label, text], …] — e.g. «Исполнитель:» / «Заказчик:». */
export function partiesBlock(lines: Array<[string, string]>): Node {
	return {
		table: { widths: [80, '*'], body: lines.map(([label, text]) => [{ text: label }, { text, bold: true }]) },
		layout: { defaultBorder: false, paddingBottom: () => 6 },
		fontSize: 9,
	};
}

/** «Исполнитель:» (the organisation) and «Заказчик:» (the counterparty) with their requisites. */
export const contractorCustomer = (doc: PrintDocument): Node =>
	partiesBlock([
		['Исполнитель:', partyLine(doc.organisation)],
		['Заказчик:', partyLine(doc.counterparty)],
	]);

/** A column of a grid table: its header, width and how its cells are aligned. */
export interface Column {
	head: string;
	width: number | string;
	align?: 'left' | 'center' | 'right';
}

/** A bordered table with a grey header row that repeats on every page; rows never split. */
export function gridTable(columns: Column[], rows: string[][], fontSize = 9): Node {
	const head = columns.map((c) => ({ text: c.head, bold: true, alignment: 'center' }));
	const cell = (text: string, c: Column) => ({ text, alignment: c.align ?? 'left', ...(c.align === 'right' ? { noWrap: true } : {}) });
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: columns.map((c) => c.width),
			body: [head, ...rows.map((r) => r.map((text, i) => cell(text, columns[i])))],
		},
		layout: {
			hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 1.2 : 0.5),
			vLineWidth: (i: number, node: { table: { widths: unknown[] } }) => (i === 0 || i === node.table.widths.length ? 1.2 : 0.5),
			fillColor: (i: number) => (i === 0 ? '#f2f2f2' : null),
		},
		fontSize,
		margin: [0, 8, 0, 6],
	};
}

/** The VAT of one row as `totals` counts it: the row's own VAT, else computed from its rate; undefined without a rate. */
export function rowVat(doc: PrintDocument, r: PrintRow): number | undefined {
	if (typeof r.vat === 'number' && Number.isFinite(r.vat)) return Math.round(r.vat * 100) / 100;
	const rate = vatPercent(r.vatRate);
	if (rate === undefined) return undefined;
	// the very expression of `totals`, so the column adds up to its VAT lines
	return Math.round((doc.pricesIncludeVat ? (r.sum * rate) / (100 + rate) : (r.sum * rate) / 100) * 100) / 100;
}

/** The rate label of a row as printed: '20%' or 'Без НДС'. */
export const rateLabel = (r: PrintRow): string => (vatPercent(r.vatRate) === undefined ? NO_VAT : r.vatRate!.trim().replace(/\s+/g, ''));

/** «Итого:», VAT per rate (or «Без налога (НДС)»), then `totalLabel` with the amount to pay. */
export function totalsBlock(doc: PrintDocument, t: PrintTotals, totalLabel: string): Node {
	const line = (label: string, value: string) => [{ text: label, bold: true, alignment: 'right' }, { text: value, bold: true, alignment: 'right', noWrap: true }];
	const rated = t.byRate.filter((r) => r.rate !== NO_VAT && vatPercent(r.rate) !== undefined);
	const vatLines = rated.length
		? rated.map((r) => line(`${doc.pricesIncludeVat ? 'В том числе НДС' : 'НДС'} (${r.rate.replace(/\s+/g, '')}):`, formatMoney(r.vat)))
		: [line('Без налога (НДС)', '-')];
	return {
		table: { widths: ['*', 85], body: [line('Итого:', formatMoney(t.sum)), ...vatLines, line(totalLabel, formatMoney(t.total))] },
		layout: 'noBorders',
		fontSize: 9,
	};
}

/** «Role ________ / name /» as table cells (a line under the middle cell). */
export function signCells(role: string, name?: string, lineWidth: number | string = 90): { widths: Array<number | string>; cells: Node[] } {
	return {
		widths: ['auto', lineWidth, 'auto'],
		cells: [
			{ text: role, bold: true, border: NONE },
			{ text: ' ', border: [false, false, false, true] },
			{ text: `/ ${name?.trim() || ' '.repeat(24)} /`, noWrap: true, border: NONE },
		],
	};
}

/** One signature line: «Role ________ / name /». */
export function signatureLine(role: string, name?: string): Node {
	const s = signCells(role, name);
	return {
		table: { widths: [...s.widths, '*'], body: [[...s.cells, { text: '', border: NONE }]] },
		layout: { hLineWidth: () => 0.7, paddingTop: () => 8 },
		margin: [0, 10, 0, 0],
	};
}

/**
 * The end of every form, kept on one page: totals, «<count line> N, на сумму … руб.», the sum in
 * words, form-specific text, the comment, a rule and the signatures.
 */
export function closingBlock(doc: PrintDocument, t: PrintTotals, o: { totalLabel: string; countLine: string; extras?: Node[]; signatures: Node }): Node {
	return {
		stack: [
			totalsBlock(doc, t, o.totalLabel),
			{ text: `${o.countLine} ${doc.rows.length}, на сумму ${formatMoney(t.total)} руб.`, margin: [0, 6, 0, 0] },
			{ text: amountInWords(t.total, doc.currency ?? 'RUB'), bold: true },
			...(o.extras ?? []),
			...commentBlock(doc),
			rule(1.5, [0, 6, 0, 4]),
			o.signatures,
		],
		unbreakable: true,
	};
}

/** The comment of the document in small italics, or nothing. */
export const commentBlock = (doc: PrintDocument): Node[] =>
	doc.comment?.trim() ? [{ text: doc.comment.trim(), fontSize: 8, italics: true, margin: [0, 6, 0, 0] }] : [];

/** The A4 portrait frame: metadata, content and a «title — страница N из M» footer on multi-page documents. */
export function pageDefinition(doc: PrintDocument, title: string, content: Node[]): DocDefinition {
	return {
		pageSize: 'A4',
		pageOrientation: 'portrait',
		pageMargins: [MARGIN_X, 30, MARGIN_X, 40],
		info: { title, subject: `${doc.organisation.name} → ${doc.counterparty.name}`, creator: 'n8n-nodes-1c-bitrix24' },
		content,
		footer: (page: number, pages: number) =>
			pages > 1 ? { text: `${title} — страница ${page} из ${pages}`, alignment: 'right', fontSize: 7, color: '#666666', margin: [MARGIN_X, 10, MARGIN_X, 0] } : undefined,
		defaultStyle: { fontSize: 10 },
	};
}

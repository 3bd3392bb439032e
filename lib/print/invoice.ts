/**
 * The built-in «Счет на оплату покупателю» print form, laid out like the standard 1C form: the
 * bordered bank block (bank, БИК, corr. account, ИНН/КПП, recipient, account), the title with the
 * date in words, supplier and buyer requisites, the goods table (repeats its header on every page),
 * totals with VAT per rate, «Всего наименований …», the amount in words and signature lines.
 * A4 portrait. Invalid documents throw a PrintError — never a blank PDF.
 */
import { amountInWords } from '../amount-words';
import {
	dateInWords,
	formatMoney,
	formatQuantity,
	NO_VAT,
	partyLine,
	PrintError,
	totals,
	validatePrintDocument,
	vatPercent,
	type PrintDocument,
	type PrintTotals,
} from './model';
import { renderPdf, type DocDefinition } from './pdf';

type Node = Record<string, unknown> | string;

const PAGE_WIDTH = 595.28 - 40 - 40;

/** A horizontal rule over the whole text width. */
function rule(width: number, margin: [number, number, number, number]): Node {
	return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: PAGE_WIDTH, y2: 0, lineWidth: width }], margin };
}

const caption = (text: string): Node => ({ text, fontSize: 7, color: '#333333' });

/** The bordered bank block at the top of the form. */
function bankBlock(doc: PrintDocument): Node {
	const bank = doc.bank!;
	const org = doc.organisation;
	const num = (text: string, extra: Record<string, unknown> = {}) => ({ text, noWrap: true, ...extra });
	return {
		table: {
			widths: ['*', '*', 40, 125],
			body: [
				[{ stack: [bank.name, { text: ' ', fontSize: 6 }, caption('Банк получателя')], colSpan: 2, rowSpan: 2 }, {}, 'БИК', num(bank.bik)],
				[{}, {}, 'Сч. №', num(bank.corrAccount ?? '')],
				[`ИНН ${org.inn ?? ''}`, `КПП ${org.kpp ?? ''}`, { text: 'Сч. №', rowSpan: 2 }, num(bank.account, { rowSpan: 2 })],
				[{ stack: [org.fullName?.trim() || org.name, { text: ' ', fontSize: 6 }, caption('Получатель')], colSpan: 2 }, {}, {}, {}],
			],
		},
		layout: { hLineWidth: () => 0.7, vLineWidth: () => 0.7, paddingTop: () => 2, paddingBottom: () => 2 },
		fontSize: 9,
	};
}

/** «Поставщик (Исполнитель):» / «Покупатель (Заказчик):» lines. */
function partiesBlock(doc: PrintDocument): Node {
	return {
		table: {
			widths: [80, '*'],
			body: [
				[{ text: 'Поставщик\n(Исполнитель):' }, { text: partyLine(doc.organisation), bold: true }],
				[{ text: 'Покупатель\n(Заказчик):' }, { text: partyLine(doc.counterparty), bold: true }],
			],
		},
		layout: { defaultBorder: false, paddingBottom: () => 6 },
		fontSize: 9,
	};
}

/** The goods table; its header row repeats on every page. */
function rowsTable(doc: PrintDocument): Node {
	const head = ['№', 'Товары (работы, услуги)', 'Кол-во', 'Ед.', 'Цена', 'Сумма'].map((text) => ({ text, bold: true, alignment: 'center' }));
	const right = (text: string) => ({ text, alignment: 'right', noWrap: true });
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: [22, '*', 50, 32, 70, 75],
			body: [
				head,
				...doc.rows.map((r, i) => [
					{ text: String(i + 1), alignment: 'center' },
					r.name,
					right(formatQuantity(r.quantity)),
					{ text: r.unit ?? '', alignment: 'center' },
					right(formatMoney(r.price)),
					right(formatMoney(r.sum)),
				]),
			],
		},
		layout: {
			hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 1.2 : 0.5),
			vLineWidth: (i: number, node: { table: { widths: unknown[] } }) => (i === 0 || i === node.table.widths.length ? 1.2 : 0.5),
			fillColor: (i: number) => (i === 0 ? '#f2f2f2' : null),
		},
		fontSize: 9,
		margin: [0, 8, 0, 6],
	};
}

/** «Итого:», VAT per rate (or «Без налога (НДС)»), «Всего к оплате:». */
function totalsBlock(doc: PrintDocument, t: PrintTotals): Node {
	const line = (label: string, value: string) => [{ text: label, bold: true, alignment: 'right' }, { text: value, bold: true, alignment: 'right', noWrap: true }];
	const rated = t.byRate.filter((r) => r.rate !== NO_VAT && vatPercent(r.rate) !== undefined);
	const vatLines = rated.length
		? rated.map((r) => line(`${doc.pricesIncludeVat ? 'В том числе НДС' : 'НДС'} (${r.rate.replace(/\s+/g, '')}):`, formatMoney(r.vat)))
		: [line('Без налога (НДС)', '-')];
	return {
		table: { widths: ['*', 85], body: [line('Итого:', formatMoney(t.sum)), ...vatLines, line('Всего к оплате:', formatMoney(t.total))] },
		layout: 'noBorders',
		fontSize: 9,
	};
}

/** «Руководитель ________ / name /   Бухгалтер ________ / name /» on one line. */
function signaturesBlock(doc: PrintDocument): Node {
	const none = [false, false, false, false];
	const sign = (role: string, name?: string) => [
		{ text: role, bold: true, border: none },
		{ text: ' ', border: [false, false, false, true] },
		{ text: `/ ${name?.trim() || ' '.repeat(24)} /`, noWrap: true, border: none },
	];
	return {
		table: {
			widths: ['auto', 80, 'auto', '*', 'auto', 80, 'auto'],
			body: [[...sign('Руководитель', doc.signatures?.director), { text: '', border: none }, ...sign('Бухгалтер', doc.signatures?.accountant)]],
		},
		layout: { hLineWidth: () => 0.7, paddingTop: () => 8 },
		margin: [0, 10, 0, 0],
	};
}

/** The pdfmake definition of the invoice (exported for tests and for variations of the form). */
export function invoiceDefinition(doc: PrintDocument): DocDefinition {
	const t = totals(doc);
	const title = `Счет на оплату № ${doc.number.trim()} от ${dateInWords(doc.date)}`;
	return {
		pageSize: 'A4',
		pageOrientation: 'portrait',
		pageMargins: [40, 30, 40, 40],
		info: { title, subject: `${doc.organisation.name} → ${doc.counterparty.name}`, creator: 'n8n-nodes-1c-bitrix24' },
		content: [
			bankBlock(doc),
			{ text: title, bold: true, fontSize: 14, margin: [0, 16, 0, 4] },
			rule(1.5, [0, 0, 0, 8]),
			partiesBlock(doc),
			rowsTable(doc),
			{
				stack: [
					totalsBlock(doc, t),
					{ text: `Всего наименований ${doc.rows.length}, на сумму ${formatMoney(t.total)} руб.`, margin: [0, 6, 0, 0] },
					{ text: amountInWords(t.total, doc.currency ?? 'RUB'), bold: true },
					...(doc.comment?.trim() ? [{ text: doc.comment.trim(), fontSize: 8, italics: true, margin: [0, 6, 0, 0] }] : []),
					rule(1.5, [0, 6, 0, 4]),
					signaturesBlock(doc),
				],
				unbreakable: true,
			},
		],
		footer: (page: number, pages: number) =>
			pages > 1 ? { text: `${title} — страница ${page} из ${pages}`, alignment: 'right', fontSize: 7, color: '#666666', margin: [40, 10, 40, 0] } : undefined,
		defaultStyle: { fontSize: 10 },
	};
}

/** The «Счет на оплату» PDF; throws PrintError (number and every problem) for a document that cannot be printed. */
export async function invoicePdf(doc: PrintDocument): Promise<Buffer> {
	// whatever its kind, an invoice needs the bank details
	const problems = validatePrintDocument(doc && typeof doc === 'object' ? { ...doc, kind: 'invoice' } : doc);
	if (problems.length) throw new PrintError(String(doc?.number ?? ''), problems, 'invoice');
	return renderPdf(invoiceDefinition(doc));
}

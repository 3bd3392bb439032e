/**
 * The built-in «Реализация (акт, накладная)» print form, close to the 1C «Акт об оказании услуг»:
 * the title with the date in words, «Исполнитель:» / «Заказчик:» requisites, the rows table
 * (repeats its header on every page), totals with VAT per rate, «Всего оказано услуг …», the
 * amount in words, the acceptance sentence and the two signature blocks side by side.
 * A4 portrait. No bank details needed. Invalid documents throw a PrintError — never a blank PDF.
 */
import { dateInWords, formatMoney, formatQuantity, totals, type PrintDocument } from './model';
import { assertPrintable, closingBlock, contractorCustomer, gridTable, pageDefinition, titleBlock, type Node } from './layout';
import { renderPdf, type DocDefinition } from './pdf';

export const ACCEPTANCE =
	'Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объему, качеству и срокам оказания услуг не имеет.';

/** The rows: №, Наименование работ, услуг, Кол-во, Ед., Цена, Сумма. */
function rowsTable(doc: PrintDocument): Node {
	return gridTable(
		[
			{ head: '№', width: 22, align: 'center' },
			{ head: 'Наименование работ, услуг', width: '*' },
			{ head: 'Кол-во', width: 50, align: 'right' },
			{ head: 'Ед.', width: 32, align: 'center' },
			{ head: 'Цена', width: 70, align: 'right' },
			{ head: 'Сумма', width: 75, align: 'right' },
		],
		doc.rows.map((r, i) => [String(i + 1), r.name, formatQuantity(r.quantity), r.unit ?? '', formatMoney(r.price), formatMoney(r.sum)]),
	);
}

/** One side of the signatures: «ИСПОЛНИТЕЛЬ», the party's name, a line and «/ name /». */
function signSide(role: string, party: string, name?: string): Node {
	return {
		stack: [
			{ text: role, bold: true },
			{ text: party, fontSize: 8, margin: [0, 2, 0, 0] },
			{
				table: {
					widths: [110, '*'],
					body: [[{ text: ' ', border: [false, false, false, true] }, { text: `/ ${name?.trim() || ' '.repeat(24)} /`, noWrap: true, border: [false, false, false, false] }]],
				},
				layout: { hLineWidth: () => 0.7, paddingTop: () => 14 },
			},
			{ text: 'М.П.', fontSize: 7, color: '#666666', margin: [0, 4, 0, 0] },
		],
	};
}

/** «ИСПОЛНИТЕЛЬ» and «ЗАКАЗЧИК» side by side. */
function signaturesBlock(doc: PrintDocument): Node {
	const org = doc.organisation;
	const cp = doc.counterparty;
	return {
		columns: [
			signSide('ИСПОЛНИТЕЛЬ', org.fullName?.trim() || org.name, doc.signatures?.director),
			signSide('ЗАКАЗЧИК', cp.fullName?.trim() || cp.name),
		],
		columnGap: 30,
		margin: [0, 10, 0, 0],
		fontSize: 9,
	};
}

/** The title: «Реализация (акт, накладная) № … от 24 ноября 2026 г.» */
export const saleTitle = (doc: PrintDocument): string => `Реализация (акт, накладная) № ${doc.number.trim()} от ${dateInWords(doc.date)}`;

/** The pdfmake definition of the act (exported for tests and for variations of the form). */
export function saleDefinition(doc: PrintDocument): DocDefinition {
	const t = totals(doc);
	const title = saleTitle(doc);
	return pageDefinition(doc, title, [
		...titleBlock(title),
		contractorCustomer(doc),
		rowsTable(doc),
		closingBlock(doc, t, { totalLabel: 'Всего:', countLine: 'Всего оказано услуг', extras: [{ text: ACCEPTANCE, fontSize: 9, margin: [0, 8, 0, 0] }], signatures: signaturesBlock(doc) }),
	]);
}

/** The «Реализация (акт, накладная)» PDF; throws PrintError (number and every problem) for a document that cannot be printed. */
export async function salePdf(doc: PrintDocument): Promise<Buffer> {
	assertPrintable(doc, 'sale');
	return renderPdf(saleDefinition(doc));
}

/**
 * The entry point of the built-in print forms: `printPdf` renders a PrintDocument with the form of
 * its kind («Счет на оплату», «Реализация (акт, накладная)», «Заказ покупателя») and throws a
 * PrintError for a document that cannot be printed; the file name and validation are re-exported.
 */
import { invoicePdf } from './invoice';
import { PrintError, type PrintDocument } from './model';
import { orderPdf } from './order';
import { salePdf } from './sale';

export { dateInWords, fileName, formatMoney, NO_VAT, PrintError, safeFileName, TITLES, totals, validatePrintDocument } from './model';
export type { PrintBank, PrintDocument, PrintKind, PrintParty, PrintRow, PrintTotals } from './model';
export { invoicePdf } from './invoice';
export { salePdf } from './sale';
export { orderPdf } from './order';

/** The PDF of the document with the form of its kind; PrintError for an unknown kind or a document that cannot be printed. */
export async function printPdf(doc: PrintDocument): Promise<Buffer> {
	switch (doc?.kind) {
		case 'invoice':
			return invoicePdf(doc);
		case 'sale':
			return salePdf(doc);
		case 'order':
			return orderPdf(doc);
		default:
			throw new PrintError(String(doc?.number ?? ''), [doc ? `неизвестный вид документа («${String(doc.kind)}»)` : 'документ не найден'], String(doc?.kind ?? ''));
	}
}

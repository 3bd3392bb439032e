/**
 * The built-in «Заказ покупателя» print form, laid out like the 1C form: the title with the date in
 * words, «Исполнитель:» / «Заказчик:» requisites, the rows table with the VAT rate and VAT of every
 * row (repeats its header on every page), totals with VAT per rate, «Всего наименований …», the
 * amount in words and the «Менеджер» signature. A4 portrait. No bank details needed.
 * Invalid documents throw a PrintError — never a blank PDF.
 */
import { dateInWords, formatMoney, formatQuantity, totals, type PrintDocument } from './model';
import { assertPrintable, closingBlock, contractorCustomer, gridTable, pageDefinition, rateLabel, rowVat, signatureLine, titleBlock, type Node } from './layout';
import { renderPdf, type DocDefinition } from './pdf';

/** The rows: №, Товары (работы, услуги), Кол-во, Ед., Цена, Ставка НДС, Сумма НДС, Сумма. */
function rowsTable(doc: PrintDocument): Node {
	return gridTable(
		[
			{ head: '№', width: 20, align: 'center' },
			{ head: 'Товары (работы, услуги)', width: '*' },
			{ head: 'Кол-во', width: 40, align: 'right' },
			{ head: 'Ед.', width: 28, align: 'center' },
			{ head: 'Цена', width: 58, align: 'right' },
			{ head: 'Ставка НДС', width: 44, align: 'center' },
			{ head: 'Сумма НДС', width: 56, align: 'right' },
			{ head: 'Сумма', width: 64, align: 'right' },
		],
		doc.rows.map((r, i) => {
			const vat = rowVat(doc, r);
			return [
				String(i + 1),
				r.name,
				formatQuantity(r.quantity),
				r.unit ?? '',
				formatMoney(r.price),
				rateLabel(r),
				vat === undefined ? '-' : formatMoney(vat),
				formatMoney(r.sum),
			];
		}),
		8,
	);
}

/** The title: «Заказ покупателя № … от 24 ноября 2026 г.» */
export const orderTitle = (doc: PrintDocument): string => `Заказ покупателя № ${doc.number.trim()} от ${dateInWords(doc.date)}`;

/** The pdfmake definition of the order (exported for tests and for variations of the form). */
export function orderDefinition(doc: PrintDocument): DocDefinition {
	const t = totals(doc);
	const title = orderTitle(doc);
	return pageDefinition(doc, title, [
		...titleBlock(title),
		contractorCustomer(doc),
		rowsTable(doc),
		closingBlock(doc, t, { totalLabel: 'Всего:', countLine: 'Всего наименований', signatures: signatureLine('Менеджер') }),
	]);
}

/** The «Заказ покупателя» PDF; throws PrintError (number and every problem) for a document that cannot be printed. */
export async function orderPdf(doc: PrintDocument): Promise<Buffer> {
	assertPrintable(doc, 'order');
	return renderPdf(orderDefinition(doc));
}

/**
 * The built-in «Счет на оплату покупателю» print form, laid out like the standard 1C form: the
 * bordered bank block (bank, БИК, corr. account, ИНН/КПП, recipient, account), the title with the
 * date in words, supplier and buyer requisites, the goods table (repeats its header on every page),
 * totals with VAT per rate, «Всего наименований …», the amount in words and signature lines.
 * A4 portrait. Invalid documents throw a PrintError — never a blank PDF.
 */
import { dateInWords, formatMoney, formatQuantity, partyLine, totals, type PrintDocument } from './model';
import { assertPrintable, closingBlock, gridTable, pageDefinition, partiesBlock, signCells, titleBlock, type Node } from './layout';
import { renderPdf, type DocDefinition } from './pdf';

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
		margin: [0, 0, 0, 12],
	};
}

/** «Руководитель ________ / name /   Бухгалтер ________ / name /» on one line. */
function signaturesBlock(doc: PrintDocument): Node {
	const director = signCells('Руководитель', doc.signatures?.director, 80);
	const accountant = signCells('Бухгалтер', doc.signatures?.accountant, 80);
	return {
		table: { widths: [...director.widths, '*', ...accountant.widths], body: [[...director.cells, { text: '', border: [false, false, false, false] }, ...accountant.cells]] },
		layout: { hLineWidth: () => 0.7, paddingTop: () => 8 },
		margin: [0, 10, 0, 0],
	};
}

/** The pdfmake definition of the invoice (exported for tests and for variations of the form). */
export function invoiceDefinition(doc: PrintDocument): DocDefinition {
	const t = totals(doc);
	const title = `Счет на оплату № ${doc.number.trim()} от ${dateInWords(doc.date)}`;
	return pageDefinition(doc, title, [
		bankBlock(doc),
		...titleBlock(title),
		partiesBlock([
			['Поставщик\n(Исполнитель):', partyLine(doc.organisation)],
			['Покупатель\n(Заказчик):', partyLine(doc.counterparty)],
		]),
		gridTable(
			[
				{ head: '№', width: 22, align: 'center' },
				{ head: 'Товары (работы, услуги)', width: '*' },
				{ head: 'Кол-во', width: 50, align: 'right' },
				{ head: 'Ед.', width: 32, align: 'center' },
				{ head: 'Цена', width: 70, align: 'right' },
				{ head: 'Сумма', width: 75, align: 'right' },
			],
			doc.rows.map((r, i) => [String(i + 1), r.name, formatQuantity(r.quantity), r.unit ?? '', formatMoney(r.price), formatMoney(r.sum)]),
		),
		closingBlock(doc, t, { totalLabel: 'Всего к оплате:', countLine: 'Всего наименований', signatures: signaturesBlock(doc) }),
	]);
}

/** The «Счет на оплату» PDF; throws PrintError (number and every problem) for a document that cannot be printed. */
export async function invoicePdf(doc: PrintDocument): Promise<Buffer> {
	// whatever its kind, an invoice needs the bank details
	assertPrintable(doc, 'invoice');
	return renderPdf(invoiceDefinition(doc));
}

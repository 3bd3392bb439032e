/**
 * The built-in «Реализация (акт, накладная)» and «Заказ покупателя» PDFs (lib/print/sale.ts,
 * order.ts) and the `printPdf` dispatcher: the text poppler's pdftotext extracts (title, date in
 * words, parties, rows, totals in digits and words, the act's sentence, the order's VAT columns),
 * page flow for 200 rows and the PrintError for documents that cannot be printed.
 * Also renders page 1 to /tmp/print-sale-check.png and /tmp/print-order-check.png for a visual check.
 */
import { printPdf, PrintError, validatePrintDocument, type PrintDocument } from '../../lib/print';
import { orderPdf } from '../../lib/print/order';
import { ACCEPTANCE, salePdf } from '../../lib/print/sale';
import { describeWithPoppler, pdfFiles, pdfPages, pdfSnapshot, pdfText, warnWithoutPoppler } from '../helpers/pdf';

warnWithoutPoppler('print-forms.test.ts');
const { save } = pdfFiles('print-forms-');

const parties = (): Pick<PrintDocument, 'organisation' | 'counterparty'> => ({
	organisation: { name: 'ООО «ИТ-Сервис»', inn: '7705987654', kpp: '770501001', address: '115054, г. Москва, ул. Валовая, д. 26', phone: '+7 495 765-43-21' },
	counterparty: { name: 'ООО «Ромашка»', fullName: 'Общество с ограниченной ответственностью «Ромашка»', inn: '5029012345', kpp: '502901001', address: '141002, Московская обл., г. Мытищи, Олимпийский пр-т, д. 12' },
});

/** An act of services: VAT 20% included, one row without VAT. Итого 35 100,00, НДС 5 600,00. */
function sale(): PrintDocument {
	return {
		kind: 'sale',
		number: 'ИТ00-000457',
		date: '2026-11-30T00:00:00',
		...parties(),
		rows: [
			{ name: 'Абонентское обслуживание 1С за ноябрь 2026 г.', quantity: 1, unit: 'мес', price: 15000, sum: 15000, vatRate: '20%' },
			{ name: 'Настройка обмена 1С и Битрикс24', quantity: 6, unit: 'ч', price: 2500, sum: 15000, vatRate: '20%' },
			{ name: 'Обучение пользователей', quantity: 2, unit: 'ч', price: 1800, sum: 3600, vatRate: '20%' },
			{ name: 'Выезд специалиста', quantity: 1, unit: 'усл', price: 1500, sum: 1500, vatRate: 'Без НДС' },
		],
		pricesIncludeVat: true,
		currency: 'RUB',
		signatures: { director: 'Орлов Д. С.' },
	};
}

/** A customer order: VAT 20% on top, one row without VAT. Итого 169 450,00, НДС 32 690,00, Всего 202 140,00. */
function order(): PrintDocument {
	return {
		kind: 'order',
		number: 'ЗК-000089',
		date: '2026-12-03',
		...parties(),
		rows: [
			{ name: 'Ноутбук Lenovo ThinkPad E14', quantity: 2, unit: 'шт', price: 78500, sum: 157000, vatRate: '20%' },
			{ name: 'Мышь беспроводная Logitech M185', quantity: 5, unit: 'шт', price: 1290, sum: 6450, vatRate: '20%' },
			{ name: 'Установка и настройка ПО', quantity: 3, unit: 'ч', price: 2000, sum: 6000, vatRate: 'Без НДС' },
		],
		pricesIncludeVat: false,
		currency: 'RUB',
	};
}

describeWithPoppler('salePdf', () => {
	let text = '';
	beforeAll(async () => {
		const file = save(await salePdf(sale()));
		text = pdfText(file);
		pdfSnapshot(file, '/tmp/print-sale-check');
	});

	it('prints the title with the number and the date in words, both parties with their INN and every row', () => {
		expect(text).toContain('Реализация (акт, накладная) № ИТ00-000457 от 30 ноября 2026 г.');
		expect(text).toMatch(/Исполнитель:\s+ООО «ИТ-Сервис», ИНН 7705987654, КПП 770501001/);
		expect(text).toMatch(/Заказчик:\s+Общество с ограниченной ответственностью «Ромашка», ИНН 5029012345/);
		for (const r of sale().rows) expect(text).toContain(r.name);
		expect(text).toMatch(/Наименование работ, услуг\s+Кол-во\s+Ед\.\s+Цена\s+Сумма/);
		expect(text).toMatch(/Настройка обмена 1С и Битрикс24\s+6\s+ч\s+2 500,00\s+15 000,00/);
	});

	it('prints the totals, the count, the total in words, the acceptance sentence and both signature blocks', () => {
		expect(text).toMatch(/Итого:\s+35 100,00/);
		expect(text).toMatch(/В том числе НДС \(20%\):\s+5 600,00/);
		expect(text).toMatch(/Всего:\s+35 100,00/);
		expect(text).toContain('Всего оказано услуг 4, на сумму 35 100,00 руб.');
		expect(text).toContain('Тридцать пять тысяч сто рублей 00 копеек');
		expect(text.replace(/\s+/g, ' ')).toContain(ACCEPTANCE);
		expect(text).toMatch(/ИСПОЛНИТЕЛЬ\s+ЗАКАЗЧИК/);
		expect(text).toContain('Орлов Д. С.');
	});

	it('prints «Без налога (НДС)» when no row has VAT', async () => {
		const doc = sale();
		doc.rows = doc.rows.map((r) => ({ ...r, vatRate: 'Без НДС' }));
		const t = pdfText(save(await salePdf(doc)));
		expect(t).toContain('Без налога (НДС)');
		expect(t).not.toContain('НДС (20%)');
	});

	it('flows 200 rows over several pages, repeating the table header, with the last row and the totals', async () => {
		const doc = sale();
		doc.rows = Array.from({ length: 200 }, (_, i) => ({ name: `Услуга номер ${i + 1}`, quantity: 1, unit: 'усл', price: 100, sum: 100, vatRate: '20%' }));
		const file = save(await salePdf(doc));
		expect(pdfPages(file)).toBeGreaterThanOrEqual(2);
		const t = pdfText(file);
		expect(t).toContain('Услуга номер 200');
		// the header on every page with rows (the unbreakable totals block may move to a page of its own)
		const withRows = t.split('\f').filter((page) => page.includes('Услуга номер'));
		expect(withRows.length).toBeGreaterThanOrEqual(2);
		for (const page of withRows) expect(page).toContain('Наименование работ, услуг');
		expect(t).toContain('Всего оказано услуг 200, на сумму 20 000,00 руб.');
		expect(t).toContain('Двадцать тысяч рублей 00 копеек');
		expect(t).toMatch(/страница 2 из \d/);
	});
});

describeWithPoppler('orderPdf', () => {
	let text = '';
	beforeAll(async () => {
		const file = save(await orderPdf(order()));
		text = pdfText(file);
		pdfSnapshot(file, '/tmp/print-order-check');
	});

	it('prints the title with the number and the date in words, both parties with their INN and every row', () => {
		expect(text).toContain('Заказ покупателя № ЗК-000089 от 3 декабря 2026 г.');
		expect(text).toMatch(/Исполнитель:\s+ООО «ИТ-Сервис», ИНН 7705987654/);
		expect(text).toMatch(/Заказчик:\s+Общество с ограниченной ответственностью «Ромашка», ИНН 5029012345/);
		for (const r of order().rows) expect(text).toContain(r.name);
	});

	it('prints the VAT rate and the VAT of every row', () => {
		expect(text).toMatch(/Товары \(работы, услуги\)\s+Кол-во\s+Ед\.\s+Цена\s+Ставка\s+Сумма НДС\s+Сумма/);
		expect(text).toMatch(/Ноутбук Lenovo ThinkPad E14\s+2\s+шт\s+78 500,00\s+20%\s+31 400,00\s+157 000,00/);
		expect(text).toMatch(/Мышь беспроводная Logitech M185\s+5\s+шт\s+1 290,00\s+20%\s+1 290,00\s+6 450,00/);
		expect(text).toMatch(/Установка и настройка ПО\s+3\s+ч\s+2 000,00\s+Без НДС\s+-\s+6 000,00/);
	});

	it('prints the totals with VAT on top, the count, the total in digits and in words and the manager signature', () => {
		expect(text).toMatch(/Итого:\s+169 450,00/);
		expect(text).toMatch(/НДС \(20%\):\s+32 690,00/);
		expect(text).not.toContain('В том числе НДС');
		expect(text).toMatch(/Всего:\s+202 140,00/);
		expect(text).toContain('Всего наименований 3, на сумму 202 140,00 руб.');
		expect(text).toContain('Двести две тысячи сто сорок рублей 00 копеек');
		expect(text).toContain('Менеджер');
	});

	it('flows 200 rows over several pages with the header on each', async () => {
		const doc = order();
		doc.rows = Array.from({ length: 200 }, (_, i) => ({ name: `Товар номер ${i + 1}`, quantity: 1, unit: 'шт', price: 10, sum: 10, vatRate: '20%' }));
		const file = save(await orderPdf(doc));
		expect(pdfPages(file)).toBeGreaterThanOrEqual(2);
		const t = pdfText(file);
		expect(t).toContain('Товар номер 200');
		const withRows = t.split('\f').filter((page) => page.includes('Товар номер'));
		expect(withRows.length).toBeGreaterThanOrEqual(2);
		for (const page of withRows) expect(page).toContain('Товары (работы, услуги)');
		expect(t).toContain('Всего наименований 200, на сумму 2 400,00 руб.');
	});
});

describeWithPoppler('printPdf', () => {
	it.each<[PrintDocument['kind'], string]>([
		['invoice', 'Счет на оплату № ЗК-000089'],
		['sale', 'Реализация (акт, накладная) № ЗК-000089'],
		['order', 'Заказ покупателя № ЗК-000089'],
	])('renders kind %s with its own form', async (kind, title) => {
		const doc: PrintDocument = { ...order(), kind, bank: { name: 'АО «АЛЬФА-БАНК»', bik: '044525593', corrAccount: '30101810200000000593', account: '40702810701300012345' } };
		const t = pdfText(save(await printPdf(doc)));
		expect(t).toContain(title);
		for (const other of ['Счет на оплату №', 'Реализация (акт, накладная) №', 'Заказ покупателя №'].filter((o) => !title.startsWith(o))) expect(t).not.toContain(other);
	});
});

describe('problems stop printing', () => {
	const error = (p: Promise<unknown>) =>
		p.then(
			() => undefined,
			(e: unknown) => e as PrintError,
		);

	it('the act and the order need no bank details, an invoice does', async () => {
		expect(validatePrintDocument(sale())).toEqual([]);
		expect(validatePrintDocument(order())).toEqual([]);
		const e = await error(printPdf({ ...order(), kind: 'invoice' }));
		expect(e).toBeInstanceOf(PrintError);
		expect(e!.message).toMatch(/нет банковских реквизитов/);
	});

	it.each<[string, () => Promise<Buffer>, RegExp]>([
		['an act without rows', () => salePdf({ ...sale(), rows: [] }), /Реализация товаров и услуг № ИТ00-000457 .*нет строк товаров/],
		['an act through printPdf with a NaN sum', () => printPdf({ ...sale(), rows: [{ name: 'x', quantity: 1, price: 1, sum: NaN }] }), /строка 1: сумма не число/],
		['an order without the customer name', () => orderPdf({ ...order(), counterparty: { name: ' ' } }), /Заказ покупателя № ЗК-000089 .*нет наименования/],
		['an order through printPdf with a bad date', () => printPdf({ ...order(), date: '03.12.2026' }), /дата документа не распознана/],
		['an unknown kind', () => printPdf({ ...order(), kind: 'waybill' as PrintDocument['kind'] }), /неизвестный вид документа/],
		['no document', () => printPdf(undefined as unknown as PrintDocument), /документ не найден/],
	])('%s → PrintError', async (_name, run, problem) => {
		const e = await error(run());
		expect(e).toBeInstanceOf(PrintError);
		expect(e!.message).toMatch(problem);
	});
});

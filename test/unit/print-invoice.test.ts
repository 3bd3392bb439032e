/**
 * The built-in «Счет на оплату» PDF (lib/print): the text poppler's pdftotext extracts from it
 * (number, date in words, parties, rows, totals in digits and words), page flow for 300 rows,
 * the PrintError for every problem that must stop printing, totals and the file name.
 * Also renders page 1 to /tmp/print-invoice-check.png for a visual check.
 */
import { invoicePdf } from '../../lib/print/invoice';
import { fileName, formatMoney, formatQuantity, PrintError, totals, validatePrintDocument, type PrintDocument } from '../../lib/print/model';
import { describeWithPoppler, pdfFiles, pdfPages, pdfSnapshot, pdfText, warnWithoutPoppler } from '../helpers/pdf';

warnWithoutPoppler('print-invoice.test.ts');
const { save } = pdfFiles('print-invoice-');

function invoice(): PrintDocument {
	return {
		kind: 'invoice',
		number: '0000-000123',
		date: '2026-11-24T00:00:00',
		organisation: { name: 'ООО «Альфа-Снаб»', inn: '7701234567', kpp: '770101001', address: '101000, г. Москва, ул. Мясницкая, д. 10, оф. 5', phone: '+7 495 123-45-67' },
		bank: { name: 'ПАО СБЕРБАНК г. Москва', bik: '044525225', corrAccount: '30101810400000000225', account: '40702810938000012345' },
		counterparty: { name: 'ИП Петров Сергей Иванович', inn: '500100732259', address: '141000, Московская обл., г. Мытищи, ул. Мира, д. 3' },
		rows: [
			{ name: 'Бумага офисная «Снегурочка» А4', quantity: 10, unit: 'пач', price: 350, sum: 3500, vatRate: '20%' },
			{ name: 'Картридж HP CE285A', quantity: 2, unit: 'шт', price: 4990, sum: 9980, vatRate: '20%' },
			{ name: 'Доставка по Москве', quantity: 1, unit: 'усл', price: 1200, sum: 1200, vatRate: '20%' },
			{ name: 'Книга «Налоговый кодекс РФ»', quantity: 3, unit: 'шт', price: 456.5, sum: 1369.5, vatRate: '10%' },
			{ name: 'Консультация юриста', quantity: 1, unit: 'ч', price: 500, sum: 500, vatRate: 'Без НДС' },
		],
		pricesIncludeVat: true,
		currency: 'RUB',
		signatures: { director: 'Смирнов А. В.', accountant: 'Кузнецова Е. П.' },
	};
}

describeWithPoppler('invoicePdf', () => {
	let text = '';
	beforeAll(async () => {
		const file = save(await invoicePdf(invoice()));
		text = pdfText(file);
		pdfSnapshot(file, '/tmp/print-invoice-check');
	});

	it('prints the number, the date in words, both parties with their INN, the bank details and every row', () => {
		expect(text).toContain('Счет на оплату № 0000-000123 от 24 ноября 2026 г.');
		expect(text).toContain('ИП Петров Сергей Иванович');
		expect(text).toContain('ИНН 500100732259');
		expect(text).toContain('ООО «Альфа-Снаб»');
		expect(text).toContain('ИНН 7701234567');
		expect(text).toContain('КПП 770101001');
		for (const s of ['ПАО СБЕРБАНК г. Москва', '044525225', '30101810400000000225', '40702810938000012345', 'Банк получателя', 'Получатель'])
			expect(text).toContain(s);
		for (const r of invoice().rows) expect(text).toContain(r.name);
		expect(text).toMatch(/Товары \(работы, услуги\)\s+Кол-во\s+Ед\.\s+Цена\s+Сумма/);
		expect(text).toMatch(/Картридж HP CE285A\s+2\s+шт\s+4 990,00\s+9 980,00/);
	});

	it('prints the totals with VAT per rate, the count of rows, the total in digits and in words, the signatures', () => {
		expect(text).toMatch(/Итого:\s+16 549,50/);
		expect(text).toMatch(/В том числе НДС \(20%\):\s+2 446,66/);
		expect(text).toMatch(/В том числе НДС \(10%\):\s+124,50/);
		expect(text).toMatch(/Всего к оплате:\s+16 549,50/);
		expect(text).toContain('Всего наименований 5, на сумму 16 549,50 руб.');
		expect(text).toContain('Шестнадцать тысяч пятьсот сорок девять рублей 50 копеек');
		expect(text).toMatch(/Руководитель.*Смирнов А\. В\./);
		expect(text).toMatch(/Бухгалтер.*Кузнецова Е\. П\./);
	});

	it('prints «Без налога (НДС)» when no row has VAT, and adds VAT on top when prices exclude it', async () => {
		const noVat = invoice();
		noVat.rows = noVat.rows.map((r) => ({ ...r, vatRate: 'Без НДС' }));
		const t1 = pdfText(save(await invoicePdf(noVat)));
		expect(t1).toContain('Без налога (НДС)');
		expect(t1).not.toContain('В том числе НДС');
		const onTop = invoice();
		onTop.pricesIncludeVat = false;
		onTop.rows = [{ name: 'Услуги по договору', quantity: 1, price: 1028.75, sum: 1028.75, vatRate: '20%' }];
		const t2 = pdfText(save(await invoicePdf(onTop)));
		expect(t2).toMatch(/НДС \(20%\):\s+205,75/);
		expect(t2).not.toContain('В том числе НДС');
		expect(t2).toMatch(/Всего к оплате:\s+1 234,50/);
		expect(t2).toContain('Одна тысяча двести тридцать четыре рубля 50 копеек');
	});

	it('flows 300 rows over several pages, repeating the table header, with the last row and the totals', async () => {
		const doc = invoice();
		doc.rows = Array.from({ length: 300 }, (_, i) => ({ name: `Товар номер ${i + 1}`, quantity: 1, unit: 'шт', price: 10, sum: 10, vatRate: '20%' }));
		const file = save(await invoicePdf(doc));
		expect(pdfPages(file)).toBeGreaterThanOrEqual(3);
		const t = pdfText(file);
		expect(t).toContain('Товар номер 300');
		expect(t.match(/Товары \(работы, услуги\)/g)!.length).toBe(pdfPages(file));
		expect(t).toContain('Всего наименований 300, на сумму 3 000,00 руб.');
		expect(t).toContain('Три тысячи рублей 00 копеек');
	});
});

describe('problems stop printing', () => {
	const fails = async (doc: PrintDocument | undefined, problem: RegExp) => {
		const err = await invoicePdf(doc as PrintDocument).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(err).toBeInstanceOf(PrintError);
		const e = err as PrintError;
		expect(e.problems.some((p) => problem.test(p))).toBe(true);
		expect(e.message).toMatch(problem);
		return e;
	};

	it.each<[string, (d: PrintDocument) => void, RegExp]>([
		['no rows', (d) => (d.rows = []), /нет строк товаров/],
		['no bank', (d) => delete d.bank, /нет банковских реквизитов/],
		['bank without BIK', (d) => (d.bank!.bik = ''), /нет БИК/],
		['no counterparty name', (d) => (d.counterparty.name = ' '), /у покупателя \(контрагента\) нет наименования/],
		['organisation without INN', (d) => delete d.organisation.inn, /у организации нет ИНН/],
		['NaN quantity', (d) => (d.rows[1].quantity = NaN), /строка 2: количество не число/],
		['row without a name', (d) => (d.rows[4].name = ''), /строка 5: нет наименования/],
		['infinite sum', (d) => (d.rows[0].sum = Infinity), /строка 1: сумма не число/],
		['bad date', (d) => (d.date = '24.11.2026'), /дата документа не распознана/],
	])('%s → PrintError naming the document and the problem', async (_name, spoil, problem) => {
		const doc = invoice();
		spoil(doc);
		const e = await fails(doc, problem);
		expect(e.documentNumber).toBe('0000-000123');
		expect(e.message).toContain('0000-000123');
	});

	it('a missing document is an error; every problem is listed at once; an invoice of another kind still needs the bank', async () => {
		await fails(undefined, /документ не найден/);
		const doc = invoice();
		doc.rows = [];
		doc.counterparty.name = '';
		expect(validatePrintDocument(doc)).toEqual(['у покупателя (контрагента) нет наименования', 'нет строк товаров (работ, услуг)']);
		const order = { ...invoice(), kind: 'order' as const, bank: undefined };
		expect(validatePrintDocument(order)).toEqual([]);
		await fails(order, /нет банковских реквизитов/);
		expect(validatePrintDocument(invoice())).toEqual([]);
	});
});

describe('model helpers', () => {
	it('totals: computed from the rows, VAT per rate, rounded to kopecks; on top when prices exclude VAT', () => {
		expect(totals(invoice())).toEqual({
			sum: 16549.5,
			vat: 2571.16,
			total: 16549.5,
			byRate: [
				{ rate: '20%', vat: 2446.66 },
				{ rate: '10%', vat: 124.5 },
				{ rate: 'Без НДС', vat: 0 },
			],
		});
		const d = invoice();
		d.pricesIncludeVat = false;
		d.rows = [
			{ name: 'a', quantity: 3, price: 0.1, sum: 0.3, vatRate: '20%' },
			{ name: 'b', quantity: 1, price: 100, sum: 100, vatRate: '20%', vat: 19.99 },
		];
		expect(totals(d)).toEqual({ sum: 100.3, vat: 20.05, total: 120.35, byRate: [{ rate: '20%', vat: 20.05 }] });
	});

	it('formats money and quantities as 1C prints them', () => {
		expect(formatMoney(1234.5)).toBe('1 234,50');
		expect(formatMoney(1234567.891)).toBe('1 234 567,89');
		expect(formatMoney(0.1 + 0.2)).toBe('0,30');
		expect(formatMoney(-5)).toBe('-5,00');
		expect(formatQuantity(10)).toBe('10');
		expect(formatQuantity(2.5)).toBe('2,5');
		expect(formatQuantity(1500.125)).toBe('1 500,125');
	});

	it('fileName: title words joined by _, the number and the date; illegal characters removed', () => {
		expect(fileName(invoice())).toBe('Счет_на_оплату_0000-000123_от_2026-11-24.pdf');
		expect(fileName({ ...invoice(), kind: 'sale', number: 'РТ/00-12:7*', date: '2026-01-05' })).toBe('Реализация_товаров_и_услуг_РТ00-127_от_2026-01-05.pdf');
		expect(fileName({ ...invoice(), kind: 'order', number: ' ЗК 15 ' })).toBe('Заказ_покупателя_ЗК_15_от_2026-11-24.pdf');
	});
});

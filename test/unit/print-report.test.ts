/**
 * The tabular report PDF (lib/print/report.ts): totals equal the sum of the rows (in kopecks),
 * the header carries the title, base and period, groups get subtotals, pages are numbered, and a
 * long report flows over pages with its header repeated. Text is read back with pdftotext
 * (poppler-utils, installed by .ci/run; skipped with a warning without it).
 */
import { reportPdf, reportTotals, type ReportColumn } from '../../lib/print/report';
import { formatMoney } from '../../lib/print/model';
import { HAS_POPPLER, itWithPoppler, pdfFiles, pdfPages, pdfText, warnWithoutPoppler } from '../helpers/pdf';

warnWithoutPoppler('print-report.test.ts');
const { save } = pdfFiles('print-report-');

const COLUMNS: ReportColumn[] = [
	{ key: 'counterparty', head: 'Контрагент', kind: 'text' },
	{ key: 'inn', head: 'ИНН', kind: 'text', width: 70 },
	{ key: 'debt', head: 'Долг, руб.', kind: 'money', width: 80 },
	{ key: 'docs', head: 'Документов', kind: 'number', width: 55 },
];
const rows = (n: number) =>
	Array.from({ length: n }, (_x, i) => ({ counterparty: `ООО «Покупатель ${i + 1}»`, inn: String(7700000000 + i), debt: 1000.1 * (i + 1) + 0.07, docs: (i % 3) + 1, manager: i % 2 ? 'Иванов И.И.' : 'Петрова А.С.' }));

async function text(pdf: Buffer): Promise<{ text: string; pages: number }> {
	const file = save(pdf);
	return { text: pdfText(file), pages: pdfPages(file) };
}

describe('report totals', () => {
	it('sum in kopecks: 0.1 + 0.2 is 0.30; text columns are not totalled', () => {
		expect(reportTotals(COLUMNS, [{ debt: 0.1 }, { debt: 0.2 }, { debt: '1 000,05' }])).toEqual({ debt: 1000.35, docs: 0 });
	});
});

describe('report PDF', () => {
	itWithPoppler('header, every row, group subtotals, the grand total, page numbers', async () => {
		const list = rows(12);
		const { text: t } = await text(await reportPdf({ title: 'Задолженность покупателей', baseName: 'Бухгалтерия (sandbox/bp30)', period: 'на 02.12.2026', columns: COLUMNS, rows: list, groupBy: 'manager' }));
		expect(t).toContain('Задолженность покупателей');
		expect(t).toContain('База: Бухгалтерия (sandbox/bp30)');
		expect(t).toContain('Период: на 02.12.2026');
		for (const r of list) expect(t).toContain(r.counterparty);
		expect(t).toContain('Итого по группе (6)');
		expect(t).toContain(`Итого (12)`);
		expect(t).toContain(formatMoney(reportTotals(COLUMNS, list).debt));
		expect(t).toContain('страница 1 из 1');
	});

	itWithPoppler('400 rows flow over pages; the last row and the total are there', async () => {
		const list = rows(400);
		const { text: t, pages } = await text(await reportPdf({ title: 'Продажи за период', baseName: 'УНФ', period: '01.11.2026 – 30.11.2026', columns: COLUMNS, rows: list }));
		expect(pages).toBeGreaterThanOrEqual(5);
		expect(t).toContain('ООО «Покупатель 400»');
		expect(t).toContain(`страница ${pages} из ${pages}`);
		expect(t).toContain(formatMoney(reportTotals(COLUMNS, list).debt));
	});

	it('an empty report says so instead of an empty table', async () => {
		const pdf = await reportPdf({ title: 'Остатки товаров', baseName: 'УТ', period: 'на 02.12.2026', columns: COLUMNS, rows: [] });
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		if (HAS_POPPLER) expect((await text(pdf)).text).toContain('Нет данных за период');
	});
});

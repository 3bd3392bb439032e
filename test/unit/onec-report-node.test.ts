/**
 * The 1C node's Report resource on the real n8n engine against the 1C sandbox: customer debts and
 * sales for a period in the three configurations, stock in УНФ and УТ 11. The totals are checked
 * against figures computed here from the sandbox's stored rows (register records, documents), not
 * from the node's own reading; the PDF's text carries the title, the base, the period and the total.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { formatMoney } from '../../lib/print/model';
import { CONTINUE, oneCRunner } from '../helpers/onec-node';
import { json } from '../helpers/b24-node';
import { HAS_POPPLER, pdfFiles, pdfText, warnWithoutPoppler } from '../helpers/pdf';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 300 });
});
afterAll(async () => sb?.close());
warnWithoutPoppler('the 1C report tests');

type Row = Record<string, unknown>;
const pub = (id: string) => () => sb.publications.find((p) => p.id === id)!;
const stored = async (base: string, set: string): Promise<Row[]> => (await fetch(`${sb.baseUrl}/_admin/base/${base}/${encodeURIComponent(set)}`)).json() as Promise<Row[]>;
const kop = (v: unknown) => Math.round(Number(v ?? 0) * 100);
const { save } = pdfFiles('onec-report-');
const ALL_TIME = { period: 'custom', periodStart: '2000-01-01', periodEnd: '2099-12-31' };

function pdfOf(item: { binary?: Record<string, IBinaryData> }): Buffer {
	const b = item.binary?.data;
	expect(b?.mimeType).toBe('application/pdf');
	return Buffer.from(String(b?.data ?? ''), 'base64');
}

async function report(base: string, params: IDataObject, onError?: typeof CONTINUE) {
	return oneCRunner(pub(base))({ resource: 'report', operation: 'get', reportConfig: base, ...params }, [{}], onError);
}

const DEBTS: Record<string, { set: string; dim: string }> = {
	bp30: { set: 'AccumulationRegister_РасчетыСКонтрагентами', dim: 'Контрагент_Key' },
	unf: { set: 'AccumulationRegister_РасчетыСПокупателями', dim: 'Контрагент_Key' },
	ut11: { set: 'AccumulationRegister_РасчетыСКлиентами', dim: 'АналитикаУчетаПоПартнерам_Key' },
};

describe.each(Object.keys(DEBTS))('%s', (base) => {
	it('customer debts: the total equals the register balance, per counterparty too; the PDF shows it', async () => {
		const r = await report(base, { reportKind: 'debts', ...ALL_TIME, baseName: `Тестовая база ${base}` });
		expect(r.error).toBeUndefined();
		const [item] = r.items;
		const out = item.json as IDataObject;
		const rows = out.rows as Row[];
		expect(rows.length).toBeGreaterThan(3);

		// the register's balance from its stored records: Σ Receipt − Σ Expense of Сумма
		const records = (await stored(base, DEBTS[base].set)).filter((x) => x.Active !== false);
		const balance = records.reduce((s, x) => s + (x.RecordType === 'Expense' ? -1 : 1) * kop(x.Сумма), 0);
		const totals = out.totals as { debt: number; advance: number };
		expect(kop(totals.debt) - kop(totals.advance)).toBe(balance);
		// totals are the sums of the rows
		expect(kop(totals.debt)).toBe(rows.reduce((s, x) => s + kop(x.debt), 0));
		expect(kop(totals.advance)).toBe(rows.reduce((s, x) => s + kop(x.advance), 0));

		// one counterparty's line against its own records (УТ: through the partner-analytics keys)
		const top = rows[0];
		let mine = records;
		if (base === 'ut11') {
			const keys = (await stored(base, 'Catalog_КлючиАналитикиУчетаПоПартнерам')).filter((k) => k.Контрагент_Key === top.counterpartyKey).map((k) => k.Ref_Key);
			mine = records.filter((x) => keys.includes(x.АналитикаУчетаПоПартнерам_Key));
		} else mine = records.filter((x) => x[DEBTS[base].dim] === top.counterpartyKey);
		expect(kop(top.debt) - kop(top.advance)).toBe(mine.reduce((s, x) => s + (x.RecordType === 'Expense' ? -1 : 1) * kop(x.Сумма), 0));
		expect(top.counterparty).not.toMatch(/не найден|не указан/);

		expect(out).toMatchObject({ report: 'debts', title: 'Задолженность покупателей', baseName: `Тестовая база ${base}`, period: { label: 'на 31.12.2099' } });
		expect(String(out.fileName)).toBe('Задолженность_покупателей_2099-12-31.pdf');
		const pdf = pdfOf(item as never);
		expect(out.bytes).toBe(pdf.length);
		if (HAS_POPPLER) {
			const text = pdfText(save(pdf));
			expect(text).toContain('Задолженность покупателей');
			expect(text).toContain(`Тестовая база ${base}`);
			expect(text).toContain('на 31.12.2099');
			expect(text).toContain(formatMoney(totals.debt));
			expect(text).toContain(String(top.counterparty).slice(0, 20));
			expect(text).toMatch(/страница 1 из \d+/);
		}
	});

	it('sales for a period: totals equal the posted sales documents of the period; documents outside it are left out', async () => {
		const SALES: Record<string, { set: string; rows: string[]; includes: string }> = {
			bp30: { set: 'Document_РеализацияТоваровУслуг', rows: ['Товары', 'Услуги'], includes: 'СуммаВключаетНДС' },
			unf: { set: 'Document_РасходнаяНакладная', rows: ['Запасы'], includes: 'СуммаВключаетНДС' },
			ut11: { set: 'Document_РеализацияТоваровУслуг', rows: ['Товары'], includes: 'ЦенаВключаетНДС' },
		};
		const s = SALES[base];
		const docs = (await stored(base, s.set)).filter((d) => d.Posted === true && d.DeletionMark !== true).sort((a, b) => String(a.Date).localeCompare(String(b.Date)));
		expect(docs.length).toBeGreaterThan(4);
		// a period holding the later half of the documents
		const from = String(docs[Math.floor(docs.length / 2)].Date).slice(0, 10);
		const inPeriod = docs.filter((d) => String(d.Date).slice(0, 10) >= from);
		let sum = 0;
		let vat = 0;
		let lines = 0;
		for (const d of inPeriod)
			for (const section of s.rows)
				for (const row of (d[section] as Row[] | undefined) ?? []) {
					sum += kop(row.Сумма) + (d[s.includes] === false ? kop(row.СуммаНДС) : 0);
					vat += kop(row.СуммаНДС);
					lines++;
				}
		expect(lines).toBeGreaterThan(0);
		const r = await report(base, { reportKind: 'sales', period: 'custom', periodStart: from, periodEnd: '2099-12-31' });
		expect(r.error).toBeUndefined();
		const out = r.items[0].json as IDataObject;
		const totals = out.totals as { sum: number; vat: number; quantity: number };
		expect(kop(totals.sum)).toBe(sum);
		expect(kop(totals.vat)).toBe(vat);
		const rows = out.rows as Row[];
		expect(rows.every((x) => typeof x.counterparty === 'string' && x.counterparty !== '(не указан)' && x.product !== '(без номенклатуры)')).toBe(true);
		expect(out.period).toMatchObject({ label: `${from.slice(8, 10)}.${from.slice(5, 7)}.${from.slice(0, 4)} – 31.12.2099` });
		if (HAS_POPPLER) {
			const text = pdfText(save(pdfOf(r.items[0] as never)));
			expect(text).toContain('Продажи за период');
			expect(text).toContain(formatMoney(totals.sum));
			expect(text).toContain('Итого по группе');
		}
	});
});

describe.each([
	['unf', 'AccumulationRegister_Запасы', 'Количество', 'Сумма'],
	['ut11', 'AccumulationRegister_ТоварыНаСкладах', 'ВНаличии', undefined],
])('%s stock', (base, register, quantity, amount) => {
	it('stock: totals equal the register balance from its records; grouped by warehouse; a date before the receipts has no stock', async () => {
		const r = await report(base, { reportKind: 'stock', ...ALL_TIME });
		expect(r.error).toBeUndefined();
		const out = r.items[0].json as IDataObject;
		const rows = out.rows as Row[];
		expect(rows.length).toBeGreaterThan(20);
		const records = (await stored(base, register)).filter((x) => x.Active !== false);
		const sign = (x: Row) => (x.RecordType === 'Expense' ? -1 : 1);
		const qty = records.reduce((s, x) => s + sign(x) * Math.round(Number(x[quantity]) * 1000), 0);
		const totals = out.totals as Record<string, number>;
		expect(Math.round(totals.quantity * 1000)).toBe(qty);
		if (amount) expect(kop(totals.amount)).toBe(records.reduce((s, x) => s + sign(x) * kop(x[amount]), 0));
		expect(rows.every((x) => Number(x.quantity) > 0 || kop(x.amount) !== 0)).toBe(true);
		expect(new Set(rows.map((x) => x.warehouse)).size).toBeGreaterThan(1);
		expect(rows.some((x) => /не указан|без номенклатуры/.test(String(x.warehouse) + String(x.product)))).toBe(false);
		if (HAS_POPPLER) {
			const text = pdfText(save(pdfOf(r.items[0] as never)));
			expect(text).toContain('Остатки товаров');
			expect(text).toContain(String(rows[0].product).slice(0, 20));
		}
		const before = await report(base, { reportKind: 'stock', period: 'custom', periodStart: '2024-01-01', periodEnd: '2024-12-31' });
		expect((before.items[0].json as IDataObject).rowCount).toBe(0);
	});
});

it('a relative period needs no dates: last month ends on the last day of the previous month', async () => {
	const r = await report('bp30', { reportKind: 'sales', period: 'lastMonth' });
	expect(r.error).toBeUndefined();
	const p = (r.items[0].json as IDataObject).period as { start: string; end: string };
	expect(p.start).toMatch(/^\d{4}-\d{2}-01T00:00:00$/);
	expect(new Date(`${p.end.slice(0, 10)}T00:00:00Z`).getUTCDate() + 1).toBeGreaterThan(28);
	expect(new Date(Date.parse(`${p.end.slice(0, 10)}T12:00:00Z`) + 86_400_000).getUTCDate()).toBe(1);
});

it('bad input is an error item naming the cause: a base without a stock register, a reversed custom period', async () => {
	const stock = await report('bp30', { reportKind: 'stock', ...ALL_TIME }, CONTINUE);
	expect(String(json(stock)[0].error)).toMatch(/"bp30" has no stock register.*Хозрасчетный/);
	const reversed = await report('unf', { reportKind: 'sales', period: 'custom', periodStart: '2026-12-01', periodEnd: '2026-11-01' }, CONTINUE);
	expect(String(json(reversed)[0].error)).toMatch(/starts \(01\.12\.2026\) after it ends \(01\.11\.2026\)/);
	// a base that lacks the register (УНФ settings on a БП base): the 1C error names the register
	const wrong = await report('bp30', { reportKind: 'debts', reportConfig: 'unf', ...ALL_TIME }, CONTINUE);
	expect(String(json(wrong)[0].error)).toMatch(/РасчетыСПокупателями/);
});

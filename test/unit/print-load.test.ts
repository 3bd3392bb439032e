/**
 * loadPrintDocument against the 1C sandbox (БП 3.0, УНФ, УТ 11, ~40 companies): for every
 * configuration and document kind it has, a seeded document with rows becomes a print model whose
 * number, date, counterparty, rows, product names and total equal the 1C data; invoices render a
 * PDF. A missing Ref_Key and a document with emptied rows throw a PrintError; a kind the
 * configuration lacks is a clear error.
 */
import { printPdf } from '../../lib/print';
import { invoicePdf } from '../../lib/print/invoice';
import { PrintError, totals, type PrintKind } from '../../lib/print/model';
import { loadPrintDocument, PRINT_FIELD_MAPS, refOf } from '../../nodes/OneC/print/load';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { startOneCSandbox, type BaseId, type OneCSandbox } from '../../sandbox/onec/server';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';

type Row = Record<string, unknown>;

describe('loadPrintDocument (1C OData → print model)', () => {
	let sb: OneCSandbox;
	const clients = new Map<BaseId, OneCClient>();
	const client = async (id: BaseId): Promise<OneCClient> => {
		if (!clients.has(id)) clients.set(id, await OneCClient.create(fakeOneCHost(oneCCredential(sb.publications.find((p) => p.id === id)!))));
		return clients.get(id)!;
	};
	beforeAll(async () => {
		sb = await startOneCSandbox({ companies: 40 });
	});
	afterAll(async () => sb?.close());

	const CASES: Array<[BaseId, PrintKind]> = [
		['bp30', 'invoice'],
		['unf', 'invoice'],
		['ut11', 'invoice'],
		['unf', 'order'],
		['ut11', 'order'],
		['bp30', 'sale'],
		['unf', 'sale'],
		['ut11', 'sale'],
	];

	it.each(CASES)('%s %s: number, date, counterparty, rows, names and total equal the 1C data', async (id, kind) => {
		const c = await client(id);
		const k = PRINT_FIELD_MAPS[id].kinds[kind]!;
		const docs = await c.list(k.set, { limit: 30 });
		const sections = k.rowsFromBasis ? ['Товары'] : k.rows;
		const rowsIn = (d: Row) => sections.flatMap((s) => (Array.isArray(d[s]) ? (d[s] as Row[]) : []));
		// УТ 11 invoices have no rows of their own: take one based on an order and read the rows there
		const holderOf = async (d: Row): Promise<Row> => {
			const basis = refOf(d, k.rowsFromBasis);
			return basis?.set ? c.getByKey(basis.set, basis.key) : d;
		};
		let src: Row | undefined;
		let holder: Row | undefined;
		for (const d of docs) {
			if (k.rowsFromBasis && !refOf(d, k.rowsFromBasis)?.set) continue;
			const h = await holderOf(d);
			if (rowsIn(h).length) [src, holder] = [d, h];
			if (src) break;
		}
		expect(src).toBeDefined();
		const doc = await loadPrintDocument(c, id, kind, String(src!.Ref_Key));

		expect(doc.kind).toBe(kind);
		expect(doc.number).toBe(src!.Number);
		expect(doc.date.slice(0, 10)).toBe(String(src!.Date).slice(0, 10));
		const cp = await c.getByKey('Catalog_Контрагенты', refOf(src, 'Контрагент')!.key);
		expect(doc.counterparty.name).toBe(cp.Description);
		expect(doc.counterparty.inn).toBe(cp.ИНН);
		expect(doc.organisation.inn).toMatch(/^\d{10,12}$/);

		const rows = rowsIn(holder!);
		expect(doc.rows).toHaveLength(rows.length);
		const keys = rows.map((r) => refOf(r, 'Номенклатура')!.key);
		const products = new Map((await c.listByKeys('Catalog_Номенклатура', 'Ref_Key', [...new Set(keys)])).map((p) => [p.Ref_Key, p.Description]));
		expect(doc.rows.map((r) => r.name)).toEqual(keys.map((key) => products.get(key)));
		expect(doc.rows.every((r) => r.quantity > 0 && r.unit && r.vatRate)).toBe(true);

		// the total computed from the rows equals the document's СуммаДокумента to the kopeck (УТ invoice:
		// the rows are the basis order's, so its total is the order's)
		expect(totals(doc).total).toBeCloseTo(Number(holder!.СуммаДокумента), 2);
		if (kind === 'invoice') {
			expect(doc.bank?.bik).toMatch(/^\d{9}$/);
			expect(doc.bank?.account).toMatch(/^\d{20}$/);
			const pdf = await invoicePdf(doc);
			expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
			expect(pdf.length).toBeGreaterThan(2000);
		} else expect((await printPdf(doc)).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('prints «Счет на оплату» from a УНФ «Заказ покупателя» (Print From): the order\'s rows, number and total, the organisation\'s default bank account', async () => {
		const c = await client('unf');
		const [order] = (await c.list('Document_ЗаказПокупателя', { limit: 30, filter: 'Posted eq true' })).filter((d) => (d.Запасы as Row[]).length > 1);
		const asOrder = await loadPrintDocument(c, 'unf', 'order', String(order.Ref_Key));
		const asInvoice = await loadPrintDocument(c, 'unf', 'invoice', String(order.Ref_Key), 'Document_ЗаказПокупателя');
		expect(asInvoice.kind).toBe('invoice');
		expect([asInvoice.number, asInvoice.rows, totals(asInvoice)]).toEqual([asOrder.number, asOrder.rows, totals(asOrder)]);
		expect(asInvoice.bank?.account).toMatch(/^\d{20}$/);
		// without Print From, the order's key is not an invoice
		await expect(loadPrintDocument(c, 'unf', 'invoice', String(order.Ref_Key))).rejects.toThrow(/не найден/);
		expect((await printPdf(asInvoice)).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('reads products, units and VAT rates by key lists, not one request per row', async () => {
		const c = await client('unf');
		const host = fakeOneCHost(oneCCredential(sb.publications.find((p) => p.id === 'unf')!));
		const own = await OneCClient.create(host);
		const [order] = (await c.list('Document_ЗаказПокупателя', { limit: 30 })).filter((d) => (d.Запасы as Row[]).length > 2);
		expect(order).toBeDefined();
		await loadPrintDocument(own, 'unf', 'order', String(order.Ref_Key));
		const productReads = host.urls.filter((u) => decodeURIComponent(u).includes('Catalog_Номенклатура'));
		expect(productReads).toHaveLength(1);
		expect(host.urls.length).toBeLessThanOrEqual(8);
	});

	it('a missing Ref_Key is a PrintError naming it; an unknown kind of the configuration is an Error', async () => {
		const c = await client('bp30');
		const missing = '00000000-0000-0000-0000-0000000000aa';
		const err = await loadPrintDocument(c, 'bp30', 'invoice', missing).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(PrintError);
		expect((err as Error).message).toContain(missing);
		expect((err as Error).message).toMatch(/не найден/);
		await expect(loadPrintDocument(c, 'bp30', 'order', missing)).rejects.toThrow(/bp30.*no order/);
	});

	it.each([
		['bp30', 'Document_СчетНаОплатуПокупателю', { Товары: [], Услуги: [] }],
		['unf', 'Document_СчетНаОплату', { Запасы: [] }],
	] as const)('%s: a document whose rows were emptied is a PrintError «no rows» naming it', async (id, set, patch) => {
		const c = await client(id);
		const [inv] = await c.list(set, { limit: 1 });
		await c.update(set, String(inv.Ref_Key), patch);
		const err = await loadPrintDocument(c, id, 'invoice', String(inv.Ref_Key)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(PrintError);
		expect((err as Error).message).toContain(String(inv.Number));
		expect((err as Error).message).toMatch(/нет строк/);
	});

	it('УТ 11: an invoice without a basis document is a PrintError saying where the rows should come from', async () => {
		const c = await client('ut11');
		const noBasis = (await c.list('Document_СчетНаОплатуКлиенту', { limit: 30 })).find((d) => !refOf(d, 'ДокументОснование')?.set);
		expect(noBasis).toBeDefined();
		await expect(loadPrintDocument(c, 'ut11', 'invoice', String(noBasis!.Ref_Key))).rejects.toThrow(/документа-основания/);
	});
});

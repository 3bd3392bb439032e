/**
 * `npm run bench:print` — the built-in print forms (issue 8): load from the 1C sandbox over OData
 * and render time, PDF size and requests per form (БП invoice and sale, УНФ order), and one
 * document of 1,000 rows (render time, pages, size). With `--png DIR` it also writes page 1 of each
 * form as a PNG (pdftoppm) — the pictures in docs/. Then the built-in reports (debts, sales, stock):
 * load requests and time, render time, size, and a report of 1,000 rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOneCSandbox } from '../sandbox/onec/server';
import { OneCClient } from '../nodes/OneC/transport/client';
import { loadPrintDocument } from '../nodes/OneC/print/load';
import { printPdf, type PrintDocument, type PrintKind } from '../lib/print';
import { fixedPeriod } from '../lib/period';
import { reportPdf, type ReportSpec } from '../lib/print/report';
import { loadReport, type ReportKind } from '../nodes/OneC/report/load';
import { fakeOneCHost, oneCCredential } from '../test/helpers/onec-host';

const pngDir = process.argv.includes('--png') ? process.argv[process.argv.indexOf('--png') + 1] : undefined;

function png(pdf: Buffer, name: string): void {
	if (!pngDir) return;
	const file = join(mkdtempSync(join(tmpdir(), 'bench-print-')), `${name}.pdf`);
	writeFileSync(file, pdf);
	execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, join(pngDir, name)]);
}

function pages(pdf: Buffer): string {
	try {
		const file = join(mkdtempSync(join(tmpdir(), 'bench-print-')), 'f.pdf');
		writeFileSync(file, pdf);
		return /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? '?';
	} catch {
		return '? (no poppler-utils)';
	}
}

async function main(): Promise<void> {
	const sb = await startOneCSandbox({ companies: 60 });
	try {
		const cases: Array<{ base: 'bp30' | 'unf' | 'ut11'; kind: PrintKind; set: string }> = [
			{ base: 'bp30', kind: 'invoice', set: 'Document_СчетНаОплатуПокупателю' },
			{ base: 'bp30', kind: 'sale', set: 'Document_РеализацияТоваровУслуг' },
			{ base: 'unf', kind: 'order', set: 'Document_ЗаказПокупателя' },
		];
		console.log('# print forms: load over OData from the 1C sandbox (loopback) + render with pdfmake');
		let big: PrintDocument | undefined;
		for (const c of cases) {
			const host = fakeOneCHost(oneCCredential(sb.publications.find((p) => p.id === c.base)!));
			const client = await OneCClient.create(host);
			const [doc] = await client.list(c.set, { limit: 1, filter: 'Posted eq true', select: 'Ref_Key' });
			host.urls.length = 0;
			let t = Date.now();
			const model = await loadPrintDocument(client, c.base, c.kind, String(doc.Ref_Key));
			const loadMs = Date.now() - t;
			const requests = host.urls.length;
			t = Date.now();
			const pdf = await printPdf(model);
			const renderMs = Date.now() - t;
			console.log(`${c.base} ${c.kind.padEnd(7)}: ${model.rows.length} rows · load ${loadMs} ms in ${requests} requests · render ${renderMs} ms · ${pdf.length.toLocaleString('en-US')} bytes · ${pages(pdf)} page(s)`);
			png(pdf, `print-${c.kind}`);
			if (c.kind === 'invoice') big = model;
		}
		if (big) {
			const rows = Array.from({ length: 1000 }, (_x, i) => ({ ...big!.rows[i % big!.rows.length], name: `${big!.rows[i % big!.rows.length].name} (${i + 1})` }));
			const doc = { ...big, rows };
			const t = Date.now();
			const pdf = await printPdf(doc);
			console.log(`invoice with 1,000 rows: render ${Date.now() - t} ms · ${pdf.length.toLocaleString('en-US')} bytes · ${pages(pdf)} pages`);
		}
		console.log('# reports: load over OData (period 01.01.2025 – 30.11.2026) + render');
		const period = fixedPeriod('2025-01-01', '2026-11-30');
		let sales: ReportSpec | undefined;
		for (const [base, kind] of [['bp30', 'debts'], ['unf', 'sales'], ['ut11', 'stock']] as Array<['bp30' | 'unf' | 'ut11', ReportKind]>) {
			const host = fakeOneCHost(oneCCredential(sb.publications.find((p) => p.id === base)!));
			const client = await OneCClient.create(host);
			host.urls.length = 0;
			let t = Date.now();
			const table = await loadReport(client, base, kind, period);
			const loadMs = Date.now() - t;
			const spec: ReportSpec = { title: table.title, baseName: `Демо ${base}`, period: table.periodLabel, columns: table.columns, rows: table.rows, groupBy: table.groupBy };
			t = Date.now();
			const pdf = await reportPdf(spec);
			console.log(`${base} ${kind.padEnd(6)}: ${table.rows.length} rows · load ${loadMs} ms in ${host.urls.length} requests · render ${Date.now() - t} ms · ${pdf.length.toLocaleString('en-US')} bytes · ${pages(pdf)} page(s)`);
			png(pdf, `report-${kind}`);
			if (kind === 'sales') sales = spec;
		}
		if (sales?.rows.length) {
			const rows = Array.from({ length: 1000 }, (_x, i) => ({ ...sales!.rows[i % sales!.rows.length], counterparty: `Покупатель ${1 + (i % 40)}` }));
			const t = Date.now();
			const pdf = await reportPdf({ ...sales, rows });
			console.log(`sales report with 1,000 rows in 40 groups: render ${Date.now() - t} ms · ${pdf.length.toLocaleString('en-US')} bytes · ${pages(pdf)} pages`);
		}
	} finally {
		await sb.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

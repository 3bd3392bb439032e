/**
 * Report → Get PDF: a built-in report (customer debts, sales for a period, stock) for a period
 * relative to now (or fixed), read from 1C (../report/load.ts) and rendered by lib/print/report —
 * one binary item (`application/pdf`) whose JSON holds the period, the totals and the rows (for a
 * spreadsheet: Split Out → Convert to File).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { fixedPeriod, relativePeriod, type Period, type RelativePeriod } from '../../../lib/period';
import { safeFileName } from '../../../lib/print';
import { reportPdf, reportTotals } from '../../../lib/print/report';
import { loadReport, type ReportKind } from '../report/load';
import { baseRootOf } from './print';
import { ItemError, str, type ItemRun } from './context';

function periodOf(run: ItemRun): Period {
	const kind = str(run, 'period', 'lastMonth');
	try {
		return kind === 'custom' ? fixedPeriod(str(run, 'periodStart'), str(run, 'periodEnd'), run.s.timeZone) : relativePeriod(kind as RelativePeriod, new Date(), run.s.timeZone);
	} catch (e) {
		throw new ItemError(run, `1C report: ${(e as Error).message}`);
	}
}

/** The base's name for the header: the parameter, else the publication's last path segment. */
function baseNameOf(run: ItemRun): string {
	const given = str(run, 'baseName');
	if (given) return given;
	const path = new URL(baseRootOf(run.s.client.url)).pathname.split('/').filter(Boolean);
	return decodeURIComponent(path[path.length - 1] ?? '') || new URL(run.s.client.url).host;
}

export async function report(run: ItemRun): Promise<INodeExecutionData[]> {
	const kind = str(run, 'reportKind', 'debts') as ReportKind;
	const period = periodOf(run);
	let table;
	try {
		table = await loadReport(run.s.client, str(run, 'reportConfig', 'bp30') as 'bp30', kind, period);
	} catch (e) {
		if (e instanceof Error && e.constructor === Error) throw new ItemError(run, `1C report: ${e.message}`);
		throw e;
	}
	const baseName = baseNameOf(run);
	const pdf = await reportPdf({ title: table.title, baseName, period: table.periodLabel, columns: table.columns, rows: table.rows, groupBy: table.groupBy });
	const name = safeFileName(`${table.title} ${period.end.slice(0, 10)}`, 'Отчет');
	const binaryProperty = str(run, 'binaryProperty', 'data') || 'data';
	const json: IDataObject = {
		report: kind,
		title: table.title,
		baseName,
		period: { start: period.start, end: period.end, label: table.periodLabel },
		rowCount: table.rows.length,
		totals: reportTotals(table.columns, table.rows),
		fileName: name,
		bytes: pdf.length,
		rows: table.rows as IDataObject[],
	};
	return [{ json, binary: { [binaryProperty]: await run.ctx.helpers.prepareBinaryData(pdf, name, 'application/pdf') } }];
}

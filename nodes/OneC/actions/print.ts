/**
 * Print Form → Get PDF: a 1C document as a PDF binary item plus its key facts.
 * - Built-in (Source A): the document and its requisites read over OData (../print/load.ts) and
 *   rendered by lib/print (invoice, sales act/waybill, customer order); a document that cannot be
 *   printed (missing, no rows, no requisites) is an item error naming it — never a blank PDF.
 * - HTTP service (Source B): the PDF a base publishes itself (`…/hs/print/…`), fetched with the
 *   1C credential from a URL template.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { fileName as printFileName, printPdf, totals, type PrintKind } from '../../../lib/print';
import { isGuid } from '../../../lib/odata';
import { loadPrintDocument, type PrintConfig } from '../print/load';
import { ItemError, str, type ItemRun } from './context';

const FILE_TITLES: Record<PrintKind, string> = { invoice: 'Счет_на_оплату', sale: 'Реализация', order: 'Заказ_покупателя' };

/** The publication's base root: `https://host/base/odata/standard.odata/` → `https://host/base`. */
export function baseRootOf(publicationUrl: string): string {
	return publicationUrl.replace(/\/odata\/standard\.odata\/?$/i, '').replace(/\/+$/, '');
}

/** `{base}/hs/print/{entitySet}/{ref}?form={form}` with the placeholders filled (the client percent-encodes non-ASCII). */
export function serviceUrl(template: string, vars: { base: string; entitySet: string; ref: string; form: string }): string {
	return template.replace(/\{(base|entitySet|ref|form)\}/g, (_m, k: keyof typeof vars) => vars[k]);
}

export async function printForm(run: ItemRun): Promise<INodeExecutionData[]> {
	const ref = str(run, 'key').toLowerCase();
	if (!isGuid(ref)) throw new ItemError(run, `1C print form: the key "${str(run, 'key').slice(0, 60)}" is not a Ref_Key GUID`);
	const form = str(run, 'printKind', 'invoice') as PrintKind;
	const binaryProperty = str(run, 'binaryProperty', 'data') || 'data';
	let pdf: Buffer;
	let json: IDataObject;
	let name: string;
	if (str(run, 'printSource', 'builtIn') === 'httpService') {
		const url = serviceUrl(str(run, 'serviceUrl', '{base}/hs/print/{entitySet}/{ref}?form={form}'), { base: baseRootOf(run.s.client.url), entitySet: run.set, ref, form });
		pdf = await run.s.client.fetchBinary(url);
		name = `${FILE_TITLES[form]}_${ref}.pdf`;
		json = { form, entitySet: run.set, ref, fileName: name, bytes: pdf.length, source: 'httpService' };
	} else {
		const doc = await loadPrintDocument(run.s.client, str(run, 'printConfig', 'bp30') as PrintConfig, form, ref, str(run, 'printFromSet', '') || undefined);
		pdf = await printPdf(doc);
		name = printFileName(doc);
		const t = totals(doc);
		json = {
			form,
			ref,
			number: doc.number,
			date: doc.date,
			counterparty: doc.counterparty.name,
			counterpartyInn: doc.counterparty.inn ?? '',
			rows: doc.rows.length,
			total: t.total,
			vat: t.vat,
			fileName: name,
			bytes: pdf.length,
			source: 'builtIn',
		};
	}
	const binary = await run.ctx.helpers.prepareBinaryData(pdf, name, 'application/pdf');
	return [{ json, binary: { [binaryProperty]: binary } }];
}

/**
 * What the print-form template (06-print-form-to-timeline) must leave behind: every smart invoice
 * in the print stage that is linked to this 1C base carries exactly one timeline comment with the
 * marker `[1С: <Ref_Key>]`, naming the 1C invoice number, with exactly one PDF file (downloadable,
 * `%PDF-`); invoices of the stage that are not linked carry none.
 */
import { b24Rest } from './rest';
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];

export interface PrintFormFacts {
	failures: string[];
	/** smart invoices in the stage */
	inStage: number;
	/** of them, linked to this base */
	linked: number;
	/** linked ones with their one marked comment and PDF */
	posted: number;
	/** the posted PDFs by smart-invoice id, with the 1C invoice number (for reading them back) */
	pdfs: Map<number, { number: string; fileName: string; pdf: Buffer }>;
}

export const markerOf = (ref: string): string => `[1С: ${ref.toLowerCase()}]`;

export async function checkPrintFormTimeline(b24BaseUrl: string, b24WebhookUrl: string, onecBaseUrl: string, base: string, baseId: string, stage = 'DT31_2:S'): Promise<PrintFormFacts> {
	const [items, comments, invoices] = await Promise.all([
		json(`${b24BaseUrl}/_admin/table/item`),
		json(`${b24BaseUrl}/_admin/table/timeline_comment`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Document_СчетНаОплатуПокупателю')}`),
	]);
	const numbers = new Map(invoices.map((d) => [String(d.Ref_Key).toLowerCase(), String(d.Number ?? '').trim()]));
	const inStage = items.filter((x) => Number(x.entityTypeId) === 31 && x.stageId === stage);
	const facts: PrintFormFacts = { failures: [], inStage: inStage.length, linked: 0, posted: 0, pdfs: new Map() };
	const commentsOf = (id: unknown) => (Array.isArray(comments) ? comments : []).filter((c) => Number(c.ENTITY_TYPE_ID) === 31 && Number(c.ENTITY_ID) === Number(id));
	for (const inv of inStage) {
		const xmlId = String(inv.xmlId ?? '');
		const linked = xmlId.startsWith(`${baseId}:`);
		const marked = commentsOf(inv.id).filter((c) => String(c.COMMENT).includes('[1С: '));
		if (!linked) {
			if (marked.length) facts.failures.push(`smart invoice ${String(inv.id)} is not linked to this base but got ${marked.length} print-form comment(s)`);
			continue;
		}
		facts.linked++;
		const ref = xmlId.slice(baseId.length + 1).toLowerCase();
		const mine = marked.filter((c) => String(c.COMMENT).includes(markerOf(ref)));
		if (mine.length !== 1) {
			facts.failures.push(`smart invoice ${String(inv.id)}: ${mine.length} print-form comments (expected 1)`);
			continue;
		}
		const number = numbers.get(ref) ?? '';
		if (!number || !String(mine[0].COMMENT).includes(`№ ${number}`)) facts.failures.push(`smart invoice ${String(inv.id)}: the comment does not name 1C invoice № ${number}`);
		const got = await b24Rest(b24WebhookUrl, 'crm.timeline.comment.get', { id: mine[0].ID });
		if (got.error) {
			facts.failures.push(`smart invoice ${String(inv.id)}: crm.timeline.comment.get ${String(mine[0].ID)} → ${got.error}`);
			continue;
		}
		const files = Object.values((got.result as { FILES?: Record<string, { name: string; urlDownload: string }> }).FILES ?? {});
		if (files.length !== 1 || !/\.pdf$/i.test(files[0].name)) {
			facts.failures.push(`smart invoice ${String(inv.id)}: the comment has ${files.length} file(s) ${files.map((f) => f.name).join(', ')} (expected one PDF)`);
			continue;
		}
		const pdf = Buffer.from(await (await fetch(files[0].urlDownload)).arrayBuffer());
		if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
			facts.failures.push(`smart invoice ${String(inv.id)}: ${files[0].name} is not a PDF`);
			continue;
		}
		facts.posted++;
		facts.pdfs.set(Number(inv.id), { number, fileName: files[0].name, pdf });
	}
	if (facts.linked === 0) facts.failures.push(`no smart invoice in stage ${stage} is linked to 1C`);
	return facts;
}

/**
 * Checks run after each template in `npm run demo` and test/e2e/templates.test.ts, keyed by the
 * template's file name in workflows-templates/. A check returns the list of failures (empty =
 * passed); a thrown error counts as one failure.
 *
 * To add one:
 *
 *   '01-counterparties-to-b24.json': async ({ b24WebhookUrl, onecBaseUrl, run }) => {
 *     const failures: string[] = [];
 *     const created = run.runData['Create company']?.[0]?.length ?? 0;   // items out of a node
 *     if (created === 0) failures.push('no company created');
 *     // ask the sandboxes: Bitrix24 REST at `${b24WebhookUrl}crm.company.list`, its admin API at
 *     // `${b24BaseUrl}/_admin/table/<name>`; 1C rows at `${onecBaseUrl}/_admin/base/bp30/Catalog_Контрагенты`
 *     return failures;
 *   },
 *
 * The sandboxes are seeded with DEMO_SIZES (scripts/demo-env.ts). The demo runs the templates in
 * file-name order on the same sandboxes, and so does the e2e test: later templates build on earlier
 * ones (the invoice sync needs the companies linked by the client sync).
 */
import { baseIdFromUrl } from '../lib/links';
import { checkClientSync } from './checks/client-sync';
import { checkClientB24To1c, checkDeletionMarks } from './checks/client-sync-b24-to-1c';
import { checkClientBanks } from './checks/client-sync-banks';
import { checkContactSync } from './checks/contact-sync';
import { checkContactB24To1c } from './checks/contact-sync-b24-to-1c';
import { checkDealOrderSync } from './checks/deal-order-sync';
import { checkInvoiceStatus } from './checks/invoice-status';
import { checkInvoiceSync } from './checks/invoice-sync';
import { checkInvoiceSyncOld } from './checks/invoice-sync-old';
import { checkPrintFormTimeline } from './checks/print-form-timeline';
import { checkProductSync } from './checks/product-sync';
import { checkReportPost } from './checks/report-post';
import { checkStoreOrderSync } from './checks/store-order-sync';
import type { TemplateRun } from './n8n-home';

export interface CheckContext {
	/** the Bitrix24 sandbox origin (admin API under `/_admin/`) */
	b24BaseUrl: string;
	/** the inbound webhook URL of the sandbox portal (REST: `${b24WebhookUrl}crm.company.list`) */
	b24WebhookUrl: string;
	/** the 1C sandbox origin (publications at `/bp30|unf|ut11/odata/standard.odata/`, admin under `/_admin/`) */
	onecBaseUrl: string;
	/** the template's run as n8n stored it (scripts/n8n-server.ts) */
	run: TemplateRun;
}

export type TemplateCheck = (ctx: CheckContext) => Promise<string[]>;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const CHECKS: Record<string, TemplateCheck> = {
	'01-client-sync-1c-to-bitrix24.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const errored = new Set((run.runData['Error journal']?.[0] ?? []).map((x) => GUID.exec(String(x.json.object ?? ''))?.[0]?.toLowerCase() ?? '').filter(Boolean));
		const facts = await checkClientSync(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`), errored);
		const failures = [...facts.failures];
		if (facts.linked === 0) failures.push('no 1C counterparty got linked');
		if (facts.linked + errored.size < facts.counterparties) failures.push(`${facts.counterparties} counterparties, ${facts.linked} linked, ${errored.size} errors`);
		return failures;
	},
	'01-client-sync-banks-1c-to-bitrix24.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		// every run of the journal (several branches feed it); every GUID its objects name (the account and its counterparty)
		const journal = (run.run?.data.resultData.runData['Error journal'] ?? []).flatMap((t) => t.data?.main?.[0] ?? []);
		const errored = new Set(journal.flatMap((x) => String(x.json.object ?? '').match(new RegExp(GUID.source, 'gi')) ?? []).map((g) => g.toLowerCase()));
		const facts = await checkClientBanks(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`), errored);
		return [...facts.failures, ...(facts.inBitrix24 === 0 ? ['no 1C bank account reached Bitrix24'] : []), ...(facts.addressesInBitrix24 === 0 ? ['no 1C address reached Bitrix24'] : [])];
	},
	'01-client-sync-bitrix24-to-1c.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const journal = (run.run?.data.resultData.runData['Error journal'] ?? []).flatMap((t) => t.data?.main?.[0] ?? []);
		const errored = new Set(journal.map((x) => /^Bitrix24 company (\d+) /.exec(String(x.json.object ?? ''))?.[1] ?? '').filter(Boolean));
		const baseId = baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`);
		const facts = await checkClientB24To1c(b24BaseUrl, onecBaseUrl, 'bp30', baseId, errored);
		const created = run.runData['1C: create the counterparty']?.[0]?.length ?? 0;
		const marked = (run.runData['1C: mark the counterparty for deletion']?.[0] ?? []).map((x) => String(x.json.Ref_Key));
		return [...facts.failures, ...(await checkDeletionMarks(b24BaseUrl, onecBaseUrl, 'bp30', baseId, marked)), ...(created === 0 || facts.created < created ? [`${created} counterparties created, ${facts.created} found linked`] : [])];
	},
	'01-client-sync-contacts-1c-to-bitrix24.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const errored = new Set((run.runData['Error journal']?.[0] ?? []).map((x) => GUID.exec(String(x.json.object ?? ''))?.[0]?.toLowerCase() ?? '').filter(Boolean));
		const facts = await checkContactSync(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`), errored);
		return [...facts.failures, ...(facts.linked === 0 ? ['no contact person got linked'] : [])];
	},
	'01-client-sync-contacts-bitrix24-to-1c.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const journal = (run.run?.data.resultData.runData['Error journal'] ?? []).flatMap((t) => t.data?.main?.[0] ?? []);
		const errored = new Set(journal.map((x) => /^Bitrix24 contact (\d+) /.exec(String(x.json.object ?? ''))?.[1] ?? '').filter(Boolean));
		const facts = await checkContactB24To1c(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`), errored);
		const created = run.runData['1C: create the contact person']?.[0]?.length ?? 0;
		return [...facts.failures, ...(created === 0 || facts.created < created ? [`${created} contact persons created, ${facts.created} found linked`] : [])];
	},
	'02-product-sync-1c-to-bitrix24.json': async ({ b24WebhookUrl, onecBaseUrl }) => checkProductSync(b24WebhookUrl, onecBaseUrl, 'bp30'),
	'03-invoice-sync-bitrix24-to-1c.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const facts = await checkInvoiceSync(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`));
		const written = run.runData['Links: invoice ↔ 1C']?.[0]?.length ?? 0;
		return [...facts.failures, ...(facts.linked < written || written === 0 ? [`${written} invoices written, ${facts.linked} linked`] : [])];
	},
	'03-invoice-sync-old-format-bitrix24-to-1c.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const facts = await checkInvoiceSyncOld(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`));
		const written = run.runData['Links: old invoice ↔ 1C']?.[0]?.length ?? 0;
		return [...facts.failures, ...(facts.linked < written || written === 0 ? [`${written} old invoices written, ${facts.linked} linked`] : [])];
	},
	'04-invoice-status-1c-to-bitrix24.json': async ({ b24BaseUrl, onecBaseUrl }) => checkInvoiceStatus(b24BaseUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`)),
	'05-deal-order-sync.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const facts = await checkDealOrderSync(b24BaseUrl, onecBaseUrl, 'unf', baseIdFromUrl(`${onecBaseUrl}/unf/odata/standard.odata/`));
		const written = run.runData['Links: deal ↔ order']?.[0]?.length ?? 0;
		return [...facts.failures, ...(facts.linked.length === 0 || written > facts.linked.length ? [`${written} orders written, ${facts.linked.length} deals linked`] : [])];
	},
	'06-print-form-to-timeline.json': async ({ b24BaseUrl, b24WebhookUrl, onecBaseUrl }) => (await checkPrintFormTimeline(b24BaseUrl, b24WebhookUrl, onecBaseUrl, 'bp30', baseIdFromUrl(`${onecBaseUrl}/bp30/odata/standard.odata/`))).failures,
	'06-report-to-live-feed.json': async ({ b24BaseUrl, b24WebhookUrl, run }) => checkReportPost(b24BaseUrl, b24WebhookUrl, run.runData['1C: customer debts']?.[0]?.[0]?.json ?? {}, ['DR1']),
	'08-store-order-sync.json': async ({ b24BaseUrl, onecBaseUrl, run }) => {
		const facts = await checkStoreOrderSync(b24BaseUrl, onecBaseUrl, 'unf', baseIdFromUrl(`${onecBaseUrl}/unf/odata/standard.odata/`));
		const written = run.runData['Links: store order ↔ 1C order']?.[0]?.length ?? 0;
		return [...facts.failures, ...(written === 0 || facts.orders < written ? [`${written} store orders written, ${facts.orders} linked`] : [])];
	},
	'07-error-notifications.json': async ({ b24BaseUrl }) => {
		const notes = (await (await fetch(`${b24BaseUrl}/_admin/table/im_notify`)).json()) as Array<Record<string, unknown>>;
		const failures: string[] = [];
		const mine = notes.filter((n) => n.USER_ID === 1).map((n) => String(n.MESSAGE));
		// the sample failure of «Run now», and the failed items the syncs before it recorded
		if (!mine.some((m) => m.startsWith('[b]n8n: «1C → Bitrix24: client sync (sample)» — 1 error[/b]\nthe run, stopped at «1C: counterparties»'))) failures.push('the sample failure was not announced');
		if (!mine.some((m) => /^\[b\]n8n: «1C → Bitrix24: client sync \(counterparties → companies\)» — \d+ errors?\[\/b\]\n1C counterparty /.test(m))) failures.push("the client sync's failed items were not announced");
		return failures;
	},
};

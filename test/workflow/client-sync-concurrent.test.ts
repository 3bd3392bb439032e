/**
 * The client-sync template run twice at the same moment over the same data (what two n8n workers
 * do when a schedule fires on both, or a user presses «Run now» during a scheduled run), on the n8n
 * engine in-process: both runs end with success, both decided «not found» for the same
 * counterparties (the race happened), and the sandbox holds one company per 1C counterparty (the
 * link check of «Bitrix24: create company»), one requisite per created company, and one
 * «Удален в 1С» field (the run whose field creation lost re-reads the field and goes on).
 */
import { baseIdFromUrl } from '../../lib/links';
import { checkClientSync } from '../../scripts/checks/client-sync';
import { templateSandboxes } from '../helpers/templates';

const FILE = '01-client-sync-1c-to-bitrix24.json';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const sb = templateSandboxes(200);
type Row = Record<string, unknown>;
const table = async (name: string) => (await fetch(`${sb.b24.baseUrl}/_admin/table/${name}`)).json() as Promise<Row[]>;

it('two runs at the same moment: both succeed, no company twice, one requisite each, one field', async () => {
	const [a, b] = await Promise.all([sb.run(FILE), sb.run(FILE)]);
	expect([a.status, b.status]).toEqual(['success', 'success']);
	const notFound = (r: typeof a) => new Set(r.itemsOut('Match: find the company', 2).map((x) => String(x.json.Ref_Key).toLowerCase()));
	const both = [...notFound(a)].filter((ref) => notFound(b).has(ref));
	expect(both.length).toBeGreaterThan(0);
	// the field: both runs found it missing, one creation failed, its run re-read the field and went on
	expect(a.itemsOut('Field missing?').length + b.itemsOut('Field missing?').length).toBe(2);
	expect(a.itemsOut('Bitrix24: the field after the error').length + b.itemsOut('Bitrix24: the field after the error').length).toBe(1);
	expect((await table('userfield')).filter((f) => f.FIELD_NAME === 'UF_CRM_DELETED_1C')).toHaveLength(1);

	const errored = new Set([...a.itemsOut('Error journal'), ...b.itemsOut('Error journal')].map((x) => GUID.exec(String(x.json.object))?.[0]?.toLowerCase() ?? ''));
	const facts = await checkClientSync(sb.b24.baseUrl, sb.onec.baseUrl, 'bp30', baseIdFromUrl(sb.bp30().url), errored);
	expect(facts.failures).toEqual([]);
	const created = a.itemsOut('Bitrix24: create company').length + b.itemsOut('Bitrix24: create company').length;
	expect(created).toBe(new Set([...notFound(a), ...notFound(b)]).size);
	const requisites = (await table('requisite')).filter((q) => both.includes(String(q.XML_ID ?? '').toLowerCase()));
	expect(requisites).toHaveLength(both.length);
});

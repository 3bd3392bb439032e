/**
 * The 1C ↔ Bitrix24 Links node on the real n8n engine against the Bitrix24 sandbox. The state of
 * the portal is checked in the sandbox's own tables (`/_admin/table/…`), not through the node;
 * requests are counted by the sandbox (`/_admin/counters`).
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { parseStringPromise } from 'xml2js';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { linksToXml } from '../../lib/links-xml';
import type { Link } from '../../lib/links';
import { admin, sandbox } from '../helpers/b24';
import { binaryOf, runNode, type RunOptions, type RunResult } from '../helpers/n8n';

const N = 130;
const BASE = 'srv.test/bp30';
let b24: Bitrix24Sandbox;

beforeAll(async () => {
	b24 = await sandbox({ companies: N });
}, 60_000);
afterAll(async () => {
	await b24?.close();
});
beforeEach(async () => {
	await admin(b24, 'reset', { companies: N });
});

type Row = Record<string, unknown>;
const table = (name: string): Promise<Row[]> => admin(b24, `table/${name}`);
const byId = async (name: string, idKey = 'ID') => new Map((await table(name)).map((r) => [String(r[idKey]), r]));
const companyIds = async () => (await table('company')).filter((c) => c.IS_MY_COMPANY !== 'Y').map((c) => String(c.ID));
const counters = () => admin(b24, 'counters');
const resetCounters = () => admin(b24, 'counters/reset', {});
/** `<batch commands>` of writes are not visible in byMethod: writes are seen as changed rows */
const tablesSnapshot = async () => JSON.stringify(await Promise.all(['company', 'contact', 'requisite', 'item'].map(table)));

function links(parameters: IDataObject, input: IDataObject[] = [{}], opts: { onError?: 'continueErrorOutput' | 'continueRegularOutput'; binary?: RunOptions['binary'] } = {}): Promise<RunResult> {
	return runNode(
		{ type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Links', onError: opts.onError, parameters: { authentication: 'webhook', baseId: BASE, ...parameters } },
		input,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
		{ binary: opts.binary },
	);
}

const SET = { operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' };

async function setCompanies(pairs: Array<{ id: string; ref: string; v?: string }>, extra: IDataObject = {}, onError?: 'continueErrorOutput'): Promise<RunResult> {
	return links({ ...SET, linkType: 'company', version: '={{ $json.v }}', ...extra }, pairs, { onError });
}

function errorsOf(r: RunResult): INodeExecutionData[] {
	return r.outputs[1] ?? [];
}

it('sets 100 company links in at most 4 requests; a second run changes nothing', async () => {
	const ids = (await companyIds()).slice(0, 100);
	expect(ids).toHaveLength(100);
	const pairs = ids.map((id, k) => ({ id, ref: randomUUID(), v: `AAAA${k}` }));
	await resetCounters();
	const r = await setCompanies(pairs);
	const c = await counters();
	expect(r.error).toBeUndefined();
	expect(r.items).toHaveLength(100);
	expect(r.items.every((it) => it.json.status === 'set')).toBe(true);
	expect(c.requests).toBeLessThanOrEqual(4);
	const rows = await byId('company');
	for (const p of pairs) {
		expect(rows.get(p.id)).toMatchObject({ ORIGINATOR_ID: BASE, ORIGIN_ID: p.ref, ORIGIN_VERSION: p.v });
	}
	// paired to their items
	expect(r.items.map((it) => (it.pairedItem as { item: number }).item)).toEqual(pairs.map((_p, i) => i));

	await resetCounters();
	const before = await tablesSnapshot();
	const again = await setCompanies(pairs);
	expect(again.items.every((it) => it.json.status === 'unchanged')).toBe(true);
	expect((await counters()).requests).toBe(1); // the reads only
	expect(await tablesSnapshot()).toBe(before);
}, 60_000);

it('gets a link by 1C reference and by Bitrix24 ID; unknown ones are not found, bad input is an item error', async () => {
	const [a, b] = await companyIds();
	const refA = randomUUID();
	expect((await setCompanies([{ id: a, ref: refA }])).error).toBeUndefined();
	const r = await links(
		{ operation: 'get', linkType: 'company', findBy: '={{ $json.by }}', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' },
		[{ by: 'onecRef', ref: refA.toUpperCase() }, { by: 'b24Id', id: a }, { by: 'onecRef', ref: randomUUID() }, { by: 'b24Id', id: b }, { by: 'onecRef', ref: 'not-a-guid' }, { by: 'b24Id', id: '99999' }],
		{ onError: 'continueErrorOutput' },
	);
	expect(r.error).toBeUndefined();
	const ok = r.outputs[0].map((it) => it.json);
	expect(ok[0]).toMatchObject({ found: true, type: 'company', baseId: BASE, onecRef: refA, b24Id: a });
	expect(ok[1]).toMatchObject({ found: true, onecRef: refA, b24Id: a });
	expect(ok[2]).toMatchObject({ found: false });
	expect(ok[3]).toMatchObject({ found: false, b24Id: b });
	const errors = errorsOf(r);
	expect(errors.map((e) => (e.pairedItem as { item: number }).item)).toEqual([4, 5]);
	expect(String(errors[0].json.error)).toMatch(/not a GUID/);
	expect(String(errors[1].json.error)).toMatch(/company 99999 not found/);
}, 60_000);

it('gets many links of a type (all, or up to a limit)', async () => {
	const pairs = (await companyIds()).slice(0, 30).map((id) => ({ id, ref: randomUUID() }));
	await setCompanies(pairs);
	const all = await links({ operation: 'getAll', linkType: 'company', returnAll: true });
	const got = all.items.map((it) => `${it.json.b24Id}=${it.json.onecRef}`).sort();
	expect(got).toEqual(pairs.map((p) => `${p.id}=${p.ref}`).sort());
	const some = await links({ operation: 'getAll', linkType: 'company', returnAll: false, limit: 7 });
	expect(some.items).toHaveLength(7);
	const other = await links({ operation: 'getAll', linkType: 'company', returnAll: true, baseId: 'another/base' });
	expect(other.items).toHaveLength(0);
}, 60_000);

it('refuses to replace a link unless Overwrite is on; never links a 1C object twice', async () => {
	const [x, y, z, w] = await companyIds();
	const [ref1, ref2, ref3] = [randomUUID(), randomUUID(), randomUUID()];
	await setCompanies([{ id: x, ref: ref1 }, { id: y, ref: ref2 }]);

	// without continue-on-error: the node fails and nothing of the run is written
	const stop = await setCompanies([{ id: w, ref: randomUUID() }, { id: x, ref: ref3 }]);
	expect(stop.error?.message).toMatch(new RegExp(`company ${x} is already linked to another 1C object ${ref1}`));
	expect((await byId('company')).get(w)?.ORIGIN_ID ?? null).toBeNull();

	const refused = await setCompanies([{ id: x, ref: ref3 }], {}, 'continueErrorOutput');
	expect(refused.outputs[0]).toHaveLength(0);
	expect(errorsOf(refused)).toHaveLength(1);
	expect(errorsOf(refused)[0].json.error).toMatch(/already linked to another 1C object/);
	expect((await byId('company')).get(x)?.ORIGIN_ID).toBe(ref1);

	const replaced = await setCompanies([{ id: x, ref: ref3 }], { overwrite: true }, 'continueErrorOutput');
	expect(replaced.outputs[0][0].json).toMatchObject({ status: 'set', onecRef: ref3, replaced: { onecRef: ref1 } });
	expect((await byId('company')).get(x)?.ORIGIN_ID).toBe(ref3);

	// ref2 is on y: linking it to z is refused even with Overwrite
	const twice = await setCompanies([{ id: z, ref: ref2 }], { overwrite: true }, 'continueErrorOutput');
	expect(errorsOf(twice)[0].json.error).toMatch(new RegExp(`1C object ${ref2} is already linked to Bitrix24 company ${y}`));
	expect((await byId('company')).get(z)?.ORIGIN_ID ?? null).toBeNull();
}, 60_000);

it('removes links by Bitrix24 ID and by 1C reference', async () => {
	const [x, y, z] = await companyIds();
	const [ref1, ref2, ref3] = [randomUUID(), randomUUID(), randomUUID()];
	await setCompanies([{ id: x, ref: ref1 }, { id: y, ref: ref2 }, { id: z, ref: ref3 }]);
	const r = await links({ operation: 'remove', linkType: 'company', findBy: '={{ $json.by }}', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' }, [
		{ by: 'b24Id', id: x },
		{ by: 'onecRef', ref: ref2 },
	]);
	expect(r.error).toBeUndefined();
	expect(r.items.map((it) => it.json.removed)).toEqual([true, true]);
	const rows = await byId('company');
	for (const id of [x, y]) expect([rows.get(id)?.ORIGINATOR_ID, rows.get(id)?.ORIGIN_ID].map((v) => v ?? '')).toEqual(['', '']);
	expect(rows.get(z)?.ORIGIN_ID).toBe(ref3);
	const again = await links({ operation: 'remove', linkType: 'company', findBy: 'onecRef', onecRef: ref1 });
	expect(again.items[0].json.removed).toBe(false);
}, 60_000);

it('links requisites (a legacy bare-GUID XML_ID is rewritten with the base) and smart invoices (crm.item xmlId)', async () => {
	const req = (await table('requisite'))[0];
	const legacy = String(req.XML_ID);
	const get = await links({ operation: 'get', linkType: 'requisite', findBy: 'onecRef', onecRef: legacy });
	expect(get.items[0].json).toMatchObject({ found: true, legacy: true, b24Id: String(req.ID) });
	const set = await links({ ...SET, linkType: 'requisite' }, [{ id: String(req.ID), ref: legacy }]);
	expect(set.error).toBeUndefined();
	expect((await byId('requisite')).get(String(req.ID))?.XML_ID).toBe(`${BASE}:${legacy}`);

	const inv = (await table('item')).find((i) => i.entityTypeId === 31)!;
	const ref = randomUUID();
	const si = await links({ ...SET, linkType: 'smartInvoice' }, [{ id: String(inv.id), ref }]);
	expect(si.error).toBeUndefined();
	expect((await byId('item', 'id')).get(String(inv.id))?.xmlId).toBe(`${BASE}:${ref}`);
	const back = await links({ operation: 'get', linkType: 'smartInvoice', findBy: 'onecRef', onecRef: ref });
	expect(back.items[0].json).toMatchObject({ found: true, b24Id: String(inv.id), entityTypeId: 31 });
}, 60_000);

async function exportFile(types: string[]): Promise<{ r: RunResult; xml: string }> {
	const r = await links({ operation: 'export', linkTypes: types });
	expect(r.error).toBeUndefined();
	const bin = r.items[0].binary!.data;
	expect(bin).toMatchObject({ mimeType: 'application/xml', fileName: 'links.xml' });
	return { r, xml: Buffer.from(bin.data, 'base64').toString('utf8') };
}

const importRun = (xml: string, onError?: 'continueErrorOutput') => links({ operation: 'import' }, [{}], { onError, binary: [{ data: binaryOf(Buffer.from(xml, 'utf8'), 'links.xml', 'application/xml') }] });

async function allLinks(): Promise<string[]> {
	const out: string[] = [];
	for (const linkType of ['company', 'contact', 'requisite', 'smartInvoice']) {
		const r = await links({ operation: 'getAll', linkType, returnAll: true });
		out.push(...r.items.map((it) => JSON.stringify(it.json)));
	}
	return out.sort();
}

it('exports all links to an XML file and imports it unchanged into a reset portal (round trip)', async () => {
	const ids = (await companyIds()).slice(0, 60);
	await setCompanies(ids.map((id, k) => ({ id, ref: randomUUID(), v: `V${k}` })));
	const contacts = (await table('contact')).slice(0, 20);
	await links({ ...SET, linkType: 'contact' }, contacts.map((c) => ({ id: String(c.ID), ref: randomUUID() })));
	const reqs = (await table('requisite')).slice(0, 5);
	await links({ ...SET, linkType: 'requisite' }, reqs.map((q) => ({ id: String(q.ID), ref: String(q.XML_ID) })));
	const invs = (await table('item')).filter((i) => i.entityTypeId === 31).slice(0, 5);
	await links({ ...SET, linkType: 'smartInvoice' }, invs.map((i) => ({ id: String(i.id), ref: randomUUID() })));
	const before = await allLinks();
	expect(before).toHaveLength(90);

	const { r, xml } = await exportFile(['company', 'contact', 'requisite', 'smartInvoice']);
	expect(r.items[0].json).toMatchObject({ baseId: BASE, total: 90, counts: { company: 60, contact: 20, requisite: 5, smartInvoice: 5 } });
	// the file, read with xml2js itself
	const doc = await parseStringPromise(xml);
	expect(doc.links.$).toMatchObject({ version: '1', base: BASE });
	expect(doc.links.link).toHaveLength(90);
	const first = doc.links.link.find((l: { $: Row }) => l.$.type === 'company').$;
	expect((await byId('company')).get(first.b24Id)).toMatchObject({ ORIGIN_ID: first.onecRef, ORIGIN_VERSION: first.version });

	await admin(b24, 'reset', { companies: N });
	expect(await allLinks()).toHaveLength(0); // the seed's requisites have legacy links (a bare GUID, no base) only
	const imp = await importRun(xml);
	expect(imp.error).toBeUndefined();
	expect(imp.items).toHaveLength(1);
	expect(imp.items[0].json).toMatchObject({ baseId: BASE, total: 90, set: 90, unchanged: 0, conflicts: 0 });
	expect(await allLinks()).toEqual(before);
	// imported again: nothing to write
	await resetCounters();
	const again = await importRun(xml);
	expect(again.items[0].json).toMatchObject({ set: 0, unchanged: 90 });
	// one batch of reads (ids and refs of 4 kinds: 2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 list commands), no update commands
	expect(await counters()).toMatchObject({ requests: 1, batchCommands: 10 });
}, 120_000);

it('rejects a malformed file naming the problem, with nothing written', async () => {
	const refs = [randomUUID(), randomUUID()];
	const [x, y] = await companyIds();
	const good = linksToXml(
		[
			{ type: 'company', baseId: BASE, onecRef: refs[0], b24Id: x },
			{ type: 'company', baseId: BASE, onecRef: refs[1], b24Id: y },
		],
		{ baseId: BASE, exportedAt: new Date() },
	);
	const lines = good.split('\n');
	const badGuid = [...lines.slice(0, 2), lines[2].replace(refs[0], 'zzzz-not-a-guid'), ...lines.slice(3)].join('\n');
	const doctype = good.replace('<links', '<!DOCTYPE links [<!ENTITY x "y">]>\n<links');
	const before = await tablesSnapshot();
	for (const [xml, problem] of [
		[badGuid, /Line 3: <link> #1: onecRef "zzzz-not-a-guid" is not a GUID/],
		[doctype, /DOCTYPE/],
		['<links>', /not well-formed|no namespace/],
		[good.replace(/type="company"/, 'type="product"'), /type product/],
	] as const) {
		await resetCounters();
		const r = await importRun(xml);
		expect(r.error?.message).toMatch(problem);
		expect(r.error?.message).toMatch(/links\.xml/);
		expect((await counters()).requests).toBe(0);
	}
	// with continue-on-error it is an error item, still with nothing written
	const soft = await importRun(badGuid, 'continueErrorOutput');
	expect(soft.outputs[0]).toHaveLength(0);
	expect(errorsOf(soft)[0].json.error).toMatch(/Line 3/);
	expect(await tablesSnapshot()).toBe(before);
	// the good file does write (so the checks above can fail)
	expect((await importRun(good)).items[0].json).toMatchObject({ set: 2 });
	expect(await tablesSnapshot()).not.toBe(before);
}, 60_000);

it('reports import conflicts as error items and sets the rest', async () => {
	const ids = await companyIds();
	const [x, w] = [ids[0], ids[1]];
	const [refA, refB] = [randomUUID(), randomUUID()];
	await setCompanies([{ id: x, ref: refA }]);
	const rest = ids.slice(2, 10).map((id): Link => ({ type: 'company', baseId: BASE, onecRef: randomUUID(), b24Id: id }));
	const file: Link[] = [
		{ type: 'company', baseId: BASE, onecRef: refB, b24Id: x }, // x is linked to refA
		{ type: 'company', baseId: BASE, onecRef: refA, b24Id: w }, // refA is on x
		...rest,
	];
	const xml = linksToXml(file, { baseId: BASE, exportedAt: new Date() });

	// stopping on errors: nothing is written
	const before = await tablesSnapshot();
	const stop = await importRun(xml);
	expect(stop.error?.message).toMatch(/2 link\(s\) cannot be set, so nothing was written/);
	expect(await tablesSnapshot()).toBe(before);

	const r = await importRun(xml, 'continueErrorOutput');
	expect(r.error).toBeUndefined();
	expect(r.outputs[0]).toHaveLength(1);
	expect(r.outputs[0][0].json).toMatchObject({ total: 10, set: 8, conflicts: 2, unchanged: 0 });
	const errors = errorsOf(r);
	expect(errors).toHaveLength(2);
	expect(errors.every((e) => (e.pairedItem as { item: number }).item === 0)).toBe(true);
	expect(Object.keys(errors[0].json)).toEqual(['error']);
	expect(JSON.parse(String(errors[0].error?.description))).toMatchObject({ link: { b24Id: x, onecRef: refB }, existing: { onecRef: refA } });
	expect(errors[0].json.error).toMatch(/already linked to another 1C object/);
	expect(errors[1].json.error).toMatch(new RegExp(`1C object ${refA} is already linked to Bitrix24 company ${x}`));
	const rows = await byId('company');
	expect(rows.get(x)?.ORIGIN_ID).toBe(refA);
	expect(rows.get(w)?.ORIGIN_ID ?? null).toBeNull();
	for (const l of rest) expect(rows.get(l.b24Id)).toMatchObject({ ORIGINATOR_ID: BASE, ORIGIN_ID: l.onecRef });
}, 60_000);

/**
 * The 1C trigger against the 1C sandbox over real HTTP (a fake IPollFunctions on top of
 * fakeOneCHost, one static-data object carried from poll to poll like n8n does): baseline, new,
 * changed, never twice, posted-only, catalogs, the state bound, manual mode, errors — and writes
 * racing a paged poll (creates, updates, a Date moved so that a page shifts back and skips a row,
 * a back-dated insert so that a page shifts forward and repeats one), checked over the union of
 * all polls against what the base really holds.
 */
import type { IDataObject, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';
import { formatDateTime } from '../../lib/odata';
import { OneCTrigger } from '../../nodes/OneC/OneCTrigger.node';
import { STATE_KEY } from '../../nodes/OneC/trigger/poll';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { startOneCSandbox, type BaseId, type OneCSandbox, type Publication } from '../../sandbox/onec/server';
import { oneCCredential } from '../helpers/onec-host';
import { LOCAL_TZ, livePoller, oneCWriter, TRIGGER_NODE, type LivePoller } from '../helpers/onec-poller';

const TZ = LOCAL_TZ;
const NODE = TRIGGER_NODE;

let sb: OneCSandbox;
const pub = (id: BaseId): Publication => sb.publications.find((p) => p.id === id)!;

type Poller = LivePoller;
const poller = (id: BaseId, params: Record<string, unknown>, credential: IDataObject = {}): Poller => livePoller(pub(id), { resource: 'document', overlapHours: 72, options: {}, ...params }, credential);
const writer = (id: BaseId) => oneCWriter(pub(id));

const set = (value: string) => ({ mode: 'name', value });
const hoursAgo = (h: number) => formatDateTime(new Date(Date.now() - h * 3600_000), TZ);
const dvOf = (rows: Array<Record<string, unknown>>) => Object.fromEntries(rows.map((r) => [String(r.Ref_Key), String(r.DataVersion)]));

beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 200 });
});
afterAll(async () => sb?.close());

describe('documents (bp30 invoices)', () => {
	const SET = 'Document_СчетНаОплатуПокупателю';
	let w: OneCClient;
	let template: Record<string, unknown>;

	beforeAll(async () => {
		await fetch(`${sb.baseUrl}/_admin/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"companies":200}' });
		w = await writer('bp30');
		const [seed] = await w.list(SET, { filter: "Организация_Key ne guid'00000000-0000-0000-0000-000000000000'", select: 'Организация_Key,Контрагент_Key', limit: 1 });
		template = { Организация_Key: seed.Организация_Key, Контрагент_Key: seed.Контрагент_Key };
		for (let i = 0; i < 12; i++) await w.create(SET, { ...template, Date: hoursAgo(40 - i), Комментарий: `pre ${i}` });
	});

	it('baseline emits nothing; a created document is emitted once, typed, with _change: new', async () => {
		const p = poller('bp30', { entitySet: set(SET) });
		expect(await p.poll()).toBeNull();
		const state = p.staticData[STATE_KEY] as unknown as { objects: object; watermark: string };
		expect(Object.keys(state.objects).length).toBeGreaterThanOrEqual(12);
		const created = await w.create(SET, { ...template, Комментарий: 'new one' });
		const out = (await p.poll())!;
		expect(out.map((r) => [r.Ref_Key, r._change])).toEqual([[created.Ref_Key, 'new']]);
		expect(out[0].Комментарий).toBe('new one');
		expect(String(out[0].Date)).toMatch(/[+-]\d\d:\d\d$/);
		for (let i = 0; i < 3; i++) expect(await p.poll()).toBeNull();
		// an update bumps DataVersion: emitted as changed, once
		await w.update(SET, String(created.Ref_Key), { Комментарий: 'edited' });
		const ch = (await p.poll())!;
		expect(ch.map((r) => [r.Ref_Key, r._change, r.Комментарий])).toEqual([[created.Ref_Key, 'changed', 'edited']]);
		expect(await p.poll()).toBeNull();
		// the full rows were read by key lists, never one GET per object
		expect(p.urls.some((u) => /Document_[^?]*\(guid/.test(decodeURIComponent(u)))).toBe(false);
	});

	it('Emit Existing on First Poll emits the window; raw output leaves 1C values as sent', async () => {
		const p = poller('bp30', { entitySet: set(SET), overlapHours: 48, options: { emitExisting: true, output: 'raw' } });
		const out = (await p.poll())!;
		expect(out.length).toBeGreaterThanOrEqual(13);
		expect(out.every((r) => r._change === 'new')).toBe(true);
		expect(String(out[0].Date)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
		const dates = out.map((r) => String(r.Date));
		expect([...dates].sort()).toEqual(dates);
		expect(await p.poll()).toBeNull();
	});

	it('posted only: an unposted new document is tracked, emitted when it is posted', async () => {
		const p = poller('bp30', { entitySet: set(SET), options: { status: 'posted' } });
		expect(await p.poll()).toBeNull();
		const d = await w.create(SET, { ...template, Комментарий: 'to post' });
		expect(await p.poll()).toBeNull();
		await w.post(SET, String(d.Ref_Key));
		const out = (await p.poll())!;
		expect(out.map((r) => [r.Ref_Key, r._change, r.Posted])).toEqual([[d.Ref_Key, 'changed', true]]);
		// marked for deletion (unposts it): not emitted by a posted-only trigger
		await w.update(SET, String(d.Ref_Key), { DeletionMark: true });
		expect(await p.poll()).toBeNull();
		const marked = poller('bp30', { entitySet: set(SET), options: { status: 'markedForDeletion' } });
		await marked.poll();
		await w.update(SET, String(d.Ref_Key), { Комментарий: 'still marked' });
		expect((await marked.poll())!.map((r) => r.Ref_Key)).toEqual([d.Ref_Key]);
	});

	it('the state bound fails the poll with a clear error and leaves the state as it was', async () => {
		const p = poller('bp30', { entitySet: set(SET), options: { maxTracked: 5, pageSize: 3 } });
		const e = (await p.poll().catch((x: unknown) => x)) as Error & { description?: string };
		expect(e.constructor.name).toBe('NodeOperationError');
		expect(e.message).toMatch(/more than Max Tracked Objects \(5\).*smaller Overlap \(Hours\)/);
		expect(p.staticData[STATE_KEY]).toBeUndefined();
		// at most maxTracked + 1 rows were read: 2 pages of 3
		expect(p.urls.filter((u) => decodeURIComponent(u).includes('$orderby=Date,Ref_Key'))).toHaveLength(2);
	});

	it('manual mode returns the newest document and does not touch the state', async () => {
		const p = poller('bp30', { entitySet: set(SET) });
		await p.poll();
		const before = JSON.stringify(p.staticData[STATE_KEY]);
		const d = await w.create(SET, { ...template, Date: hoursAgo(-0.01), Комментарий: 'newest' });
		p.mode = 'manual';
		const out = (await p.poll())!;
		expect(out).toHaveLength(1);
		expect(out[0].Ref_Key).toBe(d.Ref_Key);
		expect(JSON.stringify(p.staticData[STATE_KEY])).toBe(before);
		// back in trigger mode the document is still news
		p.mode = 'trigger';
		expect((await p.poll())!.map((r) => r.Ref_Key)).toEqual([d.Ref_Key]);
		// manual mode on an empty selection: null
		const none = poller('bp30', { entitySet: set(SET), options: { rawFilter: "Комментарий eq 'no such comment'" } });
		none.mode = 'manual';
		expect(await none.poll()).toBeNull();
		expect(none.staticData[STATE_KEY]).toBeUndefined();
	});

	it('errors: a wrong password is a NodeApiError without the password; a wrong set kind is explained', async () => {
		const p = poller('bp30', { entitySet: set(SET) }, { password: 'Sekret-Pa55' });
		const e = (await p.poll().catch((x: unknown) => x)) as Error;
		expect(e.constructor.name).toBe('NodeApiError');
		expect(e.message).toMatch(/401/);
		expect(JSON.stringify({ m: e.message, d: (e as { description?: string }).description })).not.toContain('Sekret-Pa55');
		const q = poller('bp30', { entitySet: set('Catalog_Контрагенты') });
		await expect(q.poll()).rejects.toThrow(/not a document entity set/);
	});
});

describe('catalogs (bp30 counterparties): DataVersion snapshot', () => {
	const SET = 'Catalog_Контрагенты';

	it('baseline, new and changed once, unchanged never, bounded', async () => {
		const w = await writer('bp30');
		const p = poller('bp30', { resource: 'catalog', entitySet: set(SET), options: { pageSize: 50 } });
		expect(await p.poll()).toBeNull();
		const [some] = await w.list(SET, { filter: 'IsFolder eq false', select: 'Ref_Key', limit: 1 });
		const created = await w.create(SET, { Description: 'ООО Триггер' });
		await w.update(SET, String(some.Ref_Key), { Комментарий: 'changed by test' });
		const out = (await p.poll())!;
		const byRef = Object.fromEntries(out.map((r) => [String(r.Ref_Key), r._change]));
		expect(byRef).toEqual({ [String(created.Ref_Key)]: 'new', [String(some.Ref_Key)]: 'changed' });
		expect(out.find((r) => r.Ref_Key === created.Ref_Key)!.Description).toBe('ООО Триггер');
		expect(await p.poll()).toBeNull();
		expect(await p.poll()).toBeNull();
		const small = poller('bp30', { resource: 'catalog', entitySet: set(SET), options: { maxTracked: 100 } });
		await expect(small.poll()).rejects.toThrow(/Max Tracked Objects \(100\)/);
	});
});

/**
 * Writes racing a paged poll. Page size 5 over ~40 documents; after page 1, 2, 3 and 4 of the
 * racing poll's scan other users write. Then more polls. Over the union of every poll:
 * - replaying the emissions on top of the baseline gives exactly the base's final DataVersions
 *   (nothing changed is missed, including what changed during a poll);
 * - no (object, DataVersion) is emitted twice, and nothing is emitted at its baseline version.
 */
async function race(id: BaseId, SET: string, extra: IDataObject) {
	const w = await writer(id);
	const created: string[] = [];
	for (let i = 0; i < 40; i++) created.push(String((await w.create(SET, { ...extra, Date: hoursAgo(60 - i), Комментарий: `race ${i}` })).Ref_Key));
	const p = poller(id, { entitySet: set(SET), options: { pageSize: 5 } });
	expect(await p.poll()).toBeNull();
	const baseline = Object.fromEntries(Object.entries((p.staticData[STATE_KEY] as unknown as { objects: Record<string, [string, string]> }).objects).map(([k, v]) => [k, v[0]]));
	expect(Object.keys(baseline).length).toBeGreaterThanOrEqual(40);

	const touched = new Set<string>();
	const fresh: string[] = [];
	let page = 0;
	let late = false;
	p.hook = async (opts, res) => {
		const url = decodeURIComponent(String(opts.url));
		if (!url.includes('$orderby=Date,Ref_Key')) return;
		page++;
		const body = (res as { body: unknown }).body;
		const parsed = Buffer.isBuffer(body) || typeof body === 'string' ? JSON.parse(String(body)) : body;
		const rows = (parsed as { value: unknown[] }).value;
		if (rows.length < 5 && !late) {
			// the last page of the scan: a candidate changes again before its full row is read —
			// the state must record the version that was emitted, not the one the scan saw
			late = true;
			await w.update(SET, created[38], { Комментарий: 'raced late' });
		}
		if (page === 1) {
			// a document already read and one not yet read change; two new ones at the end
			for (const ref of [created[1], created[38]]) {
				await w.update(SET, ref, { Комментарий: `raced ${page}` });
				touched.add(ref);
			}
			for (let i = 0; i < 2; i++) fresh.push(String((await w.create(SET, { ...extra, Комментарий: `during ${i}` })).Ref_Key));
		} else if (page === 2) {
			// an already-read document moves to the end: the pages shift back, one row is skipped
			await w.update(SET, created[0], { Date: hoursAgo(0) });
			touched.add(created[0]);
		} else if (page === 3) {
			// a back-dated insert before the cursor: the pages shift forward, one row is read twice
			fresh.push(String((await w.create(SET, { ...extra, Date: hoursAgo(59.5), Комментарий: 'back-dated' })).Ref_Key));
			await w.update(SET, created[20], { Комментарий: 'raced 3' });
			touched.add(created[20]);
		} else if (page === 4) {
			await w.update(SET, created[20], { Комментарий: 'raced 4' });
			await w.update(SET, created[30], { DeletionMark: true });
			touched.add(created[30]);
		}
	};
	const emitted: IDataObject[][] = [];
	emitted.push((await p.poll()) ?? []);
	p.hook = undefined;
	expect(page).toBeGreaterThan(5);
	expect(late).toBe(true);
	expect(emitted[0].find((r) => r.Ref_Key === created[38])?.Комментарий).toBe('raced late');
	for (let i = 0; i < 3; i++) emitted.push((await p.poll()) ?? []);
	expect(emitted[2]).toEqual([]);
	expect(emitted[3]).toEqual([]);

	const final = dvOf(await w.list(SET, { filter: `Date ge datetime'${hoursAgo(61)}'`, select: 'Ref_Key,DataVersion', returnAll: true }));
	const all = emitted.flat();
	// no (object, version) twice, nothing unchanged
	const pairs = all.map((r) => `${String(r.Ref_Key)}@${String(r.DataVersion)}`);
	expect(new Set(pairs).size).toBe(pairs.length);
	for (const r of all) expect(String(r.DataVersion)).not.toBe(baseline[String(r.Ref_Key)]);
	// replay = the base
	const replay: Record<string, string> = { ...baseline };
	for (const r of all) replay[String(r.Ref_Key)] = String(r.DataVersion);
	for (const [ref, dv] of Object.entries(final)) expect([ref, replay[ref]]).toEqual([ref, dv]);
	// and what we did is all there, with the right kind
	const kinds = new Map<string, Set<string>>();
	for (const r of all) kinds.set(String(r.Ref_Key), new Set([...(kinds.get(String(r.Ref_Key)) ?? []), String(r._change)]));
	for (const ref of fresh) expect(kinds.get(ref)?.has('new')).toBe(true);
	for (const ref of touched) expect(kinds.get(ref)?.has('changed')).toBe(true);
	expect(new Set(kinds.keys())).toEqual(new Set([...fresh, ...touched]));
}

describe('writes racing a paged poll', () => {
	beforeEach(async () => {
		await fetch(`${sb.baseUrl}/_admin/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"companies":200}' });
	});

	it('bp30 invoices', async () => {
		await race('bp30', 'Document_СчетНаОплатуПокупателю', {});
	});

	it('ut11 customer orders', async () => {
		await race('ut11', 'Document_ЗаказКлиента', {});
	});

	it('unf customer orders', async () => {
		await race('unf', 'Document_ЗаказПокупателя', {});
	});
});

/**
 * The same trigger on n8n-core's real PollContext (parameters resolved by the engine from the
 * node description, credentials through a credentials helper, static data as n8n's observable
 * object): the state marks the static data changed, survives a JSON round trip (what n8n stores
 * in its database) and a "restart" with a fresh Workflow continues without re-emitting.
 */
describe("on n8n-core's PollContext", () => {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const core = require('n8n-core') as typeof import('n8n-core');
	const wf = require('n8n-workflow') as typeof import('n8n-workflow');
	const { OneCODataApi } = require('../../credentials/OneCODataApi.credentials') as typeof import('../../credentials/OneCODataApi.credentials');
	/* eslint-enable @typescript-eslint/no-require-imports */
	const SET = 'Document_ЗаказКлиента';

	function context(staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
		const credential = oneCCredential(pub('ut11'), { timeZone: TZ });
		const cred = new OneCODataApi();
		class Helper extends wf.ICredentialsHelper {
			async getDecrypted() {
				return credential;
			}
			async authenticate(c: IDataObject, _t: string, o: IHttpRequestOptions) {
				return (cred.authenticate as unknown as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(c, o);
			}
			getParentTypes() {
				return [];
			}
			async preAuthentication() {
				return undefined;
			}
			async runPreAuthentication() {
				return undefined;
			}
			getCredentialsProperties() {
				return [];
			}
			async getCredentials(): Promise<never> {
				throw new Error('n/a');
			}
			async updateCredentials() {}
			async updateCredentialsOauthTokenData() {}
			getOAuth2Options() {
				return undefined;
			}
			isCredentialUsableByNode() {
				return true;
			}
		}
		const node: INode = { ...NODE, parameters: { resource: 'document', entitySet: { __rl: true, mode: 'name', value: SET }, options: { pageSize: 7 } } };
		const nodeTypes = {
			getByName: () => new OneCTrigger(),
			getByNameAndVersion: () => new OneCTrigger(),
			getKnownTypes: () => ({}),
		};
		const workflow = new wf.Workflow({ id: 'w1', nodes: [node], connections: {}, nodeTypes: nodeTypes as never, active: true, staticData, settings: {} });
		const additionalData = { credentialsHelper: new Helper(), variables: {}, restApiUrl: '', instanceBaseUrl: '', webhookBaseUrl: '' } as never;
		const ctx = new core.PollContext(workflow, node, additionalData, mode, 'activate');
		return { workflow, poll: async () => ((await new OneCTrigger().poll.call(ctx)) as INodeExecutionData[][] | null)?.[0].map((i) => i.json) ?? null };
	}

	it('baseline, emit, persist, restart', async () => {
		const w = await writer('ut11');
		for (let i = 0; i < 10; i++) await w.create(SET, { Date: hoursAgo(20 - i), Комментарий: `n8n ${i}` });
		const first = context({});
		expect(await first.poll()).toBeNull();
		expect((first.workflow.staticData as { __dataChanged?: boolean }).__dataChanged).toBe(true);
		const d = await w.create(SET, { Комментарий: 'via PollContext' });
		expect((await first.poll())!.map((r) => [r.Ref_Key, r._change])).toEqual([[d.Ref_Key, 'new']]);
		// "restart": the stored JSON into a new Workflow; nothing is emitted again
		const stored = JSON.parse(JSON.stringify(first.workflow.staticData)) as IDataObject;
		const second = context(stored);
		expect(await second.poll()).toBeNull();
		await w.update(SET, String(d.Ref_Key), { Комментарий: 'changed after restart' });
		expect((await second.poll())!.map((r) => [r.Ref_Key, r._change])).toEqual([[d.Ref_Key, 'changed']]);
		// manual mode ("Fetch Test Event") on the engine: the newest order, state untouched
		const before = JSON.stringify(second.workflow.staticData);
		const manual = context(JSON.parse(before) as IDataObject, 'manual');
		const sample = (await manual.poll())!;
		expect(sample).toHaveLength(1);
		const stateOf = (data: IDataObject) => JSON.stringify((data['node:1C Trigger'] as IDataObject)[STATE_KEY]);
		expect(stateOf(JSON.parse(before) as IDataObject)).toContain(String(d.Ref_Key));
		expect(stateOf(manual.workflow.staticData as IDataObject)).toBe(stateOf(JSON.parse(before) as IDataObject));
	});
});

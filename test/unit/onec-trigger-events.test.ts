/**
 * «Watch → Document Events» of the 1C trigger against the 1C sandbox over real HTTP (a fake
 * IPollFunctions on fakeOneCHost, static data carried from poll to poll): each step changes the
 * document through OData — post, re-post, unpost, unpost again, pay partially, pay fully, ship,
 * mark with an error / correct — and the next poll must emit exactly the matching event. Paid and
 * shipped are read in bulk: a fixed number of register reads per poll, never one per document.
 */
import type { IDataObject } from 'n8n-workflow';
import { formatDateTime } from '../../lib/odata';
import { EVENTS_KEY } from '../../nodes/OneC/trigger/events';
import { STATE_KEY } from '../../nodes/OneC/trigger/poll';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { startOneCSandbox, type BaseId, type OneCSandbox, type Publication } from '../../sandbox/onec/server';
import { LOCAL_TZ, livePoller, oneCWriter, type LivePoller } from '../helpers/onec-poller';

const TZ = LOCAL_TZ;
const ALL = ['posted', 'unposted', 'changed', 'partiallyPaid', 'paid', 'shipped', 'correct', 'error'];

let sb: OneCSandbox;
const pub = (id: BaseId): Publication => sb.publications.find((p) => p.id === id)!;

type Poller = LivePoller;
const poller = (id: BaseId, params: Record<string, unknown>): Poller => livePoller(pub(id), { resource: 'document', watch: 'events', events: ALL, overlapHours: 72, options: {}, ...params });
const writer = (id: BaseId) => oneCWriter(pub(id));
const set = (value: string) => ({ mode: 'name', value });
const hoursAgo = (h: number) => formatDateTime(new Date(Date.now() - h * 3600_000), TZ);
/** the events of one poll as [event, Ref_Key] */
const ev = (out: IDataObject[] | null) => (out ?? []).map((r) => [r.event, r.Ref_Key]);
/** the requests of the last poll, decoded */
function since(p: Poller, from: number): string[] {
	return p.urls.slice(from).map((u) => decodeURIComponent(u));
}

beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 200 });
});
afterAll(async () => sb?.close());

describe('УНФ customer orders (registers ОплатаСчетовИЗаказов, ЗаказыПокупателей)', () => {
	const SET = 'Document_ЗаказПокупателя';
	const TYPE = `StandardODATA.${SET}`;
	let w: OneCClient;
	let head: Record<string, unknown>;
	let line: Record<string, unknown>;
	let unit: unknown;

	beforeAll(async () => {
		await fetch(`${sb.baseUrl}/_admin/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"companies":200}' });
		w = await writer('unf');
		const [seed] = await w.list(SET, { filter: 'Posted eq true', select: 'Организация_Key,Контрагент_Key,Договор_Key,СтруктурнаяЕдиницаРезерв_Key,Запасы', limit: 1 });
		head = { Организация_Key: seed.Организация_Key, Контрагент_Key: seed.Контрагент_Key, Договор_Key: seed.Договор_Key };
		unit = seed.СтруктурнаяЕдиницаРезерв_Key;
		const r = (seed.Запасы as IDataObject[]).find((x) => x.ТипНоменклатурыЗапас === true)!;
		line = { LineNumber: '1', ТипНоменклатурыЗапас: true, Номенклатура: r.Номенклатура, Номенклатура_Type: r.Номенклатура_Type, ЕдиницаИзмерения: r.ЕдиницаИзмерения, ЕдиницаИзмерения_Type: r.ЕдиницаИзмерения_Type };
	});

	const order = async (comment: string, hours = 3) =>
		String((await w.create(SET, { ...head, Date: hoursAgo(hours), СуммаДокумента: 1000, Комментарий: comment, Запасы: [{ ...line, Количество: 10, Цена: 100, Сумма: 1000, Всего: 1000 }] })).Ref_Key);
	const pay = async (ref: string, sum: number, advance = false) => {
		const d = await w.create('Document_ПоступлениеНаСчет', {
			...head,
			Date: hoursAgo(1),
			СуммаДокумента: sum,
			РасшифровкаПлатежа: [{ LineNumber: '1', Договор_Key: head.Договор_Key, СчетНаОплату: ref, СчетНаОплату_Type: TYPE, ПризнакАванса: advance, СуммаПлатежа: sum }],
		});
		await w.post('Document_ПоступлениеНаСчет', String(d.Ref_Key));
	};
	const ship = async (ref: string, qty: number) => {
		const d = await w.create('Document_РасходнаяНакладная', { ...head, Date: hoursAgo(0.5), СтруктурнаяЕдиница_Key: unit, Заказ: ref, Заказ_Type: TYPE, Запасы: [{ ...line, Количество: qty, Цена: 100, Сумма: qty * 100, Всего: qty * 100 }] });
		await w.post('Document_РасходнаяНакладная', String(d.Ref_Key));
	};

	it('post, re-post, unpost, unpost again, post, pay partially, pay fully, ship, error, correct — each once', async () => {
		const o = await order('events');
		const p = poller('unf', { entitySet: set(SET), paymentSource: 'unf', checkField: 'Комментарий', correctValue: 'OK', errorValue: 'ERROR' });
		expect(await p.poll()).toBeNull();
		expect(await p.poll()).toBeNull();

		await w.post(SET, o);
		const posted = (await p.poll())!;
		expect(ev(posted)).toEqual([['posted', o]]);
		expect(posted[0]).toMatchObject({ entitySet: SET, Posted: true, total: 1000, paid: 0, paymentState: 'none', shipped: 0, shippedOf: 10, shipmentState: 'none', checkValue: 'events' });
		expect(String(posted[0].Number)).not.toBe('');
		expect(String(posted[0].Date)).toMatch(/[+-]\d\d:\d\d$/);

		await w.post(SET, o); // re-posting: a change, not a posting
		expect(ev(await p.poll())).toEqual([['changed', o]]);
		await w.unpost(SET, o);
		expect(ev(await p.poll())).toEqual([['unposted', o]]);
		await w.unpost(SET, o); // a repeated unposting never fires "unposted"
		expect(ev(await p.poll()).filter(([e]) => e === 'unposted')).toEqual([]);
		await w.post(SET, o);
		expect(ev(await p.poll())).toEqual([['posted', o]]);
		expect(await p.poll()).toBeNull();

		let from = p.urls.length;
		await pay(o, 400);
		const partial = (await p.poll())!;
		expect(ev(partial)).toEqual([['partiallyPaid', o]]);
		expect(partial[0]).toMatchObject({ total: 1000, paid: 400, paymentState: 'partial' });
		// bulk: one read of each register per poll, no GET of one document
		const reads = since(p, from);
		expect(reads.filter((u) => u.includes('ОплатаСчетовИЗаказов/Turnovers('))).toHaveLength(1);
		expect(reads.filter((u) => u.includes('ЗаказыПокупателей/Turnovers('))).toHaveLength(1);
		expect(reads.some((u) => /Document_[^?/]*\(guid/.test(u))).toBe(false);
		expect(await p.poll()).toBeNull();

		await pay(o, 600, true);
		const full = (await p.poll())!;
		expect(ev(full)).toEqual([['paid', o]]);
		expect(full[0]).toMatchObject({ paid: 1000, paymentState: 'full' });

		await ship(o, 4);
		expect(await p.poll()).toBeNull(); // partly shipped: no event
		await ship(o, 6);
		const shipped = (await p.poll())!;
		expect(ev(shipped)).toEqual([['shipped', o]]);
		expect(shipped[0]).toMatchObject({ shipped: 10, shippedOf: 10, shipmentState: 'full' });
		expect(await p.poll()).toBeNull();

		await w.update(SET, o, { Комментарий: 'ERROR' });
		expect(ev(await p.poll())).toEqual([
			['changed', o],
			['error', o],
		]);
		await w.update(SET, o, { Комментарий: 'OK' });
		expect(ev(await p.poll())).toEqual([
			['changed', o],
			['correct', o],
		]);
		// unposting a paid, shipped order does not make it "paid" again when it is posted again
		await w.unpost(SET, o);
		expect(ev(await p.poll())).toEqual([['unposted', o]]);
		await w.post(SET, o);
		expect(ev(await p.poll())).toEqual([['posted', o]]);
		from = p.urls.length;
		expect(await p.poll()).toBeNull();
		expect(since(p, from).filter((u) => u.includes('Turnovers('))).toHaveLength(2);
	});

	it('a new order: "posted" when it was created posted, but no "paid" when first seen already paid; Events filters', async () => {
		const p = poller('unf', { entitySet: set(SET), paymentSource: 'unf', events: ['posted', 'paid'] });
		expect(await p.poll()).toBeNull();
		const a = await order('created posted', 2.2);
		await w.post(SET, a);
		const b = await order('created, posted and paid', 2.1);
		await w.post(SET, b);
		await pay(b, 1000);
		const c = await order('created unposted', 2);
		const out = ev(await p.poll());
		expect(out).toEqual([
			['posted', a],
			['posted', b],
		]);
		expect(out.some(([, r]) => r === c)).toBe(false);
		// "changed" is not among the chosen events
		await w.update(SET, c, { Комментарий: 'edited' });
		expect(await p.poll()).toBeNull();
		await pay(c, 1000);
		expect(ev(await p.poll())).toEqual([['paid', c]]);
		const state = p.staticData[EVENTS_KEY] as unknown as { objects: Record<string, unknown[]> };
		// unposted: nothing ordered in ЗаказыПокупателей, so the shipped level is not determined (null)
		expect(state.objects[c]).toEqual([expect.any(String), expect.any(String), 0, 2, null, null]);
	});

	it('Emit Existing on First Poll emits the current state; manual mode returns a sample and keeps no state', async () => {
		const o = await order('existing', 1);
		await w.post(SET, o);
		await pay(o, 1000);
		const p = poller('unf', { entitySet: set(SET), paymentSource: 'unf', options: { emitExisting: true, rawFilter: "Комментарий eq 'existing'" } });
		p.mode = 'manual';
		const sample = (await p.poll())!;
		expect(sample).toHaveLength(1);
		expect(sample[0]).toMatchObject({ event: 'posted', Ref_Key: o, paymentState: 'full' });
		expect(p.staticData[EVENTS_KEY]).toBeUndefined();
		p.mode = 'trigger';
		expect(ev(await p.poll())).toEqual([
			['posted', o],
			['paid', o],
		]);
		expect(await p.poll()).toBeNull();
		// switched to «New and Changed»: the events state is dropped (switching back is a new baseline)
		p.params.watch = 'changes';
		await p.poll();
		expect(p.staticData[EVENTS_KEY]).toBeUndefined();
		expect(p.staticData[STATE_KEY]).toBeDefined();
	});
});

describe('БП 3.0 invoices (СтатусыДокументов, posted sales)', () => {
	const SET = 'Document_СчетНаОплатуПокупателю';
	const REG = 'InformationRegister_СтатусыДокументов';
	let w: OneCClient;
	let head: Record<string, unknown>;
	let contract: unknown;

	beforeAll(async () => {
		await fetch(`${sb.baseUrl}/_admin/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"companies":200}' });
		w = await writer('bp30');
		const [sale] = await w.list('Document_РеализацияТоваровУслуг', { filter: 'Posted eq true', select: 'Организация_Key,Контрагент_Key,ДоговорКонтрагента_Key', limit: 1 });
		head = { Организация_Key: sale.Организация_Key, Контрагент_Key: sale.Контрагент_Key };
		contract = sale.ДоговорКонтрагента_Key;
	});

	const statusKey = (ref: string) => `Организация_Key=guid'${String(head.Организация_Key)}',Документ='${ref}',Документ_Type='StandardODATA.${SET}'`;

	// few invoices in the window: statuses by key lists; many: the whole register (fewer requests)
	it.each([
		['by key lists', 0],
		['as the whole register', 15],
	])('post, partially paid, paid, shipped, unposted — statuses read %s', async (how, extra) => {
		for (let k = 0; k < extra; k++) await w.create(SET, { ...head, Date: hoursAgo(4), СуммаДокумента: 10, Комментарий: `extra ${k}` });
		const i = String((await w.create(SET, { ...head, Date: hoursAgo(3), СуммаДокумента: 500, Комментарий: 'events' })).Ref_Key);
		const p = poller('bp30', { entitySet: set(SET), paymentSource: 'bp' });
		expect(await p.poll()).toBeNull();

		await w.post(SET, i);
		expect(ev(await p.poll())).toEqual([['posted', i]]);
		await w.create(REG, { ...head, Документ: i, Документ_Type: `StandardODATA.${SET}`, Статус: 'ОплаченЧастично', Статус_Type: 'UnavailableEnums.СтатусОплатыСчета' });
		const partial = (await p.poll())!;
		expect(ev(partial)).toEqual([['partiallyPaid', i]]);
		expect(partial[0]).toMatchObject({ total: 500, paymentStatus: 'ОплаченЧастично', paymentState: 'partial', shipmentState: 'none' });
		await w.update(REG, statusKey(i), { Статус: 'Оплачен', Статус_Type: 'UnavailableEnums.СтатусОплатыСчета' });
		expect(ev(await p.poll())).toEqual([['paid', i]]);
		expect(await p.poll()).toBeNull();

		const from = p.urls.length;
		const s = await w.create('Document_РеализацияТоваровУслуг', { ...head, ДоговорКонтрагента_Key: contract, Date: hoursAgo(1), СчетНаОплатуПокупателю_Key: i, СуммаДокумента: 500 });
		expect(await p.poll()).toBeNull(); // an unposted sale ships nothing
		await w.post('Document_РеализацияТоваровУслуг', String(s.Ref_Key));
		const shipped = (await p.poll())!;
		expect(ev(shipped)).toEqual([['shipped', i]]);
		expect(shipped[0]).toMatchObject({ shipped: 500, shippedOf: 500, shipmentState: 'full' });
		const reads = since(p, from);
		expect(reads.some((u) => /\/Document_[^?/(]*\(guid'[^']*'\)(\?|$)/.test(u))).toBe(false);
		// each poll (2 here): one sales read (one page) and the statuses in bulk — by keys or whole
		expect(reads.filter((u) => u.includes('Document_РеализацияТоваровУслуг?'))).toHaveLength(2);
		const statuses = reads.filter((u) => u.includes(`${REG}?`));
		if (how === 'by key lists') {
			expect(statuses).toHaveLength(2);
			expect(statuses.every((u) => u.includes(`Документ eq cast(guid'${i}','${SET}')`))).toBe(true);
		} else {
			expect(statuses.length).toBeGreaterThanOrEqual(2);
			expect(statuses.some((u) => u.includes('$filter'))).toBe(false);
		}

		await w.unpost(SET, i);
		expect(ev(await p.poll())).toEqual([['unposted', i]]);
		expect(await p.poll()).toBeNull();
	});
});

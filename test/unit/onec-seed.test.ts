/**
 * The 1C bases' seed (sandbox/onec/seed): determinism, rows only with declared properties, no
 * dangling references, document totals, posting ⇔ movements, registers agreeing with documents,
 * the documented overlap with the Bitrix24 dataset, and an HTTP round trip (GET an invoice, POST a
 * payment, Post / Unpost, settlements `Balance`).
 */
import { innChecksumValid } from '../../lib/requisites';
import type { Base } from '../../sandbox/onec/base';
import type { Row } from '../../sandbox/onec/format/values';
import { SHARES } from '../../sandbox/onec/seed/overlap';
import { phoneDigits } from '../../sandbox/onec/seed/contact-info';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { accumulation } from '../../sandbox/onec/virtual';
import { post } from '../../sandbox/onec/writes';
import { OneCClient } from '../helpers/onec-http';
import { anyMovements, danglingRefs, IDS, movementsOf, num, round2, seedAll, snapshot, undeclared, type Seeded } from '../helpers/onec-seed-checks';

const COMPANIES = 200;
let world: Seeded;

beforeAll(() => {
	world = seedAll(1, COMPANIES);
});

const counterparties = (base: Base): Row[] => [...base.table(base.schema.config.roles.counterparty).values()].filter((r) => r.IsFolder !== true);
const all = () => true;
const balance = (base: Base, set: string, fn: string, dims: string) => accumulation(base, base.set(set)!, fn, { Dimensions: dims }, () => all).rows;

describe('determinism and shape', () => {
	it('the same seed gives the same rows; another seed other rows', () => {
		const again = seedAll(1, COMPANIES);
		const other = seedAll(2, COMPANIES);
		for (const id of IDS) {
			expect(snapshot(again.bases[id].base)).toBe(snapshot(world.bases[id].base));
			expect(snapshot(other.bases[id].base)).not.toBe(snapshot(world.bases[id].base));
		}
	});

	it.each(IDS)('%s: every row has only properties its entity set / row type declares', (id) => {
		expect(undeclared(world.bases[id].base)).toEqual([]);
	});

	it.each(IDS)('%s: every filled reference resolves', (id) => {
		expect(danglingRefs(world.bases[id].base)).toEqual([]);
	});

	it.each(IDS)('%s: reference data is there', (id) => {
		const base = world.bases[id].base;
		const roles = base.schema.config.roles;
		const users = [...base.table(roles.user).values()];
		expect(users.map((u) => u.Description)).toContain('Иванов Сергей Петрович');
		expect(base.table(roles.organisation).size).toBe(1);
		expect([...base.table(roles.bank).values()].every((b) => /^04\d{7}$/.test(String(b.Code ?? '')) || b.Code === undefined)).toBe(true);
		if (base.set(roles.vatRate)) expect([...base.table(roles.vatRate).values()].map((r) => r.Description)).toEqual(expect.arrayContaining(['Без НДС', '0%', '10%', '20%', '22%']));
		const products = [...base.table(roles.product).values()];
		expect(products.filter((p) => p.IsFolder === true).length).toBeGreaterThan(0);
		expect(products.filter((p) => p.IsFolder !== true)).toHaveLength(world.ds.products.length);
	});
});

/** Σ of a document's rows with VAT, per the columns its sections have. */
function rowsTotal(doc: Row): number {
	let total = 0;
	const included = doc.СуммаВключаетНДС !== false && doc.ЦенаВключаетНДС !== false;
	for (const s of ['Товары', 'Услуги', 'Запасы']) {
		for (const r of (doc[s] as Row[] | undefined) ?? []) total += 'Всего' in r ? num(r.Всего) : 'СуммаСНДС' in r ? num(r.СуммаСНДС) : num(r.Сумма) + (included ? 0 : num(r.СуммаНДС));
	}
	for (const r of (doc.ЭтапыГрафикаОплаты as Row[] | undefined) ?? []) total += num(r.СуммаПлатежа);
	for (const r of (doc.РасшифровкаПлатежа as Row[] | undefined) ?? []) total += num(r.Сумма ?? r.СуммаПлатежа);
	return round2(total);
}

function rate(base: Base, r: Row): number {
	if (typeof r.СтавкаНДС === 'string') return Number(/\d+/.exec(r.СтавкаНДС)?.[0] ?? 0);
	return num(base.get(base.schema.config.roles.vatRate, String(r.СтавкаНДС_Key))?.Ставка);
}

describe('documents', () => {
	it.each(IDS)('%s: totals add up to the kopeck, rows compute from quantity, price, discount, VAT', (id) => {
		const { base, report } = world.bases[id];
		const docs = [...report.orders, ...report.invoices, ...report.sales, ...report.payments];
		expect(docs.length).toBeGreaterThan(0);
		for (const d of docs) {
			const doc = base.get(d.set, d.ref)!;
			expect({ ref: d.ref, total: rowsTotal(doc) }).toEqual({ ref: d.ref, total: num(doc.СуммаДокумента) });
			const included = doc.СуммаВключаетНДС !== false && doc.ЦенаВключаетНДС !== false;
			for (const s of ['Товары', 'Услуги', 'Запасы']) {
				for (const r of (doc[s] as Row[] | undefined) ?? []) {
					const discount = num(r.СуммаСкидки ?? r.СуммаСкидкиНаценки ?? r.СуммаРучнойСкидки);
					if ('СуммаСкидки' in r || 'СуммаСкидкиНаценки' in r || 'СуммаРучнойСкидки' in r) expect(num(r.Сумма)).toBeCloseTo(round2(round2(num(r.Количество) * num(r.Цена)) - discount), 2);
					const k = rate(base, r);
					expect(num(r.СуммаНДС)).toBeCloseTo(round2(included ? (num(r.Сумма) * k) / (100 + k) : (num(r.Сумма) * k) / 100), 2);
				}
			}
		}
		// a sale and a payment carry their invoice's amount
		const invoiceTotal = new Map(report.invoices.map((i) => [i.ref, num(base.get(i.set, i.ref)!.СуммаДокумента)]));
		for (const d of [...report.sales, ...report.payments]) expect(num(base.get(d.set, d.ref)!.СуммаДокумента)).toBe(invoiceTotal.get(d.invoice!));
	});

	it.each(IDS)('%s: invoice numbers come from the dataset, sequences are past them', (id) => {
		const { base, report } = world.bases[id];
		const set = base.set(base.schema.config.roles.invoice)!;
		const byGuid = new Map(world.ds.invoices.map((i) => [i.guid, i]));
		for (const d of report.invoices) expect(String(base.get(d.set, d.ref)!.Number).slice(-6)).toBe(byGuid.get(d.ref)!.number.slice(-6));
		if (id === 'bp30') for (const d of report.invoices) expect(base.get(d.set, d.ref)!.Number).toBe(byGuid.get(d.ref)!.number);
		const max = Math.max(...report.invoices.map((d) => byGuid.get(d.ref)!.n));
		expect(Number(String(base.nextCode(set)).slice(-6))).toBeGreaterThan(max);
	});

	it.each(IDS)('%s: posted documents have movements, unposted ones none; marks and shares', (id) => {
		const { base, report } = world.bases[id];
		const docs = [...report.orders, ...report.invoices, ...report.sales, ...report.payments];
		for (const d of docs) {
			const doc = base.get(d.set, d.ref)!;
			const registers = (base.set(d.set)!.object as { registerRecords?: string[] }).registerRecords ?? [];
			if (doc.Posted === true && registers.length) expect({ ref: d.ref, moved: movementsOf(base, d.set, d.ref).length > 0 }).toEqual({ ref: d.ref, moved: true });
			if (doc.Posted !== true) expect(anyMovements(base, d.ref)).toBe(0);
			if (doc.DeletionMark === true) expect(doc.Posted).toBe(false);
		}
		expect([...report.sales, ...report.payments].every((d) => base.get(d.set, d.ref)!.Posted === true)).toBe(true);
		const share = (list: typeof docs) => list.filter((d) => base.get(d.set, d.ref)!.Posted === true).length / list.length;
		expect(share(report.invoices)).toBeGreaterThan(0.7);
		if (report.orders.length) expect(share(report.orders)).toBeGreaterThan(0.7);
		expect(report.deleted.size).toBe(Math.round(0.03 * docs.length));
		// every paid invoice has a payment and a sale; payments point at their invoice
		for (const inv of report.invoices.filter((i) => i.stage === 'P')) {
			expect(report.payments.some((p) => p.invoice === inv.ref)).toBe(true);
			expect(report.sales.some((s) => s.invoice === inv.ref)).toBe(true);
		}
		for (const p of report.payments) expect(JSON.stringify(base.get(p.set, p.ref)!.РасшифровкаПлатежа)).toContain(p.invoice!);
	});

	it('registers agree with the documents', () => {
		const byCp = (list: Array<{ cp: { ref: string }; lines: { total: number }; ref: string }>, posted: Set<string>) => {
			const m = new Map<string, number>();
			for (const d of list) if (posted.has(d.ref)) m.set(d.cp.ref, round2((m.get(d.cp.ref) ?? 0) + d.lines.total));
			return m;
		};
		const expectDebt = (base: Base, set: string, dim: string, cpOf: (r: Row) => string, report: Seeded['bases']['bp30']['report']) => {
			const sold = byCp(report.sales, report.posted);
			const paid = byCp(report.payments, report.posted);
			const want = new Map<string, number>();
			for (const cp of new Set([...sold.keys(), ...paid.keys()])) {
				const v = round2((sold.get(cp) ?? 0) - (paid.get(cp) ?? 0));
				if (v !== 0) want.set(cp, v);
			}
			const got = new Map<string, number>();
			for (const r of balance(base, set, 'Balance', dim)) got.set(cpOf(r), round2((got.get(cpOf(r)) ?? 0) + num(r.СуммаBalance)));
			for (const [k, v] of [...got]) if (v === 0) got.delete(k);
			expect(got).toEqual(want);
			expect(want.size).toBeGreaterThan(0);
		};
		const bp = world.bases.bp30;
		expectDebt(bp.base, 'AccumulationRegister_РасчетыСКонтрагентами', 'Контрагент', (r) => String(r.Контрагент_Key), bp.report);
		const unf = world.bases.unf;
		expectDebt(unf.base, 'AccumulationRegister_РасчетыСПокупателями', 'Контрагент', (r) => String(r.Контрагент_Key), unf.report);
		const ut = world.bases.ut11;
		expectDebt(ut.base, 'AccumulationRegister_РасчетыСКлиентами', 'АналитикаУчетаПоПартнерам', (r) => String(ut.base.get('Catalog_КлючиАналитикиУчетаПоПартнерам', String(r.АналитикаУчетаПоПартнерам_Key))!.Контрагент_Key), ut.report);

		// УНФ ОплатаСчетовИЗаказов: to pay = the posted invoice/order; paid = its posted payments
		const turn = new Map(balance(unf.base, 'AccumulationRegister_ОплатаСчетовИЗаказов', 'Turnovers', 'СчетНаОплату').map((r) => [String(r.СчетНаОплату), r]));
		for (const d of [...unf.report.invoices, ...unf.report.orders].filter((x) => unf.report.posted.has(x.ref))) expect(num(turn.get(d.ref)?.СуммаTurnover)).toBe(d.lines.total);
		for (const p of unf.report.payments) {
			const r = turn.get(p.invoice!)!;
			expect(round2(num(r.СуммаОплатыTurnover) + num(r.СуммаАвансаTurnover))).toBe(p.lines.total);
		}
		// УНФ ЗаказыПокупателей: ordered minus shipped stock quantity
		const orders = new Map(balance(unf.base, 'AccumulationRegister_ЗаказыПокупателей', 'Balance', 'ЗаказПокупателя').map((r) => [String(r.ЗаказПокупателя_Key), num(r.КоличествоBalance)]));
		for (const o of unf.report.orders.filter((x) => unf.report.posted.has(x.ref))) {
			const ordered = o.lines.lines.filter((l) => !l.product.isService).reduce((s, l) => s + l.quantity, 0);
			const shipped = unf.report.sales.filter((s) => s.order === o.ref).reduce((s, x) => s + x.lines.lines.filter((l) => !l.product.isService).reduce((t, l) => t + l.quantity, 0), 0);
			expect(orders.get(o.ref) ?? 0).toBeCloseTo(ordered - shipped, 3);
		}
	});

	it('posting checks required fields with the 1C message', () => {
		const base = world.bases.bp30.base;
		const set = base.set('Document_ПоступлениеНаРасчетныйСчет')!;
		const doc = base.create(set, { Организация_Key: [...base.table('Catalog_Организации').keys()][0], СуммаДокумента: 100 });
		expect(() => post(base, set, [{ value: String(doc.Ref_Key), kind: 'guid' }], 'Post')).toThrow(/Не заполнено поле "Контрагент"/);
		base.table(set.name).delete(String(doc.Ref_Key));
	});
});

describe('overlap with the Bitrix24 dataset', () => {
	it.each(IDS)('%s: shared, Bitrix24-only, 1C-only and duplicate counterparties follow the rules', (id) => {
		const base = world.bases[id].base;
		const cps = counterparties(base);
		const originals = world.ds.companies.filter((c) => c.duplicateOf === undefined);
		const dsInns = new Set(world.ds.companies.map((c) => c.inn));
		const byInn = new Map<string, Row[]>();
		for (const r of cps) byInn.set(String(r.ИНН), [...(byInn.get(String(r.ИНН)) ?? []), r]);
		const shared = [...byInn.keys()].filter((inn) => dsInns.has(inn));
		expect(shared).toHaveLength(originals.length - Math.round(SHARES.skip * originals.length));
		const onlyInC = [...byInn.keys()].filter((inn) => !dsInns.has(inn));
		expect(onlyInC).toHaveLength(Math.round(SHARES.oneCOnly * shared.length));
		for (const inn of onlyInC) expect(innChecksumValid(inn)).toBe(true);
		const doubled = [...byInn.values()].filter((list) => list.length > 1);
		expect(doubled).toHaveLength(Math.round(SHARES.duplicates * shared.length));
		for (const [a, b] of doubled) expect(a.Description).not.toBe(b.Description);
		expect([...byInn.values()].every((l) => l.length <= 2)).toBe(true);
		// shared counterparties keep the dataset GUID; Bitrix24 duplicates are never cards
		const refs = new Set(cps.map((r) => String(r.Ref_Key)));
		for (const c of originals) if (refs.has(c.guid)) expect(byInn.get(c.inn)!.some((r) => r.Ref_Key === c.guid)).toBe(true);
		for (const c of world.ds.companies.filter((x) => x.duplicateOf !== undefined)) expect(refs.has(c.guid)).toBe(false);
		// phones: 10 % of the shared companies with phones have them in another format, same digits
		const sharedCompanies = originals.filter((c) => refs.has(c.guid));
		const withPhones = sharedCompanies.filter((c) => c.phones.length > 0);
		let reformatted = 0;
		for (const c of withPhones) {
			const rows = ((base.get(base.schema.config.roles.counterparty, c.guid)!.КонтактнаяИнформация as Row[]) ?? []).filter((r) => r.Тип === 'Телефон');
			expect(rows.map((r) => phoneDigits(String(r.Представление)))).toEqual(c.phones.map(phoneDigits));
			if (rows.some((r, i) => r.Представление !== c.phones[i])) reformatted++;
		}
		expect(reformatted).toBe(Math.round(SHARES.phoneFormat * withPhones.length));
	});

	it('the same company has the same reference in every base; each base skips its own share', () => {
		const sets = IDS.map((id) => new Set(counterparties(world.bases[id].base).map((r) => String(r.Ref_Key))));
		const inAll = world.ds.companies.filter((c) => sets.every((s) => s.has(c.guid)));
		expect(inAll.length).toBeGreaterThan(0);
		expect(sets[0]).not.toEqual(sets[1]);
		expect(sets[1]).not.toEqual(sets[2]);
	});

	it.each(IDS)('%s: contact persons belong to seeded companies', (id) => {
		const base = world.bases[id].base;
		const contacts = [...base.table(base.schema.config.roles.contactPerson).values()];
		const companyOf = new Map(world.ds.contacts.map((c) => [c.guid, c.companyN]));
		expect(contacts.length).toBeGreaterThan(0);
		for (const c of contacts) expect(companyOf.get(String(c.Ref_Key))).not.toBeNull();
	});
});

describe('HTTP round trip', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await startOneCSandbox({ seed: 1, companies: COMPANIES });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('БП: GET an invoice, POST a payment, Post changes the settlements Balance, Unpost restores it', async () => {
		const c = OneCClient.of(sb, 'bp30');
		const base = sb.state.bases.get('bp30')!;
		const inv = [...base.table('Document_СчетНаОплатуПокупателю').values()].find((d) => d.Posted === true && ![...base.table('Document_ПоступлениеНаРасчетныйСчет').values(), ...base.table('Document_ПриходныйКассовыйОрдер').values()].some((p) => JSON.stringify(p.РасшифровкаПлатежа).includes(String(d.Ref_Key))))!;
		expect(inv).toBeDefined();
		const got = await c.json(`Document_СчетНаОплатуПокупателю(guid'${String(inv.Ref_Key)}')`);
		expect(got.status).toBe(200);
		expect(got.body.Number).toBe(inv.Number);
		expect(got.body.СуммаДокумента).toBe(inv.СуммаДокумента);
		expect((got.body.Товары as unknown[]).length + (got.body.Услуги as unknown[]).length).toBeGreaterThan(0);

		const cp = String(got.body.Контрагент_Key);
		const debt = async () => {
			const r = await c.json(`AccumulationRegister_РасчетыСКонтрагентами/Balance(Condition='Контрагент_Key eq guid'${cp}'')`);
			expect(r.status).toBe(200);
			return round2((r.body.value as Row[]).reduce((s, x) => s + num(x.СуммаBalance), 0));
		};
		const before = await debt();
		const amount = num(got.body.СуммаДокумента);
		const payment = await c.create('Document_ПоступлениеНаРасчетныйСчет', {
			Date: '2026-11-20T12:00:00',
			Организация_Key: got.body.Организация_Key,
			Контрагент_Key: cp,
			ДоговорКонтрагента_Key: got.body.ДоговорКонтрагента_Key,
			ВалютаДокумента_Key: got.body.ВалютаДокумента_Key,
			СуммаДокумента: amount,
			РасшифровкаПлатежа: [{ LineNumber: '1', ДоговорКонтрагента_Key: got.body.ДоговорКонтрагента_Key, СчетНаОплату: inv.Ref_Key, СчетНаОплату_Type: 'StandardODATA.Document_СчетНаОплатуПокупателю', Сумма: amount }],
		});
		const path = `Document_ПоступлениеНаРасчетныйСчет(guid'${String(payment.Ref_Key)}')`;
		expect((await c.send('POST', `${path}/Post`, { query: [['$format', 'json']] })).status).toBe(200);
		expect(await debt()).toBe(round2(before - amount));
		expect((await c.json(path)).body.Posted).toBe(true);
		expect((await c.send('POST', `${path}/Unpost`, { query: [['$format', 'json']] })).status).toBe(200);
		expect(await debt()).toBe(before);

		// a payment without a counterparty cannot be posted: 500, code -1, the 1C message
		const bad = await c.create('Document_ПоступлениеНаРасчетныйСчет', { Организация_Key: got.body.Организация_Key, СуммаДокумента: 1 });
		const r = await c.send('POST', `Document_ПоступлениеНаРасчетныйСчет(guid'${String(bad.Ref_Key)}')/Post`, { query: [['$format', 'json']] });
		expect(r.status).toBe(500);
		const err = JSON.parse(r.text) as { 'odata.error': { code: string; message: { value: string } } };
		expect(err['odata.error'].code).toBe('-1');
		expect(err['odata.error'].message.value).toContain('Не заполнено поле "Контрагент"');
	});

	it('УНФ: a posted payment shows in ОплатаСчетовИЗаказов and РасчетыСПокупателями', async () => {
		const c = OneCClient.of(sb, 'unf');
		const base = sb.state.bases.get('unf')!;
		const paid = new Set(base.registerRecords('AccumulationRegister_ОплатаСчетовИЗаказов').filter((r) => num(r.СуммаОплаты) + num(r.СуммаАванса) > 0).map((r) => String(r.СчетНаОплату)));
		const inv = [...base.table('Document_СчетНаОплату').values()].find((d) => d.Posted === true && !paid.has(String(d.Ref_Key)))!;
		const ref = String(inv.Ref_Key);
		const turnover = async () => {
			const r = await c.json(`AccumulationRegister_ОплатаСчетовИЗаказов/Turnovers(Condition='СчетНаОплату eq cast(guid'${ref}', 'Document_СчетНаОплату')')`);
			const row = (r.body.value as Row[])[0] ?? {};
			return { sum: num(row.СуммаTurnover), paid: round2(num(row.СуммаОплатыTurnover) + num(row.СуммаАвансаTurnover)) };
		};
		expect(await turnover()).toEqual({ sum: num(inv.СуммаДокумента), paid: 0 });
		const amount = num(inv.СуммаДокумента);
		const payment = await c.create('Document_ПоступлениеНаСчет', {
			Организация_Key: inv.Организация_Key,
			Контрагент_Key: inv.Контрагент_Key,
			СуммаДокумента: amount,
			РасшифровкаПлатежа: [{ LineNumber: '1', Договор_Key: inv.Договор_Key, СчетНаОплату: ref, СчетНаОплату_Type: 'StandardODATA.Document_СчетНаОплату', СуммаПлатежа: amount }],
		});
		expect((await c.send('POST', `Document_ПоступлениеНаСчет(guid'${String(payment.Ref_Key)}')/Post`, { query: [['$format', 'json']] })).status).toBe(200);
		expect(await turnover()).toEqual({ sum: amount, paid: amount });
		const debt = (await c.json(`AccumulationRegister_РасчетыСПокупателями/Balance(Condition='Документ eq cast(guid'${ref}', 'Document_СчетНаОплату')')`)).body.value as Row[];
		expect(round2(debt.reduce((s, x) => s + num(x.СуммаBalance), 0))).toBe(-amount);
	});
});

describe('big seeds', () => {
	it('a 10,000-company seed finishes (1C-only names fall back to longer forms instead of looping)', () => {
		const big = seedAll(1, 10_000);
		const names = [...big.bases.bp30.base.table('Catalog_Контрагенты').values()].map((r) => String(r.Description));
		expect(names.length).toBeGreaterThan(8_500);
	}, 120_000);
});

/**
 * Stock registers of the 1C sandbox (УНФ `AccumulationRegister_Запасы`, УТ 11
 * `AccumulationRegister_ТоварыНаСкладах`) over HTTP: `$metadata`, the seeded `Balance` against the
 * receipts and sales read as documents (not from the register), `Balance(Period)` before the
 * receipts, and a new sale posted through `POST …/Post` lowering the balance (Unpost restoring it).
 */
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { OneCClient } from '../helpers/onec-http';
import { parseEdmx } from '../helpers/onec-edmx';

type Row = Record<string, unknown>;

interface Case {
	id: 'unf' | 'ut11';
	register: string;
	receipt: string;
	sale: string;
	section: string;
	/** the warehouse dimension (`<name>_Key`) */
	warehouse: string;
	/** the quantity resource */
	quantity: string;
	dimensions: Array<[string, string]>;
	resources: Array<[string, string]>;
	header: Array<[string, string]>;
	rowFields: Array<[string, string]>;
	/** product ref of a document row */
	product: (r: Row) => string;
	/** warehouse of a sale row */
	saleWarehouse: (doc: Row, r: Row) => string;
	/** whether a sale row moves stock (from the row and the product catalog item) */
	isStock: (r: Row, product: Row | undefined) => boolean;
}

const EMPTY = '00000000-0000-0000-0000-000000000000';
const filled = (v: unknown): v is string => typeof v === 'string' && v !== '' && v !== EMPTY;
const num = (v: unknown) => Number(v ?? 0);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const CASES: Case[] = [
	{
		id: 'unf',
		register: 'AccumulationRegister_Запасы',
		receipt: 'Document_ПриходнаяНакладная',
		sale: 'Document_РасходнаяНакладная',
		section: 'Запасы',
		warehouse: 'СтруктурнаяЕдиница',
		quantity: 'Количество',
		dimensions: [
			['Организация_Key', 'Edm.Guid'],
			['СтруктурнаяЕдиница_Key', 'Edm.Guid'],
			['Номенклатура_Key', 'Edm.Guid'],
		],
		resources: [
			['Количество', 'Edm.Double'],
			['Сумма', 'Edm.Double'],
		],
		header: [
			['Организация_Key', 'Edm.Guid'],
			['Контрагент_Key', 'Edm.Guid'],
			['СтруктурнаяЕдиница_Key', 'Edm.Guid'],
			['СуммаДокумента', 'Edm.Double'],
		],
		rowFields: [
			['Номенклатура', 'Edm.String'],
			['Номенклатура_Type', 'Edm.String'],
			['Количество', 'Edm.Double'],
			['Цена', 'Edm.Double'],
			['Сумма', 'Edm.Double'],
		],
		product: (r) => String(r.Номенклатура),
		saleWarehouse: (doc) => String(doc.СтруктурнаяЕдиница_Key),
		isStock: (r, p) => filled(r.Номенклатура) && (r.ТипНоменклатурыЗапас === true || p?.ТипНоменклатуры === 'Запас'),
	},
	{
		id: 'ut11',
		register: 'AccumulationRegister_ТоварыНаСкладах',
		receipt: 'Document_ПриобретениеТоваровУслуг',
		sale: 'Document_РеализацияТоваровУслуг',
		section: 'Товары',
		warehouse: 'Склад',
		quantity: 'ВНаличии',
		dimensions: [
			['Номенклатура_Key', 'Edm.Guid'],
			['Склад_Key', 'Edm.Guid'],
		],
		resources: [
			['ВНаличии', 'Edm.Double'],
			['ВРезервеСоСклада', 'Edm.Double'],
		],
		header: [
			['Организация_Key', 'Edm.Guid'],
			['Контрагент_Key', 'Edm.Guid'],
			['Партнер_Key', 'Edm.Guid'],
			['Склад_Key', 'Edm.Guid'],
			['СуммаДокумента', 'Edm.Double'],
		],
		rowFields: [
			['Номенклатура_Key', 'Edm.Guid'],
			['Количество', 'Edm.Double'],
			['Цена', 'Edm.Double'],
			['Сумма', 'Edm.Double'],
		],
		product: (r) => String(r.Номенклатура_Key),
		saleWarehouse: (doc, r) => (filled(r.Склад_Key) ? r.Склад_Key : String(doc.Склад_Key)),
		isStock: (r, p) => filled(r.Номенклатура_Key) && r.Отменено !== true && !['Услуга', 'Работа'].includes(String(p?.ТипНоменклатуры ?? 'Товар')),
	},
];

let sb: OneCSandbox;

beforeAll(async () => {
	sb = await startOneCSandbox({ seed: 1, companies: 200 });
});
afterAll(async () => sb?.close());

describe.each(CASES)('$id stock register', (c) => {
	const client = () => OneCClient.of(sb, c.id);
	const list = async (path: string, query: Array<[string, string]> = []): Promise<Row[]> => {
		const r = await client().json(path, query);
		expect(r.status).toBe(200);
		return r.body.value as Row[];
	};
	const key = (product: string, warehouse: string) => `${product}|${warehouse}`;
	const balance = async (args = ''): Promise<Map<string, Row>> => {
		const rows = await list(`${c.register}/Balance${args}`);
		return new Map(rows.map((r) => [key(String(r.Номенклатура_Key), String(r[`${c.warehouse}_Key`])), r]));
	};

	it('$metadata lists the register (dimensions, resources, Balance) and the receipt document with its rows', async () => {
		const reply = await client().get('$metadata');
		expect(reply.status).toBe(200);
		const e = await parseEdmx(reply.text);
		const sets = e.sets.map((s) => s.name);
		expect(sets).toEqual(expect.arrayContaining([c.register, `${c.register}_RecordType`, c.receipt, `${c.receipt}_${c.section}`]));
		const props = (t: { props: Array<{ name: string; type: string }> } | undefined) => (t?.props ?? []).map((p) => [p.name, p.type]);
		const records = props(e.entityTypes.get(`${c.register}_RecordType`));
		expect(records).toEqual(expect.arrayContaining([['RecordType', 'Edm.String'], ['Period', 'Edm.DateTime'], ...c.dimensions, ...c.resources]));
		// dimensions first, then resources, in the declared order
		const names = records.map(([n]) => n);
		expect(names.filter((n) => [...c.dimensions, ...c.resources].some(([d]) => d === n))).toEqual([...c.dimensions, ...c.resources].map(([n]) => n));
		expect(props(e.complexTypes.get(`${c.register}_Balance`))).toEqual(expect.arrayContaining([...c.dimensions, ...c.resources.map(([n, t]) => [`${n}Balance`, t])]));
		expect(props(e.entityTypes.get(c.receipt))).toEqual(expect.arrayContaining([...c.header, [c.section, `Collection(StandardODATA.${c.receipt}_${c.section}_RowType)`]]));
		expect(props(e.complexTypes.get(`${c.receipt}_${c.section}_RowType`))).toEqual(expect.arrayContaining(c.rowFields));
		// the receipt can be posted
		expect(e.functions.filter((f) => f.params[0].type === `StandardODATA.${c.receipt}`).map((f) => f.attrs.Name)).toEqual(['Post', 'Unpost']);
	});

	it('Balance = Σ posted receipts − Σ posted sales per product and warehouse (from the documents), never negative', async () => {
		const products = new Map((await list('Catalog_Номенклатура')).map((p) => [String(p.Ref_Key), p]));
		const receipts = (await list(c.receipt)).filter((d) => d.Posted === true);
		const sales = (await list(c.sale)).filter((d) => d.Posted === true);
		expect(receipts.length).toBeGreaterThan(0);
		expect(sales.length).toBeGreaterThan(20);
		const want = new Map<string, number>();
		const add = (k: string, q: number) => want.set(k, r3((want.get(k) ?? 0) + q));
		for (const d of receipts) for (const r of d[c.section] as Row[]) if (c.isStock(r, products.get(c.product(r)))) add(key(c.product(r), filled(r.Склад_Key) ? r.Склад_Key : String(d[`${c.warehouse}_Key`])), num(r.Количество));
		let sold = 0;
		for (const d of sales) {
			const rows = (d[c.section] as Row[]).filter((r) => c.isStock(r, products.get(c.product(r))));
			for (const r of rows) {
				add(key(c.product(r), c.saleWarehouse(d, r)), -num(r.Количество));
				sold += num(r.Количество);
			}
		}
		expect(sold).toBeGreaterThan(0);
		for (const [k, v] of [...want]) if (v === 0) want.delete(k);

		const got = await balance();
		const quantities = new Map([...got].map(([k, r]): [string, number] => [k, r3(num(r[`${c.quantity}Balance`]))]).filter(([, v]) => v !== 0));
		expect(quantities).toEqual(want);
		expect([...quantities.values()].every((v) => v >= 0)).toBe(true);
		expect(new Set([...quantities].filter(([, v]) => v > 0).map(([k]) => k.split('|')[0])).size).toBeGreaterThanOrEqual(20);
		// a few products sold out exactly: they had receipts but are not in the balance
		const received = new Set(receipts.flatMap((d) => (d[c.section] as Row[]).map((r) => c.product(r))));
		expect([...received].filter((p) => ![...quantities.keys()].some((k) => k.startsWith(`${p}|`))).length).toBeGreaterThan(0);
		// services never have stock
		for (const k of quantities.keys()) expect(c.isStock(c.id === 'unf' ? { Номенклатура: k.split('|')[0] } : { Номенклатура_Key: k.split('|')[0] }, products.get(k.split('|')[0]))).toBe(true);
		if (c.id === 'unf') {
			// cost: positive where stock is left, never more than was received, 0 once sold out
			const received = receipts.reduce((s, d) => s + num(d.СуммаДокумента), 0);
			const left = [...got.values()].reduce((s, r) => s + num(r.СуммаBalance), 0);
			for (const r of got.values()) expect(num(r.СуммаBalance) > 0).toBe(num(r.КоличествоBalance) > 0);
			expect(left).toBeGreaterThan(0);
			expect(left).toBeLessThan(received);
		}
	});

	it('Balance(Period) before the receipts is empty; between them it holds only the earlier receipts', async () => {
		expect(await list(`${c.register}/Balance(Period=datetime'2024-12-31T23:59:59')`)).toEqual([]);
		const receipts = (await list(c.receipt)).filter((d) => d.Posted === true);
		const first = receipts.map((d) => String(d.Date)).sort()[0];
		expect(await list(`${c.register}/Balance(Period=datetime'${first}')`)).toEqual([]);
		const later = await list(`${c.register}/Balance(Period=datetime'${first.slice(0, 10)}T23:59:59')`);
		const earlyRows = receipts.filter((d) => String(d.Date) <= `${first.slice(0, 10)}T23:59:59`).flatMap((d) => d[c.section] as Row[]);
		expect(later.length).toBeGreaterThan(0);
		expect(r3(later.reduce((s, r) => s + num(r[`${c.quantity}Balance`]), 0))).toBe(r3(earlyRows.reduce((s, r) => s + num(r.Количество), 0)));
	});

	it('the balance is never negative at any seeded sale (receipts come first)', async () => {
		const dates = [...new Set((await list(c.sale)).filter((d) => d.Posted === true).map((d) => String(d.Date)))].sort();
		expect(dates.length).toBeGreaterThan(20);
		for (const at of dates) {
			const rows = await list(`${c.register}/Balance(Period=datetime'${at}')`);
			expect({ at, negative: rows.filter((r) => num(r[`${c.quantity}Balance`]) < 0).length, empty: rows.length === 0 }).toEqual({ at, negative: 0, empty: false });
		}
	});

	it('a new sale posted with POST …/Post lowers the balance; Unpost restores it', async () => {
		const before = await balance();
		const [k, row] = [...before].find(([, r]) => num(r[`${c.quantity}Balance`]) >= 3)!;
		const [product, warehouse] = k.split('|');
		const template = (await list(c.sale)).find((d) => d.Posted === true)!;
		const line =
			c.id === 'unf'
				? { LineNumber: '1', Номенклатура: product, Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', ТипНоменклатурыЗапас: true, Количество: 2, Цена: 100, Сумма: 200, Всего: 200 }
				: { LineNumber: '1', Номенклатура_Key: product, Количество: 2, Цена: 100, Сумма: 200, СуммаСНДС: 200, Склад_Key: warehouse };
		const body: Row =
			c.id === 'unf'
				? { Date: '2026-11-20T12:00:00', Организация_Key: template.Организация_Key, Контрагент_Key: template.Контрагент_Key, Договор_Key: template.Договор_Key, СтруктурнаяЕдиница_Key: warehouse, СуммаДокумента: 200 }
				: { Date: '2026-11-20T12:00:00', Организация_Key: template.Организация_Key, Контрагент_Key: template.Контрагент_Key, Партнер_Key: template.Партнер_Key, Склад_Key: warehouse, СуммаДокумента: 200 };
		const doc = await client().create(c.sale, { ...body, [c.section]: [line] });
		const path = `${c.sale}(guid'${String(doc.Ref_Key)}')`;
		expect((await client().send('POST', `${path}/Post`, { query: [['$format', 'json']] })).status).toBe(200);
		const after = (await balance()).get(k)!;
		expect(r3(num(after[`${c.quantity}Balance`]))).toBe(r3(num(row[`${c.quantity}Balance`]) - 2));
		if (c.id === 'unf') {
			// cost at the moving average of what is left
			expect(num(after.СуммаBalance)).toBeCloseTo(num(row.СуммаBalance) - (num(row.СуммаBalance) * 2) / num(row.КоличествоBalance), 2);
		}
		// other products and warehouses do not move
		const others = (m: Map<string, Row>) => [...m].filter(([x]) => x !== k);
		expect(others(await balance())).toEqual(others(before));
		expect((await client().send('POST', `${path}/Unpost`, { query: [['$format', 'json']] })).status).toBe(200);
		expect((await balance()).get(k)).toEqual(row);
	});
});

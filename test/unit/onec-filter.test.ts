/**
 * The 1C OData expression language (`$filter`, `$orderby`, virtual-table `Condition`) of the
 * sandbox emulator: a corpus drawn from DOC §17.4.5.2 / §17.4.6.3 and research §1.4, §2.4, §3.6,
 * §9, run against a small hand-built schema and dataset.
 */
import { ODataError } from '../../sandbox/onec/errors';
import type { EntitySetDef, NavigationDef, PropertyDef, PropertyRole } from '../../sandbox/onec/model/schema-types';
import type { Attribute, ObjectDef, TabularSection } from '../../sandbox/onec/model/types';
import { compileExpression, compileFilter, compileOrderBy, parseExpression, type Resolver, type Row } from '../../sandbox/onec/query';

// ---- schema ---------------------------------------------------------------------------------

const std: PropertyRole = { kind: 'standard' };
const p = (name: string, type = 'Edm.String', role: PropertyRole = std): PropertyDef => ({ name, type, nullable: true, role });
const attr = (name: string, type: Attribute['type'] = { kind: 'string', length: 0 }): Attribute => ({ name, type });
const refKey = (name: string, target: string): PropertyDef =>
	p(`${name}_Key`, 'Edm.Guid', { kind: 'refKey', attribute: attr(name, { kind: 'ref', target }), target });
const nav = (owner: string, name: string, target: string): NavigationDef => ({ name, target, keyProperty: `${name}_Key`, association: `${owner}_${name}` });
const catalog = (name: string): ObjectDef => ({ kind: 'Catalog', name, attributes: [], codeLength: 9, descriptionLength: 100 });
const document = (name: string): ObjectDef => ({ kind: 'Document', name, attributes: [], numberLength: 11 });

function set(name: string, object: ObjectDef, properties: PropertyDef[], navigations: NavigationDef[] = [], extra: Partial<EntitySetDef> = {}): EntitySetDef {
	return { name, kind: 'object', object, keys: ['Ref_Key'], properties, navigations, openType: false, ...extra };
}

const C = 'Catalog_Контрагенты';
const N = 'Catalog_Номенклатура';
const Z = 'Document_ЗаказПокупателя';
const D = 'Document_СчетНаОплатуПокупателю';
const DT = `${D}_Товары`;

const товары: TabularSection = {
	name: 'Товары',
	attributes: [attr('Номенклатура', { kind: 'ref', target: N }), attr('Количество', { kind: 'number', digits: 15, scale: 3 }), attr('Цена', { kind: 'number', digits: 15, scale: 2 })],
};
const основание = attr('ДокументОснование', { kind: 'composite', types: [Z, 'String'] });

const sets: EntitySetDef[] = [
	set(
		C,
		catalog('Контрагенты'),
		[p('Ref_Key', 'Edm.Guid'), p('DataVersion'), p('Description'), p('Parent_Key', 'Edm.Guid'), p('IsFolder', 'Edm.Boolean'), p('DeletionMark', 'Edm.Boolean'), p('ИНН'), p('КПП'), p('ЮридическоеФизическоеЛицо')],
		[nav(C, 'Parent', C)],
	),
	set(N, catalog('Номенклатура'), [p('Ref_Key', 'Edm.Guid'), p('Description'), p('Штрихкод'), p('Цена', 'Edm.Double')]),
	set(Z, document('ЗаказПокупателя'), [p('Ref_Key', 'Edm.Guid'), p('Number'), p('Date', 'Edm.DateTime'), refKey('Контрагент', C)], [nav(Z, 'Контрагент', C)]),
	set(
		D,
		document('СчетНаОплатуПокупателю'),
		[
			p('Ref_Key', 'Edm.Guid'),
			p('DataVersion'),
			p('Number'),
			p('Date', 'Edm.DateTime'),
			p('Posted', 'Edm.Boolean'),
			p('DeletionMark', 'Edm.Boolean'),
			refKey('Контрагент', C),
			p('СуммаДокумента', 'Edm.Double'),
			p('ДокументОснование', 'Edm.String', { kind: 'compositeValue', attribute: основание }),
			p('Товары', `Collection(StandardODATA.${DT}_RowType)`, { kind: 'tabular', section: товары, rowType: `${DT}_RowType` }),
			p('ДокументОснование_Type', 'Edm.String', { kind: 'compositeType', attribute: основание }),
		],
		[nav(D, 'Контрагент', C)],
	),
	set(
		DT,
		document('СчетНаОплатуПокупателю'),
		[p('Ref_Key', 'Edm.Guid'), p('LineNumber', 'Edm.Int64'), refKey('Номенклатура', N), p('Количество', 'Edm.Double'), p('Цена', 'Edm.Double')],
		[nav(DT, 'Номенклатура', N)],
		{ kind: 'tabular', owner: { entitySet: D, section: товары }, keys: ['Ref_Key', 'LineNumber'] },
	),
];

// ---- data -----------------------------------------------------------------------------------

const EMPTY = '00000000-0000-0000-0000-000000000000';
const G = (n: number) => `a348aa8c-d629-11e5-0a9b-000c295e30${String(n).padStart(2, '0')}`;
const IDS: Record<string, string> = { G1: G(1), K1: G(2), K2: G(3), K3: G(4), K4: G(5), N1: G(11), N2: G(12), N3: G(13), N4: G(14), Z1: G(21), Z2: G(22), D1: G(31), D2: G(32), D3: G(33), D4: G(34) };
const LABEL = new Map(Object.entries(IDS).map(([k, v]) => [v, k]));

const kontr = (id: string, Description: string, ИНН: string, КПП: string, ЮрФиз: string, parent: string, DeletionMark = false, IsFolder = false): Row => ({
	Ref_Key: IDS[id], DataVersion: 'AAAAAQAAAAA=', Description, Parent_Key: parent ? IDS[parent] : EMPTY, IsFolder, DeletionMark, ИНН, КПП, ЮридическоеФизическоеЛицо: ЮрФиз,
});
const item = (id: string, Description: string, Штрихкод: string, Цена: number): Row => ({ Ref_Key: IDS[id], Description, Штрихкод, Цена });
const line = (doc: string, n: number, nom: string, Количество: number, Цена: number): Row => ({ Ref_Key: IDS[doc], LineNumber: n, Номенклатура_Key: IDS[nom], Количество, Цена });
const invoice = (id: string, Number: string, Date: string, Posted: boolean, k: string, Сумма: number, base: [unknown, string], rows: Row[]): Row => ({
	Ref_Key: IDS[id], DataVersion: 'AAAAAQAAAAA=', Number, Date, Posted, DeletionMark: false, Контрагент_Key: k ? IDS[k] : EMPTY, СуммаДокумента: Сумма,
	ДокументОснование: base[0], Товары: rows, ДокументОснование_Type: base[1],
});

const data: Record<string, Row[]> = {
	[C]: [
		kontr('G1', 'Покупатели', '', '', '', '', false, true),
		kontr('K1', 'ООО Ромашка', '7707083893', '770701001', 'ЮридическоеЛицо', 'G1'),
		kontr('K2', 'Ромашка-Трейд', '7710140679', '771001001', 'ЮридическоеЛицо', 'G1', true),
		kontr('K3', "О'Нил", '500100732259', '', 'ФизическоеЛицо', ''),
		kontr('K4', 'ИП Ёлкин', '771234567890', '', 'ФизическоеЛицо', 'G1'),
	],
	[N]: [item('N1', 'Ноутбук', '4627120000011', 12000), item('N2', 'Мышь', '4627120000028', 300), item('N3', 'Кабель', '46271200000', 50), item('N4', 'Чай', '2900001234567', 5000)],
	[Z]: [
		{ Ref_Key: IDS.Z1, Number: 'З-001', Date: '2026-01-10T09:00:00', Контрагент_Key: IDS.K1 },
		{ Ref_Key: IDS.Z2, Number: 'З-002', Date: '2025-12-20T09:00:00', Контрагент_Key: IDS.K2 },
	],
	[D]: [
		invoice('D1', '0000-000001', '2026-01-15T10:00:00', true, 'K1', 25000, [IDS.Z1, `StandardODATA.${Z}`], [line('D1', 1, 'N1', 1, 12000), line('D1', 2, 'N2', 1, 13000)]),
		invoice('D2', '0000-000002', '2026-01-31T23:59:59', false, 'K2', 900, ['', 'StandardODATA.Undefined'], [line('D2', 1, 'N2', 3, 300)]),
		invoice('D3', '0000-000003', '2026-02-01T00:00:00', true, 'K1', 5000, ['по телефону', 'Edm.String'], [line('D3', 1, 'N4', 1, 5000)]),
		invoice('D4', '0000-000004', '2025-12-31T12:00:00', true, '', 100000, [IDS.Z2, `StandardODATA.${Z}`], []),
	],
};

const resolver: Resolver = {
	entitySet: (name) => sets.find((s) => s.name === name),
	get: (name, ref) => data[name]?.find((r) => r.Ref_Key === ref),
};
const setDef = (name: string) => resolver.entitySet(name)!;

function select(setName: string, filter: string): string[] {
	const match = compileFilter(filter, setDef(setName), resolver);
	return data[setName].filter(match).map((r) => LABEL.get(r.Ref_Key as string)!);
}

function order(setName: string, orderby: string): string[] {
	return [...data[setName]].sort(compileOrderBy(orderby, setDef(setName), resolver)).map((r) => LABEL.get(r.Ref_Key as string)!);
}

function failure(run: () => unknown): { status: number; code: string } | 'no error' {
	try {
		run();
		return 'no error';
	} catch (e) {
		if (e instanceof ODataError) return { status: e.status, code: e.code };
		throw e;
	}
}

const err = (status: number, code: string) => ({ status, code });
type Expected = string[] | { status: number; code: string };

// ---- corpus ---------------------------------------------------------------------------------

const ALL_C = ['G1', 'K1', 'K2', 'K3', 'K4'];
const ALL_D = ['D1', 'D2', 'D3', 'D4'];

const corpus: Array<[string, string, Expected]> = [
	// strings: eq (case-insensitive), like / ПОДОБНО, substringof, startswith, endswith, substring, concat
	[C, "ИНН eq '7707083893'", ['K1']],
	[C, "ИНН eq '7707083893' or ИНН eq '500100732259'", ['K1', 'K3']],
	[C, "like(Description,'Ром%')", ['K2']],
	[C, "like(Description,'%ром%')", ['K1', 'K2']],
	[C, "like(Description,'[ОР]%')", ['K1', 'K2', 'K3']],
	[C, "like(Description,'[^ОР]%')", ['G1', 'K4']],
	[N, "like(Штрихкод,'4627120______')", ['N1', 'N2']],
	[C, "substringof('Ром',Description)", ['K1', 'K2']],
	[C, "substringof('ром', Description) eq true", ['K1', 'K2']],
	[C, "startswith(Description,'ООО')", ['K1']],
	[C, "endswith(Description,'трейд') eq true", ['K2']],
	[C, "Description eq 'О''Нил'", ['K3']],
	[C, "Description eq 'ооо ромашка'", ['K1']],
	[C, "Description eq 'ИП Елкин'", []],
	[C, "substring(ИНН,1,2) eq '77'", ['K1', 'K2', 'K4']],
	[C, "substring(ИНН,0,4) eq '7707'", ['K1']],
	[C, "substring(ИНН,5) eq '083893'", ['K1']],
	[C, "concat(Description,ИНН) eq 'ООО Ромашка7707083893'", ['K1']],
	[C, "concat(concat(Description, ', '), КПП) eq 'ООО Ромашка, 770701001'", ['K1']],
	[C, "Description add ИНН eq 'ООО Ромашка7707083893'", ['K1']],
	// booleans, enums, GUIDs, navigation through Parent (empty reference → empty object)
	[C, 'DeletionMark eq false', ['G1', 'K1', 'K3', 'K4']],
	[C, 'not DeletionMark', ['G1', 'K1', 'K3', 'K4']],
	[C, "IsFolder or ИНН eq '500100732259'", ['G1', 'K3']],
	[C, "ЮридическоеФизическоеЛицо eq 'ФизическоеЛицо'", ['K3', 'K4']],
	[C, `Ref_Key eq guid'${IDS.K1.toUpperCase()}'`, ['K1']],
	[C, `Parent_Key eq guid'${IDS.G1}'`, ['K1', 'K2', 'K4']],
	[C, "Parent/Description eq 'Покупатели'", ['K1', 'K2', 'K4']],
	[C, "Parent/Description eq ''", ['G1', 'K3']],
	[C, "Parent/Parent/Description eq ''", ALL_C],
	[C, 'Description eq 5', []],
	// errors on catalogs
	[C, "Ref_Key eq guid'zz'", err(400, '14')],
	[C, "ИНН in ('7707083893','7710140679')", err(400, '14')],
	[C, "contains(Description,'Ром')", err(400, '14')],
	[C, "tolower(Description) eq 'ооо ромашка'", err(400, '21')],
	[C, 'length(Description) gt 3', err(400, '21')],
	[C, "indexof(Description,'О') eq 0", err(400, '21')],
	[C, 'ceiling(1.5) eq 2', err(400, '21')],
	[C, 'НетТакогоПоля eq 1', err(400, '6')],
	[C, "description eq 'ООО Ромашка'", err(400, '6')],
	[C, 'Parent/НетТакогоПоля eq 1', err(400, '6')],
	[C, "(ИНН eq '1'", err(400, '14')],
	[C, "ИНН eq '1')", err(400, '14')],
	[C, "ИНН eq '7707083893' and", err(400, '14')],
	[C, "ИНН+eq+'7707083893'", err(400, '14')],
	[C, 'year(Description) eq 2026', err(500, '-1')],
	[C, 'Description gt 5', err(500, '-1')],
	// dates
	[D, "Date ge datetime'2026-01-01T00:00:00' and Date lt datetime'2026-02-01T00:00:00'", ['D1', 'D2']],
	[D, "Date ge datetime'2026-01-15T10:00'", ['D1', 'D2', 'D3']],
	[D, "Date gt datetime'0001-01-01T00:00:00'", ALL_D],
	[D, "Date gt datetime'1-01-01T00:00:00'", err(400, '14')],
	[D, "Date eq datetime'2026-02-30T00:00:00'", err(400, '14')],
	[D, 'year(Date) eq 2026', ['D1', 'D2', 'D3']],
	[D, 'month(Date) eq 1 and day(Date) eq 31', ['D2']],
	[D, 'hour(Date) eq 23 and minute(Date) eq 59 and second(Date) eq 59', ['D2']],
	[D, 'quarter(Date) eq 4', ['D4']],
	[D, 'dayofweek(Date) eq 7', ['D3']],
	[D, 'dayofyear(Date) eq 32', ['D3']],
	[D, "dateadd(Date,'month',1) gt datetime'2026-02-28T00:00:00'", ['D2', 'D3']],
	[D, "dateadd(Date,'day',1) eq datetime'2026-02-01T23:59:59'", ['D2']],
	[D, "datedifference(Date, datetime'2026-02-01T00:00:00', 'day') eq 1", ['D2']],
	[D, "dateadd(Date,'fortnight',1) gt Date", err(400, '21')],
	[D, 'year(Date, 1) eq 2026', err(400, '21')],
	[D, 'Date add 1 gt Date', err(500, '-1')],
	// references and navigation
	[D, "Контрагент/ИНН eq '7707083893'", ['D1', 'D3']],
	[D, `Контрагент_Key eq guid'${IDS.K1}'`, ['D1', 'D3']],
	[D, `Контрагент_Key eq guid'${EMPTY}'`, ['D4']],
	[D, "Контрагент/ИНН eq ''", ['D4']],
	[D, "Контрагент/Parent/Description eq 'Покупатели'", ['D1', 'D2', 'D3']],
	// composite fields: cast / isof / bare GUID
	[D, `ДокументОснование eq cast(guid'${IDS.Z1}','Document_ЗаказПокупателя')`, ['D1']],
	[D, `ДокументОснование eq guid'${IDS.Z1}'`, []],
	[D, `ДокументОснование ne guid'${IDS.Z1}'`, ALL_D],
	[D, "isof(ДокументОснование,'Document_ЗаказПокупателя')", ['D1', 'D4']],
	[D, "isof(ДокументОснование,'String')", ['D3']],
	[D, "cast(ДокументОснование,'String') eq 'по телефону'", ['D3']],
	[D, "ДокументОснование_Type eq 'StandardODATA.Undefined'", ['D2']],
	[D, "cast(ДокументОснование,'Document_ЗаказПокупателя')/Number eq 'З-002'", ['D4']],
	[D, "cast(ДокументОснование,'Document_ЗаказПокупателя')/Контрагент/ИНН eq '7707083893'", ['D1']],
	[D, "ДокументОснование/Number eq 'З-001'", err(400, '6')],
	[D, "isof(СуммаДокумента,'Number')", ALL_D],
	// lambdas on tabular sections
	[D, 'Товары/any(d: d/Цена gt 10000)', ['D1']],
	[D, 'Товары/all(d: d/Цена lt 10000)', ['D2', 'D3', 'D4']],
	[D, 'Товары/any()', ['D1', 'D2', 'D3']],
	[D, "Товары/any(d: d/Номенклатура/Штрихкод eq '2900001234567')", ['D3']],
	[D, 'Товары/any(d: d/Цена mul d/Количество ge 900 and Posted)', ['D1', 'D3']],
	[D, 'Товары/count() gt 1', err(400, '21')],
	[D, 'Товары/any(d: d/Цена gt 10000', err(400, '14')],
	// logic, arithmetic, precedence
	[D, 'not Posted', ['D2']],
	[D, 'Posted eq null', ['D2']],
	[D, 'Posted eq true and not (СуммаДокумента lt 1000)', ['D1', 'D3', 'D4']],
	[D, 'СуммаДокумента add 100 gt 1000', ['D1', 'D3', 'D4']],
	[D, 'СуммаДокумента sub 100 mul 2 eq 700', ['D2']],
	[D, '-СуммаДокумента lt -10000', ['D1', 'D4']],
	[D, 'round(СуммаДокумента div 7) eq 129', ['D2']],
	[D, '(Posted or СуммаДокумента gt 500) and year(Date) eq 2025', ['D4']],
	[D, 'Posted or СуммаДокумента gt 500 and year(Date) eq 2025', ['D1', 'D3', 'D4']],
	[D, "Number eq '0000-000002'", ['D2']],
	[D, "X'0A0b' eq binary'0a0B'", ALL_D],
	[D, "Date eq X'0G'", err(400, '14')],
	[D, 'СуммаДокумента div 0 gt 1', err(500, '-1')],
	[D, 'СуммаДокумента mod 2 eq 0', err(400, '14')],
	[D, 'Posted Eq true', err(400, '14')],
];

describe('1C OData $filter corpus', () => {
	it('has at least 45 expressions', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(45);
	});

	it.each(corpus)('%s ?$filter=%s', (setName, filter, expected) => {
		if (Array.isArray(expected)) expect(select(setName, filter)).toEqual(expected);
		else expect(failure(() => select(setName, filter))).toEqual(expected);
	});
});

describe('1C OData $orderby', () => {
	it.each<[string, string, Expected]>([
		[D, 'Date desc, Number asc', ['D3', 'D2', 'D1', 'D4']],
		[D, 'Контрагент/ИНН asc', ['D4', 'D1', 'D3', 'D2']],
		[D, 'Контрагент/ИНН desc, Number desc', ['D2', 'D3', 'D1', 'D4']],
		[D, 'year(Date) asc, СуммаДокумента desc', ['D4', 'D1', 'D3', 'D2']],
		[D, 'ДокументОснование', ['D2', 'D3', 'D1', 'D4']],
		[C, 'Description', ['K4', 'K3', 'K1', 'G1', 'K2']],
		[D, 'Date sideways', err(400, '14')],
		[D, 'Date desc,', err(400, '14')],
		[D, 'НетТакогоПоля asc', err(400, '6')],
		[D, 'Товары asc', err(500, '-1')],
	])('%s ?$orderby=%s', (setName, orderby, expected) => {
		if (Array.isArray(expected)) expect(order(setName, orderby)).toEqual(expected);
		else expect(failure(() => order(setName, orderby))).toEqual(expected);
	});

	it('names the option in parse errors', () => {
		try {
			order(D, 'Date sideways');
		} catch (e) {
			expect((e as ODataError).message).toBe('Ошибка при разборе опции запроса $orderby');
		}
		expect.assertions(1);
	});
});

describe('expressions and parsing', () => {
	it('evaluates value expressions', () => {
		const e = compileExpression('concat(Description, ИНН)', setDef(C), resolver);
		expect(e.type).toBe('String');
		expect(e.evaluate(data[C][1])).toBe('ООО Ромашка7707083893');
		const nav = compileExpression('Контрагент', setDef(D), resolver);
		expect(nav.type).toBe(C);
		expect(nav.evaluate(data[D][0])).toBe(IDS.K1);
	});

	it('uses the option name for virtual-table Condition errors', () => {
		const f = () => compileFilter("Контрагент_Key eq guid'x'", setDef(D), resolver, 'Condition');
		expect(f).toThrow('Ошибка при разборе опции запроса Condition');
	});

	it('parses the nested cast example of the DOC', () => {
		const ast = parseExpression("cast(cast(ОснованиеОтгрузки, 'Document_Накладная')/МестоОтгрузки, 'Catalog_Склад')/Название eq 'Основной в Москве'");
		expect(ast).toMatchObject({
			type: 'binary',
			op: 'eq',
			left: {
				type: 'member',
				name: 'Название',
				base: { type: 'call', name: 'cast', args: [{ type: 'member', name: 'МестоОтгрузки', base: { type: 'call', name: 'cast' } }, { type: 'literal' }] },
			},
		});
	});

	it('gives mul/div and add/sub equal precedence, left to right', () => {
		const e = compileExpression('10 sub 5 add 2 mul 3 div 6', setDef(D), resolver);
		expect(e.evaluate(data[D][0])).toBe(6);
	});
});

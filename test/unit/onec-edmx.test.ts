/**
 * `$metadata` of the 1C emulator against real captures: the УТ 11 `$metadata` excerpt (UTX), the
 * 2016 ERP-demo `metadata.xml` + Atom feeds (DR), the БП 3.0 JSON captures (BPC).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import { CONFIGURATIONS } from '../../sandbox/onec/config';
import { writeEdmx } from '../../sandbox/onec/edmx';
import { buildSchema } from '../../sandbox/onec/model/schema';
import type { Configuration } from '../../sandbox/onec/model/types';
import { expectCompatible, expectSameNavigations, NOT_DECLARED, parseEdmx, strip, type Edmx } from '../helpers/onec-edmx';

const FIX = '/work/shared/fixtures/1c';
const fixture = (p: string) => readFileSync(join(FIX, p), 'utf8');

const ids = Object.keys(CONFIGURATIONS) as Array<keyof typeof CONFIGURATIONS>;
const edmx: Record<string, Edmx> = {};
let utx: Edmx;
let dr: Edmx;

beforeAll(async () => {
	for (const id of ids) edmx[id] = await parseEdmx(writeEdmx(buildSchema(CONFIGURATIONS[id])));
	utx = await parseEdmx(fixture('ut11-metadata-excerpt/ut11-real.excerpt.edmx'));
	dr = await parseEdmx(fixture('datareducer-erp2-demo-atom/metadata.xml'));
});

describe.each(ids)('$metadata of %s', (id) => {
	it('has the root, namespace and container of the real document', () => {
		const e = edmx[id];
		expect(e.root).toEqual(utx.root);
		expect(e.ds).toEqual(utx.ds);
		expect(e.schema).toEqual(utx.schema);
		expect(e.container).toEqual(utx.container);
	});

	it('resolves every type reference (TypeDescription/PointInTime excepted, like the real ones)', () => {
		const e = edmx[id];
		const known = (t: string) => t.startsWith('Edm.') || NOT_DECLARED.has(t) || e.entityTypes.has(t.slice(14)) || e.complexTypes.has(t.slice(14));
		const bad: string[] = [];
		for (const [n, t] of [...e.entityTypes, ...e.complexTypes]) for (const p of t.props) if (!known(strip(p.type))) bad.push(`${n}.${p.name}: ${p.type}`);
		for (const f of e.functions) {
			if (f.attrs.ReturnType && !known(strip(f.attrs.ReturnType))) bad.push(`${f.attrs.Name} → ${f.attrs.ReturnType}`);
			const bp = f.params[0];
			if (bp?.name !== 'bindingParameter' || !e.entityTypes.has(bp.type.slice(14))) bad.push(`${f.attrs.Name} binding ${bp?.type}`);
			expect(f.attrs.IsBindable).toBe('true');
		}
		expect(bad).toEqual([]);
	});

	it('declares an Association for every NavigationProperty, and nothing else', () => {
		const e = edmx[id];
		let navs = 0;
		for (const [n, t] of e.entityTypes) {
			for (const nav of t.navs) {
				navs++;
				const a = e.associations.get(nav.rel.replace('StandardODATA.', ''));
				expect(a && { begin: a.begin, name: nav.rel }).toEqual({ begin: { Role: 'Begin', Type: `StandardODATA.${n}`, Multiplicity: '*' }, name: `StandardODATA.${n}_${nav.name}` });
				expect(e.entityTypes.has(a!.end.Type.slice(14)) && a!.end.Multiplicity === '0..1' && a!.end.Role === 'End').toBe(true);
			}
		}
		expect(e.associations.size).toBe(navs);
	});

	it('has one EntitySet per EntityType, named like it', () => {
		const e = edmx[id];
		expect(e.sets.map((s) => s.type)).toEqual(e.sets.map((s) => `StandardODATA.${s.name}`));
		expect(e.sets.map((s) => s.name).sort()).toEqual([...e.entityTypes.keys()].sort());
	});

	it('OpenType exactly on types with a _Type property; tabular sets keyed Ref_Key + LineNumber', () => {
		const e = edmx[id];
		for (const [n, t] of e.entityTypes) expect({ n, open: t.open }).toEqual({ n, open: t.props.some((p) => p.name.endsWith('_Type')) });
		const schema = buildSchema(CONFIGURATIONS[id]);
		for (const s of schema.entitySets.values()) if (s.kind === 'tabular') expect(e.entityTypes.get(s.name)!.keys).toEqual(['Ref_Key', 'LineNumber']);
	});

	it('publishes the enums with their members', () => {
		const config: Configuration = CONFIGURATIONS[id];
		for (const en of config.enums) expect(edmx[id].enums.get(en.name)).toEqual(en.unpublished ? undefined : en.values);
	});

	it('has an entity set (or enum) for every role', () => {
		const schema = buildSchema(CONFIGURATIONS[id]);
		const required = ['organisation', 'counterparty', 'contactPerson', 'bankAccount', 'bank', 'contract', 'product', 'unit', 'vatRate', 'warehouse', 'user', 'invoice', 'sale', 'paymentBank', 'paymentCash', 'paymentsRegister', 'additionalAttributes', ...(id === 'bp30' ? [] : ['order'])];
		const roles = CONFIGURATIONS[id].roles;
		expect(required.filter((r) => !roles[r])).toEqual([]);
		for (const [role, name] of Object.entries(roles)) expect({ role, ok: schema.entitySets.has(name) || (role === 'vatRate' && schema.enums.has(name)) }).toEqual({ role, ok: true });
		if (id === 'bp30') expect(roles.order).toBeUndefined();
	});

	it('binds Post/Unpost (PostingModeOperational) to every document that moves registers', () => {
		const schema = buildSchema(CONFIGURATIONS[id]);
		for (const o of CONFIGURATIONS[id].objects) {
			if (o.kind !== 'Document' || !o.registerRecords?.length) continue;
			for (const r of o.registerRecords) expect({ doc: o.name, r, ok: schema.entitySets.has(r) }).toEqual({ doc: o.name, r, ok: true });
			const fns = edmx[id].functions.filter((f) => f.params[0].type === `StandardODATA.Document_${o.name}`);
			expect(fns.map((f) => [f.attrs.Name, f.attrs.IsSideEffecting, f.attrs.ReturnType, f.params[1]])).toEqual([
				['Post', 'true', undefined, { name: 'PostingModeOperational', type: 'Edm.Boolean' }],
				['Unpost', 'true', undefined, { name: 'PostingModeOperational', type: 'Edm.Boolean' }],
			]);
		}
	});
});

describe('УТ 11 against the real $metadata excerpt', () => {
	const FAITHFUL = ['Catalog_Контрагенты', 'Catalog_Контрагенты_КонтактнаяИнформация', 'Document_РеализацияТоваровУслуг', 'Document_РеализацияТоваровУслуг_Товары'];

	it('models the key objects of the excerpt', () => {
		for (const n of [...FAITHFUL, 'Catalog_БанковскиеСчетаКонтрагентов', 'Catalog_Валюты', 'InformationRegister_КурсыВалют', 'AccumulationRegister_РасчетыСКлиентамиПланОплат_RecordType', 'DocumentJournal_СогласияНаОбработкуПерсональныхДанных']) {
			expect({ n, ok: edmx.ut11.entityTypes.has(n) }).toEqual({ n, ok: true });
		}
	});

	it('every same-named EntityType/ComplexType: names ⊆ excerpt, same order, Edm type, Nullable, keys, OpenType, navigations', () => {
		let checked = 0;
		for (const kind of ['entityTypes', 'complexTypes'] as const) {
			for (const [n, theirs] of utx[kind]) {
				const ours = edmx.ut11[kind].get(n);
				if (!ours) continue;
				checked++;
				expectCompatible(n, ours, theirs, { subset: true, open: true });
				if (kind === 'entityTypes') expectSameNavigations(n, ours, theirs, edmx.ut11, utx);
			}
		}
		expect(checked).toBeGreaterThanOrEqual(25);
	});

	it('has the excerpt FunctionImports of the objects it models', () => {
		const key = (f: Edmx['functions'][number]) => JSON.stringify(f);
		const ours = new Set(edmx.ut11.functions.map(key));
		for (const f of utx.functions) if (edmx.ut11.entityTypes.has(f.params[0].type.slice(14))) expect(ours.has(key(f)) ? key(f) : `missing ${key(f)}`).toBe(key(f));
	});

	it('keeps the excerpt enum members', () => {
		for (const [n, members] of utx.enums) expect(members.filter((m) => !edmx.ut11.enums.get(n)?.includes(m))).toEqual([]);
	});

	it('reproduces the excerpt objects exactly when the model describes them (builder rules)', async () => {
		const s = (name: string) => ({ name, type: { kind: 'string' as const, length: 0 } });
		const b = (name: string) => ({ name, type: { kind: 'boolean' as const } });
		const r = (name: string, target: string) => ({ name, type: { kind: 'ref' as const, target } });
		const replica: Configuration = {
			id: 'replica',
			title: 'replica of UTX objects',
			version: '0',
			enums: [],
			roles: {},
			objects: [
				{ kind: 'Catalog', name: 'Валюты', codeLength: 3, descriptionLength: 10, attributes: [] },
				{ kind: 'Document', name: 'Док', numberLength: 11, attributes: [] },
				{ kind: 'InformationRegister', name: 'пр_ОчередьДействий', periodicity: 'none', recorders: ['Document_Док'], dimensions: [{ name: 'Предмет', type: { kind: 'composite', types: ['Document_Док'] } }, r('Сценарий', 'Catalog_X'), r('Действие', 'Catalog_X')], resources: [{ name: 'ПорядокВыполнения', type: { kind: 'number', digits: 2, scale: 0 } }, b('Выполнено'), b('Ошибка')], attributes: [] },
				{ kind: 'InformationRegister', name: 'ПоследнийОбменСБанками', periodicity: 'none', dimensions: [r('БанковскийСчет', 'Catalog_X')], resources: [{ name: 'ДатаВыгрузки', type: { kind: 'date' } }, { name: 'ДатаНачалаЗагрузки', type: { kind: 'date' } }, { name: 'ДатаКонцаЗагрузки', type: { kind: 'date' } }], attributes: [] },
				{ kind: 'Constant', name: 'Xx_АвтоматическиСоздаватьАктыРасхождений', type: { kind: 'boolean' } },
				{ kind: 'ExchangePlan', name: 'Удалить_ОбменУправлениеТорговлей_11_0_РозничнаяТорговля_1_0', codeLength: 9, descriptionLength: 100, attributes: [{ name: 'ОбластьДанныхОсновныеДанные', type: { kind: 'number', digits: 10, scale: 0 } }] },
				{ kind: 'ChartOfCharacteristicTypes', name: 'СтатьиДоходов', codeLength: 9, descriptionLength: 100, hierarchical: true, attributes: [{ name: 'РеквизитДопУпорядочивания', type: { kind: 'number', digits: 10, scale: 0 } }, r('СпособРаспределения', 'Catalog_X'), s('КорреспондирующийСчет')] },
				{ kind: 'Catalog', name: 'СерииНоменклатуры', codeLength: 0, descriptionLength: 100, attributes: [{ name: 'ГоденДо', type: { kind: 'date' } }, r('ВидНоменклатуры', 'Catalog_X'), s('Номер')], tabularSections: [{ name: 'ДополнительныеРеквизиты', attributes: [r('Свойство', 'Catalog_X'), { name: 'Значение', type: { kind: 'composite', types: ['String', 'Number'] } }, s('ТекстоваяСтрока')] }] },
			],
		};
		const mine = await parseEdmx(writeEdmx(buildSchema(replica)));
		const full = ['InformationRegister_пр_ОчередьДействий', 'InformationRegister_пр_ОчередьДействий_RecordType', 'InformationRegister_ПоследнийОбменСБанками', 'Constant_Xx_АвтоматическиСоздаватьАктыРасхождений', 'ExchangePlan_Удалить_ОбменУправлениеТорговлей_11_0_РозничнаяТорговля_1_0', 'Catalog_СерииНоменклатуры_ДополнительныеРеквизиты'];
		for (const n of full) expect({ n, t: { ...mine.entityTypes.get(n), navs: [] } }).toEqual({ n, t: { ...utx.entityTypes.get(n), navs: [] } });
		for (const n of ['InformationRegister_пр_ОчередьДействий_RowType', 'Catalog_СерииНоменклатуры_ДополнительныеРеквизиты_RowType']) expect({ n, t: mine.complexTypes.get(n) }).toEqual({ n, t: utx.complexTypes.get(n) });
		// partial models (more fields in the real ones): compatible + the standard head
		expectCompatible('ChartOfCharacteristicTypes_СтатьиДоходов', mine.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!, utx.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!, { subset: true, open: true });
		expect(mine.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!.props.slice(0, 10)).toEqual(utx.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!.props.slice(0, 10));
		expect(mine.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!.navs).toEqual(utx.entityTypes.get('ChartOfCharacteristicTypes_СтатьиДоходов')!.navs);
		for (const n of ['пр_ОчередьДействий_RecordType', 'ПоследнийОбменСБанками']) {
			const key = (e: Edmx) => JSON.stringify(e.functions.filter((f) => f.params[0].type === `StandardODATA.InformationRegister_${n}`));
			expect(key(mine)).toBe(key(utx));
		}
	});
});

describe('ERP-demo objects (datareducer captures) in the УТ 11 base', () => {
	const COVERED = [
		'Catalog_БанковскиеСчетаОрганизаций',
		'Catalog_Организации_КонтактнаяИнформация',
		'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
		'AccumulationRegister_ПартииТоваровПереданныеНаКомиссию',
		'AccumulationRegister_ПартииТоваровПереданныеНаКомиссию_RecordType',
		'AccumulationRegister_ТоварыКОтгрузке_RecordType',
		'AccumulationRegister_ДенежныеСредстваБезналичные_RecordType',
		'AccountingRegister_Хозрасчетный',
		'AccountingRegister_Хозрасчетный_RecordType',
	];

	it('matches the DR metadata: same order/type/Nullable/keys on shared fields; full coverage of the captured objects', () => {
		for (const kind of ['entityTypes', 'complexTypes'] as const) {
			for (const [n, theirs] of dr[kind]) {
				const ours = edmx.ut11[kind].get(n);
				if (!ours) continue;
				const superset = COVERED.includes(n) || kind === 'complexTypes';
				expectCompatible(n, ours, theirs, { subset: false, open: false, superset });
			}
		}
		for (const n of COVERED) expect({ n, ok: edmx.ut11.entityTypes.has(n) }).toEqual({ n, ok: true });
		for (const n of ['AccumulationRegister_ТоварыКОтгрузке_Balance', 'AccumulationRegister_ДенежныеСредстваБезналичные_Turnover', 'AccountingRegister_Хозрасчетный_DrCrTurnover']) expect(edmx.ut11.complexTypes.has(n)).toBe(true);
	});

	it('has every property of the captured Atom feeds', async () => {
		const feeds: Array<[string, string]> = [
			['Catalog.xml', 'Catalog_БанковскиеСчетаОрганизаций'],
			['TabularSection.xml', 'Catalog_Организации_КонтактнаяИнформация'],
			['ChartOfCharacteristicTypes.xml', 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения'],
			['AccumulationRegister_RecordType.xml', 'AccumulationRegister_ПартииТоваровПереданныеНаКомиссию_RecordType'],
			['AccountingRegister_RecordType.xml', 'AccountingRegister_Хозрасчетный_RecordType'],
			['AccumulationRegister_Balance.xml', 'AccumulationRegister_ТоварыКОтгрузке_Balance'],
			['AccumulationRegister_Turnovers.xml', 'AccumulationRegister_ДенежныеСредстваБезналичные_Turnover'],
		];
		for (const [file, type] of feeds) {
			const doc = await parseStringPromise(fixture(`datareducer-erp2-demo-atom/${file}`));
			const fields = doc.feed ? doc.feed.entry[0].content[0]['m:properties'][0] : doc['d:Result']['d:element'][0];
			const names = Object.keys(fields).filter((k) => k.startsWith('d:') && !k.endsWith('____Presentation')).map((k) => k.slice(2));
			const t = edmx.ut11.entityTypes.get(type) ?? edmx.ut11.complexTypes.get(type);
			const mine = new Set(t?.props.map((p) => p.name));
			expect({ type, missing: names.filter((n) => !mine.has(n)) }).toEqual({ type, missing: [] });
		}
	});
});

describe('БП 3.0 against the real JSON captures', () => {
	const fieldsOf = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !k.includes('@') && k !== 'odata.metadata');
	const cases: Array<[string, string]> = [
		['Catalog_Контрагенты.element.json', 'Catalog_Контрагенты'],
		['Catalog_ДоговорыКонтрагентов.list.json', 'Catalog_ДоговорыКонтрагентов'],
		['Catalog_Номенклатура.list.json', 'Catalog_Номенклатура'],
		['Document_РеализацияТоваровУслуг.list.json', 'Document_РеализацияТоваровУслуг'],
	];

	it.each(cases)('%s has exactly our properties (sections and rows included)', (file, set) => {
		const json = JSON.parse(fixture(`bp30-json-captures/${file}`));
		const schema = buildSchema(CONFIGURATIONS.bp30);
		const def = schema.entitySets.get(set)!;
		const extra = set === 'Document_РеализацияТоваровУслуг' ? ['ДокументОснование', 'ДокументОснование_Type'] : [];
		for (const obj of (json.value ?? [json]) as Array<Record<string, unknown>>) {
			expect(def.properties.map((p) => p.name).filter((n) => !extra.includes(n)).sort()).toEqual(fieldsOf(obj).sort());
			for (const p of def.properties) {
				if (p.role.kind !== 'tabular') continue;
				const rows = obj[p.name] as Array<Record<string, unknown>>;
				const rowType = schema.complexTypes.get(p.role.rowType)!;
				for (const row of rows) expect({ ts: p.name, f: rowType.properties.map((q) => q.name).sort() }).toEqual({ ts: p.name, f: fieldsOf(row).sort() });
			}
			for (const p of def.properties) {
				const v = obj[p.name];
				if (p.type === 'Edm.Int64') expect({ p: p.name, t: typeof v }).toEqual({ p: p.name, t: 'string' });
				if (p.type === 'Edm.Double' || p.type === 'Edm.Int32' || p.type === 'Edm.Int16') expect({ p: p.name, t: typeof v }).toEqual({ p: p.name, t: 'number' });
				if (p.type === 'Edm.Boolean') expect({ p: p.name, t: typeof v }).toEqual({ p: p.name, t: 'boolean' });
			}
		}
	});
});

/**
 * `parseMetadata` / `summarize` / the per-context cache of the 1C node, against the sandbox's
 * `$metadata` (bp30/unf/ut11, cross-checked with `buildSchema`) and the real УТ 11 excerpt.
 */
import { readFileSync } from 'node:fs';
import { CONFIGURATIONS } from '../../sandbox/onec/config';
import { writeEdmx } from '../../sandbox/onec/edmx';
import { buildSchema } from '../../sandbox/onec/model/schema';
import type { Schema } from '../../sandbox/onec/model/schema-types';
import { entitySetNamesFromServiceDocument, getEntitySetNames, getMetadata, kindOfSetName } from '../../nodes/OneC/metadata/cache';
import { parseMetadata } from '../../nodes/OneC/metadata/parse';
import { summarize } from '../../nodes/OneC/metadata/summary';
import type { CompactMetadata, CompactSet } from '../../nodes/OneC/metadata/types';

const EXCERPT = '/work/shared/fixtures/1c/ut11-metadata-excerpt/ut11-real.excerpt.edmx';
const ids = Object.keys(CONFIGURATIONS) as Array<keyof typeof CONFIGURATIONS>;

const set = (m: CompactMetadata, name: string): CompactSet => {
	const s = m.sets.find((x) => x.name === name);
	if (!s) throw new Error(`no set ${name}`);
	return s;
};
const field = (s: CompactSet, name: string) => s.fields.find((f) => f.name === name);

describe.each(ids)('parseMetadata on the sandbox %s', (id) => {
	let schema: Schema;
	let meta: CompactMetadata;
	beforeAll(async () => {
		schema = buildSchema(CONFIGURATIONS[id]);
		meta = await parseMetadata(writeEdmx(schema));
	});

	it('keeps every entity set with its keys', () => {
		expect(meta.namespace).toBe('StandardODATA');
		expect(meta.sets.map((s) => s.name)).toEqual([...schema.entitySets.keys()]);
		for (const s of meta.sets) expect(s.keys).toEqual(schema.entitySets.get(s.name)?.keys);
	});

	it('detects tabular and _RecordType sets structurally, the rest by prefix', () => {
		for (const s of meta.sets) {
			const def = schema.entitySets.get(s.name);
			if (def?.kind === 'tabular') {
				expect([s.name, s.kind, s.owner]).toEqual([s.name, 'Tabular', def.owner?.entitySet]);
			} else if (def?.kind === 'recordType') {
				expect([s.name, s.kind]).toEqual([s.name, 'RecordType']);
			} else {
				expect([s.name, s.kind]).toEqual([s.name, def?.object.kind]);
			}
		}
	});

	it('resolves every X_Key with a navigation to its target set', () => {
		for (const def of schema.entitySets.values()) {
			const s = set(meta, def.name);
			for (const n of def.navigations) {
				expect([def.name, field(s, n.keyProperty)?.role, field(s, n.keyProperty)?.target]).toEqual([def.name, 'refKey', n.target]);
			}
		}
	});

	it('pairs composite X with X_Type and expands tabular rows', () => {
		for (const def of schema.entitySets.values()) {
			const s = set(meta, def.name);
			for (const p of def.properties) {
				const f = field(s, p.name);
				if (p.role.kind === 'compositeValue') expect([p.name, f?.role, f?.typeField]).toEqual([p.name, 'composite', `${p.name}_Type`]);
				if (p.role.kind === 'compositeType') expect([p.name, f?.role]).toEqual([p.name, 'compositeType']);
				if (p.role.kind === 'tabular') {
					expect(f?.role).toBe('tabular');
					expect(f?.target).toBe(`${def.name}_${p.role.section.name}`);
					expect(f?.rowFields?.map((r) => r.name).slice(0, 2)).toEqual(['Ref_Key', 'LineNumber']);
				}
			}
		}
	});

	it('binds every function to its set with parameters', () => {
		for (const f of schema.functions) {
			const got = set(meta, f.bindingType).functions.find((x) => x.name === f.name);
			expect(got?.params).toEqual(f.params);
			expect(got?.sideEffecting).toBe(f.sideEffecting);
		}
		const total = meta.sets.reduce((n, s) => n + s.functions.length, 0);
		expect(total).toBe(schema.functions.length);
	});

	it('keeps published enums with members', () => {
		const unpublished = new Set(CONFIGURATIONS[id].enums.filter((e) => e.unpublished).map((e) => e.name));
		for (const [name, values] of schema.enums) {
			if (unpublished.has(name)) expect(meta.enums[name]).toBeUndefined();
			else expect(meta.enums[name]).toEqual(values);
		}
	});
});

describe('parseMetadata on the real УТ 11 excerpt', () => {
	let meta: CompactMetadata;
	beforeAll(async () => {
		meta = await parseMetadata(readFileSync(EXCERPT, 'utf8'));
	});

	it('does not take names with _ for tabular sets', () => {
		expect(set(meta, 'InformationRegister_пр_ОчередьДействий').kind).toBe('InformationRegister');
		expect(set(meta, 'InformationRegister_пр_ОчередьДействий_RecordType')).toMatchObject({ kind: 'RecordType', owner: 'InformationRegister_пр_ОчередьДействий' });
		expect(set(meta, 'ExchangePlan_Удалить_ОбменУправлениеТорговлей_11_0_РозничнаяТорговля_1_0').kind).toBe('ExchangePlan');
		expect(set(meta, 'Constant_Xx_АвтоматическиСоздаватьАктыРасхождений').kind).toBe('Constant');
		expect(set(meta, 'Document_РеализацияТоваровУслуг_Товары')).toMatchObject({ kind: 'Tabular', owner: 'Document_РеализацияТоваровУслуг', objectKind: 'Document' });
		expect(meta.sets.filter((s) => s.kind === 'Tabular').map((s) => s.name).sort()).toEqual(
			['Catalog_Контрагенты_КонтактнаяИнформация', 'Catalog_СерииНоменклатуры_ДополнительныеРеквизиты', 'Document_РеализацияТоваровУслуг_Товары'].sort(),
		);
	});

	it('resolves refs through the association end, and composites', () => {
		const doc = set(meta, 'Document_РеализацияТоваровУслуг');
		expect(field(doc, 'Контрагент_Key')).toMatchObject({ role: 'refKey', navigation: 'Контрагент', target: 'Catalog_Контрагенты' });
		expect(field(doc, 'ЗаказКлиента')).toMatchObject({ role: 'composite', typeField: 'ЗаказКлиента_Type' });
		expect(field(doc, 'Товары')).toMatchObject({ role: 'tabular', target: 'Document_РеализацияТоваровУслуг_Товары' });
		expect(field(set(meta, 'Catalog_БанковскиеСчетаКонтрагентов'), 'Owner')).toMatchObject({ role: 'composite', typeField: 'Owner_Type' });
	});

	it('binds functions, including to _RecordType sets', () => {
		expect(set(meta, 'Document_РеализацияТоваровУслуг').functions.map((f) => f.name)).toEqual(['Post', 'Unpost']);
		const acc = set(meta, 'AccumulationRegister_РасчетыСКлиентамиПланОплат').functions;
		expect(acc.map((f) => f.name)).toEqual(['Balance', 'Turnovers', 'BalanceAndTurnovers']);
		expect(acc[0]).toMatchObject({ returnType: 'AccumulationRegister_РасчетыСКлиентамиПланОплат_Balance', sideEffecting: false });
		expect(acc[0].params.map((p) => p.name)).toEqual(['Condition', 'Dimensions', 'Period']);
		expect(set(meta, 'InformationRegister_пр_ОчередьДействий_RecordType').functions.map((f) => f.name)).toEqual(['SliceLast', 'SliceFirst']);
		expect(set(meta, 'InformationRegister_КурсыВалют').functions.map((f) => f.name)).toEqual(['SliceLast', 'SliceFirst']);
	});

	it('keeps enum types with members', () => {
		expect(meta.enums['СтатусыТаможенныхДеклараций']).toEqual(['ВыпущеноСТаможни', 'ТаможенноеОформление']);
		expect(Object.keys(meta.enums)).toContain('ХозяйственныеОперации');
	});

	it('summarizes for pickers', () => {
		const sum = summarize(meta);
		expect(sum.byKind.Document).toEqual([{ name: 'Document_РеализацияТоваровУслуг', value: 'Document_РеализацияТоваровУслуг' }]);
		expect(sum.byKind.Tabular?.length).toBe(3);
		const f = sum.fieldsOf('Document_РеализацияТоваровУслуг').find((o) => o.value === 'Контрагент_Key');
		expect(f?.description).toBe('Edm.Guid → Catalog_Контрагенты');
		expect(sum.fieldsOf('nope')).toEqual([]);
	});
});

describe('metadata cache', () => {
	const key = { url: 'http://h/base/odata/standard.odata/', credentialId: 'c1' };

	it('downloads once per context and key, again for another context', async () => {
		const xml = readFileSync(EXCERPT, 'utf8');
		const download = jest.fn(async () => xml);
		const ctxA = {};
		const [a1, a2] = await Promise.all([getMetadata(ctxA, key, download), getMetadata(ctxA, key, download)]);
		expect(a1).toBe(a2);
		expect(download).toHaveBeenCalledTimes(1);
		await getMetadata(ctxA, { ...key, credentialId: 'c2' }, download);
		await getMetadata({}, key, download);
		expect(download).toHaveBeenCalledTimes(3);
	});

	it('does not cache failures', async () => {
		const ctx = {};
		const bad = jest.fn(async () => {
			throw new Error('boom');
		});
		await expect(getEntitySetNames(ctx, key, bad)).rejects.toThrow('boom');
		const names = await getEntitySetNames(ctx, key, async () => ({ value: [{ name: 'Catalog_Валюты', url: 'Catalog_Валюты' }] }));
		expect(names).toEqual(['Catalog_Валюты']);
	});

	it('reads both service-document shapes and groups names by prefix', () => {
		expect(entitySetNamesFromServiceDocument({ d: { EntitySets: ['Document_A'] } })).toEqual(['Document_A']);
		expect(() => entitySetNamesFromServiceDocument({})).toThrow();
		expect(kindOfSetName('InformationRegister_пр_ОчередьДействий')).toBe('InformationRegister');
		expect(kindOfSetName('Enum_X')).toBeUndefined();
	});
});

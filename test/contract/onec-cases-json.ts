/**
 * JSON contract cases: the БП 3.0 captures (bp30 base) and the 2017 custom-configuration JSON
 * element, compared with our closest object.
 */
import type { OneCClient } from '../helpers/onec-http';
import type { OneCCase } from './onec-cases';
import { JsonDiff, type Obj } from './onec-json';
import { bodyFromJson, fixtureJson } from './onec-seed';

const BP = 'bp30-json-captures';

/** A БП collection capture: POST its objects, GET the collection, compare envelope + each object. */
function bpList(file: string, set: string): OneCCase {
	return {
		fixture: `${BP}/${file}`,
		title: `${set}: collection envelope, every property's JSON type, tabular sections, navigation links`,
		async run(ctx) {
			const capture = fixtureJson(`${BP}/${file}`);
			const objects = capture.value as Obj[];
			const client = ctx.client('bp30');
			for (const o of objects) await client.create(set, bodyFromJson(o));
			const { status, body } = await client.json(set);
			const d = new JsonDiff();
			if (status !== 200) d.fail('status', String(status));
			if (JSON.stringify(Object.keys(body)) !== JSON.stringify(Object.keys(capture))) d.fail('envelope', `capture ${Object.keys(capture).join(',')} ≠ ours ${Object.keys(body).join(',')}`);
			d.metadata(capture['odata.metadata'], body['odata.metadata'], client.pub.url, set, false);
			const ours = new Map((body.value as Obj[]).map((o) => [o.Ref_Key, o]));
			if (ours.size !== objects.length) d.fail('value', `capture ${objects.length} objects ≠ ours ${ours.size}`);
			for (const o of objects) {
				const m = ours.get(o.Ref_Key);
				if (m) d.object(`${set}(${String(o.Ref_Key)})`, o, m);
				else d.fail('value', `no object ${String(o.Ref_Key)}`);
			}
			return d.out;
		},
	};
}

/**
 * The custom 2017 configuration's `Catalog_Контрагенты` is not modelled: its attributes are
 * mapped to attributes of the same kind of the БП `Catalog_Контрагенты` (a filled reference, a
 * string, an empty date, a boolean, an empty string, a tabular section with one row, an empty
 * tabular section), and the capture's values are written into them.
 */
export const CUSTOM_RENAME: Record<string, string> = {
	Город: 'СтранаРегистрации',
	Город_Key: 'СтранаРегистрации_Key',
	Комментарий: 'Комментарий',
	Дата: 'ДатаРегистрации',
	Булево: 'ОбособленноеПодразделение',
	Строка: 'ДокументУдостоверяющийЛичность',
	Комментарии: 'КонтактнаяИнформация',
	Договоры: 'ДополнительныеРеквизиты',
};
/** row field of `Комментарии` → `КонтактнаяИнформация` */
export const CUSTOM_ROW_RENAME: Record<string, string> = { Комментарий: 'Представление' };
export const CUSTOM_STANDARD = ['Ref_Key', 'DataVersion', 'Predefined', 'PredefinedDataName', 'Description', 'Code', 'DeletionMark'];

/** POST the custom capture's values into the БП catalog under the mapped names; returns its Ref_Key. */
export async function seedCustom(client: OneCClient): Promise<string> {
	const c = fixtureJson('custom-config-2017/Catalog_Контрагенты.element.json');
	const body: Obj = {};
	for (const [k, v] of Object.entries(bodyFromJson(c))) {
		const to = CUSTOM_RENAME[k] ?? k;
		body[to] = Array.isArray(v) ? (v as Obj[]).map((r) => Object.fromEntries(Object.entries(r).map(([rk, rv]) => [CUSTOM_ROW_RENAME[rk] ?? rk, rv]))) : v;
	}
	const created = await client.create('Catalog_Контрагенты', body);
	return String(created.Ref_Key);
}

const customJson: OneCCase = {
	fixture: 'custom-config-2017/Catalog_Контрагенты.element.json',
	title: 'custom config (not modelled) vs БП Catalog_Контрагенты, generic parts only: /@Element envelope, standard properties, LineNumber string in a row, empty tabular [], link of a filled ref',
	async run(ctx) {
		const capture = fixtureJson('custom-config-2017/Catalog_Контрагенты.element.json');
		const client = ctx.client('bp30');
		const ref = await seedCustom(client);
		const { status, body } = await client.json(`Catalog_Контрагенты(guid'${ref}')`);
		const d = new JsonDiff({ rename: CUSTOM_RENAME, rowRename: CUSTOM_ROW_RENAME, only: [...CUSTOM_STANDARD, ...Object.keys(CUSTOM_RENAME)] });
		if (status !== 200) d.fail('status', String(status));
		if (Object.keys(body)[0] !== 'odata.metadata' || Object.keys(capture)[0] !== 'odata.metadata') d.fail('envelope', 'odata.metadata is not the first key');
		if ('value' in body) d.fail('envelope', 'an element answer has no value array');
		d.metadata(capture['odata.metadata'], body['odata.metadata'], client.pub.url, 'Catalog_Контрагенты', true);
		d.object('Catalog_Контрагенты', capture, body);
		// the row of the capture has no Ref_Key (2017 platform); ours repeats the owner's (BPC) — both allowed
		const rows = body.КонтактнаяИнформация as Obj[];
		if (!rows?.length || rows[0].LineNumber !== '1') d.fail('КонтактнаяИнформация', `LineNumber ${JSON.stringify(rows?.[0]?.LineNumber)}`);
		return d.out;
	},
};

export const JSON_CASES: OneCCase[] = [
	bpList('Catalog_ДоговорыКонтрагентов.list.json', 'Catalog_ДоговорыКонтрагентов'),
	{
		fixture: `${BP}/Catalog_Контрагенты.element.json`,
		title: 'Catalog_Контрагенты: one object as inside a collection — every property, empty sections [], links of filled refs',
		async run(ctx) {
			const capture = fixtureJson(`${BP}/Catalog_Контрагенты.element.json`);
			const client = ctx.client('bp30');
			await client.create('Catalog_Контрагенты', bodyFromJson(capture));
			const { body } = await client.json('Catalog_Контрагенты', [['$filter', `Ref_Key eq guid'${String(capture.Ref_Key)}'`]]);
			const d = new JsonDiff();
			d.metadata(undefined, body['odata.metadata'], client.pub.url, 'Catalog_Контрагенты', false);
			const value = body.value as Obj[];
			if (value?.length !== 1) return [`expected one object, got ${JSON.stringify(body).slice(0, 300)}`];
			d.object('Catalog_Контрагенты', capture, value[0]);
			return d.out;
		},
	},
	bpList('Catalog_Номенклатура.list.json', 'Catalog_Номенклатура'),
	bpList('Document_РеализацияТоваровУслуг.list.json', 'Document_РеализацияТоваровУслуг'),
	customJson,
];

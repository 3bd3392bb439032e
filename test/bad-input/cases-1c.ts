/** Bad input through the 1C node (БП 3.0 publication of the sandbox). */
import type { IDataObject } from 'n8n-workflow';
import { json } from '../helpers/b24-node';
import { oneCRunner, onecAdmin, set } from '../helpers/onec-node';
import { MARKERS, type BadInputCase, type Env } from './env';

const CP = 'Catalog_Контрагенты';
const cps = (env: Env) => env.state.cps as IDataObject[];
const inn = (env: Env, k: number) => String(cps(env)[k].ИНН);
const byInn = { resource: 'catalog', operation: 'getAll', entitySet: set(CP), returnAll: true, filters: { conditions: [{ field: 'ИНН', operator: 'eq', value: '={{ $json.v }}' }] } };
const byName = { ...byInn, filters: { conditions: [{ field: 'Description', operator: 'eq', value: '={{ $json.v }}' }] } };
const create = { resource: 'catalog', operation: 'create', entitySet: set(CP), dataMode: 'json', json: '={{ JSON.stringify($json.row) }}' };
const get = { resource: 'catalog', operation: 'get', entitySet: set(CP), key: '={{ $json.key }}' };
const read = (env: Env, key: string) => oneCRunner(() => env.pub)({ ...get, key, options: { output: 'raw' } }).then((r) => json(r)[0]);

/** rows of a run by input item */
const rowsOf = (items: Array<{ json: IDataObject; pairedItem?: unknown }>, k: number) => items.filter((x) => (x.pairedItem as { item: number }).item === k && !x.json.error).map((x) => x.json);

export const ONEC_CASES: BadInputCase[] = [
	{
		name: '1C: an unknown entity set',
		node: 'oneC',
		parameters: { resource: 'catalog', operation: 'getAll', entitySet: '={{ $json.set }}', limit: 1 },
		input: [{ set: CP }, { set: 'Catalog_НетТакогоСправочника' }, { set: CP }],
		errors: { 1: /^1C Catalog_НетТакогоСправочника: entity set not found \(code 8\)/ },
	},
	{
		name: '1C: an unknown field in a filter',
		node: 'oneC',
		parameters: { resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1, filters: { conditions: [{ field: '={{ $json.f }}', operator: 'eq', value: 'x' }] } },
		input: [{ f: 'Description' }, { f: 'НетТакогоПоля' }],
		ok: [],
		errors: { 1: /^1C Catalog_Контрагенты: unknown field or bad URL \(code 6\): .*НетТакогоПоля/ },
	},
	{
		name: '1C: an unknown field in a write is reported as ignored',
		node: 'oneC',
		parameters: create,
		input: [{ row: { Description: 'ООО Хорошее' } }, { row: { Description: 'ООО Поле', НетТакогоПоля: 'x' } }],
		errors: { 1: /^1C Catalog_Контрагенты\(.*\) was created, but field "НетТакогоПоля" was ignored by 1C/ },
	},
	{
		name: '1C: an HTML page from the web server instead of OData',
		node: 'oneC',
		creds: 'onecProxy',
		parameters: byInn,
		input: (env) => [{ v: inn(env, 0) }, { v: MARKERS.html }, { v: inn(env, 1) }],
		errors: { 1: /^1C Catalog_Контрагенты: the publication answered with an HTML page \("502 Bad Gateway"\) instead of OData/ },
	},
	{
		name: '1C: a malformed JSON body',
		node: 'oneC',
		creds: 'onecProxy',
		parameters: byInn,
		input: (env) => [{ v: inn(env, 0) }, { v: MARKERS.badJson }],
		errors: { 1: /^1C Catalog_Контрагенты: the answer is not valid JSON \(HTTP 200, \d+ characters starting/ },
	},
	{
		name: '1C: a truncated response',
		node: 'oneC',
		creds: 'onecProxy',
		parameters: byInn,
		input: (env) => [{ v: MARKERS.truncated }, { v: inn(env, 2) }],
		errors: { 0: /^1C Catalog_Контрагенты: .*(truncated|incomplete|aborted|reset|closed|socket hang up)/i },
	},
	{
		name: '1C: a JSON body cut short inside a complete HTTP answer',
		node: 'oneC',
		creds: 'onecProxy',
		parameters: byInn,
		input: (env) => [{ v: inn(env, 0) }, { v: MARKERS.cut }],
		errors: { 1: /^1C Catalog_Контрагенты: the answer is not valid JSON .*cut short/ },
	},
	{
		name: "1C: a GET URL over IIS' query-string limit",
		node: 'oneC',
		parameters: { resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1, options: { rawFilter: '={{ $json.raw }}' } },
		input: [{ raw: "ИНН eq '7700000000'" }, { raw: Array.from({ length: 60 }, (_x, i) => `ИНН eq '77000000${String(i).padStart(2, '0')}'`).join(' or ') }],
		ok: [],
		errors: { 1: /^1C Catalog_Контрагенты: the web server answered HTTP 404 with an HTML page .*query string is too long/ },
	},
	{
		name: "1C: a GET URL over Apache's request-line limit",
		node: 'oneC',
		before: async (env) => void (await onecAdmin(env.onec, 'webserver', { kind: 'apache' })),
		after: async (env) => void (await onecAdmin(env.onec, 'webserver', { kind: 'iis' })),
		parameters: { resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1, options: { rawFilter: '={{ $json.raw }}' } },
		input: [{ raw: 'Description ne null' }, { raw: Array.from({ length: 250 }, (_x, i) => `ИНН eq '77000000${String(i).padStart(2, '0')}'`).join(' or ') }],
		errors: { 1: /^1C Catalog_Контрагенты: the web server answered HTTP 414 with an HTML page .*query string is too long/ },
	},
	{
		name: "1C: $filter injection with quotes and ' or 1 eq 1 stays inside the literal",
		node: 'oneC',
		parameters: byInn,
		input: (env) => [{ v: "' or 1 eq 1 or ИНН eq '" }, { v: inn(env, 3) }, { v: `${inn(env, 3)}' or 1 eq 1 or ИНН eq '` }],
		errors: {},
		ok: [1],
		check: (r, env) => {
			expect(rowsOf(r.items, 0)).toEqual([]);
			expect(rowsOf(r.items, 2)).toEqual([]);
			const hits = rowsOf(r.items, 1);
			expect(hits.length).toBe(cps(env).filter((c) => c.ИНН === inn(env, 3)).length);
			expect(hits.every((h) => h.ИНН === inn(env, 3))).toBe(true);
		},
	},
	{
		name: '1C: $filter injection through a name with a quote and a parenthesis',
		node: 'oneC',
		parameters: byName,
		input: (env) => [{ v: `${String(cps(env)[4].Description)}') or (1 eq 1` }, { v: "O'Reilly' or Description ne '" }, { v: String(cps(env)[4].Description) }],
		errors: {},
		ok: [2],
		check: (r, env) => {
			expect(rowsOf(r.items, 0)).toEqual([]);
			expect(rowsOf(r.items, 1)).toEqual([]);
			expect(rowsOf(r.items, 2).map((h) => h.Ref_Key)).toContain(cps(env)[4].Ref_Key);
			expect(rowsOf(r.items, 2).every((h) => h.Description === cps(env)[4].Description)).toBe(true);
		},
	},
	{
		name: '1C: Cyrillic and emoji in a name round-trip',
		node: 'oneC',
		parameters: create,
		input: [{ row: { Description: 'ООО «Ёлка-Палка» 🎄🚀' } }, { row: { Description: 'ИП Щукин Ъ. Ё. — «Кафе» ☕' } }],
		errors: {},
		check: async (r, env) => {
			expect(await read(env, String(r.items[0].json.Ref_Key))).toMatchObject({ Description: 'ООО «Ёлка-Палка» 🎄🚀' });
			expect(await read(env, String(r.items[1].json.Ref_Key))).toMatchObject({ Description: 'ИП Щукин Ъ. Ё. — «Кафе» ☕' });
		},
	},
	{
		name: '1C: a 10,000-character Description is truncated by 1C: the verify error names field and key',
		node: 'oneC',
		parameters: create,
		input: [{ row: { Description: 'ООО Короткое' } }, { row: { Description: 'Д'.repeat(10_000) } }],
		errors: { 1: /^1C Catalog_Контрагенты\([0-9a-f-]{36}\) was created, but field "Description" was truncated by 1C to 100 characters \(sent 10000\)/ },
	},
	{
		name: '1C: a 10,000-character comment (unlimited string) round-trips',
		node: 'oneC',
		parameters: create,
		input: [{ row: { Description: 'ООО Длинный комментарий', Комментарий: 'Ж🙂'.repeat(3_333) + 'ж' } }],
		errors: {},
		check: async (r, env) => {
			const back = await read(env, String(r.items[0].json.Ref_Key));
			expect(back.Комментарий).toBe('Ж🙂'.repeat(3_333) + 'ж');
		},
	},
	{
		name: '1C: a wrong password',
		node: 'oneC',
		creds: 'onecBadPassword',
		parameters: { resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1 },
		input: [{}],
		errors: { 0: /^1C Catalog_Контрагенты: the user name or password was rejected \(HTTP 401\)/ },
	},
	{
		name: '1C: a non-GUID into a reference field',
		node: 'oneC',
		parameters: create,
		input: [{ row: { Description: 'ООО Ссылка' } }, { row: { Description: 'x', ОсновнойБанковскийСчет_Key: 'не гуид' } }],
		errors: { 1: /^1C Catalog_Контрагенты: Field "ОсновнойБанковскийСчет_Key" \(Edm.Guid\) needs a GUID .*got "не гуид"/ },
	},
	{
		name: '1C: a word into a date field',
		node: 'oneC',
		parameters: { resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), limit: 1, filters: { conditions: [{ field: 'Date', operator: 'ge', value: '={{ $json.d }}' }] } },
		input: [{ d: '2020-01-01T00:00:00' }, { d: 'вчера' }],
		errors: { 1: /^1C Document_СчетНаОплатуПокупателю: field "Date": Not a date: "вчера"/ },
	},
	{
		name: '1C: a key that does not exist',
		node: 'oneC',
		parameters: get,
		input: (env) => [{ key: cps(env)[0].Ref_Key }, { key: '11111111-2222-3333-4444-555555555555' }, { key: cps(env)[1].Ref_Key }],
		errors: { 1: /^1C Catalog_Контрагенты\(guid'11111111-2222-3333-4444-555555555555'\): no object with this key \(code 9\)/ },
	},
	{
		name: '1C: a key that is not a GUID',
		node: 'oneC',
		parameters: get,
		input: (env) => [{ key: "abc' or 1 eq 1" }, { key: cps(env)[0].Ref_Key }],
		errors: { 0: /^1C Catalog_Контрагенты\(abc' or 1 eq 1\): .*abc' or 1 eq 1.*Edm/ },
	},
	{
		name: '1C: a composite-type field compared without a type',
		node: 'oneC',
		parameters: { resource: 'document', operation: 'getAll', entitySet: set('Document_ПоступлениеНаРасчетныйСчет'), limit: 1, filters: { conditions: [{ field: '={{ $json.f }}', operator: 'eq', value: '={{ $json.v }}' }] } },
		input: [{ f: 'Posted', v: 'true' }, { f: 'ДокументОснование', v: '11111111-2222-3333-4444-555555555555' }],
		errors: { 1: /^1C Document_ПоступлениеНаРасчетныйСчет: The filter on "ДокументОснование" compares a composite-type field: set Composite Type/ },
	},
];

/**
 * The 1C OData sandbox over HTTP — reads: format negotiation, query options, errors, keys,
 * navigation (research 1c-odata.md §1–§2, §3.6, §10). Writes and posting:
 * ./onec-sandbox-writes.test.ts; the web server in front of 1C: ./onec-sandbox-web.test.ts.
 * Data is created through the API in empty bases (the seed is not relied on).
 */
import { parseStringPromise } from 'xml2js';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { OneCClient } from '../helpers/onec-http';

type Obj = Record<string, unknown>;

let sb: OneCSandbox;
let bp: OneCClient;
let ut: OneCClient;
const names = ['Гамма', 'Альфа', 'Бета'];
const refs: Record<string, string> = {};
let contract: string;
let invoice: string;

async function odataError(r: { status: number; text: string; headers: Record<string, string> }): Promise<{ status: number; code: string; json: boolean }> {
	if (r.headers['content-type'].startsWith('application/json')) {
		const e = (JSON.parse(r.text) as { 'odata.error': { code: string; message: { lang: string; value: string } } })['odata.error'];
		expect(typeof e.code).toBe('string');
		expect(e.message.lang).toBe('ru');
		return { status: r.status, code: e.code, json: true };
	}
	const x = (await parseStringPromise(r.text)) as { 'm:error': { $: Record<string, string>; 'm:code': string[]; 'm:message': string[] } };
	expect(x['m:error'].$['xmlns:m']).toBe('http://schemas.microsoft.com/ado/2007/08/dataservices/metadata');
	expect(x['m:error']['m:message'][0].length).toBeGreaterThan(0);
	return { status: r.status, code: x['m:error']['m:code'][0], json: false };
}

beforeAll(async () => {
	sb = await startOneCSandbox({ empty: true });
	bp = OneCClient.of(sb, 'bp30');
	ut = OneCClient.of(sb, 'ut11');
	for (const n of names) {
		const c = await bp.create('Catalog_Контрагенты', { Description: n, ИНН: `77${names.indexOf(n)}`, КонтактнаяИнформация: [{ LineNumber: '1', Тип: 'Телефон', Представление: '+7 1' }, { LineNumber: '2', Тип: 'Адрес', Представление: 'Москва' }] });
		refs[n] = String(c.Ref_Key);
	}
	contract = String((await bp.create('Catalog_ДоговорыКонтрагентов', { Description: 'Основной', Owner_Key: refs.Альфа })).Ref_Key);
	invoice = String((await bp.create('Document_СчетНаОплатуПокупателю', { Контрагент_Key: refs.Бета, ДоговорКонтрагента_Key: contract })).Ref_Key);
});
afterAll(async () => sb?.close());

describe('format negotiation', () => {
	it('answers Atom by default (feed and entry content types)', async () => {
		const feed = await bp.get('Catalog_Контрагенты');
		expect(feed.headers['content-type']).toBe('application/atom+xml;type=feed;charset=utf-8');
		expect(feed.headers.dataserviceversion).toBe('3.0');
		expect(Object.keys(await parseStringPromise(feed.text))).toEqual(['feed']);
		const entry = await bp.get(`Catalog_Контрагенты(guid'${refs.Альфа}')`);
		expect(entry.headers['content-type']).toBe('application/atom+xml;type=entry;charset=utf-8');
		expect(Object.keys(await parseStringPromise(entry.text))).toEqual(['entry']);
		expect((await bp.get('Catalog_Контрагенты', [['$format', 'atom']])).headers['content-type']).toBe('application/atom+xml;type=feed;charset=utf-8');
	});

	it('answers JSON on $format=json and on Accept: application/json', async () => {
		for (const r of [await bp.get('Catalog_Контрагенты', [['$format', 'json']]), await bp.get('Catalog_Контрагенты', undefined, { headers: { Accept: 'application/json' } })]) {
			expect(r.headers['content-type']).toBe('application/json;charset=utf-8');
			const body = JSON.parse(r.text) as Obj;
			expect(body['odata.metadata']).toBe(`${bp.pub.url}$metadata#Catalog_Контрагенты`);
			expect((body.value as Obj[]).length).toBe(3);
		}
	});

	it('odata=nometadata drops odata.metadata and links; fullmetadata adds type, id, edit link and every link', async () => {
		const none = JSON.parse((await bp.get(`Catalog_ДоговорыКонтрагентов`, [['$format', 'application/json;odata=nometadata']])).text) as Obj;
		expect(Object.keys(none)).toEqual(['value']);
		expect(Object.keys((none.value as Obj[])[0]).filter((k) => k.includes('@'))).toEqual([]);
		const full = JSON.parse((await bp.get(`Catalog_ДоговорыКонтрагентов`, undefined, { headers: { Accept: 'application/json;odata=fullmetadata' } })).text) as Obj;
		const o = (full.value as Obj[])[0];
		expect(o['odata.type']).toBe('StandardODATA.Catalog_ДоговорыКонтрагентов');
		expect(o['odata.id']).toBe(`${bp.pub.url}Catalog_ДоговорыКонтрагентов(guid'${contract}')`);
		expect(o['odata.editLink']).toBe(`Catalog_ДоговорыКонтрагентов(guid'${contract}')`);
		expect(o['Организация@navigationLinkUrl']).toBe(`Catalog_ДоговорыКонтрагентов(guid'${contract}')/Организация`);
		const minimal = (JSON.parse((await bp.get(`Catalog_ДоговорыКонтрагентов`, [['$format', 'json']])).text) as Obj).value as Obj[];
		expect(Object.keys(minimal[0]).filter((k) => k.endsWith('@navigationLinkUrl'))).toEqual(['Owner@navigationLinkUrl']);
	});

	it('refuses an unknown representation (code 3)', async () => {
		const r = await bp.get('Catalog_Контрагенты', [['$format', 'csv']]);
		expect(await odataError(r)).toMatchObject({ status: 400, code: '3' });
	});
});

describe('query options', () => {
	it('$select: a list, * (all), ** (all but tabular sections), on a single entity too', async () => {
		const list = ((await bp.json('Catalog_Контрагенты', [['$select', 'Ref_Key, Description']])).body.value as Obj[])[0];
		expect(Object.keys(list)).toEqual(['Ref_Key', 'Description']);
		const all = ((await bp.json('Catalog_Контрагенты', [['$select', '*']])).body.value as Obj[])[0];
		expect(Array.isArray(all.КонтактнаяИнформация)).toBe(true);
		const noSections = ((await bp.json('Catalog_Контрагенты', [['$select', '**']])).body.value as Obj[])[0];
		expect(noSections.Description).toBeDefined();
		expect('КонтактнаяИнформация' in noSections).toBe(false);
		const one = (await bp.json(`Catalog_Контрагенты(guid'${refs.Альфа}')`, [['$select', 'ИНН']])).body;
		expect(Object.keys(one)).toEqual(['odata.metadata', 'ИНН']);
	});

	it('$select of an unknown field → 400, code 6, naming the field', async () => {
		const r = await bp.get('Catalog_Контрагенты', [['$format', 'json'], ['$select', 'Ref_Key,НетТакогоПоля']]);
		expect(await odataError(r)).toEqual({ status: 400, code: '6', json: true });
		expect(r.text).toContain('НетТакогоПоля');
	});

	it('$expand inlines the related object; with $select it needs the relation listed; never on a single entity', async () => {
		const [c] = (await bp.json('Catalog_ДоговорыКонтрагентов', [['$expand', 'Owner']])).body.value as Obj[];
		expect((c.Owner as Obj).Description).toBe('Альфа');
		const [s] = (await bp.json('Catalog_ДоговорыКонтрагентов', [['$select', 'Description,Owner/Description'], ['$expand', 'Owner']])).body.value as Obj[];
		expect((s.Owner as Obj).Description).toBe('Альфа');
		const [n] = (await bp.json('Catalog_ДоговорыКонтрагентов', [['$select', 'Description'], ['$expand', 'Owner']])).body.value as Obj[];
		expect(n.Owner).toBeUndefined();
		const single = await bp.get(`Catalog_ДоговорыКонтрагентов(guid'${contract}')`, [['$format', 'json'], ['$expand', 'Owner']]);
		expect(await odataError(single)).toMatchObject({ status: 400 });
	});

	it('$orderby asc/desc; $skip applies before $top whatever their order in the URL', async () => {
		const order = async (q: Array<[string, string]>) => ((await bp.json('Catalog_Контрагенты', q)).body.value as Obj[]).map((o) => o.Description);
		expect(await order([['$orderby', 'Description desc']])).toEqual(['Гамма', 'Бета', 'Альфа']);
		expect(await order([['$orderby', 'Description asc']])).toEqual(['Альфа', 'Бета', 'Гамма']);
		expect(await order([['$orderby', 'Description'], ['$top', '1'], ['$skip', '1']])).toEqual(['Бета']);
		expect(await order([['$skip', '1'], ['$top', '1'], ['$orderby', 'Description']])).toEqual(['Бета']);
		expect(await order([['$top', '1'], ['$orderby', 'Description'], ['$skip', '2']])).toEqual(['Гамма']);
	});

	it('$inlinecount=allpages: odata.count is a string and $top/$skip are ignored (JSON and Atom)', async () => {
		const { body } = await bp.json('Catalog_Контрагенты', [['$inlinecount', 'allpages'], ['$top', '1'], ['$skip', '1']]);
		expect(body['odata.count']).toBe('3');
		expect(Object.keys(body)).toEqual(['odata.metadata', 'odata.count', 'value']);
		expect((body.value as Obj[]).length).toBe(3);
		const atom = await parseStringPromise((await bp.get('Catalog_Контрагенты', [['$inlinecount', 'allpages'], ['$top', '1']])).text);
		expect(atom.feed['m:count']).toEqual(['3']);
		expect(atom.feed.entry.length).toBe(3);
	});

	it('/$count is a plain number, with $filter', async () => {
		const r = await bp.get('Catalog_Контрагенты/$count');
		expect({ status: r.status, type: r.headers['content-type'], body: r.text }).toEqual({ status: 200, type: 'text/plain;charset=utf-8', body: '3' });
		expect((await bp.get('Catalog_Контрагенты/$count', [['$filter', "Description eq 'Бета'"]])).text).toBe('1');
	});

	it('an unknown system option ($expan) → code 0 «The $expan parameter is not supported»', async () => {
		const r = await bp.get('Catalog_Контрагенты', [['$format', 'json'], ['$expan', 'Owner']]);
		expect(await odataError(r)).toEqual({ status: 400, code: '0', json: true });
		expect(JSON.parse(r.text)['odata.error'].message.value).toBe('The $expan parameter is not supported');
	});

	it('accepts allowedOnly=true on a GET of a set', async () => {
		expect((await bp.json('Catalog_Контрагенты', [['allowedOnly', 'true']])).status).toBe(200);
	});
});

describe('errors, keys and navigation', () => {
	const missing = '0f0f0f0f-0000-4000-8000-000000000001';

	it('entity not found → 404, code 9, in the JSON and the XML envelope', async () => {
		expect(await odataError(await bp.get(`Catalog_Контрагенты(guid'${missing}')`, [['$format', 'json']]))).toEqual({ status: 404, code: '9', json: true });
		const xml = await bp.get(`Catalog_Контрагенты(guid'${missing}')`);
		expect(xml.headers['content-type']).toBe('application/xml;charset=utf-8');
		expect(await odataError(xml)).toEqual({ status: 404, code: '9', json: false });
	});

	it('unknown entity set → 404, code 8', async () => {
		expect(await odataError(await bp.get('Catalog_НетТакого', [['$format', 'json']]))).toEqual({ status: 404, code: '8', json: true });
		expect(await odataError(await bp.get('Catalog_НетТакого'))).toEqual({ status: 404, code: '8', json: false });
	});

	it('a bad key literal → 400 code 1; a missing key part → 400 code 7', async () => {
		expect(await odataError(await bp.get("Catalog_Контрагенты(guid'zz')", [['$format', 'json']]))).toMatchObject({ status: 400, code: '1' });
		expect(await odataError(await bp.get(`Catalog_Контрагенты_КонтактнаяИнформация(Ref_Key=guid'${refs.Альфа}')`, [['$format', 'json']]))).toMatchObject({ status: 400, code: '7' });
	});

	it('reads a tabular row by (Ref_Key=guid\'…\', LineNumber=n) and its canonical id', async () => {
		const { status, body } = await bp.json(`Catalog_Контрагенты_КонтактнаяИнформация(Ref_Key=guid'${refs.Альфа}', LineNumber=2)`);
		expect(status).toBe(200);
		expect(body['odata.metadata']).toBe(`${bp.pub.url}$metadata#Catalog_Контрагенты_КонтактнаяИнформация/@Element`);
		expect({ line: body.LineNumber, ref: body.Ref_Key, view: body.Представление }).toEqual({ line: '2', ref: refs.Альфа, view: 'Москва' });
		const atom = await parseStringPromise((await bp.get(`Catalog_Контрагенты_КонтактнаяИнформация(Ref_Key=guid'${refs.Альфа}',LineNumber=1)`)).text);
		expect(atom.entry.id[0]).toBe(`${bp.pub.url}Catalog_Контрагенты_КонтактнаяИнформация(Ref_Key=guid'${refs.Альфа}', LineNumber=1)`);
	});

	it('reads an independent information-register record by all its key parts', async () => {
		const rub = String((await ut.create('Catalog_Валюты', { Code: '643', Description: 'руб.' })).Ref_Key);
		const post = await ut.send('POST', 'InformationRegister_КурсыВалют', { query: [['$format', 'json']], body: { Period: '2026-01-10T00:00:00', Валюта_Key: rub, Курс: 1, Кратность: '1' } });
		expect(post.status).toBe(200);
		const { status, body } = await ut.json(`InformationRegister_КурсыВалют(Period=datetime'2026-01-10T00:00:00',Валюта_Key=guid'${rub}')`);
		expect({ status, rate: body.Курс, mult: body.Кратность }).toEqual({ status: 200, rate: 1, mult: '1' });
		expect(await odataError(await ut.get(`InformationRegister_КурсыВалют(Period=datetime'2026-01-11T00:00:00',Валюта_Key=guid'${rub}')`, [['$format', 'json']]))).toMatchObject({ status: 404, code: '9' });
	});

	it('follows a navigation property and reads a property "через точку"', async () => {
		const { status, body } = await bp.json(`Document_СчетНаОплатуПокупателю(guid'${invoice}')/Контрагент`);
		expect({ status, name: body.Description, meta: body['odata.metadata'] }).toEqual({ status: 200, name: 'Бета', meta: `${bp.pub.url}$metadata#Catalog_Контрагенты/@Element` });
		const owner = await bp.json(`Document_СчетНаОплатуПокупателю(guid'${invoice}')/ДоговорКонтрагента/Owner/Description`);
		expect(owner.body.value).toBe('Альфа');
		const prop = await bp.json(`Catalog_Контрагенты(guid'${refs.Гамма}')/ИНН`);
		expect(prop.body.value).toBe('770');
	});
});

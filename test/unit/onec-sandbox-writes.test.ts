/**
 * The 1C OData sandbox over HTTP — writes and posting (research 1c-odata.md §3): POST/PATCH/PUT/
 * DELETE, defaults, codes and numbers, DataVersion, the platform's weak validation, tabular
 * sections, independent registers, If-Match, Post/Unpost moving a register's Balance.
 */
import type { Movements, DocumentDef } from '../../sandbox/onec/model/types';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { OneCClient, type OneCReply } from '../helpers/onec-http';

type Obj = Record<string, unknown>;

let sb: OneCSandbox;
let bp: OneCClient;
const json = (r: OneCReply) => JSON.parse(r.text) as Obj;
const code = (r: OneCReply) => ({ status: r.status, code: (json(r)['odata.error'] as { code: string }).code });
const patch = (path: string, body: unknown, headers?: Record<string, string>) => bp.send('PATCH', path, { query: [['$format', 'json']], body, headers });
const post = (path: string, body?: unknown) => bp.send('POST', path, { query: [['$format', 'json']], body });

beforeAll(async () => {
	sb = await startOneCSandbox({ empty: true });
	bp = OneCClient.of(sb, 'bp30');
});
afterAll(async () => sb?.close());

describe('create', () => {
	it('POST → 201, Location as raw UTF-8 bytes, the full object with defaults, code with prefix, DataVersion AAAAAAAAAAA=', async () => {
		const r = await post('Catalog_Контрагенты', { Description: 'ООО Ромашка', ИНН: '7707083893' });
		expect(r.status).toBe(201);
		const body = json(r);
		const location = Buffer.from(r.headers.location, 'latin1').toString('utf8');
		expect(location).toBe(`${bp.pub.url}Catalog_Контрагенты(guid'${String(body.Ref_Key)}')`);
		expect(r.headers.location).not.toBe(location); // the bytes on the wire are UTF-8, not percent-encoded
		expect(body['odata.metadata']).toBe(`${bp.pub.url}$metadata#Catalog_Контрагенты/@Element`);
		expect(body).toMatchObject({ DataVersion: 'AAAAAAAAAAA=', Code: '00-000001', DeletionMark: false, Predefined: false, PredefinedDataName: '', IsFolder: false });
		expect(body).toMatchObject({ ЮридическоеФизическоеЛицо: 'ЮридическоеЛицо', Parent_Key: '00000000-0000-0000-0000-000000000000', ДатаРегистрации: '0001-01-01T00:00:00', КПП: '', КонтактнаяИнформация: [] });
		expect(String(body.Ref_Key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(json(await post('Catalog_Контрагенты', { Description: 'второй' })).Code).toBe('00-000002');
	});

	it('documents get Number with the prefix, the current Date and their defaults (Int64 as strings)', async () => {
		const a = json(await post('Document_РеализацияТоваровУслуг', {}));
		const b = json(await post('Document_РеализацияТоваровУслуг', {}));
		expect([a.Number, b.Number]).toEqual(['0000-000001', '0000-000002']);
		expect(a).toMatchObject({ Posted: false, ВидОперации: 'Товары', СуммаВключаетНДС: true, КурсВзаиморасчетов: 1, КратностьВзаиморасчетов: '1', ДокументОснование_Type: 'StandardODATA.Undefined', ДокументОснование: '' });
		expect(String(a.Date)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
		expect(a.Date).not.toBe('0001-01-01T00:00:00');
	});

	it('ignores unknown fields and silently truncates long strings', async () => {
		const r = await post('Catalog_Контрагенты', { Description: 'Д'.repeat(238), ИНН: '1'.repeat(20), НетТакогоПоля: 1 });
		expect(r.status).toBe(201);
		const body = json(r);
		expect({ d: String(body.Description).length, inn: body.ИНН, unknown: 'НетТакогоПоля' in body }).toEqual({ d: 100, inn: '1'.repeat(12), unknown: false });
	});

	it('a string into Edm.Guid → 400 code 1; an array into a string → 500 code -1; malformed JSON → 500 code -1', async () => {
		expect(code(await post('Catalog_Контрагенты', { Description: 'x', ОсновнойБанковскийСчет_Key: 'не-гуид' }))).toEqual({ status: 400, code: '1' });
		expect(code(await post('Catalog_Контрагенты', { Description: ['x'] }))).toEqual({ status: 500, code: '-1' });
		expect(code(await post('Catalog_Контрагенты', '{"Description": '))).toEqual({ status: 500, code: '-1' });
	});

	it('tabular rows: LineNumber must be 1..n — starting at 2 → 400, missing → 500; LineNumber comes back as a string', async () => {
		expect((await post('Catalog_Контрагенты', { Description: 'x', КонтактнаяИнформация: [{ LineNumber: '2', Тип: 'Телефон' }] })).status).toBe(400);
		expect(code(await post('Catalog_Контрагенты', { Description: 'x', КонтактнаяИнформация: [{ Тип: 'Телефон' }] }))).toEqual({ status: 500, code: '-1' });
		const ok = json(await post('Catalog_Контрагенты', { Description: 'x', КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон' }, { LineNumber: '2', Тип: 'Адрес' }] }));
		expect((ok.КонтактнаяИнформация as Obj[]).map((r) => [r.LineNumber, r.Ref_Key])).toEqual([
			['1', ok.Ref_Key],
			['2', ok.Ref_Key],
		]);
	});

	it('rows cannot be created through the tabular-section set (code 13)', async () => {
		expect(code(await post('Catalog_Контрагенты_КонтактнаяИнформация', { LineNumber: 1, Тип: 'Телефон' }))).toEqual({ status: 400, code: '13' });
	});
});

describe('update and delete', () => {
	let ref: string;
	const path = () => `Catalog_Контрагенты(guid'${ref}')`;

	beforeEach(async () => {
		ref = String(json(await post('Catalog_Контрагенты', { Description: 'Изменяемый', ИНН: '500100732259', КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон' }, { LineNumber: 2, Тип: 'Адрес' }] })).Ref_Key);
	});

	it('PATCH changes only the sent fields, answers 200 with the whole object, bumps DataVersion on every write', async () => {
		const r = await patch(path(), { КПП: '500101001', Ref_Key: '11111111-1111-1111-1111-111111111111' });
		expect(r.status).toBe(200);
		expect(json(r)).toMatchObject({ Ref_Key: ref, КПП: '500101001', ИНН: '500100732259', Description: 'Изменяемый', DataVersion: 'AAAAAQAAAAA=' });
		expect(json(await patch(path(), {})).DataVersion).toBe('AAAAAgAAAAA=');
		expect(json(await patch(path(), { КПП: '500101001' })).DataVersion).toBe('AAAAAwAAAAA=');
	});

	it('PATCH replaces a tabular section wholesale', async () => {
		const r = json(await patch(path(), { КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'АдресЭлектроннойПочты', Представление: 'a@b.ru' }] }));
		expect((r.КонтактнаяИнформация as Obj[]).map((x) => x.Тип)).toEqual(['АдресЭлектроннойПочты']);
		expect(json(await patch(path(), { КонтактнаяИнформация: [] })).КонтактнаяИнформация).toEqual([]);
	});

	it('PUT replaces the whole object (unsent fields back to their empty values)', async () => {
		const r = await bp.send('PUT', path(), { query: [['$format', 'json']], body: { Description: 'Заменённый' } });
		expect(r.status).toBe(200);
		expect(json(r)).toMatchObject({ Ref_Key: ref, Description: 'Заменённый', ИНН: '', КонтактнаяИнформация: [], DataVersion: 'AAAAAQAAAAA=' });
	});

	it('DeletionMark is set and cleared by PATCH (200, full object, DataVersion bumped)', async () => {
		const on = json(await patch(path(), { DeletionMark: true }));
		expect({ mark: on.DeletionMark, dv: on.DataVersion, name: on.Description }).toEqual({ mark: true, dv: 'AAAAAQAAAAA=', name: 'Изменяемый' });
		expect(json(await patch(path(), { DeletionMark: false })).DeletionMark).toBe(false);
	});

	it('DELETE deletes physically: 204 without a body, then GET and DELETE → 404 code 9', async () => {
		const r = await bp.send('DELETE', path());
		expect({ status: r.status, body: r.text }).toEqual({ status: 204, body: '' });
		expect(code(await bp.get(path(), [['$format', 'json']]))).toEqual({ status: 404, code: '9' });
		expect(code(await bp.send('DELETE', path(), { query: [['$format', 'json']] }))).toEqual({ status: 404, code: '9' });
	});

	it('If-Match is ignored by default (live УТ 11); with /_admin/ifmatch {enforce:true} a stale one gets 412', async () => {
		const stale = { 'If-Match': 'W/"AAAAAAAAAAA="' };
		await patch(path(), { КПП: '1' });
		expect((await patch(path(), { КПП: '2' }, stale)).status).toBe(200);
		await fetch(`${sb.baseUrl}/_admin/ifmatch`, { method: 'POST', body: JSON.stringify({ enforce: true }) });
		try {
			expect((await patch(path(), { КПП: '3' }, stale)).status).toBe(412);
			const current = String(json(await bp.get(path(), [['$format', 'json']])).DataVersion);
			expect((await patch(path(), { КПП: '3' }, { 'If-Match': current })).status).toBe(200);
			expect((await bp.send('DELETE', path(), { headers: stale })).status).toBe(412);
		} finally {
			await fetch(`${sb.baseUrl}/_admin/ifmatch`, { method: 'POST', body: JSON.stringify({ enforce: false }) });
		}
	});
});

describe('independent information register', () => {
	it('POST a record → 200; the same key again → 400 code 15; PATCH and DELETE by the full key', async () => {
		const org = String(json(await post('Catalog_Организации', { Description: 'Org' })).Ref_Key);
		const doc = String(json(await post('Document_СчетНаОплатуПокупателю', {})).Ref_Key);
		const rec = { Организация_Key: org, Документ: doc, Документ_Type: 'StandardODATA.Document_СчетНаОплатуПокупателю', Статус: 'Оплачен', Статус_Type: 'UnavailableEnums.СтатусОплатыСчета' };
		const first = await post('InformationRegister_СтатусыДокументов', rec);
		expect(first.status).toBe(200);
		expect('DataVersion' in json(first)).toBe(false);
		expect(code(await post('InformationRegister_СтатусыДокументов', rec))).toEqual({ status: 400, code: '15' });
		const key = `InformationRegister_СтатусыДокументов(Организация_Key=guid'${org}',Документ='${doc}',Документ_Type='StandardODATA.Document_СчетНаОплатуПокупателю')`;
		expect(json(await patch(key, { Статус: 'НеОплачен' })).Статус).toBe('НеОплачен');
		expect((await bp.send('DELETE', key)).status).toBe(204);
		expect(code(await bp.get(key, [['$format', 'json']]))).toEqual({ status: 404, code: '9' });
	});
});

describe('posting', () => {
	const SALE = 'Document_РеализацияТоваровУслуг';
	const REGISTER = 'AccumulationRegister_РасчетыСКонтрагентами';
	let head: Obj;

	beforeAll(async () => {
		// the configuration's posting function, or — while none is defined — a minimal one on the schema's document
		const set = sb.state.bases.get('bp30')!.set(SALE)!;
		const def = set.object as DocumentDef;
		if (!def.post) {
			set.object = {
				...def,
				registerRecords: [REGISTER],
				post: (doc): Movements => {
					if (doc.Контрагент_Key === '00000000-0000-0000-0000-000000000000') throw new Error('Не заполнено поле "Контрагент"');
					return { [REGISTER]: [{ RecordType: 'Receipt', Организация_Key: doc.Организация_Key, Контрагент_Key: doc.Контрагент_Key, Договор_Key: doc.ДоговорКонтрагента_Key, Сумма: doc.СуммаДокумента }] };
				},
			} as DocumentDef;
		}
		const org = String(json(await post('Catalog_Организации', { Description: 'Org' })).Ref_Key);
		const cp = String(json(await post('Catalog_Контрагенты', { Description: 'Покупатель' })).Ref_Key);
		const contract = String(json(await post('Catalog_ДоговорыКонтрагентов', { Description: 'Договор', Owner_Key: cp, Организация_Key: org })).Ref_Key);
		head = { Организация_Key: org, Контрагент_Key: cp, ДоговорКонтрагента_Key: contract };
	});

	const balance = async () => (json(await bp.get(`${REGISTER}/Balance(Dimensions='Контрагент')`, [['$format', 'json']])).value as Obj[]).filter((r) => r.Контрагент_Key === head.Контрагент_Key);

	it('Post moves the register (Balance changes), Unpost restores it; Post() is accepted too', async () => {
		const ref = String(json(await post(SALE, { ...head, СуммаДокумента: 1500 })).Ref_Key);
		expect(await balance()).toEqual([]);
		const r = await bp.send('POST', `${SALE}(guid'${ref}')/Post`, { query: [['PostingModeOperational', 'false']] });
		expect(r.status).toBe(200);
		expect(json(await bp.get(`${SALE}(guid'${ref}')`, [['$format', 'json']])).Posted).toBe(true);
		expect(await balance()).toEqual([{ СуммаBalance: 1500, Контрагент_Key: head.Контрагент_Key }]);
		expect((await bp.send('POST', `${SALE}(guid'${ref}')/Unpost`)).status).toBe(200);
		expect(json(await bp.get(`${SALE}(guid'${ref}')`, [['$format', 'json']])).Posted).toBe(false);
		expect(await balance()).toEqual([]);
		expect((await bp.send('POST', `${SALE}(guid'${ref}')/Post()`)).status).toBe(200);
		expect(await balance()).toEqual([{ СуммаBalance: 1500, Контрагент_Key: head.Контрагент_Key }]);
		const records = json(await bp.get(`${REGISTER}_RecordType`, [['$format', 'json'], ['$filter', `Recorder eq cast(guid'${ref}', '${SALE}')`]])).value as Obj[];
		expect(records.map((x) => [x.RecordType, x.Сумма, x.Recorder_Type, x.LineNumber])).toEqual([['Receipt', 1500, `StandardODATA.${SALE}`, '1']]);
		await bp.send('POST', `${SALE}(guid'${ref}')/Unpost()`);
		expect(await balance()).toEqual([]);
	});

	it('a posting failure → 500 code -1 with the 1C message; the document stays unposted', async () => {
		const ref = String(json(await post(SALE, { ...head, Контрагент_Key: '00000000-0000-0000-0000-000000000000', СуммаДокумента: 10 })).Ref_Key);
		const r = await bp.send('POST', `${SALE}(guid'${ref}')/Post`, { query: [['$format', 'json']] });
		expect(code(r)).toEqual({ status: 500, code: '-1' });
		expect((json(r)['odata.error'] as { message: { value: string } }).message.value).toContain('Контрагент');
		expect(json(await bp.get(`${SALE}(guid'${ref}')`, [['$format', 'json']])).Posted).toBe(false);
		const marked = String(json(await post(SALE, { ...head, СуммаДокумента: 10, DeletionMark: true })).Ref_Key);
		expect(code(await bp.send('POST', `${SALE}(guid'${marked}')/Post`, { query: [['$format', 'json']] }))).toEqual({ status: 500, code: '-1' });
	});
});

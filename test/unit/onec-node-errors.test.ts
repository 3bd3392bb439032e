/**
 * The 1C node where things go wrong (БП 3.0 sandbox): wrong password, a web server's login page
 * and its query-string limit, values that cannot be coerced, writes 1C silently truncates or
 * ignores, a stale DataVersion (412), a posting failure, composite-type filters, `$filter`
 * injection through a value; and many items at once with pairedItem and continueOnFail.
 */
import type { IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox, type Publication } from '../../sandbox/onec/server';
import { CONTINUE, oneCRunner, onecAdmin, set } from '../helpers/onec-node';
import { json } from '../helpers/b24-node';

let sb: OneCSandbox;
let pub: Publication;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 60 });
	pub = sb.publications.find((p) => p.id === 'bp30')!;
});
afterAll(async () => sb?.close());
afterEach(async () => {
	await onecAdmin(sb, 'faults', { loginPage: 0 });
	await onecAdmin(sb, 'ifmatch', { enforce: false });
});

const CP = 'Catalog_Контрагенты';
const run = oneCRunner(() => pub);

async function counterparties(n: number): Promise<IDataObject[]> {
	const r = await run({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: n, options: { select: 'Ref_Key,Description,ИНН,DataVersion' } });
	return json(r);
}

describe('transport errors reach the user named and without secrets', () => {
	it('a wrong password: 401 named, the password nowhere', async () => {
		const bad = oneCRunner(() => ({ ...pub, password: 'Секрет-пароль-42' }));
		const r = await bad({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1 });
		expect(r.error?.message).toContain('user name or password was rejected (HTTP 401)');
		const c = await bad({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1 }, [{}], CONTINUE);
		const text = JSON.stringify([r.error, json(c)]);
		expect(text).not.toContain('Секрет-пароль-42');
		expect(text).not.toContain(Buffer.from(`${pub.user}:Секрет-пароль-42`).toString('base64'));
		expect(json(c)[0].error).toBe('1C Catalog_Контрагенты: the user name or password was rejected (HTTP 401)');
	});

	it('a login page served with 200 is an error naming the set, not a JSON crash', async () => {
		await onecAdmin(sb, 'faults', { loginPage: 1 });
		const r = await run({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1 }, [{}], CONTINUE);
		expect(json(r)[0].error).toMatch(/Catalog_Контрагенты: the publication answered with an HTML page .* instead of OData/);
	});

	it("a query over the web server's limit: the HTML 404 is explained", async () => {
		const raw = Array.from({ length: 60 }, (_x, i) => `ИНН eq '77000000${String(i).padStart(2, '0')}'`).join(' or ');
		const r = await run({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1, options: { rawFilter: raw } }, [{}], CONTINUE);
		expect(json(r)[0].error).toMatch(/HTTP 404 with an HTML page .*query string is too long/);
	});
});

describe('filters', () => {
	it('quotes and "or 1 eq 1" in a value stay inside the literal', async () => {
		const r = await run({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), returnAll: true, filters: { conditions: [{ field: 'ИНН', operator: 'eq', value: "' or 1 eq 1 or ИНН eq '" }] } });
		expect(r.error).toBeUndefined();
		expect(json(r)).toEqual([]);
	});

	it('a composite-type field is compared with cast(); without a type the user is told to set one', async () => {
		const pays = json(await run({ resource: 'document', operation: 'getAll', entitySet: set('Document_ПоступлениеНаРасчетныйСчет'), returnAll: true, options: { output: 'raw' } }));
		const withBasis = pays.find((p) => String(p.ДокументОснование_Type).includes('Document_'))!;
		expect(withBasis).toBeDefined();
		const type = String(withBasis.ДокументОснование_Type).replace('StandardODATA.', '');
		const hits = json(
			await run({
				resource: 'document',
				operation: 'getAll',
				entitySet: set('Document_ПоступлениеНаРасчетныйСчет'),
				returnAll: true,
				filters: { conditions: [{ field: 'ДокументОснование', operator: 'eq', value: withBasis.ДокументОснование, compositeType: type }] },
			}),
		);
		expect(hits.map((h) => h.Ref_Key)).toContain(withBasis.Ref_Key);
		expect(hits.every((h) => h.ДокументОснование === withBasis.ДокументОснование)).toBe(true);
		const untyped = await run(
			{ resource: 'document', operation: 'getAll', entitySet: set('Document_ПоступлениеНаРасчетныйСчет'), limit: 5, filters: { conditions: [{ field: 'ДокументОснование', operator: 'eq', value: withBasis.ДокументОснование }] } },
			[{}],
			CONTINUE,
		);
		expect(json(untyped)[0].error).toContain('set Composite Type');
	});

	it('dates in a filter are written in the server zone: an ISO instant with Z selects by Moscow wall time', async () => {
		const docs = json(await run({ resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), limit: 1, options: { output: 'raw', orderBy: 'Date desc' } }));
		const local = String(docs[0].Date); // e.g. 2025-11-14T15:45:52 (Moscow)
		const utc = new Date(`${local}+03:00`).toISOString();
		const hits = json(await run({ resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), returnAll: true, filters: { conditions: [{ field: 'Date', operator: 'ge', value: utc }] } }));
		expect(hits.map((h) => h.Ref_Key)).toContain(docs[0].Ref_Key);
	});
});

describe('writes are verified and bad values are refused before sending', () => {
	it('a long Description truncated by 1C is an error item naming the field and the key', async () => {
		const r = await run({ resource: 'catalog', operation: 'create', entitySet: set(CP), dataMode: 'json', json: JSON.stringify({ Description: 'Д'.repeat(300), ИНН: '7707083893' }) }, [{}], CONTINUE);
		const [e] = json(r);
		expect(e.error).toMatch(/Catalog_Контрагенты\([0-9a-f-]{36}\) was created, but field "Description" was truncated by 1C to 100 characters \(sent 300\)/);
	});

	it('an unknown field is reported as ignored', async () => {
		const r = await run({ resource: 'catalog', operation: 'create', entitySet: set(CP), dataMode: 'json', json: JSON.stringify({ Description: 'ООО Поле', НетТакогоПоля: 'x' }) }, [{}], CONTINUE);
		expect(json(r)[0].error).toContain('field "НетТакогоПоля" was ignored by 1C');
	});

	it('a non-GUID into a reference and a word into a number are refused without a request', async () => {
		const before = (await onecAdmin(sb, 'counters')) as { requests: number };
		const r = await run(
			{ resource: 'catalog', operation: 'create', entitySet: set(CP), dataMode: 'fields', fields: { field: [{ name: 'Description', value: 'x' }, { name: 'ОсновнойБанковскийСчет_Key', value: 'не гуид' }] } },
			[{}],
			CONTINUE,
		);
		expect(json(r)[0].error).toContain('Field "ОсновнойБанковскийСчет_Key" (Edm.Guid) needs a GUID');
		const after = (await onecAdmin(sb, 'counters')) as { requests: number; bySet?: Record<string, { requests: number }> };
		// only the $metadata read may have happened, no POST
		expect(after.requests - before.requests).toBeLessThanOrEqual(1);
	});

	it('a stale DataVersion is a 412 conflict when the base enforces If-Match', async () => {
		await onecAdmin(sb, 'ifmatch', { enforce: true });
		const [cp] = await counterparties(1);
		const r = await run({ resource: 'catalog', operation: 'update', entitySet: set(CP), key: cp.Ref_Key, dataMode: 'json', json: '{"Комментарий":"x"}', writeOptions: { dataVersion: 'AAAAAAAAAAA=' } }, [{}], CONTINUE);
		expect(json(r)[0].error).toContain('version conflict (HTTP 412)');
		const ok = await run({ resource: 'catalog', operation: 'update', entitySet: set(CP), key: cp.Ref_Key, dataMode: 'json', json: '{"Комментарий":"x"}', writeOptions: { dataVersion: cp.DataVersion } });
		expect(ok.error).toBeUndefined();
	});

	it('a posting failure names the document and 1C\'s reason', async () => {
		const r = await run({ resource: 'document', operation: 'create', entitySet: set('Document_СчетНаОплатуПокупателю'), dataMode: 'json', json: '{"Date":"2026-11-24T10:00:00"}', writeOptions: { post: 'post' } }, [{}], CONTINUE);
		const [e] = json(r);
		expect(e.error).toContain('Не заполнено поле');
		expect(e.error).toMatch(/^1C Document_СчетНаОплатуПокупателю\(guid'[0-9a-f-]{36}'\): 1C error: /);
	});
});

describe('many items', () => {
	it('gets 12 items by key with pairedItem in order; a bad key is an error item in its place', async () => {
		const cps = await counterparties(12);
		const input = cps.map((c, i) => ({ key: i === 5 ? '11111111-2222-3333-4444-555555555555' : c.Ref_Key }));
		await onecAdmin(sb, 'counters/reset', {});
		const r = await run({ resource: 'catalog', operation: 'get', entitySet: set(CP), key: '={{ $json.key }}', options: { output: 'raw' } }, input, CONTINUE);
		expect(((await onecAdmin(sb, 'counters')) as { requests: number }).requests).toBe(1); // one Ref_Key-list read, not 12 GETs
		expect(r.items).toHaveLength(12);
		r.items.forEach((x, k) => expect(x.pairedItem).toEqual({ item: k }));
		expect(r.items[5].json.error).toBe("1C Catalog_Контрагенты(guid'11111111-2222-3333-4444-555555555555'): no object with this key (code 9)");
		expect(r.items.filter((_x, k) => k !== 5).map((x) => x.json.Ref_Key)).toEqual(cps.filter((_c, k) => k !== 5).map((c) => c.Ref_Key));
	});

	it('with On Error → Continue (using error output) a failed item goes to the error output', async () => {
		const [cp] = await counterparties(1);
		const r = await run({ resource: 'catalog', operation: 'get', entitySet: set(CP), key: '={{ $json.key }}' }, [{ key: cp.Ref_Key }, { key: '11111111-2222-3333-4444-555555555555' }], 'continueErrorOutput');
		expect(r.outputs.map((o) => o.length)).toEqual([1, 1]);
		expect(r.outputs[0][0].json.Ref_Key).toBe(cp.Ref_Key);
		expect(r.outputs[1][0].json.error).toContain('no object with this key (code 9)');
		expect(r.outputs[1][0].pairedItem).toEqual({ item: 1 });
	});

	it('create-or-update of items sharing a match value in one run creates each object once', async () => {
		const inns = ['7702070139', '7728168971', '7707049388'];
		const input = [0, 1, 2, 0, 1, 2, 0].map((k, n) => ({ inn: inns[k], name: `Клиент ${k}.${n}` }));
		const r = await run(
			{ resource: 'catalog', operation: 'upsert', entitySet: set(CP), matchField: 'ИНН', matchValue: '={{ $json.inn }}', dataMode: 'json', json: '={{ JSON.stringify({ Description: $json.name }) }}' },
			input,
		);
		expect(r.error).toBeUndefined();
		expect(new Set(json(r).map((x) => x.Ref_Key)).size).toBe(3);
		for (const inn of inns) {
			const found = json(await run({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), returnAll: true, filters: { conditions: [{ field: 'ИНН', operator: 'eq', value: inn }] } }));
			expect(found).toHaveLength(1);
		}
	});

	it('typed output turns Int64 LineNumber into a number; raw keeps 1C strings', async () => {
		// a posted (seeded) invoice: the one an earlier test creates has no rows and a random key that may sort first
		const typed = json(await run({ resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), limit: 1, options: { rawFilter: 'Posted eq true' } }));
		const raw = json(await run({ resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), limit: 1, options: { output: 'raw', rawFilter: 'Posted eq true' } }));
		expect((typed[0].Товары as IDataObject[])[0].LineNumber).toBe(1);
		expect((raw[0].Товары as IDataObject[])[0].LineNumber).toBe('1');
		expect(String(typed[0].Date)).toMatch(/\+03:00$/);
		expect(String(raw[0].Date)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
	});
});

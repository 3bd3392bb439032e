import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';

describe('1C print-form HTTP service', () => {
	let sb: OneCSandbox;
	const auth = (i: number) => ({ authorization: `Basic ${Buffer.from(`${sb.publications[i].user}:${sb.publications[i].password}`).toString('base64')}` });
	beforeAll(async () => {
		sb = await startOneCSandbox({ empty: true });
	});
	afterAll(async () => sb.close());

	it('renders a valid PDF of a document with number, date, counterparty and total; 404 for a missing one and on bases without the service', async () => {
		const bp = sb.publications[0];
		const post = async (set: string, body: unknown) =>
			(await (await fetch(`${bp.url}${set}?$format=json`, { method: 'POST', headers: { ...auth(0), 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, string>;
		const c = await post('Catalog_Контрагенты', { Description: 'ООО «Ромашка»', ИНН: '7707083893' });
		const inv = await post('Document_СчетНаОплатуПокупателю', { Контрагент_Key: c.Ref_Key, СуммаДокумента: 1234.5, Товары: [{ LineNumber: '1', Содержание: 'Услуги', Количество: 1, Цена: 1234.5, Сумма: 1234.5 }] });
		const url = `${sb.baseUrl}/bp30/hs/print/${encodeURIComponent('Document_СчетНаОплатуПокупателю')}/${inv.Ref_Key}?form=invoice`;
		const res = await fetch(url, { headers: auth(0) });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await res.arrayBuffer());
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.subarray(-6).toString()).toContain('%%EOF');
		expect(pdf.length).toBeGreaterThan(2000);
		expect((await fetch(url)).status).toBe(401);
		const missing = await fetch(url.replace(inv.Ref_Key, '00000000-0000-0000-0000-000000000001'), { headers: auth(0) });
		expect(missing.status).toBe(404);
		const ut = await fetch(`${sb.baseUrl}/ut11/hs/print/Document_ЗаказКлиента/${inv.Ref_Key}`, { headers: auth(2) });
		expect([ut.status, ut.headers.get('content-type')]).toEqual([404, 'text/html']);
	});
});

/**
 * The 1C node's Print Form resource on the real n8n engine against the 1C sandbox: the built-in
 * invoice rendered from OData data (a PDF binary item + the document's facts), the base's own
 * print service fetched with the credential, and the errors: a base without the service (the web
 * server's HTML 404), a missing document, a key that is not a GUID.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { CONTINUE, oneCRunner, set } from '../helpers/onec-node';
import { json } from '../helpers/b24-node';
import { HAS_POPPLER, pdfFiles, pdfText } from '../helpers/pdf';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 30 });
});
afterAll(async () => sb?.close());

const INVOICE = 'Document_СчетНаОплатуПокупателю';
const pub = (id: string) => () => sb.publications.find((p) => p.id === id)!;

const { save } = pdfFiles('onec-print-');

function pdfOf(item: { binary?: Record<string, IBinaryData> }): Buffer {
	const b = item.binary?.data;
	expect(b?.mimeType).toBe('application/pdf');
	return Buffer.from(String(b?.data ?? ''), 'base64');
}

async function firstInvoice(): Promise<IDataObject> {
	const r = await oneCRunner(pub('bp30'))({ resource: 'document', operation: 'getAll', entitySet: set(INVOICE), limit: 1, filters: { conditions: [{ field: 'Posted', operator: 'eq', value: 'true' }] }, options: { output: 'raw' } });
	return json(r)[0];
}

it('built-in invoice: a PDF binary item with the number, the counterparty and the total', async () => {
	const inv = await firstInvoice();
	const r = await oneCRunner(pub('bp30'))({ resource: 'printForm', operation: 'get', printSource: 'builtIn', printKind: 'invoice', printConfig: 'bp30', key: inv.Ref_Key, binaryProperty: 'data' });
	expect(r.error).toBeUndefined();
	const [item] = r.items;
	expect(item.json).toMatchObject({ form: 'invoice', number: inv.Number, source: 'builtIn' });
	expect(String(item.json.fileName)).toMatch(/^Счет_на_оплату_.+_от_\d{4}-\d{2}-\d{2}\.pdf$/);
	const pdf = pdfOf(item as never);
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	if (HAS_POPPLER) {
		const text = pdfText(save(pdf));
		expect(text).toContain(String(inv.Number));
		expect(text).toContain(String(item.json.counterpartyInn));
		expect(String(item.json.counterpartyInn)).toMatch(/^\d{10,12}$/);
	}
});

it('the base’s own print service: the PDF fetched with the credential; a base without it is an error naming the URL', async () => {
	const inv = await firstInvoice();
	const r = await oneCRunner(pub('bp30'))({ resource: 'printForm', operation: 'get', printSource: 'httpService', printKind: 'invoice', entitySet: set(INVOICE), key: inv.Ref_Key });
	expect(r.error).toBeUndefined();
	expect(pdfOf(r.items[0] as never).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const none = await oneCRunner(pub('ut11'))({ resource: 'printForm', operation: 'get', printSource: 'httpService', printKind: 'invoice', entitySet: set('Document_СчетНаОплатуКлиенту'), key: inv.Ref_Key }, [{}], CONTINUE);
	expect(String(json(none)[0].error)).toMatch(/hs\/print\/.*HTTP 404/);
});

it('a missing document and a key that is not a GUID are error items, never a blank PDF', async () => {
	const r = await oneCRunner(pub('bp30'))({ resource: 'printForm', operation: 'get', printSource: 'builtIn', printKind: 'invoice', printConfig: 'bp30', key: '={{ $json.key }}' }, [{ key: '11111111-2222-3333-4444-555555555555' }, { key: 'Счет 15' }], CONTINUE);
	expect(r.items).toHaveLength(2);
	expect(r.items.every((x) => x.binary === undefined)).toBe(true);
	expect(String(r.items[0].json.error)).toContain('11111111-2222-3333-4444-555555555555');
	expect(String(r.items[1].json.error)).toContain('is not a Ref_Key GUID');
});

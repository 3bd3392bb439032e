/**
 * Issue 8's publishing chain on the real n8n engine, node after node, with both sandboxes: a 1C
 * report PDF posted to the live feed for a department (the post read back: recipients, title,
 * the attached file byte for byte) and an invoice print form added to a deal's timeline (the
 * comment read back, its file byte for byte). The binary travels as n8n passes it between nodes.
 */
import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { admin, post, sandbox } from '../helpers/b24';
import { oneCRunner, set } from '../helpers/onec-node';
import { runNode, type Credentials } from '../helpers/n8n';

let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
let creds: Credentials;
beforeAll(async () => {
	[b24, onec] = await Promise.all([sandbox({ companies: 20 }), startOneCSandbox({ companies: 100 })]);
	creds = { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 20 } };
});
afterAll(async () => Promise.all([b24?.close(), onec?.close()]));

const bp30 = oneCRunner(() => onec.publications.find((p) => p.id === 'bp30')!);
const call = async (method: string, body: unknown) => (await post(b24.webhookUrl + method, body)).body;
const bytesOf = (binary: IBinaryKeyData | undefined) => Buffer.from(String(binary?.data?.data ?? ''), 'base64');

it('a report PDF to the live feed of a department: recipients, title and the file arrive intact', async () => {
	const rep = await bp30({ resource: 'report', operation: 'get', reportKind: 'debts', reportConfig: 'bp30', period: 'lastMonth', baseName: 'Демо БП' });
	expect(rep.error).toBeUndefined();
	const pdf = bytesOf(rep.items[0].binary);
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

	const res = await runNode(
		{
			parameters: {
				resource: 'feedPost',
				operation: 'create',
				title: '={{ $json.title }} ({{ $json.period.label }})',
				message: '=Итого долг покупателей: {{ $json.totals.debt }} ₽',
				toEveryone: false,
				departments: ['2'],
				binaryProperties: 'data',
			},
		},
		rep.items.map((x) => x.json),
		creds,
		{ binary: rep.items.map((x) => x.binary as IBinaryKeyData) },
	);
	expect(res.error).toBeUndefined();
	const stored = ((await admin(b24, 'table/blog_post')) as IDataObject[]).find((p) => Number(p.ID) === res.items[0].json.id)!;
	expect(stored.DEST).toEqual(['DR2']);
	expect(stored.TITLE).toBe(`Задолженность покупателей (${(rep.items[0].json.period as IDataObject).label})`);
	expect(String(stored.DETAIL_TEXT)).toMatch(/^Итого долг покупателей: \d+(\.\d+)? ₽$/);

	const read = await call('log.blogpost.get', { POST_ID: res.items[0].json.id });
	const [fileId] = read.result[0].FILES as number[];
	const att = (await call('disk.attachedObject.get', { id: fileId })).result;
	expect(att.NAME).toBe(rep.items[0].json.fileName);
	expect(Buffer.from(await (await fetch(att.DOWNLOAD_URL)).arrayBuffer()).equals(pdf)).toBe(true);
});

it('an invoice print form to a deal’s timeline: the comment carries the PDF byte for byte', async () => {
	const inv = await bp30({ resource: 'document', operation: 'getAll', entitySet: set('Document_СчетНаОплатуПокупателю'), limit: 1, filters: { conditions: [{ field: 'Posted', operator: 'eq', value: 'true' }] }, options: { output: 'raw' } });
	const printed = await bp30({ resource: 'printForm', operation: 'get', printSource: 'builtIn', printKind: 'invoice', printConfig: 'bp30', key: '={{ $json.Ref_Key }}' }, inv.items.map((x) => x.json));
	expect(printed.error).toBeUndefined();
	const pdf = bytesOf(printed.items[0].binary);

	const res = await runNode(
		{ parameters: { resource: 'timelineComment', operation: 'create', ownerType: 'deal', ownerId: 1, comment: '=Счёт № {{ $json.number }} на {{ $json.total }} ₽', binaryProperties: 'data' } },
		printed.items.map((x) => x.json),
		creds,
		{ binary: printed.items.map((x) => x.binary as IBinaryKeyData) },
	);
	expect(res.error).toBeUndefined();
	const got = (await call('crm.timeline.comment.get', { id: res.items[0].json.id })).result;
	expect(got.COMMENT).toBe(`Счёт № ${printed.items[0].json.number} на ${printed.items[0].json.total} ₽`);
	const files = Object.values(got.FILES as Record<string, { name: string; urlDownload: string }>);
	expect(files.map((f) => f.name)).toEqual([printed.items[0].json.fileName]);
	expect(Buffer.from(await (await fetch(files[0].urlDownload)).arrayBuffer()).equals(pdf)).toBe(true);
});

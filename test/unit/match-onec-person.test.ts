/**
 * The Match node, target "1C counterparty", with rules searched by name (online-store buyers who
 * are private persons): candidates are read by exact `Description` with their contact information,
 * phones and e-mails compared client-side; "Items May Share a Counterparty" lets several items
 * (orders of one buyer) find the same counterparty; a group without inn, kpp or name is refused.
 */
import type { IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { sandbox } from '../helpers/b24';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { runNode } from '../helpers/n8n';

const N = 60;
let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
let persons: IDataObject[];
const unf = () => onec.publications.find((p) => p.id === 'unf')!;

beforeAll(async () => {
	[b24, onec] = await Promise.all([sandbox({ companies: N }), startOneCSandbox({ companies: N })]);
	const c = await OneCClient.create(fakeOneCHost(oneCCredential(unf())));
	const rows = (await c.list('Catalog_Контрагенты', { returnAll: true })) as IDataObject[];
	const info = (r: IDataObject, type: string) => ((r.КонтактнаяИнформация as IDataObject[]) ?? []).filter((k) => k.Тип === type).map((k) => String(k.Представление));
	persons = rows
		.filter((r) => r.ЮридическоеФизическоеЛицо === 'ФизическоеЛицо' && info(r, 'Телефон').length > 0)
		.map((r) => ({ ref: String(r.Ref_Key), name: String(r.Description), phone: info(r, 'Телефон')[0], email: info(r, 'АдресЭлектроннойПочты')[0] ?? '' }));
}, 60_000);
afterAll(async () => Promise.all([b24?.close(), onec?.close()]));

const match = (input: IDataObject[], extra: IDataObject = {}) =>
	runNode(
		{
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
			onError: 'continueErrorOutput',
			credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' }, oneCODataApi: { id: '2', name: '1C' } },
			parameters: {
				authentication: 'webhook',
				target: 'onecCounterparty',
				b24Id: '',
				rule: 'name+phone | name+email',
				keys: { name: '={{ $json.name }}', phone: '={{ $json.phone }}', email: '={{ $json.email }}' },
				linkFound: false,
				...extra,
			},
		},
		input,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(unf()) },
	);

it('finds private persons by name + phone (typed differently) or name + e-mail; a wrong phone and no e-mail is not found', async () => {
	const a = persons[0];
	const b = persons.find((p) => p !== a && p.email)!;
	expect(b).toBeDefined();
	const digits = String(a.phone).replace(/\D/g, '');
	const items = [
		{ name: a.name, phone: `8 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`, email: '' }, // same phone, another format
		{ name: b.name, phone: '+7 900 000-00-00', email: b.email }, // wrong phone, right e-mail
		{ name: a.name, phone: '+7 900 000-00-00', email: 'nobody@example.com' }, // the name alone is not enough
		{ name: 'Неизвестный Покупатель Иванович', phone: String(a.phone), email: '' }, // the phone alone is not enough
	];
	const r = await match(items);
	expect(r.error).toBeUndefined();
	const [found, , notFound, errors] = r.outputs;
	expect(errors ?? []).toEqual([]);
	expect(found.map((f) => (f.json.match as IDataObject).ref)).toEqual([a.ref, b.ref]);
	expect(notFound.map((x) => x.json.name)).toEqual([a.name, 'Неизвестный Покупатель Иванович']);
});

it('several items of one buyer share the counterparty only when allowed', async () => {
	const [a] = persons;
	const items = [0, 1].map(() => ({ name: a.name, phone: a.phone, email: '' }));
	const shared = await match(items, { shared: true });
	expect(shared.outputs[0].map((f) => (f.json.match as IDataObject).ref)).toEqual([a.ref, a.ref]);
	const strict = await match(items);
	expect(strict.outputs[0].filter((f) => !f.json.error)).toHaveLength(0);
	expect((strict.outputs[3] ?? []).map((e) => String(e.json.error))).toEqual([expect.stringMatching(/matched equally/), expect.stringMatching(/matched equally/)]);
});

it('refuses a group 1C cannot be searched by', async () => {
	const r = await match([{ name: 'x', phone: '+7 900 000-00-00' }], { rule: 'phone | name+email' });
	expect(r.error?.message).toMatch(/group "phone" has neither inn, kpp nor name/);
});

/**
 * A Bitrix24 create whose answer is lost after the portal did the work (a reset, a proxy's 502
 * page) must not make a second record when the client retries: a create carrying its external
 * key (ORIGIN_ID, XML_ID, xmlId) is looked up by it before it is re-sent. Checked with a host that
 * drops the answer of the first request, for a single create and for a batch mixing creates,
 * creates without a key and reads; and with the sandbox's own faults striking after processing.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { Bitrix24Client, type RetryOptions } from '../../nodes/Bitrix24/transport/client';
import { lookupForAdd } from '../../nodes/Bitrix24/transport/lookup';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { sandbox } from '../helpers/b24';
import { fakeHost } from '../helpers/b24-host';

const FAST: Partial<RetryOptions> = { maxRetries: 10, baseDelayMs: 5, maxDelayMs: 20 };
let sb: Bitrix24Sandbox;
beforeAll(async () => {
	sb = await sandbox({ companies: 5 });
});
afterAll(async () => sb?.close());

const creds = () => ({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } });
const companies = (origin: string) => sb.portal.store.find('company')!.all().filter((r) => r.ORIGIN_ID === origin);
/** a host that loses the answer of the first request matching `when`, after the portal handled it */
function losingHost(when: (o: IHttpRequestOptions) => boolean) {
	let lost = 0;
	const host = fakeHost(creds(), async (o, send) => {
		const res = await send(o);
		if (lost === 0 && when(o)) {
			lost++;
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		}
		return res;
	});
	return { host, lost: () => lost };
}

/** One create through a client whose host loses the answer of its first attempt, after the portal did the work. */
async function createLosingAnswer(method: string, params: Record<string, unknown>) {
	const { host, lost } = losingHost((o) => String(o.url).startsWith(method));
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	const [r] = await client.runAll([{ method, params }]);
	expect(lost()).toBe(1);
	return { r, host, client };
}

it('a single create done by the portal whose answer was lost is found by ORIGIN_ID, not sent again', async () => {
	const { r, host, client } = await createLosingAnswer('crm.company.add', { fields: { TITLE: 'ООО «Потерянный ответ»', ORIGINATOR_ID: 'test/bp30', ORIGIN_ID: 'guid-lost-1' } });
	expect(companies('guid-lost-1')).toHaveLength(1);
	expect(r).toEqual({ ok: true, result: Number(companies('guid-lost-1')[0].ID) });
	expect(client.stats.lookedUp).toBe(1);
	expect(host.sent.map((o) => o.url)).toEqual(['crm.company.add.json', 'crm.company.list.json']);
});

it('a batch whose answer was lost: creates found are not re-sent, the rest (reads, creates not found) are', async () => {
	const { host, lost } = losingHost((o) => o.url === 'batch.json');
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	const res = await client.runAll([
		{ method: 'crm.company.add', params: { fields: { TITLE: 'Пакет 1', ORIGINATOR_ID: 'test/bp30', ORIGIN_ID: 'guid-batch-1' } } },
		{ method: 'crm.company.list', params: { filter: { ORIGIN_ID: 'guid-batch-1' }, select: ['ID'] } },
		{ method: 'crm.company.add', params: { fields: { TITLE: 'Пакет 2', ORIGINATOR_ID: 'test/bp30', ORIGIN_ID: 'guid-batch-2' } } },
	]);
	expect(lost()).toBe(1);
	for (const g of ['guid-batch-1', 'guid-batch-2']) expect({ g, n: companies(g).length }).toEqual({ g, n: 1 });
	expect(res[0]).toEqual({ ok: true, result: Number(companies('guid-batch-1')[0].ID) });
	expect(res[2]).toEqual({ ok: true, result: Number(companies('guid-batch-2')[0].ID) });
	// the read was sent again and answered
	expect(res[1].ok && (res[1].result as Array<{ ID: string }>).map((x) => Number(x.ID))).toEqual([Number(companies('guid-batch-1')[0].ID)]);
	expect(client.stats.lookedUp).toBe(2);
	// the batch, the look-up batch, the re-sent batch with only the read
	expect(host.sent.map((o) => o.url)).toEqual(['batch.json', 'batch.json', 'batch.json']);
	expect(Object.keys((host.sent[2].body as { cmd: Record<string, string> }).cmd)).toEqual(['rc1']);
});

it('a timeline comment whose answer was lost is found by its text on the record, not posted twice (also behind 60 older comments)', async () => {
	const company = Number(sb.portal.store.find('company')!.all()[0].ID);
	for (let n = 0; n < 60; n++) sb.portal.store.table('timeline_comment').insert({ ENTITY_ID: company, ENTITY_TYPE: 'company', ENTITY_TYPE_ID: 4, CREATED: '2025-01-01T10:00:00+03:00', COMMENT: `старый комментарий ${n}`, AUTHOR_ID: 1, FILES: [] });
	const text = 'Печатная форма [1С: lost-comment-1]';
	const { r } = await createLosingAnswer('crm.timeline.comment.add', { fields: { ENTITY_ID: company, ENTITY_TYPE: 'company', COMMENT: text } });
	const posted = sb.portal.store.find('timeline_comment')!.all().filter((c) => c.COMMENT === text);
	expect(posted).toHaveLength(1);
	expect(r).toEqual({ ok: true, result: Number(posted[0].ID) });
});

it('a batch of addresses whose answer was lost is not re-sent (one address per type and owner): no «already exists» errors', async () => {
	const requisites = sb.portal.store.find('requisite')!.all().slice(0, 3).map((r) => Number(r.ID));
	const { host, lost } = losingHost((o) => o.url === 'batch.json');
	const client = await Bitrix24Client.create(host, 'webhook', FAST);
	const add = (id: number) => ({ method: 'crm.address.add', params: { fields: { TYPE_ID: 9, ENTITY_TYPE_ID: 8, ENTITY_ID: id, ADDRESS_1: `ул. Потерянная, д. ${id}`, CITY: 'Тула' } } });
	const res = await client.runAll(requisites.map(add));
	expect(lost()).toBe(1);
	expect(res).toEqual(requisites.map(() => ({ ok: true, result: true })));
	expect(client.stats.lookedUp).toBe(3);
	// the batch, the look-up batch — nothing re-sent
	expect(host.sent.map((o) => o.url)).toEqual(['batch.json', 'batch.json']);
	// an address of that type with other fields is not taken for the lost create
	expect(lookupForAdd(add(requisites[0]))!.answer([{ TYPE_ID: '9', ENTITY_TYPE_ID: '8', ENTITY_ID: String(requisites[0]), ADDRESS_1: 'другой адрес', CITY: 'Тула' }])).toBeUndefined();
});

it('an old invoice whose answer was lost is found by XML_ID, not made twice', async () => {
	const invoices = (key: string) => sb.portal.store.find('invoice')!.all().filter((r) => r.XML_ID === key);
	const fields = { ORDER_TOPIC: 'Счёт с потерянным ответом', XML_ID: 'bp30:lost-invoice-1', PRODUCT_ROWS: [{ PRODUCT_ID: 1, PRODUCT_NAME: 'Товар', QUANTITY: 1, PRICE: 100 }] };
	const { r, host } = await createLosingAnswer('crm.invoice.add', { fields });
	expect(invoices('bp30:lost-invoice-1')).toHaveLength(1);
	expect(r).toEqual({ ok: true, result: Number(invoices('bp30:lost-invoice-1')[0].ID) });
	expect(host.sent.map((o) => o.url)).toEqual(['crm.invoice.add.json', 'crm.invoice.list.json']);
});

it('an activity carrying ORIGIN_ID whose answer was lost is found by it, not made twice', async () => {
	const company = Number(sb.portal.store.find('company')!.all()[0].ID);
	const acts = (key: string) => sb.portal.store.find('activity')!.all().filter((r) => r.ORIGIN_ID === key);
	const fields = { OWNER_TYPE_ID: 4, OWNER_ID: company, TYPE_ID: 6, PROVIDER_ID: 'REST_APP', PROVIDER_TYPE_ID: 'LINK', SUBJECT: 'Документ 1С', RESPONSIBLE_ID: 1, ORIGINATOR_ID: 'bp30', ORIGIN_ID: 'lost-activity-1' };
	const { r } = await createLosingAnswer('crm.activity.add', { fields });
	expect(acts('lost-activity-1')).toHaveLength(1);
	expect(r).toEqual({ ok: true, result: Number(acts('lost-activity-1')[0].ID) });
});

it('a live-feed post whose answer was lost is found by its title and text, not published twice', async () => {
	const posts = () => sb.portal.store.find('blog_post')?.all() ?? [];
	const params = { POST_TITLE: 'Задолженность покупателей 23.11–29.11', POST_MESSAGE: '[b]Долг покупателей[/b]: 1 200,00 ₽', DEST: ['UA'], FILES: [['debts.pdf', Buffer.from('%PDF-1.4 x').toString('base64')]] };
	const before = posts().length;
	const { r, host } = await createLosingAnswer('log.blogpost.add', params);
	expect(posts().length - before).toBe(1);
	expect(r).toEqual({ ok: true, result: Number(posts().at(-1)!.ID) });
	expect(host.sent.map((o) => o.url)).toEqual(['log.blogpost.add.json', 'log.blogpost.get.json']);
	// the same title and text published long before is another post: the create is sent again
	const look = lookupForAdd({ method: 'log.blogpost.add', params })!;
	expect(look.answer([{ ID: '8', TITLE: params.POST_TITLE, DETAIL_TEXT: params.POST_MESSAGE, DATE_PUBLISH: '2025-01-06T09:00:00+03:00' }])).toBeUndefined();
	expect(look.answer([{ ID: '9', TITLE: 'другой', DETAIL_TEXT: params.POST_MESSAGE, DATE_PUBLISH: new Date().toISOString() }])).toBeUndefined();
});

it('knows the look-up of each create with an external key, and none without one', () => {
	expect(lookupForAdd({ method: 'crm.contact.add', params: { fields: { ORIGIN_ID: 'x', ORIGINATOR_ID: 'b' } } })?.read).toEqual({ method: 'crm.contact.list', params: { filter: { ORIGIN_ID: 'x', ORIGINATOR_ID: 'b' }, select: ['ID'], order: { ID: 'ASC' } } });
	expect(lookupForAdd({ method: 'crm.requisite.bankdetail.add', params: { fields: { XML_ID: 'a', ENTITY_ID: 3 } } })?.read.method).toBe('crm.requisite.bankdetail.list');
	expect(lookupForAdd({ method: 'crm.item.add', params: { entityTypeId: 31, fields: { xmlId: 'k' } } })?.answer({ items: [{ id: 7 }] })).toEqual({ item: { id: 7 } });
	expect(lookupForAdd({ method: 'catalog.product.add', params: { fields: { xmlId: 'p', iblockId: 25 } } })?.answer({ products: [] })).toBeUndefined();
	expect(lookupForAdd({ method: 'crm.company.add', params: { fields: { TITLE: 'no key' } } })).toBeUndefined();
	expect(lookupForAdd({ method: 'catalog.section.add', params: { fields: { xmlId: 'g', iblockId: 23, name: 'Кофе' } } })?.answer({ sections: [{ id: 5 }] })).toEqual({ section: { id: 5 } });
	const price = lookupForAdd({ method: 'catalog.price.add', params: { fields: { productId: 9, catalogGroupId: 1, price: 150, currency: 'RUB' } } })!;
	expect(price.read).toEqual({ method: 'catalog.price.list', params: { filter: { productId: 9, catalogGroupId: 1 } } });
	expect(price.answer({ prices: [{ id: 3, price: 150 }] })).toEqual({ price: { id: 3, price: 150 } });
	expect(price.answer({ prices: [{ id: 3, price: 99 }] })).toBeUndefined();
	expect(lookupForAdd({ method: 'crm.timeline.comment.add', params: { fields: { COMMENT: 'x' } } })).toBeUndefined();
	const comment = lookupForAdd({ method: 'crm.timeline.comment.add', params: { fields: { ENTITY_ID: 5, ENTITY_TYPE: 'smart_invoice', COMMENT: 'Счёт [1С: k]' } } })!;
	expect(comment.read).toEqual({ method: 'crm.timeline.comment.list', params: { filter: { ENTITY_ID: 5, ENTITY_TYPE: 'smart_invoice' }, select: ['ID', 'COMMENT'], order: { ID: 'DESC' } } });
	expect(comment.answer([{ ID: '3', COMMENT: 'другой' }, { ID: '4', COMMENT: 'Счёт [1С: k]' }])).toBe(4);
	expect(comment.answer([{ ID: '3', COMMENT: 'другой' }])).toBeUndefined();
});

it('under the sandbox faults striking after processing, 40 keyed creates make 40 companies', async () => {
	sb.portal.faults.configure({ reset: 0.15, http500: 0.1, html: 0.1, after: 1, seed: 5 });
	try {
		const client = await Bitrix24Client.create(fakeHost(creds()), 'webhook', FAST);
		const cmds = Array.from({ length: 40 }, (_x, i) => ({ method: 'crm.company.add', params: { fields: { TITLE: `Сбой ${i}`, ORIGINATOR_ID: 'test/bp30', ORIGIN_ID: `guid-fault-${i}` } } }));
		// one by one (single calls) and in batches of 10
		for (let i = 0; i < 20; i++) expect((await client.runAll([cmds[i]]))[0].ok).toBe(true);
		for (let i = 20; i < 40; i += 10) expect((await client.runAll(cmds.slice(i, i + 10))).every((r) => r.ok)).toBe(true);
		for (let i = 0; i < 40; i++) expect({ i, n: companies(`guid-fault-${i}`).length }).toEqual({ i, n: 1 });
		const f = sb.portal.counters.faults;
		expect((f.resetAfter ?? 0) + (f.http500After ?? 0) + (f.htmlAfter ?? 0)).toBeGreaterThanOrEqual(3);
		expect(client.stats.lookedUp).toBeGreaterThanOrEqual(3);
	} finally {
		sb.portal.faults.configure({ reset: 0, http500: 0, html: 0, after: 0 });
	}
}, 60_000);

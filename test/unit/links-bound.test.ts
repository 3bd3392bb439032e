/**
 * Links → Get Bound 1C Objects on the real n8n engine against the Bitrix24 sandbox: the 1C objects
 * named by web-client links in a deal's timeline comments (F13) and, when asked, its own link; only
 * this base's address when the node has a 1C credential; batched reads; bad ids as error items.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { webClientLink } from '../../lib/onec-weblink';
import { b24Rest } from '../../scripts/checks/rest';
import { admin, sandbox } from '../helpers/b24';
import { runNode, type Credentials, type RunResult } from '../helpers/n8n';

const BASE = 'srv.test/unf';
const WEB = 'https://srv.test/unf/';
let b24: Bitrix24Sandbox;

beforeAll(async () => {
	b24 = await sandbox({ companies: 5 });
}, 60_000);
afterAll(async () => b24?.close());

const rest = async (method: string, body: unknown) => (await b24Rest(b24.webhookUrl, method, body)) as { result: unknown };
const addDeal = async (fields: IDataObject = {}) => String((await rest('crm.deal.add', { fields: { TITLE: 'Сделка', ...fields } })).result);
const comment = (deal: string, text: string) => rest('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: Number(deal), COMMENT: text } });

function bound(parameters: IDataObject, input: IDataObject[], withOneC = false): Promise<RunResult> {
	const creds: Credentials = { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } };
	if (withOneC) creds.oneCODataApi = { url: `${WEB}odata/standard.odata/`, user: 'u', password: 'p' };
	return runNode(
		{
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Links',
			onError: 'continueErrorOutput',
			credentials: { bitrix24WebhookApi: { id: '1', name: 'Bitrix24' }, ...(withOneC ? { oneCODataApi: { id: '2', name: '1C' } } : {}) },
			parameters: { authentication: 'webhook', baseId: BASE, operation: 'getBound', linkType: 'deal', b24Id: '={{ $json.deal }}', ...parameters },
		},
		input,
		creds,
	);
}

describe('a deal linked to one order, with two more orders and a sale in its timeline', () => {
	const [linked, second, third, sale, foreign] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
	let deal: string;
	let bare: string;
	beforeAll(async () => {
		deal = await addDeal({ ORIGINATOR_ID: BASE, ORIGIN_ID: linked });
		bare = await addDeal();
		await comment(deal, `Создан в 1С: Заказ покупателя № 1.\nОткрыть в 1С: ${webClientLink(WEB, 'Document_ЗаказПокупателя', linked)}`);
		await comment(deal, `Заказ № 2: ${webClientLink(WEB, 'Document_ЗаказПокупателя', second)} и расходная: ${webClientLink(WEB, 'Document_РасходнаяНакладная', sale)}`);
		await comment(deal, 'Просто комментарий без ссылок');
		await comment(deal, `[URL=${webClientLink(WEB, 'Document_ЗаказПокупателя', third)}]Заказ № 3[/URL]`);
		// a link into another 1C base
		await comment(deal, webClientLink('https://other.test/bp30/', 'Document_ЗаказПокупателя', foreign)!);
	});

	it('gives the orders: the link first, then the timeline, each once; of the chosen type only', async () => {
		const r = await bound({ objectType: 'Document_ЗаказПокупателя', linkHolds: 'Document_ЗаказПокупателя' }, [{ deal }], true);
		expect(r.outputs[1] ?? []).toEqual([]);
		expect(r.outputs[0].map((x) => x.json)).toEqual([
			{
				type: 'deal',
				b24Id: deal,
				baseId: BASE,
				entitySet: 'Document_ЗаказПокупателя',
				found: true,
				objects: [
					{ entitySet: 'Document_ЗаказПокупателя', onecRef: linked, source: 'link' },
					{ entitySet: 'Document_ЗаказПокупателя', onecRef: second, source: 'timeline', commentId: expect.any(Number) },
					{ entitySet: 'Document_ЗаказПокупателя', onecRef: third, source: 'timeline', commentId: expect.any(Number) },
				],
			},
		]);
	});

	it('without a 1C credential every base counts; without a type every object; without «link holds» the link does not', async () => {
		const r = await bound({}, [{ deal }]);
		const objects = r.outputs[0][0].json.objects as IDataObject[];
		expect(objects.map((o) => [o.entitySet, o.onecRef])).toEqual([
			['Document_ЗаказПокупателя', linked],
			['Document_ЗаказПокупателя', second],
			['Document_РасходнаяНакладная', sale],
			['Document_ЗаказПокупателя', third],
			['Document_ЗаказПокупателя', foreign],
		]);
		expect(objects.every((o) => o.source === 'timeline')).toBe(true);
		const sales = await bound({ objectType: 'Document_РасходнаяНакладная', linkHolds: 'Document_ЗаказПокупателя' }, [{ deal }], true);
		expect((sales.outputs[0][0].json.objects as IDataObject[]).map((o) => o.onecRef)).toEqual([sale]);
	});

	it('many deals in one batched read; a deal with nothing bound is found: false; bad ids are error items', async () => {
		const before = (await admin(b24, 'counters')) as { requests: number };
		const input = [{ deal }, { deal: bare }, { deal: 'abc' }, ...Array.from({ length: 60 }, () => ({ deal: bare }))];
		const r = await bound({ objectType: 'Document_ЗаказПокупателя' }, input, true);
		const after = (await admin(b24, 'counters')) as { requests: number };
		expect(r.outputs[0]).toHaveLength(62);
		expect(r.outputs[0][1].json).toMatchObject({ b24Id: bare, found: false, objects: [] });
		expect(r.outputs[1].map((x) => x.json.error)).toEqual([expect.stringMatching(/deal ID "abc" is not a positive integer/)]);
		// two different deals: one batch of timeline reads
		expect(after.requests - before.requests).toBe(1);
	});

	it('refuses link types without a timeline', async () => {
		const r = await bound({ linkType: 'requisite' }, [{ deal }]);
		expect(r.error?.message ?? String(r.outputs[1]?.[0]?.json.error)).toMatch(/deals, companies, contacts and leads/);
	});
});

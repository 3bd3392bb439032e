/** Bad input through the Bitrix24 node (webhook and OAuth2) against the Bitrix24 sandbox. */
import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { admin, post } from '../helpers/b24';
import type { Credentials } from '../helpers/n8n';
import { MARKERS, type BadInputCase, type Env } from './env';

const call = async (env: Env, method: string, params: IDataObject) => (await post(`${env.b24.webhookUrl}${method}`, params)).body as IDataObject;
const getCompany = { resource: 'company', operation: 'get', id: '={{ $json.id }}' };
const createCompany = { resource: 'company', operation: 'create', fields: { TITLE: '={{ $json.title }}' } };
const LONG = 'Комментарий 🙂 '.repeat(667).slice(0, 10_000);

/** an OAuth2 credential whose access token has expired and whose refresh token the portal no longer knows */
async function expiredOAuth(env: Env): Promise<Credentials> {
	const t = await admin(env.b24, 'oauth/issue', {});
	await admin(env.b24, 'oauth/expire', { accessToken: t.access_token });
	return {
		bitrix24OAuth2Api: {
			portalUrl: env.b24.baseUrl,
			clientId: DEFAULT_APP.clientId,
			clientSecret: DEFAULT_APP.clientSecret,
			accessTokenUrl: `${env.b24.baseUrl}/oauth/token/`,
			authUrl: `${env.b24.baseUrl}/oauth/authorize/`,
			grantType: 'authorizationCode',
			authentication: 'body',
			oauthTokenData: { access_token: t.access_token, refresh_token: `${String(t.refresh_token).slice(0, -4)}dead`, token_type: 'Bearer' },
		},
	};
}

export const B24_CASES: BadInputCase[] = [
	{
		name: 'Bitrix24: a wrong webhook code',
		node: 'bitrix24',
		creds: 'b24BadCode',
		parameters: getCompany,
		input: [{ id: 1 }],
		errors: { 0: /^Bitrix24 crm\.company\.get: Invalid request credentials \(INVALID_CREDENTIALS\)/ },
	},
	{
		name: 'Bitrix24: an expired OAuth token that cannot be refreshed',
		node: 'bitrix24',
		creds: expiredOAuth,
		parameters: { authentication: 'oAuth2', ...getCompany },
		input: [{ id: 1 }],
		errors: { 0: /^Bitrix24 crm\.company\.get: the OAuth2 access token has expired and could not be refreshed .* reconnect the Bitrix24 OAuth2 credential/ },
	},
	{
		name: 'Bitrix24: an HTML page instead of JSON',
		node: 'bitrix24',
		creds: 'b24Proxy',
		parameters: createCompany,
		input: [{ title: MARKERS.html }],
		errors: { 0: /^Bitrix24 crm\.company\.add: the portal answered with an HTML page "502 Bad Gateway" instead of JSON/ },
	},
	{
		name: 'Bitrix24: a malformed JSON body',
		node: 'bitrix24',
		creds: 'b24Proxy',
		parameters: createCompany,
		input: [{ title: MARKERS.badJson }],
		errors: { 0: /^Bitrix24 crm\.company\.add: the portal answered with malformed JSON \(HTTP 200, \d+ characters starting/ },
	},
	{
		name: 'Bitrix24: a response cut short',
		node: 'bitrix24',
		creds: 'b24Proxy',
		parameters: createCompany,
		input: [{ title: MARKERS.cut }],
		errors: { 0: /^Bitrix24 crm\.company\.add: the portal answered with malformed JSON .* cut short/ },
	},
	{
		name: 'Bitrix24: a company that does not exist among existing ones',
		node: 'bitrix24',
		parameters: getCompany,
		input: [{ id: 1 }, { id: 999999 }, { id: 2 }],
		errors: { 1: /^Bitrix24 crm\.company\.get: Not found/ },
	},
	{
		name: 'Bitrix24: Cyrillic and emoji in a company name round-trip',
		node: 'bitrix24',
		parameters: createCompany,
		input: [{ title: 'ООО «Ёлка-Палка» 🎄🚀' }, { title: 'ИП Щукин Ъ. Ё. — «Кафе» ☕ 👨‍👩‍👧' }],
		errors: {},
		check: async (r, env) => {
			const back = await Promise.all(r.items.map((x) => call(env, 'crm.company.get', { id: x.json.id })));
			expect(back.map((b) => (b.result as IDataObject).TITLE)).toEqual(['ООО «Ёлка-Палка» 🎄🚀', 'ИП Щукин Ъ. Ё. — «Кафе» ☕ 👨‍👩‍👧']);
		},
	},
	{
		name: 'Bitrix24: a 10,000-character timeline comment round-trips',
		node: 'bitrix24',
		parameters: { resource: 'timelineComment', operation: 'create', ownerType: 'deal', ownerId: '={{ $json.id }}', comment: '={{ $json.text }}' },
		input: [{ id: 1, text: LONG }, { id: 1, text: 'короткий' }],
		errors: {},
		check: async (r, env) => {
			const got = await call(env, 'crm.timeline.comment.get', { id: r.items[0].json.id });
			expect((got.result as IDataObject).COMMENT).toBe(LONG);
		},
	},
	{
		name: 'Bitrix24: a timeline comment on a deal that does not exist',
		node: 'bitrix24',
		parameters: { resource: 'timelineComment', operation: 'create', ownerType: 'deal', ownerId: '={{ $json.id }}', comment: 'x' },
		input: [{ id: 1 }, { id: 98765432 }],
		errors: { 1: /^Bitrix24 crm\.timeline\.comment\.add: Not found/ },
	},
	{
		name: 'Bitrix24: a deal with 2,000 product rows',
		node: 'bitrix24',
		parameters: { resource: 'productRow', operation: 'setAll', ownerType: 'D', ownerId: '={{ $json.id }}', rowsJson: '={{ JSON.stringify($json.rows) }}' },
		input: [
			{ id: 2, rows: Array.from({ length: 2000 }, (_x, k) => ({ productName: `Позиция ${k + 1}`, price: 10 + k, quantity: 1 })) },
			{ id: 3, rows: [{ productName: 'Одна', price: 1, quantity: 1 }] },
		],
		errors: {},
		ok: [0, 1],
		check: async (_r, env) => {
			const rows = (await call(env, 'crm.deal.productrows.get', { id: 2 })).result as IDataObject[];
			expect(rows).toHaveLength(2000);
			expect(rows.map((x) => x.PRODUCT_NAME)).toEqual(Array.from({ length: 2000 }, (_x, k) => `Позиция ${k + 1}`));
		},
	},
	{
		name: 'Bitrix24: product rows of an owner that does not exist',
		node: 'bitrix24',
		parameters: { resource: 'productRow', operation: 'setAll', ownerType: 'D', ownerId: '={{ $json.id }}', rowsJson: '[{"productName":"x","price":1,"quantity":1}]' },
		input: [{ id: 4 }, { id: 99999 }],
		errors: { 1: /^Bitrix24 crm\.item\.productrow\.set: Owner was not found/ },
	},
	{
		name: 'Bitrix24: a product row that does not exist',
		node: 'bitrix24',
		parameters: { resource: 'productRow', operation: 'get', rowId: '={{ $json.id }}' },
		input: [{ id: 99999999 }],
		errors: { 0: /^Bitrix24 crm\.item\.productrow\.get: Product row not found/ },
	},
	{
		name: 'Bitrix24: a raw call of a method that does not exist',
		node: 'bitrix24',
		parameters: { resource: 'rawCall', operation: 'call', method: '={{ $json.method }}', params: '={{ JSON.stringify({ id: $json.id }) }}' },
		input: [
			{ method: 'crm.company.get', id: 1 },
			{ method: 'crm.nosuch.method', id: 1 },
		],
		errors: { 1: /^Bitrix24 crm\.nosuch\.method: Method not found/ },
	},
	{
		name: 'Bitrix24: raw call parameters that are not JSON',
		node: 'bitrix24',
		parameters: { resource: 'rawCall', operation: 'call', method: 'crm.company.get', params: '={{ $json.p }}' },
		input: [{ p: '{"id": 1}' }, { p: '{"id": 1,,' }],
		errors: { 1: /^The parameter "params" is not valid JSON/ },
	},
];

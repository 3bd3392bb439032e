import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { admin, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node with an OAuth2 application on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ companies: 5 });
	});
	afterAll(async () => sb.close());

	it('calls with Bearer, and on 401 expired_token n8n refreshes the token once and the call succeeds', async () => {
		const t = await admin(sb, 'oauth/issue', {});
		const creds: Credentials = {
			bitrix24OAuth2Api: {
				portalUrl: sb.baseUrl,
				clientId: DEFAULT_APP.clientId,
				clientSecret: DEFAULT_APP.clientSecret,
				accessTokenUrl: `${sb.baseUrl}/oauth/token/`,
				authUrl: `${sb.baseUrl}/oauth/authorize/`,
				grantType: 'authorizationCode',
				authentication: 'body',
				oauthTokenData: { access_token: t.access_token, refresh_token: t.refresh_token, token_type: 'Bearer' },
			},
		};
		const spec = { parameters: { authentication: 'oAuth2', resource: 'company', operation: 'getAll', returnAll: false, limit: 3 }, credentials: { bitrix24OAuth2Api: { id: '2', name: 'B24 app' } } };
		const first = await runNode(spec, [{}], creds);
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(3);

		await admin(sb, 'oauth/expire', { accessToken: t.access_token });
		await admin(sb, 'counters/reset', {});
		const second = await runNode(spec, [{}], creds);
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(3);
		const saved = creds.bitrix24OAuth2Api.oauthTokenData as { access_token: string; refresh_token: string };
		expect(saved.access_token).not.toBe(t.access_token);
		expect(saved.refresh_token).not.toBe(t.refresh_token);
		const c = await admin(sb, 'counters');
		expect(c.byStatus['401']).toBe(1);
		expect(c.byStatus['200']).toBe(1);

		// a 4xx in OAuth mode is read from the thrown error: routed per item, not retried
		await admin(sb, 'counters/reset', {});
		const missing = await runNode({ ...spec, parameters: { authentication: 'oAuth2', resource: 'company', operation: 'get', id: '999999' }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(missing.items[0].json.error).toBe('Bitrix24 crm.company.get: Not found');
		expect((await admin(sb, 'counters')).requests).toBe(1);
	});
});

/**
 * Issue 10 «Secrets»: every template runs with the sandboxes' faults on (errors, retries and
 * error items are where a secret would slip out), plus one template on the Bitrix24 OAuth2
 * credential (its access token expired, so n8n refreshes it) and the print-form template
 * started by a real event through the Bitrix24 Trigger. Everything is collected — each execution's
 * IRun incl. sub-workflow runs, every error (message, description, stack), every console.* and
 * LoggerProxy line — and the webhook code, the OAuth tokens (old and refreshed) and client secret,
 * the 1C password (and its Basic token) and the application token must appear nowhere. Negative
 * controls prove the collector sees runs, errors and logs.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';
import { DEFAULT_APP } from '../../sandbox/bitrix24/portal';
import { ONEC_USERS } from '../../sandbox/onec/server';
import { admin } from '../helpers/b24';
import { fakeWebhookContext } from '../helpers/b24-host';
import { oneCCredential } from '../helpers/onec-host';
import { template } from '../helpers/templates';
import { runWorkflow, type WorkflowRunResult } from '../helpers/workflow';
import { basicToken, Collector, secretForms } from './collect';
import { B24_FAULTS, quickerBackoff, startPair, TEMPLATE_FILES, type Pair } from './env';
import { startEventSink, type EventSink } from '../helpers/event-sink';

const WEBHOOK_CODE = 'whk7QzSecretCode91x';
const ONEC_USER = 'odata-secrets-user';
const ONEC_PASSWORD = 'Pw-9fQ2-секрет-1C';
const APP_TOKEN = 'apptokSecret5kV8nQ2w';
const MARKER = 'Контроль-Маркер-8812';
const TRIGGER = 'Bitrix24 Trigger: invoice changed';

let pair: Pair;
let hook: EventSink;
const collector = new Collector();
const failed: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
	quickerBackoff();
	// a distinctive 1C user and password in every base
	for (const users of Object.values(ONEC_USERS)) users.push({ user: ONEC_USER, password: ONEC_PASSWORD });
	pair = await startPair({ companies: 100, faults: true, after: 0.5, webhookCode: WEBHOOK_CODE, onec: { user: ONEC_USER, password: ONEC_PASSWORD } });
	// planted: a 1C counterparty whose name the client sync carries into its run data (negative control)
	const bp = pair.onec.state.bases.get('bp30')!;
	const some = [...bp.table('Catalog_Контрагенты').values()].find((r) => !r.IsFolder && r.ИНН)!;
	some.Description = MARKER;
	hook = await startEventSink();
	collector.start();
}, 60_000);
afterAll(async () => {
	collector.stop();
	for (const users of Object.values(ONEC_USERS)) users.splice(users.findIndex((u) => u.user === ONEC_USER), 1);
	hook?.server.close();
	await pair?.close();
});

const record = (name: string, r: WorkflowRunResult, subRuns: WorkflowRunResult[]) => {
	collector.addRun(r, subRuns);
	if (r.status !== 'success') failed.push(`${name}: ${r.status} ${r.error?.message ?? ''}`);
};

it('runs every template with faults on', async () => {
	for (const file of TEMPLATE_FILES) {
		const subRuns: WorkflowRunResult[] = [];
		record(file, await pair.run(file, { subRuns }), subRuns);
	}
}, 400_000); // 08 alone takes 20–50 s under faults; far more on a loaded machine

it('runs the client sync on the OAuth2 credential, its access token expired (n8n refreshes it)', async () => {
	const t = (await admin(pair.b24, 'oauth/issue', {})) as { access_token: string; refresh_token: string };
	tokens.push(t.access_token, t.refresh_token);
	const oauth: ICredentialDataDecryptedObject = {
		portalUrl: pair.b24.baseUrl,
		clientId: DEFAULT_APP.clientId,
		clientSecret: DEFAULT_APP.clientSecret,
		accessTokenUrl: `${pair.b24.baseUrl}/oauth/token/`,
		authUrl: `${pair.b24.baseUrl}/oauth/authorize/`,
		grantType: 'authorizationCode',
		authentication: 'body',
		oauthTokenData: { access_token: t.access_token, refresh_token: t.refresh_token, token_type: 'Bearer' },
	};
	const wf = template('01-client-sync-1c-to-bitrix24.json');
	for (const n of wf.nodes) {
		if (!n.credentials?.bitrix24WebhookApi) continue;
		n.parameters.authentication = 'oAuth2';
		n.credentials = { ...n.credentials, bitrix24OAuth2Api: { id: 'b24App', name: 'Bitrix24 app' } };
		delete n.credentials.bitrix24WebhookApi;
	}
	const creds = { bitrix24OAuth2Api: oauth, bitrix24WebhookApi: { webhookUrl: pair.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(pair.onec.publications.find((p) => p.id === 'bp30')!, { user: ONEC_USER, password: ONEC_PASSWORD, timeout: 1 }) };
	// the token has expired when the run starts: n8n refreshes it on the first 401 (old and new tokens both checked)
	await admin(pair.b24, 'oauth/expire', { accessToken: t.access_token });
	const subRuns: WorkflowRunResult[] = [];
	record('01 on OAuth2', await runWorkflow(wf, creds, { subRuns, dataTables: pair.tables }), subRuns);
	const saved = oauth.oauthTokenData as { access_token: string; refresh_token: string };
	tokens.push(saved.access_token, saved.refresh_token);
	// the run refreshed the token
	expect(saved.access_token).not.toBe(t.access_token);
}, 120_000);

it('runs the print form from a real event through the Bitrix24 Trigger (application token checked)', async () => {
	await admin(pair.b24, 'outbound-webhook', { handler: hook.url, events: ['ONCRMDYNAMICITEMUPDATE'], applicationToken: APP_TOKEN });
	const wf = template('06-print-form-to-timeline.json');
	const trigger = wf.nodes.find((n) => n.name === TRIGGER)!;
	trigger.parameters.applicationToken = APP_TOKEN;
	const creds = { bitrix24WebhookApi: { webhookUrl: pair.b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(pair.onec.publications.find((p) => p.id === 'bp30')!, { user: ONEC_USER, password: ONEC_PASSWORD, timeout: 1 }) };
	const invoice = pair.b24.portal.store.find('item')!.all().find((x) => Number(x.entityTypeId) === 31 && String(x.xmlId ?? '').includes(':'))!;
	// the change goes through REST without faults (setup), the event is delivered to our handler
	pair.b24.portal.faults.configure({ ...B24_FAULTS, http500: 0, reset: 0, html: 0, queryLimit: 0, operationLimit: 0, slow: 0 });
	await fetch(`${pair.b24.webhookUrl}crm.item.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId: 31, id: invoice.id, fields: { stageId: 'DT31_2:S' } }) });
	await admin(pair.b24, 'events/idle');
	pair.b24.portal.faults.configure({ ...B24_FAULTS, after: 0.5 });
	expect(hook.bodies.length).toBeGreaterThanOrEqual(1);
	// the delivery carries the token (so the collector would see it if it were passed on) …
	expect(hook.bodies[0].toString('utf8')).toContain(APP_TOKEN);
	const { ctx } = fakeWebhookContext(trigger.parameters, creds, { rawBody: hook.bodies[0] });
	const out = (await new Bitrix24Trigger().webhook.call(ctx)).workflowData?.[0] ?? [];
	collector.add(out);
	expect(out).toHaveLength(1);
	// … and a delivery with a wrong token is refused without echoing either token
	const forged = Buffer.from(hook.bodies[0].toString('utf8').replace(APP_TOKEN, 'forgedToken000'));
	const bad = fakeWebhookContext(trigger.parameters, creds, { rawBody: forged });
	const refused = await new Bitrix24Trigger().webhook.call(bad.ctx).catch((e: unknown) => e);
	collector.add(refused);
	collector.add(bad.res);
	const subRuns: WorkflowRunResult[] = [];
	record('06 print form from the trigger', await runWorkflow(wf, creds, { startNode: TRIGGER, input: out.map((x) => x.json), subRuns, dataTables: pair.tables }), subRuns);
}, 120_000);

it('no secret appears in any run, error or log line; the collector sees the runs, errors and logs', async () => {
	collector.stop();
	expect(failed).toEqual([]);
	const text = collector.all();
	const f = await pair.faultCounts();
	console.log(`[secrets] ${collector.texts.length} run texts, ${collector.logLines.length} log lines, ${(text.length / 1e6).toFixed(1)} MB; faults injected: Bitrix24 ${JSON.stringify(f.b24)} of ${f.b24Requests}, 1C ${JSON.stringify(f.onec)} of ${f.onecRequests}`);
	const secrets: Record<string, string> = {
		'webhook code': WEBHOOK_CODE,
		'1C password': ONEC_PASSWORD,
		'1C Basic token': basicToken(ONEC_USER, ONEC_PASSWORD),
		'application token': APP_TOKEN,
		'OAuth client secret': DEFAULT_APP.clientSecret,
		...Object.fromEntries(tokens.map((t, i) => [`OAuth token ${i + 1}`, t])),
	};
	expect(tokens).toHaveLength(4);
	const found = Object.entries(secrets).flatMap(([name, s]) => secretForms(s).filter((form) => text.includes(form)).map(() => name));
	expect(found).toEqual([]);
	// negative controls: the planted 1C name reached the run data, errors and log lines were collected
	expect(text).toContain(MARKER);
	expect(text).toMatch(/Error journal/);
	// the engine's own log lines were caught (LoggerProxy: «Start executing node "…"» of every run)
	expect(collector.logLines.filter((l) => /Start executing node "Run now"/.test(l)).length).toBeGreaterThanOrEqual(TEMPLATE_FILES.length - 1);
	expect(collector.flat(new Error(`x ${WEBHOOK_CODE}`))).toContain(WEBHOOK_CODE);
});

/**
 * The bad-input corpus (issue 10): every case runs one node on the real n8n engine with
 * On Error → Continue (using error output) against the sandboxes. Each bad item must come out as
 * an error item whose text names the object and the cause; every other item of the same run must
 * complete; no secret of the credentials (webhook code, 1C password, OAuth tokens) may appear in
 * any error text. Cases that must not error (escaped `$filter` injection, Cyrillic and emoji, long
 * strings that fit) check what was stored or returned instead.
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { PACKAGE, runNode, type Credentials, type RunResult } from '../helpers/n8n';
import { resolve, secretsOf, startEnv, stopEnv, type BadInputCase, type Env, type NodeKind } from './env';
import { ONEC_CASES } from './cases-1c';
import { B24_CASES } from './cases-b24';
import { LOGIC_CASES } from './cases-logic';

const TYPES: Record<NodeKind, string> = {
	oneC: `${PACKAGE}.oneC`,
	bitrix24: `${PACKAGE}.bitrix24`,
	match: `${PACKAGE}.oneCBitrix24Match`,
	links: `${PACKAGE}.oneCBitrix24Links`,
	mapping: `${PACKAGE}.oneCBitrix24Mapping`,
};

const CREDENTIAL_REFS: Record<NodeKind, Record<string, { id: string; name: string }>> = {
	oneC: { oneCODataApi: { id: 'c1', name: '1C' } },
	bitrix24: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
	match: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
	links: { bitrix24WebhookApi: { id: '1', name: 'B24' } },
	mapping: {},
};

let env: Env;
beforeAll(async () => {
	env = await startEnv();
	const c = await OneCClient.create(fakeOneCHost(oneCCredential(env.pub)));
	env.state.cps = await c.list('Catalog_Контрагенты', { returnAll: true, select: 'Ref_Key,Description,ИНН,КПП' });
}, 60_000);
afterAll(async () => stopEnv(env));

const itemOf = (x: INodeExecutionData) => (x.pairedItem as { item: number } | undefined)?.item;
const isError = (x: INodeExecutionData) => x.json.error !== undefined;

async function credsFor(c: BadInputCase): Promise<Credentials> {
	if (typeof c.creds === 'string') return env.creds[c.creds];
	if (c.creds) return resolve(c.creds, env);
	return c.node === 'oneC' ? env.creds.onec : c.node === 'mapping' ? {} : env.creds.b24;
}

async function runCase(c: BadInputCase): Promise<{ r: RunResult; creds: Credentials; input: IDataObject[] }> {
	const creds = await credsFor(c);
	const parameters = await resolve(c.parameters, env);
	const input = await resolve(c.input, env);
	const binary = c.binary?.(env) as Array<IBinaryKeyData | undefined> | undefined;
	const refs = 'bitrix24OAuth2Api' in creds ? { bitrix24OAuth2Api: { id: '2', name: 'B24 app' } } : CREDENTIAL_REFS[c.node];
	const r = await runNode({ type: TYPES[c.node], parameters, onError: 'continueErrorOutput', credentials: refs }, input, creds, { binary });
	return { r, creds, input };
}

const CASES: BadInputCase[] = [...ONEC_CASES, ...B24_CASES, ...LOGIC_CASES];

it('the corpus has at least 30 cases with unique names', () => {
	expect(CASES.length).toBeGreaterThanOrEqual(30);
	expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each([
	['1C node', ONEC_CASES],
	['Bitrix24 node', B24_CASES],
	['Match, Mapping and Links nodes', LOGIC_CASES],
])('%s', (_group, cases) => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		await c.before?.(env);
		try {
			const { r, creds, input } = await runCase(c);
			const all = r.outputs.flat();
			const errors = all.filter(isError);
			const texts = [...errors.map((e) => String(e.json.error)), ...(r.error ? [r.error.message] : [])];
			// every bad item is an error item with the expected text, paired to its input item
			for (const [k, re] of Object.entries(c.errors)) {
				const mine = errors.filter((e) => itemOf(e) === Number(k)).map((e) => String(e.json.error));
				expect({ item: Number(k), errors: mine.length ? mine : texts }).toEqual({ item: Number(k), errors: [expect.stringMatching(re)] });
			}
			// …and nothing else failed: the other items completed
			expect({ unexpected: errors.filter((e) => !(String(itemOf(e)) in c.errors)).map((e) => e.json.error) }).toEqual({ unexpected: [] });
			if (!Object.keys(c.errors).length) expect(r.error).toBeUndefined();
			const ok = c.ok ?? input.map((_x, k) => k).filter((k) => !(String(k) in c.errors));
			const completed = new Set(all.filter((x) => !isError(x)).map(itemOf));
			expect(ok.filter((k) => !completed.has(k))).toEqual([]);
			// no secret in any error text (message, description, the error items)
			const text = JSON.stringify([texts, errors.map((e) => [e.json, e.error?.message, e.error?.description]), r.error?.message, (r.error as { description?: string } | undefined)?.description]);
			for (const s of secretsOf(creds)) expect(text).not.toContain(s);
			await c.check?.(r, env);
		} finally {
			await c.after?.(env);
		}
	}, 60_000);
});



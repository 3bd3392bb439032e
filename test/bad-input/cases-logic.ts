/** Bad input through the Match, Mapping and Links nodes (Match and Links against the Bitrix24 sandbox). */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { linksToXml } from '../../lib/links-xml';
import { admin, post } from '../helpers/b24';
import { binaryOf } from '../helpers/n8n';
import type { BadInputCase, Env } from './env';

const BASE = 'sandbox/bp30';

// ---- Match

const matchCompany = (rule: string) => ({
	authentication: 'webhook',
	target: 'company',
	baseId: BASE,
	rule,
	linkFound: false,
	externalId: '={{ $json.ref }}',
	keys: { name: '={{ $json.name }}', phone: '={{ $json.phone }}', inn: '={{ $json.inn }}', kpp: '={{ $json.kpp }}' },
});
const matchBank = { authentication: 'webhook', target: 'bankDetail', baseId: BASE, linkFound: false, externalId: '={{ $json.ref }}', keys: { account: '={{ $json.account }}', bik: '={{ $json.bik }}' } };
const GOOD = { inn: '7707083893', kpp: '773601001', bik: '044525225', account: '40702810438000000006' };
const ref = () => randomUUID();

// ---- Mapping

const ROWS = { row: [{ b24: 'NEW', onec: 'Новый' }, { b24: 'WON', onec: 'Выполнен' }, { b24: 'C1:NEW', onec: 'В работе' }] };
const mapping = (extra: IDataObject) => ({ operation: 'map', kind: 'dealStage', tableSource: 'ui', rows: ROWS, outputField: 'mapped', ...extra });

// ---- Links

const importLinks = { authentication: 'webhook', baseId: BASE, operation: 'import' };
const xmlFile = (xml: string) => ({ data: binaryOf(Buffer.from(xml, 'utf8'), 'links.xml', 'application/xml') });
/** a good links file of `n` fresh refs onto the companies `ids` (default 1…n) */
function goodXml(env: Env, n: number, ...ids: number[]): string {
	const refs = Array.from({ length: n }, () => randomUUID());
	(env.state.goodRefs as string[] | undefined)?.push(...refs);
	return linksToXml(
		refs.map((onecRef, k) => ({ type: 'company' as const, baseId: BASE, onecRef, b24Id: String(ids[k] ?? k + 1) })),
		{ baseId: BASE, exportedAt: new Date() },
	);
}
/** the good file with something put in front of its root element or into its first link */
const withProlog = (xml: string, prolog: string) => xml.replace('<links', `${prolog}\n<links`);
const BOMB = `<!DOCTYPE links [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>`;

/** the companies' link fields as stored by the sandbox */
const linkedRefs = async (env: Env) => new Set(((await admin(env.b24, 'table/company')) as IDataObject[]).map((c) => String(c.ORIGIN_ID ?? '')));

/** a Links import case: item 0 is the bad file (nothing of it may be written), item 1 a good file (written) */
function badFile(name: string, bad: (good: string, env: Env) => string, error: RegExp): BadInputCase {
	return {
		name,
		node: 'links',
		parameters: importLinks,
		input: [{}, {}],
		before: async (env) => {
			env.state.goodRefs = [];
			const first = goodXml(env, 2);
			env.state.badRefs = [...(env.state.goodRefs as string[])];
			env.state.goodRefs = [];
			// each case links two companies of its own (companies 5…)
			const ids = ((await admin(env.b24, 'table/company')) as IDataObject[]).filter((c) => c.IS_MY_COMPANY !== 'Y').map((c) => Number(c.ID));
			const at = Number(env.state.nextCompany ?? 4);
			env.state.nextCompany = at + 2;
			env.state.files = [bad(first, env), goodXml(env, 2, ids[at], ids[at + 1])];
		},
		binary: (env) => (env.state.files as string[]).map(xmlFile),
		errors: { 0: error },
		check: async (r, env) => {
			const stored = await linkedRefs(env);
			for (const x of env.state.badRefs as string[]) expect(stored.has(x)).toBe(false);
			for (const x of env.state.goodRefs as string[]) expect(stored.has(x)).toBe(true);
			expect(r.outputs[0].map((x) => x.json)).toEqual([expect.objectContaining({ set: 2 })]);
		},
	};
}

export const LOGIC_CASES: BadInputCase[] = [
	{
		name: 'Match: an INN with a wrong checksum',
		node: 'match',
		parameters: matchCompany('inn+kpp'),
		input: () => [
			{ ref: ref(), inn: GOOD.inn, kpp: GOOD.kpp },
			{ ref: ref(), inn: '7707083894', kpp: GOOD.kpp },
		],
		errors: { 1: /^1C object [0-9a-f-]{36}: INN "7707083894" fails its checksum — not used for matching/ },
	},
	{
		name: 'Match: a KPP that is not a KPP',
		node: 'match',
		parameters: matchCompany('inn+kpp'),
		input: () => [
			{ ref: ref(), inn: GOOD.inn, kpp: 'ABCD01001' },
			{ ref: ref(), inn: GOOD.inn, kpp: GOOD.kpp },
		],
		errors: { 0: /^1C object [0-9a-f-]{36}: KPP "ABCD01001" fails its checksum/ },
	},
	{
		name: 'Match: a BIK that is not a BIK',
		node: 'match',
		parameters: matchBank,
		input: () => [
			{ ref: ref(), account: GOOD.account, bik: '123456789' },
			{ ref: ref(), account: GOOD.account, bik: GOOD.bik },
		],
		errors: { 0: /^1C object [0-9a-f-]{36}: BIK "123456789" fails its checksum/ },
	},
	{
		name: "Match: an account whose control key does not fit the BIK",
		node: 'match',
		parameters: matchBank,
		input: () => [
			{ ref: ref(), account: GOOD.account, bik: GOOD.bik },
			{ ref: ref(), account: '40702810438000000007', bik: GOOD.bik },
		],
		errors: { 1: /^1C object [0-9a-f-]{36}: account "40702810438000000007" fails its checksum/ },
	},
	{
		name: 'Match: a duplicate counterparty pair in Bitrix24 names both candidates',
		node: 'match',
		before: async (env) => {
			const add = async () => (await post(`${env.b24.webhookUrl}crm.company.add`, { fields: { TITLE: 'ООО «Двойник» 👯', PHONE: [{ VALUE: '+7 495 777-66-55', VALUE_TYPE: 'WORK' }] } })).body.result as number;
			env.state.twins = [String(await add()), String(await add())];
		},
		parameters: matchCompany('name+phone'),
		input: () => [
			{ ref: ref(), name: 'ООО Двойник 👯', phone: '8 (495) 777-66-55' },
			{ ref: ref(), name: 'ООО Одиночка', phone: '+7 495 111-00-00' },
		],
		errors: { 0: /^1C object [0-9a-f-]{36}: 2 candidates match by name\+phone: \d+, \d+ — resolve the duplicates, nothing was written/ },
		check: (r, env) => {
			const text = String(r.outputs.flat().find((x) => x.json.error)!.json.error);
			for (const id of env.state.twins as string[]) expect(text).toMatch(new RegExp(`\\b${id}\\b`));
		},
	},
	{
		name: 'Match: a rule naming an unknown key',
		node: 'match',
		parameters: matchCompany('name+colour'),
		input: [{ ref: '11111111-2222-3333-4444-555555555555', name: 'x' }],
		errors: { 0: /^Matching rule: Unknown match key "colour"/ },
	},
	{
		name: 'Mapping: an unmapped Bitrix24 stage (to 1C)',
		node: 'mapping',
		parameters: mapping({ direction: 'toOneC', value: '={{ $json.stage }}' }),
		input: [{ stage: 'NEW' }, { stage: 'C9:NEW' }, { stage: 'WON' }],
		errors: { 1: /^Unmapped dealStage: Bitrix24 value "C9:NEW" in pipeline 9 has no row in the dealStage table/ },
	},
	{
		name: 'Mapping: an unmapped 1C status (to Bitrix24)',
		node: 'mapping',
		parameters: mapping({ direction: 'toB24', value: '={{ $json.state }}' }),
		input: [{ state: 'Отменен' }, { state: 'Выполнен' }],
		errors: { 0: /^Unmapped dealStage: 1C value "Отменен" in pipeline 0 has no row in the dealStage table/ },
	},
	{
		name: 'Mapping: a table of another kind',
		node: 'mapping',
		parameters: { operation: 'map', kind: 'user', tableSource: 'json', tableJson: JSON.stringify({ version: 1, kind: 'dealStage', rows: [{ b24: 'NEW', onec: 'Новый' }] }), direction: 'toOneC', value: 'NEW' },
		input: [{}],
		errors: { 0: /^The mapping JSON is a "dealStage" table; this node maps "user"/ },
	},
	{
		name: 'Mapping: a table that is not JSON',
		node: 'mapping',
		parameters: { operation: 'map', kind: 'dealStage', tableSource: 'json', tableJson: '{"kind":"dealStage","rows":[{"b24":"NEW",', direction: 'toOneC', value: 'NEW' },
		input: [{}],
		errors: { 0: /^The mapping JSON is not valid JSON: / },
	},
	badFile('Links: an XML entity bomb is rejected, nothing of it written', (good) => withProlog(good, BOMB), /^Links file "links\.xml" was not imported: Line 2: <!DOCTYPE> is not allowed in a links file \(no DTDs or entities\)/),
	badFile('Links: a DOCTYPE with an external entity is rejected', (good) => withProlog(good, '<!DOCTYPE links SYSTEM "file:///etc/passwd">'), /^Links file "links\.xml" was not imported: Line 2: <!DOCTYPE> is not allowed/),
	badFile('Links: a huge attribute is rejected', (good) => good.replace(/onecRef="([0-9a-f-]{36})"/, (_m, g: string) => `onecRef="${g}" version="${'A'.repeat(50_000)}"`), /^Links file "links\.xml" was not imported: Line 3: <link> #1: attribute version is 50000 characters long \(at most 1000\)/),
	badFile('Links: a file that is not well-formed', (good) => good.replace('</links>', ''), /^Links file "links\.xml" was not imported: Line \d+: not well-formed XML/),
	{
		name: 'Links: a 1C reference that is not a GUID',
		node: 'links',
		parameters: { authentication: 'webhook', baseId: BASE, operation: 'get', linkType: 'company', findBy: 'onecRef', onecRef: '={{ $json.ref }}' },
		input: [{ ref: randomUUID() }, { ref: "x' or 1 eq 1" }],
		errors: { 1: /^1C reference "x' or 1 eq 1" is not a GUID/ },
	},
];

/**
 * Match «Write Links» = «No, the next node writes them»: the node writes nothing; each item found
 * by a rule carries `match.linkFields` ({ORIGINATOR_ID, ORIGIN_ID}) and the Bitrix24 update that
 * follows writes them with its own fields — one write per entity; the next Match run finds those
 * entities by their link. «Yes» (the default) still writes the links itself.
 */
import type { IDataObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { admin, post, sandbox } from '../helpers/b24';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { runNode, type RunResult } from '../helpers/n8n';

const N = 40;
const BASE = 'sandbox/bp30';
let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
let counterparties: IDataObject[];

beforeAll(async () => {
	b24 = await sandbox({ companies: N });
	onec = await startOneCSandbox({ companies: N });
	const c = await OneCClient.create(fakeOneCHost(oneCCredential(onec.publications.find((p) => p.id === 'bp30')!)));
	const rows = await c.list('Catalog_Контрагенты', { returnAll: true, select: 'Ref_Key,DataVersion,Description,ИНН,КПП,ЮридическоеФизическоеЛицо' });
	counterparties = rows.filter((r) => r.ЮридическоеФизическоеЛицо === 'ЮридическоеЛицо').map((r) => ({ Ref_Key: r.Ref_Key, DataVersion: r.DataVersion, Description: r.Description, ИНН: r.ИНН, КПП: r.КПП }) as IDataObject);
}, 60_000);
afterAll(async () => {
	await b24?.close();
	await onec?.close();
});

const creds = () => ({ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } });
const node = { onError: 'continueErrorOutput' as const, credentials: { bitrix24WebhookApi: { id: '1', name: 'B24' } } };

function match(input: IDataObject[], writeLinks: 'yes' | 'next'): Promise<RunResult> {
	return runNode(
		{
			...node,
			type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Match',
			parameters: { authentication: 'webhook', target: 'company', baseId: BASE, rule: 'inn+kpp', writeLinks, keys: { inn: '={{ $json.ИНН }}', kpp: '={{ $json.КПП }}' } },
		},
		input,
		creds(),
	);
}

async function counters() {
	return (await admin(b24, 'counters')) as { byCommand: Record<string, number> };
}
const linkedIds = async () => ((await post(`${b24.webhookUrl}crm.company.list`, { filter: { ORIGINATOR_ID: BASE }, select: ['ID'] })).body.result as IDataObject[]).map((r) => String(r.ID)).sort();

it('«No, the next node writes them»: links travel as match.linkFields and go with the update, one write per company', async () => {
	await admin(b24, 'counters/reset', {});
	const first = await match(counterparties, 'next');
	expect(first.error).toBeUndefined();
	const found = first.outputs[0].filter((x) => !x.json.error);
	expect(found.length).toBeGreaterThan(N / 2);
	expect((await counters()).byCommand['crm.company.update']).toBeUndefined();
	expect(await linkedIds()).toEqual([]);
	for (const f of found) {
		const m = f.json.match as IDataObject;
		expect(m).toMatchObject({ via: 'rule', linked: false, linkFields: { ORIGINATOR_ID: BASE, ORIGIN_ID: f.json.Ref_Key } });
	}

	await admin(b24, 'counters/reset', {});
	const upd = await runNode(
		{
			...node,
			type: 'n8n-nodes-1c-bitrix24.bitrix24',
			parameters: { authentication: 'webhook', resource: 'company', operation: 'update', id: '={{ $json.match.id }}', fields: { ORIGIN_VERSION: '={{ $json.DataVersion }}' }, fieldsJson: '={{ JSON.stringify($json.match.linkFields || {}) }}' },
		},
		found.map((f) => f.json),
		creds(),
	);
	expect(upd.error).toBeUndefined();
	expect((await counters()).byCommand).toEqual({ 'crm.company.update': found.length });
	expect(await linkedIds()).toEqual(found.map((f) => String((f.json.match as IDataObject).id)).sort());

	// the next run: found by link, up to date, nothing to write
	const again = await match(counterparties, 'next');
	const [found2, upToDate2] = again.outputs;
	expect(upToDate2.length).toBe(found.length);
	expect(found2.filter((x) => !x.json.error && (x.json.match as IDataObject).linkFields)).toHaveLength(0);
}, 120_000);

it('«Yes» (the default): the node writes the links itself and outputs no linkFields', async () => {
	await admin(b24, 'reset', { companies: N });
	await admin(b24, 'counters/reset', {});
	const first = await match(counterparties, 'yes');
	const found = first.outputs[0].filter((x) => !x.json.error);
	expect(found.length).toBeGreaterThan(N / 2);
	expect((await counters()).byCommand['crm.company.update']).toBe(found.length);
	expect(found.every((f) => (f.json.match as IDataObject).linked === true && (f.json.match as IDataObject).linkFields === undefined)).toBe(true);
	expect(await linkedIds()).toEqual(found.map((f) => String((f.json.match as IDataObject).id)).sort());
}, 120_000);

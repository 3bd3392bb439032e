/**
 * The Links node on old invoices (`crm.invoice`): the link lives in `XML_ID` as
 * `<baseId>:<Ref_Key>`; Set, Get by invoice id or by 1C ref, Get Many of a base, a repeated Set
 * that writes nothing, Remove, and Export — against the Bitrix24 sandbox's seeded old invoices.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { isNodeLinkType, kindOf } from '../../nodes/Links/kinds';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { runNode } from '../helpers/n8n';

const BASE = 'srv.test/bp30';
let b24: Bitrix24Sandbox;

beforeAll(async () => {
	b24 = await sandbox({ companies: 40 });
}, 60_000);
afterAll(async () => b24?.close());

const invoices = async () => new Map(((await admin(b24, 'table/invoice')) as IDataObject[]).map((o) => [String(o.ID), o]));
const links = (parameters: IDataObject, input: IDataObject[] = [{}]) =>
	runNode(
		{ type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Links', onError: 'continueErrorOutput', parameters: { authentication: 'webhook', baseId: BASE, linkType: 'invoice', ...parameters } },
		input,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
	);

it('is a link type of the node, read and written through crm.invoice.list / crm.invoice.update', () => {
	expect(isNodeLinkType('invoice')).toBe(true);
	expect(kindOf('invoice')).toMatchObject({ list: 'crm.invoice.list', update: 'crm.invoice.update', idField: 'ID', select: ['ID', 'XML_ID'], label: 'old invoice' });
});

it('sets, reads, lists and removes old-invoice links in XML_ID', async () => {
	const before = await invoices();
	const ids = [...before.keys()].slice(0, 3);
	expect(ids).toHaveLength(3);
	const pairs = ids.map((id) => ({ id, ref: randomUUID() }));
	const set = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' }, pairs);
	expect(set.error).toBeUndefined();
	expect(set.outputs[0].map((x) => x.json.status)).toEqual(['set', 'set', 'set']);
	const after = await invoices();
	for (const p of pairs) expect(after.get(p.id)).toMatchObject({ XML_ID: `${BASE}:${p.ref}`, ORDER_TOPIC: before.get(p.id)!.ORDER_TOPIC, PRICE: before.get(p.id)!.PRICE });

	const byId = await links({ operation: 'get', findBy: 'b24Id', b24Id: '={{ $json.id }}' }, [...pairs, { id: [...after.keys()][5] }]);
	expect(byId.outputs[0].map((x) => x.json.found)).toEqual([true, true, true, false]);
	expect(byId.outputs[0][0].json).toMatchObject({ type: 'invoice', baseId: BASE, onecRef: pairs[0].ref, b24Id: pairs[0].id });
	const byRef = await links({ operation: 'get', findBy: 'onecRef', onecRef: '={{ $json.ref }}' }, [pairs[1], { ref: randomUUID() }]);
	expect(byRef.outputs[0].map((x) => [x.json.found, x.json.b24Id])).toEqual([[true, pairs[1].id], [false, undefined]]);
	const all = await links({ operation: 'getAll', returnAll: true });
	expect(all.outputs[0].map((x) => x.json.b24Id).sort()).toEqual(ids.slice().sort());

	const again = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' }, pairs);
	expect(again.outputs[0].map((x) => x.json.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	const dup = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' }, [{ id: [...after.keys()][6], ref: pairs[0].ref }]);
	expect(String(dup.outputs[1]?.[0]?.json.error)).toContain(`already linked to Bitrix24 invoice ${pairs[0].id}`);

	const removed = await links({ operation: 'remove', findBy: 'b24Id', b24Id: '={{ $json.id }}' }, [pairs[2]]);
	expect(removed.outputs[0][0].json.removed).toBe(true);
	expect((await invoices()).get(pairs[2].id)?.XML_ID ?? '').toBe('');
	const exported = await links({ operation: 'export', linkTypes: ['invoice'] });
	expect(exported.error).toBeUndefined();
	expect(exported.outputs[0][0].json).toMatchObject({ baseId: BASE, total: 2, counts: { invoice: 2 } });
});

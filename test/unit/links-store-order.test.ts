/**
 * The Links node on store orders (`sale.order`): the link lives in `id1c` (`<baseId>:<Ref_Key>`) and
 * `version1c`, the store's own `xmlId` (bx_…) is left alone; Get by order id or by 1C ref, Get Many
 * of a base, Remove — all against the Bitrix24 sandbox's sale tables.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { runNode } from '../helpers/n8n';

const BASE = 'srv.test/unf';
let b24: Bitrix24Sandbox;

beforeAll(async () => {
	b24 = await sandbox({ companies: 40 });
}, 60_000);
afterAll(async () => b24?.close());

const orders = async () => new Map(((await admin(b24, 'table/sale_order')) as IDataObject[]).map((o) => [String(o.id), o]));
const links = (parameters: IDataObject, input: IDataObject[] = [{}]) =>
	runNode(
		{ type: 'n8n-nodes-1c-bitrix24.oneCBitrix24Links', onError: 'continueErrorOutput', parameters: { authentication: 'webhook', baseId: BASE, linkType: 'storeOrder', ...parameters } },
		input,
		{ bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } },
	);

it('sets, reads, lists and removes store-order links in id1c/version1c without touching xmlId', async () => {
	const before = await orders();
	const ids = [...before.keys()].slice(0, 3);
	const pairs = ids.map((id, k) => ({ id, ref: randomUUID(), v: `AAAAAg${k}==` }));
	const set = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}', version: '={{ $json.v }}' }, pairs);
	expect(set.error).toBeUndefined();
	expect(set.outputs[0].map((x) => x.json.status)).toEqual(['set', 'set', 'set']);
	const after = await orders();
	for (const p of pairs) {
		const o = after.get(p.id)!;
		expect(o).toMatchObject({ id1c: `${BASE}:${p.ref}`, version1c: p.v, xmlId: before.get(p.id)!.xmlId });
		expect(String(o.xmlId)).toMatch(/^bx_/);
	}

	const byId = await links({ operation: 'get', findBy: 'b24Id', b24Id: '={{ $json.id }}' }, [...pairs, { id: String(Math.max(...[...after.keys()].map(Number))) }]);
	expect(byId.outputs[0].map((x) => x.json.found)).toEqual([true, true, true, false]);
	expect(byId.outputs[0][0].json).toMatchObject({ type: 'storeOrder', baseId: BASE, onecRef: pairs[0].ref, b24Id: pairs[0].id, version: pairs[0].v });
	const byRef = await links({ operation: 'get', findBy: 'onecRef', onecRef: '={{ $json.ref }}' }, [pairs[1], { ref: randomUUID() }]);
	expect(byRef.outputs[0].map((x) => [x.json.found, x.json.b24Id])).toEqual([[true, pairs[1].id], [false, undefined]]);

	const all = await links({ operation: 'getAll', returnAll: true });
	expect(all.outputs[0].map((x) => x.json.b24Id).sort()).toEqual(ids.slice().sort());

	// a second Set of the same links writes nothing; linking another order to a linked 1C ref is refused
	const again = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}', version: '={{ $json.v }}' }, pairs);
	expect(again.outputs[0].map((x) => x.json.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	const other = String([...after.keys()][5]);
	const dup = await links({ operation: 'set', onecRef: '={{ $json.ref }}', b24Id: '={{ $json.id }}' }, [{ id: other, ref: pairs[0].ref }]);
	expect(String(dup.outputs[1]?.[0]?.json.error)).toMatch(/already linked to Bitrix24 storeOrder/);

	const removed = await links({ operation: 'remove', findBy: 'b24Id', b24Id: '={{ $json.id }}' }, [pairs[2]]);
	expect(removed.outputs[0][0].json.removed).toBe(true);
	expect((await orders()).get(pairs[2].id)).toMatchObject({ id1c: '', version1c: '', xmlId: before.get(pairs[2].id)!.xmlId });

	// Export carries the store-order links of this base
	const exported = await links({ operation: 'export', linkTypes: ['storeOrder'] });
	expect(exported.error).toBeUndefined();
	expect(exported.outputs[0][0].json).toMatchObject({ baseId: BASE, total: 2, counts: { storeOrder: 2 } });
});

it('reads a bare GUID in id1c (written by the 1C exchange) as a legacy link, and never the store xmlId', async () => {
	const [id] = [...(await orders()).keys()].slice(10, 11);
	const ref = randomUUID();
	const res = await fetch(`${b24.webhookUrl}sale.order.update`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id, fields: { id1c: ref } }) });
	expect(res.status).toBe(200);
	const got = await links({ operation: 'get', findBy: 'b24Id', b24Id: '={{ $json.id }}' }, [{ id }, { id: String(Number(id) + 1) }]);
	expect(got.outputs[0][0].json).toMatchObject({ found: true, legacy: true, onecRef: ref, baseId: '' });
	expect(got.outputs[0][1].json.found).toBe(false);
});

/**
 * Create-then-verify (nodes/Bitrix24/actions/linkGuard.ts) on the real n8n engine against the
 * Bitrix24 sandbox: two node runs creating the same linked companies at the same moment leave one
 * company per link (the lower ID), and without the check they leave two.
 */
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

type Row = Record<string, unknown>;

describe('Bitrix24 node: company create with the link check', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 5 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } };
	});
	afterAll(async () => sb.close());

	const create = (linkGuard: string, refs: string[], originator = 'srv/bp30') =>
		runNode(
			{ parameters: { resource: 'company', operation: 'create', linkGuard, fields: { TITLE: '={{ "ООО " + $json.ref }}', ORIGINATOR_ID: originator, ORIGIN_ID: '={{ $json.ref }}' } } },
			refs.map((ref) => ({ ref })),
			creds,
		);
	const linked = async (originator: string) => {
		const rows = (await admin(sb, 'table/company')) as Row[];
		const by = new Map<string, number[]>();
		for (const r of rows) if (r.ORIGINATOR_ID === originator) by.set(String(r.ORIGIN_ID), [...(by.get(String(r.ORIGIN_ID)) ?? []), Number(r.ID)]);
		return by;
	};
	const refs = (p: string, n: number) => Array.from({ length: n }, (_, k) => `${p}-${k}`);

	it('two runs at the same moment without the check leave duplicates (the race is real)', async () => {
		const [a, b] = await Promise.all([create('off', refs('off', 60), 'race/off'), create('off', refs('off', 60), 'race/off')]);
		expect([a.items.length, b.items.length]).toEqual([60, 60]);
		const by = await linked('race/off');
		expect([...by.values()].filter((ids) => ids.length > 1)).toHaveLength(60);
	});

	it('two runs at the same moment with «drop» leave one company per link: the lower ID; the other run drops its item', async () => {
		const [a, b] = await Promise.all([create('drop', refs('d', 60), 'race/drop'), create('drop', refs('d', 60), 'race/drop')]);
		expect(a.error ?? b.error).toBeUndefined();
		const by = await linked('race/drop');
		expect(by.size).toBe(60);
		expect([...by.values()].every((ids) => ids.length === 1)).toBe(true);
		// every link is carried on by exactly one of the two runs, with the surviving ID
		const passed = [...a.items, ...b.items].map((x) => Number(x.json.id)).sort((x, y) => x - y);
		expect(passed).toEqual([...by.values()].map((ids) => ids[0]).sort((x, y) => x - y));
		for (const x of [...a.items, ...b.items]) expect(x.json).toEqual({ id: x.json.id });
	});

	it('«existing» passes the older record’s ID on and deletes its own; a record created alone is kept', async () => {
		const [older] = (await create('off', ['e-1'], 'race/existing')).items;
		await admin(sb, 'counters/reset', {});
		const r = await create('existing', ['e-1', 'e-2'], 'race/existing');
		expect(r.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(r.items[0].json).toEqual({ id: older.json.id, created: false, removedDuplicate: expect.any(Number) });
		expect(r.items[1].json).toEqual({ id: expect.any(Number) });
		const by = await linked('race/existing');
		expect(by.get('e-1')).toEqual([Number(older.json.id)]);
		expect(by.get('e-2')).toEqual([Number(r.items[1].json.id)]);
		// create (1 batch) + the two lists (1 batch) + the one delete (direct call)
		expect((await admin(sb, 'counters')).requests).toBe(3);
	});

	it('a record without a complete link is not checked and costs no request', async () => {
		await admin(sb, 'counters/reset', {});
		const r = await create('drop', ['x-1', 'x-2'], '');
		expect(r.items.map((x) => Object.keys(x.json))).toEqual([['id'], ['id']]);
		expect((await admin(sb, 'counters')).requests).toBe(1);
	});
});

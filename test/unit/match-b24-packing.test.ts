/**
 * The Match node's Bitrix24 lookups: lookups and the fetches of the entities they name share the
 * `batch` requests (issue 7's request target ⌈commands/50⌉). A fake client records each request's
 * commands and answers like a portal: requisites name their owners, `crm.duplicate.findbycomm`
 * returns ids, entity lists return the companies asked for.
 */
import type { IDataObject } from 'n8n-workflow';
import { b24Candidates } from '../../nodes/Match/b24';
import type { B24Command, B24Result, Bitrix24Client } from '../../nodes/Bitrix24/transport/client';
import type { LookupPlan } from '../../lib/matching';

const company = (id: number): IDataObject => ({ ID: String(id), TITLE: `Компания ${id}`, PHONE: [{ VALUE: `+7900${String(id).padStart(7, '0')}` }] });

function fakeClient(): { client: Bitrix24Client; rounds: B24Command[][] } {
	const rounds: B24Command[][] = [];
	const answer = (c: B24Command): B24Result => {
		const f = ((c.params ?? {}) as IDataObject).filter as IDataObject | undefined;
		if (c.method === 'crm.requisite.list') return { ok: true, result: (f!.RQ_INN as string[]).map((inn) => ({ ENTITY_ID: String(Number(inn.slice(-4))), RQ_INN: inn, RQ_KPP: '770101001' })), total: (f!.RQ_INN as string[]).length };
		if (c.method === 'crm.duplicate.findbycomm') return { ok: true, result: { COMPANY: ((c.params as IDataObject).values as string[]).map((p) => Number(p.slice(-4)) + 5000) } };
		if (f?.ID) return { ok: true, result: (f.ID as string[]).map((id) => company(Number(id))), total: (f.ID as string[]).length };
		return { ok: true, result: [], total: 0 };
	};
	const client = {
		runAll: async (cmds: B24Command[]) => {
			expect(cmds.length).toBeLessThanOrEqual(50);
			rounds.push(cmds);
			return cmds.map(answer);
		},
		list: async () => {
			throw new Error('no list should overflow');
		},
	} as unknown as Bitrix24Client;
	return { client, rounds };
}

it('fills the rooms of the last lookup request with the fetches: 104 lookups + 44 fetches → 3 requests', async () => {
	const inns = Array.from({ length: 960 }, (_, i) => `77${String(i + 1).padStart(8, '0')}`);
	const phones = Array.from({ length: 1200 }, (_, i) => `+7900${String(i + 1).padStart(7, '0')}`);
	const refs = Array.from({ length: 1000 }, (_, i) => `ref-${i}`);
	const plan: LookupPlan = { groupKeys: ['phone', 'inn'], values: { inn: new Set(inns), phone: new Set(phones) }, externalIds: new Set(refs) };
	const { client, rounds } = fakeClient();
	const candidates = await b24Candidates(client, 'company', 'base', plan, refs);

	// 24 requisite lists (40 INNs each) + 60 findbycomm (20 phones) + 20 ORIGIN_ID lists = 104 lookups;
	// 960 + 1,200 owners named = 2,160 ids, fetched 50 per list = 44 fetches; 148 commands → 3 requests
	const commands = rounds.flat();
	expect(commands.filter((c) => c.method === 'crm.requisite.list')).toHaveLength(24);
	expect(commands.filter((c) => c.method === 'crm.duplicate.findbycomm')).toHaveLength(60);
	expect(rounds.length).toBe(Math.ceil(commands.length / 50));
	expect(rounds.length).toBe(3);
	// every id named by a lookup came back as a candidate, once, with the requisite that named it
	expect(candidates).toHaveLength(2160);
	expect(new Set(candidates.map((c) => c.id)).size).toBe(2160);
	const c7 = candidates.find((c) => c.id === '7')!;
	expect([...(c7.keys.values.kpp ?? [])]).toEqual(['770101001']); // (the fake INNs fail the checksum; the KPP shows the requisite)
	// the ORIGIN_ID lists (whole entities, no new ids) are asked last, after the lookups that name ids
	const lastLookup = rounds[rounds.length - 1].filter((c) => !(((c.params ?? {}) as IDataObject).filter as IDataObject | undefined)?.ID);
	expect(lastLookup.every((c) => (((c.params ?? {}) as IDataObject).filter as IDataObject).ORIGIN_ID)).toBe(true);
});

it('fetches ids named in the last round in one more request, and never asks for an id twice', async () => {
	const plan: LookupPlan = { groupKeys: ['inn'], values: { inn: new Set(['7700000001', '7700000002']) }, externalIds: new Set() };
	const { client, rounds } = fakeClient();
	const candidates = await b24Candidates(client, 'company', 'base', plan, []);
	expect(rounds.map((r) => r.length)).toEqual([1, 1]);
	expect(candidates.map((c) => c.id).sort()).toEqual(['1', '2']);
});

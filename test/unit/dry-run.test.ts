/**
 * Dry run (issue 10): the plan model (lib/dry-run.ts) and the nodes with «Dry Run» on against the
 * sandboxes — nothing is written, creates answer with placeholders, an update's plan lists exactly
 * the fields that would change, a later read of a placeholder answers from the plan, and a write
 * that reaches the 1C client in a dry run is refused.
 */
import type { IDataObject } from 'n8n-workflow';
import { DryOverlay, fieldDiff, isDryGuid, isDryId, sameValue, updateAction, type PlanEntry } from '../../lib/dry-run';
import { isWriteMethod, useDryRun } from '../../nodes/Bitrix24/transport/dry';
import { Bitrix24Client } from '../../nodes/Bitrix24/transport/client';
import { OneCClient } from '../../nodes/OneC/transport/client';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { sandbox } from '../helpers/b24';
import { fakeHost } from '../helpers/b24-host';
import { runNode } from '../helpers/n8n';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { oneCRunner, set } from '../helpers/onec-node';

const planOf = (json: IDataObject) => json.dryRunPlan as unknown as PlanEntry[];

describe('the plan model', () => {
	it('compares values as the systems store them', () => {
		expect(sameValue(5, '5')).toBe(true);
		expect(sameValue('5.50', 5.5)).toBe(true);
		expect(sameValue(true, 'Y')).toBe(true);
		expect(sameValue(null, '')).toBe(true);
		expect(sameValue('a', 'b')).toBe(false);
	});
	it('an update diff lists only the fields that change; a multi-field is a patch on the current rows', () => {
		const current = { TITLE: 'ООО «Ромашка»', ORIGIN_ID: '', PHONE: [{ ID: '7', VALUE_TYPE: 'WORK', VALUE: '+7 495 000-00-00', TYPE_ID: 'PHONE' }] };
		expect(fieldDiff(current, { TITLE: 'ООО «Ромашка»', PHONE: [] })).toEqual({});
		expect(Object.keys(fieldDiff(current, { TITLE: 'ООО «Ромашка-2»', PHONE: [{ VALUE: '+7 495 000-00-00', VALUE_TYPE: 'WORK' }] }))).toEqual(['TITLE', 'PHONE']);
		expect(fieldDiff(current, { PHONE: [{ ID: '7', DELETE: 'Y' }] }).PHONE.to).toEqual([]);
		expect(fieldDiff(current, { PHONE: [{ ID: '7', VALUE: '+7 495 000-00-00' }] })).toEqual({});
		// rows compared on the columns sent (a tabular section's LineNumber, keys aside)
		expect(fieldDiff({ Товары: [{ LineNumber: 1, Номенклатура_Key: 'a', Количество: 2 }] }, { Товары: [{ Номенклатура_Key: 'a', Количество: 2 }] })).toEqual({});
		expect(updateAction({})).toBe('unchanged');
		expect(updateAction({ ORIGIN_ID: 1, ORIGINATOR_ID: 1 })).toBe('link');
		expect(updateAction({ ORIGIN_ID: 1, TITLE: 1 })).toBe('update');
	});
	it('knows reads from writes; an unknown method is a write', () => {
		for (const m of ['crm.company.list', 'crm.company.get', 'crm.duplicate.findbycomm', 'crm.item.productrow.list', 'user.current', 'crm.company.fields']) expect([m, isWriteMethod(m)]).toEqual([m, false]);
		for (const m of ['crm.company.add', 'crm.item.update', 'crm.item.productrow.set', 'im.notify.system.add', 'bizproc.event.send', 'some.unknown.method']) expect([m, isWriteMethod(m)]).toEqual([m, true]);
	});
	it('an overlay lives per execution and only while recent', () => {
		const a = DryOverlay.of('exec-a');
		a.put('crm.company', '9000000000001', { TITLE: 'x' });
		expect(DryOverlay.peek('exec-a')?.get('crm.company', '9000000000001')).toEqual({ TITLE: 'x' });
		expect(DryOverlay.peek('exec-b')).toBeUndefined();
		expect(DryOverlay.of(undefined)).not.toBe(DryOverlay.of(undefined));
		for (let i = 0; i < 25; i++) DryOverlay.of(`later-${i}`);
		expect(DryOverlay.peek('exec-a')).toBeUndefined();
	});
});

describe('Bitrix24 with Dry Run on', () => {
	let sb: Bitrix24Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ companies: 5 });
	});
	afterAll(async () => sb?.close());
	const creds = () => ({ bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 50 } });
	const companies = () => sb.portal.store.find('company')!.all();

	it('creates nothing: each item gets a placeholder id and a create entry; writes are not sent', async () => {
		const before = companies().length;
		const sent0 = { ...sb.portal.counters.byCommand };
		const r = await runNode({ parameters: { resource: 'company', operation: 'create', fields: { TITLE: '={{ $json.title }}' }, dryRun: true } }, [{ title: 'ООО «Новая»' }, { title: 'АО «Другая»' }], creds());
		expect(r.error).toBeUndefined();
		expect(companies()).toHaveLength(before);
		expect(sb.portal.counters.byCommand['crm.company.add'] ?? 0).toBe(sent0['crm.company.add'] ?? 0);
		const plans = r.items.map((x) => planOf(x.json));
		expect(plans.map((p) => p.map((e) => [e.action, e.object, e.fields]))).toEqual([[['create', 'crm.company', { TITLE: 'ООО «Новая»' }]], [['create', 'crm.company', { TITLE: 'АО «Другая»' }]]]);
		for (const p of plans) expect(isDryId(p[0].id)).toBe(true);
		expect(new Set(plans.map((p) => p[0].id)).size).toBe(2);
	});

	it('an update is planned with the field-level diff against the current values, and not sent', async () => {
		const c = companies()[0];
		const r = await runNode({ parameters: { resource: 'company', operation: 'update', id: String(c.ID), fields: { TITLE: `${String(c.TITLE)} (new)`, COMMENTS: c.COMMENTS ?? '' }, dryRun: true } }, [{}], creds());
		expect(r.error).toBeUndefined();
		const [e] = planOf(r.items[0].json);
		expect(e).toMatchObject({ system: 'bitrix24', action: 'update', object: 'crm.company', id: String(c.ID), diff: { TITLE: { from: c.TITLE, to: `${String(c.TITLE)} (new)` } } });
		expect(Object.keys(e.diff!)).toEqual(['TITLE']);
		expect(companies()[0].TITLE).toBe(c.TITLE);
	});

	it('a later read of a placeholder answers from the plan; a filter on it finds nothing; reads of real rows go on', async () => {
		const overlay = DryOverlay.of('exec-reads');
		const planner = await Bitrix24Client.create(fakeHost(creds()), 'webhook');
		useDryRun(planner, { dry: true, overlay });
		const [made] = await planner.runAll([{ method: 'crm.company.add', params: { fields: { TITLE: 'Планируемая' } } }]);
		const id = (made as { result: number }).result;
		const reader = await Bitrix24Client.create(fakeHost(creds()), 'webhook');
		useDryRun(reader, { dry: false, overlay: DryOverlay.peek('exec-reads') });
		const [got, list, real] = await reader.runAll([
			{ method: 'crm.company.get', params: { id } },
			{ method: 'crm.requisite.list', params: { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: id } } },
			{ method: 'crm.company.get', params: { id: companies()[0].ID } },
		]);
		expect(got).toMatchObject({ ok: true, result: { TITLE: 'Планируемая', ID: String(id) } });
		expect(list).toMatchObject({ ok: true, result: [] });
		expect(real).toMatchObject({ ok: true, result: { ID: String(companies()[0].ID) } });
	});
});

describe('1C with Dry Run on', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await startOneCSandbox({ companies: 5 });
	});
	afterAll(async () => sb?.close());
	const bp30 = () => sb.publications.find((p) => p.id === 'bp30')!;
	const run = oneCRunner(bp30);
	const count = () => sb.state.bases.get('bp30')!.objects.get('Catalog_Контрагенты')!.size;

	it('a create writes nothing and answers with a placeholder key; an update lists what would change', async () => {
		const before = count();
		const created = await run({ resource: 'catalog', operation: 'create', entitySet: set('Catalog_Контрагенты'), dataMode: 'json', json: JSON.stringify({ Description: 'ООО «План»', ИНН: '7707083893' }), dryRun: true });
		expect(created.error).toBeUndefined();
		expect(count()).toBe(before);
		const j = created.items[0].json;
		expect(isDryGuid(j.Ref_Key)).toBe(true);
		expect(planOf(j)).toEqual([{ system: '1c', action: 'create', object: 'Catalog_Контрагенты', id: j.Ref_Key, fields: { Description: 'ООО «План»', ИНН: '7707083893' } }]);

		const existing = [...sb.state.bases.get('bp30')!.objects.get('Catalog_Контрагенты')!.values()].find((r) => !r.IsFolder)!;
		const updated = await run({ resource: 'catalog', operation: 'update', entitySet: set('Catalog_Контрагенты'), key: String(existing.Ref_Key), dataMode: 'json', json: JSON.stringify({ Description: existing.Description, Комментарий: 'из Битрикс24' }), dryRun: true });
		expect(updated.error).toBeUndefined();
		const [e] = planOf(updated.items[0].json);
		expect(e).toMatchObject({ action: 'update', id: existing.Ref_Key, diff: { Комментарий: { to: 'из Битрикс24' } } });
		expect(Object.keys(e.diff!)).toEqual(['Комментарий']);
		expect(sb.state.bases.get('bp30')!.objects.get('Catalog_Контрагенты')!.get(existing.Ref_Key as string)!.Комментарий).toBe(existing.Комментарий);
	});

	it('the client refuses any write that reaches it in a dry run', async () => {
		const client = await OneCClient.create(fakeOneCHost(oneCCredential(bp30())));
		client.dryRun = true;
		const before = count();
		await expect(client.create('Catalog_Контрагенты', { Description: 'x' })).rejects.toThrow(/dry run does not write \(POST Catalog_Контрагенты\)/);
		expect(count()).toBe(before);
	});
});

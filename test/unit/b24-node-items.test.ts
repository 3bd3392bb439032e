import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { loadOptions } from '../helpers/b24-load-options';
import { runNode, type Credentials } from '../helpers/n8n';

/** Requests of a returnAll read: the first page, then one batch per 2500 further rows. */
const listRequests = (total: number) => 1 + Math.ceil(Math.max(0, total - 50) / 2500);

describe('Bitrix24 node: smart invoices and smart-process items on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 30 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	const count = async (et: number) => ((await admin(sb, 'table/item')) as Array<{ entityTypeId: number }>).filter((r) => r.entityTypeId === et).length;

	it('offers pipelines and stages of smart invoices and smart processes', async () => {
		const cats = await loadOptions(sb, 'getItemPipelines', { resource: 'smartInvoice' });
		expect(cats).toEqual([{ name: 'Счета', value: expect.any(Number) }]);
		const cat = cats[0].value;
		const stages = await loadOptions(sb, 'getItemStages', { resource: 'smartInvoice', fields: { categoryId: cat } });
		expect(stages.map((s) => s.value)).toEqual([`DT31_${cat}:N`, `DT31_${cat}:S`, `DT31_${cat}:P`, `DT31_${cat}:D`]);
		// no pipeline chosen: the stages of all pipelines (named "pipeline: stage" when there are several)
		const all = await loadOptions(sb, 'getItemStages', { resource: 'smartInvoice', operation: 'moveToStage' });
		expect(all.map((s) => s.value)).toEqual(stages.map((s) => s.value));
		const types = await loadOptions(sb, 'getSmartProcessTypes', {});
		expect(types).toEqual([{ name: 'Заявки на доставку (128)', value: 128 }]);
		const spaStages = await loadOptions(sb, 'getItemStages', { resource: 'smartProcess', entityTypeId: 128 });
		expect(spaStages.map((s) => String(s.value))).toContain(`DT128_${Number(cat) + 1}:SUCCESS`);
		expect(await loadOptions(sb, 'getItemStages', { resource: 'smartProcess' })).toEqual([]);
		await post(`${sb.webhookUrl}crm.category.add.json`, { entityTypeId: 31, fields: { name: 'Опт', sort: 500 } });
		const two = await loadOptions(sb, 'getItemStages', { resource: 'smartInvoice' });
		expect(two.map((s) => s.name)).toEqual(expect.arrayContaining(['Счета: Новый', 'Опт: Новый']));
		const fields = await loadOptions(sb, 'getItemFields', { resource: 'smartInvoice' });
		expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['title', 'accountNumber', 'xmlId']));
	});

	it('creates smart invoices in one batch, reads, updates, moves, sets product rows, lists and deletes', async () => {
		const [cat] = await loadOptions(sb, 'getItemPipelines', { resource: 'smartInvoice' });
		await admin(sb, 'counters/reset', {});
		const input = [
			{ n: '1С-001', sum: 1000, guid: 'a0000000-0000-0000-0000-000000000001' },
			{ n: '1С-002', sum: 2500.5, guid: 'a0000000-0000-0000-0000-000000000002' },
			{ n: '1С-003', sum: 10, guid: 'a0000000-0000-0000-0000-000000000003' },
		];
		const fields = { title: '=Счёт {{ $json.n }}', accountNumber: '={{ $json.n }}', categoryId: cat.value, companyId: '5', contactIds: '3, 4', opportunity: '={{ $json.sum }}', xmlId: '={{ $json.guid }}', closedate: '2026-03-01T00:00:00' };
		const created = await runNode({ parameters: { resource: 'smartInvoice', operation: 'create', fields } }, input, creds);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(3);
		expect(created.items[2].pairedItem).toEqual({ item: 2 });
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(3);
		const first = created.items[0].json;
		expect(first).toMatchObject({ title: 'Счёт 1С-001', accountNumber: '1С-001', categoryId: cat.value, stageId: `DT31_${cat.value}:N`, companyId: 5, contactIds: [3, 4], opportunity: 1000, xmlId: input[0].guid, entityTypeId: 31 });
		const ids = created.items.map((x) => x.json.id as number);

		const got = await runNode({ parameters: { resource: 'smartInvoice', operation: 'get', id: '={{ $json.id }}' } }, ids.slice(0, 2).map((id) => ({ id })), creds);
		expect(got.items.map((x) => x.json.xmlId)).toEqual([input[0].guid, input[1].guid]);

		const upd = await runNode({ parameters: { resource: 'smartInvoice', operation: 'update', id: '={{ $json.id }}', fields: { comments: 'из 1С', opportunity: 1200 } } }, [{ id: ids[0] }], creds);
		expect(upd.items[0].json).toMatchObject({ id: ids[0], comments: 'из 1С', opportunity: 1200 });

		await admin(sb, 'counters/reset', {});
		const moved = await runNode({ parameters: { resource: 'smartInvoice', operation: 'moveToStage', id: '={{ $json.id }}', stageId: `DT31_${cat.value}:P` } }, ids.slice(0, 2).map((id) => ({ id })), creds);
		expect(moved.items.map((x) => [x.json.stageId, x.json.previousStageId])).toEqual([
			[`DT31_${cat.value}:P`, `DT31_${cat.value}:N`],
			[`DT31_${cat.value}:P`, `DT31_${cat.value}:N`],
		]);
		expect((await admin(sb, 'counters')).requests).toBe(1);

		const rows = JSON.stringify([{ productId: 1, productName: 'Бумага А4', price: 450, quantity: 4, taxRate: 20, taxIncluded: 'Y' }, { productName: 'Доставка', price: 300, quantity: 1 }]);
		const set = await runNode({ parameters: { resource: 'smartInvoice', operation: 'setProductRows', id: '={{ $json.id }}', rowsJson: rows } }, ids.slice(0, 2).map((id) => ({ id })), creds);
		expect(set.error).toBeUndefined();
		expect((set.items[0].json.productRows as unknown[]).length).toBe(2);
		await admin(sb, 'counters/reset', {});
		const listed = await runNode({ parameters: { resource: 'smartInvoice', operation: 'getProductRows', id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(listed.items).toHaveLength(4);
		expect(listed.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
		expect(listed.items[0].json).toMatchObject({ ownerType: 'SI', ownerId: ids[0], productName: 'Бумага А4', quantity: 4 });
		expect((await admin(sb, 'counters')).requests).toBe(1);
		const after = await runNode({ parameters: { resource: 'smartInvoice', operation: 'get', id: ids[1] } }, [{}], creds);
		expect(after.items[0].json.opportunity).toBe(2100);

		const more = await runNode({ parameters: { resource: 'smartInvoice', operation: 'create', fields: { title: '=Пакет {{ $json.k }}' } } }, Array.from({ length: 60 }, (_, k) => ({ k })), creds);
		expect(more.items).toHaveLength(60);
		const total = await count(31);
		expect(total).toBeGreaterThan(50);
		await admin(sb, 'counters/reset', {});
		const all = await runNode({ parameters: { resource: 'smartInvoice', operation: 'getAll', returnAll: true, listOptions: { select: 'id,title' } } }, [{}], creds);
		expect(all.items).toHaveLength(total);
		expect(new Set(all.items.map((x) => x.json.id)).size).toBe(total);
		expect((await admin(sb, 'counters')).requests).toBe(listRequests(total));
		const filtered = await runNode({ parameters: { resource: 'smartInvoice', operation: 'getAll', returnAll: false, limit: 3, listOptions: { filter: `{"=stageId":"DT31_${cat.value}:P"}` } } }, [{}], creds);
		expect(filtered.items.length).toBeGreaterThanOrEqual(2);
		expect(filtered.items.every((x) => x.json.stageId === `DT31_${cat.value}:P`)).toBe(true);

		const del = await runNode({ parameters: { resource: 'smartInvoice', operation: 'delete', id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: ids[2] }, { id: 99999999 }], creds);
		expect(del.items).toHaveLength(2);
		expect(del.items[0].json).toEqual({ id: ids[2], deleted: true });
		expect(del.items[1].json.error).toContain('crm.item.delete');
		expect(del.items[1].pairedItem).toEqual({ item: 1 });
		const stop = await runNode({ parameters: { resource: 'smartInvoice', operation: 'get', id: '={{ $json.id }}' } }, [{ id: ids[2] }], creds);
		expect(stop.error?.message).toContain('Элемент не найден');
	});

	it('works with items of a smart process chosen by entityTypeId', async () => {
		const [cat] = await loadOptions(sb, 'getItemPipelines', { resource: 'smartProcess', entityTypeId: 128 });
		await admin(sb, 'counters/reset', {});
		const created = await runNode({ parameters: { resource: 'smartProcess', operation: 'create', entityTypeId: 128, fields: { title: '={{ $json.t }}', companyId: '2', xmlId: '={{ $json.g }}' } } }, [{ t: 'Доставка 1', g: 'g1' }, { t: 'Доставка 2', g: 'g2' }], creds);
		expect(created.error).toBeUndefined();
		expect((await admin(sb, 'counters')).requests).toBe(1);
		expect(created.items[1].json).toMatchObject({ title: 'Доставка 2', entityTypeId: 128, categoryId: cat.value, stageId: `DT128_${cat.value}:NEW`, xmlId: 'g2' });
		const ids = created.items.map((x) => x.json.id as number);

		const upd = await runNode({ parameters: { resource: 'smartProcess', operation: 'update', entityTypeId: 128, id: '={{ $json.id }}', fields: { title: '={{ $json.t }}' } } }, [{ id: ids[0], t: 'Доставка 1 (изм.)' }], creds);
		expect(upd.items[0].json.title).toBe('Доставка 1 (изм.)');
		const moved = await runNode({ parameters: { resource: 'smartProcess', operation: 'moveToStage', entityTypeId: 128, id: ids[1], stageId: `DT128_${cat.value}:SUCCESS` } }, [{}], creds);
		expect(moved.items[0].json.stageId).toBe(`DT128_${cat.value}:SUCCESS`);
		const got = await runNode({ parameters: { resource: 'smartProcess', operation: 'get', entityTypeId: 128, id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(got.items.map((x) => x.json.title)).toEqual(['Доставка 1 (изм.)', 'Доставка 2']);

		const set = await runNode({ parameters: { resource: 'smartProcess', operation: 'setProductRows', entityTypeId: 128, id: ids[0], rowsJson: '{"rows":[{"productName":"Тара","price":50,"quantity":3}]}' } }, [{}], creds);
		expect((set.items[0].json.productRows as Array<{ ownerType: string }>)[0].ownerType).toBe('T80');
		const rows = await runNode({ parameters: { resource: 'smartProcess', operation: 'getProductRows', entityTypeId: 128, id: ids[0] } }, [{}], creds);
		expect(rows.items.map((x) => x.json.productName)).toEqual(['Тара']);

		await runNode({ parameters: { resource: 'smartProcess', operation: 'create', entityTypeId: 128, fields: { title: '=Заявка {{ $json.k }}' } } }, Array.from({ length: 55 }, (_, k) => ({ k })), creds);
		const total = await count(128);
		expect(total).toBe(57);
		await admin(sb, 'counters/reset', {});
		const all = await runNode({ parameters: { resource: 'smartProcess', operation: 'getAll', entityTypeId: 128, returnAll: true } }, [{}], creds);
		expect(all.items).toHaveLength(57);
		expect((await admin(sb, 'counters')).requests).toBe(listRequests(57));

		const noType = await runNode({ parameters: { resource: 'smartProcess', operation: 'get', entityTypeId: '={{ $json.et }}', id: ids[0] }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(noType.items[0].json.error).toContain('smart process');
		const del = await runNode({ parameters: { resource: 'smartProcess', operation: 'delete', entityTypeId: 128, id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: 99999999 }, { id: ids[0] }], creds);
		expect(del.items[0].json.error).toBeDefined();
		expect(del.items[0].pairedItem).toEqual({ item: 0 });
		expect(del.items[1].json).toEqual({ id: ids[0], deleted: true });
	});
});

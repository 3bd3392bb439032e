import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node: companies on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 30 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('creates 120 companies in 3 batch requests, reads, updates phones without duplicates, lists and deletes', async () => {
		await admin(sb, 'counters/reset', {});
		const input = Array.from({ length: 120 }, (_, i) => ({ title: `ООО "Тест ${i}"`, phone: `+7 495 000-${String(i).padStart(4, '0')}` }));
		const created = await runNode({ parameters: { resource: 'company', operation: 'create', fields: { TITLE: '={{ $json.title }}', PHONE: '={{ $json.phone }}' } } }, input, creds);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(120);
		expect(created.items[5].pairedItem).toEqual({ item: 5 });
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(3);
		expect(c.batchCommands).toBe(120);
		const ids = created.items.map((x) => x.json.id);

		const upd = await runNode({ parameters: { resource: 'company', operation: 'update', id: '={{ $json.id }}', fields: { PHONE: '={{ $json.phone }}' } } }, ids.slice(0, 3).map((id, k) => ({ id, phone: k === 0 ? `8 (495) 000-0000` : '+7 499 111-22-33' })), creds);
		expect(upd.error).toBeUndefined();
		const got = await runNode({ parameters: { resource: 'company', operation: 'get', id: '={{ $json.id }}' } }, ids.slice(0, 2).map((id) => ({ id })), creds);
		expect((got.items[0].json.PHONE as unknown[]).length).toBe(1);
		expect((got.items[1].json.PHONE as Array<{ VALUE: string }>).map((p) => p.VALUE)).toEqual(['+7 495 000-0001', '+7 499 111-22-33']);

		const all = await runNode({ parameters: { resource: 'company', operation: 'getAll', returnAll: true, listOptions: { select: 'ID,TITLE' } } }, [{}], creds);
		expect(all.items.length).toBeGreaterThanOrEqual(120);
		const limited = await runNode({ parameters: { resource: 'company', operation: 'getAll', returnAll: false, limit: 7 } }, [{}], creds);
		expect(limited.items).toHaveLength(7);

		const del = await runNode({ parameters: { resource: 'company', operation: 'delete', id: '={{ $json.id }}' } }, [{ id: ids[0] }, { id: 99999999 }], creds);
		expect(del.error).toBeDefined();
		expect(del.error!.message).toContain('crm.company.delete');
		expect(del.error!.message).not.toContain('b24sandboxhook0001');
		const cont = await runNode({ parameters: { resource: 'company', operation: 'delete', id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: ids[1] }, { id: 99999999 }], creds);
		expect(cont.items).toHaveLength(2);
		expect(cont.items[0].json).toEqual({ id: ids[1], deleted: true });
		expect(cont.items[1].json.error).toContain('Not found');
		expect(cont.items[1].pairedItem).toEqual({ item: 1 });
	});
});

import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { runNode, type Credentials } from '../helpers/n8n';

interface Row {
	ID: number;
	PHONE?: Array<{ VALUE: string }>;
	EMAIL?: Array<{ VALUE: string }>;
}

describe('Bitrix24 node: duplicate search on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 30 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('splits more than 20 values into several commands, batches all items and merges the matches', async () => {
		const contacts = ((await admin(sb, 'table/contact')) as Row[]).filter((c) => c.PHONE?.length);
		const withPhones = contacts.slice(0, 23);
		expect(withPhones).toHaveLength(23);
		const phones = [...withPhones.map((c) => c.PHONE![0].VALUE), '+7 000 000-00-01', '+7 000 000-00-02'];
		const company = ((await admin(sb, 'table/company')) as Row[]).find((c) => c.EMAIL?.length)!;
		const email = company.EMAIL![0].VALUE.toUpperCase();

		await admin(sb, 'counters/reset', {});
		const res = await runNode(
			{ parameters: { resource: 'duplicate', operation: 'findByComm', type: '={{ $json.type }}', values: '={{ $json.values }}', entityType: '={{ $json.entity }}' } },
			[
				{ type: 'PHONE', values: phones, entity: 'CONTACT' },
				{ type: 'EMAIL', values: email, entity: '' },
				{ type: 'EMAIL', values: 'nobody@example.invalid; nobody2@example.invalid', entity: 'COMPANY' },
			],
			creds,
		);
		expect(res.error).toBeUndefined();
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(4);
		expect(res.items).toHaveLength(3);
		expect(res.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const first = res.items[0].json;
		expect(first.found).toBe(true);
		expect(first.values).toHaveLength(25);
		expect(Object.keys(first).sort()).toEqual(['CONTACT', 'found', 'type', 'values']);
		expect(first.CONTACT as number[]).toEqual(expect.arrayContaining(withPhones.map((x) => x.ID)));
		expect(res.items[1].json).toMatchObject({ found: true, LEAD: expect.any(Array), CONTACT: expect.any(Array) });
		expect(res.items[1].json.COMPANY as number[]).toContain(company.ID);
		expect(res.items[2].json).toEqual({ type: 'EMAIL', values: ['nobody@example.invalid', 'nobody2@example.invalid'], found: false, COMPANY: [] });
	});

	it('reports a bad item with continueOnFail and keeps the others', async () => {
		const res = await runNode(
			{ parameters: { resource: 'duplicate', operation: 'findByComm', type: '={{ $json.type }}', values: '={{ $json.v }}' }, onError: 'continueRegularOutput' },
			[
				{ type: 'FAX', v: '123' },
				{ type: 'PHONE', v: '+7 000 111-22-33' },
				{ type: 'PHONE', v: '' },
			],
			creds,
		);
		expect(res.items).toHaveLength(3);
		expect(res.items[0].json.error).toContain('crm.duplicate.findbycomm');
		expect(res.items[0].pairedItem).toEqual({ item: 0 });
		expect(res.items[1].json).toMatchObject({ found: false, LEAD: [], CONTACT: [], COMPANY: [] });
		expect(res.items[2].json).toMatchObject({ values: [], found: false });
	});
});

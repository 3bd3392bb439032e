import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, sandbox } from '../helpers/b24';
import { loadOptions } from '../helpers/b24-load-options';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node: old invoices (crm.invoice.*) on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	beforeAll(async () => {
		sb = await sandbox({ companies: 30 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	const rows = (price: number) => JSON.stringify([{ PRODUCT_ID: 1, PRODUCT_NAME: 'Бумага А4', PRICE: price, QUANTITY: 2, VAT_RATE: 0.2, VAT_INCLUDED: 'Y', MEASURE_CODE: 796, MEASURE_NAME: 'шт' }]);

	it('offers the INVOICE_STATUS dictionary and the invoice fields', async () => {
		const statuses = await loadOptions(sb, 'getInvoiceStatuses', { resource: 'invoice' });
		expect(statuses.map((s) => s.value)).toEqual(['N', 'S', 'A', 'P', 'D']);
		const fields = await loadOptions(sb, 'getInvoiceFields', { resource: 'invoice' });
		expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['ORDER_TOPIC', 'UF_DEAL_ID', 'XML_ID']));
		expect(fields.map((f) => f.value)).not.toContain('PRICE');
	});

	it('creates in one batch, reads, updates the status, lists over 50 and deletes', async () => {
		await admin(sb, 'counters/reset', {});
		const input = [
			{ n: '42', price: 500, guid: 'b0000000-0000-0000-0000-000000000042' },
			{ n: '43', price: 120, guid: 'b0000000-0000-0000-0000-000000000043' },
		];
		const created = await runNode(
			{
				parameters: {
					resource: 'invoice',
					operation: 'create',
					orderTopic: '=Счёт № {{ $json.n }}',
					productRowsJson: '={{ JSON.stringify([{ PRODUCT_ID: 1, PRODUCT_NAME: "Бумага А4", PRICE: $json.price, QUANTITY: 2, VAT_RATE: 0.2, VAT_INCLUDED: "Y" }]) }}',
					fields: { STATUS_ID: 'N', PERSON_TYPE_ID: 1, PAY_SYSTEM_ID: 1, UF_COMPANY_ID: '5', UF_DEAL_ID: '2', XML_ID: '={{ $json.guid }}', DATE_PAY_BEFORE: '2026-03-01T00:00:00' },
				},
			},
			input,
			creds,
		);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(2);
		expect(created.items[1].pairedItem).toEqual({ item: 1 });
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(2);
		const ids = created.items.map((x) => x.json.id as number);

		const got = await runNode({ parameters: { resource: 'invoice', operation: 'get', id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(got.items[0].json).toMatchObject({ ORDER_TOPIC: 'Счёт № 42', STATUS_ID: 'N', PRICE: '1000.00', UF_COMPANY_ID: '5', UF_DEAL_ID: '2', XML_ID: input[0].guid, PAYED: 'N' });
		expect((got.items[1].json.PRODUCT_ROWS as Array<{ PRICE: string }>)[0].PRICE).toBe('120');

		const upd = await runNode({ parameters: { resource: 'invoice', operation: 'update', id: '={{ $json.id }}', fields: { STATUS_ID: 'P', COMMENTS: 'Оплачен в 1С' } } }, [{ id: ids[0] }], creds);
		expect(upd.items[0].json).toEqual({ id: ids[0], updated: true });
		const rowsUpd = await runNode({ parameters: { resource: 'invoice', operation: 'update', id: ids[1], productRowsJson: rows(300) } }, [{}], creds);
		expect(rowsUpd.error).toBeUndefined();
		const check = await runNode({ parameters: { resource: 'invoice', operation: 'get', id: '={{ $json.id }}' } }, ids.map((id) => ({ id })), creds);
		expect(check.items[0].json).toMatchObject({ STATUS_ID: 'P', PAYED: 'Y', COMMENTS: 'Оплачен в 1С', PRICE: '1000.00' });
		expect(check.items[1].json.PRICE).toBe('600.00');

		const noRows = await runNode({ parameters: { resource: 'invoice', operation: 'create', orderTopic: 'Пустой' }, onError: 'continueRegularOutput' }, [{}], creds);
		expect(noRows.items[0].json.error).toContain('at least one product row');

		await runNode({ parameters: { resource: 'invoice', operation: 'create', orderTopic: '=Пакет {{ $json.k }}', productRowsJson: rows(10) } }, Array.from({ length: 50 }, (_, k) => ({ k })), creds);
		const total = ((await admin(sb, 'table/invoice')) as unknown[]).length;
		expect(total).toBe(62);
		await admin(sb, 'counters/reset', {});
		const all = await runNode({ parameters: { resource: 'invoice', operation: 'getAll', returnAll: true, listOptions: { select: 'ID,ORDER_TOPIC,STATUS_ID' } } }, [{}], creds);
		expect(all.items).toHaveLength(62);
		expect(Object.keys(all.items[0].json).sort()).toEqual(['ID', 'ORDER_TOPIC', 'STATUS_ID']);
		expect((await admin(sb, 'counters')).requests).toBe(2);
		const paid = await runNode({ parameters: { resource: 'invoice', operation: 'getAll', limit: 5, listOptions: { filter: '{"STATUS_ID":"P"}' } } }, [{}], creds);
		expect(paid.items.length).toBeGreaterThan(0);
		expect(paid.items.every((x) => x.json.STATUS_ID === 'P')).toBe(true);

		const del = await runNode({ parameters: { resource: 'invoice', operation: 'delete', id: '={{ $json.id }}' }, onError: 'continueRegularOutput' }, [{ id: 99999999 }, { id: ids[1] }], creds);
		expect(del.items[0].json.error).toContain('crm.invoice.delete');
		expect(del.items[0].pairedItem).toEqual({ item: 0 });
		expect(del.items[1].json).toEqual({ id: ids[1], deleted: true });
		expect(((await admin(sb, 'table/invoice')) as unknown[]).length).toBe(61);
	});
});

import type { IDataObject } from 'n8n-workflow';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { loadOptions } from '../helpers/b24-load-options';
import { runNode, type Credentials } from '../helpers/n8n';

describe('Bitrix24 node: store orders, payments and shipments on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	const run = (parameters: IDataObject, input: IDataObject[], onError?: 'continueRegularOutput') =>
		runNode({ parameters, onError }, input, creds);
	beforeAll(async () => {
		sb = await sandbox({ companies: 3 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('offers statuses, payer types, payment systems and delivery services', async () => {
		expect((await loadOptions(sb, 'getSaleOrderStatuses', {})).map((o) => o.value)).toEqual(['N', 'S', 'P', 'D', 'F']);
		expect((await loadOptions(sb, 'getSaleOrderStatuses', {}))[0].name).toBe('Accepted, Awaiting Payment (N)');
		expect((await loadOptions(sb, 'getSaleDeliveryStatuses', {})).map((o) => o.value)).toEqual(['DN', 'DD', 'DF']);
		expect(await loadOptions(sb, 'getSalePersonTypes', {})).toEqual([
			{ name: 'Физическое лицо', value: '1' },
			{ name: 'Юридическое лицо', value: '2' },
		]);
		expect((await loadOptions(sb, 'getSalePaySystems', {})).map((o) => o.value)).toEqual(['1', '2', '3']);
		expect((await loadOptions(sb, 'getSaleDeliveries', {}))[1]).toEqual({ name: 'Доставка курьером', value: '2' });
	});

	it('creates orders in one batch, reads, changes status, lists and deletes them', async () => {
		await admin(sb, 'counters/reset', {});
		const input = Array.from({ length: 3 }, (_, i) => ({ guid: `0f6c1a2e-0000-0000-0000-00000000000${i}`, user: i + 1 }));
		const created = await run(
			{
				resource: 'saleOrder',
				operation: 'create',
				lid: 's1',
				personTypeId: '2',
				currency: 'RUB',
				additionalFields: { statusId: 'N', userId: '={{ $json.user }}', xmlId: '={{ $json.guid }}', id1c: '={{ $json.guid }}', comments: 'из 1С', updated1c: true },
			},
			input,
		);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(3);
		expect(created.items[2].pairedItem).toEqual({ item: 2 });
		expect(created.items[1].json).toMatchObject({ lid: 's1', personTypeId: 2, currency: 'RUB', statusId: 'N', userId: 2, xmlId: input[1].guid, id1c: input[1].guid, comments: 'из 1С', updated1c: 'Y' });
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batchCommands).toBe(3);
		const ids = created.items.map((x) => x.json.id as number);

		const got = await run({ resource: 'saleOrder', operation: 'get', id: '={{ $json.id }}' }, [{ id: ids[0] }]);
		expect(got.items[0].json).toMatchObject({ id: ids[0], basketItems: [], payments: [], shipments: [] });

		await admin(sb, 'counters/reset', {});
		const upd = await run({ resource: 'saleOrder', operation: 'update', id: '={{ $json.id }}', updateFields: { statusId: 'P', version1c: '7' } }, ids.slice(0, 2).map((id) => ({ id })));
		expect(upd.error).toBeUndefined();
		expect(upd.items.map((x) => x.json.statusId)).toEqual(['P', 'P']);
		expect((await admin(sb, 'counters')).requests).toBe(1);

		const many = await run({ resource: 'saleOrder', operation: 'getAll', returnAll: true, listOptions: { filter: '{"=statusId":"P","=updated1c":"Y"}', select: 'statusId,xmlId' } }, [{}]);
		expect(many.items.map((x) => x.json.id)).toEqual(ids.slice(0, 2));
		expect(Object.keys(many.items[0].json).sort()).toEqual(['id', 'statusId', 'xmlId']);
		const total = (await post(`${sb.webhookUrl}sale.order.list`, { select: ['id'] })).body.total as number;
		expect(total).toBeGreaterThan(50); // the seed's orders: paging is exercised
		const all = await run({ resource: 'saleOrder', operation: 'getAll', returnAll: true, listOptions: { select: 'id' } }, [{}]);
		expect(new Set(all.items.map((x) => x.json.id)).size).toBe(total);
		const limited = await run({ resource: 'saleOrder', operation: 'getAll', returnAll: false, limit: 2 }, [{}]);
		expect(limited.items).toHaveLength(2);

		const del = await run({ resource: 'saleOrder', operation: 'delete', id: '={{ $json.id }}' }, [{ id: ids[2] }, { id: 99999999 }], 'continueRegularOutput');
		expect(del.items[0].json).toEqual({ id: ids[2], deleted: true });
		expect(del.items[1].json.error).toContain('order is not exists');
		expect(del.items[1].json.error).toContain('(200540400001)');
		expect(del.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('adds payments and shipments, marks paid and shipped, and the order follows', async () => {
		const order = (await run({ resource: 'saleOrder', operation: 'create', lid: 's1', personTypeId: '1', currency: 'RUB', additionalFields: { price: 1500 } }, [{}])).items[0].json;
		await admin(sb, 'counters/reset', {});
		const pays = await run(
			{ resource: 'salePayment', operation: 'create', orderId: '={{ $json.orderId }}', paySystemId: '={{ $json.ps }}', additionalFields: { sum: '={{ $json.sum }}', xmlId: '={{ $json.xml }}' } },
			[
				{ orderId: order.id, ps: 3, sum: 1000, xml: 'pay-1' },
				{ orderId: order.id, ps: 1, sum: 500, xml: 'pay-2' },
			],
		);
		expect(pays.error).toBeUndefined();
		expect((await admin(sb, 'counters')).requests).toBe(1);
		expect(pays.items.map((x) => [x.json.sum, x.json.paySystemName, x.json.paid])).toEqual([
			[1000, 'Банковский перевод (Компании)', 'N'],
			[500, 'Наличные', 'N'],
		]);
		const payIds = pays.items.map((x) => x.json.id as number);

		const paid = await run({ resource: 'salePayment', operation: 'markPaid', id: '={{ $json.id }}', paidOptions: { payVoucherNum: 'ПП-15' } }, payIds.map((id) => ({ id })));
		expect(paid.items.map((x) => [x.json.paid, x.json.payVoucherNum])).toEqual([
			['Y', 'ПП-15'],
			['Y', 'ПП-15'],
		]);
		expect(paid.items[0].json.datePaid).toBeTruthy();
		const listed = await run({ resource: 'salePayment', operation: 'getAll', returnAll: true, listOptions: { filter: `{"=orderId":${String(order.id)}}` } }, [{}]);
		expect(listed.items.map((x) => x.json.id)).toEqual(payIds);
		const unpaid = await run({ resource: 'salePayment', operation: 'markPaid', id: payIds[1], paid: false }, [{}]);
		expect(unpaid.items[0].json.paid).toBe('N');
		const delPay = await run({ resource: 'salePayment', operation: 'delete', id: '={{ $json.id }}' }, payIds.map((id) => ({ id })), 'continueRegularOutput');
		expect(delPay.items[0].json.error).toContain('(SALE_PAYMENT_DELETE_EXIST_PAID)');
		expect(delPay.items[1].json).toEqual({ id: payIds[1], deleted: true });

		const ship = await run({ resource: 'saleShipment', operation: 'create', orderId: order.id, deliveryId: '2', additionalFields: { trackingNumber: 'TRK-1', basePriceDelivery: 250 } }, [{}]);
		expect(ship.error).toBeUndefined();
		expect(ship.items[0].json).toMatchObject({ deliveryId: 2, deliveryName: 'Доставка курьером', deducted: 'N', allowDelivery: 'N', trackingNumber: 'TRK-1', statusId: 'DN' });
		const shipId = ship.items[0].json.id as number;
		const status = await run({ resource: 'saleShipment', operation: 'setStatus', id: shipId, shipmentStatusId: 'DF' }, [{}]);
		expect(status.items[0].json.statusId).toBe('DF');
		const deducted = await run({ resource: 'saleShipment', operation: 'setDeducted', id: shipId }, [{}]);
		expect(deducted.items[0].json.deducted).toBe('Y');
		const upd = await run({ resource: 'saleShipment', operation: 'update', id: shipId, updateFields: { deliveryDocNum: 'ТН-7', allowDelivery: true } }, [{}]);
		expect(upd.items[0].json).toMatchObject({ deliveryDocNum: 'ТН-7', allowDelivery: 'Y' });
		const full = (await run({ resource: 'saleOrder', operation: 'get', id: order.id }, [{}])).items[0].json;
		expect(full).toMatchObject({ payed: 'Y', deducted: 'Y' });
		expect((full.payments as unknown[]).length).toBe(1);
		expect((full.shipments as Array<{ id: number }>).map((s) => s.id)).toEqual([shipId]);
		const gotShip = await run({ resource: 'saleShipment', operation: 'get', id: shipId }, [{}]);
		expect(gotShip.items[0].json.deliveryDocNum).toBe('ТН-7');
		const shipments = await run({ resource: 'saleShipment', operation: 'getAll', returnAll: false, limit: 10, listOptions: { filter: `{"=orderId":${String(order.id)}}` } }, [{}]);
		expect(shipments.items.map((x) => x.json.id)).toEqual([shipId]);
		const noDel = await run({ resource: 'saleShipment', operation: 'delete', id: shipId }, [{}]);
		expect(noDel.error?.message).toContain('sale.shipment.delete');
		await run({ resource: 'saleShipment', operation: 'setDeducted', id: shipId, deducted: false }, [{}]);
		expect((await run({ resource: 'saleShipment', operation: 'delete', id: shipId }, [{}])).items[0].json).toEqual({ id: shipId, deleted: true });
	});
});

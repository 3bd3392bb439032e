/**
 * The 1C ↔ Bitrix24 Mapping node on the real n8n engine: both directions, the Skipped output,
 * forced targets from item facts, unmapped values on the error output, JSON tables and export;
 * and its pickers against both sandboxes (deal stages from Bitrix24; enum values, catalog items
 * and additional-attribute values from 1C).
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';
import { sandbox } from '../helpers/b24';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { ADDITIONAL_ATTRIBUTES, loadOptions, PROPERTY_VALUES } from '../../nodes/Mapping/methods';
import { OneCClient } from '../../nodes/OneC/transport/client';
import { Bitrix24WebhookApi } from '../../credentials/Bitrix24WebhookApi.credentials';

const TYPE = 'n8n-nodes-1c-bitrix24.oneCBitrix24Mapping';
const ROWS = {
	row: [
		{ b24: 'NEW', onec: 'Новый' },
		{ b24: 'WON', onec: 'Выполнен' },
		{ b24: 'LOSE', onec: '', doNotLoad: true },
		{ b24: 'C1:NEW', onec: 'В работе' },
	],
};
const FORCED = { row: [{ condition: 'paid', b24: 'WON', onec: 'Оплачен' }] };

function map(parameters: Record<string, unknown>, input: Array<Record<string, unknown>>, onError?: 'continueErrorOutput' | 'continueRegularOutput') {
	return runNode({ type: TYPE, parameters: { operation: 'map', kind: 'dealStage', tableSource: 'ui', rows: ROWS, forced: FORCED, outputField: 'mapped', ...parameters }, onError, credentials: {} }, input as never, {});
}

describe('Mapping node', () => {
	it('Bitrix24 → 1C: mapped, skipped ("do not load") and unmapped on the error output', async () => {
		const r = await map({ direction: 'toOneC', value: '={{ $json.stage }}' }, [{ stage: 'NEW' }, { stage: 'LOSE' }, { stage: 'C1:NEW' }, { stage: 'C9:NEW' }], 'continueErrorOutput');
		expect(r.outputs).toHaveLength(3);
		const [mapped, skipped, failed] = r.outputs;
		expect(mapped.map((x) => (x.json.mapped as { value: string }).value)).toEqual(['Новый', 'В работе']);
		expect(mapped.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(skipped.map((x) => x.json.stage)).toEqual(['LOSE']);
		expect((skipped[0].json.mapped as { reason: string }).reason).toContain('do not load');
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 3 });
		expect(String(failed[0].json.error)).toBe('Unmapped dealStage: Bitrix24 value "C9:NEW" in pipeline 9 has no row in the dealStage table');
	});

	it('1C → Bitrix24 with forced targets from the item facts', async () => {
		const r = await map({ direction: 'toB24', value: '={{ $json.state }}', paid: '={{ $json.paid }}' }, [{ state: 'Выполнен', paid: false }, { state: 'Новый', paid: true }]);
		expect(r.items.map((x) => x.json.mapped)).toEqual([
			{ input: 'Выполнен', direction: 'toB24', kind: 'dealStage', value: 'WON', source: 'table' },
			{ input: 'Новый', direction: 'toB24', kind: 'dealStage', value: 'WON', source: 'forced', forced: 'paid' },
		]);
	});

	it('an unmapped value without continueOnFail fails the node naming the value', async () => {
		const r = await map({ direction: 'toB24', value: 'Отменен' }, [{}]);
		expect(r.error?.message).toContain('1C value "Отменен" in pipeline 0 has no row in the dealStage table');
	});

	it('exports the table as JSON and another node maps with it unchanged', async () => {
		const exp = await runNode({ type: TYPE, parameters: { operation: 'exportTable', kind: 'dealStage', tableSource: 'ui', rows: ROWS, forced: FORCED }, credentials: {} }, [{}, {}], {});
		expect(exp.items).toHaveLength(1);
		const json = String(exp.items[0].json.tableJson);
		const r = await runNode({ type: TYPE, parameters: { operation: 'map', kind: 'dealStage', tableSource: 'json', tableJson: json, direction: 'toOneC', value: 'WON', outputField: 'm' }, credentials: {} }, [{}], {});
		expect((r.items[0].json.m as { value: string }).value).toBe('Выполнен');
		const wrongKind = await runNode({ type: TYPE, parameters: { operation: 'map', kind: 'user', tableSource: 'json', tableJson: json, direction: 'toOneC', value: 'WON' }, credentials: {} }, [{}], {});
		expect(wrongKind.error?.message).toContain('is a "dealStage" table; this node maps "user"');
	});
});

describe('Mapping pickers', () => {
	let b24: Bitrix24Sandbox;
	let onec: OneCSandbox;
	beforeAll(async () => {
		b24 = await sandbox();
		onec = await startOneCSandbox({ companies: 10 });
	});
	afterAll(async () => {
		await b24?.close();
		await onec?.close();
	});

	function ctx(base: string, parameters: Record<string, unknown>): ILoadOptionsFunctions {
		const oc = oneCCredential(onec.publications.find((p) => p.id === base)!);
		const host = fakeOneCHost(oc);
		const b24cred = { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 2 };
		const cred = new Bitrix24WebhookApi();
		return {
			getNode: host.getNode,
			getCredentials: async (type: string) => (type === 'oneCODataApi' ? oc : b24cred),
			getCurrentNodeParameter: (name: string) => parameters[name],
			helpers: {
				async httpRequestWithAuthentication(type: string, opts: { url: string; body?: unknown }) {
					if (type === 'oneCODataApi') return host.helpers.httpRequestWithAuthentication.call(host, type, opts as never);
					const auth = (await (cred.authenticate as (c: unknown, o: unknown) => Promise<{ baseURL: string }>)(b24cred, opts)) as { baseURL: string };
					const res = await fetch(`${auth.baseURL}${opts.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.body ?? {}) });
					return { statusCode: res.status, body: await res.json() };
				},
			},
		} as unknown as ILoadOptionsFunctions;
	}

	it('Bitrix24 deal stages of every pipeline', async () => {
		const opts = (await loadOptions.getB24Values.call(ctx('unf', { kind: 'dealStage', authentication: 'webhook' }))) as INodePropertyOptions[];
		expect(opts.map((o) => o.value)).toEqual(expect.arrayContaining(['NEW', 'WON', 'LOSE']));
	});

	it('1C enum values (УТ order statuses), catalog items (УНФ order states) and additional values', async () => {
		const ut = (await loadOptions.getOneCValues.call(ctx('ut11', { onecSource: 'enum', onecEnum: 'СтатусыЗаказовКлиентов' }))) as INodePropertyOptions[];
		expect(ut.length).toBeGreaterThan(2);
		const unf = (await loadOptions.getOneCValues.call(ctx('unf', { onecSource: 'catalog', onecCatalog: 'Catalog_СостоянияЗаказовПокупателей' }))) as INodePropertyOptions[];
		expect(unf.length).toBeGreaterThan(2);
		expect(unf.every((o) => /^[0-9a-f-]{36}$/.test(String(o.value)))).toBe(true);
		// an additional attribute «Статус сделки» of type «Дополнительное значение» with two values
		const c = await OneCClient.create(fakeOneCHost(oneCCredential(onec.publications.find((p) => p.id === 'unf')!)));
		const prop = await c.create(ADDITIONAL_ATTRIBUTES, { Description: 'Статус сделки' });
		for (const d of ['Согласование', 'Отгрузка']) await c.create(PROPERTY_VALUES, { Description: d, Owner_Key: prop.Ref_Key });
		await c.create(PROPERTY_VALUES, { Description: 'Чужое значение' });
		const props = (await loadOptions.getOneCProperties.call(ctx('unf', {}))) as INodePropertyOptions[];
		expect(props.map((p) => p.value)).toContain(prop.Ref_Key);
		const values = (await loadOptions.getOneCValues.call(ctx('unf', { onecSource: 'additionalValue', onecProperty: prop.Ref_Key }))) as INodePropertyOptions[];
		expect(values.map((v) => v.name)).toEqual(['Отгрузка', 'Согласование']);
	});
});

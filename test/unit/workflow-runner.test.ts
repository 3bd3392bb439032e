/**
 * The in-process workflow runner (test/helpers/workflow.ts): a whole workflow JSON from its
 * Manual Trigger through our 1C and Bitrix24 nodes and n8n-nodes-base nodes (If, Set, NoOp,
 * Sticky Note) against both sandboxes; 1C credentials by id, Bitrix24 by type.
 */
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { oneCCredential } from '../helpers/onec-host';
import { runWorkflow, type WorkflowJson } from '../helpers/workflow';

let b24: Bitrix24Sandbox;
let onec: OneCSandbox;
beforeAll(async () => {
	[b24, onec] = await Promise.all([startBitrix24Sandbox({ companies: 30 }), startOneCSandbox({ companies: 40 })]);
});
afterAll(async () => Promise.all([b24?.close(), onec?.close()]));

const PKG = 'n8n-nodes-1c-bitrix24';
const node = (name: string, type: string, parameters: object, extra: object = {}) => ({ id: name, name, type, typeVersion: 1, position: [0, 0] as [number, number], parameters, ...extra });
const main = (...targets: Array<string[]>) => ({ main: targets.map((t) => t.map((node) => ({ node, type: 'main' as const, index: 0 }))) });

/** Manual Trigger → 1C (5 counterparties) → If (even item index) → true: Bitrix24 company list / false: Set → NoOp. */
const WORKFLOW = {
	id: 'wfRunnerTest',
	name: 'runner test',
	nodes: [
		node('Sticky', 'n8n-nodes-base.stickyNote', { content: 'a note' }),
		node('Start', 'n8n-nodes-base.manualTrigger', {}),
		node('1C counterparties', `${PKG}.oneC`, { resource: 'catalog', operation: 'getAll', entitySet: { __rl: true, mode: 'name', value: 'Catalog_Контрагенты' }, limit: 5 }, { credentials: { oneCODataApi: { id: 'onecBp30', name: '1C БП 3.0 (demo)' } } }),
		node(
			'Even?',
			'n8n-nodes-base.if',
			{
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [{ id: 'c1', leftValue: '={{ $itemIndex % 2 === 0 }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
					combinator: 'and',
				},
				options: {},
			},
			{ typeVersion: 2.2 },
		),
		node('Bitrix24 companies', `${PKG}.bitrix24`, { resource: 'company', operation: 'getAll', returnAll: false, limit: 2 }, { credentials: { bitrix24WebhookApi: { id: 'b24Demo', name: 'Bitrix24 (demo portal)' } } }),
		node(
			'Mark odd',
			'n8n-nodes-base.set',
			{ mode: 'manual', assignments: { assignments: [{ id: 'a1', name: 'odd', value: '={{ $json.Description }}', type: 'string' }] }, includeOtherFields: false, options: {} },
			{ typeVersion: 3.4 },
		),
		node('Done', 'n8n-nodes-base.noOp', {}),
	],
	connections: {
		Start: main(['1C counterparties']),
		'1C counterparties': main(['Even?']),
		'Even?': main(['Bitrix24 companies'], ['Mark odd']),
		'Mark odd': main(['Done']),
	},
	settings: { executionOrder: 'v1' },
} as unknown as WorkflowJson;

describe('runWorkflow (in-process WorkflowExecute)', () => {
	it('runs Manual Trigger → 1C → If → Bitrix24 / Set → NoOp against both sandboxes', async () => {
		const bp30 = onec.publications.find((p) => p.id === 'bp30')!;
		const r = await runWorkflow(WORKFLOW, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } }, { credsById: { onecBp30: oneCCredential(bp30) } });
		expect(r.error).toBeUndefined();
		expect(r.status).toBe('success');
		expect(r.itemsOut('Start')).toHaveLength(1);
		const cps = r.itemsOut('1C counterparties');
		expect(cps).toHaveLength(5);
		expect(cps[0].json.Ref_Key).toMatch(/^[0-9a-f-]{36}$/);
		expect(r.itemsOut('Even?', 0)).toHaveLength(3);
		expect(r.itemsOut('Even?', 1)).toHaveLength(2);
		// the Bitrix24 node runs once per input item: 3 × limit 2
		const companies = r.itemsOut('Bitrix24 companies');
		expect(companies).toHaveLength(6);
		expect(companies[0].json.TITLE).toEqual(expect.any(String));
		expect(r.itemsOut('Mark odd').map((x) => x.json)).toEqual([1, 3].map((k) => ({ odd: cps[k].json.Description })));
		expect(r.itemsOut('Done')).toHaveLength(2);
		expect(r.runData.Sticky).toBeUndefined();
		expect(r.order[0]).toBe('Start');
	});

	it('falls back to credentials by type, and reports a node error with status error', async () => {
		const bp30 = onec.publications.find((p) => p.id === 'bp30')!;
		const ok = await runWorkflow(WORKFLOW, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, oneCODataApi: oneCCredential(bp30) });
		expect(ok.status).toBe('success');
		const bad = await runWorkflow(WORKFLOW, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 } }, { credsById: { onecBp30: oneCCredential(bp30, { password: 'wrong' }) } });
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toBeTruthy();
		expect(bad.runData['Bitrix24 companies']).toBeUndefined();
	});

	it('runs the n8n-nodes-base nodes templates use: Code, Filter, Aggregate, Split Out, Merge (a Schedule Trigger stays idle)', async () => {
		const flow = {
			nodes: [
				node('Every day', 'n8n-nodes-base.scheduleTrigger', { rule: { interval: [{}] } }, { typeVersion: 1.2 }),
				node('Start', 'n8n-nodes-base.manualTrigger', {}),
				node('Code', 'n8n-nodes-base.code', { jsCode: 'return [1, 2, 3, 4].map((n) => ({ json: { n } }));' }, { typeVersion: 2 }),
				node(
					'Filter',
					'n8n-nodes-base.filter',
					{
						conditions: {
							options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
							conditions: [{ id: 'f1', leftValue: '={{ $json.n }}', rightValue: 2, operator: { type: 'number', operation: 'gt' } }],
							combinator: 'and',
						},
						options: {},
					},
					{ typeVersion: 2.2 },
				),
				node('Aggregate', 'n8n-nodes-base.aggregate', { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'n' }] }, options: {} }),
				node('Split Out', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'n', options: {} }),
				node('Merge', 'n8n-nodes-base.merge', {}, { typeVersion: 3.2 }),
			],
			connections: {
				'Every day': main(['Code']),
				Start: main(['Code']),
				Code: main(['Filter', 'Merge']),
				Filter: main(['Aggregate']),
				Aggregate: main(['Split Out']),
				'Split Out': { main: [[{ node: 'Merge', type: 'main', index: 1 }]] },
			},
		} as unknown as WorkflowJson;
		const r = await runWorkflow(flow);
		expect(r.error).toBeUndefined();
		expect(r.itemsOut('Filter').map((x) => x.json.n)).toEqual([3, 4]);
		expect(r.itemsOut('Aggregate').map((x) => x.json)).toEqual([{ n: [3, 4] }]);
		expect(r.itemsOut('Split Out')).toHaveLength(2);
		expect(r.itemsOut('Merge')).toHaveLength(6);
		expect(r.runData['Every day']).toBeUndefined();
	});
});

/**
 * Paged exports as fast_bitrix24 `get_all` runs them: page 1 as a direct call (`next: 50`), the
 * remaining pages as one batch of list commands with `start` values. The set-up creates as many
 * rows as the recorded run saw, so `total`, `next` and `result_next` appear where they did.
 */
import { cmd, type Client } from './client';
import { marker, type ContractCase } from './support';

/** Commands `cmd0000000000`… for the pages after the first one. */
function pageCommands(method: string, params: Record<string, unknown>, total: number): Record<string, string> {
	const out: Record<string, string> = {};
	for (let start = 50, i = 0; start < total; start += 50, i++) out[`cmd${String(i).padStart(10, '0')}`] = cmd(method, { ...params, start });
	return out;
}

/** A deal stage outside the default ones, and `n` deals created in it (one history row each). */
async function dealsInStage(c: Client, stage: string, n: number): Promise<void> {
	const existing = await c.call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: stage } });
	if (!existing.length) await c.call('crm.status.add', { fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: stage, NAME: 'Ожидание оплаты', SORT: 35 } });
	await c.addMany('crm.deal.add', n, (i) => ({ fields: { TITLE: `${marker('history')} ${i}`, STAGE_ID: stage } }));
}

const TASK_LIST = { filter: { status: -1 }, select: ['ID', 'STATUS', 'STATUS_COMPLETE'] };
const HISTORY = { entityTypeId: 2, filter: { STAGE_ID: 'UC_KW9988' } };

export const pagingCases: ContractCase[] = [
	{
		fixture: 'recorded/catalog_document_element_list.json',
		group: 'paging-catalog',
		setup: async (c) => {
			const { element } = await c.call('catalog.product.add', { fields: { iblockId: 23, name: marker('Товар'), purchasingPrice: 11163000, purchasingCurrency: 'RUB' } });
			for (let d = 0; d < 5; d++) {
				const { document } = await c.call('catalog.document.add', { fields: { docType: 'A', currency: 'RUB', responsibleId: 1 } });
				await c.addMany('catalog.document.element.add', 19, () => ({
					fields: { docId: document.id, elementId: element.id, storeTo: 1, amount: 1, purchasingPrice: 11163000 },
				}));
			}
			return {};
		},
		request: () => [
			{ method: 'catalog.document.element.list', json: {} },
			{ method: 'batch', json: { halt: 0, cmd: pageCommands('catalog.document.element.list', {}, 95) } },
		],
	},
	{
		fixture: 'recorded/get_all_tasks.json',
		group: 'paging-tasks',
		setup: async (c) => {
			// status -1 is the "overdue" meta-status: tasks past their deadline
			const have = (await c.callFull('tasks.task.list', TASK_LIST)).total ?? 0;
			await c.addMany('tasks.task.add', 1570 - have, (i) => ({ fields: { TITLE: `${marker('Задача')} ${i}`, RESPONSIBLE_ID: 1, DEADLINE: '2022-05-09T00:00:00' } }));
			return {};
		},
		request: () => [
			{ method: 'tasks.task.list', json: TASK_LIST },
			{ method: 'batch', json: { halt: 0, cmd: pageCommands('tasks.task.list', TASK_LIST, 1570) } },
		],
	},
	{
		fixture: 'recorded/stagehistory.json',
		group: 'paging-stagehistory',
		setup: async (c) => {
			await dealsInStage(c, 'UC_KW9988', 490);
			return {};
		},
		request: () => [
			{ method: 'crm.stagehistory.list', json: HISTORY },
			{ method: 'batch', json: { halt: 0, cmd: pageCommands('crm.stagehistory.list', HISTORY, 490) } },
		],
	},
	{
		fixture: 'recorded/crm_stagehistory_list.json',
		group: 'paging-stagehistory',
		setup: async (c) => {
			await dealsInStage(c, 'UC_DELIVERY', 9);
			return {};
		},
		request: () => ({
			method: 'batch',
			json: {
				halt: 0,
				cmd: { order0000000000: cmd('crm.stagehistory.list', { entityTypeId: 2, filter: { STAGE_ID: 'UC_DELIVERY' }, select: ['OWNER_ID', 'STAGE_ID', 'CREATED_TIME', 'ID'] }) },
			},
		}),
	},
];

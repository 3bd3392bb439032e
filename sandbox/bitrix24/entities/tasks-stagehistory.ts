/**
 * `crm.stagehistory.list` (`{items:[…]}`, every value a string as recorded): leads carry
 * STATUS_SEMANTIC_ID/STATUS_ID, deals, invoices and smart processes CATEGORY_ID,
 * STAGE_SEMANTIC_ID, STAGE_ID. Seeded from the dataset's deals (creation on the pipeline's first
 * stage plus the move to the current stage); `recordStageChange` lets CRM modules append.
 */
import { RestError } from '../core/errors';
import { param } from '../core/params';
import { asList, isPlainObject } from '../core/php';
import { listPage, matchFilter, sortRows, splitOperator } from '../core/query';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { isoWithOffset } from '../core/time';
import type { Dataset } from '../../seed/types';
import { seedDate } from './common';

export const STAGE_HISTORY_TABLE = 'stage_history';

/** TYPE_ID: 1 created, 2 moved to an intermediate stage, 3 to a final stage, 5 pipeline changed. */
export interface StageChange {
	entityTypeId: number;
	ownerId: number;
	typeId: 1 | 2 | 3 | 5;
	at: string;
	stageId: string;
	semantic: 'P' | 'S' | 'F';
	categoryId?: number;
}

export function recordStageChange(store: Store, c: StageChange): Row {
	const row: Row = { ENTITY_TYPE_ID: c.entityTypeId, TYPE_ID: c.typeId, OWNER_ID: c.ownerId, CREATED_TIME: c.at };
	if (c.entityTypeId === 1 || c.entityTypeId === 5) Object.assign(row, { STATUS_SEMANTIC_ID: c.semantic, STATUS_ID: c.stageId });
	else Object.assign(row, { CATEGORY_ID: c.categoryId ?? 0, STAGE_SEMANTIC_ID: c.semantic, STAGE_ID: c.stageId });
	return store.table(STAGE_HISTORY_TABLE).insert(row);
}

const TYPE_NAMES: Record<number, string> = { 3: 'CONTACT', 4: 'COMPANY', 7: 'QUOTE', 8: 'REQUISITE', 14: 'ORDER' };

function fieldsOf(entityTypeId: number): string[] {
	return entityTypeId === 1 || entityTypeId === 5
		? ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME', 'STATUS_SEMANTIC_ID', 'STATUS_ID']
		: ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'STAGE_ID'];
}

const invalid = (text: string) => new RestError('INVALID_ARG_VALUE', text, 400);

function stageHistoryList(ctx: CallContext): unknown {
	const raw = param(ctx.params, 'entityTypeId');
	const entityTypeId = raw === undefined || raw === '' ? 2 : Number(raw);
	if (!Number.isInteger(entityTypeId) || ![1, 2, 5, 31].includes(entityTypeId) && entityTypeId < 128) {
		throw new RestError('ENTITY_TYPE_NOT_SUPPORTED', `Entity type ${TYPE_NAMES[entityTypeId] ?? String(raw)} is not supported`, 400);
	}
	const fields = fieldsOf(entityTypeId);
	const filter = param(ctx.params, 'filter');
	if (isPlainObject(filter)) {
		for (const k of Object.keys(filter)) {
			const f = splitOperator(k).field.toUpperCase();
			if (!fields.includes(f)) throw invalid(`Invalid filter: field '${splitOperator(k).field}' is not allowed in filter`);
		}
	}
	const order = param(ctx.params, 'order');
	const spec: Record<string, string> = {};
	for (const [k, v] of Object.entries(isPlainObject(order) ? order : { ID: 'ASC' })) {
		if (!fields.includes(k.toUpperCase())) throw invalid(`Invalid order: field '${k}' is not allowed in order`);
		const dir = String(v).toUpperCase();
		if (dir !== 'ASC' && dir !== 'DESC') {
			throw invalid(`Invalid order: allowed sort directions are ASC, DESC. But got '${String(v)}' for field '${k}'`);
		}
		spec[k.toUpperCase()] = dir;
	}
	const rows = ctx.portal.store
		.table(STAGE_HISTORY_TABLE)
		.where((r) => Number(r.ENTITY_TYPE_ID) === entityTypeId)
		.filter((r) => matchFilter(r, filter));
	const sorted = sortRows(rows, spec, 'ID');
	const selected = asList(param(ctx.params, 'select'))
		.map((s) => String(s).toUpperCase())
		.filter((s) => fields.includes(s));
	const out = selected.length ? [...new Set([...selected, 'ID'])] : fields;
	const view = (r: Row) => Object.fromEntries(out.map((f) => [f, r[f] === null || r[f] === undefined ? null : String(r[f])]));
	return listPage(sorted, ctx.start, (page) => ({ items: page.map(view) }));
}

export function registerStageHistory(registry: Registry): void {
	registry.define('crm.stagehistory.list', { scope: 'crm', crmAccess: 'item', handler: stageHistoryList });
}

/** One creation row per deal on its pipeline's first stage, plus the move to its current stage. */
export function loadStageHistory(store: Store, ds: Dataset): void {
	const changes: StageChange[] = [];
	for (const d of ds.deals ?? []) {
		const pipeline = (ds.pipelines ?? []).find((p) => p.id === d.pipelineId);
		const prefix = d.pipelineId ? `C${d.pipelineId}:` : '';
		const first = pipeline?.stages[0]?.code ?? 'NEW';
		const created = seedDate(d.createdAt);
		const base = { entityTypeId: 2, ownerId: d.n, categoryId: d.pipelineId };
		changes.push({ ...base, typeId: 1, at: created, stageId: prefix + first, semantic: 'P' });
		if (d.stage === first) continue;
		const semantic = pipeline?.stages.find((s) => s.code === d.stage)?.semantics ?? 'P';
		const next = Date.parse(created) + 86_400_000;
		const closed = Date.parse(seedDate(d.closeDate));
		const at = semantic !== 'P' && closed > Date.parse(created) ? seedDate(d.closeDate) : isoWithOffset(next);
		changes.push({ ...base, typeId: semantic === 'P' ? 2 : 3, at, stageId: prefix + d.stage, semantic });
	}
	changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.ownerId - b.ownerId);
	for (const c of changes) recordStageChange(store, c);
}

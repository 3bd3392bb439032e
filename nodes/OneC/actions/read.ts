/** Reads: get (by key / Code / Number / any field), get many, tabular rows, enum values, virtual tables. */
import { sameValue } from '../../../lib/dry-run';
import type { IDataObject } from 'n8n-workflow';
import { filterCondition, formatDateTime, guidLiteral, isGuid, stringLiteral } from '../../../lib/odata';
import { keyExpression } from '../transport/client';
import { OneCError } from '../transport/errors';
import type { Row } from '../../../lib/onec-values';
import { autoType } from '../description/filter';
import { ItemError, output, param, readOptions, str, uiFilter, type ItemRun, type Operation } from './context';

/** The objects whose `field` equals `value` (at most `limit`), the literal typed by `$metadata`. */
export async function findByField(run: ItemRun, field: string, value: unknown, limit: number, select?: string): Promise<Row[]> {
	const types = await run.s.types(run.set);
	const type = autoType(field, types, value);
	if (type === 'composite') throw new ItemError(run, `1C ${run.set}: "${field}" is a composite-type field; find by it with Get Many and a Composite Type filter`);
	let filter: string;
	try {
		filter = filterCondition({ field, operator: 'eq', value, type }, run.s.timeZone);
	} catch (e) {
		throw new ItemError(run, `1C ${run.set}: ${(e as Error).message}`);
	}
	const rows = await run.s.client.list(run.set, { filter, select, limit });
	// a dry run: what it would have created earlier in this execution is found too, as in the real run
	const planned = (run.s.client.dryRun && run.s.client.overlay?.find(run.set, (r) => sameValue(r[field], value))) || [];
	return [...rows, ...planned].slice(0, limit);
}

export const get: Operation = async (run) => {
	const o = readOptions(run);
	const query = { $select: o.select || undefined };
	const findBy = run.resource === 'catalog' || run.resource === 'document' ? str(run, 'findBy', 'key') : 'key';
	if (findBy === 'key') {
		const key = str(run, 'key');
		if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
		if (run.prefetched === null) throw new OneCError(run.set, keyExpression(key), 404, '9', 'Экземпляр сущности не найден');
		return output(run, [run.prefetched ?? (await run.s.client.getByKey(run.set, key, query))], o.output ?? 'typed');
	}
	const field = findBy === 'code' ? 'Code' : findBy === 'number' ? 'Number' : str(run, 'lookupField');
	const value = str(run, 'lookupValue');
	const rows = await findByField(run, field, value, 2, o.select || undefined);
	if (rows.length === 0) throw new ItemError(run, `1C ${run.set}: no object with ${field} = ${stringLiteral(value)}`, { entitySet: run.set, field, value });
	if (rows.length > 1) throw new ItemError(run, `1C ${run.set}: more than one object with ${field} = ${stringLiteral(value)}`, { entitySet: run.set, field, value, keys: rows.map((r) => String(r.Ref_Key ?? '')) });
	return output(run, rows, o.output ?? 'typed');
};

/**
 * `get` by Ref_Key over many items: one `Ref_Key eq … or …` list request per ~20 keys (URLs kept
 * ≤ 1,500 bytes) instead of one GET per item. Items with an expression key, a `$select` without
 * Ref_Key or another find mode are left to the per-item GET; a failed bulk read too.
 */
export async function prefetchByKey(runs: ItemRun[]): Promise<void> {
	const groups = new Map<string, { set: string; select?: string; runs: Array<{ run: ItemRun; key: string }> }>();
	for (const run of runs) {
		if (run.resource !== 'catalog' && run.resource !== 'document') continue;
		try {
			if (str(run, 'findBy', 'key') !== 'key') continue;
			const key = str(run, 'key').toLowerCase();
			const select = readOptions(run).select?.trim() || undefined;
			if (!isGuid(key) || (select && !select.split(',').some((f) => f.trim() === 'Ref_Key'))) continue;
			const g = `${run.set}\u0000${select ?? ''}`;
			if (!groups.has(g)) groups.set(g, { set: run.set, select, runs: [] });
			groups.get(g)!.runs.push({ run, key });
		} catch {
			// a parameter error surfaces in the item's own run
		}
	}
	for (const g of groups.values()) {
		if (g.runs.length < 2) continue;
		try {
			const rows = await g.runs[0].run.s.client.listByKeys(g.set, 'Ref_Key', g.runs.map((r) => r.key), { select: g.select });
			const byKey = new Map(rows.map((r) => [String(r.Ref_Key).toLowerCase(), r]));
			for (const { run, key } of g.runs) run.prefetched = byKey.get(key) ?? null;
		} catch {
			// fall back to one GET per item, which reports its own error
		}
	}
}

function listOptions(run: ItemRun) {
	const o = readOptions(run);
	const returnAll = param<boolean>(run, 'returnAll', false);
	return { o, returnAll, limit: returnAll ? undefined : param<number>(run, 'limit', 50) };
}

export const getAll: Operation = async (run) => {
	const { o, returnAll, limit } = listOptions(run);
	const filter = await uiFilter(run);
	const rows = await run.s.client.list(run.set, { filter, select: o.select || undefined, expand: o.expand || undefined, orderby: o.orderBy || undefined, pageSize: o.pageSize, returnAll, limit });
	return output(run, rows, o.output ?? 'typed');
};

/** Rows of a tabular section (`<Owner>_<TS>` set, read-only), of one owner or of all; stable order Ref_Key, LineNumber. */
export const tabularRows: Operation = async (run) => {
	const { o, returnAll, limit } = listOptions(run);
	const owner = str(run, 'ownerKey');
	let ownerCond: string[] = [];
	try {
		ownerCond = owner ? [`Ref_Key eq ${guidLiteral(owner)}`] : [];
	} catch (e) {
		throw new ItemError(run, `1C ${run.set}: Owner Key — ${(e as Error).message}`);
	}
	const filter = await uiFilter(run, run.set, ownerCond);
	const rows = await run.s.client.list(run.set, { filter, select: o.select || undefined, orderby: o.orderBy || 'Ref_Key,LineNumber', pageSize: o.pageSize, returnAll, limit });
	return output(run, rows, o.output ?? 'typed');
};

export const enumValues: Operation = async (run) => {
	const name = str(run, 'enumType');
	const meta = await run.s.metadata();
	const values = meta.enums[name];
	if (!values) throw new ItemError(run, `1C: the enumeration "${name}" is not in $metadata (enums are published only as types of published objects' fields)`);
	return values.map((value, index): IDataObject => ({ enum: name, value, index }));
};

const PERIOD_ARGS: Record<string, Array<[string, string]>> = {
	Balance: [['Period', 'period']],
	SliceLast: [['Period', 'period']],
	SliceFirst: [['Period', 'period']],
	Turnovers: [
		['StartPeriod', 'startPeriod'],
		['EndPeriod', 'endPeriod'],
	],
	BalanceAndTurnovers: [
		['StartPeriod', 'startPeriod'],
		['EndPeriod', 'endPeriod'],
	],
};

/**
 * `<Register>/<Function>(Period=datetime'…',Condition='…',Dimensions='…')` (DOC §17.4.9; the
 * Condition's inner quotes are written as they are, as the documentation and recorded clients do).
 */
export const virtualTable: Operation = async (run) => {
	const fn = str(run, 'virtualFunction', 'Balance');
	const o = readOptions(run);
	const args: string[] = [];
	for (const [arg, name] of PERIOD_ARGS[fn] ?? []) {
		const v = str(run, name);
		if (!v) continue;
		try {
			args.push(`${arg}=datetime'${formatDateTime(v, run.s.timeZone)}'`);
		} catch (e) {
			throw new ItemError(run, `1C ${run.set}/${fn}: ${arg} — ${(e as Error).message}`);
		}
	}
	const condition = await uiFilter(run, run.set);
	if (condition) args.push(`Condition='${condition}'`);
	const dims = str(run, 'dimensions');
	if (dims && fn !== 'SliceLast' && fn !== 'SliceFirst') args.push(`Dimensions='${dims.replace(/'/g, '')}'`);
	const page = await run.s.client.get(`${run.set}/${fn}(${args.join(',')})`, { $select: o.select || undefined });
	const rows = (page.value as Row[] | undefined) ?? [];
	return output(run, rows, o.output ?? 'typed');
};

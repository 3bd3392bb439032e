/**
 * Writes: create, update (PATCH), create-or-update by a key field, mark/unmark for deletion,
 * physical delete, post/unpost. Values are coerced to the 1C types from `$metadata`, and after a
 * write every field sent is compared with what 1C stored (1C ignores unknown fields and truncates
 * long strings silently, research §7): a mismatch is an item error that names the object and the
 * fields — the object is already written, so the error carries its key and nothing is lost.
 */
import type { IDataObject } from 'n8n-workflow';
import { coerceRow, ValueError, verifyWrite, type Row } from '../../../lib/onec-values';
import { fieldDiff, Placeholders, updateAction, type PlanEntry } from '../../../lib/dry-run';
import { keyExpression } from '../transport/client';
import { withPlan } from '../../shared/dryRun';
import { ItemError, output, param, serialized, str, type ItemRun, type Operation } from './context';
import { findByField } from './read';

interface WriteOptions {
	dataVersion?: string;
	output?: string;
	post?: 'none' | 'post' | 'operational';
	verify?: boolean;
}

function parseJson(run: ItemRun, name: string, raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (e) {
		throw new ItemError(run, `${name}: not valid JSON (${(e as Error).message})`);
	}
}

/** The data of the item as given in the UI (field rows + tabular sections) or as a JSON object. */
export function dataOf(run: ItemRun): Row {
	if (str(run, 'dataMode', 'fields') === 'json') {
		const v = parseJson(run, 'JSON', param<unknown>(run, 'json', '{}'));
		if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ItemError(run, 'JSON: needs an object of 1C fields');
		return { ...(v as Row) };
	}
	const data: Row = {};
	for (const f of param<{ field?: Array<{ name?: string; value?: unknown }> }>(run, 'fields', {}).field ?? []) {
		const name = String(f.name ?? '').trim();
		if (name) data[name] = f.value;
	}
	for (const t of param<{ section?: Array<{ name?: string; rows?: unknown }> }>(run, 'tabularSections', {}).section ?? []) {
		const name = String(t.name ?? '').trim();
		if (name) data[name] = parseJson(run, `Tabular section "${name}"`, t.rows ?? '[]');
	}
	return data;
}

async function coerced(run: ItemRun, data: Row): Promise<Row> {
	const types = await run.s.types(run.set);
	try {
		return coerceRow(data, types, run.s.timeZone);
	} catch (e) {
		if (e instanceof ValueError) throw new ItemError(run, `1C ${run.set}: ${e.message}`, { entitySet: run.set });
		throw e;
	}
}

function objectKey(row: Row): string {
	return String(row.Ref_Key ?? '');
}

/**
 * A dry run (lib/dry-run.ts): the write is not sent; a create answers with a placeholder key, an
 * update with the object as it would be, and the plan entry says what would change.
 */
async function planned(run: ItemRun, kind: 'create' | 'update', sent: Row, key?: string, dataVersion?: string): Promise<{ got: Row; plan: PlanEntry }> {
	const base = { system: '1c' as const, object: run.set };
	const overlay = run.s.client.overlay!;
	if (kind === 'create') {
		const ref = typeof sent.Ref_Key === 'string' && sent.Ref_Key ? sent.Ref_Key : Placeholders.guid();
		// 1C numbers a new object when it writes it: a placeholder number keeps planned objects apart
		const numbered = /^Catalog_/.test(run.set) ? { Code: `(new ${ref.slice(-6)})` } : /^Document_/.test(run.set) ? { Number: `(new ${ref.slice(-6)})` } : {};
		const got = { ...numbered, ...sent, Ref_Key: ref };
		overlay.put(run.set, ref, got);
		return { got, plan: { ...base, action: 'create', id: ref, fields: sent } };
	}
	const current = await run.s.client.getByKey(run.set, key!);
	const diff = fieldDiff(current, sent);
	const plan: PlanEntry = { ...base, action: updateAction(diff), id: key, diff };
	if (dataVersion && current.DataVersion !== undefined && current.DataVersion !== dataVersion) plan.reason = `changed in 1C since it was read (DataVersion ${String(current.DataVersion)}): the real write would be refused`;
	const got = { ...current, ...sent };
	overlay.put(run.set, key!, got);
	return { got, plan };
}

async function finish(run: ItemRun, sent: Row, got: Row, opts: WriteOptions, action: string, plan?: PlanEntry): Promise<IDataObject[]> {
	if (plan) {
		const posts = run.resource === 'document' && opts.post && opts.post !== 'none';
		const rows = await output(run, [posts ? { ...got, Posted: true } : got], opts.output ?? 'typed');
		const entries: PlanEntry[] = [plan, ...(posts ? [{ system: '1c' as const, action: 'post' as const, object: run.set, id: objectKey(got) }] : [])];
		return rows.map((r) => withPlan(r, entries));
	}
	const key = objectKey(got);
	if (opts.verify !== false) {
		const problems = verifyWrite(sent, got, await run.s.types(run.set));
		if (problems.length) {
			throw new ItemError(run, `1C ${run.set}${key ? `(${key})` : ''} was ${action}, but ${problems.join('; ')}`, { entitySet: run.set, key, action, problems });
		}
	}
	let row = got;
	if (run.resource === 'document' && opts.post && opts.post !== 'none' && key) {
		await run.s.client.post(run.set, key, opts.post === 'operational');
		row = await run.s.client.getByKey(run.set, key);
	}
	return output(run, [row], opts.output ?? 'typed');
}

async function createWith(run: ItemRun, sent: Row, opts: WriteOptions): Promise<IDataObject[]> {
	if (run.s.client.dryRun) {
		const p = await planned(run, 'create', sent);
		return finish(run, sent, p.got, opts, 'created', p.plan);
	}
	return finish(run, sent, await run.s.client.create(run.set, sent), opts, 'created');
}

export const create: Operation = async (run) => createWith(run, await coerced(run, dataOf(run)), param<WriteOptions>(run, 'writeOptions', {}));

async function patch(run: ItemRun, key: string, data: Row, opts: WriteOptions): Promise<IDataObject[]> {
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	const sent = await coerced(run, data);
	if (run.s.client.dryRun) {
		const p = await planned(run, 'update', sent, key, opts.dataVersion || undefined);
		return finish(run, sent, p.got, opts, 'updated', p.plan);
	}
	return finish(run, sent, await run.s.client.update(run.set, key, sent, opts.dataVersion || undefined), opts, 'updated');
}

export const update: Operation = async (run) => patch(run, str(run, 'key'), dataOf(run), param<WriteOptions>(run, 'writeOptions', {}));

/** Find by the match field: none → create (with the match value), one → update, several → error naming them. */
export const upsert: Operation = async (run) => {
	const opts = param<WriteOptions>(run, 'writeOptions', {});
	const field = str(run, 'matchField');
	const value = str(run, 'matchValue');
	if (!field || !value) throw new ItemError(run, `1C ${run.set}: Create or Update needs a match field and a value`);
	const data = dataOf(run);
	return serialized(run, `${run.set}\u0000${field}\u0000${value}`, async () => {
		const found = await findByField(run, field, value, 2, 'Ref_Key');
		if (found.length > 1) {
			throw new ItemError(run, `1C ${run.set}: ${found.length} objects have ${field} = '${value}' — resolve the duplicates in 1C`, { entitySet: run.set, field, value, keys: found.map(objectKey) });
		}
		if (found.length === 1) return patch(run, objectKey(found[0]), data, opts);
		return createWith(run, await coerced(run, { [field]: value, ...data }), opts);
	});
};

const mark =
	(value: boolean): Operation =>
	async (run) =>
		patch(run, str(run, 'key'), { DeletionMark: value }, { verify: true });

export const markForDeletion = mark(true);
export const unmarkForDeletion = mark(false);

export const remove: Operation = async (run) => {
	const key = str(run, 'key');
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	const json = { entitySet: run.set, key: keyExpression(key), deleted: true };
	if (run.s.client.dryRun) return [withPlan(json, [{ system: '1c', action: 'delete', object: run.set, id: key }])];
	await run.s.client.remove(run.set, key);
	return [json];
};

export const post: Operation = async (run) => {
	const key = str(run, 'key');
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	const json = { Ref_Key: key, entitySet: run.set, Posted: true };
	if (run.s.client.dryRun) return [withPlan(json, [{ system: '1c', action: 'post', object: run.set, id: key }])];
	await run.s.client.post(run.set, key, param<boolean>(run, 'operational', false));
	return [json];
};

export const unpost: Operation = async (run) => {
	const key = str(run, 'key');
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	const json = { Ref_Key: key, entitySet: run.set, Posted: false };
	if (run.s.client.dryRun) return [withPlan(json, [{ system: '1c', action: 'unpost', object: run.set, id: key }])];
	await run.s.client.unpost(run.set, key);
	return [json];
};

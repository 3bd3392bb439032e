/**
 * Writes: create, update (PATCH), create-or-update by a key field, mark/unmark for deletion,
 * physical delete, post/unpost. Values are coerced to the 1C types from `$metadata`, and after a
 * write every field sent is compared with what 1C stored (1C ignores unknown fields and truncates
 * long strings silently, research §7): a mismatch is an item error that names the object and the
 * fields — the object is already written, so the error carries its key and nothing is lost.
 */
import type { IDataObject } from 'n8n-workflow';
import { coerceRow, ValueError, verifyWrite, type Row } from '../../../lib/onec-values';
import { keyExpression } from '../transport/client';
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

async function finish(run: ItemRun, sent: Row, got: Row, opts: WriteOptions, action: string): Promise<IDataObject[]> {
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

export const create: Operation = async (run) => {
	const opts = param<WriteOptions>(run, 'writeOptions', {});
	const sent = await coerced(run, dataOf(run));
	return finish(run, sent, await run.s.client.create(run.set, sent), opts, 'created');
};

async function patch(run: ItemRun, key: string, data: Row, opts: WriteOptions): Promise<IDataObject[]> {
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	const sent = await coerced(run, data);
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
		const sent = await coerced(run, { [field]: value, ...data });
		return finish(run, sent, await run.s.client.create(run.set, sent), opts, 'created');
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
	await run.s.client.remove(run.set, key);
	return [{ entitySet: run.set, key: keyExpression(key), deleted: true }];
};

export const post: Operation = async (run) => {
	const key = str(run, 'key');
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	await run.s.client.post(run.set, key, param<boolean>(run, 'operational', false));
	return [{ Ref_Key: key, entitySet: run.set, Posted: true }];
};

export const unpost: Operation = async (run) => {
	const key = str(run, 'key');
	if (!key) throw new ItemError(run, `1C ${run.set}: the key is empty`);
	await run.s.client.unpost(run.set, key);
	return [{ Ref_Key: key, entitySet: run.set, Posted: false }];
};

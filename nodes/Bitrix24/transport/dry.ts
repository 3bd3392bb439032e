/**
 * The Bitrix24 side of a dry run (lib/dry-run.ts): the client hands every command here first.
 * A read goes on to the portal (placeholder ids in it made harmless); a write is not sent — it is
 * recorded as a plan entry, with the current values read (batched) for an update's diff, and
 * answered the way the portal would answer it, so the operation's parse and the next nodes go on.
 * Any method that is not known to read is treated as a write: a dry run must not write.
 */
import { containsDryId, DryOverlay, fieldDiff, isDryId, Placeholders, updateAction, withoutDryIds, type PlanEntry } from '../../../lib/dry-run';
import type { Params } from './encode';
import type { B24Command, B24Result, Bitrix24Client } from './client';

const READ = /(^|\.)(get\w*|list\w*|fields|userfields?|search\w*|find\w*|count|current|info|types|profile|methods|scope|time|access|version)$/i;

export function isWriteMethod(method: string): boolean {
	return method !== 'batch' && !READ.test(method);
}

/** `catalog.product.add` answers `{element: …}`, `sale.order.add` `{order: …}`, `crm.item.add` `{item: …}`; the classic CRM a bare id. */
function wrapper(family: string): string | undefined {
	if (family === 'crm.item') return 'item';
	if (family === 'catalog.product') return 'element';
	const m = /^(catalog|sale)\.(\w+)$/.exec(family);
	if (m) return m[2] === 'basketitem' ? 'basketItem' : m[2];
	return undefined;
}

function splitMethod(method: string): { family: string; verb: string } {
	const k = method.lastIndexOf('.');
	return { family: method.slice(0, k), verb: method.slice(k + 1).toLowerCase() };
}

const fieldsOf = (p: Params): Record<string, unknown> => ((p.fields ?? p.FIELDS ?? {}) as Record<string, unknown>) || {};
const idOf = (p: Params): unknown => p.id ?? p.ID;

/** The read that gives an update's current values, and how to take the object from its answer. */
function currentRead(method: string, p: Params): B24Command | undefined {
	const { family, verb } = splitMethod(method);
	if (verb !== 'update') return undefined;
	if (family === 'crm.address') {
		const f = fieldsOf(p);
		return { method: 'crm.address.list', params: { filter: { TYPE_ID: f.TYPE_ID, ENTITY_TYPE_ID: f.ENTITY_TYPE_ID, ENTITY_ID: f.ENTITY_ID } } };
	}
	const id = idOf(p);
	if (id === undefined || isDryId(id)) return undefined;
	return { method: `${family}.get`, params: family === 'crm.item' ? { entityTypeId: p.entityTypeId, id } : { id } };
}

function unwrap(result: unknown): Record<string, unknown> | undefined {
	if (Array.isArray(result)) return result[0] as Record<string, unknown> | undefined;
	if (!result || typeof result !== 'object') return undefined;
	const keys = Object.keys(result);
	const inner = keys.length === 1 ? (result as Record<string, unknown>)[keys[0]] : undefined;
	return (inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : result) as Record<string, unknown>;
}

/**
 * A read naming a placeholder id (an object a dry run would have created): a get answers the
 * planned object; any other read is sent with the placeholder as 0 (no row has it).
 */
export function placeholderRead(overlay: DryOverlay | undefined, cmd: B24Command): { result: unknown } | { params: Params } {
	const p = cmd.params ?? {};
	if (!containsDryId(p)) return { params: p };
	const { family, verb } = splitMethod(cmd.method);
	if (verb === 'get' && isDryId(idOf(p))) {
		const key = wrapper(family);
		const row = overlay?.get(family, String(idOf(p))) ?? (key ? { id: idOf(p) } : { ID: String(idOf(p)) });
		return { result: key ? { [key]: row } : row };
	}
	return { params: withoutDryIds(p) };
}

export class B24DryRun {
	readonly entries: PlanEntry[] = [];
	private readonly byParams = new WeakMap<object, PlanEntry>();
	private readonly ids = new Placeholders();

	/** `overlay`: the execution's planned objects (lib/dry-run.ts), shared with the other nodes of the run */
	constructor(readonly overlay: DryOverlay = new DryOverlay()) {}

	/** The plan entry of a command given to the client (by its params object). */
	of(cmd: B24Command): PlanEntry | undefined {
		return cmd.params ? this.byParams.get(cmd.params) : undefined;
	}

	/** Writes: current values read in one go (for diffs), then each recorded and answered. */
	async write(cmds: B24Command[], readAll: (cmds: B24Command[]) => Promise<B24Result[]>): Promise<B24Result[]> {
		const reads = cmds.map((c) => currentRead(c.method, c.params ?? {}));
		const want = reads.flatMap((r, k) => (r ? [{ k, r }] : []));
		const got = want.length ? await readAll(want.map((w) => w.r)) : [];
		const current = new Map<number, Record<string, unknown> | undefined>();
		want.forEach((w, j) => {
			const r = got[j];
			current.set(w.k, r?.ok ? unwrap(r.result) : undefined);
		});
		return cmds.map((c, k) => {
			const p = c.params ?? {};
			const { entry, result } = this.plan(c.method, p, current.get(k), reads[k] !== undefined);
			this.entries.push(entry);
			this.byParams.set(p, entry);
			return { ok: true, result };
		});
	}

	private plan(method: string, p: Params, current: Record<string, unknown> | undefined, read: boolean): { entry: PlanEntry; result: unknown } {
		const { family, verb } = splitMethod(method);
		const key = wrapper(family);
		const fields = fieldsOf(p);
		const base = { system: 'bitrix24' as const, object: family, method };
		if (verb === 'add') {
			const id = this.ids.id();
			const row = { ...fields, ...(family === 'crm.item' ? { entityTypeId: p.entityTypeId } : {}), ...(key ? { id } : { ID: String(id) }) };
			this.overlay.put(family, String(id), row);
			return { entry: { ...base, action: 'create', id: String(id), fields }, result: key ? { [key]: row } : id };
		}
		if (verb === 'update') {
			const id = idOf(p) ?? fields.ENTITY_ID;
			const diff = fieldDiff(read ? (current ?? {}) : undefined, fields);
			const entry: PlanEntry = { ...base, action: updateAction(diff), ...(id !== undefined ? { id: String(id) } : {}), diff };
			if (read && !current) entry.reason = 'the object was not found — the real write would fail';
			if (id !== undefined) this.overlay.put(family, String(id), { ...(current ?? {}), ...fields });
			return { entry, result: key ? { [key]: { ...(current ?? {}), ...fields, id } } : true };
		}
		if (verb === 'delete') return { entry: { ...base, action: 'delete', id: String(idOf(p) ?? '') }, result: true };
		if (verb === 'set') return { entry: { ...base, action: 'update', id: String(p.ownerId ?? p.id ?? ''), fields: { ...p } }, result: { productRows: p.productRows ?? p.rows ?? [] } };
		return { entry: { ...base, action: 'call', fields: { ...p } }, result: this.ids.id() };
	}
}

/** A node's client set up for the node's dry-run state (nodes/shared/dryRun.ts dryContext); the planner if the node plans. */
export function useDryRun(client: Bitrix24Client, state: { dry: boolean; overlay?: DryOverlay }): B24DryRun | undefined {
	client.overlay = state.overlay;
	if (!state.dry) return undefined;
	return (client.dryRun = new B24DryRun(state.overlay));
}

type Batch = Record<string, B24Command | string>;

/**
 * A batch in a dry run, or one naming placeholders: its writes planned (when the node plans),
 * its reads sent with placeholder ids made harmless (or answered from the plan), results in order.
 */
export async function batchWithPlan(
	commands: Batch,
	o: { dry?: B24DryRun; overlay?: DryOverlay; send: (c: Batch) => Promise<Record<string, B24Result>>; runAll: (c: B24Command[]) => Promise<B24Result[]> },
): Promise<Record<string, B24Result>> {
	const keys = Object.keys(commands);
	const writes = o.dry ? keys.filter((k) => typeof commands[k] !== 'string' && isWriteMethod((commands[k] as B24Command).method)) : [];
	const planned = writes.length ? await o.dry!.write(writes.map((k) => commands[k] as B24Command), o.runAll) : [];
	const out: Record<string, B24Result> = Object.fromEntries(writes.map((k, j) => [k, planned[j]]));
	const send: Batch = {};
	for (const k of keys.filter((x) => !(x in out))) {
		const c = commands[k];
		const read = typeof c === 'string' || isWriteMethod(c.method) ? { params: typeof c === 'string' ? undefined : c.params } : placeholderRead(o.overlay, c);
		if ('result' in read) out[k] = { ok: true, result: read.result };
		else send[k] = typeof c === 'string' ? c : { method: c.method, params: read.params };
	}
	Object.assign(out, Object.keys(send).length ? await o.send(send) : {});
	return Object.fromEntries(keys.map((k) => [k, out[k]]));
}

/**
 * Per-execution cache of 1C metadata, keyed by publication URL + credential id.
 *
 * The cache lives on the execution context object — a WeakMap keyed by the `this` of the node run
 * (`IExecuteFunctions`) or of the load-options call (`ILoadOptionsFunctions`) — so it is gone with
 * that object. There is deliberately no module-level Map: in n8n queue mode a worker runs many
 * executions of many users; a process-wide cache would outlive executions, keep 15 MB documents
 * alive and leak one credential's metadata into another execution.
 *
 * Pickers: n8n calls load-options with a fresh context on every open/search, so a per-context cache
 * does not help them across keystrokes. Hence the entity-set picker never downloads `$metadata`
 * (14–17 MB, ~20 s on a real УТ/БП): it reads the service document `GET <publication>/?$format=json`
 * (`{"value":[{"name":"Catalog_…","url":"Catalog_…"},…]}`): a few KB on a small publication,
 * ~0.6 MB for ~4,200 sets (bench/onec-metadata.ts) against 15 MB of `$metadata` — and groups the
 * names by their kind prefix (`kindOfSetName`). Only the fields picker (and the node run that needs
 * types/keys/functions) calls `getMetadata`, once per context.
 */
import { parseMetadata } from './parse';
import { OBJECT_KINDS, type CompactMetadata, type ObjectKind } from './types';

export interface MetadataKey {
	/** Publication root, e.g. `https://host/base/odata/standard.odata`. */
	url: string;
	credentialId: string;
}

type Slot = Map<string, Promise<unknown>>;
const perContext = new WeakMap<object, Slot>();

const keyOf = (kind: string, k: MetadataKey): string => `${kind}\u0000${k.url.replace(/\/+$/, '')}\u0000${k.credentialId}`;

function memo<T>(ctx: object, key: string, load: () => Promise<T>): Promise<T> {
	let slot = perContext.get(ctx);
	if (!slot) {
		slot = new Map();
		perContext.set(ctx, slot);
	}
	const hit = slot.get(key);
	if (hit) return hit as Promise<T>;
	const p = load();
	slot.set(key, p);
	// A failure is not cached: the next call within the same context retries.
	p.catch(() => slot.delete(key));
	return p;
}

/** The compact `$metadata` model; `download` returns the EDMX text (GET `<url>/$metadata`). */
export function getMetadata(ctx: object, key: MetadataKey, download: () => Promise<string>): Promise<CompactMetadata> {
	return memo(ctx, keyOf('metadata', key), async () => parseMetadata(await download()));
}

/** Entity-set names from a service document (JSON light `value[]`, or verbose `d.EntitySets`). */
export function entitySetNamesFromServiceDocument(doc: unknown): string[] {
	const o = doc as { value?: Array<{ name?: string; url?: string }>; d?: { EntitySets?: string[] } } | null;
	if (Array.isArray(o?.value)) return o.value.map((v) => v.name ?? v.url ?? '').filter((n) => n !== '');
	if (Array.isArray(o?.d?.EntitySets)) return o.d.EntitySets.filter((n) => typeof n === 'string');
	throw new Error('Unexpected 1C service document: neither value[] nor d.EntitySets');
}

/** Entity-set names of the publication; `download` returns the parsed `GET <url>/?$format=json`. */
export function getEntitySetNames(ctx: object, key: MetadataKey, download: () => Promise<unknown>): Promise<string[]> {
	return memo(ctx, keyOf('service', key), async () => entitySetNamesFromServiceDocument(await download()));
}

/** The kind prefix of an entity-set name (`Catalog_…` → Catalog), for grouping the light picker. */
export function kindOfSetName(name: string): ObjectKind | undefined {
	const i = name.indexOf('_');
	const prefix = i < 0 ? name : name.slice(0, i);
	return (OBJECT_KINDS as readonly string[]).includes(prefix) ? (prefix as ObjectKind) : undefined;
}

/**
 * Pickers of the 1C nodes. The entity-set list reads only the service document (light: names,
 * grouped by the resource's kind prefixes); fields, tabular sections and enums need `$metadata`
 * (parsed once per picker call, see metadata/cache.ts).
 */
import { NodeOperationError, type ILoadOptionsFunctions, type INodeListSearchResult, type INodePropertyOptions } from 'n8n-workflow';
import { getEntitySetNames } from '../metadata/cache';
import { fieldOptions } from '../metadata/summary';
import { SET_PREFIXES, type Resource } from '../description/operations';
import { OneCSession } from '../session';
import { OneCError, toNodeApiError } from '../transport/errors';

const NOT_WRITABLE = new Set(['Ref_Key', 'DataVersion', 'Predefined', 'PredefinedDataName']);
const MAX_RESULTS = 500;

async function session(ctx: ILoadOptionsFunctions): Promise<OneCSession> {
	return OneCSession.open(ctx as unknown as Parameters<typeof OneCSession.open>[0], { maxRetries: 1, baseDelayMs: 500 });
}

async function guarded<T>(ctx: ILoadOptionsFunctions, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof OneCError) throw toNodeApiError(ctx.getNode(), e);
		throw new NodeOperationError(ctx.getNode(), e as Error);
	}
}

/** Names that look like a tabular-section set: `<Owner>_<TS>` where `<Owner>` is also a set (service documents do not say). */
export function tabularLike(names: string[]): Set<string> {
	const all = new Set(names);
	const out = new Set<string>();
	for (const n of names) {
		for (let i = n.lastIndexOf('_'); i > 0; i = n.lastIndexOf('_', i - 1)) {
			if (all.has(n.slice(0, i)) && !n.endsWith('_RecordType')) {
				out.add(n);
				break;
			}
		}
	}
	return out;
}

/** The entity sets a resource offers, from the service-document names. */
export function setsForResource(names: string[], resource: Resource, search = ''): string[] {
	const prefixes = SET_PREFIXES[resource] ?? [];
	const tabular = tabularLike(names);
	const q = search.trim().toLowerCase();
	return names
		.filter((n) => prefixes.includes(n.slice(0, n.indexOf('_'))))
		.filter((n) => (resource === 'tabularSection' ? tabular.has(n) : !tabular.has(n)))
		.filter((n) => !q || n.toLowerCase().includes(q))
		.sort((a, b) => a.localeCompare(b));
}

function currentSet(ctx: ILoadOptionsFunctions): string {
	return String(ctx.getCurrentNodeParameter('entitySet', { extractValue: true }) ?? '').trim();
}

async function setOf(ctx: ILoadOptionsFunctions) {
	const name = currentSet(ctx);
	if (!name) return undefined;
	const s = await session(ctx);
	const set = await s.set(name);
	if (!set) throw new NodeOperationError(ctx.getNode(), `1C: the entity set "${name}" is not in the published composition ($metadata)`);
	return set;
}

export const listSearch = {
	async searchEntitySets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return guarded(this, async () => {
			const s = await session(this);
			const names = await getEntitySetNames(this, { url: s.client.url, credentialId: '' }, () => s.client.get(''));
			const resource = String(this.getCurrentNodeParameter('resource') ?? 'catalog') as Resource;
			const hits = setsForResource(names, resource, filter);
			return { results: hits.slice(0, MAX_RESULTS).map((n) => ({ name: n, value: n })) };
		});
	},
};

export const loadOptions = {
	async getFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return guarded(this, async () => {
			const set = await setOf(this);
			return set ? fieldOptions({ ...set, fields: set.fields.filter((f) => f.role !== 'tabular') }) : [];
		});
	},

	async getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return guarded(this, async () => {
			const set = await setOf(this);
			return set ? fieldOptions({ ...set, fields: set.fields.filter((f) => f.role !== 'tabular' && !NOT_WRITABLE.has(f.name)) }) : [];
		});
	},

	async getTabularSections(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return guarded(this, async () => {
			const set = await setOf(this);
			return set ? fieldOptions({ ...set, fields: set.fields.filter((f) => f.role === 'tabular') }) : [];
		});
	},

	async getEnumTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return guarded(this, async () => {
			const meta = await (await session(this)).metadata();
			return Object.keys(meta.enums)
				.sort((a, b) => a.localeCompare(b))
				.map((name) => ({ name, value: name, description: meta.enums[name].slice(0, 6).join(', ') }));
		});
	},
};

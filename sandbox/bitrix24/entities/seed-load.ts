import type { Store } from '../core/store';
import { generateDataset, type Dataset } from '../../seed';
import { modules } from './modules';

/** A dataset with no business data: dictionaries, pipelines and system users still load. */
function emptyDataset(seed: number): Dataset {
	return { seed, organisation: undefined as unknown as Dataset['organisation'], users: [], departments: [], workgroups: [], companies: [], contacts: [], products: [], pipelines: [], deals: [], invoices: [], orders: [] };
}

/** Fill the store from the deterministic dataset (IDs: company n → ID n, and so on). */
export function loadSeed(store: Store, opts: { seed: number; companies: number; empty?: boolean }): void {
	const ds = opts.empty ? emptyDataset(opts.seed) : generateDataset({ seed: opts.seed, companies: opts.companies });
	for (const m of modules) m.load?.(store, ds);
}

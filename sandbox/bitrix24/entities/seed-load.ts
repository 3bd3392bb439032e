import type { Store } from '../core/store';
import { generateDataset } from '../../seed';
import { modules } from './modules';

/** Fill the store from the deterministic dataset (IDs: company n → ID n, and so on). */
export function loadSeed(store: Store, opts: { seed: number; companies: number }): void {
	const ds = generateDataset({ seed: opts.seed, companies: opts.companies });
	for (const m of modules) m.load?.(store, ds);
}

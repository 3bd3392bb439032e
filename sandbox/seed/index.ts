import type { Dataset, DatasetOptions } from './types';
export type * from './types';

/** Placeholder until the generator lands (see sandbox/seed/generate.ts). */
export function generateDataset(opts: DatasetOptions): Dataset {
	return {
		seed: opts.seed,
		organisation: undefined as never,
		users: [],
		departments: [],
		workgroups: [],
		companies: [],
		contacts: [],
		products: [],
		pipelines: [],
		deals: [],
		invoices: [],
		orders: [],
	};
}

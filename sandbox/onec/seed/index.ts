import type { Base } from '../base';

/** Placeholder until the 1C seed lands: bases start empty. */
export function loadOneCSeed(bases: Map<string, Base>, opts: { seed: number; companies: number }): void {
	void bases;
	void opts;
}

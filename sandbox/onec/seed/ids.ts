/**
 * Deterministic identities and choices of one base's seed: references derived from (seed, base,
 * role, key) — never random — and hash-based uniform numbers / rankings for the overlap rules.
 */
import { createHash } from 'node:crypto';
import { derivedRef } from '../config/posting-common';

export class SeedIds {
	constructor(
		readonly seed: number,
		readonly baseId: string,
	) {}

	/** A reference for an object this base invents (no GUID in the dataset). */
	ref(role: string, key: string | number): string {
		return derivedRef(String(this.seed), this.baseId, role, String(key));
	}

	/** A uniform number in [0, 1) for a decision about `key`. */
	unit(role: string, key: string | number): number {
		const h = createHash('sha1').update(`${this.seed}|${this.baseId}|${role}|${key}`).digest();
		return h.readUInt32BE(0) / 0x100000000;
	}

	/** Items ordered by their `unit(role, key)`: the first k are a deterministic sample of size k. */
	rank<T>(items: T[], role: string, key: (t: T) => string | number): T[] {
		return items
			.map((t) => ({ t, u: this.unit(role, key(t)) }))
			.sort((a, b) => a.u - b.u)
			.map((x) => x.t);
	}

	/** An integer in [min, max]. */
	int(role: string, key: string | number, min: number, max: number): number {
		return min + Math.floor(this.unit(role, key) * (max - min + 1));
	}
}

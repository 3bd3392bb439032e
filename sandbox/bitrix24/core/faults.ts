/**
 * Fault injection: each request to /rest/ draws from a seeded generator and may get a fault.
 * Probabilities per kind (0..1); `slowMs` is the extra latency of a `slow` fault.
 */
export interface FaultConfig {
	http500: number;
	reset: number;
	slow: number;
	slowMs: number;
	queryLimit: number;
	operationLimit: number;
	html: number;
	/** share (0..1) of resets, 5xx and HTML pages that strike after the portal did the work (the answer is lost on the way back) */
	after?: number;
	seed: number;
}

export const FAULT_KINDS = ['reset', 'http500', 'html', 'queryLimit', 'operationLimit', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const NO_FAULTS: FaultConfig = {
	http500: 0,
	reset: 0,
	slow: 0,
	slowMs: 2000,
	queryLimit: 0,
	operationLimit: 0,
	html: 0,
	seed: 1,
};

/** mulberry32: small, deterministic. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Seeded fault draws shared by both sandboxes: `config` holds a probability per kind (and the
 * seed); `draw()` returns at most one kind per request, in the fixed order of `kinds`.
 */
export class WeightedFaults<K extends string, C extends Record<K, number> & { seed: number }> {
	private random: () => number;

	constructor(
		private readonly kinds: K[],
		public config: C,
	) {
		this.random = rng(config.seed);
	}

	configure(patch: Partial<C>): C {
		this.config = { ...this.config, ...patch };
		this.random = rng(this.config.seed);
		return this.config;
	}

	/**
	 * Whether a drawn fault strikes after the server processed the request (a proxy or the network
	 * loses the answer of a write that was done), with probability `config.after`.
	 */
	strikesAfter(): boolean {
		const after = (this.config as { after?: number }).after ?? 0;
		return after > 0 && this.random() < after;
	}

	draw(): K | undefined {
		const r = this.random();
		let acc = 0;
		for (const k of this.kinds) {
			acc += this.config[k];
			if (r < acc) return k;
		}
		return undefined;
	}
}

export class FaultInjector extends WeightedFaults<FaultKind, FaultConfig> {
	private armed: Array<{ method: string; kind: FaultKind; after: boolean }> = [];

	constructor(config: FaultConfig = { ...NO_FAULTS }) {
		super([...FAULT_KINDS], config);
	}

	/** A fault for the next request of one method (before the seeded draws), e.g. a lost answer of a write: `after` = it strikes once the method ran. */
	arm(method: string, kind: FaultKind, after = false): void {
		this.armed.push({ method: method.toLowerCase(), kind, after });
	}

	/** The armed fault of this method, once. */
	take(method: string): { kind: FaultKind; after: boolean } | undefined {
		const i = this.armed.findIndex((a) => a.method === method.toLowerCase());
		return i < 0 ? undefined : this.armed.splice(i, 1)[0];
	}
}

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
`;

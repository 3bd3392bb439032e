/**
 * The portal's two limits.
 * - Leaky bucket per webhook/app: every HTTP request (a batch is one) adds 1; the counter
 *   drains by `drain` per second; a request that finds it at `burst` gets 503 QUERY_LIMIT_EXCEEDED.
 * - Operating time per method per webhook/app: 10 buckets of 60 s; when the sum exceeds
 *   `limitSeconds`, the method answers 429 OPERATION_TIME_LIMIT until the oldest bucket expires.
 */
export interface RateConfig {
	enabled: boolean;
	burst: number;
	drain: number;
}

export class LeakyBucket {
	private readonly buckets = new Map<string, { level: number; at: number }>();

	constructor(
		public config: RateConfig,
		private readonly now: () => number,
	) {}

	/** true = accepted (and counted); false = over the limit. */
	take(key: string): boolean {
		if (!this.config.enabled) return true;
		const now = this.now();
		const b = this.buckets.get(key) ?? { level: 0, at: now };
		b.level = Math.max(0, b.level - ((now - b.at) / 1000) * this.config.drain);
		b.at = now;
		this.buckets.set(key, b);
		if (b.level + 1 > this.config.burst) return false;
		b.level += 1;
		return true;
	}

	reset(): void {
		this.buckets.clear();
	}
}

export interface OperatingConfig {
	enabled: boolean;
	limitSeconds: number;
	/** Simulated execution seconds per call of a method (by lower-case name, or `*`). */
	costSeconds: Record<string, number>;
}

const BUCKET_MS = 60_000;
const BUCKETS = 10;

export class OperatingLimiter {
	private readonly usage = new Map<string, Map<number, number>>();

	constructor(
		public config: OperatingConfig,
		private readonly now: () => number,
	) {}

	private window(key: string): Map<number, number> {
		let w = this.usage.get(key);
		if (!w) {
			w = new Map();
			this.usage.set(key, w);
		}
		const oldest = Math.floor(this.now() / BUCKET_MS) - BUCKETS + 1;
		for (const b of w.keys()) if (b < oldest) w.delete(b);
		return w;
	}

	state(authKey: string, method: string): { operating: number; resetAt: number } {
		const w = this.window(`${authKey}|${method}`);
		let sum = 0;
		for (const v of w.values()) sum += v;
		const buckets = [...w.keys()];
		const first = buckets.length ? Math.min(...buckets) : Math.floor(this.now() / BUCKET_MS);
		return { operating: sum, resetAt: Math.floor(((first + BUCKETS) * BUCKET_MS) / 1000) };
	}

	blocked(authKey: string, method: string): boolean {
		return this.config.enabled && this.state(authKey, method).operating > this.config.limitSeconds;
	}

	/** Record a call's cost: the simulated cost if configured, else the real time if ≥ 0.1 s. */
	record(authKey: string, method: string, realSeconds: number): void {
		const cost = this.config.costSeconds[method] ?? this.config.costSeconds['*'] ?? realSeconds;
		if (cost < 0.1) return;
		const w = this.window(`${authKey}|${method}`);
		const b = Math.floor(this.now() / BUCKET_MS);
		w.set(b, (w.get(b) ?? 0) + cost);
	}

	reset(): void {
		this.usage.clear();
	}
}

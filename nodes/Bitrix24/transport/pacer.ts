/**
 * Client-side leaky bucket, mirroring the portal's (burst X, drain Y per second): before each
 * HTTP request `take()` waits until one more request fits. It is local to one node run — the
 * truth is the server's: a 503 fills the bucket (`full()`), so several workers sharing a portal
 * back off together instead of trusting a process-global counter.
 */
export class Pacer {
	private level = 0;
	private at = Date.now();

	private readonly burst: number;

	constructor(
		burst: number,
		private readonly drain: number,
		private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
		private readonly now: () => number = Date.now,
	) {
		// one request of headroom: the server counts a request when it arrives, a little after we do
		this.burst = Math.max(1, burst - 1);
	}

	private update(): void {
		const t = this.now();
		this.level = Math.max(0, this.level - ((t - this.at) / 1000) * this.drain);
		this.at = t;
	}

	/** Milliseconds to wait before the next request fits. */
	waitMs(): number {
		this.update();
		const over = this.level + 1 - this.burst;
		return over > 0 ? Math.ceil((over / this.drain) * 1000) : 0;
	}

	async take(): Promise<void> {
		const ms = this.waitMs();
		if (ms > 0) await this.sleep(ms);
		this.update();
		this.level += 1;
	}

	/** The server said the bucket is full. */
	full(): void {
		this.update();
		this.level = Math.max(this.level, this.burst);
	}
}

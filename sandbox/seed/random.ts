/**
 * Deterministic randomness for the seed dataset: mulberry32 streams derived from the seed and a
 * section name, and GUIDs that are unique by construction.
 */

// Local aliases: global lookups are slow inside vm contexts (jest), and these run ~10^6 times.
const imul = Math.imul;
const floor = Math.floor;
const min = Math.min;

/** murmur3 finaliser: a bijection on 32-bit integers. */
export function fmix32(h: number): number {
	h ^= h >>> 16;
	h = imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** FNV-1a of a string. */
export function hashString(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function mixSeed(seed: number, label: string): number {
	return fmix32((Math.trunc(seed) >>> 0) ^ fmix32(hashString(label)));
}

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/** A mulberry32 stream with the helpers the generator needs. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A separate stream for one section of the dataset (sections do not shift each other). */
	static for(seed: number, label: string): Random {
		return new Random(mixSeed(seed, label));
	}

	/** [0, 1) */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** integer in [min, max] */
	int(min: number, max: number): number {
		return min + floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[floor(this.next() * items.length)];
	}

	weighted<T>(items: Weighted<T>): T {
		let total = 0;
		for (let i = 0; i < items.length; i++) total += items[i][1];
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= items[i][1];
			if (r < 0) return items[i][0];
		}
		return items[items.length - 1][0];
	}

	/** n random decimal digits */
	digits(n: number): string {
		let s = '';
		while (n > 0) {
			const k = min(n, 6);
			s += `${floor(this.next() * 10 ** k)}`.padStart(k, '0');
			n -= k;
		}
		return s;
	}

	hex(n: number): string {
		let s = '';
		while (n > 0) {
			const k = min(n, 6);
			s += floor(this.next() * 16 ** k).toString(16).padStart(k, '0');
			n -= k;
		}
		return s;
	}

	/** k distinct items (k ≤ items.length), in random order */
	sample<T>(items: readonly T[], k: number): T[] {
		const copy = items.slice();
		const out: T[] = [];
		for (let i = 0; i < k && copy.length > 0; i++) {
			const j = floor(this.next() * copy.length);
			out.push(copy[j]);
			copy[j] = copy[copy.length - 1];
			copy.pop();
		}
		return out;
	}
}

/** Sections of GUIDs: the code goes into the key, so GUIDs of different sections never collide. */
export const GUID_SECTIONS = {
	organisation: 1,
	company: 2,
	contact: 3,
	bankAccount: 4,
	product: 5,
	deal: 6,
	invoice: 7,
	order: 8,
} as const;

/**
 * 1C-style reference: a version-1 UUID as 1C:Enterprise makes them (`…-11ef-…-00155d…`, the node
 * of the server). time_low is a bijection of (seed, section, n), so GUIDs are unique within a seed.
 */
export class GuidFactory {
	private readonly salt: number;
	private readonly node: string;

	constructor(seed: number) {
		this.salt = mixSeed(seed, 'guid');
		const r = Random.for(seed, 'guid-node');
		this.node = '00155d' + r.hex(6);
	}

	make(section: number, n: number): string {
		if (n < 0 || n >= 1 << 24) throw new Error(`GUID index out of range: ${n}`);
		const key = ((section << 24) | n) >>> 0;
		const timeLow = fmix32((key ^ this.salt) >>> 0);
		const r = new Random(fmix32(timeLow ^ 0x9e3779b9));
		const timeMid = r.hex(4);
		const timeHi = r.chance(0.4) ? '11ef' : '11f0';
		const clockSeq = '89ab'[r.int(0, 3)] + r.hex(3);
		return `${timeLow.toString(16).padStart(8, '0')}-${timeMid}-${timeHi}-${clockSeq}-${this.node}`;
	}
}

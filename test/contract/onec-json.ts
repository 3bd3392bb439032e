/**
 * Structural comparison of 1C JSON answers against real captures. Per property of the capture:
 * present in ours with the same JSON class — `Edm.Int64` as a digit string, numbers, booleans,
 * GUID strings (empty GUID apart), dates `YYYY-MM-DDTHH:mm:ss` (empty date apart), `_Type`
 * values (`StandardODATA.Undefined` apart), tabular sections as arrays (rows compared the same
 * way, `[]` stays `[]`); `X@navigationLinkUrl` exactly for the capture's filled references, with
 * the same `Set(guid'…')/Nav` shape, after every property; envelope `odata.metadata` form.
 */
import { keyShape } from './onec-atom';

export type Obj = Record<string, unknown>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LINK = '@navigationLinkUrl';

export function jsonClass(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return v.length ? 'array' : 'empty-array';
	if (typeof v === 'boolean' || typeof v === 'number') return typeof v;
	if (typeof v === 'object') return 'object';
	const s = String(v);
	if (s === '') return 'empty-string';
	if (GUID.test(s)) return /^0{8}-/.test(s) ? 'empty-guid' : 'guid';
	if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(s)) return s.startsWith('0001-01-01') ? 'empty-date' : 'date';
	if (/^-?\d+$/.test(s)) return 'digit-string';
	if (s === 'StandardODATA.Undefined') return 'type-undefined';
	if (/^StandardODATA\.\w+$/.test(s)) return 'type-name';
	return 'string';
}

export interface JsonCompare {
	/** capture names → ours */
	rename?: Record<string, string>;
	/** capture names → ours inside tabular rows */
	rowRename?: Record<string, string>;
	/** only these capture properties are compared (generic comparison with another object) */
	only?: string[];
}

export class JsonDiff {
	readonly out: string[] = [];
	constructor(private readonly o: JsonCompare = {}) {}

	private name(n: string, row = false): string {
		return (row ? this.o.rowRename?.[n] : this.o.rename?.[n]) ?? n;
	}

	fail(where: string, msg: string): void {
		this.out.push(`${where}: ${msg}`);
	}

	/** `odata.metadata` of a collection (`…/$metadata#Set`) or an element (`…#Set/@Element`); `theirs` undefined when not captured. */
	metadata(theirs: unknown, ours: unknown, root: string, set: string, element: boolean): void {
		const suffix = `$metadata#${set}${element ? '/@Element' : ''}`;
		if (theirs !== undefined && (typeof theirs !== 'string' || !theirs.endsWith(suffix) || !/^https?:\/\/.+\/odata\/standard\.odata\/\$metadata#/.test(theirs))) this.fail('odata.metadata', `capture ${String(theirs)} is not …/${suffix}`);
		if (ours !== `${root}${suffix}`) this.fail('odata.metadata', `ours ${String(ours)} ≠ ${root}${suffix}`);
	}

	/** One object (entity or tabular row): capture properties ⊆ ours, same class; links exactly. */
	object(where: string, theirs: Obj, ours: Obj, row = false): void {
		for (const [k, v] of Object.entries(theirs)) {
			if (k.includes('@') || k === 'odata.metadata') continue;
			if (this.o.only && !row && !this.o.only.includes(k)) continue;
			const mk = this.name(k, row);
			if (!(mk in ours)) {
				this.fail(where, `missing ${mk}`);
				continue;
			}
			const a = jsonClass(v);
			const b = jsonClass(ours[mk]);
			if (a !== b) {
				this.fail(`${where}.${mk}`, `capture ${a} ≠ ours ${b}`);
				continue;
			}
			if (a === 'array') {
				const t = v as Obj[];
				const m = ours[mk] as Obj[];
				if (t.length !== m.length) this.fail(`${where}.${mk}`, `capture ${t.length} rows ≠ ours ${m.length}`);
				t.forEach((r, i) => m[i] && this.object(`${where}.${mk}[${i}]`, r, m[i], true));
			}
		}
		const links = (o: Obj, mapped: boolean) =>
			Object.entries(o)
				.filter(([k]) => k.endsWith(LINK))
				.map(([k, v]) => {
					const nav = k.slice(0, -LINK.length);
					const to = mapped ? this.name(nav) : nav;
					return `${to}${LINK}=${keyShape(String(v).replace(/\/[^/]+$/, ''))}/${String(v).split('/').pop() === nav ? to : String(v).split('/').pop()}`;
				})
				.sort();
		const tl = links(theirs, true);
		const ol = links(ours, false);
		if (JSON.stringify(tl) !== JSON.stringify(ol)) this.fail(`${where} navigation links`, `capture ${JSON.stringify(tl)} ≠ ours ${JSON.stringify(ol)}`);
		const keys = Object.keys(ours);
		const firstLink = keys.findIndex((k) => k.endsWith(LINK));
		if (firstLink >= 0 && keys.slice(firstLink).some((k) => !k.endsWith(LINK))) this.fail(where, 'navigation links are not after all properties');
	}
}

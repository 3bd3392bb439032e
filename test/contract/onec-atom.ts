/**
 * Structural comparison of 1C Atom/XML answers against real captures (xml2js with ordered
 * children). Values are not compared — their lexical class is: `m:null`, self-closed empty,
 * boolean, number, GUID (empty or filled), date (empty or filled), text. Compared:
 * - root element name, namespace declarations, `xml:base` form, `m:type` of a `<d:Result>`;
 * - the names of the feed's children (a 1C feed holds only `<entry>`s);
 * - per entry: child sequence, `id` shape (set, key part names/literal kinds/separators),
 *   `category` attributes, empty `title type="text"`/`author`/`summary`, `updated` form, related
 *   `link`s (rel/href shape/type/title) exactly, the edit link, `content@type`, `m:properties`
 *   namespaces, property names (ours ⊇ capture's) and each captured property's node structure
 *   (typed collections, `d:element m:type`, nested complex values).
 * `rename` maps capture names to ours (a custom configuration compared with our closest object).
 */
import { parseStringPromise } from 'xml2js';

export interface XNode {
	name: string;
	attrs: Record<string, string>;
	children: XNode[];
	text: string;
}

type Raw = { '#name': string; $?: Record<string, string>; $$?: Raw[]; _?: string };

function toNode(r: Raw): XNode {
	return { name: r['#name'], attrs: { ...r.$ }, children: (r.$$ ?? []).map(toNode), text: typeof r._ === 'string' ? r._.trim() : '' };
}

export async function parseXml(xml: string): Promise<XNode> {
	const doc = (await parseStringPromise(xml, { explicitChildren: true, preserveChildrenOrder: true, explicitRoot: true, charsAsChildren: false })) as Record<string, Raw>;
	const [name] = Object.keys(doc);
	return toNode({ ...doc[name], '#name': name });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lexical class of a primitive's text. */
export function textClass(t: string): string {
	if (t === 'true' || t === 'false') return 'boolean';
	if (/^-?\d+(\.\d+)?$/.test(t)) return 'number';
	if (GUID.test(t)) return /^0{8}-/.test(t) ? 'empty-guid' : 'guid';
	if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(t)) return t.startsWith('0001-01-01') ? 'empty-date' : 'date';
	return 'text';
}

/** `Set(Ref_Key=guid'…', LineNumber=1)` → `Set(Ref_Key=guid'*', LineNumber=0)` — names, kinds and separators kept. */
export function keyShape(path: string): string {
	return path
		.replace(/guid'[^']*'/g, "guid'*'")
		.replace(/datetime'[^']*'/g, "datetime'*'")
		.replace(/=(\s*)'(?:[^']|'')*'/g, "=$1'*'")
		.replace(/=(\s*)-?\d+(\.\d+)?/g, '=$10');
}

export interface AtomCompare {
	/** capture names → ours (properties, navigations, tabular sections) */
	rename?: Record<string, string>;
	/** capture property names not to look for in ours (documented per case) */
	skipProperties?: string[];
}

export class AtomDiff {
	readonly out: string[] = [];
	constructor(private readonly o: AtomCompare = {}) {}

	private name(n: string): string {
		const local = n.replace(/^d:/, '');
		const mapped = this.o.rename?.[local];
		return mapped === undefined ? n : n.startsWith('d:') ? `d:${mapped}` : mapped;
	}

	/** Replace every renamed name inside a type/term string (`…_Комментарии_RowType`). */
	private inText(s: string): string {
		let r = s;
		for (const [from, to] of Object.entries(this.o.rename ?? {})) r = r.split(`_${from}_`).join(`_${to}_`).split(`_${from})`).join(`_${to})`);
		return r;
	}

	fail(where: string, msg: string): void {
		this.out.push(`${where}: ${msg}`);
	}

	eq(where: string, theirs: unknown, ours: unknown): void {
		const a = JSON.stringify(theirs);
		const b = JSON.stringify(ours);
		if (a !== b) this.fail(where, `capture ${a} ≠ ours ${b}`);
	}

	namespaces(where: string, theirs: XNode, ours: XNode): void {
		const ns = (n: XNode) => Object.fromEntries(Object.entries(n.attrs).filter(([k]) => k.startsWith('xmlns')));
		this.eq(`${where} namespaces`, ns(theirs), ns(ours));
		this.eq(`${where} xml:base`, 'xml:base' in theirs.attrs, 'xml:base' in ours.attrs);
		if (ours.attrs['xml:base'] && !/\/odata\/standard\.odata\/$/.test(ours.attrs['xml:base'])) this.fail(where, `xml:base ${ours.attrs['xml:base']}`);
	}

	/** A property node: same structure class, recursively. */
	property(where: string, theirs: XNode, ours: XNode): void {
		const kind = (n: XNode) =>
			n.attrs['m:null'] === 'true' ? 'null' : n.children.length ? 'complex' : n.text === '' ? (n.attrs['m:type'] ? 'empty-collection' : 'empty') : textClass(n.text);
		const tk = kind(theirs);
		const ok = kind(ours);
		// a collection with rows vs. our rows: both 'complex'; an empty collection stays self-closed
		if (tk !== ok) return this.fail(where, `capture ${tk} ≠ ours ${ok}`);
		if (theirs.attrs['m:type'] !== undefined || ours.attrs['m:type'] !== undefined) this.eq(`${where} m:type`, theirs.attrs['m:type'] && this.inText(theirs.attrs['m:type']), ours.attrs['m:type']);
		if (tk !== 'complex') return;
		if (theirs.children.every((c) => c.name === 'd:element')) {
			if (!ours.children.every((c) => c.name === 'd:element')) return this.fail(where, 'ours is not a collection of d:element');
			if (ours.children.length !== theirs.children.length) this.fail(where, `capture has ${theirs.children.length} elements, ours ${ours.children.length}`);
			theirs.children.forEach((t, i) => ours.children[i] && this.element(`${where}[${i}]`, t, ours.children[i]));
			return;
		}
		this.element(where, theirs, ours);
	}

	/** Children of a `<d:element>`, `<m:properties>` or a nested complex value: ours ⊇ capture's, each compared. */
	element(where: string, theirs: XNode, ours: XNode): void {
		if (theirs.name === 'd:element') this.eq(`${where} m:type`, theirs.attrs['m:type'] && this.inText(theirs.attrs['m:type']), ours.attrs['m:type']);
		if (!theirs.children.length && theirs.text) this.eq(`${where} text`, textClass(theirs.text), textClass(ours.text));
		const mine = new Map(ours.children.map((c) => [c.name, c]));
		for (const t of theirs.children) {
			if (this.o.skipProperties?.includes(t.name.replace(/^d:/, ''))) continue;
			const o = mine.get(this.name(t.name));
			if (!o) this.fail(where, `missing ${this.name(t.name)}`);
			else this.property(`${where}/${o.name}`, t, o);
		}
	}

	/** Entry metadata + content. */
	entry(where: string, theirs: XNode, ours: XNode, theirBase: string, ourBase: string): void {
		const seq = (n: XNode) => n.children.map((c) => c.name).filter((x, i, a) => x !== a[i - 1]);
		this.eq(`${where} children`, seq(theirs), seq(ours));
		const one = (n: XNode, name: string) => n.children.find((c) => c.name === name);
		const strip = (s: string, base: string) => (s.startsWith(base) ? s.slice(base.length) : `<not under xml:base> ${s}`);
		const tid = one(theirs, 'id')?.text ?? '';
		const oid = one(ours, 'id')?.text ?? '';
		this.eq(`${where} id`, this.inText(keyShape(strip(tid, theirBase))), keyShape(strip(oid, ourBase)));
		this.eq(`${where} category`, one(theirs, 'category')?.attrs, one(ours, 'category')?.attrs);
		for (const n of ['title', 'author', 'summary']) this.eq(`${where} ${n}`, one(theirs, n) && { a: one(theirs, n)!.attrs, t: one(theirs, n)!.text, c: one(theirs, n)!.children.length }, one(ours, n) && { a: one(ours, n)!.attrs, t: one(ours, n)!.text, c: one(ours, n)!.children.length });
		this.eq(`${where} updated`, textClass(one(theirs, 'updated')?.text ?? ''), textClass(one(ours, 'updated')?.text ?? ''));
		const links = (n: XNode, rename: boolean) =>
			n.children
				.filter((c) => c.name === 'link' && c.attrs.rel !== 'edit')
				.map((c) => {
					const nav = c.attrs.title;
					const to = rename ? this.name(nav) : nav;
					const href = keyShape(c.attrs.href.replace(/\/[^/]+$/, ''));
					return JSON.stringify({ rel: c.attrs.rel.replace(/[^/]+$/, to), href: `${rename ? this.inText(href) : href}/${to}`, type: c.attrs.type, title: to });
				})
				.sort();
		this.eq(`${where} related links`, links(theirs, true), links(ours, false));
		const edit = (n: XNode) => n.children.filter((c) => c.name === 'link' && c.attrs.rel === 'edit').map((c) => ({ ...c.attrs, href: keyShape(c.attrs.href) }));
		this.eq(`${where} edit link`, edit(theirs).map((e) => ({ ...e, href: this.inText(e.href) })), edit(ours));
		const tc = one(theirs, 'content');
		const oc = one(ours, 'content');
		if (!tc || !oc) return this.fail(where, 'no content');
		this.eq(`${where} content`, { a: tc.attrs, c: tc.children.map((c) => c.name) }, { a: oc.attrs, c: oc.children.map((c) => c.name) });
		const tp = one(tc, 'm:properties');
		const op = one(oc, 'm:properties');
		if (!tp || !op) return;
		this.eq(`${where} m:properties attrs`, tp.attrs, op.attrs);
		this.element(`${where} m:properties`, tp, op);
	}
}

/** Compare two Atom documents (feed / entry / d:Result); entries/elements are paired by `pair`. */
export function compareAtom(theirs: XNode, ours: XNode, o: AtomCompare & { pair: (n: XNode) => string }): string[] {
	const d = new AtomDiff(o);
	d.eq('root', theirs.name, ours.name);
	d.namespaces('root', theirs, ours);
	const tBase = theirs.attrs['xml:base'] ?? '';
	const oBase = ours.attrs['xml:base'] ?? '';
	if (theirs.name === 'entry') {
		d.entry('entry', theirs, ours, tBase, oBase);
		return d.out;
	}
	if (theirs.name === 'd:Result') d.eq('d:Result m:type', theirs.attrs['m:type'], ours.attrs['m:type']);
	const names = (n: XNode) => [...new Set(n.children.map((c) => c.name))];
	d.eq(`${theirs.name} children`, names(theirs), names(ours));
	if (!ours.children.length) d.fail(theirs.name, 'ours is empty');
	d.eq(`${theirs.name} size`, theirs.children.length, ours.children.length);
	const mine = new Map(ours.children.map((c) => [o.pair(c), c]));
	theirs.children.forEach((t, i) => {
		const m = mine.get(o.pair(t));
		if (!m) return d.fail(`${t.name}[${i}]`, `no counterpart for ${o.pair(t)}`);
		if (t.name === 'entry') d.entry(`entry[${i}]`, t, m, tBase, oBase);
		else d.property(`${t.name}[${i}]`, t, m);
	});
	return d.out;
}

export function child(n: XNode, ...path: string[]): XNode | undefined {
	let cur: XNode | undefined = n;
	for (const p of path) cur = cur?.children.find((c) => c.name === p);
	return cur;
}

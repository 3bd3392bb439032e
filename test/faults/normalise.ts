/**
 * The business data of a sandbox pair in a comparable form: every Bitrix24 table and every 1C
 * stored row (reference objects and register records of the three bases), with what legitimately
 * differs between two runs of the same templates on identically seeded sandboxes taken out:
 *  - timestamps (creation/modification times): the wall clock differs;
 *  - write counters: 1C's `DataVersion`, its copies in Bitrix24 (`version1c` of store orders,
 *    `ORIGIN_VERSION`) and the store order's own `version`: an idempotent write (PATCH, Post,
 *    `sale.order.update`) re-sent after its answer was lost writes the same content again and the
 *    counter goes up once more — the next sync sees one harmless extra change;
 *  - the Code/Number 1C gives a new object: assigned in the order parallel creates arrive; the
 *    numbers of each set's new objects are compared as a list instead;
 *  - keys 1C generates for new objects (`Ref_Key` of an object the run created): random GUIDs.
 *    Each is replaced, wherever it occurs (1C references, Bitrix24 `xmlId`/`ORIGIN_ID` links),
 *    by a label made from the object's own content, so a link still has to point at "the same" row;
 *  - the sandboxes' host and port, part of the base id in every link (`127.0.0.1_40479/bp30`);
 *    The same key inside a link that opens the object in the 1C web client (`…?ref=<32 hex>`) too;
 *  - file bodies (the PDFs of print forms and reports): compared by name and size, not bytes
 *    (a PDF carries its creation time).
 * Bitrix24 row IDs are kept: the portal numbers rows in the order the run wrote them, and that
 * order is the same in both runs — an extra row (a duplicated create) shows as a shifted ID too.
 * Except notifications' IDs: a notification re-sent with its TAG after its answer was lost replaces
 * the first one under a new ID, as the portal does (nothing refers to a notification's ID); a
 * duplicate still shows as an extra row.
 */
import { createHash } from 'node:crypto';
import type { Pair } from './env';
import { navigationRef } from '../../lib/onec-weblink';
import { NOTIFY_TABLE } from '../../sandbox/bitrix24/entities/im';

type Row = Record<string, unknown>;
export interface Snapshot {
	b24: Record<string, Row[]>;
	onec: Record<string, Row[]>;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** field names that hold times of the write itself, or count the writes */
export const TIME_FIELD = /^(DATE_CREATE|DATE_MODIFY|CREATED_DATE|DATE_UPDATE|TIMESTAMP_X|DATE_INSERT|DATE_UPDATE|DATE_STATUS|DATE_PAYED|DATE_LAST_ACTIVITY|LAST_ACTIVITY_TIME|createdTime|updatedTime|movedTime|lastActivityTime|dateInsert|dateUpdate|dateStatus|datePaid|datePayed|dateDeducted|dateMarked|dateAllowDelivery|dateCanceled|CREATED|DATE_PUBLISH|LOG_DATE|LOG_UPDATE|DATE|createdAt|updatedAt|ts|DataVersion|version1c|ORIGIN_VERSION|version)$|_TIME$|Time$/;
/** Bitrix24 tables that are transport or event bookkeeping, not business data */
const B24_SKIP = /^(event_log|events?|event_bindings?|deliveries|oauth|tokens?|app|apps)$/i;
const BIG = 2000;
const HOST = /127\.0\.0\.1[_:]\d+/g;

function strip(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(strip);
	if (v && typeof v === 'object') {
		const out: Row = {};
		for (const k of Object.keys(v as Row).sort()) {
			if (TIME_FIELD.test(k)) continue;
			out[k] = strip((v as Row)[k]);
		}
		return out;
	}
	if (typeof v === 'string' && v.length > BIG) return `<${v.length} chars>`;
	return v;
}

/** The raw stores of a pair (deep copies), before normalisation. */
export function rawSnapshot(p: Pair): Snapshot {
	const b24: Record<string, Row[]> = {};
	for (const name of p.b24.portal.store.names()) if (!B24_SKIP.test(name)) b24[name] = structuredClone(p.b24.portal.store.find(name)!.all()) as Row[];
	const onec: Record<string, Row[]> = {};
	for (const [id, base] of p.onec.state.bases) {
		for (const [set, rows] of base.objects) onec[`${id}/${set}`] = structuredClone([...rows.values()]);
		for (const [set, rows] of base.records) onec[`${id}/${set}`] = structuredClone(rows);
	}
	return { b24, onec };
}

/** Every GUID that is a 1C key in a snapshot. */
export function refKeys(s: Snapshot): Set<string> {
	const keys = new Set<string>();
	for (const rows of Object.values(s.onec)) for (const r of rows) if (typeof r.Ref_Key === 'string') keys.add(r.Ref_Key.toLowerCase());
	return keys;
}

/**
 * Normalise a snapshot: `seeded` are the 1C keys present before any run (the same in both
 * pairs: the seed is deterministic); every other key is renamed after its object's content.
 */
export function normalise(s: Snapshot, seeded: Set<string>): Record<string, string[]> {
	const fresh = Object.entries(s.onec).flatMap(([set, rows]) => rows.filter((r) => typeof r.Ref_Key === 'string' && !seeded.has(r.Ref_Key.toLowerCase())).map((r) => ({ set, r })));
	const isFresh = new Set(fresh.map((x) => String(x.r.Ref_Key).toLowerCase()));
	// the codes/numbers 1C gave new objects, and values made from them (a contract «ИМ-000000121»
	// after its counterparty's code, a comment naming a document number), are blanked out
	const numbers = [...new Set(fresh.flatMap(({ r }) => [r.Code, r.Number]).filter((v) => v !== undefined && String(v).length >= 5).map(String))].sort((a, b) => b.length - a.length);
	const NUMBERS = numbers.length ? new RegExp(`(?<![0-9])(?:${numbers.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![0-9])`, 'g') : undefined;
	// A new object's label is a hash of its content (its number/code and own key left out) with the
	// new objects it references replaced by their labels; refined over a few passes so that objects
	// told apart only by what they point at (every «Основной договор» of a new counterparty) get
	// different labels. Equal structures give equal labels in both pairs.
	let labels = new Map<string, string>();
	for (let pass = 0; pass < 4; pass++) {
		const next = new Map<string, string>();
		const texts = fresh
			.map(({ set, r }) => ({ set, r, text: JSON.stringify(strip({ ...r, Ref_Key: undefined, Number: undefined, Code: undefined })).replace(NUMBERS ?? /$^/g, '<no>').replace(GUID, (g) => (isFresh.has(g.toLowerCase()) ? (labels.get(g.toLowerCase()) ?? '<new>') : g.toLowerCase())) }))
		// no counter for equal texts: it would follow the store's insertion order, which differs
		// between the pairs; objects equal in content and neighbours share a label (rows are still
		// compared one by one, so a duplicate shows as an extra row)
		for (const { set, r, text } of texts) next.set(String(r.Ref_Key).toLowerCase(), `${set}#${createHash('sha1').update(text).digest('hex').slice(0, 10)}`);
		labels = next;
	}
	// the base id in links names the sandbox's host and port (`127.0.0.1_40479/bp30`): one per pair
	// a link that opens a new object in the 1C web client carries its key as a navigation ref (the GUID's groups reordered)
	const navLabels = new Map([...labels].map(([key, label]) => [navigationRef(key) ?? key, label]));
	const rename = (text: string) =>
		(NUMBERS ? text.replace(NUMBERS, '<no>') : text)
			.replace(HOST, '<host>')
			.replace(GUID, (g) => (seeded.has(g.toLowerCase()) ? g.toLowerCase() : (labels.get(g.toLowerCase()) ?? '<unknown-guid>')))
			.replace(/ref=([0-9a-f]{32})/g, (m, ref: string) => (navLabels.has(ref) ? `ref=${navLabels.get(ref)!}` : m));
	const out: Record<string, string[]> = {};
	for (const [name, rows] of Object.entries(s.b24)) out[`b24:${name}`] = rows.map((r) => rename(JSON.stringify(strip(name === NOTIFY_TABLE ? { ...r, ID: undefined } : r))));
	for (const [name, rows] of Object.entries(s.onec)) {
		// 1C numbers new objects in the order the creates arrive, which parallel writes (and retries)
		// vary: a new object's Code/Number is compared as part of the set's list of numbers, not per object
		const isNew = (r: Row) => typeof r.Ref_Key === 'string' && isFresh.has(r.Ref_Key.toLowerCase());
		out[`1c:${name}`] = rows.map((r) => rename(JSON.stringify(strip(isNew(r) ? { ...r, Code: undefined, Number: undefined } : r)))).sort();
		const numbers = rows.filter(isNew).map((r) => String(r.Number ?? r.Code ?? '')).sort();
		if (numbers.length) out[`1c:${name} (numbers of new objects)`] = numbers;
	}
	return out;
}

/** Tables/sets whose normalised rows differ, with the first few differing rows of each side. */
export function diff(a: Record<string, string[]>, b: Record<string, string[]>, show = 3): string[] {
	const out: string[] = [];
	for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
		const x = a[name] ?? [];
		const y = b[name] ?? [];
		if (x.length === y.length && x.every((v, i) => v === y[i])) continue;
		const ys = new Set(y);
		const xs = new Set(x);
		const onlyA = x.filter((v) => !ys.has(v)).slice(0, show);
		const onlyB = y.filter((v) => !xs.has(v)).slice(0, show);
		out.push(`${name}: ${x.length} vs ${y.length} rows\n  only fault-free: ${onlyA.join('\n    ')}\n  only faulty: ${onlyB.join('\n    ')}`);
	}
	return out;
}

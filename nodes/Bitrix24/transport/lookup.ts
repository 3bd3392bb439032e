/**
 * Creates that can be found again. A create whose answer is lost (a reset, a proxy's 5xx page
 * after the portal did the work) must not be sent a second time blindly: Bitrix24 has no
 * idempotency key, and a second `*.add` makes a second record. A create that carries its own
 * external key — `ORIGIN_ID` (+ `ORIGINATOR_ID`) of the classic CRM entities and activities, `XML_ID` of old
 * invoices, requisites and bank details, `xmlId` of smart-process items, catalog products and sections — is looked
 * up by that key before it is re-sent; found → the create was done, and the record found stands
 * for its answer (in the shape the `add` method answers). A timeline comment is found by its text on
 * the same record, an address by its type and owner (one per type), a price by its product and
 * price type (one per type), each with the same values; a live-feed post by its title and text
 * among the posts published since shortly before the create was sent.
 */
import type { B24Command, B24Result, ClientStats, Envelope } from './client';
import type { Params } from './encode';

export interface AddLookup {
	/** the read that finds the record the create would have made */
	read: B24Command;
	/** the create's answer built from the read's result, or undefined when nothing was found */
	answer(result: unknown): unknown;
}

type Fields = Record<string, unknown>;

const filled = (v: unknown): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number';
const rowsOf = (result: unknown, key?: string): Fields[] => {
	const r = key ? (result as Fields | undefined)?.[key] : result;
	return Array.isArray(r) ? (r as Fields[]) : [];
};

/** CRM creates answered with a bare ID whose external key is one of their fields (with the fields that narrow it, when sent). */
const KEYED: Array<{ add: RegExp; key: string; narrow: string[] }> = [
	{ add: /^crm\.(company|contact|deal|lead|activity)\.add$/i, key: 'ORIGIN_ID', narrow: ['ORIGINATOR_ID'] },
	{ add: /^crm\.(invoice)\.add$/i, key: 'XML_ID', narrow: [] }, // old invoices
	{ add: /^crm\.(requisite(?:\.bankdetail)?)\.add$/i, key: 'XML_ID', narrow: ['ENTITY_TYPE_ID', 'ENTITY_ID'] },
];

export function lookupForAdd(cmd: B24Command): AddLookup | undefined {
	const params = (cmd.params ?? {}) as Fields;
	const fields = (params.fields ?? {}) as Fields;
	for (const k of KEYED) {
		const m = k.add.exec(cmd.method);
		if (!m || !filled(fields[k.key])) continue;
		const filter: Fields = { [k.key]: fields[k.key] };
		for (const f of k.narrow) if (filled(fields[f])) filter[f] = fields[f];
		return { read: { method: `crm.${m[1].toLowerCase()}.list`, params: { filter, select: ['ID'], order: { ID: 'ASC' } } }, answer: (r) => idOf(rowsOf(r)[0]?.ID) };
	}
	if (/^crm\.item\.add$/i.test(cmd.method) && filled(fields.xmlId)) {
		return {
			read: { method: 'crm.item.list', params: { entityTypeId: params.entityTypeId, filter: { xmlId: fields.xmlId }, order: { id: 'ASC' } } },
			answer: (r) => {
				const item = rowsOf(r, 'items')[0];
				return item ? { item } : undefined;
			},
		};
	}
	if (/^catalog\.product\.add$/i.test(cmd.method) && filled(fields.xmlId)) {
		const filter: Fields = { xmlId: fields.xmlId };
		if (filled(fields.iblockId)) filter.iblockId = fields.iblockId;
		return {
			read: { method: 'catalog.product.list', params: { filter, select: ['id', 'iblockId', 'name', 'xmlId', 'active'], order: { id: 'ASC' } } },
			answer: (r) => {
				const element = rowsOf(r, 'products')[0];
				return element ? { element } : undefined;
			},
		};
	}
	if (/^catalog\.section\.add$/i.test(cmd.method) && filled(fields.xmlId)) {
		const filter: Fields = { xmlId: fields.xmlId };
		if (filled(fields.iblockId)) filter.iblockId = fields.iblockId;
		return {
			read: { method: 'catalog.section.list', params: { filter, order: { id: 'ASC' } } },
			answer: (r) => {
				const section = rowsOf(r, 'sections')[0];
				return section ? { section } : undefined;
			},
		};
	}
	// a product has one price per price type (a second add fails «… only single price … in price group»)
	if (/^catalog\.price\.add$/i.test(cmd.method) && filled(fields.productId) && filled(fields.catalogGroupId)) {
		return {
			read: { method: 'catalog.price.list', params: { filter: { productId: fields.productId, catalogGroupId: fields.catalogGroupId } } },
			answer: (r) => {
				const price = rowsOf(r, 'prices')[0];
				return price && Number(price.price) === Number(fields.price) ? { price } : undefined;
			},
		};
	}
	// an address is unique per type and owner (a second add fails «Address with specified type
	// already exists»): the address of that type on that owner, with the fields sent, stands for it
	if (/^crm\.address\.add$/i.test(cmd.method) && filled(fields.TYPE_ID) && filled(fields.ENTITY_TYPE_ID) && filled(fields.ENTITY_ID)) {
		const key = { TYPE_ID: fields.TYPE_ID, ENTITY_TYPE_ID: fields.ENTITY_TYPE_ID, ENTITY_ID: fields.ENTITY_ID };
		return {
			read: { method: 'crm.address.list', params: { filter: key } },
			answer: (r) => {
				const row = rowsOf(r)[0];
				const same = row && Object.entries(fields).every(([k, v]) => k in key || String(row[k] ?? '') === String(v ?? ''));
				return same ? true : undefined;
			},
		};
	}
	// a timeline comment has no external key: the same text on the same record stands for it (the
	// print-form template's comments carry a marker of the 1C document, so their text is unique);
	// newest first, so that the lost one is on the first page of a record with many comments
	if (/^crm\.timeline\.comment\.add$/i.test(cmd.method) && filled(fields.COMMENT) && filled(fields.ENTITY_ID) && filled(fields.ENTITY_TYPE)) {
		return {
			read: { method: 'crm.timeline.comment.list', params: { filter: { ENTITY_ID: fields.ENTITY_ID, ENTITY_TYPE: fields.ENTITY_TYPE }, select: ['ID', 'COMMENT'], order: { ID: 'DESC' } } },
			answer: (r) => idOf(rowsOf(r).filter((c) => c.COMMENT === fields.COMMENT).map((c) => Number(c.ID)).sort((a, b) => b - a)[0]),
		};
	}
	// a live-feed post has no external key either: a post with the same title and text among the
	// newest, published since shortly before this create was first sent (clocks may differ by
	// minutes), stands for it — the templates' report posts name their period in the title
	if (/^log\.blogpost\.add$/i.test(cmd.method) && filled(params.POST_MESSAGE)) {
		const since = Date.now() - POST_CLOCK_SKEW_MS;
		const text = String(params.POST_MESSAGE).trim();
		const title = filled(params.POST_TITLE) ? String(params.POST_TITLE).trim() : undefined;
		return {
			read: { method: 'log.blogpost.get', params: {} },
			answer: (r) => idOf(rowsOf(r).filter((p) => String(p.DETAIL_TEXT ?? '').trim() === text && (title === undefined || String(p.TITLE ?? '').trim() === title) && Date.parse(String(p.DATE_PUBLISH)) >= since).map((p) => Number(p.ID)).sort((a, b) => b - a)[0]),
		};
	}
	return undefined;
}

/** how far the portal's clock may be behind ours when a lost post is looked up */
const POST_CLOCK_SKEW_MS = 10 * 60_000;

function idOf(v: unknown): number | undefined {
	const n = Number(v);
	return v === undefined || v === null || !Number.isFinite(n) || n <= 0 ? undefined : n;
}

/** Before a create is re-sent: what is left to send, or the whole answer. */
export type BeforeResend = () => Promise<{ params: Params } | { envelope: Envelope }>;

/** transport errors of a request that never reached the portal: nothing to look up */
export const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A re-sent batch's answer (keys `r<key>`) with the creates found done put back under their keys. */
export function mergeFound(result: unknown, keys: string[], found: Map<string, unknown>): Record<string, Record<string, unknown>> {
	const r = (result ?? {}) as Record<string, unknown>;
	const out: Record<string, Record<string, unknown>> = { result: {}, result_error: {}, result_total: {}, result_next: {} };
	for (const part of Object.keys(out)) {
		const v = r[part];
		if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
		for (const k of keys) if ((v as Record<string, unknown>)[`r${k}`] !== undefined) out[part][k] = (v as Record<string, unknown>)[`r${k}`];
	}
	for (const [k, answer] of found) out.result[k] = answer;
	return out;
}

/** What the look-ups need of the client: its `runAll` for the reads, its stats. */
interface Reader {
	runAll(commands: B24Command[]): Promise<B24Result[]>;
	readonly stats: ClientStats;
}

/** For one create that can be found again: the look-up before it is re-sent. */
export function lookUpCreate(client: Reader, cmd: B24Command): BeforeResend | undefined {
	const lookup = lookupForAdd(cmd);
	if (!lookup) return undefined;
	return async () => {
		const [res] = await client.runAll([lookup.read]);
		const answer = res.ok ? lookup.answer(res.result) : undefined;
		if (answer === undefined) return { params: cmd.params ?? {} };
		client.stats.lookedUp++;
		return { envelope: { result: answer } };
	};
}

/**
 * For a batch with creates that can be found again: before it is re-sent, find those that were
 * done (`found`) and re-send only the rest, keyed `r<key>` so that numeric keys stay keys.
 */
export function lookUpCreates(client: Reader, commands: Record<string, B24Command | string>, keys: string[], cmd: Record<string, string>, halt: boolean, found: Map<string, unknown>): BeforeResend | undefined {
	const lookups = new Map<string, AddLookup>();
	for (const k of keys) {
		const c = commands[k];
		const l = typeof c === 'string' ? undefined : lookupForAdd(c);
		if (l) lookups.set(k, l);
	}
	if (!lookups.size) return undefined;
	return async () => {
		const pending = [...lookups.keys()].filter((k) => !found.has(k));
		const reads = await client.runAll(pending.map((k) => lookups.get(k)!.read));
		pending.forEach((k, j) => {
			const res = reads[j];
			const answer = res.ok ? lookups.get(k)!.answer(res.result) : undefined;
			if (answer !== undefined) found.set(k, answer);
		});
		client.stats.lookedUp += pending.filter((k) => found.has(k)).length;
		const rest = keys.filter((k) => !found.has(k));
		if (!rest.length) return { envelope: { result: { result: {}, result_error: {} } } };
		if (!found.size) return { params: { halt: halt ? 1 : 0, cmd } };
		return { params: { halt: halt ? 1 : 0, cmd: Object.fromEntries(rest.map((k) => [`r${k}`, cmd[k]])) } };
	};
}

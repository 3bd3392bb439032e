/**
 * CRM owners of timeline records (comments, activities): type names and ids, lookup of the
 * stored row without creating tables other modules own, the timeline error set, and files
 * saved to the author's Disk and attached to a timeline record.
 */
import { RestError } from '../core/errors';
import { asList } from '../core/php';
import type { Portal } from '../core/registry';
import type { Row, Store } from '../core/store';
import { nowIso } from './common';
import { attach, parseFileValue, saveFile, uploadedFilesFolder, type FileInput } from './feed-disk';

/** CRM owner types by lowercase name (`dynamic_{id}` for smart processes). */
const OWNER_NAMES: Record<string, number> = {
	lead: 1, deal: 2, contact: 3, company: 4, invoice: 5, quote: 7, order: 14, smart_invoice: 31,
};
const CLASSIC_TABLES: Record<number, string> = { 1: 'lead', 2: 'deal', 3: 'contact', 4: 'company', 5: 'invoice' };

export function ownerTypeFromName(name: unknown): number | undefined {
	const s = String(name ?? '').trim().toLowerCase();
	if (s in OWNER_NAMES) return OWNER_NAMES[s];
	const m = /^dynamic_(\d+)$/.exec(s);
	return m ? Number(m[1]) : undefined;
}

export function ownerTypeName(typeId: number): string {
	const found = Object.entries(OWNER_NAMES).find(([, id]) => id === typeId);
	return found ? found[0] : `dynamic_${typeId}`;
}

/** A supported owner type: the classic ones, quotes, orders, smart invoices, smart processes. */
export function isOwnerType(typeId: number): boolean {
	return Object.values(OWNER_NAMES).includes(typeId) || typeId >= 128;
}

/** A row by id from a table another module owns (never creating it), whatever its id key. */
function findIn(store: Store, name: string, id: number, match: (r: Row) => boolean = () => true): Row | undefined {
	const t = store.find(name);
	if (!t) return undefined;
	const direct = t.get(id);
	if (direct && match(direct)) return direct;
	return t.all().find((r) => Number(r.ID ?? r.id) === id && match(r));
}

/** The stored CRM row of an owner: classic tables, orders, or `item` rows of that entity type. */
export function ownerRow(store: Store, typeId: number, id: number): Row | undefined {
	if (!Number.isInteger(id) || id <= 0) return undefined;
	const classic = CLASSIC_TABLES[typeId];
	const hit = classic ? findIn(store, classic, id) : undefined;
	if (hit) return hit;
	if (typeId === 14) return findIn(store, 'sale_order', id) ?? findIn(store, 'order', id);
	return findIn(store, 'item', id, (r) => Number(r.entityTypeId ?? r.ENTITY_TYPE_ID) === typeId);
}

export const timelineErrors = {
	ownerNotFound: () => new RestError('OWNER_NOT_FOUND', 'Owner was not found', 400),
	notFound: () => new RestError('NOT_FOUND', 'Not found.', 400),
	emptyComment: () => new RestError('INVALID_ARG_VALUE', 'Comment is empty', 400),
	badFile: () => new RestError('INVALID_ARG_VALUE', 'Invalid file content', 400),
	noParam: (name: string) => new RestError('100', `Could not find value for parameter {${name}}`, 400),
};

/** Parse a FILES list (pairs, fileData objects, multipart parts); any bad entry is an error. */
export function parseFiles(v: unknown, bad: () => RestError): FileInput[] {
	return asList(v).map((x) => parseFileValue(x) ?? (() => { throw bad(); })());
}

/** Save files to the author's Disk and attach them to an entity; returns attachment ids. */
export function storeAttachments(portal: Portal, files: FileInput[], userId: number, moduleId: string, entityType: string, entityId: number): number[] {
	if (!files.length) return [];
	const at = nowIso(portal);
	const folder = uploadedFilesFolder(portal.store, userId, at);
	return files.map((f) => {
		const obj = saveFile(portal.store, Number(folder.ID), f, userId, at);
		return Number(attach(portal.store, Number(obj.ID), moduleId, entityType, entityId, userId, at).ID);
	});
}

const pad = (n: string | number) => String(n).padStart(2, '0');

/**
 * A request date-time as ISO with offset: ISO with or without offset, `YYYY-MM-DD HH:mm[:ss]`,
 * `YYYY/MM/DD`, `DD.MM.YYYY[ HH:mm[:ss]]` (portal time, +03:00); undefined when unreadable.
 */
export function parseDateTime(v: unknown): string | undefined {
	if (typeof v !== 'string' && typeof v !== 'number') return undefined;
	const s = String(v).trim();
	let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
	if (m) {
		const zone = m[7] === undefined ? '+03:00' : m[7] === 'Z' ? '+00:00' : m[7].includes(':') ? m[7] : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
		const out = `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4] ?? 0)}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`;
		return Number.isNaN(Date.parse(out)) ? undefined : out;
	}
	m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
	if (m) return parseDateTime(`${m[3]}-${m[2]}-${m[1]}T${pad(m[4] ?? 0)}:${m[5] ?? '00'}:${m[6] ?? '00'}`);
	return undefined;
}

/**
 * ID links between 1C objects and Bitrix24 entities — the pure model (DESIGN decision 3, F57–F58).
 * Links are not kept in n8n: they live on the Bitrix24 entity itself, in the fields listed in
 * LINK_TYPES. This module says which fields those are, how a link is written to and read back
 * from an entity, how a 1C base is identified, and how an import is planned against the links
 * already present. No HTTP and no n8n types; the XML file format is in `links-xml.ts`.
 *
 * Single-field kinds (`XML_ID` / `xmlId`) store `<baseId>:<Ref_Key>` so that the value still says
 * which 1C base it belongs to (a copy of a base has the same Ref_Keys). A bare GUID there is read
 * as a legacy link without a base (baseId ''), e.g. written by the official module.
 */

export type LinkType =
	| 'company'
	| 'contact'
	| 'lead'
	| 'deal'
	| 'requisite'
	| 'bankDetail'
	| 'smartInvoice'
	| 'spaItem'
	| 'product'
	| 'storeOrder'
	| 'invoice';

export interface LinkTypeInfo {
	/** REST entity (method prefix), e.g. `crm.company`, `crm.item`. */
	entity: string;
	/** Name of the id field in the entity as returned by `*.get` / `*.list`. */
	idField: string;
	/** Fixed `entityTypeId` for `crm.item` kinds that have one (smart invoices: 31). */
	entityTypeId?: number;
	/** Where the link is kept: base id, 1C Ref_Key (encoded when there is no base field), DataVersion. */
	fields: { base?: string; ref: string; version?: string };
}

const ORIGIN = { base: 'ORIGINATOR_ID', ref: 'ORIGIN_ID' };

/**
 * Where each kind of link lives on the Bitrix24 side. Deals and leads have no `ORIGIN_VERSION`
 * (only companies and contacts do — research/bitrix24-rest.md §3.6); store orders keep the
 * link in `id1c` (the store's own `bx_…` stays in `xmlId`) and the DataVersion in `version1c`.
 */
export const LINK_TYPES: Record<LinkType, LinkTypeInfo> = {
	company: { entity: 'crm.company', idField: 'ID', fields: { ...ORIGIN, version: 'ORIGIN_VERSION' } },
	contact: { entity: 'crm.contact', idField: 'ID', fields: { ...ORIGIN, version: 'ORIGIN_VERSION' } },
	lead: { entity: 'crm.lead', idField: 'ID', fields: { ...ORIGIN } },
	deal: { entity: 'crm.deal', idField: 'ID', fields: { ...ORIGIN } },
	requisite: { entity: 'crm.requisite', idField: 'ID', fields: { ref: 'XML_ID' } },
	bankDetail: { entity: 'crm.requisite.bankdetail', idField: 'ID', fields: { ref: 'XML_ID' } },
	smartInvoice: { entity: 'crm.item', idField: 'id', entityTypeId: 31, fields: { ref: 'xmlId' } },
	spaItem: { entity: 'crm.item', idField: 'id', fields: { ref: 'xmlId' } },
	product: { entity: 'catalog.product', idField: 'id', fields: { ref: 'xmlId' } },
	// `id1c`, not `xmlId`: the store keeps its own `bx_…` in `xmlId`; the 1C exchange writes `id1c`/`version1c`
	storeOrder: { entity: 'sale.order', idField: 'id', fields: { ref: 'id1c', version: 'version1c' } },
	invoice: { entity: 'crm.invoice', idField: 'ID', fields: { ref: 'XML_ID' } },
};

export const LINK_TYPE_NAMES = Object.keys(LINK_TYPES) as LinkType[];

export interface Link {
	type: LinkType;
	/** Id of the 1C base ('' only for a legacy link read from Bitrix24 without a base). */
	baseId: string;
	/** OData entity set of the 1C object, e.g. `Catalog_Контрагенты` (informational). */
	onecSet?: string;
	/** 1C `Ref_Key`, a lower-case GUID. */
	onecRef: string;
	/** Bitrix24 id (decimal digits). */
	b24Id: string;
	/** `crm.item` entity type: required for spaItem (≥ 128), 31 or absent for smartInvoice. */
	entityTypeId?: number;
	/** 1C `DataVersion` at the time of the last write. */
	version?: string;
}

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const B24_ID_RE = /^[1-9][0-9]{0,14}$/;
const ONEC_SET_RE = /^[\p{L}\p{N}_]+$/u;
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;
export const MAX_BASE_ID_LENGTH = 100;
export const MAX_VALUE_LENGTH = 1000;

export function isLinkType(value: unknown): value is LinkType {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LINK_TYPES, value);
}

export function isGuid(value: unknown): value is string {
	return typeof value === 'string' && GUID_RE.test(value);
}

/** Why `baseId` is not a valid base id, or undefined when it is. */
export function baseIdProblem(baseId: unknown): string | undefined {
	if (typeof baseId !== 'string' || baseId === '') return 'a base id must be a non-empty string';
	if (baseId.length > MAX_BASE_ID_LENGTH) return `a base id must be at most ${MAX_BASE_ID_LENGTH} characters (got ${baseId.length})`;
	if (baseId.includes(':')) return `a base id must not contain ":" (got "${baseId}")`;
	if (CONTROL_RE.test(baseId)) return 'a base id must not contain control characters';
	if (baseId.trim() !== baseId) return 'a base id must not start or end with whitespace';
	return undefined;
}

export function assertBaseId(baseId: unknown): string {
	const problem = baseIdProblem(baseId);
	if (problem) throw new Error(problem);
	return baseId as string;
}

/**
 * Default id of a 1C base from its OData publication URL: lower-case host, `_port` when the port
 * is not the default one (a base id may not contain `:`), then the publication path without
 * `/odata/standard.odata/…`, percent-decoded. `https://srv.example.ru/bp30/odata/standard.odata/`
 * → `srv.example.ru/bp30`.
 */
export function baseIdFromUrl(publicationUrl: string): string {
	let url: URL;
	try {
		url = new URL(publicationUrl);
	} catch {
		throw new Error(`Not a URL: "${publicationUrl}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Not an http(s) URL: "${publicationUrl}"`);
	const host = url.hostname.toLowerCase().replace(/:/g, '_') + (url.port ? `_${url.port}` : '');
	let path = url.pathname.replace(/\/odata\/standard\.odata(\/.*)?$/i, '').replace(/\/+$/, '');
	try {
		path = decodeURIComponent(path);
	} catch {
		// keep the encoded form
	}
	const baseId = (host + path).replace(/:/g, '_');
	const problem = baseIdProblem(baseId);
	if (problem) throw new Error(`Cannot derive a base id from "${publicationUrl}": ${problem}; set the base id explicitly`);
	return baseId;
}

/** `<baseId>:<Ref_Key>` — the value of `XML_ID` / `xmlId` for single-field kinds. */
export function encodeRef(baseId: string, ref: string): string {
	assertBaseId(baseId);
	if (!isGuid(ref)) throw new Error(`A 1C Ref_Key must be a GUID (got "${ref}")`);
	return `${baseId}:${ref.toLowerCase()}`;
}

/** Reads `<baseId>:<GUID>` or a bare GUID (legacy: baseId undefined); anything else → undefined. */
export function decodeRef(value: unknown): { baseId?: string; ref: string } | undefined {
	if (typeof value !== 'string') return undefined;
	if (GUID_RE.test(value)) return { ref: value.toLowerCase() };
	const colon = value.lastIndexOf(':');
	if (colon <= 0) return undefined;
	const baseId = value.slice(0, colon);
	const ref = value.slice(colon + 1);
	if (!isGuid(ref) || baseIdProblem(baseId)) return undefined;
	return { baseId, ref: ref.toLowerCase() };
}

/** Why `link` is not a valid link (for a file or for writing), or undefined when it is. */
export function linkProblem(link: Link, opts: { legacyBase?: boolean } = {}): string | undefined {
	if (!isLinkType(link.type)) return `unknown type "${String(link.type)}" (expected one of ${LINK_TYPE_NAMES.join(', ')})`;
	if (!(opts.legacyBase && link.baseId === '')) {
		const problem = baseIdProblem(link.baseId);
		if (problem) return problem;
	}
	if (!isGuid(link.onecRef)) return `onecRef "${String(link.onecRef)}" is not a GUID`;
	if (typeof link.b24Id !== 'string' || !B24_ID_RE.test(link.b24Id)) {
		return `b24Id "${String(link.b24Id)}" is not a positive integer (decimal digits, no leading zeros)`;
	}
	if (link.onecSet !== undefined && (typeof link.onecSet !== 'string' || link.onecSet.length > MAX_VALUE_LENGTH || !ONEC_SET_RE.test(link.onecSet))) {
		return `onecSet "${String(link.onecSet)}" is not an OData entity set name`;
	}
	if (link.version !== undefined && (typeof link.version !== 'string' || link.version.length > MAX_VALUE_LENGTH || CONTROL_RE.test(link.version))) {
		return 'version must be a string of printable characters';
	}
	const et = link.entityTypeId;
	if (et !== undefined && !(Number.isSafeInteger(et) && et > 0)) return `entityTypeId "${String(et)}" is not a positive integer`;
	if (link.type === 'spaItem' && (et === undefined || et < 128)) return 'a spaItem link needs entityTypeId (a smart process type, ≥ 128)';
	if (link.type === 'smartInvoice' && et !== undefined && et !== 31) return `a smartInvoice link has entityTypeId 31 (got ${et})`;
	if (link.type !== 'spaItem' && link.type !== 'smartInvoice' && et !== undefined) return `a ${link.type} link has no entityTypeId`;
	return undefined;
}

/** Key of the Bitrix24 side: one link per entity and kind. */
export function b24KeyOf(link: Link): string {
	return `${link.type}|${link.type === 'spaItem' ? link.entityTypeId : ''}|${link.b24Id}`;
}

/** Key of the 1C side: one Bitrix24 entity per 1C object and kind (base not included). */
export function onecKeyOf(link: Link): string {
	return `${link.type}|${link.type === 'spaItem' ? link.entityTypeId : ''}|${link.onecRef.toLowerCase()}`;
}

/** The Bitrix24 fields to write for `link` (version only when the link has one and the kind keeps it). */
export function linkFieldsOf(link: Link): Record<string, string> {
	const problem = linkProblem(link);
	if (problem) throw new Error(`Invalid link: ${problem}`);
	const { fields } = LINK_TYPES[link.type];
	const out: Record<string, string> = {};
	if (fields.base) {
		out[fields.base] = link.baseId;
		out[fields.ref] = link.onecRef.toLowerCase();
	} else {
		out[fields.ref] = encodeRef(link.baseId, link.onecRef);
	}
	if (fields.version && link.version !== undefined) out[fields.version] = link.version;
	return out;
}

/** Fields that remove a link of `type` from an entity. */
export function clearFieldsOf(type: LinkType): Record<string, string> {
	const { fields } = LINK_TYPES[type];
	const out: Record<string, string> = {};
	for (const name of [fields.base, fields.ref, fields.version]) if (name) out[name] = '';
	return out;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The link an entity holds, of whatever base (legacy links without a base get baseId ''), or
 * undefined when it holds none, its ref is not a GUID, or it has no valid id.
 */
export function readLink(type: LinkType, entity: Record<string, unknown>): Link | undefined {
	const info = LINK_TYPES[type];
	const b24Id = text(entity[info.idField]);
	if (b24Id === undefined || !B24_ID_RE.test(b24Id)) return undefined;
	let baseId: string | undefined;
	let onecRef: string;
	if (info.fields.base) {
		const ref = text(entity[info.fields.ref]);
		if (!isGuid(ref)) return undefined;
		onecRef = ref.toLowerCase();
		baseId = text(entity[info.fields.base]);
	} else {
		const decoded = decodeRef(entity[info.fields.ref]);
		if (!decoded) return undefined;
		onecRef = decoded.ref;
		baseId = decoded.baseId;
	}
	const link: Link = { type, baseId: baseId ?? '', onecRef, b24Id };
	if (type === 'spaItem' || type === 'smartInvoice') {
		const et = Number(entity.entityTypeId ?? info.entityTypeId);
		if (!Number.isSafeInteger(et) || et <= 0) return undefined;
		link.entityTypeId = et;
	}
	const version = info.fields.version ? text(entity[info.fields.version]) : undefined;
	if (version !== undefined) link.version = version;
	return link;
}

/** The link of base `baseId` held by `entity`; a link of another base, a legacy one or none → undefined. */
export function linkFromEntity(type: LinkType, baseId: string, entity: Record<string, unknown>): Link | undefined {
	const link = readLink(type, entity);
	return link && link.baseId === baseId ? link : undefined;
}

export interface ImportConflict {
	link: Link;
	existing: Link;
	reason: string;
}

export interface ImportPlan {
	toSet: Link[];
	unchanged: Link[];
	conflicts: ImportConflict[];
}

function describe(link: Link): string {
	const et = link.entityTypeId !== undefined && link.type === 'spaItem' ? ` (entityTypeId ${link.entityTypeId})` : '';
	return `${link.type} ${link.b24Id}${et}`;
}

function baseName(baseId: string): string {
	return baseId === '' ? 'no base (legacy link)' : `base "${baseId}"`;
}

/**
 * Plans a bulk import. `fileLinks` are the links of one base (as returned by linksFromXml);
 * `existing` are the links found on the involved Bitrix24 entities (readLink — any base). A
 * conflict is a Bitrix24 entity that already links to another 1C object (of this base, or of
 * another base whose link would be overwritten), or a 1C object already linked to another
 * Bitrix24 entity of the same kind. A legacy link to the same object is rewritten with its base.
 */
export function planImport(fileLinks: Link[], existing: Link[]): ImportPlan {
	const plan: ImportPlan = { toSet: [], unchanged: [], conflicts: [] };
	const byB24 = new Map<string, Link>();
	const by1C = new Map<string, Link[]>();
	for (const e of existing) {
		byB24.set(b24KeyOf(e), e);
		const key = onecKeyOf(e);
		const list = by1C.get(key);
		if (list) list.push(e);
		else by1C.set(key, [e]);
	}
	const claimedB24 = new Map<string, Link>();
	const claimed1C = new Map<string, Link>();
	for (const link of fileLinks) {
		const ref = link.onecRef.toLowerCase();
		const onEntity = byB24.get(b24KeyOf(link));
		if (onEntity && (onEntity.onecRef.toLowerCase() !== ref || (onEntity.baseId !== link.baseId && onEntity.baseId !== ''))) {
			const reason =
				onEntity.baseId === link.baseId || onEntity.baseId === ''
					? `Bitrix24 ${describe(link)} is already linked to another 1C object ${onEntity.onecRef} (${baseName(onEntity.baseId)})`
					: `Bitrix24 ${describe(link)} is linked to 1C object ${onEntity.onecRef} of ${baseName(onEntity.baseId)}; importing would replace that link`;
			plan.conflicts.push({ link, existing: onEntity, reason });
			continue;
		}
		const elsewhere = (by1C.get(onecKeyOf(link)) ?? []).find(
			(e) => e.b24Id !== link.b24Id && (e.baseId === link.baseId || e.baseId === ''),
		);
		if (elsewhere) {
			plan.conflicts.push({
				link,
				existing: elsewhere,
				reason: `1C object ${ref} is already linked to Bitrix24 ${describe(elsewhere)}`,
			});
			continue;
		}
		const earlier = claimedB24.get(b24KeyOf(link)) ?? claimed1C.get(onecKeyOf(link));
		if (earlier) {
			if (b24KeyOf(earlier) === b24KeyOf(link) && onecKeyOf(earlier) === onecKeyOf(link)) continue; // a repeat
			plan.conflicts.push({ link, existing: earlier, reason: `the import itself links ${describe(earlier)} to 1C object ${earlier.onecRef}` });
			continue;
		}
		claimedB24.set(b24KeyOf(link), link);
		claimed1C.set(onecKeyOf(link), link);
		const versionField = LINK_TYPES[link.type].fields.version;
		const same =
			onEntity !== undefined &&
			onEntity.baseId === link.baseId &&
			(!versionField || link.version === undefined || link.version === onEntity.version);
		(same ? plan.unchanged : plan.toSet).push(link);
	}
	return plan;
}

/**
 * One publication's `/odata/standard.odata/` endpoint: format negotiation (Atom by default, JSON
 * by `$format=json[;odata=…]` or `Accept: application/json`), query options, reads, writes,
 * Post/Unpost, virtual tables, and errors in the negotiated format.
 */
import type { Base } from './base';
import { E, ODataError } from './errors';
import { atomComplexCollection, atomEntry, atomFeed, atomServiceDocument } from './format/atom';
import { jsonCollection, jsonComplexCollection, jsonEntity, type JsonContext, type MetadataLevel } from './format/json';
import type { Row } from './format/values';
import type { EntitySetDef } from './model/schema-types';
import { compileFilter, compileOrderBy } from './query';
import { findByKey, navigate, parseExpand, parseSelect, presentationsFor, rowsOf } from './reads';
import { parsePath, parseQuery, type ResourcePath } from './url';
import { accumulation, slice } from './virtual';
import { create, post, remove, update } from './writes';

export interface ServiceRequest {
	method: string;
	/** path after `/odata/standard.odata/` (still percent-encoded) */
	path: string;
	search: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** absolute service root with trailing slash */
	root: string;
}

export interface ServiceResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface ServiceOptions {
	enforceIfMatch: boolean;
	edmx: () => string;
}

const KNOWN_OPTIONS = new Set(['$format', '$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$inlinecount', 'allowedOnly', '$allowedOnly']);

interface Format {
	json: boolean;
	level: MetadataLevel;
}

function negotiate(query: Map<string, string>, headers: ServiceRequest['headers']): Format {
	const f = query.get('$format');
	if (f !== undefined) {
		const v = f.toLowerCase();
		if (v === 'atom' || v === 'xml') return { json: false, level: 'minimalmetadata' };
		if (!v.startsWith('json') && !v.startsWith('application/json')) throw new ODataError(400, '3', 'Запрошенное представление не поддерживается');
		const level = /odata=(nometadata|minimalmetadata|fullmetadata)/.exec(v)?.[1] as MetadataLevel | undefined;
		return { json: true, level: level ?? 'minimalmetadata' };
	}
	const accept = String(headers.accept ?? '');
	if (accept.includes('application/json')) {
		const level = /odata=(nometadata|minimalmetadata|fullmetadata)/.exec(accept)?.[1] as MetadataLevel | undefined;
		return { json: true, level: level ?? 'minimalmetadata' };
	}
	return { json: false, level: 'minimalmetadata' };
}

const JSON_CT = 'application/json;charset=utf-8';
const ATOM_FEED_CT = 'application/atom+xml;type=feed;charset=utf-8';
const ATOM_ENTRY_CT = 'application/atom+xml;type=entry;charset=utf-8';
const XML_CT = 'application/xml;charset=utf-8';

function reply(status: number, contentType: string, body: string, extra: Record<string, string> = {}): ServiceResponse {
	return { status, headers: { 'Content-Type': contentType, DataServiceVersion: '3.0', ...extra }, body };
}

export function errorResponse(e: ODataError, json: boolean): ServiceResponse {
	return json ? reply(e.status, JSON_CT, JSON.stringify(e.json())) : reply(e.status, XML_CT, e.xml());
}

export function handle(base: Base, req: ServiceRequest, opts: ServiceOptions): ServiceResponse {
	let query: Map<string, string>;
	let format: Format = { json: false, level: 'minimalmetadata' };
	try {
		query = parseQuery(req.search);
		format = negotiate(query, req.headers);
		for (const k of query.keys()) if (k.startsWith('$') && !KNOWN_OPTIONS.has(k)) throw E.notSupported(k);
		const path = parsePath(req.path);
		if (path.kind === 'metadata') return reply(200, XML_CT, opts.edmx());
		if (path.kind === 'service') {
			const sets = [...base.schema.entitySets.keys()];
			return format.json
				? reply(200, JSON_CT, JSON.stringify({ 'odata.metadata': `${req.root}$metadata`, value: sets.map((s) => ({ name: s, url: s })) }))
				: reply(200, XML_CT, atomServiceDocument(req.root, sets));
		}
		return resource(base, req, path, query, format, opts);
	} catch (e) {
		if (e instanceof ODataError) return errorResponse(e, format.json);
		return errorResponse(E.internal(), format.json);
	}
}

function resolver(base: Base) {
	return { entitySet: (n: string) => base.set(n), get: (s: string, ref: string) => base.get(s, ref) };
}

function compileCondition(base: Base) {
	return (condition: string, set: EntitySetDef) => compileFilter(condition, set, resolver(base));
}

function write(format: Format, body: () => string, atom: () => string, status = 200, ct = ATOM_ENTRY_CT, extra: Record<string, string> = {}): ServiceResponse {
	return format.json ? reply(status, JSON_CT, body(), extra) : reply(status, ct, atom(), extra);
}

function resource(base: Base, req: ServiceRequest, path: ResourcePath, query: Map<string, string>, format: Format, opts: ServiceOptions): ServiceResponse {
	const set = base.set(path.set!);
	if (!set) throw E.entityTypeNotFound(path.set!);
	const complex = (n: string) => base.schema.complexTypes.get(n);
	const method = req.method.toUpperCase();
	const updated = base.now();
	const writeOpts = {
		enforceIfMatch: opts.enforceIfMatch,
		dataLoad: String(req.headers['1c_odata-dataloadmode'] ?? '').toLowerCase() === 'true',
		ifMatch: req.headers['if-match'] as string | undefined,
	};
	const select = parseSelect(set, query.get('$select'));
	const jctx = (s: EntitySetDef, sel = select): JsonContext => ({ root: req.root, level: format.json ? format.level : 'minimalmetadata', select: sel, presentations: presentationsFor(base, s, sel) });
	const entityOut = (s: EntitySetDef, row: Row, status = 200, extra: Record<string, string> = {}) =>
		write(format, () => JSON.stringify(jsonEntity(s, row, jctx(s), complex)), () => atomEntry(s, row, { root: req.root, select, updated, presentations: presentationsFor(base, s, select) }, complex), status, ATOM_ENTRY_CT, extra);

	// --- functions and actions on the set or an entity
	const last = path.rest[path.rest.length - 1];
	if (last && ['Post', 'Unpost'].includes(last.name)) {
		if (method !== 'POST') throw E.methodForbidden();
		if (!path.keys) throw E.keyPartMissing('Ref_Key');
		post(base, set, path.keys, last.name as 'Post' | 'Unpost');
		return reply(200, format.json ? JSON_CT : XML_CT, '');
	}
	if (last && ['Balance', 'Turnovers', 'BalanceAndTurnovers', 'SliceLast', 'SliceFirst'].includes(last.name)) {
		if (method !== 'GET') throw E.methodForbidden();
		const args = { ...Object.fromEntries(['Condition', 'Dimensions', 'Period', 'StartPeriod', 'EndPeriod'].filter((k) => query.has(k)).map((k) => [k, query.get(k)!])), ...(last.args ?? {}) };
		if (last.name.startsWith('Slice')) {
			const target = base.set(`${set.name}_RecordType`) ?? set;
			const rows = slice(base, set, last.name as 'SliceLast' | 'SliceFirst', args, compileCondition(base));
			return write(format, () => JSON.stringify(jsonCollection(target, rows, jctx(target), complex)), () => atomFeed(target, rows, { root: req.root, select, updated }, complex), 200, ATOM_FEED_CT);
		}
		const { type, rows } = accumulation(base, set, last.name, args, compileCondition(base));
		const ct = complex(type);
		if (!ct) throw E.methodNotFound();
		const pres = presentationsFor(base, ct, select);
		return write(format, () => JSON.stringify(jsonComplexCollection(ct, rows, { ...jctx(set), presentations: pres }, complex)), () => atomComplexCollection(ct, rows, complex, pres), 200, XML_CT);
	}

	// --- collection
	if (!path.keys) {
		if (path.rest.length === 1 && path.rest[0].name === '$count') {
			if (method !== 'GET') throw E.methodForbidden();
			return reply(200, 'text/plain;charset=utf-8', String(filtered(base, set, query).length));
		}
		if (path.rest.length) throw E.badUrl(path.rest[0].name);
		if (method === 'POST') {
			const { status, row } = create(base, set, req.body, writeOpts);
			const location = `${req.root}${set.kind === 'object' ? `${set.name}(guid'${String(row.Ref_Key)}')` : set.name}`;
			return entityOut(set, row, status, { Location: location });
		}
		if (method !== 'GET') throw E.methodForbidden();
		let rows = filtered(base, set, query);
		if (query.has('$orderby')) rows = [...rows].sort(compileOrderBy(query.get('$orderby')!, set, resolver(base)));
		const inline = query.get('$inlinecount');
		if (inline !== undefined && inline !== 'allpages' && inline !== 'none') throw E.queryOptionParse('$inlinecount');
		const count = inline === 'allpages' ? rows.length : undefined;
		if (count === undefined) {
			const skip = intOption(query, '$skip');
			const top = intOption(query, '$top');
			if (skip !== undefined) rows = rows.slice(skip);
			if (top !== undefined) rows = rows.slice(0, top);
		}
		const expandNames = parseExpand(set, query.get('$expand'), select);
		const ctx: JsonContext = { ...jctx(set), expandNames, expand: (r, nav) => { const n = navigate(base, set, r, nav); return n?.row ? { set: n.set, row: n.row } : undefined; } };
		return write(format, () => JSON.stringify(jsonCollection(set, rows, ctx, complex, count)), () => atomFeed(set, rows, { root: req.root, select, updated, presentations: presentationsFor(base, set, select) }, complex, count), 200, ATOM_FEED_CT);
	}

	// --- one entity
	if (query.has('$expand')) throw E.notSupported('$expand');
	if (!path.rest.length) {
		if (method === 'GET') return entityOut(set, findByKey(base, set, path.keys));
		if (method === 'PATCH' || method === 'MERGE' || method === 'PUT') return entityOut(set, update(base, set, path.keys, req.body, method === 'PUT', writeOpts));
		if (method === 'DELETE') {
			remove(base, set, path.keys, writeOpts);
			return { status: 204, headers: { DataServiceVersion: '3.0' }, body: '' };
		}
		throw E.methodForbidden();
	}
	if (method !== 'GET') throw E.methodForbidden();
	// navigation and property reads ("через точку"): Set(key)/Nav[/Prop]
	let curSet = set;
	let cur: Row = findByKey(base, set, path.keys);
	for (const seg of path.rest) {
		const nav = navigate(base, curSet, cur, seg.name);
		if (nav) {
			if (!nav.row) throw E.notFound(nav.set.name);
			curSet = nav.set;
			cur = nav.row;
			continue;
		}
		const prop = curSet.properties.find((p) => p.name === seg.name);
		if (!prop) throw E.badUrl(seg.name);
		const value = cur[prop.name];
		return format.json
			? reply(200, JSON_CT, JSON.stringify({ 'odata.metadata': `${req.root}$metadata#Edm.String`, value }))
			: reply(200, XML_CT, `<?xml version="1.0" encoding="UTF-8"?>\n<d:${prop.name} xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices">${String(value ?? '')}</d:${prop.name}>`);
	}
	return entityOut(curSet, cur);
}

function intOption(query: Map<string, string>, name: string): number | undefined {
	const v = query.get(name);
	if (v === undefined) return undefined;
	if (!/^\d+$/.test(v.trim())) throw E.queryOptionParse(name);
	return Number(v);
}

function filtered(base: Base, set: EntitySetDef, query: Map<string, string>): Row[] {
	const rows = rowsOf(base, set);
	const f = query.get('$filter');
	if (f === undefined || f.trim() === '') return rows;
	const match = compileFilter(f, set, resolver(base));
	return rows.filter(match);
}

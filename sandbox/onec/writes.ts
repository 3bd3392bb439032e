/**
 * Writes as the platform does them (research §3): POST 201 + Location + full object; PATCH
 * partial (tabular sections replaced whole), PUT full, both 200 + full object; DELETE physical 204;
 * `DeletionMark` via PATCH; independent information-register records POSTed (200) and keyed by
 * Period + dimensions (duplicate → 400 code 15); tabular sets are read-only (code 13);
 * `If-Match` checked only when the base is switched to the documented 412 behaviour;
 * `Post`/`Unpost` move register records through the configuration's posting functions.
 */
import type { Base } from './base';
import { E, ODataError } from './errors';
import { EMPTY_REF, type Row } from './format/values';
import type { EntitySetDef } from './model/schema-types';
import type { DocumentDef, Movements } from './model/types';
import { findByKey, isRecorderSet } from './reads';
import type { KeyPart } from './url';

export interface WriteOptions {
	/** DOC behaviour: a stale If-Match gets 412. Live УТ 11 ignored it (research §3.4) — default off. */
	enforceIfMatch: boolean;
	/** `1C_OData-DataLoadMode: true` */
	dataLoad: boolean;
	ifMatch?: string;
}

function parseBody(raw: string): Row {
	let v: unknown;
	try {
		v = JSON.parse(raw);
	} catch {
		throw E.internal('Непредвиденный символ при чтении JSON');
	}
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw E.internal('Непредвиденный символ при чтении JSON');
	return v as Row;
}

function checkIfMatch(row: Row, opts: WriteOptions): void {
	if (!opts.enforceIfMatch || !opts.ifMatch) return;
	const want = opts.ifMatch.replace(/^W\//, '').replace(/^"|"$/g, '');
	if (want !== '*' && want !== row.DataVersion) throw new ODataError(412, '-1', 'Версия объекта не совпадает с переданной (If-Match)');
}

export function create(base: Base, set: EntitySetDef, rawBody: string, opts: WriteOptions): { status: number; row: Row } {
	const body = parseBody(rawBody);
	if (set.kind === 'tabular') throw E.tabularCreate();
	if (opts.dataLoad && set.object.kind !== 'Catalog' && set.object.kind !== 'Document' && set.object.kind !== 'InformationRegister') throw E.dataLoadMode();
	if (set.kind === 'register' && !isRecorderSet(set)) {
		const row: Row = base.blank(set);
		base.apply(set, row, body);
		const records = base.registerRecords(set.name);
		if (records.some((r) => set.keys.every((k) => String(r[k]) === String(row[k])))) throw E.alreadyExists();
		records.push(row);
		return { status: 200, row };
	}
	if (set.kind !== 'object') throw E.methodForbidden();
	return { status: 201, row: base.create(set, body) };
}

export function update(base: Base, set: EntitySetDef, keys: KeyPart[], rawBody: string, full: boolean, opts: WriteOptions): Row {
	const body = parseBody(rawBody);
	if (set.kind === 'tabular') throw E.methodForbidden();
	const row = findByKey(base, set, keys);
	if (set.kind === 'register' && isRecorderSet(set)) {
		// PATCH of a record set by recorder: RecordSet replaced
		const recs = Array.isArray(body.RecordSet) ? (body.RecordSet as Row[]) : [];
		const store = base.registerRecords(set.name);
		const recKey = set.keys.includes('Recorder_Key') ? 'Recorder_Key' : 'Recorder';
		const keep = store.filter((r) => r[recKey] !== row[recKey]);
		store.length = 0;
		store.push(...keep, ...recs.map((r, i) => ({ ...r, [recKey]: row[recKey], LineNumber: i + 1 })));
		return { ...row, RecordSet: store.filter((r) => r[recKey] === row[recKey]) };
	}
	checkIfMatch(row, opts);
	if (full) {
		const fresh = base.blank(set);
		for (const k of set.keys) fresh[k] = row[k];
		fresh.DataVersion = row.DataVersion;
		for (const k of Object.keys(row)) delete row[k];
		Object.assign(row, fresh);
	}
	const wasMarked = row.DeletionMark;
	base.apply(set, row, body);
	if (set.kind === 'object') base.touch(row);
	// marking a posted document for deletion unposts it, as the platform does
	if (set.object.kind === 'Document' && row.DeletionMark === true && wasMarked !== true && row.Posted === true) unpostMovements(base, set, row);
	return row;
}

export function remove(base: Base, set: EntitySetDef, keys: KeyPart[], opts: WriteOptions): void {
	if (set.kind === 'tabular') throw E.methodForbidden();
	const row = findByKey(base, set, keys);
	checkIfMatch(row, opts);
	if (set.kind === 'object') {
		if (set.object.kind === 'Document') unpostMovements(base, set, row);
		base.table(set.name).delete(String(row.Ref_Key));
		return;
	}
	const store = base.registerRecords(set.name);
	const i = store.indexOf(row);
	if (i >= 0) store.splice(i, 1);
}

function recorderFields(base: Base, registerSet: string, doc: Row, docSet: string): Row {
	const reg = base.set(registerSet);
	if (reg?.keys.includes('Recorder_Key')) return { Recorder_Key: doc.Ref_Key };
	return { Recorder: doc.Ref_Key, Recorder_Type: `StandardODATA.${docSet}` };
}

function unpostMovements(base: Base, set: EntitySetDef, doc: Row): void {
	const def = set.object as DocumentDef;
	for (const reg of def.registerRecords ?? []) {
		const store = base.registerRecords(reg);
		const keep = store.filter((r) => (r.Recorder_Key ?? r.Recorder) !== doc.Ref_Key);
		store.length = 0;
		store.push(...keep);
	}
	doc.Posted = false;
}

/** `POST …(guid'…')/Post` and `/Unpost`. */
export function post(base: Base, set: EntitySetDef, keys: KeyPart[], action: 'Post' | 'Unpost'): Row {
	if (set.object.kind !== 'Document') throw E.methodNotFound();
	const def = set.object as DocumentDef;
	const doc = findByKey(base, set, keys);
	if (action === 'Unpost') {
		unpostMovements(base, set, doc);
		base.touch(doc);
		return doc;
	}
	if (!def.post) throw E.methodNotFound();
	if (doc.DeletionMark === true) throw E.internal(`Ошибка при выполнении операции над данными: Помеченный на удаление документ не может быть проведен! (${set.name} ${String(doc.Number)})`);
	let movements: Movements;
	try {
		movements = def.post(doc, { get: (s, ref) => (ref && ref !== EMPTY_REF ? base.get(s, ref) : undefined), records: (reg) => base.registerRecords(reg) });
	} catch (e) {
		throw e instanceof ODataError ? e : E.internal(`Ошибка при вызове метода контекста (Записать): ${(e as Error).message}`);
	}
	// only a posted document has movements to replace (skipping the scan keeps seeding linear)
	if (doc.Posted === true) unpostMovements(base, set, doc);
	for (const [reg, records] of Object.entries(movements)) {
		const store = base.registerRecords(reg);
		records.forEach((r, i) => store.push({ ...recorderFields(base, reg, doc, set.name), LineNumber: i + 1, Active: true, Period: doc.Date, ...r }));
	}
	doc.Posted = true;
	base.touch(doc);
	return doc;
}

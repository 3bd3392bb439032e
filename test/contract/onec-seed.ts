/**
 * Seeding the sandbox FROM the captures, so that the data-dependent parts of a structure (which
 * references are filled and get links, which values are empty/self-closed/`m:null`, how many
 * rows a section has) line up with the capture: reference objects are POSTed through the API,
 * register records (which only posting can make) are pushed into the base in-process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Base } from '../../sandbox/onec/base';
import type { Row } from '../../sandbox/onec/format/values';
import type { PropertyDef } from '../../sandbox/onec/model/schema-types';
import type { OneCClient } from '../helpers/onec-http';
import { child, parseXml, type XNode } from './onec-atom';

export const FIXTURES_DIR = '/work/shared/fixtures/1c';

export function fixtureText(path: string): string {
	return readFileSync(join(FIXTURES_DIR, path), 'utf8');
}

export function fixtureJson(path: string): Record<string, unknown> {
	return JSON.parse(fixtureText(path)) as Record<string, unknown>;
}

export function fixtureXml(path: string): Promise<XNode> {
	return parseXml(fixtureText(path));
}

/** A captured JSON object as a POST body: links and metadata dropped. */
export function bodyFromJson(o: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(o).filter(([k]) => !k.includes('@') && k !== 'odata.metadata'));
}

function complexValue(n: XNode): unknown {
	if (n.attrs['m:type']?.startsWith('Collection(')) return n.children.map((c) => c.text);
	if (!n.children.length) return /^-?\d+$/.test(n.text) ? Number(n.text) : n.text;
	return Object.fromEntries(n.children.map((c) => [c.name.replace(/^d:/, ''), complexValue(c)]));
}

/** `<m:properties>` / `<d:element>` of a capture → a row typed by our property definitions. */
export function rowFromAtom(props: XNode, defs: PropertyDef[], rowType?: (name: string) => PropertyDef[]): Row {
	const byName = new Map(defs.map((d) => [d.name, d]));
	const out: Row = {};
	for (const c of props.children) {
		const name = c.name.replace(/^d:/, '');
		const def = byName.get(name);
		if (!def) continue;
		if (c.attrs['m:null'] === 'true') out[name] = null;
		else if (def.role.kind === 'tabular' || def.role.kind === 'recordSet') out[name] = c.children.map((e) => rowFromAtom(e, rowType?.(def.role.kind === 'tabular' || def.role.kind === 'recordSet' ? def.role.rowType : '') ?? []));
		else if (c.children.length) out[name] = complexValue(c);
		else if (def.type === 'Edm.Boolean') out[name] = c.text === 'true';
		else if (/^Edm\.(Double|Int16|Int32|Int64)$/.test(def.type)) out[name] = Number(c.text);
		else out[name] = c.text;
	}
	return out;
}

export function entries(feed: XNode): XNode[] {
	return feed.name === 'entry' ? [feed] : feed.children.filter((c) => c.name === 'entry');
}

export function propertiesOf(entry: XNode): XNode {
	return child(entry, 'content', 'm:properties')!;
}

/** Rows of a captured feed, typed by the entity set of `base`. */
export function rowsFromFeed(base: Base, set: string, feed: XNode): Row[] {
	const def = base.set(set)!;
	const rowType = (n: string) => base.schema.complexTypes.get(n)?.properties ?? [];
	return entries(feed).map((e) => rowFromAtom(propertiesOf(e), def.properties, rowType));
}

/** POST every captured object (its `Ref_Key` kept) and return the created rows. */
export async function postAll(client: OneCClient, set: string, rows: Row[]): Promise<Array<Record<string, unknown>>> {
	const out: Array<Record<string, unknown>> = [];
	for (const r of rows) out.push(await client.create(set, r));
	return out;
}

/** Push register records in-process (a register's records only come from posting). */
export function pushRecords(base: Base, recordSet: string, register: string, rows: Row[]): void {
	const def = base.set(recordSet)!;
	const store = base.registerRecords(register);
	for (const r of rows) store.push({ ...base.blank(def), ...r });
}

/**
 * JSON writer (`$format=json`, `application/json;odata=minimalmetadata|nometadata|fullmetadata`),
 * in the shapes of the real captures: `{"odata.metadata": "<root>$metadata#Set", "value": […]}`,
 * single entity `…#Set/@Element`, `Edm.Int64` as strings, tabular sections as arrays, and
 * trailing `<Nav>@navigationLinkUrl` entries for filled references (minimal metadata only).
 */
import type { ComplexTypeDef, EntitySetDef, PropertyDef } from '../model/schema-types';
import { canonicalPath, isFilledRef, jsonValue, producedProperties, selectedProperties, type Row } from './values';

export type MetadataLevel = 'nometadata' | 'minimalmetadata' | 'fullmetadata';

export interface JsonContext {
	/** service root with trailing slash: http://host/base/odata/standard.odata/ */
	root: string;
	level: MetadataLevel;
	select?: Set<string>;
	/** `$expand`: nav name → (target set, target row) resolver */
	expand?: (row: Row, nav: string) => { set: EntitySetDef; row: Row } | undefined;
	expandNames?: string[];
	/** extra `X____Presentation` values to append (name → value) */
	presentations?: (row: Row) => Record<string, string>;
}

function rowObject(props: PropertyDef[], row: Row, complex: (name: string) => ComplexTypeDef | undefined): Row {
	const out: Row = {};
	for (const p of props) {
		if (p.role.kind === 'tabular' || p.role.kind === 'recordSet') {
			const rt = complex(p.role.rowType);
			const rows = (row[p.name] as Row[] | undefined) ?? [];
			out[p.name] = rt ? rows.map((r) => rowObject(rt.properties, r, complex)) : rows;
		} else {
			out[p.name] = jsonValue(p, row[p.name]);
		}
	}
	return out;
}

export function jsonEntityBody(set: EntitySetDef, row: Row, ctx: JsonContext, complex: (name: string) => ComplexTypeDef | undefined): Row {
	const props = selectedProperties(set, ctx.select);
	const out: Row = {};
	const self = canonicalPath(set, row);
	if (ctx.level === 'fullmetadata') {
		out['odata.type'] = `StandardODATA.${set.name}`;
		out['odata.id'] = ctx.root + self;
		out['odata.editLink'] = self;
	}
	Object.assign(out, rowObject(props, row, complex));
	if (ctx.presentations) Object.assign(out, ctx.presentations(row));
	for (const nav of ctx.expandNames ?? []) {
		const hit = ctx.expand?.(row, nav);
		if (hit) out[nav] = jsonEntityBody(hit.set, hit.row, { ...ctx, select: undefined, expandNames: [] }, complex);
	}
	if (ctx.level !== 'nometadata') {
		for (const n of set.navigations) {
			if (ctx.select && !ctx.select.has('*') && !ctx.select.has('**') && !ctx.select.has(n.keyProperty)) continue;
			if (ctx.level === 'minimalmetadata' && !isFilledRef(row[n.keyProperty])) continue;
			out[`${n.name}@navigationLinkUrl`] = `${self}/${n.name}`;
		}
	}
	return out;
}

export function jsonCollection(set: EntitySetDef, rows: Row[], ctx: JsonContext, complex: (name: string) => ComplexTypeDef | undefined, count?: number): Row {
	const out: Row = {};
	if (ctx.level !== 'nometadata') out['odata.metadata'] = `${ctx.root}$metadata#${set.name}`;
	if (count !== undefined) out['odata.count'] = String(count);
	out.value = rows.map((r) => jsonEntityBody(set, r, ctx, complex));
	return out;
}

export function jsonEntity(set: EntitySetDef, row: Row, ctx: JsonContext, complex: (name: string) => ComplexTypeDef | undefined): Row {
	const body = jsonEntityBody(set, row, ctx, complex);
	return ctx.level === 'nometadata' ? body : { 'odata.metadata': `${ctx.root}$metadata#${set.name}/@Element`, ...body };
}

/** A virtual-table / function result: a collection of a complex type (only the columns the call produced, as in Atom). */
export function jsonComplexCollection(type: ComplexTypeDef, rows: Row[], ctx: JsonContext, complex: (name: string) => ComplexTypeDef | undefined): Row {
	const out: Row = {};
	if (ctx.level !== 'nometadata') out['odata.metadata'] = `${ctx.root}$metadata#Collection(StandardODATA.${type.name})`;
	out.value = rows.map((r) => ({ ...rowObject(producedProperties(type, r), r, complex), ...(ctx.presentations ? ctx.presentations(r) : {}) }));
	return out;
}

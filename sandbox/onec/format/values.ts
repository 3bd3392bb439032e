/** Value conventions of the 1C OData interface shared by the JSON and Atom writers. */
import type { ComplexTypeDef, EntitySetDef, PropertyDef } from '../model/schema-types';

export type Row = Record<string, unknown>;

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';

/** Edm.Int64 travels as a JSON string (`"LineNumber": "1"`); other numbers as JSON numbers. */
export function jsonValue(p: PropertyDef, v: unknown): unknown {
	if (v === undefined) return null;
	if (v === null) return null;
	if (p.type === 'Edm.Int64') return String(v);
	return v;
}

/** Text of a primitive value in Atom/XML and in URLs. */
export function textValue(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	return String(v);
}

/** A key literal as the platform writes it in canonical URLs. */
export function keyLiteral(type: string, v: unknown): string {
	if (type === 'Edm.Guid') return `guid'${String(v)}'`;
	if (type === 'Edm.DateTime') return `datetime'${String(v)}'`;
	if (type === 'Edm.String') return `'${String(v).replace(/'/g, "''")}'`;
	return textValue(v);
}

/**
 * Canonical URL of an entity relative to the service root: `Catalog_X(guid'…')`, tabular rows
 * `Set(Ref_Key=guid'…', LineNumber=1)`, register records `Set(Recorder='…', Recorder_Type='…',
 * LineNumber=1)` — multi-part keys joined by `, ` with a composite key's `X_Type` right after `X`
 * (DR Atom ids; the EDMX `<Key>` lists `Recorder, LineNumber, Recorder_Type`).
 */
export function canonicalPath(set: EntitySetDef, row: Row): string {
	if (set.keys.length === 1 && set.keys[0] === 'Ref_Key') return `${set.name}(guid'${String(row.Ref_Key)}')`;
	const order: string[] = [];
	for (const k of set.keys) {
		if (order.includes(k)) continue;
		order.push(k);
		if (set.keys.includes(`${k}_Type`)) order.push(`${k}_Type`);
	}
	const parts = order.map((k) => {
		const p = set.properties.find((x) => x.name === k);
		return `${k}=${keyLiteral(p?.type ?? 'Edm.String', row[k])}`;
	});
	return `${set.name}(${parts.join(', ')})`;
}

/** Which properties to write: `$select` names (already validated), or all; `**` = all but tabular sections. */
export function selectedProperties(set: { properties: PropertyDef[] }, select: Set<string> | undefined): PropertyDef[] {
	if (!select || select.has('*')) return set.properties;
	if (select.has('**')) return set.properties.filter((p) => p.role.kind !== 'tabular');
	return set.properties.filter((p) => select.has(p.name));
}

export function isFilledRef(v: unknown): boolean {
	return typeof v === 'string' && v !== '' && v !== EMPTY_REF;
}

/** The columns a virtual-table row carries (resources, then the grouped dimensions), in row order. */
export function producedProperties(type: ComplexTypeDef, row: Row): PropertyDef[] {
	const byName = new Map(type.properties.map((p) => [p.name, p]));
	return Object.keys(row).flatMap((k) => byName.get(k) ?? []);
}

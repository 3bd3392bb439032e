/**
 * Name resolution of the expression language: which properties / navigations an entity (or a
 * tabular-section row bound to a lambda variable) has, their static types, and how to read them
 * from a stored row. Property names are case-sensitive (unknown → 400 code 6, by the caller).
 */
import type { EntitySetDef, NavigationDef, PropertyDef } from '../model/schema-types';
import type { Attribute, AttrType, ObjectDef } from '../model/types';
import type { Resolver, Row } from './evaluate';
import { decode, decodeComposite, T, type SType, type Value } from './values';

/** The properties an expression can address at one level. */
export interface Scope {
	name: string;
	properties: PropertyDef[];
	navigations: NavigationDef[];
	/** entity set whose reference `Ref_Key` is (the set itself; a tabular set's owner) */
	selfRef?: string;
	object?: ObjectDef;
}

export interface Member {
	type: SType;
	read(row: Row): Value;
}

/** Compile-time context. */
export interface Ctx {
	resolver: Resolver;
	root: Scope;
	/** lambda variables in scope → the row scope they range over */
	vars: Map<string, Scope>;
	option: string;
}

/** Evaluation environment: the current entity and the rows bound to lambda variables. */
export interface Env {
	row: Row;
	vars: Record<string, Row>;
}

export interface Compiled {
	type: SType;
	run(env: Env): Value;
}

const scopes = new WeakMap<EntitySetDef, Scope>();

export function scopeOf(set: EntitySetDef): Scope {
	let s = scopes.get(set);
	if (!s) {
		const selfRef = set.kind === 'object' ? set.name : set.kind === 'tabular' ? set.owner?.entitySet : undefined;
		s = { name: set.name, properties: set.properties, navigations: set.navigations, selfRef, object: set.object };
		scopes.set(set, s);
	}
	return s;
}

const EDM: Record<string, SType> = {
	'Edm.String': T.string,
	'Edm.Boolean': T.boolean,
	'Edm.DateTime': T.date,
	'Edm.Double': T.number,
	'Edm.Decimal': T.number,
	'Edm.Int16': T.number,
	'Edm.Int32': T.number,
	'Edm.Int64': T.number,
	'Edm.Guid': T.guid,
	'Edm.Binary': T.binary,
};

function propertyType(scope: Scope, p: PropertyDef, resolver: Resolver): SType {
	const role = p.role;
	if (role.kind === 'tabular' || role.kind === 'recordSet' || p.type.startsWith('Collection(')) {
		return { k: 'collection', scope: rowScope(scope, p, resolver) };
	}
	// standard composites (`Recorder`, `Owner`, `Ref` of a journal) carry their `_Type` like attributes do
	if (role.kind === 'compositeValue' || (role.kind === 'standard' && scope.properties.some((q) => q.name === `${p.name}_Type`))) return T.composite;
	if (role.kind === 'refKey') return { k: 'ref', set: role.target };
	if (p.type === 'Edm.Guid') {
		const nav = scope.navigations.find((n) => n.keyProperty === p.name);
		if (nav) return { k: 'ref', set: nav.target };
		if (p.name === 'Ref_Key' && scope.selfRef) return { k: 'ref', set: scope.selfRef };
		if (p.name === 'Parent_Key' && scope.selfRef === scope.name) return { k: 'ref', set: scope.name };
	}
	return EDM[p.type] ?? T.string;
}

/** Resolves one path segment in a scope: a property, else a navigation property. */
export function findMember(scope: Scope, name: string, resolver: Resolver): Member | undefined {
	const p = scope.properties.find((x) => x.name === name);
	if (p) {
		const type = propertyType(scope, p, resolver);
		if (type.k === 'composite') {
			const typeProp = `${name}_Type`;
			return { type, read: (row) => decodeComposite(row[name], row[typeProp]) };
		}
		return { type, read: (row) => decode(row[name], type) };
	}
	const n = scope.navigations.find((x) => x.name === name);
	if (n) {
		const type: SType = { k: 'ref', set: n.target };
		return { type, read: (row) => decode(row[n.keyProperty], type) };
	}
	// a reference `X_Key` whose navigation the schema does not declare (e.g. `Parent`) still navigates
	const key = `${name}_Key`;
	const kp = scope.properties.find((x) => x.name === key);
	if (kp) {
		const type = propertyType(scope, kp, resolver);
		if (type.k === 'ref') return { type, read: (row) => decode(row[key], type) };
	}
	return undefined;
}

/** The scope of the rows of a collection property (tabular section / register record set). */
function rowScope(owner: Scope, p: PropertyDef, resolver: Resolver): Scope {
	const role = p.role;
	const rowType = role.kind === 'tabular' || role.kind === 'recordSet' ? role.rowType : p.type.replace(/^Collection\((?:StandardODATA\.)?|\)$/g, '');
	// the tabular set `<Owner>_<TS>` first: it has the navigations, the RowType complex type has none
	const set = role.kind === 'tabular' ? resolver.entitySet(`${owner.name}_${role.section.name}`) : undefined;
	if (set) return scopeOf(set);
	const complex = resolver.complexType?.(rowType);
	if (complex) return { name: complex.name, properties: complex.properties, navigations: complex.navigations, selfRef: owner.selfRef ?? owner.name };
	if (role.kind === 'tabular') return synthesize(rowType, role.section.attributes, owner.selfRef ?? owner.name, tabularStandard());
	const o = owner.object;
	const attrs: Attribute[] = o && 'dimensions' in o ? [...o.dimensions, ...o.resources, ...o.attributes] : [];
	return synthesize(rowType, attrs, undefined, registerStandard());
}

function std(name: string, type: string): PropertyDef {
	return { name, type, nullable: false, role: { kind: 'standard' } };
}

function tabularStandard(): PropertyDef[] {
	return [std('Ref_Key', 'Edm.Guid'), std('LineNumber', 'Edm.Int64')];
}

function registerStandard(): PropertyDef[] {
	return [std('Period', 'Edm.DateTime'), std('LineNumber', 'Edm.Int64'), std('Active', 'Edm.Boolean'), std('RecordType', 'Edm.String')];
}

function edmOf(t: AttrType): string {
	switch (t.kind) {
		case 'number':
			return t.scale > 0 ? 'Edm.Double' : t.digits <= 4 ? 'Edm.Int16' : t.digits <= 9 ? 'Edm.Int32' : 'Edm.Int64';
		case 'boolean':
			return 'Edm.Boolean';
		case 'date':
			return 'Edm.DateTime';
		case 'uuid':
			return 'Edm.Guid';
		default:
			return 'Edm.String';
	}
}

/** A row scope from model attributes, when the schema offers no row type (fallback only). */
function synthesize(name: string, attrs: Attribute[], selfRef: string | undefined, standard: PropertyDef[]): Scope {
	const properties = [...standard];
	const navigations: NavigationDef[] = [];
	for (const a of attrs) {
		const t = a.type;
		if (t.kind === 'ref') {
			properties.push({ name: `${a.name}_Key`, type: 'Edm.Guid', nullable: false, role: { kind: 'refKey', attribute: a, target: t.target } });
			navigations.push({ name: a.name, target: t.target, keyProperty: `${a.name}_Key`, association: `${name}_${a.name}` });
		} else if (t.kind === 'composite') {
			properties.push({ name: a.name, type: 'Edm.String', nullable: false, role: { kind: 'compositeValue', attribute: a } });
			properties.push({ name: `${a.name}_Type`, type: 'Edm.String', nullable: false, role: { kind: 'compositeType', attribute: a } });
		} else if (t.kind === 'valueStorage') {
			properties.push({ name: `${a.name}_Base64Data`, type: 'Edm.Binary', nullable: true, role: { kind: 'value', attribute: a } });
			properties.push({ name: `${a.name}_Type`, type: 'Edm.String', nullable: true, role: { kind: 'value', attribute: a } });
		} else {
			properties.push({ name: a.name, type: edmOf(t), nullable: false, role: { kind: 'value', attribute: a } });
		}
	}
	return { name, properties, navigations, selfRef };
}

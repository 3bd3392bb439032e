/**
 * The OData view derived from a Configuration (`buildSchema(config)` in ./schema.ts): entity
 * sets with their properties in platform order, complex types (tabular-section RowTypes, register
 * RowTypes, virtual-table result types), bound functions and enums. Everything that serves a
 * base — `$metadata`, writers, `$filter`, writes, posting — reads this, never the raw model.
 */
import type { Attribute, Configuration, ObjectDef, TabularSection } from './types';

export type EdmPrimitive =
	| 'Edm.String'
	| 'Edm.Boolean'
	| 'Edm.DateTime'
	| 'Edm.Double'
	| 'Edm.Int16'
	| 'Edm.Int32'
	| 'Edm.Int64'
	| 'Edm.Guid'
	| 'Edm.Binary';

/** Where a property's value comes from (for writers, filter and writes). */
export type PropertyRole =
	/** a standard property: Ref_Key, DataVersion, Code, Description, Number, Date, Posted, DeletionMark, Parent_Key, IsFolder, Owner_Key, Predefined, PredefinedDataName, LineNumber, Recorder…, Period, Active, RecordType, SurrogateKey, Value */
	| { kind: 'standard' }
	/** a primitive or enum attribute (enum values are strings) */
	| { kind: 'value'; attribute: Attribute }
	/** `X_Key` of a reference attribute `X` to `target` */
	| { kind: 'refKey'; attribute: Attribute; target: string }
	/** `X` of a composite attribute (GUID string for references, raw value for primitives, "" for Undefined) */
	| { kind: 'compositeValue'; attribute: Attribute }
	/** `X_Type` of a composite attribute: `StandardODATA.Catalog_…`, `StandardODATA.Undefined`, `Edm.String`, … */
	| { kind: 'compositeType'; attribute: Attribute }
	/** a nested tabular section (Collection of RowType) */
	| { kind: 'tabular'; section: TabularSection; rowType: string }
	/** `RecordSet` of a register record set */
	| { kind: 'recordSet'; rowType: string };

export interface PropertyDef {
	name: string;
	/** `Edm.*` or `Collection(StandardODATA.<RowType>)` */
	type: string;
	nullable: boolean;
	role: PropertyRole;
	/** string length limit (0/undefined = unlimited): longer writes are silently truncated */
	maxLength?: number;
}

export interface NavigationDef {
	/** navigation property name = attribute name, e.g. `Контрагент` */
	name: string;
	/** target entity set, e.g. `Catalog_Контрагенты` */
	target: string;
	/** the `X_Key` property that holds the reference */
	keyProperty: string;
	/** Association name `<EntityType>_<Nav>` */
	association: string;
}

export type EntitySetKind =
	/** catalogs, documents, charts, exchange plans: key Ref_Key */
	| 'object'
	/** read-only tabular-section set `<Owner>_<TS>`: key Ref_Key + LineNumber */
	| 'tabular'
	/** register record set by recorder (`RecordSet`), or an independent information register (key = Period + dimensions) */
	| 'register'
	/** register single records `<X>_RecordType` */
	| 'recordType'
	| 'constant'
	| 'journal';

export interface EntitySetDef {
	/** entity set = entity type name, e.g. `Catalog_Контрагенты` */
	name: string;
	kind: EntitySetKind;
	/** the model object (for a tabular set: its owner) */
	object: ObjectDef;
	/** for kind 'tabular': the owner entity set and the section */
	owner?: { entitySet: string; section: TabularSection };
	keys: string[];
	/** properties in the platform's order */
	properties: PropertyDef[];
	navigations: NavigationDef[];
	openType: boolean;
}

export interface ComplexTypeDef {
	name: string;
	properties: PropertyDef[];
	navigations: NavigationDef[];
}

export interface FunctionParam {
	name: string;
	type: string;
}

export interface FunctionDef {
	/** Post, Unpost, SliceLast, SliceFirst, Balance, Turnovers, BalanceAndTurnovers */
	name: string;
	/** binding type = entity set name it is bound to */
	bindingType: string;
	params: FunctionParam[];
	/** `Collection(StandardODATA.…)` or undefined for actions without a result */
	returnType?: string;
	sideEffecting: boolean;
}

export interface Schema {
	config: Configuration;
	entitySets: Map<string, EntitySetDef>;
	complexTypes: Map<string, ComplexTypeDef>;
	functions: FunctionDef[];
	/** enum name → values */
	enums: Map<string, string[]>;
}

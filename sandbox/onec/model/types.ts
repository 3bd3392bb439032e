/**
 * The declarative configuration model of a 1C:Enterprise base, as much of it as the standard
 * OData interface exposes. `$metadata` (EDMX), the JSON/Atom writers, the `$filter` evaluator,
 * writes, posting and virtual tables are all derived from it — nothing is hand-written XML.
 *
 * Naming follows the platform (DOC §17.4.3–17.4.4): an object `Справочник.Контрагенты` is the
 * entity set `Catalog_Контрагенты`; a reference attribute `Контрагент` is exposed as
 * `Контрагент_Key` (Edm.Guid) plus a navigation property `Контрагент`; a composite attribute as
 * `X` + `X_Type` (Edm.String); an enum attribute as an Edm.String holding the value name; a
 * tabular section `Товары` both nested (Collection of `<Owner>_Товары_RowType`) and as the
 * read-only entity set `<Owner>_Товары` keyed `Ref_Key`+`LineNumber`.
 */

/** An attribute's 1C type. */
export type AttrType =
	/** Строка; length 0 = unlimited */
	| { kind: 'string'; length: number }
	/** Число(digits, scale): scale > 0 → Edm.Double; integers → Edm.Int16/32/64 by digits (≤4, ≤9, else) */
	| { kind: 'number'; digits: number; scale: number; nonNegative?: boolean }
	| { kind: 'boolean' }
	/** Дата (date and time); Edm.DateTime without offset */
	| { kind: 'date' }
	/** УникальныйИдентификатор */
	| { kind: 'uuid' }
	/** a reference to one object type, by entity-set name, e.g. `Catalog_Контрагенты` */
	| { kind: 'ref'; target: string }
	/** an enum value, by enum name (EnumType in $metadata), e.g. `СтавкиНДС` */
	| { kind: 'enum'; enum: string }
	/** several types: references by entity-set name, enums as `Enum:<name>`, primitives as `String`, `Number`, `Boolean`, `Date` */
	| { kind: 'composite'; types: string[] }
	/** ХранилищеЗначения: `<Name>_Base64Data` + `<Name>_Type` + navigation */
	| { kind: 'valueStorage' };

export interface Attribute {
	name: string;
	type: AttrType;
	/** default value on create (otherwise the type's empty value) */
	default?: unknown;
}

export interface TabularSection {
	name: string;
	attributes: Attribute[];
}

interface ObjectBase {
	/** metadata name without prefix, e.g. `Контрагенты` */
	name: string;
	/** synonym, for Presentation and docs */
	synonym?: string;
	attributes: Attribute[];
	tabularSections?: TabularSection[];
}

export interface CatalogDef extends ObjectBase {
	kind: 'Catalog';
	/** 0 = the catalog has no code (no `Code` property) */
	codeLength: number;
	codeType?: 'string' | 'number';
	/** string codes get this prefix, e.g. `00-` → `00-000001` (prefix counts in codeLength) */
	codePrefix?: string;
	/** 0 = no `Description` */
	descriptionLength: number;
	/** Parent_Key + IsFolder */
	hierarchical?: boolean;
	/** owner types (subordinate catalog): one → `Owner_Key`, several → `Owner` + `Owner_Type` */
	owners?: string[];
	/** predefined items: `PredefinedDataName` → fields */
	predefined?: Array<{ name: string; fields: Record<string, unknown> }>;
}

/** Movements a posted document writes: register entity-set name → records (register row fields). */
export type Movements = Record<string, Array<Record<string, unknown>>>;

export interface PostingContext {
	/** the base, for reads (e.g. a counterparty's fields) */
	get(entitySet: string, ref: string): Record<string, unknown> | undefined;
	/** the stored records of a register (by its record-set entity-set name), for postings that read balances (average cost) */
	records(register: string): ReadonlyArray<Record<string, unknown>>;
}

export interface DocumentDef extends ObjectBase {
	kind: 'Document';
	numberLength: number;
	/** number prefix, e.g. `0000-` → `0000-000001` (prefix counts in numberLength) */
	numberPrefix?: string;
	/** registers this document can move (`AccumulationRegister_X`, `InformationRegister_Y`) */
	registerRecords?: string[];
	/**
	 * Posting: the movements of the document, or a thrown Error whose message becomes the 1C
	 * error (500, code -1). Absent = the document cannot be posted (Posting = Deny).
	 */
	post?: (doc: Record<string, unknown>, ctx: PostingContext) => Movements;
}

export interface ChartOfCharacteristicTypesDef extends ObjectBase {
	kind: 'ChartOfCharacteristicTypes';
	codeLength: number;
	descriptionLength: number;
	hierarchical?: boolean;
}

export interface ChartOfAccountsDef extends ObjectBase {
	kind: 'ChartOfAccounts';
	codeLength: number;
	descriptionLength: number;
	/** the chart of characteristic types of its extra dimensions (субконто), by entity-set name */
	extDimensionTypes?: string;
}

export type Periodicity = 'none' | 'second' | 'day' | 'month' | 'quarter' | 'year' | 'recorder';

export interface InformationRegisterDef {
	kind: 'InformationRegister';
	name: string;
	synonym?: string;
	periodicity: Periodicity;
	/** subordinate to a recorder (write mode «Подчинение регистратору») */
	recorders?: string[];
	dimensions: Attribute[];
	resources: Attribute[];
	attributes: Attribute[];
}

export interface AccumulationRegisterDef {
	kind: 'AccumulationRegister';
	name: string;
	synonym?: string;
	/** balance registers have RecordType Receipt/Expense and Balance(); turnovers registers do not */
	registerKind: 'balance' | 'turnovers';
	recorders: string[];
	dimensions: Attribute[];
	resources: Attribute[];
	attributes: Attribute[];
}

export interface AccountingRegisterDef {
	kind: 'AccountingRegister';
	name: string;
	synonym?: string;
	chartOfAccounts: string;
	recorders: string[];
	dimensions: Attribute[];
	resources: Attribute[];
	attributes: Attribute[];
	/** number of extra dimensions (субконто) per side */
	extDimensions: number;
	/** dimensions/resources whose «Балансовый» flag is off: exposed per side as `<Name>Dr` / `<Name>Cr` */
	nonBalance?: string[];
}

export interface ConstantDef {
	kind: 'Constant';
	name: string;
	type: AttrType;
}

export interface ExchangePlanDef extends ObjectBase {
	kind: 'ExchangePlan';
	codeLength: number;
	descriptionLength: number;
}

export interface DocumentJournalDef {
	kind: 'DocumentJournal';
	name: string;
	documents: string[];
	columns: Attribute[];
}

export type ObjectDef =
	| CatalogDef
	| DocumentDef
	| ChartOfCharacteristicTypesDef
	| ChartOfAccountsDef
	| InformationRegisterDef
	| AccumulationRegisterDef
	| AccountingRegisterDef
	| ConstantDef
	| ExchangePlanDef
	| DocumentJournalDef;

export interface EnumDef {
	name: string;
	values: string[];
	/**
	 * not in the published OData composition: no EnumType in `$metadata`; a composite attribute
	 * holding such a value reports `_Type` = `UnavailableEnums.<name>` (research §5.5, SUNG)
	 */
	unpublished?: boolean;
}

export interface Configuration {
	/** publication id: `bp30`, `unf`, `ut11` — the base is served at `/<id>/odata/standard.odata/` */
	id: string;
	/** «Бухгалтерия предприятия, редакция 3.0» */
	title: string;
	version: string;
	objects: ObjectDef[];
	enums: EnumDef[];
	/** entity-set names used by the sync for well-known roles (counterparty, product, invoice, …) */
	roles: Record<string, string>;
}

/** The OData prefix of an object kind. */
export function prefixOf(kind: ObjectDef['kind']): string {
	return kind;
}

/** Entity-set name of an object: `Catalog_Контрагенты`. */
export function entitySetName(o: ObjectDef): string {
	return `${o.kind}_${o.name}`;
}

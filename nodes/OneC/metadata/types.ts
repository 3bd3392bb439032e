/** The compact model of a 1C OData `$metadata` document: only what the 1C node needs. */

export const OBJECT_KINDS = [
	'Catalog',
	'Document',
	'InformationRegister',
	'AccumulationRegister',
	'AccountingRegister',
	'CalculationRegister',
	'ChartOfCharacteristicTypes',
	'ChartOfAccounts',
	'ChartOfCalculationTypes',
	'ExchangePlan',
	'Constant',
	'DocumentJournal',
	'BusinessProcess',
	'Task',
] as const;

export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** `Tabular`: a `<Owner>_<TS>` row set; `RecordType`: a register's `<X>_RecordType` set; `Other`: unknown prefix. */
export type SetKind = ObjectKind | 'Tabular' | 'RecordType' | 'Other';

/**
 * - `refKey`: `X_Key` with a NavigationProperty `X` (target = the referenced entity set);
 * - `composite`: `X` with a sibling `X_Type` (`typeField`); `compositeType`: that `X_Type`;
 * - `tabular`: `Collection(<Owner>_<TS>_RowType)` (with `rowFields` and `target` = the row set);
 * - `enumish`: an `Edm.String` named like a published EnumType (or a register's `RecordType`) —
 *   1C links enum attributes to nothing, so this is a heuristic;
 * - `plain`: anything else.
 */
export type FieldRole = 'plain' | 'refKey' | 'composite' | 'compositeType' | 'tabular' | 'enumish';

export interface CompactField {
	name: string;
	type: string;
	nullable: boolean;
	role: FieldRole;
	/** refKey: referenced entity set; tabular: the row entity set (when published). */
	target?: string;
	/** refKey: name of the navigation property. */
	navigation?: string;
	/** composite: name of the `_Type` sibling. */
	typeField?: string;
	/** enumish: the EnumType name. */
	enumType?: string;
	rowFields?: CompactField[];
}

export interface CompactParam {
	name: string;
	type: string;
}

export interface CompactFunction {
	name: string;
	sideEffecting: boolean;
	returnType?: string;
	/** Parameters without `bindingParameter`. */
	params: CompactParam[];
}

export interface CompactSet {
	name: string;
	kind: SetKind;
	/** Kind of the metadata object behind the set (for Tabular/RecordType: the owner's kind). */
	objectKind?: ObjectKind;
	/** Tabular: owner set; RecordType: the register set. */
	owner?: string;
	keys: string[];
	fields: CompactField[];
	functions: CompactFunction[];
}

export interface CompactMetadata {
	namespace: string;
	sets: CompactSet[];
	enums: Record<string, string[]>;
}

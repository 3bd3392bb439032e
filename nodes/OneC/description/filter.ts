/** The filter builder: UI rows → `FilterRow`s of lib/odata (value types from `$metadata` when Auto). */
import type { INodePropertyOptions } from 'n8n-workflow';
import { buildFilter, isGuid, type FilterOperator, type FilterRow, type FilterValueType } from '../../../lib/odata';
import type { SetTypes } from '../../../lib/onec-values';

export const FILTER_OPERATORS: INodePropertyOptions[] = [
	{ name: 'Ends With', value: 'endswith' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Greater or Equal', value: 'ge' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Less or Equal', value: 'le' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Like (1C Pattern, % and _)', value: 'like' },
	{ name: 'Not Equals', value: 'ne' },
	{ name: 'Starts With', value: 'startswith' },
	{ name: 'Contains', value: 'substringof' },
];

export const VALUE_TYPES: INodePropertyOptions[] = [
	{ name: 'Auto (From $Metadata)', value: 'auto' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Composite Reference', value: 'composite' },
	{ name: 'Date', value: 'date' },
	{ name: 'GUID / Reference', value: 'guid' },
	{ name: 'Number', value: 'number' },
	{ name: 'String', value: 'string' },
];

export interface UiCondition {
	field?: string;
	operator?: string;
	value?: unknown;
	valueType?: string;
	compositeType?: string;
}

const NUMERIC = /^Edm\.(Int16|Int32|Int64|Double|Decimal|Single|Byte|SByte)$/;

/** The literal type of a field from its EDM type (and its `_Type` sibling for composite fields). */
export function autoType(field: string, types: SetTypes | undefined, value: unknown): FilterValueType {
	const t = types?.fields[field];
	if (types && types.fields[`${field}_Type`] !== undefined && t === 'Edm.String') return isGuid(value) ? 'composite' : 'string';
	if (t === 'Edm.Guid') return 'guid';
	if (t === 'Edm.DateTime') return 'date';
	if (t === 'Edm.Boolean') return 'boolean';
	if (t && NUMERIC.test(t)) return 'number';
	if (!t && field.endsWith('_Key')) return 'guid';
	return 'string';
}

/** `$filter` from the UI rows (+ a raw expression ANDed), or undefined when there is nothing. */
export function filterFromUi(rows: UiCondition[], types: SetTypes | undefined, timeZone: string, combine: 'and' | 'or' = 'and', raw = ''): string | undefined {
	const built: FilterRow[] = rows
		.filter((r) => String(r.field ?? '').trim() !== '')
		.map((r) => {
			const field = String(r.field).trim();
			const type = !r.valueType || r.valueType === 'auto' ? autoType(field, types, r.value) : (r.valueType as FilterValueType);
			if (type === 'composite' && !String(r.compositeType ?? '').trim()) {
				throw new Error(`The filter on "${field}" compares a composite-type field: set Composite Type (e.g. Document_СчетНаОплатуПокупателю); a bare GUID never matches a composite field in 1C`);
			}
			return { field, operator: (r.operator ?? 'eq') as FilterOperator, value: r.value, type, compositeType: r.compositeType };
		});
	const expr = buildFilter(built, { combine, timeZone });
	const rawExpr = raw.trim();
	if (expr && rawExpr) return `(${expr}) and (${rawExpr})`;
	return expr || rawExpr || undefined;
}

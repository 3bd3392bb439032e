/**
 * Property assembly shared by the schema builders (./schema.ts, ./schema-registers.ts).
 *
 * Rules read off the real УТ 11 `$metadata` excerpt (fixtures/1c/ut11-metadata-excerpt):
 * - an attribute becomes one property in declaration order; a reference `X` is `X_Key`
 *   (`Edm.Guid`) plus a navigation `X`; a composite `X` is `X` (`Edm.String`) here and `X_Type`
 *   collected into a tail that goes after every other property (tabular sections included);
 * - enums are `Edm.String`; numbers with a scale are `Edm.Double`, integers `Edm.Int16/32/64` by
 *   digits (≤4, ≤9, more);
 * - a navigation exists only when its target is an entity type of the same schema (the excerpt
 *   omits the ones whose target is not in it, and an Association must name an existing type);
 * - an entity type is `OpenType="true"` exactly when it has a `…_Type` property (all 20 types of
 *   the excerpt follow this).
 */
import type { Attribute, AttrType } from './types';
import type { ComplexTypeDef, EdmPrimitive, EntitySetDef, FunctionDef, NavigationDef, PropertyDef, PropertyRole } from './schema-types';

export const NS = 'StandardODATA';

export function edmNumber(digits: number, scale: number): EdmPrimitive {
	if (scale > 0) return 'Edm.Double';
	if (digits <= 4) return 'Edm.Int16';
	if (digits <= 9) return 'Edm.Int32';
	return 'Edm.Int64';
}

/** The Edm type of a primitive (non-reference, non-composite) attribute type. */
export function edmOf(t: AttrType): EdmPrimitive {
	switch (t.kind) {
		case 'string':
		case 'enum':
		case 'composite':
			return 'Edm.String';
		case 'number':
			return edmNumber(t.digits, t.scale);
		case 'boolean':
			return 'Edm.Boolean';
		case 'date':
			return 'Edm.DateTime';
		case 'uuid':
		case 'ref':
			return 'Edm.Guid';
		case 'valueStorage':
			return 'Edm.Binary';
	}
}

/** Properties being assembled: body in order, `_Type` tail, navigations. */
export class Shape {
	readonly props: PropertyDef[] = [];
	readonly tail: PropertyDef[] = [];
	readonly navs: NavigationDef[] = [];

	constructor(
		/** entity/complex type name: the Association prefix `<Type>_<Nav>` */
		readonly owner: string,
		/** entity sets a navigation may point at (reference objects of the configuration) */
		readonly targets: ReadonlySet<string>,
	) {}

	/** A standard (English) property. */
	std(name: string, type = 'Edm.String', nullable = true, maxLength?: number): this {
		this.props.push(withLength({ name, type, nullable, role: { kind: 'standard' } }, maxLength));
		return this;
	}

	/** A standard property that goes to the tail (`Recorder_Type`, `Owner_Type`, `Ref_Type`). */
	stdTail(name: string, nullable = true): this {
		this.tail.push({ name, type: 'Edm.String', nullable, role: { kind: 'standard' } });
		return this;
	}

	/** A derived value property (virtual-table resources such as `СуммаBalance`). */
	value(name: string, type: AttrType, nullable = true): this {
		this.props.push({ name, type: edmOf(type), nullable, role: { kind: 'value', attribute: { name, type } } });
		return this;
	}

	/** A navigation property over an existing `<name>_Key`. */
	nav(name: string, target: string): this {
		if (this.targets.has(target)) this.navs.push({ name, target, keyProperty: `${name}_Key`, association: `${this.owner}_${name}` });
		return this;
	}

	/** An attribute of the model, with its `_Key`/`_Type`/navigation companions. */
	attr(a: Attribute, nullable = true): this {
		const t = a.type;
		if (t.kind === 'ref') {
			this.props.push({ name: `${a.name}_Key`, type: 'Edm.Guid', nullable, role: { kind: 'refKey', attribute: a, target: t.target } });
			return this.nav(a.name, t.target);
		}
		if (t.kind === 'composite') {
			this.props.push({ name: a.name, type: 'Edm.String', nullable, role: { kind: 'compositeValue', attribute: a } });
			this.tail.push({ name: `${a.name}_Type`, type: 'Edm.String', nullable, role: { kind: 'compositeType', attribute: a } });
			return this;
		}
		if (t.kind === 'valueStorage') {
			// DOC §17.4.3: `<Name>_Base64Data` + `<Name>_Type` (MIME type) + a navigation to the stream;
			// the stream is not an entity type, so no NavigationProperty is declared for it here.
			this.props.push({ name: `${a.name}_Base64Data`, type: 'Edm.Binary', nullable, role: { kind: 'value', attribute: a } });
			this.tail.push({ name: `${a.name}_Type`, type: 'Edm.String', nullable, role: { kind: 'value', attribute: a } });
			return this;
		}
		const role: PropertyRole = { kind: 'value', attribute: a };
		this.props.push(withLength({ name: a.name, type: edmOf(t), nullable, role }, t.kind === 'string' ? t.length : undefined));
		return this;
	}

	attrs(list: Attribute[], nullable = true): this {
		for (const a of list) this.attr(a, nullable);
		return this;
	}

	/** A nested tabular section: `Collection(StandardODATA.<Owner>_<TS>_RowType)`. */
	tabular(section: { name: string; attributes: Attribute[] }, rowType: string): this {
		this.props.push({ name: section.name, type: `Collection(${NS}.${rowType})`, nullable: true, role: { kind: 'tabular', section, rowType } });
		return this;
	}

	/** `RecordSet` of a register record set. */
	recordSet(rowType: string): this {
		this.props.push({ name: 'RecordSet', type: `Collection(${NS}.${rowType})`, nullable: false, role: { kind: 'recordSet', rowType } });
		return this;
	}

	/** Names of the properties an attribute produces (for keys): `X_Key`, or `X` (+ `X_Type` last). */
	static keyNames(a: Attribute): { head: string[]; tail: string[] } {
		if (a.type.kind === 'ref') return { head: [`${a.name}_Key`], tail: [] };
		if (a.type.kind === 'composite') return { head: [a.name], tail: [`${a.name}_Type`] };
		return { head: [a.name], tail: [] };
	}

	properties(): PropertyDef[] {
		return [...this.props, ...this.tail];
	}

	complex(withNavigations = false): ComplexTypeDef {
		return { name: this.owner, properties: this.properties(), navigations: withNavigations ? [...this.navs] : [] };
	}
}

function withLength(p: PropertyDef, maxLength: number | undefined): PropertyDef {
	if (maxLength && maxLength > 0) p.maxLength = maxLength;
	return p;
}

export function isOpenType(props: PropertyDef[]): boolean {
	return props.some((p) => p.name.endsWith('_Type'));
}

/** The recorder properties of a register record: `Recorder_Key` (one recorder type) or `Recorder` + `Recorder_Type`. */
export function recorder(sh: Shape, recorders: string[], nullable: boolean): string[] {
	if (recorders.length === 1) {
		sh.std('Recorder_Key', 'Edm.Guid', nullable);
		return ['Recorder_Key'];
	}
	sh.std('Recorder', 'Edm.String', nullable).stdTail('Recorder_Type', nullable);
	return ['Recorder', 'Recorder_Type'];
}

/** Period columns of `Turnovers` / `BalanceAndTurnovers` results. */
export const PERIODS = ['Period', 'SecondPeriod', 'MinutePeriod', 'HourPeriod', 'DayPeriod', 'WeekPeriod', 'TenDaysPeriod', 'MonthPeriod', 'QuarterPeriod', 'HalfYearPeriod', 'YearPeriod'];

/** What the builders fill. */
export interface BuildContext {
	targets: ReadonlySet<string>;
	sets: Map<string, EntitySetDef>;
	complexTypes: Map<string, ComplexTypeDef>;
	functions: FunctionDef[];
}

export function addSet(ctx: BuildContext, set: Omit<EntitySetDef, 'openType'>): EntitySetDef {
	if (ctx.sets.has(set.name)) throw new Error(`duplicate entity set ${set.name}`);
	const full: EntitySetDef = { ...set, openType: isOpenType(set.properties) };
	ctx.sets.set(set.name, full);
	return full;
}

export function addComplex(ctx: BuildContext, type: ComplexTypeDef): void {
	if (ctx.complexTypes.has(type.name)) throw new Error(`duplicate complex type ${type.name}`);
	ctx.complexTypes.set(type.name, type);
}

const str = (name: string) => ({ name, type: 'Edm.String' });
const dt = (name: string) => ({ name, type: 'Edm.DateTime' });

/** Parameters of the bound functions, in the platform's (alphabetical) order (UTX, DR). */
export const PARAMS = {
	slice: [str('Condition'), dt('Period')],
	balance: [str('Condition'), str('Dimensions'), dt('Period')],
	turnovers: [str('Condition'), str('Dimensions'), dt('EndPeriod'), dt('StartPeriod')],
	post: [{ name: 'PostingModeOperational', type: 'Edm.Boolean' }],
	accountingBalance: [str('AccountCondition'), str('Condition'), str('Dimensions'), str('ExtraDimensions'), dt('Period')],
	accountingTurnovers: [
		str('AccountCondition'),
		str('BalancedAccountCondition'),
		str('BalancedExtraDimensions'),
		str('Condition'),
		str('Dimensions'),
		dt('EndPeriod'),
		str('ExtraDimensions'),
		dt('StartPeriod'),
	],
	recordsWithExtDimensions: [str('Condition'), dt('EndPeriod'), str('Order'), dt('StartPeriod'), { name: 'Top', type: 'Edm.Int64' }],
};

export function fn(ctx: BuildContext, name: string, bindingType: string, params: Array<{ name: string; type: string }>, returnType?: string): void {
	ctx.functions.push({ name, bindingType, params, returnType: returnType && `Collection(${NS}.${returnType})`, sideEffecting: !returnType });
}

/**
 * Building seed rows through the schema: every field is looked up among the entity set's
 * properties (a `strict` write of a field the configuration does not have throws; `opt` writes
 * are skipped), values are coerced to the storage form the way writes are (`coerce`: GUIDs
 * lower-case, dates checked, strings truncated), references go to `X_Key` or to `X` + `X_Type`
 * as the attribute is declared, enum values are checked against the enum.
 */
import { coerce, emptyValue, type Base } from '../base';
import { EMPTY_REF, type Row } from '../format/values';
import type { EntitySetDef, PropertyDef } from '../model/schema-types';

function blank(props: PropertyDef[]): Row {
	const row: Row = {};
	for (const p of props) row[p.name] = emptyValue(p);
	for (const p of props) if (p.role.kind === 'value' && p.role.attribute.default !== undefined) row[p.name] = p.role.attribute.default;
	return row;
}

export class RowBuilder {
	readonly row: Row;
	private readonly props: Map<string, PropertyDef>;

	constructor(
		readonly base: Base,
		/** entity set or complex type name (for messages) */
		readonly name: string,
		properties: PropertyDef[],
	) {
		this.props = new Map(properties.map((p) => [p.name, p]));
		this.row = blank(properties);
		if ('PredefinedDataName' in this.row) this.row.PredefinedDataName = '';
	}

	has(name: string): boolean {
		return this.props.has(name);
	}

	/** The first of `names` this set declares (as a property, `X_Key` or composite `X`). */
	first(...names: string[]): string | undefined {
		return names.find((n) => this.props.has(n) || this.props.has(`${n}_Key`));
	}

	private prop(name: string): PropertyDef {
		const p = this.props.get(name);
		if (!p) throw new Error(`seed: ${this.name} has no property ${name}`);
		return p;
	}

	set(name: string, value: unknown): this {
		this.row[name] = coerce(this.prop(name), value);
		return this;
	}

	opt(name: string | undefined, value: unknown): this {
		if (name !== undefined && this.props.has(name)) this.set(name, value);
		return this;
	}

	/**
	 * A reference attribute: `X_Key`, or composite `X` + `X_Type` (`target` = the entity set of
	 * `value`; needed for composites with several types). An empty value writes the empty reference.
	 */
	ref(attr: string, value: string | undefined, target?: string): this {
		const key = this.props.get(`${attr}_Key`);
		if (key && key.role.kind === 'refKey') {
			if (target && key.role.target !== target) throw new Error(`seed: ${this.name}.${attr} refers to ${key.role.target}, not ${target}`);
			this.row[key.name] = value ? coerce(key, value) : EMPTY_REF;
			return this;
		}
		const p = this.prop(attr);
		if (p.role.kind !== 'compositeValue' && !(p.role.kind === 'standard' && this.props.has(`${attr}_Type`))) throw new Error(`seed: ${this.name}.${attr} is not a reference`);
		if (!value) {
			this.row[attr] = '';
			this.row[`${attr}_Type`] = 'StandardODATA.Undefined';
			return this;
		}
		const types = p.role.kind === 'compositeValue' && p.role.attribute.type.kind === 'composite' ? p.role.attribute.type.types : [];
		const t = target ?? (types.length === 1 ? types[0] : undefined);
		if (!t) throw new Error(`seed: ${this.name}.${attr} needs the target type`);
		if (p.role.kind === 'compositeValue' && !types.includes(t)) throw new Error(`seed: ${this.name}.${attr} cannot hold ${t}`);
		this.row[attr] = coerce(p, value);
		this.row[`${attr}_Type`] = `StandardODATA.${t}`;
		return this;
	}

	/** `ref` when the attribute exists (as `X_Key` or `X`), and — for composites — can hold `target`. */
	optRef(attr: string | undefined, value: string | undefined, target?: string): this {
		if (attr === undefined) return this;
		const key = this.props.get(`${attr}_Key`);
		if (key) return key.role.kind === 'refKey' && (!target || key.role.target === target) ? this.ref(attr, value, target) : this;
		const p = this.props.get(attr);
		if (!p || p.role.kind !== 'compositeValue' || p.role.attribute.type.kind !== 'composite') return this;
		return !target || p.role.attribute.type.types.includes(target) ? this.ref(attr, value, target) : this;
	}

	/** An enum attribute (value checked against the enum; a string attribute takes it as is). */
	enm(attr: string, value: string): this {
		const p = this.prop(attr);
		const t = p.role.kind === 'value' ? p.role.attribute.type : undefined;
		if (t?.kind === 'enum') {
			const values = this.base.schema.enums.get(t.enum);
			if (!values?.includes(value)) throw new Error(`seed: ${value} is not a value of ${t.enum}`);
		}
		return this.set(attr, value);
	}

	/** Whether the attribute exists and takes `value` (any value for a string attribute). */
	accepts(attr: string, value: string): boolean {
		const p = this.props.get(attr);
		if (!p || p.role.kind !== 'value') return false;
		const t = p.role.attribute.type;
		if (t.kind === 'enum') return this.base.schema.enums.get(t.enum)?.includes(value) ?? false;
		return t.kind === 'string';
	}

	isEnum(attr: string): boolean {
		const p = this.props.get(attr);
		return p?.role.kind === 'value' && p.role.attribute.type.kind === 'enum';
	}

	/** The first of `values` the attribute accepts (if it exists). */
	enmFirst(attr: string | undefined, values: string[]): this {
		const v = attr === undefined ? undefined : values.find((x) => this.accepts(attr, x));
		return attr !== undefined && v !== undefined ? this.set(attr, v) : this;
	}

	/** `enm` when the attribute exists and the value is one of its enum. */
	optEnm(attr: string | undefined, value: string): this {
		if (attr === undefined || !this.props.has(attr)) return this;
		const p = this.props.get(attr)!;
		const t = p.role.kind === 'value' ? p.role.attribute.type : undefined;
		if (t?.kind === 'enum' && !this.base.schema.enums.get(t.enum)?.includes(value)) return this;
		return this.enm(attr, value);
	}

	/** An enum value in a composite attribute (`X_Type` = `StandardODATA.<Enum>` or `UnavailableEnums.<Enum>` when unpublished). */
	compEnum(attr: string, enumName: string, value: string): this {
		const p = this.prop(attr);
		const t = p.role.kind === 'compositeValue' ? p.role.attribute.type : undefined;
		if (t?.kind !== 'composite' || !t.types.includes(`Enum:${enumName}`)) throw new Error(`seed: ${this.name}.${attr} cannot hold ${enumName}`);
		const def = this.base.schema.config.enums.find((e) => e.name === enumName);
		if (!def?.values.includes(value)) throw new Error(`seed: ${value} is not a value of ${enumName}`);
		this.row[attr] = value;
		this.row[`${attr}_Type`] = `${def.unpublished ? 'UnavailableEnums' : 'StandardODATA'}.${enumName}`;
		return this;
	}

	/** The owner of a subordinate catalog: `Owner_Key`, or `Owner` + `Owner_Type`. */
	owner(target: string, value: string): this {
		if (this.props.has('Owner_Key')) return this.set('Owner_Key', value);
		this.set('Owner', value);
		this.row.Owner_Type = `StandardODATA.${target}`;
		return this;
	}

	/** A tabular section: rows built by `fill`, `Ref_Key` (set at insert) and `LineNumber` 1..n. */
	table<T>(section: string, items: T[], fill: (b: RowBuilder, item: T, i: number) => void): this {
		const p = this.prop(section);
		if (p.role.kind !== 'tabular') throw new Error(`seed: ${this.name}.${section} is not a tabular section`);
		const type = this.base.schema.complexTypes.get(p.role.rowType);
		if (!type) throw new Error(`seed: no row type ${p.role.rowType}`);
		this.row[section] = items.map((item, i) => {
			const b = new RowBuilder(this.base, type.name, type.properties);
			fill(b, item, i);
			b.row.LineNumber = i + 1;
			return b.row;
		});
		return this;
	}

	hasTable(section: string): boolean {
		return this.props.get(section)?.role.kind === 'tabular';
	}
}

/** A row of a reference object (catalog/document): `Ref_Key` first, then `fill`, then insert. */
export function insertObject(base: Base, setName: string, ref: string, fill: (b: RowBuilder) => void): Row {
	const set = entitySet(base, setName);
	const b = new RowBuilder(base, setName, set.properties);
	b.set('Ref_Key', ref);
	fill(b);
	for (const p of set.properties) if (p.role.kind === 'tabular') for (const r of b.row[p.name] as Row[]) r.Ref_Key = b.row.Ref_Key;
	return base.insert(setName, b.row);
}

/** A record of an independent information register. */
export function insertRecord(base: Base, setName: string, fill: (b: RowBuilder) => void): Row {
	const set = entitySet(base, setName);
	const b = new RowBuilder(base, setName, set.properties);
	fill(b);
	base.registerRecords(setName).push(b.row);
	return b.row;
}

export function entitySet(base: Base, name: string): EntitySetDef {
	const set = base.set(name);
	if (!set) throw new Error(`seed: no entity set ${name} in ${base.id}`);
	return set;
}

/** Next `Code` of a set when it has one. */
export function code(b: RowBuilder, set: EntitySetDef): void {
	if (b.has('Code')) b.set('Code', b.base.nextCode(set));
}

/** The entity set an attribute of `setName` refers to (`X_Key`), if any. */
export function targetOf(base: Base, setName: string, attr: string): string | undefined {
	const p = base.set(setName)?.properties.find((x) => x.name === `${attr}_Key`);
	return p?.role.kind === 'refKey' ? p.role.target : undefined;
}

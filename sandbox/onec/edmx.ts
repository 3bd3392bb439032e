/**
 * `$metadata`: the EDMX (CSDL v3) document of a schema, in the layout of the real УТ 11 sample
 * (fixtures/1c/ut11-metadata-excerpt): `edmx:Edmx Version="1.0"`, `DataServiceVersion` 3.0, one
 * `Schema Namespace="StandardODATA"` holding every EntityType, then ComplexTypes, EnumTypes
 * (`UnderlyingType="Edm.Int32"`), Associations (`<Type>_<Nav>`, roles `Begin` `*` / `End` `0..1`)
 * and the container `EnterpriseV8` with EntitySets (same name as their type) and bound
 * FunctionImports (`bindingParameter` first, no `EntitySet` attribute). No AssociationSet, no
 * MaxLength facets; `StandardODATA.TypeDescription` (and `PointInTime`) referenced, not declared.
 */
import { escapeXml } from './errors';
import { NS } from './model/schema-props';
import type { ComplexTypeDef, EntitySetDef, FunctionDef, NavigationDef, PropertyDef, Schema } from './model/schema-types';

const NS_EDMX = 'http://schemas.microsoft.com/ado/2007/06/edmx';
const NS_M = 'http://schemas.microsoft.com/ado/2007/08/dataservices/metadata';
const NS_EDM = 'http://schemas.microsoft.com/ado/2009/11/edm';

const x = (s: string): string => escapeXml(s);

function property(p: PropertyDef, pad: string): string {
	return `${pad}<Property Name="${x(p.name)}" Type="${x(p.type)}" Nullable="${p.nullable ? 'true' : 'false'}"/>\n`;
}

function navigation(n: NavigationDef, pad: string): string {
	return `${pad}<NavigationProperty Name="${x(n.name)}" Relationship="${NS}.${x(n.association)}" FromRole="Begin" ToRole="End"/>\n`;
}

function entityType(s: EntitySetDef): string {
	const open = s.openType ? ' OpenType="true"' : '';
	let out = `      <EntityType Name="${x(s.name)}"${open}>\n        <Key>\n`;
	for (const k of s.keys) out += `          <PropertyRef Name="${x(k)}"/>\n`;
	out += '        </Key>\n';
	for (const p of s.properties) out += property(p, '        ');
	for (const n of s.navigations) out += navigation(n, '        ');
	return out + '      </EntityType>\n';
}

function complexType(c: ComplexTypeDef): string {
	let out = `      <ComplexType Name="${x(c.name)}">\n`;
	for (const p of c.properties) out += property(p, '        ');
	return out + '      </ComplexType>\n';
}

function enumType(name: string, values: string[]): string {
	if (!values.length) return `      <EnumType Name="${x(name)}" UnderlyingType="Edm.Int32"/>\n`;
	let out = `      <EnumType Name="${x(name)}" UnderlyingType="Edm.Int32">\n`;
	for (const v of values) out += `        <Member Name="${x(v)}"/>\n`;
	return out + '      </EnumType>\n';
}

function association(owner: string, n: NavigationDef): string {
	return (
		`      <Association Name="${x(n.association)}">\n` +
		`        <End Role="Begin" Type="${NS}.${x(owner)}" Multiplicity="*"/>\n` +
		`        <End Role="End" Type="${NS}.${x(n.target)}" Multiplicity="0..1"/>\n` +
		'      </Association>\n'
	);
}

function functionImport(f: FunctionDef): string {
	const ret = f.returnType ? ` ReturnType="${x(f.returnType)}"` : '';
	let out = `        <FunctionImport Name="${x(f.name)}" IsBindable="true" IsSideEffecting="${f.sideEffecting ? 'true' : 'false'}"${ret}>\n`;
	out += `          <Parameter Name="bindingParameter" Type="${NS}.${x(f.bindingType)}"/>\n`;
	for (const p of f.params) out += `          <Parameter Name="${x(p.name)}" Type="${x(p.type)}"/>\n`;
	return out + '        </FunctionImport>\n';
}

export function writeEdmx(schema: Schema): string {
	const sets = [...schema.entitySets.values()];
	const unpublished = new Set(schema.config.enums.filter((e) => e.unpublished).map((e) => e.name));
	let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
	out += `<edmx:Edmx xmlns:edmx="${NS_EDMX}" Version="1.0">\n`;
	out += `  <edmx:DataServices xmlns:m="${NS_M}" m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0">\n`;
	out += `    <Schema xmlns="${NS_EDM}" Namespace="${NS}">\n`;
	for (const s of sets) out += entityType(s);
	for (const c of schema.complexTypes.values()) out += complexType(c);
	for (const [name, values] of schema.enums) if (!unpublished.has(name)) out += enumType(name, values);
	for (const s of sets) for (const n of s.navigations) out += association(s.name, n);
	out += '      <EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">\n';
	for (const s of sets) out += `        <EntitySet Name="${x(s.name)}" EntityType="${NS}.${x(s.name)}"/>\n`;
	for (const f of schema.functions) out += functionImport(f);
	out += '      </EntityContainer>\n';
	out += '    </Schema>\n';
	out += '  </edmx:DataServices>\n';
	return out + '</edmx:Edmx>\n';
}

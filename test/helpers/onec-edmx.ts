/**
 * EDMX (`$metadata`) reading and comparison helpers shared by the 1C tests: the unit test of the
 * generated `$metadata` (test/unit/onec-edmx.test.ts) and the contract suite that fetches it over
 * HTTP (test/contract/onec.contract.test.ts).
 */
import { parseStringPromise } from 'xml2js';

export type X = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Prop {
	name: string;
	type: string;
	nullable: string;
}
export interface TypeInfo {
	open: boolean;
	keys: string[];
	props: Prop[];
	navs: Array<{ name: string; rel: string }>;
}
export interface Edmx {
	root: X;
	ds: X;
	schema: X;
	container: X;
	entityTypes: Map<string, TypeInfo>;
	complexTypes: Map<string, TypeInfo>;
	enums: Map<string, string[]>;
	associations: Map<string, { begin: X; end: X }>;
	sets: Array<{ name: string; type: string }>;
	functions: Array<{ attrs: X; params: Array<{ name: string; type: string }> }>;
}

const props = (t: X): Prop[] => (t.Property ?? []).map((p: X) => ({ name: p.$.Name, type: p.$.Type, nullable: p.$.Nullable }));
const typeInfo = (t: X): TypeInfo => ({
	open: t.$.OpenType === 'true',
	keys: (t.Key?.[0].PropertyRef ?? []).map((k: X) => k.$.Name),
	props: props(t),
	navs: (t.NavigationProperty ?? []).map((n: X) => ({ name: n.$.Name, rel: n.$.Relationship })),
});

export async function parseEdmx(xml: string): Promise<Edmx> {
	const doc = await parseStringPromise(xml);
	const root = doc['edmx:Edmx'];
	const ds = root['edmx:DataServices'][0];
	const schema = ds.Schema[0];
	// the DR excerpt keeps its FunctionImports directly in <Schema> (no container)
	const container = schema.EntityContainer?.[0] ?? { $: {} };
	const functions = (schema.EntityContainer ? container : schema).FunctionImport ?? [];
	return {
		root: root.$,
		ds: ds.$,
		schema: schema.$,
		container: container.$,
		entityTypes: new Map((schema.EntityType ?? []).map((t: X) => [t.$.Name, typeInfo(t)])),
		complexTypes: new Map((schema.ComplexType ?? []).map((t: X) => [t.$.Name, typeInfo(t)])),
		enums: new Map((schema.EnumType ?? []).map((e: X) => [e.$.Name, (e.Member ?? []).map((m: X) => m.$.Name)])),
		associations: new Map((schema.Association ?? []).map((a: X) => [a.$.Name, { begin: a.End[0].$, end: a.End[1].$ }])),
		sets: (container.EntitySet ?? []).map((s: X) => ({ name: s.$.Name, type: s.$.EntityType })),
		functions: functions.map((f: X) => ({ attrs: f.$, params: (f.Parameter ?? []).map((p: X) => ({ name: p.$.Name, type: p.$.Type })) })),
	};
}

export const NOT_DECLARED = new Set(['StandardODATA.TypeDescription', 'StandardODATA.PointInTime']);
export const strip = (t: string) => t.replace(/^Collection\((.*)\)$/, '$1');

/** Same-named type: ours is a subset of theirs (optional), in the same relative order, same Edm type and Nullable. */
export function expectCompatible(name: string, ours: TypeInfo, theirs: TypeInfo, o: { subset: boolean; open: boolean; superset?: boolean; ignore?: string[] }): void {
	const their = new Map(theirs.props.map((p, i) => [p.name, { ...p, i }]));
	const common = ours.props.filter((p) => their.has(p.name));
	if (o.subset) expect({ name, extra: ours.props.filter((p) => !their.has(p.name)).map((p) => p.name) }).toEqual({ name, extra: [] });
	if (o.superset) {
		const mine = new Set(ours.props.map((p) => p.name));
		expect({ name, missing: theirs.props.filter((p) => !mine.has(p.name) && !o.ignore?.includes(p.name)).map((p) => p.name) }).toEqual({ name, missing: [] });
	}
	expect({ name, props: common }).toEqual({ name, props: common.map((p) => ({ name: p.name, type: their.get(p.name)!.type, nullable: their.get(p.name)!.nullable })) });
	const order = common.map((p) => their.get(p.name)!.i);
	expect({ name, order }).toEqual({ name, order: [...order].sort((a, b) => a - b) });
	if (theirs.keys.length) expect({ name, keys: ours.keys }).toEqual({ name, keys: theirs.keys });
	if (o.open) expect({ name, open: ours.open }).toEqual({ name, open: theirs.open });
}

/** Navigations whose target type exists in both documents are the same on both sides. */
export function expectSameNavigations(name: string, ours: TypeInfo, theirs: TypeInfo, mine: Edmx, ref: Edmx): void {
	const target = (e: Edmx, rel: string) => e.associations.get(rel.replace('StandardODATA.', ''))?.end.Type.replace('StandardODATA.', '');
	const shared = (e: Edmx, navs: TypeInfo['navs']) => navs.filter((n) => {
		const t = target(e, n.rel);
		return t !== undefined && mine.entityTypes.has(t) && ref.entityTypes.has(t);
	});
	expect({ name, navs: shared(mine, ours.navs) }).toEqual({ name, navs: shared(ref, theirs.navs) });
}

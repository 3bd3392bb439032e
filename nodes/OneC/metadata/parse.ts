/**
 * `parseMetadata(xml)`: the 1C OData `$metadata` (EDMX, CSDL v3) reduced to a `CompactMetadata`.
 * xml2js runs once; the tree is only read through local variables and dropped when this returns,
 * so a 15 MB document leaves a model of a few MB behind (bench/onec-metadata.ts).
 *
 * Tabular sets are found structurally — key `Ref_Key` + `LineNumber` and an owner set with a
 * `Collection(<NS>.<Set>_RowType)` property — never by splitting names on `_` (1C names may hold
 * `_`: `InformationRegister_пр_ОчередьДействий`). `_RecordType` sets are `<X>_RecordType` where the
 * set `<X>` exists. The object kind is the prefix up to the first `_` only when it is a known kind.
 */
import { parseStringPromise, processors } from 'xml2js';
import {
	OBJECT_KINDS,
	type CompactField,
	type CompactFunction,
	type CompactMetadata,
	type CompactSet,
	type ObjectKind,
} from './types';

type Attrs = Record<string, string>;
interface XNode {
	$?: Attrs;
	[child: string]: unknown;
}

const kids = (n: XNode | undefined, name: string): XNode[] => {
	const v = n?.[name];
	return Array.isArray(v) ? (v as XNode[]) : [];
};
const attr = (n: XNode, name: string): string => n.$?.[name] ?? '';

interface RawProp {
	name: string;
	type: string;
	nullable: boolean;
}
interface RawType {
	keys: string[];
	props: RawProp[];
	/** navigation name → association name (without namespace). */
	navs: Map<string, string>;
	navRole: Map<string, string>;
}

const KIND_SET = new Set<string>(OBJECT_KINDS);
const COLLECTION = /^Collection\((.+)\)$/;

function objectKindOf(setName: string): ObjectKind | undefined {
	const i = setName.indexOf('_');
	const prefix = i < 0 ? setName : setName.slice(0, i);
	return KIND_SET.has(prefix) ? (prefix as ObjectKind) : undefined;
}

function stripNs(qualified: string, ns: string): string {
	return qualified.startsWith(`${ns}.`) ? qualified.slice(ns.length + 1) : qualified;
}

function readProps(n: XNode): RawProp[] {
	return kids(n, 'Property').map((p) => ({ name: attr(p, 'Name'), type: attr(p, 'Type'), nullable: attr(p, 'Nullable') !== 'false' }));
}

/** Roles of a property list; `refTarget(nav)` resolves a navigation to its target set. */
function fields(
	props: RawProp[],
	refTarget: (nav: string) => string | undefined,
	enums: Record<string, string[]>,
	rowFields: (type: string) => { fields: CompactField[]; set?: string } | undefined,
): CompactField[] {
	const names = new Set(props.map((p) => p.name));
	return props.map((p): CompactField => {
		const f: CompactField = { name: p.name, type: p.type, nullable: p.nullable, role: 'plain' };
		const coll = COLLECTION.exec(p.type);
		if (coll) {
			const row = rowFields(coll[1]);
			if (row) {
				f.role = 'tabular';
				f.rowFields = row.fields;
				if (row.set) f.target = row.set;
			}
			return f;
		}
		if (p.name.endsWith('_Key')) {
			const nav = p.name.slice(0, -4);
			const target = refTarget(nav);
			if (target !== undefined) {
				f.role = 'refKey';
				f.navigation = nav;
				f.target = target;
				return f;
			}
		}
		if (p.name.endsWith('_Type') && names.has(p.name.slice(0, -5))) {
			f.role = 'compositeType';
			return f;
		}
		if (names.has(`${p.name}_Type`)) {
			f.role = 'composite';
			f.typeField = `${p.name}_Type`;
			return f;
		}
		if (p.type === 'Edm.String' && enums[p.name] !== undefined) {
			f.role = 'enumish';
			f.enumType = p.name;
		} else if (p.type === 'Edm.String' && p.name === 'RecordType') {
			f.role = 'enumish';
		}
		return f;
	});
}

export async function parseMetadata(xml: string): Promise<CompactMetadata> {
	const root = (await parseStringPromise(xml, {
		tagNameProcessors: [processors.stripPrefix],
		explicitRoot: false,
		explicitArray: true,
	})) as XNode;
	const schemas = kids(kids(root, 'DataServices')[0], 'Schema');
	if (!schemas.length) throw new Error('Not an EDMX document: no edmx:DataServices/Schema');

	const entityTypes = new Map<string, RawType>();
	const complexTypes = new Map<string, RawProp[]>();
	const assocTargets = new Map<string, Map<string, string>>();
	const enums: Record<string, string[]> = {};
	const setOfType = new Map<string, string>();
	const containerSets: string[] = [];
	const functionNodes: XNode[] = [];
	let ns = '';

	for (const schema of schemas) {
		const sns = attr(schema, 'Namespace');
		if (!ns) ns = sns;
		const q = (name: string) => `${sns}.${name}`;
		for (const et of kids(schema, 'EntityType')) {
			const navs = new Map<string, string>();
			const navRole = new Map<string, string>();
			for (const n of kids(et, 'NavigationProperty')) {
				navs.set(attr(n, 'Name'), attr(n, 'Relationship'));
				navRole.set(attr(n, 'Name'), attr(n, 'ToRole'));
			}
			const keys = kids(kids(et, 'Key')[0], 'PropertyRef').map((r) => attr(r, 'Name'));
			entityTypes.set(q(attr(et, 'Name')), { keys, props: readProps(et), navs, navRole });
		}
		for (const ct of kids(schema, 'ComplexType')) complexTypes.set(q(attr(ct, 'Name')), readProps(ct));
		for (const en of kids(schema, 'EnumType')) enums[attr(en, 'Name')] = kids(en, 'Member').map((m) => attr(m, 'Name'));
		for (const a of kids(schema, 'Association')) {
			const roles = new Map<string, string>();
			for (const end of kids(a, 'End')) roles.set(attr(end, 'Role'), attr(end, 'Type'));
			assocTargets.set(q(attr(a, 'Name')), roles);
		}
		for (const c of kids(schema, 'EntityContainer')) {
			for (const s of kids(c, 'EntitySet')) {
				setOfType.set(attr(s, 'EntityType'), attr(s, 'Name'));
				containerSets.push(`${attr(s, 'Name')}\u0000${attr(s, 'EntityType')}`);
			}
			functionNodes.push(...kids(c, 'FunctionImport'));
		}
	}

	// Row types → row entity set: the set whose type is `<RowType minus _RowType>` keyed Ref_Key+LineNumber.
	const rowSetOf = new Map<string, string>();
	const tabularOwner = new Map<string, string>();
	const rowFieldsCache = new Map<string, CompactField[]>();
	const noRef = () => undefined;
	const rowFields = (type: string) => {
		const props = complexTypes.get(type);
		if (!props || !type.endsWith('_RowType')) return undefined;
		let f = rowFieldsCache.get(type);
		if (!f) {
			f = fields(props, noRef, enums, () => undefined);
			rowFieldsCache.set(type, f);
		}
		return { fields: f, set: rowSetOf.get(type) };
	};
	for (const entry of containerSets) {
		const [name, type] = entry.split('\u0000');
		const et = entityTypes.get(type);
		if (!et) continue;
		for (const p of et.props) {
			const m = COLLECTION.exec(p.type);
			if (!m || !m[1].endsWith('_RowType')) continue;
			const rowSet = setOfType.get(m[1].slice(0, -'_RowType'.length));
			const rowType = rowSet ? entityTypes.get(m[1].slice(0, -'_RowType'.length)) : undefined;
			if (rowSet && rowType && rowType.keys.length === 2 && rowType.keys[0] === 'Ref_Key' && rowType.keys[1] === 'LineNumber') {
				rowSetOf.set(m[1], rowSet);
				tabularOwner.set(rowSet, name);
			}
		}
	}

	const functionsOf = new Map<string, CompactFunction[]>();
	for (const f of functionNodes) {
		const params = kids(f, 'Parameter');
		const binding = params.find((p) => attr(p, 'Name') === 'bindingParameter');
		if (!binding) continue;
		const set = setOfType.get(attr(binding, 'Type'));
		if (!set) continue;
		const fn: CompactFunction = {
			name: attr(f, 'Name'),
			sideEffecting: attr(f, 'IsSideEffecting') === 'true',
			params: params.filter((p) => p !== binding).map((p) => ({ name: attr(p, 'Name'), type: attr(p, 'Type') })),
		};
		const ret = attr(f, 'ReturnType');
		if (ret) fn.returnType = stripNs(ret.replace(COLLECTION, '$1'), ns);
		const list = functionsOf.get(set) ?? [];
		list.push(fn);
		functionsOf.set(set, list);
	}

	const setNames = new Set(containerSets.map((e) => e.split('\u0000')[0]));
	const sets: CompactSet[] = [];
	for (const entry of containerSets) {
		const [name, type] = entry.split('\u0000');
		const et = entityTypes.get(type);
		if (!et) continue;
		const refTarget = (nav: string): string | undefined => {
			const assoc = et.navs.get(nav);
			const roles = assoc ? assocTargets.get(assoc) : undefined;
			const targetType = roles?.get(et.navRole.get(nav) ?? '');
			return targetType ? setOfType.get(targetType) ?? stripNs(targetType, ns) : undefined;
		};
		const objectKind = objectKindOf(name);
		const set: CompactSet = { name, kind: objectKind ?? 'Other', keys: et.keys, fields: fields(et.props, refTarget, enums, rowFields), functions: functionsOf.get(name) ?? [] };
		if (objectKind) set.objectKind = objectKind;
		const owner = tabularOwner.get(name);
		if (owner) {
			set.kind = 'Tabular';
			set.owner = owner;
		} else if (name.endsWith('_RecordType') && setNames.has(name.slice(0, -'_RecordType'.length))) {
			set.kind = 'RecordType';
			set.owner = name.slice(0, -'_RecordType'.length);
		}
		sets.push(set);
	}
	return { namespace: ns, sets, enums };
}

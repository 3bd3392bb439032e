/**
 * Compiles `$filter`, `$orderby` and virtual-table `Condition` expressions against an entity set
 * of the schema into closures over stored rows.
 *
 * Rows are in the sandbox storage form (= the JSON form of the object): `Ref_Key`/`X_Key` GUID
 * strings (empty ref `00000000-…`), composite `X` + `X_Type`, enums as names, dates as
 * `YYYY-MM-DDTHH:mm:ss` (empty `0001-01-01T00:00:00`), numbers (Int64 too) as JS numbers,
 * tabular sections as arrays of row objects.
 *
 * Semantics (DOC §17.4.5.2, research §2.4, §3.6):
 * - unknown property / navigation segment (case-sensitive) → 400 code 6 (`E.badUrl`);
 * - `Контрагент/ИНН` reads through the navigation `Контрагент` (schema `navigations`); an empty or
 *   dangling reference navigates to an empty object whose fields are empty values;
 * - a composite field compared with a bare `guid'…'` never matches (`ne` always does) — compare
 *   with `cast(guid'…','Document_X')`; `isof(X,'Document_X')` tests `X_Type`; `cast(X,'T')/Поле`
 *   navigates when X holds a T;
 * - `eq`/`ne` between values of unrelated types are false/true; ordering comparisons, arithmetic,
 *   `not`/`and`/`or` and functions on unsuitable types → 500 (`E.internal`), as in 1C where the
 *   expression becomes a query-language text;
 * - `add` also concatenates two strings (the 1C query `+`); `div` by zero → 500;
 * - in lambda bodies unqualified names resolve against the outer entity.
 */
import { E } from '../errors';
import type { EntitySetDef } from '../model/schema-types';
import { compileCall, unsuitable } from './functions';
import { parseExpression, parseOrderBy, type BinaryOp, type Node } from './parser';
import { findMember, scopeOf, type Compiled, type Ctx, type Env, type Scope } from './scope';
import {
	EMPTY_GUID,
	FALSE,
	NULL,
	T,
	TRUE,
	bool,
	compareValues,
	num,
	orderCompare,
	str,
	toPlain,
	truthy,
	typeLabel,
	type SType,
	type Value,
} from './values';

export type Row = Record<string, unknown>;

/** What the evaluator needs from the base: the schema's sets and the stored objects (for navigation). */
export interface Resolver {
	entitySet(name: string): EntitySetDef | undefined;
	/** the stored object of `entitySet` with this `Ref_Key` (lower-case GUID), if any */
	get(entitySet: string, ref: string): Row | undefined;
	/** optional: a complex type (tabular-section / record-set RowType) of the schema */
	complexType?(name: string): Pick<Scope, 'name' | 'properties' | 'navigations'> | undefined;
}

const EMPTY_ROW: Row = Object.freeze({}) as Row;
const NO_VARS: Record<string, Row> = Object.freeze({}) as Record<string, Row>;

type LiteralNode = Extract<Node, { type: 'literal' }>;

function compileLiteral(node: LiteralNode): Compiled {
	const l = node.literal;
	let value: Value;
	let type: SType;
	switch (l.kind) {
		case 'null':
			[value, type] = [NULL, T.null];
			break;
		case 'boolean':
			[value, type] = [bool(l.value), T.boolean];
			break;
		case 'number':
			[value, type] = [num(l.value), T.number];
			break;
		case 'string':
			[value, type] = [str(l.value), T.string];
			break;
		case 'datetime':
			[value, type] = [{ k: 'date', v: l.value }, T.date];
			break;
		default:
			[value, type] = [{ k: l.kind, v: l.value }, T[l.kind]];
	}
	return { type, run: () => value };
}

/** The entity a member is read from: its scope and how to get its row. */
function compileHolder(base: Node | null, ctx: Ctx, name: string): { scope: Scope; row: (env: Env) => Row } {
	if (base === null) return { scope: ctx.root, row: (env) => env.row };
	if (base.type === 'member' && base.base === null) {
		const v = ctx.vars.get(base.name);
		if (v) return { scope: v, row: (env) => env.vars[base.name] ?? EMPTY_ROW };
	}
	const b = compileNode(base, ctx);
	if (b.type.k !== 'ref') throw E.badUrl(name);
	const set = b.type.set;
	const def = ctx.resolver.entitySet(set);
	if (!def) throw E.badUrl(set);
	const resolver = ctx.resolver;
	return {
		scope: scopeOf(def),
		row: (env) => {
			const v = b.run(env);
			const id = v.k === 'ref' || v.k === 'guid' ? v.v : EMPTY_GUID;
			return id === EMPTY_GUID ? EMPTY_ROW : (resolver.get(set, id) ?? EMPTY_ROW);
		},
	};
}

function compileMember(node: Extract<Node, { type: 'member' }>, ctx: Ctx): Compiled {
	if (node.base === null && ctx.vars.has(node.name)) {
		throw E.internal(`Произошла внутренняя ошибка OData сервиса. Переменная ${node.name} не является значением`);
	}
	const holder = compileHolder(node.base, ctx, node.name);
	const m = findMember(holder.scope, node.name, ctx.resolver);
	if (!m) throw E.badUrl(node.name);
	return { type: m.type, run: (env) => m.read(holder.row(env)) };
}

function compileLambda(node: Extract<Node, { type: 'lambda' }>, ctx: Ctx): Compiled {
	const source = compileNode(node.source, ctx);
	if (source.type.k !== 'collection') throw E.unimplementedFunction(node.op);
	const rows = (env: Env): Row[] => {
		const v = source.run(env);
		return v.k === 'rows' ? v.v : [];
	};
	if (node.body === null || node.variable === null) return { type: T.boolean, run: (env) => bool(rows(env).length > 0) };
	const variable = node.variable;
	const vars = new Map(ctx.vars);
	vars.set(variable, source.type.scope);
	const body = compileNode(node.body, { ...ctx, vars });
	requireBoolean(body, node.op);
	const all = node.op === 'all';
	return {
		type: T.boolean,
		run: (env) => {
			for (const r of rows(env)) {
				const ok = truthy(body.run({ row: env.row, vars: { ...env.vars, [variable]: r } }));
				if (ok !== all) return bool(ok);
			}
			return bool(all);
		},
	};
}

function requireBoolean(c: Compiled, what: string): void {
	if (c.type.k !== 'boolean' && c.type.k !== 'composite' && c.type.k !== 'null') throw unsuitable(what, c.type);
}

const ORDERING = new Set<BinaryOp>(['gt', 'ge', 'lt', 'le']);

/** Static check of a comparison: 'ok', 'never' (a constant result) or a thrown 500. */
function comparability(op: BinaryOp, a: SType, b: SType): 'ok' | 'never' {
	if (a.k === 'collection' || b.k === 'collection') throw unsuitable(op, a.k === 'collection' ? a : b);
	// DOC: a composite field compared with a bare GUID always gives an empty result
	if ((a.k === 'composite' && b.k === 'guid') || (a.k === 'guid' && b.k === 'composite')) return 'never';
	if (a.k === 'null' || b.k === 'null' || a.k === 'composite' || b.k === 'composite') return 'ok';
	const refish = (t: SType) => t.k === 'ref' || t.k === 'guid';
	if (a.k === b.k || (refish(a) && refish(b))) return 'ok';
	if (ORDERING.has(op)) throw unsuitable(op, b);
	return 'never';
}

function compileComparison(op: BinaryOp, l: Compiled, r: Compiled): Compiled {
	if (comparability(op, l.type, r.type) === 'never') {
		const constant = op === 'ne' ? TRUE : FALSE;
		return { type: T.boolean, run: () => constant };
	}
	const test: (c: number | undefined) => boolean =
		op === 'eq'
			? (c) => c === 0
			: op === 'ne'
				? (c) => c !== 0
				: op === 'gt'
					? (c) => c !== undefined && c > 0
					: op === 'ge'
						? (c) => c !== undefined && c >= 0
						: op === 'lt'
							? (c) => c !== undefined && c < 0
							: (c) => c !== undefined && c <= 0;
	return { type: T.boolean, run: (env) => bool(test(compareValues(l.run(env), r.run(env)))) };
}

function compileArithmetic(op: BinaryOp, l: Compiled, r: Compiled): Compiled {
	const ok = (t: SType) => t.k === 'number' || t.k === 'composite' || t.k === 'null';
	const isText = (t: SType) => t.k === 'string' || t.k === 'composite' || t.k === 'null';
	if (op === 'add' && (l.type.k === 'string' || r.type.k === 'string') && isText(l.type) && isText(r.type)) {
		return { type: T.string, run: (env) => str(text(l.run(env)) + text(r.run(env))) };
	}
	if (!ok(l.type)) throw unsuitable(op, l.type);
	if (!ok(r.type)) throw unsuitable(op, r.type);
	return {
		type: T.number,
		run: (env) => {
			const a = l.run(env);
			const b = r.run(env);
			const x = a.k === 'number' ? a.v : 0;
			const y = b.k === 'number' ? b.v : 0;
			switch (op) {
				case 'add':
					return num(x + y);
				case 'sub':
					return num(x - y);
				case 'mul':
					return num(x * y);
				default:
					if (y === 0) throw E.internal('Произошла внутренняя ошибка OData сервиса. Деление на 0');
					return num(x / y);
			}
		},
	};
}

const text = (v: Value): string => (v.k === 'string' ? v.v : '');

function compileBinary(node: Extract<Node, { type: 'binary' }>, ctx: Ctx): Compiled {
	const l = compileNode(node.left, ctx);
	const r = compileNode(node.right, ctx);
	switch (node.op) {
		case 'and':
		case 'or': {
			requireBoolean(l, node.op);
			requireBoolean(r, node.op);
			const isAnd = node.op === 'and';
			return {
				type: T.boolean,
				run: (env) => (truthy(l.run(env)) === isAnd ? bool(truthy(r.run(env))) : bool(!isAnd)),
			};
		}
		case 'add':
		case 'sub':
		case 'mul':
		case 'div':
			return compileArithmetic(node.op, l, r);
		default:
			return compileComparison(node.op, l, r);
	}
}

/** Compiles an AST node in a context (exported for reuse by other query features). */
export function compileNode(node: Node, ctx: Ctx): Compiled {
	switch (node.type) {
		case 'literal':
			return compileLiteral(node);
		case 'member':
			return compileMember(node, ctx);
		case 'call':
			return compileCall(node, ctx, compileNode);
		case 'lambda':
			return compileLambda(node, ctx);
		case 'binary':
			return compileBinary(node, ctx);
		case 'unary': {
			const c = compileNode(node.operand, ctx);
			if (node.op === 'not') {
				requireBoolean(c, 'not');
				return { type: T.boolean, run: (env) => bool(!truthy(c.run(env))) };
			}
			if (c.type.k !== 'number' && c.type.k !== 'composite' && c.type.k !== 'null') throw unsuitable('-', c.type);
			return {
				type: T.number,
				run: (env) => {
					const v = c.run(env);
					return num(v.k === 'number' ? -v.v : 0);
				},
			};
		}
	}
}

function context(set: EntitySetDef, resolver: Resolver, option: string): Ctx {
	return { resolver, root: scopeOf(set), vars: new Map(), option };
}

const envOf = (row: Row): Env => ({ row, vars: NO_VARS });

export interface CompiledExpression {
	/** static type: `String`, `Number`, `Boolean`, `Date`, `Guid`, `Binary`, `Null`, `Composite`, an entity-set name for references, `Collection(…)` */
	type: string;
	/** the value for a row as plain data: strings, numbers, booleans, dates as strings, references as GUID strings, null */
	evaluate(row: Row): unknown;
}

/** Compiles any expression (value or boolean) of the `$filter` language. */
export function compileExpression(text: string, set: EntitySetDef, resolver: Resolver, option = '$filter'): CompiledExpression {
	const c = compileNode(parseExpression(text, option), context(set, resolver, option));
	return { type: typeLabel(c.type), evaluate: (row) => toPlain(c.run(envOf(row))) };
}

/**
 * `$filter` (or a virtual-table `Condition`, pass its name as `option` for the error text).
 * Errors are thrown at compile time: 400/14 syntax, 400/6 unknown property, 400/21 unsupported
 * function, 500 type mismatch; `div` by zero throws 500 from the predicate.
 */
export function compileFilter(text: string, set: EntitySetDef, resolver: Resolver, option = '$filter'): (row: Row) => boolean {
	const c = compileNode(parseExpression(text, option), context(set, resolver, option));
	requireBoolean(c, option);
	return (row) => truthy(c.run(envOf(row)));
}

/**
 * `$orderby`: `expr [asc|desc]` items; returns a comparator for a stable sort (ties → 0).
 * Empty values sort first ascending; values of different kinds (composite fields) by kind.
 */
export function compileOrderBy(text: string, set: EntitySetDef, resolver: Resolver): (a: Row, b: Row) => number {
	const ctx = context(set, resolver, '$orderby');
	const keys = parseOrderBy(text).map((item) => {
		const c = compileNode(item.expr, ctx);
		if (c.type.k === 'collection') throw unsuitable('$orderby', c.type);
		return { c, dir: item.desc ? -1 : 1 };
	});
	return (a, b) => {
		const ea = envOf(a);
		const eb = envOf(b);
		for (const { c, dir } of keys) {
			const r = orderCompare(c.run(ea), c.run(eb));
			if (r !== 0) return r * dir;
		}
		return 0;
	};
}

/**
 * The built-in functions of the expression language (DOC §17.4.5.2).
 *
 * Error policy:
 * - wrong number of arguments, a non-literal or unknown unit / type name → 400 code 21
 *   (DOC §17.4.10: «unimplemented function / wrong arity / wrong argument type»);
 * - a function applied to a value of an unsuitable type (`year(Description)`) → 500 (live P7:
 *   the query reaches the 1C query engine and fails there), raised when the expression is
 *   compiled, i.e. even for an empty set.
 *
 * `substring(s, i[, n])` is 1-based like the 1C ПОДСТРОКА it maps to: the DOC example
 * `substring(ИНН, 1, 2) eq '77'` selects Moscow INNs. A start below 1 counts as 1 (so the
 * OData-0-based habit `substring(ИНН, 0, 4)` still yields the first four characters).
 */
import { E, ODataError } from '../errors';
import { DATEADD_UNITS, DATEDIFF_UNITS, EMPTY_DATE, dateAdd, dateDiff, dayOfWeek, dayOfYear, parts, quarter } from './dates';
import { FUNCTION_ARITY, type Node } from './parser';
import type { Compiled, Ctx, Env } from './scope';
import { FALSE, T, TRUE, bool, castValue, isOf, num, parseTypeName, str, typeLabel, type SType, type TypeTarget, type Value } from './values';

type CallNode = Extract<Node, { type: 'call' }>;
export type CompileFn = (node: Node, ctx: Ctx) => Compiled;

export function unsuitable(what: string, t: SType): ODataError {
	return E.internal(`Произошла внутренняя ошибка OData сервиса. Операция ${what} не применима к значению типа ${typeLabel(t)}`);
}

function wrongArgument(fn: string, detail: string): ODataError {
	return new ODataError(400, '21', `Неверный аргумент функции ${fn}: ${detail}`);
}

const text = (v: Value): string => (v.k === 'string' ? v.v : '');
const number = (v: Value): number => (v.k === 'number' ? v.v : 0);
const date = (v: Value): string => (v.k === 'date' ? v.v : EMPTY_DATE);

/** 1C ПОДОБНО template → anchored, case-insensitive RegExp (`%`, `_`, `[…]`, `[^…]`). */
export function likeRegExp(template: string): RegExp {
	let re = '';
	for (let i = 0; i < template.length; i++) {
		const c = template[i];
		if (c === '%') re += '[\\s\\S]*';
		else if (c === '_') re += '[\\s\\S]';
		else if (c === '[') {
			const end = template.indexOf(']', i + 2);
			if (end < 0) throw E.internal('Произошла внутренняя ошибка OData сервиса. Неверный шаблон функции like');
			let body = template.slice(i + 1, end);
			const negate = body.startsWith('^') && body.length > 1;
			if (negate) body = body.slice(1);
			re += `[${negate ? '^' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
			i = end;
		} else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
	}
	return new RegExp(`^${re}$`, 'iu');
}

function literalString(node: Node, fn: string): string {
	if (node.type === 'literal' && node.literal.kind === 'string') return node.literal.value;
	throw wrongArgument(fn, 'ожидается строковый литерал');
}

export function compileCall(node: CallNode, ctx: Ctx, compile: CompileFn): Compiled {
	const fn = node.name;
	const [min, max] = FUNCTION_ARITY[fn];
	if (node.args.length < min || node.args.length > max) {
		throw new ODataError(400, '21', `Неверное количество параметров функции ${fn}`);
	}
	/** Compiles argument i and checks its static type (composite / null pass, checked at run time). */
	const arg = (i: number, ...kinds: SType['k'][]): Compiled => {
		const c = compile(node.args[i], ctx);
		if (kinds.length && !kinds.includes(c.type.k) && c.type.k !== 'composite' && c.type.k !== 'null') throw unsuitable(fn, c.type);
		return c;
	};
	const make = (type: SType, run: (env: Env) => Value): Compiled => ({ type, run });

	switch (fn) {
		case 'concat': {
			const [a, b] = [arg(0, 'string'), arg(1, 'string')];
			return make(T.string, (env) => str(text(a.run(env)) + text(b.run(env))));
		}
		case 'startswith':
		case 'endswith':
		case 'substringof': {
			const [a, b] = [arg(0, 'string'), arg(1, 'string')];
			return make(T.boolean, (env) => {
				const x = text(a.run(env)).toLowerCase();
				const y = text(b.run(env)).toLowerCase();
				return bool(fn === 'startswith' ? x.startsWith(y) : fn === 'endswith' ? x.endsWith(y) : y.includes(x));
			});
		}
		case 'substring': {
			const s = arg(0, 'string');
			const start = arg(1, 'number');
			const len = node.args.length > 2 ? arg(2, 'number') : undefined;
			return make(T.string, (env) => {
				const v = text(s.run(env));
				const from = Math.max(Math.trunc(number(start.run(env))), 1) - 1;
				if (!len) return str(v.slice(from));
				const n = Math.trunc(number(len.run(env)));
				return str(n > 0 ? v.slice(from, from + n) : '');
			});
		}
		case 'like': {
			const s = arg(0, 'string');
			const tplNode = node.args[1];
			if (tplNode.type === 'literal' && tplNode.literal.kind === 'string') {
				const re = likeRegExp(tplNode.literal.value);
				return make(T.boolean, (env) => bool(re.test(text(s.run(env)))));
			}
			const tpl = arg(1, 'string');
			return make(T.boolean, (env) => bool(likeRegExp(text(tpl.run(env))).test(text(s.run(env)))));
		}
		case 'year':
		case 'month':
		case 'day':
		case 'hour':
		case 'minute':
		case 'second':
		case 'dayofweek':
		case 'dayofyear':
		case 'quarter': {
			const d = arg(0, 'date');
			const part: (s: string) => number =
				fn === 'dayofweek' ? dayOfWeek : fn === 'dayofyear' ? dayOfYear : fn === 'quarter' ? quarter : (s) => parts(s)[PART[fn]];
			return make(T.number, (env) => num(part(date(d.run(env)))));
		}
		case 'dateadd': {
			const d = arg(0, 'date');
			const unit = literalString(node.args[1], fn);
			if (!DATEADD_UNITS.has(unit)) throw wrongArgument(fn, `неизвестная единица '${unit}'`);
			const n = arg(2, 'number');
			return make(T.date, (env) => ({ k: 'date', v: dateAdd(date(d.run(env)), unit, number(n.run(env))) }));
		}
		case 'datedifference': {
			const [a, b] = [arg(0, 'date'), arg(1, 'date')];
			const unit = literalString(node.args[2], fn);
			if (!DATEDIFF_UNITS.has(unit)) throw wrongArgument(fn, `неизвестная единица '${unit}'`);
			return make(T.number, (env) => num(dateDiff(date(a.run(env)), date(b.run(env)), unit)));
		}
		case 'round': {
			const a = arg(0, 'number');
			return make(T.number, (env) => {
				const v = number(a.run(env));
				return num(Math.sign(v) * Math.round(Math.abs(v)));
			});
		}
		case 'cast': {
			const a = compile(node.args[0], ctx);
			if (a.type.k === 'collection') throw unsuitable(fn, a.type);
			const t = typeArg(node.args[1], fn, ctx);
			if (t.k === 'undefined') throw wrongArgument(fn, 'недопустимый тип');
			return make(t, (env) => castValue(a.run(env), t));
		}
		case 'isof': {
			if (node.args.length === 1) {
				const t = typeArg(node.args[0], fn, ctx);
				const own = t.k === 'ref' && t.set === ctx.root.name;
				return make(T.boolean, () => (own ? TRUE : FALSE));
			}
			const a = compile(node.args[0], ctx);
			if (a.type.k === 'collection') throw unsuitable(fn, a.type);
			const t = typeArg(node.args[1], fn, ctx);
			return make(T.boolean, (env) => bool(isOf(a.run(env), t)));
		}
		default:
			throw E.unimplementedFunction(fn);
	}
}

const PART: Record<string, 'y' | 'mo' | 'd' | 'h' | 'mi' | 's'> = { year: 'y', month: 'mo', day: 'd', hour: 'h', minute: 'mi', second: 's' };

function typeArg(node: Node, fn: string, ctx: Ctx): TypeTarget {
	const name = literalString(node, fn);
	const t = parseTypeName(name, (set) => ctx.resolver.entitySet(set) !== undefined);
	if (!t) throw wrongArgument(fn, `неизвестный тип '${name}'`);
	return t;
}

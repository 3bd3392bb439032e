/**
 * Recursive-descent parser of the 1C OData expression language (DOC §17.4.5.2, §17.4.6.3).
 *
 * Precedence, high → low (DOC table; operators the OData v3 grammar groups share a level and
 * associate left, as the DOC says «операции с одинаковым приоритетом вычисляются слева направо»):
 *   `( )` · `/` (navigation, lambdas) · unary `-` · `not` · `mul div` · `add sub`
 *   · `gt ge lt le eq ne` · `and` · `or`
 * Operators and the literals `true false null` are lowercase only (OData spelling).
 *
 * Errors: syntax → 400 code 14 (`E.queryOptionParse(option)`), including the v4 `in` operator,
 * `mod`, `contains()` and any unknown function; an OData v3 function the DOC lists as
 * unsupported (`length`, `indexof`, `replace`, `tolower`, `toupper`, `trim`, `years`, `days`,
 * `hours`, `seconds`, `floor`, `ceiling`; also `lenght` as the DOC spells it and `minutes`)
 * → 400 code 21 (`E.unimplementedFunction`).
 */
import { E, ODataError } from '../errors';
import { QuerySyntaxError, tokenize, type Token } from './lexer';

export type BinaryOp = 'or' | 'and' | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'add' | 'sub' | 'mul' | 'div';

export type Literal =
	| { kind: 'string' | 'guid' | 'datetime' | 'binary'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'null' };

export type Node =
	| { type: 'literal'; literal: Literal }
	/** a property / navigation segment; `base` null = resolved against the current entity (or a lambda variable) */
	| { type: 'member'; base: Node | null; name: string }
	| { type: 'call'; name: string; args: Node[] }
	/** `source/any(var: body)`; `any()` has neither variable nor body */
	| { type: 'lambda'; source: Node; op: 'any' | 'all'; variable: string | null; body: Node | null }
	| { type: 'unary'; op: 'not' | 'neg'; operand: Node }
	| { type: 'binary'; op: BinaryOp; left: Node; right: Node };

export interface OrderItem {
	expr: Node;
	desc: boolean;
}

/** Supported functions: name → [min, max] arity (wrong arity is 400 code 21 at compile time). */
export const FUNCTION_ARITY: Readonly<Record<string, readonly [number, number]>> = {
	concat: [2, 2],
	endswith: [2, 2],
	startswith: [2, 2],
	substring: [2, 3],
	substringof: [2, 2],
	like: [2, 2],
	year: [1, 1],
	month: [1, 1],
	day: [1, 1],
	hour: [1, 1],
	minute: [1, 1],
	second: [1, 1],
	dayofweek: [1, 1],
	dayofyear: [1, 1],
	quarter: [1, 1],
	dateadd: [3, 3],
	datedifference: [3, 3],
	round: [1, 1],
	cast: [2, 2],
	isof: [1, 2],
};

/** OData v3 functions the platform recognises but does not implement (DOC) → 400 code 21. */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
	'length',
	'lenght',
	'indexof',
	'replace',
	'tolower',
	'toupper',
	'trim',
	'years',
	'days',
	'hours',
	'minutes',
	'seconds',
	'floor',
	'ceiling',
]);

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const RESERVED = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'add', 'sub', 'mul', 'div', 'mod', 'in', 'has']);

class Parser {
	private i = 0;

	constructor(private readonly tokens: Token[]) {}

	private peek(offset = 0): Token {
		return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
	}

	private next(): Token {
		const t = this.peek();
		if (t.t !== 'eof') this.i++;
		return t;
	}

	private fail(msg: string): never {
		throw new QuerySyntaxError(msg, this.peek().pos);
	}

	private isPunct(v: string, offset = 0): boolean {
		const t = this.peek(offset);
		return t.t === 'punct' && t.v === v;
	}

	private isWord(v: string): boolean {
		const t = this.peek();
		return t.t === 'ident' && t.v === v;
	}

	private expectPunct(v: string): void {
		if (!this.isPunct(v)) this.fail(`'${v}' expected`);
		this.i++;
	}

	atEnd(): boolean {
		return this.peek().t === 'eof';
	}

	expression(): Node {
		return this.or();
	}

	private or(): Node {
		let left = this.and();
		while (this.isWord('or')) {
			this.next();
			left = { type: 'binary', op: 'or', left, right: this.and() };
		}
		return left;
	}

	private and(): Node {
		let left = this.comparison();
		while (this.isWord('and')) {
			this.next();
			left = { type: 'binary', op: 'and', left, right: this.comparison() };
		}
		return left;
	}

	private comparison(): Node {
		let left = this.additive();
		for (;;) {
			const t = this.peek();
			if (t.t !== 'ident' || !COMPARISONS.has(t.v)) return left;
			this.next();
			left = { type: 'binary', op: t.v as BinaryOp, left, right: this.additive() };
		}
	}

	private additive(): Node {
		let left = this.multiplicative();
		for (;;) {
			const t = this.peek();
			if (t.t !== 'ident' || (t.v !== 'add' && t.v !== 'sub')) return left;
			this.next();
			left = { type: 'binary', op: t.v, left, right: this.multiplicative() };
		}
	}

	private multiplicative(): Node {
		let left = this.unary();
		for (;;) {
			const t = this.peek();
			if (t.t !== 'ident' || (t.v !== 'mul' && t.v !== 'div')) return left;
			this.next();
			left = { type: 'binary', op: t.v, left, right: this.unary() };
		}
	}

	private unary(): Node {
		if (this.isWord('not')) {
			this.next();
			return { type: 'unary', op: 'not', operand: this.unary() };
		}
		if (this.isPunct('-')) {
			this.next();
			const t = this.peek();
			if (t.t === 'number') {
				this.next();
				return this.postfix({ type: 'literal', literal: { kind: 'number', value: -t.v } });
			}
			return { type: 'unary', op: 'neg', operand: this.unary() };
		}
		return this.postfix(this.primary());
	}

	private postfix(node: Node): Node {
		while (this.isPunct('/')) {
			if (node.type !== 'member' && !(node.type === 'call' && node.name === 'cast')) this.fail("'/' after a non-path");
			this.next();
			const t = this.next();
			if (t.t !== 'ident' || RESERVED.has(t.v)) this.fail('path segment expected');
			const name = (t as { v: string }).v;
			if (!this.isPunct('(')) {
				node = { type: 'member', base: node, name };
				continue;
			}
			if (name !== 'any' && name !== 'all') throw E.unimplementedFunction(name);
			node = this.lambda(node, name);
		}
		return node;
	}

	private lambda(source: Node, op: 'any' | 'all'): Node {
		this.expectPunct('(');
		if (this.isPunct(')')) {
			if (op === 'all') this.fail('all() needs a predicate');
			this.next();
			return { type: 'lambda', source, op, variable: null, body: null };
		}
		const v = this.next();
		if (v.t !== 'ident' || RESERVED.has(v.v)) this.fail('lambda variable expected');
		this.expectPunct(':');
		const body = this.expression();
		this.expectPunct(')');
		return { type: 'lambda', source, op, variable: (v as { v: string }).v, body };
	}

	private primary(): Node {
		const t = this.next();
		switch (t.t) {
			case 'string':
			case 'guid':
			case 'datetime':
			case 'binary':
				return { type: 'literal', literal: { kind: t.t, value: t.v } };
			case 'number':
				return { type: 'literal', literal: { kind: 'number', value: t.v } };
			case 'punct': {
				if (t.v !== '(') return this.fail(`unexpected '${t.v}'`);
				const inner = this.expression();
				this.expectPunct(')');
				return inner;
			}
			case 'eof':
				return this.fail('unexpected end of expression');
			case 'ident':
				break;
		}
		const name = t.v;
		if (name === 'true' || name === 'false') return { type: 'literal', literal: { kind: 'boolean', value: name === 'true' } };
		if (name === 'null') return { type: 'literal', literal: { kind: 'null' } };
		if (RESERVED.has(name)) this.fail(`unexpected operator ${name}`);
		if (!this.isPunct('(')) return { type: 'member', base: null, name };
		if (UNSUPPORTED_FUNCTIONS.has(name)) throw E.unimplementedFunction(name);
		if (!Object.prototype.hasOwnProperty.call(FUNCTION_ARITY, name)) this.fail(`unknown function ${name}`);
		this.next();
		const args: Node[] = [];
		if (!this.isPunct(')')) {
			args.push(this.expression());
			while (this.isPunct(',')) {
				this.next();
				args.push(this.expression());
			}
		}
		this.expectPunct(')');
		return { type: 'call', name, args };
	}

	orderItems(): OrderItem[] {
		const items: OrderItem[] = [];
		for (;;) {
			const expr = this.expression();
			let desc = false;
			const t = this.peek();
			if (t.t === 'ident' && (t.v === 'asc' || t.v === 'desc')) {
				desc = t.v === 'desc';
				this.next();
			}
			items.push({ expr, desc });
			if (this.atEnd()) return items;
			this.expectPunct(',');
		}
	}
}

function guarded<T>(option: string, run: () => T): T {
	try {
		return run();
	} catch (e) {
		if (e instanceof ODataError) throw e;
		if (e instanceof QuerySyntaxError) throw E.queryOptionParse(option);
		throw e;
	}
}

/** Parses a boolean or value expression (`$filter`, `Condition`). Syntax errors → 400 code 14 naming `option`. */
export function parseExpression(text: string, option = '$filter'): Node {
	return guarded(option, () => {
		const p = new Parser(tokenize(text));
		if (p.atEnd()) throw new QuerySyntaxError('empty expression', 0);
		const node = p.expression();
		if (!p.atEnd()) throw new QuerySyntaxError('unexpected token', 0);
		return node;
	});
}

/** Parses `$orderby`: `expr [asc|desc] {, expr [asc|desc]}`. Syntax errors → 400 code 14 naming `$orderby`. */
export function parseOrderBy(text: string, option = '$orderby'): OrderItem[] {
	return guarded(option, () => {
		const p = new Parser(tokenize(text));
		if (p.atEnd()) throw new QuerySyntaxError('empty expression', 0);
		return p.orderItems();
	});
}

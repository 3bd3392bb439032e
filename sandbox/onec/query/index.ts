/**
 * The expression language of the 1C standard OData interface: `$filter`, `$orderby` and the
 * virtual-table `Condition` parameter (DOC §17.4.5.2, §17.4.6.3, §17.4.9).
 */
export { compileExpression, compileFilter, compileNode, compileOrderBy } from './evaluate';
export type { CompiledExpression, Resolver, Row } from './evaluate';
export { parseExpression, parseOrderBy, FUNCTION_ARITY, UNSUPPORTED_FUNCTIONS } from './parser';
export type { BinaryOp, Literal, Node, OrderItem } from './parser';
export { tokenize, QuerySyntaxError } from './lexer';
export type { Token } from './lexer';
export { likeRegExp } from './functions';

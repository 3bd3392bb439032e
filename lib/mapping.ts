/**
 * The correspondence-table engine: one implementation for every table the official module has —
 * stage/status mapping (deals per pipeline, smart invoices, old invoices, store orders,
 * shipments, smart processes; F43–F46) and the other tables (users F11, VAT rates F24,
 * counterparty kind ↔ requisite preset F16, client types F18, payment systems and delivery
 * services F41–F42, deal cancellation reasons). Pure: no HTTP, no n8n types.
 *
 * A table is a list of rows `Bitrix24 value ↔ 1C value`, each optionally scoped (a pipeline), with
 * a "do not load" flag (F45: objects in that Bitrix24 state are not loaded into 1C — reported as
 * skipped, never silently dropped), forced targets when the 1C document is paid / shipped / paid
 * and shipped (F46), and an optional explicit fallback per direction (F11: an unmapped user leaves
 * the 1C responsible empty). Anything else unmapped is an error naming the value and the scope.
 *
 * Lookup rules:
 * - Bitrix24 → 1C: the first row of that Bitrix24 value in the value's scope, else an unscoped row.
 *   "Do not load" wins over everything (the object is not loaded at all); then a forced 1C target
 *   for the facts; then the row's 1C value.
 * - 1C → Bitrix24: a forced Bitrix24 target for the facts first; else the first row (table order)
 *   in the scope, then unscoped, whose 1C value matches — several Bitrix24 stages may share one 1C
 *   state, so the table order says which one a 1C state becomes.
 * - Scopes: a row's scope is its `scope`, else the pipeline of its stage id; a deal stage without
 *   `C{n}:` belongs to pipeline 0. A value looks up the rows of its scope, then unscoped rows.
 * - Facts: paid and shipped → the `paidAndShipped` target if set, else `paid`, else `shipped`.
 */

export type Direction = 'toOneC' | 'toB24';
export type ForcedCondition = 'paid' | 'shipped' | 'paidAndShipped';

export interface MappingRow {
	/** Bitrix24 side (stage id `C3:WON`, status id, user id, VAT id, preset id, …) */
	b24: string;
	/** 1C side (enum value name, catalog Ref_Key, additional value Ref_Key, …) */
	onec: string;
	/** a pipeline id; empty = every scope */
	scope?: string;
	doNotLoad?: boolean;
	/** human names, kept for export/review only */
	b24Label?: string;
	onecLabel?: string;
}

export interface ForcedRow {
	condition: ForcedCondition;
	scope?: string;
	b24?: string;
	onec?: string;
}

export interface MappingTable {
	version: 1;
	/** what the table maps (`dealStage`, `user`, `vatRate`, …) — informative, checked on import */
	kind: string;
	rows: MappingRow[];
	forced?: ForcedRow[];
	/** used when a value has no row; absent = unmapped is an error ('' = map to empty on purpose) */
	fallbackToOneC?: string;
	fallbackToB24?: string;
}

export interface Facts {
	paid?: boolean;
	shipped?: boolean;
}

export type MapResult =
	| { status: 'mapped'; value: string; source: 'table' | 'forced' | 'fallback'; row?: MappingRow; forced?: ForcedCondition }
	| { status: 'skipped'; reason: string; row: MappingRow }
	| { status: 'unmapped'; reason: string };

export class MappingError extends Error {}

const norm = (s: unknown) => String(s ?? '').trim();

/**
 * The pipeline a Bitrix24 stage id belongs to: `C3:WON` → `3`, `DT31_2:P` → `2`, a deal stage of
 * the default pipeline (`NEW`, `WON`) → `0`; other ids (statuses without pipelines) → ''.
 */
export function scopeOfStage(stage: string): string {
	const s = norm(stage);
	let m = /^C(\d+):/.exec(s);
	if (m) return m[1];
	m = /^DT\d+_(\d+):/.exec(s);
	if (m) return m[1];
	return '';
}

function forcedCondition(f: Facts): ForcedCondition[] {
	if (f.paid && f.shipped) return ['paidAndShipped', 'paid', 'shipped'];
	if (f.paid) return ['paid'];
	if (f.shipped) return ['shipped'];
	return [];
}

/** Kinds whose Bitrix24 values are stages of pipelines (a deal stage without `C{n}:` is pipeline 0's). */
const PIPELINE_KINDS = new Set(['dealStage', 'smartInvoiceStage', 'spaStage']);

function defaultScope(table: MappingTable, b24Value: string): string {
	return scopeOfStage(b24Value) || (table.kind === 'dealStage' ? '0' : '');
}

function rowScope(table: MappingTable, r: { scope?: string; b24?: string }): string {
	return norm(r.scope) || (r.b24 && PIPELINE_KINDS.has(table.kind) ? defaultScope(table, r.b24) : '');
}

/** Rows of the scope first, then the unscoped ones. */
function inScope<T extends { scope?: string; b24?: string }>(table: MappingTable, rows: T[], scope: string): T[] {
	const scoped = scope ? rows.filter((r) => rowScope(table, r) === scope) : [];
	const global = rows.filter((r) => rowScope(table, r) === '');
	return [...scoped, ...global];
}

function findForced(table: MappingTable, scope: string, facts: Facts, side: 'b24' | 'onec'): { row: ForcedRow; value: string } | undefined {
	const candidates = inScope(table, (table.forced ?? []).map((f) => ({ ...f, b24: undefined, target: f })), scope).map((x) => x.target);
	for (const c of forcedCondition(facts)) {
		const row = candidates.find((r) => r.condition === c && norm(r[side]) !== '');
		if (row) return { row, value: norm(row[side]) };
	}
	return undefined;
}

const where = (scope: string) => (scope ? ` in pipeline ${scope}` : '');

/** Map one value in one direction; `scope` defaults to the pipeline encoded in a stage id. */
export function mapValue(table: MappingTable, direction: Direction, value: unknown, opts: { scope?: string; facts?: Facts } = {}): MapResult {
	const v = norm(value);
	const facts = opts.facts ?? {};
	if (direction === 'toOneC') {
		const scope = norm(opts.scope) || defaultScope(table, v);
		const row = inScope(table, table.rows, scope).find((r) => norm(r.b24) === v);
		if (row?.doNotLoad) return { status: 'skipped', reason: `Bitrix24 value "${v}"${where(scope)} is marked "do not load"`, row };
		const forced = findForced(table, scope, facts, 'onec');
		if (forced) return { status: 'mapped', value: forced.value, source: 'forced', forced: forced.row.condition, row };
		if (row) return { status: 'mapped', value: norm(row.onec), source: 'table', row };
		if (table.fallbackToOneC !== undefined) return { status: 'mapped', value: table.fallbackToOneC, source: 'fallback' };
		return { status: 'unmapped', reason: `Bitrix24 value "${v}"${where(scope)} has no row in the ${table.kind} table` };
	}
	const scope = norm(opts.scope) || (table.kind === 'dealStage' ? '0' : '');
	const forced = findForced(table, scope, facts, 'b24');
	if (forced) return { status: 'mapped', value: forced.value, source: 'forced', forced: forced.row.condition };
	const row = inScope(table, table.rows, scope).find((r) => norm(r.onec) === v);
	if (row) return { status: 'mapped', value: norm(row.b24), source: 'table', row };
	if (table.fallbackToB24 !== undefined) return { status: 'mapped', value: table.fallbackToB24, source: 'fallback' };
	return { status: 'unmapped', reason: `1C value "${v}"${where(scope)} has no row in the ${table.kind} table` };
}

const CONDITIONS: ForcedCondition[] = ['paid', 'shipped', 'paidAndShipped'];

/**
 * Check a table: shapes, and no pair twice. One Bitrix24 value may appear in several rows (several
 * 1C states → one stage, legal entity and state body → one requisite preset): Bitrix24 → 1C then
 * takes the first of them, as 1C → Bitrix24 takes the first row of a 1C value.
 */
export function validateTable(t: unknown): MappingTable {
	const o = t as Partial<MappingTable> | null;
	if (!o || typeof o !== 'object' || Array.isArray(o)) throw new MappingError('A mapping table must be a JSON object');
	if (o.version !== 1) throw new MappingError(`Unknown mapping table version ${JSON.stringify(o.version)} (expected 1)`);
	if (typeof o.kind !== 'string' || !o.kind) throw new MappingError('A mapping table needs a "kind"');
	if (!Array.isArray(o.rows)) throw new MappingError('A mapping table needs "rows": an array');
	const seen = new Map<string, number>();
	o.rows.forEach((r, i) => {
		if (!r || typeof r !== 'object') throw new MappingError(`Row ${i + 1}: must be an object`);
		if (!norm(r.b24)) throw new MappingError(`Row ${i + 1}: the Bitrix24 value is empty`);
		if (!r.doNotLoad && typeof r.onec !== 'string') throw new MappingError(`Row ${i + 1} ("${norm(r.b24)}"): the 1C value is missing`);
		const key = `${norm(r.scope) || scopeOfStage(r.b24)}\u0000${norm(r.b24)}\u0000${norm(r.onec)}`;
		if (seen.has(key)) throw new MappingError(`Rows ${seen.get(key)} and ${i + 1}: the pair "${norm(r.b24)}" ↔ "${norm(r.onec)}" is there twice${where(norm(r.scope))}`);
		seen.set(key, i + 1);
	});
	(o.forced ?? []).forEach((f, i) => {
		if (!CONDITIONS.includes(f?.condition)) throw new MappingError(`Forced row ${i + 1}: condition must be one of ${CONDITIONS.join(', ')}`);
		if (!norm(f.b24) && !norm(f.onec)) throw new MappingError(`Forced row ${i + 1}: set a Bitrix24 or a 1C target`);
	});
	return { version: 1, kind: o.kind, rows: o.rows.map((r) => ({ ...r, onec: norm(r.onec), b24: norm(r.b24) })), forced: o.forced ?? [], ...(o.fallbackToOneC !== undefined ? { fallbackToOneC: norm(o.fallbackToOneC) } : {}), ...(o.fallbackToB24 !== undefined ? { fallbackToB24: norm(o.fallbackToB24) } : {}) };
}

/** Export: stable, readable JSON (partners clone tables between workflows with it). */
export function tableToJson(t: MappingTable): string {
	return JSON.stringify(validateTable(t), null, 2);
}

/** Import: parse and validate; `expectKind` guards against pasting a user table into a stage mapping. */
export function tableFromJson(text: string, expectKind?: string): MappingTable {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (e) {
		throw new MappingError(`The mapping JSON is not valid JSON: ${(e as Error).message}`);
	}
	const t = validateTable(parsed);
	if (expectKind && t.kind !== expectKind) throw new MappingError(`The mapping JSON is a "${t.kind}" table; this node maps "${expectKind}"`);
	return t;
}

/**
 * Virtual tables of registers (DOC §17.4.9): `Balance`, `Turnovers`, `BalanceAndTurnovers` of
 * accumulation registers and `SliceLast`, `SliceFirst` of periodic information registers,
 * computed from the stored records (so posting really changes them). `Condition` is a `$filter`
 * expression over the register's records; `Dimensions` limits the grouping.
 */
import type { Base } from './base';
import { E } from './errors';
import { EMPTY_DATE, type Row } from './format/values';
import type { EntitySetDef } from './model/schema-types';
import type { AccumulationRegisterDef, Attribute, InformationRegisterDef } from './model/types';

export type ConditionCompiler = (condition: string, set: EntitySetDef) => (row: Row) => boolean;

export function dimensionProps(a: Attribute): string[] {
	if (a.type.kind === 'ref') return [`${a.name}_Key`];
	if (a.type.kind === 'composite') return [a.name, `${a.name}_Type`];
	return [a.name];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function recordsOf(base: Base, set: EntitySetDef, args: Record<string, string>, compile: ConditionCompiler): Row[] {
	const recordSet = base.set(`${set.name}_RecordType`) ?? set;
	let rows = base.registerRecords(set.name).filter((r) => r.Active !== false);
	if (args.Condition) {
		const match = compile(args.Condition, recordSet);
		rows = rows.filter(match);
	}
	return rows;
}

function groupKey(r: Row, props: string[]): string {
	return props.map((p) => String(r[p] ?? '')).join('|');
}

function dims(def: AccumulationRegisterDef | InformationRegisterDef, args: Record<string, string>): string[] {
	const wanted = args.Dimensions ? args.Dimensions.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
	for (const w of wanted ?? []) if (!def.dimensions.some((d) => d.name === w)) throw E.badUrl(w);
	return def.dimensions.filter((d) => !wanted || wanted.includes(d.name)).flatMap(dimensionProps);
}

const sign = (r: Row) => (r.RecordType === 'Expense' ? -1 : 1);
const period = (v: string | undefined, dflt: string) => (v ? v.replace(/^datetime'|'$/g, '') : dflt);

export function accumulation(base: Base, set: EntitySetDef, fn: string, args: Record<string, string>, compile: ConditionCompiler): { type: string; rows: Row[] } {
	const def = set.object as AccumulationRegisterDef;
	if (def.kind !== 'AccumulationRegister') throw E.methodNotFound();
	if (fn === 'Balance' && def.registerKind !== 'balance') throw E.methodNotFound();
	if (fn === 'BalanceAndTurnovers' && def.registerKind !== 'balance') throw E.methodNotFound();
	const props = dims(def, args);
	const records = recordsOf(base, set, args, compile);
	// a result row holds the resource columns first, then the grouped dimensions (DR Balance/Turnovers captures)
	const parts = fn === 'Balance' ? ['Balance'] : fn === 'Turnovers' ? (def.registerKind === 'balance' ? ['Turnover', 'Receipt', 'Expense'] : ['Turnover']) : ['OpeningBalance', 'Turnover', 'Receipt', 'Expense', 'ClosingBalance'];
	const columns = def.resources.flatMap((res) => parts.map((s) => `${res.name}${s}`));
	const groups = new Map<string, Row>();
	const at = (r: Row) => {
		const k = groupKey(r, props);
		let g = groups.get(k);
		if (!g) {
			g = { ...Object.fromEntries(columns.map((c) => [c, 0])), ...Object.fromEntries(props.map((p) => [p, r[p]])) };
			groups.set(k, g);
		}
		return g;
	};
	const add = (g: Row, name: string, v: number) => (g[name] = round(Number(g[name] ?? 0) + v));
	if (fn === 'Balance') {
		// 1C «Остатки(Период)»: the balance at the START of the moment — movements at that very second excluded
		const until = period(args.Period, '9999-12-31T23:59:59');
		for (const r of records) {
			if (args.Period ? String(r.Period) >= until : String(r.Period) > until) continue;
			const g = at(r);
			for (const res of def.resources) add(g, `${res.name}Balance`, sign(r) * Number(r[res.name] ?? 0));
		}
		return { type: `${set.name}_Balance`, rows: [...groups.values()].filter((g) => def.resources.some((res) => g[`${res.name}Balance`] !== 0)) };
	}
	const from = period(args.StartPeriod, EMPTY_DATE);
	const to = period(args.EndPeriod, '9999-12-31T23:59:59');
	if (fn === 'Turnovers') {
		for (const r of records) {
			if (String(r.Period) < from || String(r.Period) > to) continue;
			const g = at(r);
			for (const res of def.resources) {
				const v = Number(r[res.name] ?? 0);
				if (def.registerKind === 'balance') {
					add(g, `${res.name}Receipt`, r.RecordType === 'Expense' ? 0 : v);
					add(g, `${res.name}Expense`, r.RecordType === 'Expense' ? v : 0);
				}
				add(g, `${res.name}Turnover`, def.registerKind === 'balance' ? sign(r) * v : v);
			}
		}
		return { type: `${set.name}_Turnover`, rows: [...groups.values()] };
	}
	if (fn === 'BalanceAndTurnovers') {
		for (const r of records) {
			if (String(r.Period) > to) continue;
			const g = at(r);
			for (const res of def.resources) {
				const v = Number(r[res.name] ?? 0);
				const s = sign(r) * v;
				if (String(r.Period) < from) add(g, `${res.name}OpeningBalance`, s);
				else {
					add(g, `${res.name}Receipt`, r.RecordType === 'Expense' ? 0 : v);
					add(g, `${res.name}Expense`, r.RecordType === 'Expense' ? v : 0);
					add(g, `${res.name}Turnover`, s);
				}
				add(g, `${res.name}ClosingBalance`, s);
			}
		}
		return { type: `${set.name}_BalanceAndTurnover`, rows: [...groups.values()] };
	}
	throw E.methodNotFound();
}

export function slice(base: Base, set: EntitySetDef, fn: 'SliceLast' | 'SliceFirst', args: Record<string, string>, compile: ConditionCompiler): Row[] {
	const def = set.object as InformationRegisterDef;
	if (def.kind !== 'InformationRegister' || def.periodicity === 'none') throw E.methodNotFound();
	const at = period(args.Period, fn === 'SliceLast' ? '9999-12-31T23:59:59' : EMPTY_DATE);
	const props = def.dimensions.flatMap(dimensionProps);
	const best = new Map<string, Row>();
	for (const r of recordsOf(base, set, args, compile)) {
		const p = String(r.Period);
		if (fn === 'SliceLast' ? p > at : p < at) continue;
		const k = groupKey(r, props);
		const cur = best.get(k);
		if (!cur || (fn === 'SliceLast' ? p > String(cur.Period) : p < String(cur.Period))) best.set(k, r);
	}
	return [...best.values()];
}

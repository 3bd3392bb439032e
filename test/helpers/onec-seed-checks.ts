/**
 * Generic checks of a seeded 1C base (used by test/unit/onec-seed.test.ts): undeclared properties,
 * dangling references, movements by recorder.
 */
import type { Base } from '../../sandbox/onec/base';
import { EMPTY_REF, type Row } from '../../sandbox/onec/format/values';
import type { PropertyDef } from '../../sandbox/onec/model/schema-types';
import type { DocumentDef } from '../../sandbox/onec/model/types';
import { generateDataset } from '../../sandbox/seed';
import type { Dataset } from '../../sandbox/seed/types';
import { Base as BaseClass } from '../../sandbox/onec/base';
import { CONFIGURATIONS } from '../../sandbox/onec/config';
import { buildSchema } from '../../sandbox/onec/model/schema';
import { seedBase, type BaseSeedReport } from '../../sandbox/onec/seed';

export type BaseId = 'bp30' | 'unf' | 'ut11';
export const IDS: BaseId[] = ['bp30', 'unf', 'ut11'];

export interface Seeded {
	ds: Dataset;
	bases: Record<BaseId, { base: Base; report: BaseSeedReport }>;
}

export function seedAll(seed: number, companies: number): Seeded {
	const ds = generateDataset({ seed, companies });
	const bases = {} as Seeded['bases'];
	for (const id of IDS) {
		const base = new BaseClass(id, buildSchema(CONFIGURATIONS[id]));
		bases[id] = { base, report: seedBase(base, ds) };
	}
	return { ds, bases };
}

/** Every stored row of a base with the properties it may have: `[where, row, declared properties]`. */
export function* storedRows(base: Base): Generator<[string, Row, PropertyDef[]]> {
	for (const [name, table] of base.objects) {
		const set = base.set(name)!;
		for (const row of table.values()) {
			yield [`${name}(${String(row.Ref_Key)})`, row, set.properties];
			for (const p of set.properties) {
				if (p.role.kind !== 'tabular') continue;
				const type = base.schema.complexTypes.get(p.role.rowType)!;
				for (const r of (row[p.name] as Row[]) ?? []) yield [`${name}.${p.name}[${String(r.LineNumber)}]`, r, type.properties];
			}
		}
	}
	for (const [name, records] of base.records) {
		const set = base.set(`${name}_RecordType`) ?? base.set(name)!;
		for (const r of records) yield [`${name} record`, r, set.properties];
	}
}

/** Properties of a row its entity set / row type does not declare. */
export function undeclared(base: Base): string[] {
	const out: string[] = [];
	for (const [where, row, props] of storedRows(base)) {
		const names = new Set(props.map((p) => p.name));
		for (const k of Object.keys(row)) if (!names.has(k)) out.push(`${where}.${k}`);
	}
	return out;
}

/** Filled references that point at nothing: `X_Key` (attributes, Owner, Parent), composites `X` + `X_Type`, recorders. */
export function danglingRefs(base: Base): string[] {
	const out: string[] = [];
	const exists = (set: string, ref: unknown) => typeof ref === 'string' && base.get(set, ref) !== undefined;
	const check = (where: string, set: string | undefined, ref: unknown) => {
		if (ref === EMPTY_REF || ref === '' || ref === undefined) return;
		if (!set || !exists(set, ref)) out.push(`${where} → ${set ?? '?'}(${String(ref)})`);
	};
	for (const [where, row, props] of storedRows(base)) {
		for (const p of props) {
			const v = row[p.name];
			if (p.role.kind === 'refKey') check(`${where}.${p.name}`, p.role.target, v);
			else if (p.name === 'Owner_Key' || p.name === 'Parent_Key') {
				const setName = where.split(/[(.]/)[0];
				const nav = base.set(setName)?.navigations.find((n) => n.keyProperty === p.name);
				check(`${where}.${p.name}`, nav?.target, v);
			} else if (p.role.kind === 'compositeType' || p.name === 'Owner_Type' || p.name === 'Recorder_Type') {
				const valueName = p.name.replace(/_Type$/, '');
				const type = String(v);
				if (type.startsWith('StandardODATA.') && type !== 'StandardODATA.Undefined' && base.set(type.slice(14))?.kind === 'object') check(`${where}.${valueName}`, type.slice(14), row[valueName]);
			} else if (p.name === 'Recorder_Key') {
				const reg = where.split(' ')[0];
				const def = base.set(reg)?.object;
				const recorders = def && 'recorders' in def ? (def.recorders ?? []) : [];
				check(`${where}.Recorder_Key`, recorders[0], v);
			}
		}
	}
	return out;
}

/** Register records of a document (by `Recorder_Key` / `Recorder`) in the registers it may move. */
export function movementsOf(base: Base, docSet: string, ref: string): Row[] {
	const def = base.set(docSet)!.object as DocumentDef;
	return (def.registerRecords ?? []).flatMap((reg) => base.registerRecords(reg).filter((r) => (r.Recorder_Key ?? r.Recorder) === ref));
}

/** All records of a base whose recorder is `ref`, whatever the register. */
export function anyMovements(base: Base, ref: string): number {
	let n = 0;
	for (const records of base.records.values()) n += records.filter((r) => (r.Recorder_Key ?? r.Recorder) === ref).length;
	return n;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const num = (v: unknown): number => Number(v ?? 0);

/** A snapshot of a base's data for equality checks. */
export function snapshot(base: Base): string {
	const objects = [...base.objects.entries()].map(([k, v]) => [k, [...v.values()]]);
	return JSON.stringify({ objects, records: [...base.records.entries()] });
}

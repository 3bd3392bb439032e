/**
 * Helpers of the posting functions (`DocumentDef.post`) of the three configurations: checks of
 * required header fields with the platform's wording, reading composite references, sums, and
 * deterministic references of the catalog items a posting refers to but cannot create (УТ
 * analytics keys and settlement objects: the seed creates them under the same references).
 */
import { createHash } from 'node:crypto';
import type { Movements } from '../model/types';

export type Doc = Record<string, unknown>;

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
export const UNDEFINED_TYPE = 'StandardODATA.Undefined';

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export function filled(v: unknown): v is string {
	return typeof v === 'string' && v !== '' && v !== EMPTY_REF;
}

/** A reference field's value, or the empty reference. */
export function refOf(doc: Doc, name: string): string {
	const v = doc[`${name}_Key`];
	return filled(v) ? v : EMPTY_REF;
}

/** `Не заполнено поле "Контрагент"`: the 1C message of an empty required attribute. */
export function requireFields(doc: Doc, names: string[]): void {
	for (const n of names) {
		const key = doc[`${n}_Key`];
		const value = key !== undefined ? key : doc[n];
		const empty = value === undefined || value === null || value === '' || value === EMPTY_REF || value === 0;
		if (empty) throw new Error(`Не заполнено поле "${n}"`);
	}
}

/** A composite reference `X` + `X_Type` when it points at one of `sets` (entity-set names). */
export function compRef(row: Doc, name: string, sets: string[]): { ref: string; type: string } | undefined {
	const ref = row[name];
	const type = String(row[`${name}_Type`] ?? '');
	if (!filled(ref)) return undefined;
	return sets.some((s) => type === `StandardODATA.${s}`) ? { ref, type } : undefined;
}

/** Composite fields of a record: `{X: ref, X_Type}` or the empty composite. */
export function comp(name: string, ref: string | undefined, set: string | undefined): Doc {
	return ref && set ? { [name]: ref, [`${name}_Type`]: `StandardODATA.${set}` } : { [name]: '', [`${name}_Type`]: UNDEFINED_TYPE };
}

export function rows(doc: Doc, section: string): Doc[] {
	const v = doc[section];
	return Array.isArray(v) ? (v as Doc[]) : [];
}

export function num(v: unknown): number {
	const n = Number(v);
	return Number.isFinite(n) ? n : 0;
}

/** The document amount: `СуммаДокумента`, or the sum of a column over sections when it is 0. */
export function documentAmount(doc: Doc, sections: Array<[string, string]>): number {
	const header = num(doc.СуммаДокумента);
	if (header !== 0) return header;
	return round2(sections.reduce((s, [section, column]) => s + rows(doc, section).reduce((t, r) => t + num(r[column]), 0), 0));
}

/** A GUID derived from its parts (SHA-1), in 1C's lower-case form. */
export function derivedRef(...parts: string[]): string {
	const h = createHash('sha1').update(parts.join('|')).digest('hex');
	const variant = '89ab'[parseInt(h[16], 16) % 4];
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-11ef-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Drops empty record lists (a register the document does not move this time). */
export function movements(m: Movements): Movements {
	const out: Movements = {};
	for (const [k, v] of Object.entries(m)) if (v.length) out[k] = v;
	return out;
}

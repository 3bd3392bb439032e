/**
 * What a GET reads: rows of any entity set (reference objects, tabular-section sets derived from
 * their owners, register record sets grouped by recorder, `_RecordType` single records,
 * independent information registers), lookup by key, navigation, `$select`/`$expand` parsing,
 * `X____Presentation` values.
 */
import type { Base } from './base';
import { E } from './errors';
import { EMPTY_REF, isFilledRef, type Row } from './format/values';
import type { EntitySetDef } from './model/schema-types';
import type { KeyPart } from './url';

export function isRecorderSet(set: EntitySetDef): boolean {
	return set.kind === 'register' && (set.keys.includes('Recorder_Key') || set.keys.includes('Recorder'));
}

/** The register's record storage name: record sets and `_RecordType` share one store. */
export function registerName(set: EntitySetDef): string {
	return set.name.replace(/_RecordType$/, '');
}

export function rowsOf(base: Base, set: EntitySetDef): Row[] {
	switch (set.kind) {
		case 'object':
			return [...base.table(set.name).values()];
		case 'tabular': {
			const owner = set.owner!;
			const out: Row[] = [];
			for (const o of base.table(owner.entitySet).values()) {
				for (const r of (o[owner.section.name] as Row[]) ?? []) out.push({ ...r, Ref_Key: o.Ref_Key });
			}
			return out;
		}
		case 'register': {
			const records = base.registerRecords(registerName(set));
			if (!isRecorderSet(set)) return records;
			const recKey = set.keys.includes('Recorder_Key') ? 'Recorder_Key' : 'Recorder';
			const groups = new Map<string, Row[]>();
			for (const r of records) {
				const k = String(r[recKey]) + '|' + String(r.Recorder_Type ?? '');
				const g = groups.get(k) ?? [];
				g.push(r);
				groups.set(k, g);
			}
			return [...groups.values()].map((g) => {
				const head: Row = { [recKey]: g[0][recKey], RecordSet: g };
				if (recKey === 'Recorder') head.Recorder_Type = g[0].Recorder_Type;
				return head;
			});
		}
		case 'recordType':
			return base.registerRecords(registerName(set));
		case 'constant':
			return [{ SurrogateKey: 0, Value: base.constants.get(set.name) ?? null }];
		default:
			return [];
	}
}

function keyMatches(set: EntitySetDef, row: Row, keys: KeyPart[]): boolean {
	if (keys.length === 1 && !keys[0].name) return String(row[set.keys[0]]).toLowerCase() === String(keys[0].value).toLowerCase();
	for (const k of set.keys) if (!keys.some((p) => p.name === k)) throw E.keyPartMissing(k);
	return keys.every((k) => {
		if (!set.keys.includes(k.name!)) throw E.badUrl(k.name!);
		const v = row[k.name!];
		return typeof k.value === 'number' ? Number(v) === k.value : String(v).toLowerCase() === String(k.value).toLowerCase();
	});
}

export function findByKey(base: Base, set: EntitySetDef, keys: KeyPart[]): Row {
	if (set.kind === 'object' && keys.length === 1) {
		const row = base.get(set.name, String(keys[0].value));
		if (!row) throw E.notFound(set.name);
		return row;
	}
	const row = rowsOf(base, set).find((r) => keyMatches(set, r, keys));
	if (!row) throw E.notFound(set.name);
	return row;
}

/** Follow a navigation property: target set and row (undefined for an empty reference). */
export function navigate(base: Base, set: EntitySetDef, row: Row, nav: string): { set: EntitySetDef; row: Row | undefined } | undefined {
	const n = set.navigations.find((x) => x.name === nav);
	if (!n) return undefined;
	const target = base.set(n.target);
	if (!target) return undefined;
	const ref = row[n.keyProperty];
	return { set: target, row: isFilledRef(ref) ? base.get(target.name, String(ref)) : undefined };
}

/** `$select`: validated names; `Nav/Field` entries keep their nav for `$expand`. */
export function parseSelect(set: EntitySetDef, text: string | undefined): Set<string> | undefined {
	if (text === undefined || text.trim() === '') return undefined;
	const names = new Set<string>();
	for (const raw of text.split(',')) {
		const name = raw.trim();
		if (!name) continue;
		if (name === '*' || name === '**' || name.endsWith('____Presentation')) {
			names.add(name);
			continue;
		}
		const head = name.split('/')[0];
		const known = set.properties.some((p) => p.name === head) || set.navigations.some((n) => n.name === head);
		if (!known) throw E.badUrl(name);
		names.add(name.includes('/') && set.navigations.some((n) => n.name === head) ? set.navigations.find((n) => n.name === head)!.keyProperty : head);
		if (name.includes('/')) names.add(name);
	}
	return names;
}

export function parseExpand(set: EntitySetDef, text: string | undefined, select: Set<string> | undefined): string[] {
	if (!text || !text.trim()) return [];
	const out: string[] = [];
	for (const raw of text.split(',')) {
		const name = raw.trim().split('/')[0];
		if (name === '*') {
			out.push(...set.navigations.map((n) => n.name));
			continue;
		}
		if (!set.navigations.some((n) => n.name === name)) throw E.badUrl(raw.trim());
		// live: with $select present, the expanded relation must be selected, else silently not expanded
		if (select && !select.has('*') && ![...select].some((s) => s.startsWith(`${name}/`))) continue;
		out.push(name);
	}
	return out;
}

function formatDate(d: unknown): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(String(d));
	return m ? `${m[3]}.${m[2]}.${m[1]} ${Number(m[4])}:${m[5]}:${m[6]}` : '';
}

/** The platform's presentation of a reference object. */
export function presentation(base: Base, setName: string, ref: unknown): string {
	if (!isFilledRef(ref)) return '';
	const set = base.set(setName);
	const row = base.get(setName, String(ref));
	if (!set || !row) return '<Объект не найден>';
	if (set.object.kind === 'Document') return `${'synonym' in set.object && set.object.synonym ? set.object.synonym : set.object.name} ${String(row.Number)} от ${formatDate(row.Date)}`;
	return String(row.Description ?? row.Code ?? '');
}

/** `X____Presentation` values asked for in `$select` (`*____Presentation` = all references). */
export function presentationsFor(base: Base, set: { navigations: EntitySetDef['navigations'] }, select: Set<string> | undefined): ((row: Row) => Record<string, string>) | undefined {
	if (!select) return undefined;
	const all = select.has('*____Presentation');
	const wanted = set.navigations.filter((n) => all || select.has(`${n.name}____Presentation`));
	if (!wanted.length) return undefined;
	return (row) => Object.fromEntries(wanted.map((n) => [`${n.name}____Presentation`, presentation(base, n.target, row[n.keyProperty] ?? EMPTY_REF)]));
}

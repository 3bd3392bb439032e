/**
 * Multi-fields (PHONE, EMAIL, WEB, IM) on update without duplicates — the official module's known
 * pain was an extra copy on every update. Incoming values already present (same normalised value)
 * are not sent again; `replace` mode also deletes existing values that are not in the input.
 */
import type { IDataObject } from 'n8n-workflow';

export const MULTI_FIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM'];

export function normaliseMulti(type: string, v: unknown): string {
	const s = String(v ?? '').trim();
	if (type === 'PHONE') {
		let d = s.replace(/\D/g, '');
		if (d.length === 11 && d.startsWith('8')) d = '7' + d.slice(1);
		if (d.length === 10) d = '7' + d;
		return d;
	}
	return s.toLowerCase().replace(/\/+$/, '');
}

export function multiEntries(v: unknown): IDataObject[] {
	if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? (x as IDataObject) : { VALUE: x, VALUE_TYPE: 'WORK' }));
	if (typeof v === 'string' && v.trim()) return v.split(/[,;]/).map((x) => ({ VALUE: x.trim(), VALUE_TYPE: 'WORK' }));
	return [];
}

/** The multi-field values to send for an update, given the current record. */
export function mergeMultiFields(fields: IDataObject, current: IDataObject | undefined, mode: 'merge' | 'replace'): IDataObject {
	const out: IDataObject = { ...fields };
	for (const type of MULTI_FIELDS) {
		if (!(type in fields)) continue;
		const existing = multiEntries(current?.[type]);
		const seen = new Set(existing.map((e) => normaliseMulti(type, e.VALUE)));
		const incoming = multiEntries(fields[type]);
		const wanted = new Set(incoming.map((e) => normaliseMulti(type, e.VALUE)));
		const send: IDataObject[] = [];
		for (const e of incoming) {
			const key = normaliseMulti(type, e.VALUE);
			if (!key || seen.has(key)) continue;
			seen.add(key);
			send.push({ VALUE: e.VALUE, VALUE_TYPE: e.VALUE_TYPE ?? 'WORK' });
		}
		if (mode === 'replace') for (const e of existing) if (!wanted.has(normaliseMulti(type, e.VALUE)) && e.ID) send.push({ ID: e.ID, VALUE: '' });
		out[type] = send;
	}
	return out;
}

/** Multi-field values given as text ("a, b") or arrays, in the `[{VALUE, VALUE_TYPE}]` form Bitrix24 takes. */
export function normaliseMultiInput(fields: IDataObject): IDataObject {
	const out: IDataObject = { ...fields };
	for (const type of MULTI_FIELDS) if (type in out) out[type] = multiEntries(out[type]);
	return out;
}

/**
 * The body Bitrix24 posts to an event handler: `application/x-www-form-urlencoded` with PHP
 * bracket keys (`data[FIELDS][ID]=7`, `auth[application_token]=…`). n8n may hand it over raw
 * (string/Buffer), as a flat object with bracket keys (Node `querystring`), or already nested
 * (`qs`); all three fold into the same nested object. Token checks are constant-time.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** `data[FIELDS][ID]` → `['data', 'FIELDS', 'ID']`; `a[]` → `['a', '']`. */
export function bracketPath(key: string): string[] {
	const first = key.indexOf('[');
	if (first <= 0) return [key];
	const parts = [key.slice(0, first)];
	const re = /\[([^\]]*)\]/g;
	const rest = key.slice(first);
	let m: RegExpExecArray | null;
	let end = 0;
	while ((m = re.exec(rest)) !== null && m.index === end) {
		parts.push(m[1]);
		end = re.lastIndex;
	}
	if (end < rest.length) parts[parts.length - 1] += rest.slice(end);
	return parts;
}

function setPath(root: IDataObject, path: string[], value: unknown): void {
	if (path.some((p) => UNSAFE.has(p))) return;
	let node = root;
	for (let i = 0; i < path.length; i++) {
		let k = path[i];
		if (k === '') k = String(Object.keys(node).filter((x) => /^\d+$/.test(x)).length);
		if (i === path.length - 1) {
			node[k] = value as IDataObject[string];
			return;
		}
		const child = node[k];
		if (typeof child !== 'object' || child === null || Array.isArray(child)) node[k] = {};
		node = node[k] as IDataObject;
	}
}

function addValue(root: IDataObject, key: string, value: unknown): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		// already nested (qs): fold its leaves under this key, so mixed input still merges
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) addValue(root, `${key}[${k}]`, v);
		return;
	}
	if (Array.isArray(value)) {
		// `querystring` turns repeated keys into arrays; `qs` turns `a[]=x&a[]=y` into arrays
		if (key.endsWith('[]')) for (const v of value) addValue(root, key, v);
		else value.forEach((v, i) => addValue(root, `${key}[${i}]`, v));
		return;
	}
	setPath(root, bracketPath(key), value === undefined || value === null ? '' : String(value));
}

/** The event body as a nested object, from whatever form n8n gave it in. */
export function parseEventBody(input: unknown): IDataObject {
	const root: IDataObject = {};
	if (input === undefined || input === null) return root;
	if (Buffer.isBuffer(input) || typeof input === 'string') {
		const text = Buffer.isBuffer(input) ? input.toString('utf8') : input;
		for (const [k, v] of new URLSearchParams(text)) addValue(root, k, v);
		return root;
	}
	if (typeof input === 'object') for (const [k, v] of Object.entries(input as Record<string, unknown>)) addValue(root, k, v);
	return root;
}

/** Constant-time string comparison (hashes first, so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
	const ha = createHash('sha256').update(a, 'utf8').digest();
	const hb = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(ha, hb) && a.length === b.length;
}

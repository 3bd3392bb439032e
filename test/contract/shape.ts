/**
 * Shape comparison of a Bitrix24 response against a recorded/documented fixture.
 *
 * The fixture is read as a schema: every path has the JSON type(s) seen there. Values may differ,
 * types may not: `"ID": "37"` (string) must not come back as `37`. Rules:
 * - `null` in the fixture accepts any value at that path; a non-null fixture value requires the
 *   same JSON type (so `null` where the fixture has a string is a mismatch);
 * - every fixture key must be present in the response object (extra keys are allowed, except in
 *   the envelope, error bodies, `time` blocks and the keyed maps of a `batch` answer);
 * - arrays: the fixture's elements are merged into one element shape (a key is required when every
 *   fixture element has it; a path accepts every type seen there) and each response element is
 *   checked against it; a non-empty fixture array needs a non-empty response array; `[]` must come
 *   back as an array, never as `{}` (PHP's empty-array quirk);
 * - envelope: exactly the fixture's top-level keys (`result`, `total`, `next`, `time`);
 * - error bodies: exactly `{error, error_description}` with the same `error` value (and type).
 */
export type JsonType = 'null' | 'string' | 'number' | 'boolean' | 'object' | 'array';

export function jsonType(v: unknown): JsonType {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	const t = typeof v;
	if (t === 'string' || t === 'number' || t === 'boolean') return t;
	if (t === 'object') return 'object';
	throw new Error(`not a JSON value: ${t}`);
}

/** The merged shape of one or more fixture values found at the same path. */
interface Shape {
	/** How many fixture values were merged. */
	count: number;
	nullable: boolean;
	types: Set<JsonType>;
	/** Objects: number of object values seen and the merged shape of each key. */
	objects: number;
	keys: Map<string, Shape>;
	/** Arrays: number of array values seen, how many were non-empty, merged element shape. */
	arrays: number;
	nonEmpty: number;
	element?: Shape;
}

function emptyShape(): Shape {
	return { count: 0, nullable: false, types: new Set(), objects: 0, keys: new Map(), arrays: 0, nonEmpty: 0 };
}

function addToShape(s: Shape, v: unknown): void {
	s.count++;
	const t = jsonType(v);
	if (t === 'null') {
		s.nullable = true;
		return;
	}
	s.types.add(t);
	if (t === 'object') {
		s.objects++;
		for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
			let child = s.keys.get(k);
			if (!child) {
				child = emptyShape();
				s.keys.set(k, child);
			}
			addToShape(child, x);
		}
	} else if (t === 'array') {
		s.arrays++;
		const list = v as unknown[];
		if (list.length) s.nonEmpty++;
		for (const x of list) {
			s.element ??= emptyShape();
			addToShape(s.element, x);
		}
	}
}

export function shapeOf(...values: unknown[]): Shape {
	const s = emptyShape();
	for (const v of values) addToShape(s, v);
	return s;
}

const show = (v: unknown): string => {
	const t = jsonType(v);
	if (t === 'object') return Object.keys(v as object).length ? 'object' : '{}';
	if (t === 'array') return (v as unknown[]).length ? 'array' : '[]';
	const text = JSON.stringify(v);
	return `${t} ${text.length > 40 ? text.slice(0, 37) + '...' : text}`;
};

const describeShape = (s: Shape): string => [...s.types, ...(s.nullable ? ['null'] : [])].join('|') || 'any';

const pathOf = (base: string, key: string | number): string =>
	typeof key === 'number' ? `${base}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;

export interface CheckOptions {
	/** Paths (as printed, e.g. `$.result.result`) whose objects must have exactly the fixture's keys. */
	exactKeys?: (path: string) => boolean;
	/** Extra keys allowed at an exact-keys path. */
	allowExtra?: (path: string, key: string) => boolean;
}

/** Check a value against a merged shape; returns mismatches as "path: expected …, got …". */
export function checkShape(shape: Shape, actual: unknown, path = '$', opts: CheckOptions = {}): string[] {
	const out: string[] = [];
	if (shape.types.size === 0) return out; // only null seen: any value is fine
	const t = jsonType(actual);
	if (t === 'null') {
		if (!shape.nullable) out.push(`${path}: expected ${describeShape(shape)}, got null`);
		return out;
	}
	if (!shape.types.has(t)) {
		out.push(`${path}: expected ${describeShape(shape)}, got ${show(actual)}`);
		return out;
	}
	if (t === 'object') {
		const obj = actual as Record<string, unknown>;
		for (const [k, child] of shape.keys) {
			if (!(k in obj)) {
				if (child.count === shape.objects) out.push(`${pathOf(path, k)}: missing (expected ${describeShape(child)})`);
				continue;
			}
			out.push(...checkShape(child, obj[k], pathOf(path, k), opts));
		}
		if (opts.exactKeys?.(path)) {
			for (const k of Object.keys(obj)) {
				if (!shape.keys.has(k) && !opts.allowExtra?.(path, k)) out.push(`${pathOf(path, k)}: unexpected key (got ${show(obj[k])})`);
			}
		}
	} else if (t === 'array') {
		const list = actual as unknown[];
		if (shape.arrays > 0 && shape.nonEmpty === shape.arrays && list.length === 0) {
			out.push(`${path}: expected a non-empty array, got []`);
		}
		if (shape.element) list.forEach((x, i) => out.push(...checkShape(shape.element as Shape, x, pathOf(path, i), opts)));
	}
	return out;
}

/** Keys a `time` block may carry even where the fixture (older, or edited docs) lacks them. */
export const TIME_KEYS = ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating'];
const BATCH_KEYS = ['result', 'result_error', 'result_total', 'result_next', 'result_time'];

function isBatchResult(v: unknown): boolean {
	return jsonType(v) === 'object' && BATCH_KEYS.every((k) => k in (v as object));
}

function isTimePath(path: string): boolean {
	return path === '$.time' || /^\$\.result\.result_time(\[[^\]]+\]|\.\w+)$/.test(path);
}

/** Compare a whole response body with a fixture body (one HTTP response). */
export function compareBody(fixture: unknown, actual: unknown): string[] {
	if (jsonType(fixture) !== 'object') return checkShape(shapeOf(fixture), actual);
	const fx = fixture as Record<string, unknown>;
	if (jsonType(actual) !== 'object') return [`$: expected object, got ${show(actual)}`];
	const body = actual as Record<string, unknown>;
	const out: string[] = [];
	if ('error' in fx) {
		const keys = Object.keys(body).sort().join(',');
		if (keys !== 'error,error_description') out.push(`$: error body keys ${keys}, expected error,error_description`);
		if (body.error !== fx.error) out.push(`$.error: expected ${show(fx.error)}, got ${'error' in body ? show(body.error) : 'nothing'}`);
		if ('error_description' in body && typeof body.error_description !== typeof fx.error_description) {
			out.push(`$.error_description: expected ${show(fx.error_description)}, got ${show(body.error_description)}`);
		}
		return out;
	}
	const batch = isBatchResult(fx.result);
	const exactKeys = (path: string): boolean =>
		path === '$' || isTimePath(path) || (batch && (path === '$.result' || BATCH_KEYS.some((k) => path === `$.result.${k}`)));
	const allowExtra = (path: string, key: string): boolean => isTimePath(path) && TIME_KEYS.includes(key);
	out.push(...checkShape(shapeOf(fixture), actual, '$', { exactKeys, allowExtra }));
	return out;
}

/** A status column of the fixtures README: `200`, `400`, `400, 403`, `40x, 50x`. */
export function statusMatches(spec: string, status: number): boolean {
	return spec.split(',').some((part) => {
		const p = part.trim();
		if (/^\d{3}$/.test(p)) return Number(p) === status;
		if (/^\d{2}x$/.test(p)) return Math.floor(status / 10) === Number(p.slice(0, 2));
		return false;
	});
}

export interface Reply {
	status: number;
	body: unknown;
}

/** Full comparison of one HTTP reply: status (from the README spec) and body shape. */
export function compareReply(fixture: unknown, reply: Reply, statusSpec: string): string[] {
	const out: string[] = [];
	if (!statusMatches(statusSpec, reply.status)) out.push(`HTTP status: expected ${statusSpec}, got ${reply.status}`);
	out.push(...compareBody(fixture, reply.body));
	return out;
}

/**
 * PHP `json_encode` of an array: an array whose keys are 0..n-1 in order is a JSON list,
 * an empty array is `[]`, anything else is an object. The sandbox builds keyed results
 * (batch result/result_error/result_time, keyed lookups) through this function.
 */
export function phpArray(entries: Array<[string, unknown]>): unknown {
	if (entries.length === 0) return [];
	const sequential = entries.every(([k], i) => k === String(i));
	if (sequential) return entries.map(([, v]) => v);
	const obj: Record<string, unknown> = {};
	for (const [k, v] of entries) obj[k] = v;
	return obj;
}

/** A PHP-side list/map value as received in a request: array or object with numeric keys. */
export function asList(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'object') return Object.values(value as Record<string, unknown>);
	return [value];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

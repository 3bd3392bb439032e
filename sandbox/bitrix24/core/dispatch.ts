/**
 * Running one method call (directly or inside `batch`): registry lookup, application context,
 * scope, CRM permission, operating-time limit; and `batch` itself with `halt` and
 * `$result[key][path]` references.
 */
import { Errors, RestError } from './errors';
import { parseQueryString, type Params } from './params';
import { phpArray, isPlainObject } from './php';
import { ListResult, type AuthInfo, type Portal, type Registry } from './registry';
import { timeBlock, type TimeBlock } from './time';
import type { OperatingLimiter } from './limits';

export interface CallOutcome {
	result: unknown;
	total?: number;
	next?: number;
	time: TimeBlock;
}

export const MAX_BATCH = 50;

const CRM_DENIED: Record<string, RestError> = {
	old: Errors.crmAccessDenied(),
	item: new RestError('ACCESS_DENIED', 'Доступ запрещен', 400),
	requisite: new RestError(0, 'Access denied.', 400),
	catalog: new RestError(200040300010, 'Access denied', 400),
	sale: new RestError(200040300010, 'Access denied', 400),
};

export class Dispatcher {
	/** Calls per method (lower case), for the admin counters. */
	readonly calls = new Map<string, number>();

	constructor(
		private readonly registry: Registry,
		private readonly operating: OperatingLimiter,
		private readonly portal: Portal,
	) {}

	call(method: string, params: Params, start: number | undefined, auth: AuthInfo, inBatch: boolean): CallOutcome {
		const name = method.toLowerCase();
		const t0 = Date.now();
		this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
		if (name === 'batch') {
			if (inBatch) throw Errors.batchMethodNotAllowed();
			return this.batch(params, auth, t0);
		}
		const def = this.registry.get(name);
		if (!def) throw Errors.methodNotFound();
		if (inBatch && def.noBatch) throw Errors.batchMethodNotAllowed();
		if (def.appOnly && auth.kind !== 'oauth') throw Errors.wrongAuthType();
		if (def.scope && auth.scopes && !auth.scopes.has(def.scope)) throw Errors.insufficientScope(auth.kind === 'webhook');
		if (def.crmAccess && auth.crmDenied) throw CRM_DENIED[def.crmAccess];
		if (this.operating.blocked(auth.key, name)) throw Errors.operationTimeLimit();
		let out: unknown;
		try {
			out = def.handler({ method: name, params, start, auth, portal: this.portal, inBatch });
		} finally {
			this.operating.record(auth.key, name, (Date.now() - t0) / 1000);
		}
		const t1 = Date.now();
		const time = timeBlock(t0, t1, t1 - t0, this.operating.state(auth.key, name));
		if (out instanceof ListResult) return { result: out.result, total: out.total, next: out.next, time };
		return { result: out, time };
	}

	private batch(params: Params, auth: AuthInfo, t0: number): CallOutcome {
		const cmdRaw = params.cmd ?? params.CMD;
		const halt = ['1', 'true', 'y'].includes(String(params.halt ?? params.HALT ?? '0').toLowerCase());
		const cmds: Array<[string, string]> = Array.isArray(cmdRaw)
			? cmdRaw.map((v, i) => [String(i), String(v)])
			: isPlainObject(cmdRaw)
				? Object.entries(cmdRaw).map(([k, v]) => [k, String(v)])
				: [];
		if (cmds.length > MAX_BATCH) throw Errors.batchLength();
		const results: Array<[string, unknown]> = [];
		const errors: Array<[string, unknown]> = [];
		const totals: Array<[string, unknown]> = [];
		const nexts: Array<[string, unknown]> = [];
		const times: Array<[string, unknown]> = [];
		const refs = { result: new Map<string, unknown>(), next: new Map<string, unknown>(), total: new Map<string, unknown>() };
		for (const [key, command] of cmds) {
			const q = command.indexOf('?');
			const method = (q >= 0 ? command.slice(0, q) : command).trim();
			const sub = substitute(parseQueryString(q >= 0 ? command.slice(q + 1) : ''), refs) as Params;
			const start = sub.start === undefined ? undefined : parseInt(String(sub.start), 10) || 0;
			delete sub.start;
			try {
				const out = this.call(method, sub, start, auth, true);
				results.push([key, out.result]);
				refs.result.set(key, out.result);
				if (out.total !== undefined) {
					totals.push([key, out.total]);
					refs.total.set(key, out.total);
				}
				if (out.next !== undefined) {
					nexts.push([key, out.next]);
					refs.next.set(key, out.next);
				}
				times.push([key, out.time]);
			} catch (e) {
				const err = e instanceof RestError ? e : Errors.internal();
				errors.push([key, err.toBody()]);
				if (halt) break;
			}
		}
		const t1 = Date.now();
		return {
			result: {
				result: phpArray(results),
				result_error: phpArray(errors),
				result_total: phpArray(totals),
				result_next: phpArray(nexts),
				result_time: phpArray(times),
			},
			time: timeBlock(t0, t1, t1 - t0, this.operating.state(auth.key, 'batch')),
		};
	}
}

interface Refs {
	result: Map<string, unknown>;
	next: Map<string, unknown>;
	total: Map<string, unknown>;
}

const REF_RE = /\$(result|result_next|result_total)((?:\[[^\]]*\])+)/g;

function resolveRef(kind: string, path: string, refs: Refs): unknown {
	const keys = [...path.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
	const map = kind === 'result' ? refs.result : kind === 'result_next' ? refs.next : refs.total;
	let v: unknown = map.get(keys[0]);
	for (const k of keys.slice(1)) {
		if (v === null || v === undefined) return undefined;
		v = (v as Record<string, unknown>)[k];
	}
	return v;
}

function substitute(v: unknown, refs: Refs): unknown {
	if (typeof v === 'string') {
		const whole = /^\$(result|result_next|result_total)((?:\[[^\]]*\])+)$/.exec(v);
		if (whole) {
			const r = resolveRef(whole[1], whole[2], refs);
			return r === undefined ? '' : r;
		}
		return v.replace(REF_RE, (_m, kind: string, path: string) => {
			const r = resolveRef(kind, path, refs);
			return r === undefined || r === null ? '' : String(r);
		});
	}
	if (Array.isArray(v)) return v.map((x) => substitute(x, refs));
	if (isPlainObject(v)) {
		const o: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) o[k] = substitute(x, refs);
		return o;
	}
	return v;
}

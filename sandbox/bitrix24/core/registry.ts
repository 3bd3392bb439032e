import type { Params } from './params';
import type { Store } from './store';
import type { EventBus } from './events';
import type { AuthRegistry } from './auth';

export interface AuthInfo {
	kind: 'webhook' | 'oauth';
	userId: number;
	/** Granted scopes; `null` = every scope. */
	scopes: Set<string> | null;
	/** Limiter key: one bucket per webhook / per application. */
	key: string;
	clientId?: string;
	/** A user without CRM permissions (crm.* answers "Access denied."). */
	crmDenied?: boolean;
}

/** What a method handler can use of the portal. */
export interface Portal {
	readonly store: Store;
	now(): number;
	/** Queue an outbound event (delivered asynchronously to bound handlers). */
	emit(event: string, fields: Record<string, unknown>): void;
	/** Base URL of the portal, e.g. http://127.0.0.1:8024 */
	readonly baseUrl: string;
	readonly domain: string;
	readonly registry: Registry;
	readonly events: EventBus;
	readonly auth: AuthRegistry;
}

export interface CallContext {
	method: string;
	params: Params;
	/** `start` from the query/body, already cast to int (undefined when absent). */
	start: number | undefined;
	auth: AuthInfo;
	portal: Portal;
	/** True when the call runs inside `batch`. */
	inBatch: boolean;
}

/** A list answer: `result` plus `total` and, when more rows exist, `next`. */
export class ListResult {
	constructor(
		readonly result: unknown,
		readonly total?: number,
		readonly next?: number,
	) {}
}

export type Handler = (ctx: CallContext) => unknown;

export interface MethodDef {
	/** Scope the method needs (`crm`, `user`, `sale`, …); empty = any auth. */
	scope: string;
	handler: Handler;
	/** Needs application (OAuth) context: a webhook gets WRONG_AUTH_TYPE. */
	appOnly?: boolean;
	/** Not allowed inside batch (file transfers, batch itself). */
	noBatch?: boolean;
	/** CRM permission applies (restricted users get "Access denied."). */
	crmAccess?: 'old' | 'item' | 'requisite' | 'catalog' | 'sale';
}

export class Registry {
	private readonly methods = new Map<string, MethodDef>();

	define(name: string, def: MethodDef): void {
		if (this.methods.has(name.toLowerCase())) throw new Error(`method ${name} is defined twice`);
		this.methods.set(name.toLowerCase(), def);
	}

	get(name: string): MethodDef | undefined {
		return this.methods.get(name.toLowerCase());
	}

	names(): string[] {
		return [...this.methods.keys()].sort();
	}

	scopes(): string[] {
		return [...new Set([...this.methods.values()].map((m) => m.scope).filter(Boolean))].sort();
	}
}

/**
 * The one Bitrix24 client (DESIGN decision 1): every request of every operation goes through it.
 * It owns the base URL (from the credential), pacing to the credential's leaky bucket, retries
 * (503 QUERY_LIMIT_EXCEEDED, 429 OPERATION_TIME_LIMIT until `operating_reset_at`, 5xx, HTML
 * pages, connection resets — never a 4xx that will fail again), packing of many commands into
 * `batch` (≤ 50) with per-command results and errors, and list reading: `next` paging for small
 * sets, `start=-1` + `>ID` cursor chained with `$result` inside batches for full exports.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { batchCommand, type Params } from './encode';
import { containsDryId, type DryOverlay } from '../../../lib/dry-run';
import { batchWithPlan, isWriteMethod, placeholderRead, type B24DryRun } from './dry';
import { B24Error } from './errors';
import { lookUpCreate, lookUpCreates, mergeFound, NEVER_SENT, type BeforeResend } from './lookup';
import { Pacer } from './pacer';
import { checkPortalUrl, parseWebhookUrl, redact } from './portal';

export const WEBHOOK_CREDENTIAL = 'bitrix24WebhookApi';
export const OAUTH2_CREDENTIAL = 'bitrix24OAuth2Api';
export const BATCH_LIMIT = 50;
export const PAGE_SIZE = 50;
/** Bitrix24's operating-time limit per method: 480 s of execution in a 10-minute window */
export const OPERATING_LIMIT_S = 480;

/** What the client needs of an n8n context (execute, load-options, hook, webhook, poll). */
export interface B24Host {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequestWithAuthentication(this: unknown, credentialsType: string, requestOptions: IHttpRequestOptions): Promise<unknown>;
	};
}

export interface B24Command {
	method: string;
	params?: Params;
}

export type B24Result = { ok: true; result: unknown; total?: number; next?: number } | { ok: false; error: B24Error };

export interface RetryOptions {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** longest wait for an OPERATION_TIME_LIMIT reset */
	maxOperatingWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 8, baseDelayMs: 1000, maxDelayMs: 30_000, maxOperatingWaitMs: 10 * 60_000 };

export interface ListOptions {
	returnAll: boolean;
	limit?: number;
	/** key of the result object that holds the rows (`items`, `orders`, …); none = the result is the array */
	itemsKey?: string;
	/** `ID` (old API) or `id` (crm.item, sale, catalog) */
	idField?: string;
	/**
	 * `cursor` (default when ordered by ID): `start=-1` + `>ID` chains; `offset`: `start` offsets —
	 * for methods without an ID column or with their own order syntax (`user.get` takes
	 * `sort`/`order` strings, `department.get` top-level filters).
	 */
	paging?: 'cursor' | 'offset';
}

export interface ClientStats {
	requests: number;
	batches: number;
	commands: number;
	retries: number;
	waitedMs: number;
	/** creates whose lost answer was found done by their external key (not sent again) */
	lookedUp: number;
}

export interface Envelope {
	result: unknown;
	total?: number;
	next?: number;
	time?: { operating_reset_at?: number; operating?: number };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Bitrix24Client {
	readonly stats: ClientStats = { requests: 0, batches: 0, commands: 0, retries: 0, waitedMs: 0, lookedUp: 0 };
	/** set: a dry run — writes are planned, not sent (./dry.ts) */
	dryRun?: B24DryRun;
	/** what the execution's dry run planned: reads of its placeholder ids are answered from it (./dry.ts) */
	overlay?: DryOverlay;
	private readonly pacer: Pacer;
	private readonly resetAt = new Map<string, number>();
	/** the portal's last `operating` (seconds of the 10-minute window) per method */
	private readonly operating = new Map<string, number>();

	private constructor(
		private readonly host: B24Host,
		private readonly credentialType: string,
		private readonly baseURL: string | undefined,
		private readonly secrets: string[],
		burst: number,
		private readonly drain: number,
		private readonly retry: RetryOptions,
	) {
		this.pacer = new Pacer(burst, drain, async (ms) => {
			this.stats.waitedMs += ms;
			await sleep(ms);
		});
	}

	/** The client of a node run, from its `authentication` choice and credential. */
	static async create(host: B24Host, authentication: string, retry: Partial<RetryOptions> = {}): Promise<Bitrix24Client> {
		const type = authentication === 'oAuth2' ? OAUTH2_CREDENTIAL : WEBHOOK_CREDENTIAL;
		const cred = await host.getCredentials(type);
		const burst = Number(cred.burst ?? 50) || 50;
		const drain = Number(cred.drainRate ?? 2) || 2;
		if (type === WEBHOOK_CREDENTIAL) {
			const parts = parseWebhookUrl(String(cred.webhookUrl ?? ''));
			return new Bitrix24Client(host, type, undefined, [parts.code], burst, drain, { ...DEFAULT_RETRY, ...retry });
		}
		const portal = checkPortalUrl(String(cred.portalUrl ?? ''));
		const token = (cred.oauthTokenData as IDataObject | undefined) ?? {};
		const secrets = [cred.clientSecret, token.access_token, token.refresh_token].filter((s): s is string => typeof s === 'string');
		return new Bitrix24Client(host, type, `${portal.origin}/rest/`, secrets, burst, drain, { ...DEFAULT_RETRY, ...retry });
	}

	private scrub(text: string): string {
		return redact(text, this.secrets);
	}

	/**
	 * One HTTP request with pacing and retries; resolves with the envelope or throws B24Error.
	 * `beforeResend` (requests that create records): after a failure that may have come after the
	 * portal did the work, it is asked before the request is sent again — it looks the creates up
	 * and answers with what is left to send, or with the whole answer when nothing is.
	 */
	async call(method: string, params: Params = {}, beforeResend?: BeforeResend): Promise<Envelope> {
		if (method !== 'batch' && this.dryRun && isWriteMethod(method)) {
			const [r] = await this.dryRun.write([{ method, params }], (c) => this.runAll(c));
			if (!r.ok) throw r.error;
			return { result: r.result };
		}
		if (method !== 'batch' && !isWriteMethod(method) && containsDryId(params)) {
			const read = placeholderRead(this.overlay, { method, params });
			if ('result' in read) return { result: read.result };
			params = read.params;
		}
		const resend = async (err: B24Error): Promise<Envelope | undefined> => {
			if (!beforeResend || NEVER_SENT.has(err.code)) return undefined;
			const next = await beforeResend();
			if ('envelope' in next) return next.envelope;
			params = next.params;
			return undefined;
		};
		let operationLimits = 0;
		for (let attempt = 0; ; attempt++) {
			await this.pacer.take();
			this.stats.requests++;
			let status = 0;
			let body: unknown;
			// OAuth2: n8n refreshes the access token only when the request *throws* a 401
			// (`expired_token`), so HTTP errors must throw there; their answer is read from the error.
			const oauth = this.credentialType === OAUTH2_CREDENTIAL;
			let lastError: unknown;
			try {
				const res = (await this.host.helpers.httpRequestWithAuthentication.call(this.host, this.credentialType, {
					method: 'POST',
					baseURL: this.baseURL,
					url: `${method}.json`,
					body: params,
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: !oauth,
					timeout: 120_000,
				})) as { statusCode: number; body: unknown };
				status = res.statusCode;
				body = res.body;
			} catch (e) {
				lastError = e;
				// n8n wraps the axios error in a NodeApiError: the status is its `httpCode`, the body its `context.data`
				const wrapped = e as { httpCode?: string | null; context?: { data?: unknown }; response?: { status?: number; data?: unknown } };
				// n8n could not refresh an expired OAuth2 token (`httpCode` EAUTH): retrying cannot help
				if (wrapped.httpCode === 'EAUTH')
					throw new B24Error(method, 'EAUTH', this.scrub(`the OAuth2 access token has expired and could not be refreshed (${String((e as Error).message)}) — reconnect the Bitrix24 OAuth2 credential`), 401);
				const code = wrapped.response?.status ?? Number(wrapped.httpCode ?? 0);
				if (oauth && code >= 400) {
					status = code;
					const data = wrapped.response?.data ?? wrapped.context?.data;
					body = Buffer.isBuffer(data) ? data.toString('utf8') : data;
				}
			}
			if (status === 0) {
				const e = lastError;
				const err = new B24Error(method, String((e as { code?: string }).code ?? 'NETWORK_ERROR'), this.scrub(String((e as Error).message ?? e)), 0);
				if (attempt >= this.retry.maxRetries) throw err;
				await this.backoff(attempt);
				const done = await resend(err);
				if (done) return done;
				continue;
			}
			if (typeof body === 'string') {
				try {
					body = JSON.parse(body);
				} catch {
					const text = (body as string).trim();
					const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
					const err = text.startsWith('<')
						? new B24Error(method, 'HTML_RESPONSE', this.scrub(`the portal answered with an HTML page${title ? ` "${title}"` : ''} instead of JSON`), status)
						: new B24Error(method, 'BAD_JSON', this.scrub(`the portal answered with malformed JSON (HTTP ${status}, ${text.length} characters starting "${text.slice(0, 60)}") — cut short or changed by a proxy`), status);
					// a 2xx answer that is not JSON is not retried: a login page does not change, and a
					// call whose answer was lost may have been done (a write would be done twice)
					if ((status >= 200 && status < 300) || attempt >= this.retry.maxRetries) throw err;
					await this.backoff(attempt);
					const done = await resend(err);
					if (done) return done;
					continue;
				}
			}
			const env = (body ?? {}) as Envelope & { error?: unknown; error_description?: unknown };
			if (status >= 200 && status < 300 && env.error === undefined) {
				if (env.time?.operating_reset_at) this.resetAt.set(method, env.time.operating_reset_at * 1000);
				if (env.time?.operating !== undefined) this.operating.set(method, Number(env.time.operating) || 0);
				return env;
			}
			const err = new B24Error(method, String(env.error ?? ''), this.scrub(String(env.error_description ?? '')), status);
			if (err.permanent || attempt >= this.retry.maxRetries) throw err;
			if (err.code === 'QUERY_LIMIT_EXCEEDED') {
				this.pacer.full();
				await this.backoff(attempt, 1000 / Math.max(0.1, this.drain));
			} else if (err.code === 'OPERATION_TIME_LIMIT') {
				const until = this.resetAt.get(method);
				// Our own use of the method (the portal's last `operating`) far below the 480 s limit and the
				// reset minutes away: the block is not ours to explain (another consumer of the webhook,
				// a hiccup) — retry after a short backoff twice before waiting for the reset.
				// (counted per OPERATION_TIME_LIMIT answer, not per attempt: other faults before it say nothing about the block)
				const transient = until !== undefined && until - Date.now() > 60_000 && (this.operating.get(method) ?? 0) < OPERATING_LIMIT_S / 2 && operationLimits++ < 2;
				const wait = until && !transient ? Math.min(this.retry.maxOperatingWaitMs, Math.max(1000, until - Date.now() + 1000)) : this.delay(attempt);
				this.stats.waitedMs += wait;
				this.stats.retries++;
				await sleep(wait);
			} else {
				await this.backoff(attempt);
				const done = status >= 500 ? await resend(err) : undefined;
				if (done) return done;
			}
		}
	}

	private delay(attempt: number): number {
		return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
	}

	private async backoff(attempt: number, minMs = 0): Promise<void> {
		const ms = Math.max(minMs, this.delay(attempt));
		this.stats.retries++;
		this.stats.waitedMs += ms;
		await sleep(ms);
	}

	/** One `batch` request (≤ 50 commands); per-command results or errors, keyed as given. */
	async batch(commands: Record<string, B24Command | string>, halt = false): Promise<Record<string, B24Result>> {
		const placeholders = Object.values(commands).some((c) => typeof c !== 'string' && containsDryId(c.params));
		if (!this.dryRun && !placeholders) return this.sendBatch(commands, halt);
		return batchWithPlan(commands, { dry: this.dryRun, overlay: this.overlay, send: (c) => this.sendBatch(c, halt), runAll: (c) => this.runAll(c) });
	}

	private async sendBatch(commands: Record<string, B24Command | string>, halt: boolean): Promise<Record<string, B24Result>> {
		const keys = Object.keys(commands);
		if (keys.length > BATCH_LIMIT) throw new Error(`batch takes at most ${BATCH_LIMIT} commands`);
		const cmd = Object.fromEntries(keys.map((k) => {
			const c = commands[k];
			return [k, typeof c === 'string' ? c : batchCommand(c.method, c.params)];
		}));
		this.stats.batches++;
		this.stats.commands += keys.length;
		const found = new Map<string, unknown>();
		const env = await this.call('batch', { halt: halt ? 1 : 0, cmd }, lookUpCreates(this, commands, keys, cmd, halt, found));
		const r = (found.size ? mergeFound(env.result, keys, found) : (env.result ?? {})) as { result?: unknown; result_error?: unknown; result_total?: unknown; result_next?: unknown };
		const pick = (v: unknown, k: string, i: number): unknown => (Array.isArray(v) ? v[i] : v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined);
		const out: Record<string, B24Result> = {};
		keys.forEach((k, i) => {
			const err = pick(r.result_error, k, i) as { error?: unknown; error_description?: unknown } | undefined;
			const method = typeof commands[k] === 'string' ? String(commands[k]).split('?')[0] : (commands[k] as B24Command).method;
			if (err) {
				out[k] = { ok: false, error: new B24Error(method, String(err.error ?? ''), this.scrub(String(err.error_description ?? '')), 400) };
				return;
			}
			const result = pick(r.result, k, i);
			if (result === undefined) {
				out[k] = { ok: false, error: new B24Error(method, 'NOT_EXECUTED', 'the command was not executed (batch halted)', 0) };
				return;
			}
			const total = pick(r.result_total, k, i);
			const next = pick(r.result_next, k, i);
			out[k] = { ok: true, result, total: total === undefined ? undefined : Number(total), next: next === undefined ? undefined : Number(next) };
		});
		return out;
	}

	/** For one create that can be found again (`lookup.ts`): the look-up before it is re-sent. */
	lookUpCreate(cmd: B24Command): BeforeResend | undefined {
		return lookUpCreate(this, cmd);
	}

	/**
	 * Run many independent commands: one direct call for a single command, otherwise `batch`
	 * requests of ≤ 50. Results come back in order; a failed command fails only its own slot.
	 */
	async runAll(commands: B24Command[]): Promise<B24Result[]> {
		if (commands.length === 0) return [];
		if (commands.length === 1) {
			try {
				const env = await this.call(commands[0].method, commands[0].params, this.lookUpCreate(commands[0]));
				return [{ ok: true, result: env.result, total: env.total, next: env.next }];
			} catch (e) {
				if (e instanceof B24Error) return [{ ok: false, error: e }];
				throw e;
			}
		}
		const out: B24Result[] = [];
		for (let i = 0; i < commands.length; i += BATCH_LIMIT) {
			const chunk = commands.slice(i, i + BATCH_LIMIT);
			const res = await this.batch(Object.fromEntries(chunk.map((c, j) => [`c${j}`, c])));
			chunk.forEach((_c, j) => out.push(res[`c${j}`]));
		}
		return out;
	}

	/**
	 * Read a list. Not returnAll: follow `next` until `limit`. returnAll: the first page tells the
	 * total; further pages come 50 per batch request — chained `>ID` cursors with `start=-1`
	 * when the order is by ID (the default), or parallel `start` offsets for a custom order.
	 */
	async list(method: string, params: Params, opts: ListOptions): Promise<IDataObject[]> {
		const idField = opts.idField ?? 'ID';
		const rowsOf = (result: unknown): IDataObject[] => {
			const r = opts.itemsKey ? (result as Record<string, unknown> | undefined)?.[opts.itemsKey] : result;
			return Array.isArray(r) ? (r as IDataObject[]) : r && typeof r === 'object' ? (Object.values(r) as IDataObject[]) : [];
		};
		const userOrder = params.order as Record<string, string> | undefined;
		const byId = opts.paging !== 'offset' && typeof userOrder !== 'string' && (!userOrder || Object.keys(userOrder).length === 0 || (Object.keys(userOrder).length === 1 && Object.keys(userOrder)[0].toLowerCase() === idField.toLowerCase() && String(Object.values(userOrder)[0]).toUpperCase() === 'ASC'));
		const base: Params = { ...params };
		if (byId) base.order = { [idField]: 'ASC' };
		const select = base.select as string[] | undefined;
		if (byId && Array.isArray(select) && select.length && !select.includes('*') && !select.some((s) => s.toLowerCase() === idField.toLowerCase())) base.select = [...select, idField];
		const first = await this.call(method, { ...base, start: 0 });
		const rows = rowsOf(first.result);
		if (!opts.returnAll) {
			const limit = opts.limit ?? PAGE_SIZE;
			let next = first.next;
			while (rows.length < limit && next !== undefined) {
				const page = await this.call(method, { ...base, start: next });
				rows.push(...rowsOf(page.result));
				next = page.next;
			}
			return rows.slice(0, limit);
		}
		if (first.next === undefined) return rows;
		if (!byId) {
			const total = Number(first.total ?? 0);
			for (let start = first.next; start < total; start += PAGE_SIZE * BATCH_LIMIT) {
				const cmds: Record<string, B24Command> = {};
				for (let k = 0; k < BATCH_LIMIT && start + k * PAGE_SIZE < total; k++) cmds[`p${k}`] = { method, params: { ...base, start: start + k * PAGE_SIZE } };
				const res = await this.batch(cmds);
				for (const k of Object.keys(cmds)) {
					const r = res[k];
					if (!r.ok) throw r.error;
					rows.push(...rowsOf(r.result));
				}
			}
			return rows;
		}
		const filter = (base.filter as Params | undefined) ?? {};
		const cursorKey = `>${idField}`;
		const path = opts.itemsKey ? `[${opts.itemsKey}]` : '';
		let lastId = rows.length ? rows[rows.length - 1][idField] : 0;
		// the first page's total sizes the batches: no 50-command batch for the last few pages
		// (unresolved `$result` references would re-read from the start), no extra request when
		// the rest is an exact multiple of 2,500; rows added after the first page are not waited for
		const total = Number(first.total ?? 0) || 0;
		for (;;) {
			const pages = total > rows.length ? Math.min(BATCH_LIMIT, Math.ceil((total - rows.length) / PAGE_SIZE)) : BATCH_LIMIT;
			const cmds: Record<string, string> = {};
			for (let k = 0; k < pages; k++) {
				const cursor = k === 0 ? String(lastId) : `$result[p${k - 1}]${path}[${PAGE_SIZE - 1}][${idField}]`;
				// the `$result[...]` reference must stay unencoded for the server to substitute it
				const q = batchCommand(method, { ...base, filter: { ...filter, [cursorKey]: '__CURSOR__' }, start: -1 });
				cmds[`p${k}`] = q.replace('__CURSOR__', cursor);
			}
			const res = await this.batch(cmds);
			let done = false;
			for (let k = 0; k < pages && !done; k++) {
				const r = res[`p${k}`];
				if (!r.ok) throw r.error;
				const page = rowsOf(r.result);
				rows.push(...page);
				if (page.length) lastId = page[page.length - 1][idField];
				if (page.length < PAGE_SIZE) done = true;
			}
			if (done || (total > 0 && rows.length >= total)) return rows;
		}
	}
}

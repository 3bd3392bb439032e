/**
 * The one 1C OData client: every request of the 1C nodes goes through it. It owns `$format=json`,
 * UTF-8 percent-encoding (`%20`, never `+`), recognition of HTML answers (login pages with 200,
 * IIS error pages) and 1C error envelopes, retries with bounded backoff (5xx, resets, timeouts,
 * HTML 502/503, the session/licence cap — never a 4xx), bounded concurrency, `$top`/`$skip`
 * paging with a stable `$orderby`, and GUID lists split so that no query exceeds 1,500 bytes.
 */
import { webClientBase } from '../../../lib/onec-weblink';
import { randomUUID } from 'node:crypto';
import { dryFilter, isDryGuid, type DryOverlay } from '../../../lib/dry-run';
import type { ICredentialDataDecryptedObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { encodePath, encodeQuery, guidLiteral, isGuid, splitInChunks, type QueryParams } from '../../../lib/odata';
import { OneCError, isLicenceError } from './errors';
import { runAll } from './pool';
import { normalizePublicationUrl, redact } from './publication';

export const ONEC_CREDENTIAL = 'oneCODataApi';
export const MAX_QUERY_BYTES = 1500;

export interface OneCHost {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequestWithAuthentication(this: unknown, credentialsType: string, requestOptions: IHttpRequestOptions): Promise<unknown>;
	};
}

export interface OneCRetryOptions {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_ONEC_RETRY: OneCRetryOptions = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 15_000 };

export interface OneCListOptions {
	filter?: string;
	select?: string;
	expand?: string;
	orderby?: string;
	pageSize?: number;
	returnAll?: boolean;
	limit?: number;
	/** Return All may read pages in parallel after a `$count` (default true) */
	parallel?: boolean;
}

export interface OneCStats {
	requests: number;
	retries: number;
	waitedMs: number;
	/** creates whose lost answer was found done by reading the key back (not sent again) */
	probed: number;
}

type Row = Record<string, unknown>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const REFERENCE_SET = /^(Catalog|Document|ChartOfCharacteristicTypes|ChartOfAccounts|ChartOfCalculationTypes|ExchangePlan|BusinessProcess|Task)_/;

/** `guid'…'` for a GUID, otherwise the key expression as given (`Period=datetime'…',Валюта_Key=guid'…'`). */
export function keyExpression(key: string): string {
	return isGuid(key) ? guidLiteral(key) : key;
}

export class OneCClient {
	readonly stats: OneCStats = { requests: 0, retries: 0, waitedMs: 0, probed: 0 };
	/** a dry run (lib/dry-run.ts): the operations plan their writes; this client refuses any that slips through */
	dryRun = false;
	/** what the execution's dry run planned: a placeholder key is read from it */
	overlay?: DryOverlay;

	/** the web client's address from the credential (empty: derived from the publication URL, lib/onec-weblink.ts) */
	webClientUrl = '';

	/** the address the base's web-client links start with (lib/onec-weblink.ts) */
	get webClientBase(): string {
		return webClientBase(this.url, this.webClientUrl);
	}

	private constructor(
		private readonly host: OneCHost,
		private readonly credentialType: string,
		/** the normalized publication URL (no secrets) */
		readonly url: string,
		private readonly secrets: string[],
		readonly timeZone: string,
		private readonly allowedOnly: boolean,
		private readonly timeoutMs: number,
		readonly concurrency: number,
		private readonly retry: OneCRetryOptions,
	) {}

	static async create(host: OneCHost, credentialType = ONEC_CREDENTIAL, retry: Partial<OneCRetryOptions> = {}): Promise<OneCClient> {
		const c = await host.getCredentials(credentialType);
		const url = normalizePublicationUrl(String(c.url ?? ''));
		const secrets = [String(c.password ?? '')];
		const token = Buffer.from(`${String(c.user ?? '')}:${String(c.password ?? '')}`, 'utf8').toString('base64');
		secrets.push(token);
		const client = new OneCClient(
			host,
			credentialType,
			url,
			secrets,
			String(c.timeZone || 'Europe/Moscow'),
			c.allowedOnly === true,
			Math.max(1, Number(c.timeout ?? 60) || 60) * 1000,
			Math.max(1, Math.floor(Number(c.maxConcurrency ?? 4) || 4)),
			{ ...DEFAULT_ONEC_RETRY, ...retry },
		);
		client.webClientUrl = String(c.webClientUrl ?? '').trim();
		return client;
	}

	private scrub(text: string): string {
		return redact(text, this.secrets);
	}

	/** One request with retries; resolves with the parsed JSON (`{}` for an empty answer) or throws OneCError. */
	async request(method: IHttpRequestMethods, entitySet: string, key: string, path: string, query: QueryParams = {}, body?: unknown, headers: Record<string, string> = {}, probe?: () => Promise<Row | undefined>): Promise<Row> {
		if (this.dryRun && method !== 'GET') throw new OneCError(entitySet, key, 0, 'DRY_RUN', `a dry run does not write (${method} ${entitySet})`);
		if (method === 'GET') {
			// an object a dry run would have created: read from its plan; a filter never matches it
			const ref = /guid'([^']+)'/.exec(key)?.[1];
			if (isDryGuid(ref) && !path.includes('/')) return this.overlay?.get(entitySet, ref!) ?? { Ref_Key: ref };
			if (typeof query.$filter === 'string') query = { ...query, $filter: dryFilter(query.$filter) };
		}
		const qs = encodeQuery({ ...query, ...(this.allowedOnly && method === 'GET' ? { allowedOnly: 'true' } : {}), $format: 'json' });
		return this.exchange(method, entitySet, key, `${encodePath(path)}?${qs}`, body, headers, (status, raw) => this.parse(entitySet, key, status, raw), undefined, probe);
	}

	/** The EDMX text of `$metadata` (XML only; an HTML page or an error is a OneCError). */
	async metadataXml(): Promise<string> {
		return this.exchange('GET', '$metadata', '', '$metadata', undefined, { Accept: 'application/xml' }, (status, raw) => {
			const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
			if (status === 200 && /<edmx:Edmx\b/.test(text.slice(0, 2000))) return text;
			const parsed = this.parse('$metadata', '', status, text);
			return parsed instanceof OneCError ? parsed : new OneCError('$metadata', '', status, 'HTML_RESPONSE', '"not an EDMX document"');
		});
	}

	/**
	 * A binary answer of an HTTP service of the base (a print form): the URL is absolute or relative
	 * to the publication; the credential's Basic auth applies. An HTML page or a non-2xx answer is a
	 * OneCError naming the URL (without secrets).
	 */
	async fetchBinary(url: string, expectType = 'application/pdf'): Promise<Buffer> {
		const path = url.replace(/\?.*$/, '');
		let where: string;
		try {
			where = this.scrub(decodeURI(path));
		} catch {
			where = this.scrub(path);
		}
		return this.exchange('GET', where, '', url.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c)), undefined, { Accept: expectType }, (status, raw, headers) => {
			const body = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw ?? ''), 'latin1');
			const type = String(headers?.['content-type'] ?? '');
			if (status >= 200 && status < 300 && (type.includes(expectType) || body.subarray(0, 5).toString('latin1') === '%PDF-')) return body;
			const parsed = this.parse(where, '', status, body.toString('utf8'));
			return parsed instanceof OneCError ? parsed : new OneCError(where, '', status, 'HTML_RESPONSE', `"not ${expectType}: ${type || 'no content type'}"`);
		}, 'arraybuffer');
	}

	private async exchange<T>(
		method: IHttpRequestMethods,
		entitySet: string,
		key: string,
		url: string,
		body: unknown,
		headers: Record<string, string>,
		read: (status: number, raw: unknown, headers?: Record<string, unknown>) => T | OneCError,
		encoding?: 'arraybuffer',
		/** a non-idempotent request: before it is re-sent, look whether the lost attempt was done */
		probe?: () => Promise<T | undefined>,
	): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			this.stats.requests++;
			let err: OneCError;
			try {
				const res = (await this.host.helpers.httpRequestWithAuthentication.call(this.host, this.credentialType, {
					method,
					url,
					headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
					body: body === undefined ? undefined : JSON.stringify(body),
					json: false,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: this.timeoutMs,
					...(encoding ? { encoding } : {}),
				})) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
				const parsed = read(res.statusCode, res.body, res.headers);
				if (!(parsed instanceof OneCError)) return parsed;
				err = parsed;
			} catch (e) {
				if (e instanceof OneCError) throw e;
				const x = e as { code?: string; message?: string };
				// the base could not be reached: name it (the URL without any user:password part)
				err = new OneCError(entitySet, key, 0, String(x.code ?? 'NETWORK_ERROR'), this.scrub(`${String(x.message ?? e)} — base ${publicUrl(this.url)}`));
			}
			if (!err.retryable || attempt >= this.retry.maxRetries) throw err;
			const ms = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
			this.stats.retries++;
			this.stats.waitedMs += ms;
			await sleep(ms);
			if (probe) {
				const done = await probe();
				if (done !== undefined) {
					this.stats.probed++;
					return done;
				}
			}
		}
	}

	private parse(entitySet: string, key: string, status: number, raw: unknown): Row | OneCError {
		let body: unknown = raw;
		if (Buffer.isBuffer(body)) body = body.toString('utf8');
		if (typeof body === 'string') {
			const text = body.trim();
			if (text === '') body = {};
			else {
				try {
					body = JSON.parse(text);
				} catch {
					// a JSON body that does not parse (cut short, or not JSON at all) is not an HTML page
					if (status >= 200 && status < 300 && !text.startsWith('<')) return new OneCError(entitySet, key, status, 'BAD_JSON', this.scrub(`${text.length} characters starting "${text.slice(0, 60)}"`));
					const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim() ?? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
					return new OneCError(entitySet, key, status, 'HTML_RESPONSE', this.scrub(`"${title}"`));
				}
			}
		}
		const obj = (body ?? {}) as Row;
		const env = obj['odata.error'] as { code?: unknown; message?: { value?: unknown } | string } | undefined;
		if (status >= 200 && status < 300 && !env) return obj;
		const code = env ? String(env.code ?? '') : '';
		const msg = env ? String(typeof env.message === 'string' ? env.message : (env.message?.value ?? '')) : '';
		if (isLicenceError(msg) && status >= 500) return new OneCError(entitySet, key, status, 'LICENCE', this.scrub(msg));
		return new OneCError(entitySet, key, status, code, this.scrub(msg || (status === 401 ? 'unauthorized' : `HTTP ${status}`)));
	}

	async runAll<T>(tasks: Array<() => Promise<T>>): Promise<T[]> {
		return runAll(tasks, this.concurrency);
	}

	async get(path: string, query: QueryParams = {}): Promise<Row> {
		const set = /^[^(/]*/.exec(path)?.[0] ?? path;
		const key = /\(([^)]*)\)/.exec(path)?.[1] ?? '';
		return this.request('GET', set, key, path, query);
	}

	async getByKey(entitySet: string, key: string, query: QueryParams = {}): Promise<Row> {
		const k = keyExpression(key);
		return this.request('GET', entitySet, k, `${entitySet}(${k})`, query);
	}

	/** Number of rows (`<set>/$count`, a plain number), with an optional `$filter`. */
	async count(entitySet: string, filter?: string): Promise<number> {
		const n = Number(await this.request('GET', entitySet, '', `${entitySet}/$count`, { $filter: filter }));
		if (!Number.isFinite(n)) throw new OneCError(entitySet, '', 200, 'BAD_COUNT', '$count did not answer a number');
		return n;
	}

	/**
	 * Rows of an entity set, `$top`/`$skip` pages with a stable order. Reading everything with Max
	 * Concurrency > 1 asks `$count` first and fetches the pages in parallel (a real base answers a
	 * page in 0.1–2 s, so 20 pages one after another are most of a big read); if rows were added
	 * meanwhile (the last page came back full) the rest is read page by page.
	 */
	async list(entitySet: string, opts: OneCListOptions = {}): Promise<Row[]> {
		const pageSize = Math.max(1, opts.pageSize ?? 500);
		const limit = opts.returnAll ? Infinity : Math.max(0, opts.limit ?? 50);
		const orderby = opts.orderby || (REFERENCE_SET.test(entitySet) ? 'Ref_Key' : undefined);
		const page = async (skip: number, top: number): Promise<Row[]> =>
			((await this.request('GET', entitySet, '', entitySet, { $filter: opts.filter, $select: opts.select, $expand: opts.expand, $orderby: orderby, $top: top, $skip: skip || undefined })).value as Row[] | undefined) ?? [];
		const out: Row[] = [];
		if (opts.returnAll && this.concurrency > 1 && opts.parallel !== false) {
			const total = await this.count(entitySet, opts.filter);
			const pages = Math.max(1, Math.ceil(total / pageSize));
			const got = await this.runAll(Array.from({ length: pages }, (_x, k) => () => page(k * pageSize, pageSize)));
			for (const rows of got) out.push(...rows);
			if (got[got.length - 1].length < pageSize) return out;
		}
		while (out.length < limit) {
			const top = Math.min(pageSize, limit - out.length);
			const rows = await page(out.length, top);
			out.push(...rows);
			if (rows.length < top) break;
		}
		return out;
	}

	/** All rows whose `field` is one of the GUIDs (or values with `literal`); `or`-lists split so no query exceeds 1,500 bytes. */
	async listByKeys(entitySet: string, field: string, guids: string[], opts: Omit<OneCListOptions, 'filter' | 'returnAll' | 'limit'> = {}, literal: (v: string) => string = guidLiteral): Promise<Row[]> {
		// a dry run: the objects it would have created are in its plan, not in 1C
		const planned = this.overlay?.find(entitySet, (r) => guids.some((g) => isDryGuid(g) && g.toLowerCase() === String(r[field] ?? '').toLowerCase())) ?? [];
		guids = guids.filter((g) => !isDryGuid(g));
		if (!guids.length) return planned;
		const pageSize = opts.pageSize ?? 500;
		const orderby = opts.orderby || (REFERENCE_SET.test(entitySet) ? 'Ref_Key' : undefined);
		// the base query as the longest page request would carry it
		const base: QueryParams = { $select: opts.select, $expand: opts.expand, $orderby: orderby, $top: pageSize, $skip: 9_999_999, ...(this.allowedOnly ? { allowedOnly: 'true' } : {}), $format: 'json' };
		const chunks = splitInChunks(field, guids, MAX_QUERY_BYTES, base, literal);
		const pages = await this.runAll(chunks.map((filter) => () => this.list(entitySet, { ...opts, orderby, filter, returnAll: true, parallel: false })));
		return [...pages.flat(), ...planned];
	}

	/**
	 * POST a new object. A create is not idempotent: when its answer is lost after 1C wrote the
	 * object (a reset or timeout on the way back, a proxy's 5xx page), sending it again makes a
	 * second object. So a reference object gets its key from us (1C takes a new object's `Ref_Key`
	 * from the body) and, before a create is re-sent, that key is read back: found → it was done.
	 */
	async create(entitySet: string, data: Row): Promise<Row> {
		if (!REFERENCE_SET.test(entitySet)) return this.request('POST', entitySet, '', entitySet, {}, data);
		const ref = typeof data.Ref_Key === 'string' && isGuid(data.Ref_Key) ? data.Ref_Key : randomUUID();
		const probe = async (): Promise<Row | undefined> => {
			try {
				return await this.getByKey(entitySet, ref);
			} catch (e) {
				if (e instanceof OneCError && (e.code === '9' || e.status === 404)) return undefined;
				throw e;
			}
		};
		return this.request('POST', entitySet, '', entitySet, {}, { Ref_Key: ref, ...data }, {}, probe);
	}

	/** PATCH: only the sent properties change (a tabular section is replaced whole); `dataVersion` → If-Match. */
	async update(entitySet: string, key: string, data: Row, dataVersion?: string): Promise<Row> {
		const k = keyExpression(key);
		return this.request('PATCH', entitySet, k, `${entitySet}(${k})`, {}, data, dataVersion ? { 'If-Match': dataVersion } : {});
	}

	/** Physical DELETE (marking for deletion is `update(…, {DeletionMark: true})`). */
	async remove(entitySet: string, key: string): Promise<void> {
		const k = keyExpression(key);
		await this.request('DELETE', entitySet, k, `${entitySet}(${k})`);
	}

	async post(entitySet: string, ref: string, operational = false): Promise<Row> {
		const k = keyExpression(ref);
		return this.request('POST', entitySet, k, `${entitySet}(${k})/Post`, { PostingModeOperational: operational ? 'true' : 'false' });
	}

	async unpost(entitySet: string, ref: string): Promise<Row> {
		const k = keyExpression(ref);
		return this.request('POST', entitySet, k, `${entitySet}(${k})/Unpost`);
	}
}

/** A publication URL fit for messages: no `user:password@`, no query. */
export function publicUrl(url: string): string {
	try {
		const u = new URL(url);
		u.username = '';
		u.password = '';
		u.search = '';
		return u.toString();
	} catch {
		return '(invalid URL)';
	}
}

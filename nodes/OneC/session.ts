/**
 * What one node run (or one picker call, or one poll) needs of a 1C base: the client, the
 * `$metadata` model (downloaded and parsed at most once per execution context, cache.ts), and the
 * EDM types of the sets it touches.
 *
 * Types are needed on every read (to type `Edm.Int64`/`Edm.DateTime`) and every write (to coerce
 * and verify), but a real `$metadata` is 14–17 MB and ~20 s. So the types of the sets a node uses
 * are kept as a small digest in the workflow's static data (persisted by n8n in its database, the
 * same for every worker in queue mode — never in process memory), refreshed after
 * `TYPES_TTL_MS`. Where there is no static data (pickers, manual runs are not saved) the
 * per-context metadata cache is all there is.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import type { SetTypes } from '../../lib/onec-values';
import { getMetadata } from './metadata/cache';
import type { CompactMetadata, CompactSet } from './metadata/types';
import { OneCClient, ONEC_CREDENTIAL, type OneCHost, type OneCRetryOptions } from './transport/client';

export const TYPES_TTL_MS = 6 * 3600_000;

export interface OneCContext extends OneCHost {
	getWorkflowStaticData?(type: string): IDataObject;
}

interface TypeDigest {
	at: number;
	sets: Record<string, SetTypes>;
}

export function setTypesOf(set: CompactSet): SetTypes {
	const fields: Record<string, string> = {};
	const rows: Record<string, Record<string, string>> = {};
	for (const f of set.fields) {
		fields[f.name] = f.type;
		if (f.role === 'tabular') rows[f.name] = Object.fromEntries((f.rowFields ?? []).map((r) => [r.name, r.type]));
	}
	return Object.keys(rows).length ? { fields, rows } : { fields };
}

export class OneCSession {
	private constructor(
		private readonly ctx: OneCContext,
		readonly client: OneCClient,
		private readonly credentialId: string,
	) {}

	static async open(ctx: OneCContext, retry: Partial<OneCRetryOptions> = {}): Promise<OneCSession> {
		const client = await OneCClient.create(ctx, ONEC_CREDENTIAL, retry);
		const node: INode = ctx.getNode();
		return new OneCSession(ctx, client, String(node.credentials?.[ONEC_CREDENTIAL]?.id ?? ''));
	}

	get timeZone(): string {
		return this.client.timeZone;
	}

	metadata(): Promise<CompactMetadata> {
		return getMetadata(this.ctx, { url: this.client.url, credentialId: this.credentialId }, () => this.client.metadataXml());
	}

	async set(name: string): Promise<CompactSet | undefined> {
		return (await this.metadata()).sets.find((s) => s.name === name);
	}

	/** The EDM types of one set: the persisted digest when fresh, else from `$metadata`. */
	async types(setName: string, now = Date.now()): Promise<SetTypes | undefined> {
		const store = this.ctx.getWorkflowStaticData?.('node');
		const bucket = (store?.oneCTypes ?? {}) as Record<string, TypeDigest>;
		const digest = bucket[this.client.url];
		if (digest && now - digest.at < TYPES_TTL_MS && digest.sets[setName]) return digest.sets[setName];
		const set = await this.set(setName);
		if (!set) return undefined;
		const types = setTypesOf(set);
		if (store) {
			const fresh = digest && now - digest.at < TYPES_TTL_MS ? digest : { at: now, sets: {} };
			fresh.sets[setName] = types;
			store.oneCTypes = { ...bucket, [this.client.url]: fresh } as unknown as IDataObject;
		}
		return types;
	}
}

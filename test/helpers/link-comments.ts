/**
 * The binding comments the 1C → Bitrix24 syncs leave on the entities they create or link (F13):
 * per entity, the comments that carry a web-client link to a 1C object of the set, read back to
 * the linked 1C reference, so a test can compare them with the entity's own link (ORIGIN_ID).
 */
import type { IDataObject } from 'n8n-workflow';
import { webClientLinksIn } from '../../lib/onec-weblink';

export interface LinkComment {
	ownerId: string;
	/** «Выгружен из 1С» (the sync created the entity) or «Связан с 1С» (linked by a rule) */
	kind: 'created' | 'linked' | 'other';
	ref: string;
}

export async function linkComments(b24BaseUrl: string, ownerType: string, entitySet: string): Promise<LinkComment[]> {
	const rows = (await (await fetch(`${b24BaseUrl}/_admin/table/timeline_comment`)).json()) as IDataObject[];
	return rows
		.filter((r) => String(r.ENTITY_TYPE).toLowerCase() === ownerType)
		.flatMap((r) => {
			const text = String(r.COMMENT ?? '');
			const kind = /^Выгружен из 1С: /.test(text) ? 'created' : /^Связан с 1С: /.test(text) ? 'linked' : 'other';
			return webClientLinksIn(text)
				.filter((l) => l.entitySet === entitySet)
				.map((l) => ({ ownerId: String(r.ENTITY_ID), kind, ref: l.ref }) as LinkComment);
		});
}

/**
 * Deletion marks and posting of the seeded documents, and the БП invoice statuses.
 * - `DeletionMark`: round(3 % · all documents) of the candidates — invoices of stage N/D and
 *   orders of lost deals — ranked by hash; they stay unposted.
 * - Posted: every sale and payment; invoices of stage P always, of stage D never, of N/S 80 %
 *   (hash); orders 80 % (hash). Posting goes through the server's own `Post` action
 *   (`writes.post` → the configuration's `DocumentDef.post`), in date order, so the register
 *   records are exactly what a client's `POST …/Post` would produce.
 * - БП `InformationRegister_СтатусыДокументов`: «Оплачен» for paid invoices, «НеОплачен» for the
 *   other unmarked ones.
 */
import { post } from '../writes';
import { roleSet, type SeedContext } from './context';
import type { SeededDoc } from './documents';
import { insertRecord } from './rows';

export const DELETION_SHARE = 0.03;
export const POSTED_SHARE = 0.8;

export function markAndPost(ctx: SeedContext, docs: SeededDoc[]): { deleted: Set<string>; posted: Set<string> } {
	const candidates = docs.filter((d) => (d.kind === 'invoice' && (d.stage === 'N' || d.stage === 'D')) || (d.kind === 'order' && (d.stage === 'LOSE' || d.stage === 'APOLOGY')));
	const deleted = new Set(ctx.ids.rank(candidates, 'deletion', (d) => d.ref).slice(0, Math.round(DELETION_SHARE * docs.length)).map((d) => d.ref));
	const posted = new Set<string>();
	for (const d of docs) {
		if (deleted.has(d.ref)) continue;
		const u = ctx.ids.unit('posted', d.ref);
		const yes =
			d.kind === 'sale' || d.kind === 'paymentBank' || d.kind === 'paymentCash'
				? true
				: d.kind === 'invoice'
					? d.stage === 'P' || (d.stage !== 'D' && u < POSTED_SHARE)
					: u < POSTED_SHARE;
		if (yes) posted.add(d.ref);
	}
	for (const ref of deleted) {
		const d = docs.find((x) => x.ref === ref)!;
		ctx.base.get(d.set, ref)!.DeletionMark = true;
	}
	const order = [...docs].filter((d) => posted.has(d.ref)).sort((a, b) => a.date.localeCompare(b.date) || a.ref.localeCompare(b.ref));
	for (const d of order) {
		const set = ctx.base.set(d.set)!;
		try {
			post(ctx.base, set, [{ value: d.ref, kind: 'guid' }], 'Post');
		} catch (e) {
			throw new Error(`seed: posting ${d.set} ${d.ref} failed: ${(e as Error).message}`);
		}
	}
	return { deleted, posted };
}

export function seedInvoiceStatuses(ctx: SeedContext, invoices: SeededDoc[], deleted: Set<string>): void {
	const set = roleSet(ctx, 'invoiceStatus');
	if (!set) return;
	for (const inv of invoices) {
		if (deleted.has(inv.ref)) continue;
		insertRecord(ctx.base, set, (b) => {
			b.ref('Организация', ctx.organisation).ref('Документ', inv.ref, inv.set);
			b.compEnum('Статус', 'СтатусОплатыСчета', inv.stage === 'P' ? 'Оплачен' : 'НеОплачен');
		});
	}
}

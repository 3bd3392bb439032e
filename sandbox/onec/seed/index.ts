/**
 * The 1C bases' seed: the neutral dataset (`generateDataset`, the same world the Bitrix24 sandbox
 * loads) mapped into each configuration with its own object and field names, looked up through the
 * schema and the configuration's `roles` (./rows.ts writes only declared fields).
 *
 * Per base, in this order: predefined items, RUB, Россия, units, banks, users, the organisation
 * and its account, warehouses, cash desk / order states / product kinds (./reference.ts);
 * counterparties with partners, accounts, contracts, contact persons (./parties.ts — WHICH
 * counterparties: the overlap rules at the top of ./overlap.ts); products (./products.ts); orders
 * and invoices (./documents.ts); sales and payments (./settlements.ts); opening stock receipts,
 * posted at once (./stock.ts); deletion marks, posting
 * through the configurations' posting functions, БП invoice statuses (./posting.ts).
 * References: the dataset's GUID for counterparties, contacts, products, bank accounts, the
 * organisation, deals (orders) and invoices; every other one derived from seed + base + role + key.
 */
import type { Base } from '../base';
import { generateDataset } from '../../seed';
import type { Dataset } from '../../seed/types';
import { seedOrdersAndInvoices, type SeededDoc } from './documents';
import { SeedIds } from './ids';
import { makePlan, type Plan } from './overlap';
import { seedParties } from './parties';
import { markAndPost, seedInvoiceStatuses } from './posting';
import { seedProducts } from './products';
import { seedReference } from './reference';
import { seedSettlements } from './settlements';
import { seedStock, type SeededReceipt } from './stock';

export interface BaseSeedReport {
	plan: Plan;
	orders: SeededDoc[];
	invoices: SeededDoc[];
	sales: SeededDoc[];
	payments: SeededDoc[];
	/** opening stock receipts (УНФ, УТ), posted before the sales */
	receipts: SeededReceipt[];
	deleted: Set<string>;
	posted: Set<string>;
}

/** Seed one base from a dataset; returns what was made (for tests and reports). */
export function seedBase(base: Base, ds: Dataset): BaseSeedReport {
	const ids = new SeedIds(ds.seed, base.id);
	const plan = makePlan(ds, ids);
	const ctx = seedReference(base, ds, ids, plan);
	seedParties(ctx);
	seedProducts(ctx);
	const { orders, invoices } = seedOrdersAndInvoices(ctx);
	const { sales, payments } = seedSettlements(ctx, invoices);
	const receipts = seedStock(ctx, sales);
	const { deleted, posted } = markAndPost(ctx, [...orders, ...invoices, ...sales, ...payments]);
	seedInvoiceStatuses(ctx, invoices, deleted);
	return { plan, orders, invoices, sales, payments, receipts, deleted, posted };
}

export function loadOneCSeed(bases: Map<string, Base>, opts: { seed: number; companies: number }): void {
	const ds = generateDataset({ seed: opts.seed, companies: opts.companies });
	for (const base of bases.values()) seedBase(base, ds);
}

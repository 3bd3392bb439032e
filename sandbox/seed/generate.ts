/**
 * The deterministic seed dataset: one Russian business «Ромашка» with its counterparties,
 * contacts, products and documents. Same seed and size → the same JSON, byte for byte: every
 * section draws from its own mulberry32 stream derived from the seed (no Math.random, no clock).
 *
 * Sizes: companies = opts.companies (200 when 0/absent); contacts ≈ 1.5×; deals = companies
 * (≤ 2,000); invoices ≈ deals/2 (≤ 1,000); products 120 and store orders 60 whatever the size.
 */
import type { Dataset, DatasetOptions } from './types';
import { BankAccountFactory, generateCompanies } from './companies';
import { generateContacts } from './contacts';
import { generateDeals, generateInvoices, generateOrders, generateProducts, indexParties, makePipelines } from './documents';
import { Registry } from './people';
import { GuidFactory } from './random';
import { makeDepartments, makeOrganisation, makeUsers, makeWorkgroups } from './staff';

export const DEFAULT_COMPANIES = 200;
export const MAX_DEALS = 2000;
export const MAX_INVOICES = 1000;
export const PRODUCTS = 120;
export const ORDERS = 60;

export function generateDataset(opts: DatasetOptions): Dataset {
	const seed = Number.isFinite(opts?.seed) ? Math.trunc(opts.seed) : 1;
	const requested = Math.floor(Number(opts?.companies));
	const companiesCount = Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_COMPANIES;

	const guids = new GuidFactory(seed);
	const reg = new Registry();
	const users = makeUsers();
	const organisation = makeOrganisation(guids, users);
	// our own contacts are taken: no counterparty shares them
	reg.phones.add('4951204567');
	reg.emails.add(organisation.email);
	for (const u of users) reg.emails.add(u.email);

	const banks = new BankAccountFactory(guids);
	const companyDrafts = generateCompanies(seed, companiesCount, reg, guids, banks);
	const contacts = generateContacts(seed, companyDrafts, reg, guids);
	const products = generateProducts(seed, guids);
	const parties = indexParties(companyDrafts, contacts);
	const dealCount = Math.min(companiesCount, MAX_DEALS);
	const deals = generateDeals(seed, dealCount, parties, products, guids);
	const invoices = generateInvoices(seed, Math.min(Math.round(dealCount / 2), MAX_INVOICES), deals, parties, products, guids);
	const orders = generateOrders(seed, ORDERS, parties, products, guids);

	return {
		seed,
		organisation,
		users,
		departments: makeDepartments(),
		workgroups: makeWorkgroups(),
		companies: companyDrafts.map((d) => d.company),
		contacts,
		products,
		pipelines: makePipelines(),
		deals,
		invoices,
		orders,
	};
}

/**
 * Products, pipelines and the documents: deals, invoices (1C «Счёт на оплату») and web-store
 * orders, each with rows. Numbered in the order of their dates.
 */
import type { Contact, Deal, Invoice, Pipeline, Product, Row, StoreOrder } from './types';
import { CATALOG, UNITS } from './catalog';
import type { CompanyDraft } from './companies';
import { DAY, END, START, anyTime, fmt, fmtDay, officeTime } from './people';
import { GUID_SECTIONS, Random, type GuidFactory } from './random';
import { pickManager } from './staff';

const round2 = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------- products

export function generateProducts(seed: number, guids: GuidFactory): Product[] {
	const r = Random.for(seed, 'products');
	const perGroup = new Map<string, number>();
	return CATALOG.map((item, i) => {
		const k = (perGroup.get(item.code) ?? 0) + 1;
		perGroup.set(item.code, k);
		const price = round2(item.price * (0.92 + r.next() * 0.16));
		return {
			n: i + 1,
			guid: guids.make(GUID_SECTIONS.product, i + 1),
			group: item.group,
			name: item.name,
			sku: `${item.code}-${String(1000 + k * 7 + r.int(0, 6)).padStart(5, '0')}`,
			unitCode: UNITS[item.unit],
			unitName: item.unit,
			vatRate: item.vat,
			price,
			purchasePrice: item.service ? 0 : round2(price * (0.55 + r.next() * 0.25)),
			isService: item.service,
		};
	});
}

// ---------------------------------------------------------------- pipelines

/** Stages of the default deal pipeline of a new portal (also the sandbox's fallback). */
export const DEFAULT_DEAL_STAGES: Pipeline['stages'] = [
	{ code: 'NEW', name: 'Новая', semantics: 'P', color: '#39A8EF' },
	{ code: 'PREPARATION', name: 'Подготовка документов', semantics: 'P', color: '#2FC6F6' },
	{ code: 'PREPAYMENT_INVOICE', name: 'Счёт на предоплату', semantics: 'P', color: '#55D0E0' },
	{ code: 'EXECUTING', name: 'В работе', semantics: 'P', color: '#47E4C2' },
	{ code: 'FINAL_INVOICE', name: 'Финальный счёт', semantics: 'P', color: '#FFA900' },
	{ code: 'WON', name: 'Сделка успешна', semantics: 'S', color: '#7BD500' },
	{ code: 'LOSE', name: 'Сделка провалена', semantics: 'F', color: '#FF5752' },
	{ code: 'APOLOGY', name: 'Анализ причины провала', semantics: 'F', color: '#FF5752' },
];

export function makePipelines(): Pipeline[] {
	return [
		{
			id: 0,
			name: 'Общая',
			stages: DEFAULT_DEAL_STAGES.map((st) => ({ ...st })),
		},
		{
			id: 1,
			name: 'Оптовые продажи',
			stages: [
				{ code: 'NEW', name: 'Новая', semantics: 'P', color: '#39A8EF' },
				{ code: 'PREPARATION', name: 'Подготовка КП', semantics: 'P', color: '#2FC6F6' },
				{ code: 'UC_4F2K1A', name: 'Согласование договора', semantics: 'P', color: '#FFD500' },
				{ code: 'EXECUTING', name: 'Отгрузка', semantics: 'P', color: '#47E4C2' },
				{ code: 'WON', name: 'Сделка успешна', semantics: 'S', color: '#7BD500' },
				{ code: 'LOSE', name: 'Сделка провалена', semantics: 'F', color: '#FF5752' },
			],
		},
	];
}

// ---------------------------------------------------------------- rows

function quantity(r: Random, p: Product, wholesale: boolean): number {
	if (p.isService) return p.unitName === 'м' ? r.int(10, 120) : r.chance(0.8) ? 1 : r.int(2, 4);
	const fractional = p.unitName === 'кг' || p.unitName === 'м' || p.unitName === 'л';
	if (fractional && r.chance(0.3)) return r.int(0, wholesale ? 40 : 6) + 0.5;
	if (wholesale) return r.int(1, 20) * r.pick([5, 10, 10, 20]);
	return r.chance(0.5) ? r.int(1, 3) : r.int(1, 20);
}

function makeRows(r: Random, products: Product[], count: number, wholesale: boolean, goodsOnly = false): Row[] {
	const pool = goodsOnly ? products.filter((p) => !p.isService) : products;
	const vatIncluded = r.chance(0.9);
	return r.sample(pool, count).map((p) => {
		const d = r.next();
		return {
			productN: p.n,
			quantity: quantity(r, p, wholesale),
			price: r.chance(0.15) ? round2(p.price * (0.9 + r.next() * 0.08)) : p.price,
			discountPercent: d < (wholesale ? 0.7 : 0.85) ? 0 : d < 0.94 ? 5 : 10,
			vatRate: p.vatRate,
			vatIncluded,
		};
	});
}

export function rowsTotal(rows: Row[]): number {
	return round2(rows.reduce((s, x) => s + x.price * x.quantity * (1 - x.discountPercent / 100), 0));
}

// ---------------------------------------------------------------- deals

const GENITIVE: Record<string, string> = {
	Канцтовары: 'канцтоваров',
	'Бумага и бланки': 'бумаги',
	Хозтовары: 'хозтоваров',
	'Продукты и напитки': 'продуктов и напитков',
	'Оргтехника и расходные материалы': 'оргтехники',
	Мебель: 'офисной мебели',
	'Электротовары и кабель': 'электротоваров',
};

interface DealDraft {
	deal: Deal;
	t: number;
	seq: number;
}

export interface Parties {
	companies: CompanyDraft[];
	contacts: Contact[];
	contactsByCompany: Map<number, Contact[]>;
	privateContacts: Contact[];
}

export function indexParties(companies: CompanyDraft[], contacts: Contact[]): Parties {
	const contactsByCompany = new Map<number, Contact[]>();
	const privateContacts: Contact[] = [];
	for (const c of contacts) {
		if (c.companyN === null) privateContacts.push(c);
		else {
			const list = contactsByCompany.get(c.companyN);
			if (list) list.push(c);
			else contactsByCompany.set(c.companyN, [c]);
		}
	}
	return { companies, contacts, contactsByCompany, privateContacts };
}

/** A client: a company (with one of its contacts, maybe) or a private contact. */
function pickClient(r: Random, parties: Parties, companyShare: number): { company: CompanyDraft | null; contact: Contact | null } {
	const { companies, privateContacts, contactsByCompany } = parties;
	if (companies.length > 0 && (privateContacts.length === 0 || r.chance(companyShare))) {
		let d = companies[r.int(0, companies.length - 1)];
		if (d.company.duplicateOf !== undefined && r.chance(0.7)) d = companies[d.company.duplicateOf - 1];
		const own = contactsByCompany.get(d.company.n);
		return { company: d, contact: own && r.chance(0.6) ? r.pick(own) : null };
	}
	if (privateContacts.length > 0) return { company: null, contact: r.pick(privateContacts) };
	return { company: null, contact: parties.contacts.length > 0 ? r.pick(parties.contacts) : null };
}

function contactTime(c: Contact): number {
	return Date.parse(c.createdAt + 'Z');
}

export function generateDeals(seed: number, count: number, parties: Parties, products: Product[], guids: GuidFactory): Deal[] {
	const r = Random.for(seed, 'deals');
	const drafts: DealDraft[] = [];
	for (let i = 0; i < count; i++) {
		const { company, contact } = pickClient(r, parties, 0.85);
		const c = company?.company;
		const base = Math.max(company?.t ?? START, contact ? contactTime(contact) : START);
		const t = officeTime(r, base, Math.min(END, base + 150 * DAY));
		const pipelineId = c && c.form !== 'ФЛ' && r.chance(0.25) ? 1 : 0;
		const wholesale = pipelineId === 1;
		const age = (END - t) / DAY;
		let stage: string;
		let close: number;
		if (r.chance(Math.min(0.92, age / 60))) {
			stage = wholesale
				? r.weighted([['WON', 60], ['LOSE', 40]])
				: r.weighted([['WON', 55], ['LOSE', 33], ['APOLOGY', 12]]);
			close = t + Math.max(1, r.int(1, Math.min(60, Math.floor(age)))) * DAY;
		} else {
			stage = wholesale
				? r.weighted([['NEW', 25], ['PREPARATION', 30], ['UC_4F2K1A', 25], ['EXECUTING', 20]])
				: r.weighted([['NEW', 25], ['PREPARATION', 25], ['PREPAYMENT_INVOICE', 20], ['EXECUTING', 20], ['FINAL_INVOICE', 10]]);
			close = t + r.int(7, 45) * DAY;
		}
		const rows = makeRows(r, products, r.weighted([[1, 25], [2, 25], [3, 20], [4, 14], [5, 9], [6, 7]]), wholesale);
		const main = products[rows[0].productN - 1];
		const client = c?.name ?? (contact ? `${contact.person.lastName} ${contact.person.firstName}` : '');
		const x = r.next();
		let title: string;
		if (x < 0.25) title = ''; // "Сделка #n", once n is known
		else if (x < 0.6) title = main.isService ? `${main.name} — ${client}` : `Поставка ${GENITIVE[main.group]} для ${client}`;
		else if (x < 0.72) title = 'Заявка с сайта';
		else if (x < 0.87) title = `Запрос КП от ${client}`;
		else title = `Договор поставки № ${r.int(1, 250)}/${fmt(t).slice(2, 4)}`;
		drafts.push({
			t,
			seq: i,
			deal: {
				n: 0,
				guid: '',
				title,
				pipelineId,
				stage,
				companyN: c?.n ?? null,
				contactN: contact?.n ?? null,
				responsibleUserId: c && r.chance(0.75) ? c.responsibleUserId : pickManager(r, t),
				rows,
				createdAt: fmt(t),
				closeDate: fmtDay(Math.min(END, close)),
			},
		});
	}
	drafts.sort((a, b) => a.t - b.t || a.seq - b.seq);
	return drafts.map((d, i) => {
		d.deal.n = i + 1;
		d.deal.guid = guids.make(GUID_SECTIONS.deal, i + 1);
		if (d.deal.title === '') d.deal.title = `Сделка #${i + 1}`;
		return d.deal;
	});
}

// ---------------------------------------------------------------- invoices

const INVOICE_WEIGHT: Record<string, number> = {
	WON: 5,
	PREPAYMENT_INVOICE: 5,
	FINAL_INVOICE: 5,
	EXECUTING: 4,
	UC_4F2K1A: 2,
	PREPARATION: 1,
	LOSE: 1,
	APOLOGY: 1,
	NEW: 0.3,
};

function invoiceStageForDeal(r: Random, stage: string): Invoice['stage'] {
	switch (stage) {
		case 'WON':
			return r.chance(0.92) ? 'P' : 'S';
		case 'LOSE':
		case 'APOLOGY':
			return r.chance(0.6) ? 'D' : 'N';
		case 'EXECUTING':
			return r.chance(0.7) ? 'P' : 'S';
		case 'PREPAYMENT_INVOICE':
		case 'FINAL_INVOICE':
			return 'S';
		default:
			return r.chance(0.5) ? 'N' : 'S';
	}
}

export function generateInvoices(seed: number, count: number, deals: Deal[], parties: Parties, products: Product[], guids: GuidFactory): Invoice[] {
	const r = Random.for(seed, 'invoices');
	// weighted sample of deals without replacement (Efraimidis–Spirakis keys)
	const keyed = deals.map((d) => ({ d, key: Math.pow(r.next(), 1 / INVOICE_WEIGHT[d.stage]) }));
	keyed.sort((a, b) => b.key - a.key || a.d.n - b.d.n);
	const fromDeals = Math.min(deals.length, Math.round(count * 0.85));
	const drafts: Array<{ inv: Invoice; t: number; seq: number }> = [];
	for (let i = 0; i < count; i++) {
		let inv: Invoice;
		let t: number;
		if (i < fromDeals) {
			const deal = keyed[i].d;
			const dealT = Date.parse(deal.createdAt + 'Z');
			t = officeTime(r, dealT, Math.min(END, dealT + 20 * DAY));
			const rows = r.chance(0.8) ? deal.rows : deal.rows.slice(0, r.int(1, deal.rows.length));
			inv = {
				n: 0,
				guid: '',
				number: '',
				date: fmt(t),
				dealN: deal.n,
				companyN: deal.companyN,
				contactN: deal.contactN,
				stage: invoiceStageForDeal(r, deal.stage),
				rows: rows.map((x) => ({ ...x })),
				responsibleUserId: deal.responsibleUserId,
				payBefore: '',
			};
		} else {
			const { company, contact } = pickClient(r, parties, 0.8);
			t = officeTime(r, Math.max(START, company?.t ?? START), END);
			const age = (END - t) / DAY;
			inv = {
				n: 0,
				guid: '',
				number: '',
				date: fmt(t),
				dealN: null,
				companyN: company?.company.n ?? null,
				contactN: contact?.n ?? null,
				stage: age < 10 ? r.weighted([['N', 50], ['S', 50]]) : r.weighted([['P', 75], ['S', 10], ['D', 15]]),
				rows: makeRows(r, products, r.int(1, 5), false),
				responsibleUserId: company && r.chance(0.7) ? company.company.responsibleUserId : pickManager(r, t),
				payBefore: '',
			};
		}
		inv.payBefore = fmtDay(Math.min(END, t + r.int(3, 10) * DAY));
		drafts.push({ inv, t, seq: i });
	}
	drafts.sort((a, b) => a.t - b.t || a.seq - b.seq);
	return drafts.map((d, i) => {
		d.inv.n = i + 1;
		d.inv.guid = guids.make(GUID_SECTIONS.invoice, i + 1);
		d.inv.number = `0000-${String(i + 1).padStart(6, '0')}`;
		return d.inv;
	});
}

// ---------------------------------------------------------------- store orders

export function generateOrders(seed: number, count: number, parties: Parties, products: Product[], guids: GuidFactory): StoreOrder[] {
	const r = Random.for(seed, 'orders');
	const times: number[] = [];
	for (let i = 0; i < count; i++) times.push(anyTime(r, START, END));
	times.sort((a, b) => a - b);
	return times.map((t, i) => {
		const { company, contact } = pickClient(r, parties, 0.3);
		const age = (END - t) / DAY;
		const status: StoreOrder['status'] =
			age < 3
				? r.weighted([['N', 60], ['P', 40]])
				: age < 10
					? r.weighted([['N', 20], ['P', 30], ['F', 40], ['D', 10]])
					: r.weighted([['F', 80], ['D', 12], ['N', 8]]);
		const rows = makeRows(r, products, r.int(1, 4), false, true);
		const courier = r.chance(0.45);
		const legal = company !== null && company.company.form !== 'ФЛ';
		return {
			n: i + 1,
			guid: guids.make(GUID_SECTIONS.order, i + 1),
			accountNumber: String(i + 1),
			date: fmt(t),
			status,
			companyN: company?.company.n ?? null,
			contactN: contact?.n ?? null,
			rows,
			paid: status === 'P' || status === 'F',
			shipped: status === 'F',
			paySystem: legal ? (r.chance(0.85) ? 'bank' : 'card') : r.chance(0.6) ? 'card' : 'cash',
			delivery: courier ? 'courier' : 'pickup',
			deliveryPrice: courier && rowsTotal(rows) < 10000 ? r.pick([300, 500, 700]) : 0,
			responsibleUserId: pickManager(r, t),
		};
	});
}

import {
	accountKeyValid,
	bikValid,
	corrAccountKeyValid,
	innChecksumValid,
	kppValid,
	ogrnValid,
} from '../../lib/requisites';
import { generateDataset, type BankAccount, type Company, type Dataset, type Row } from '../../sandbox/seed';

const ds200 = generateDataset({ seed: 1, companies: 200 });
const ds1000 = generateDataset({ seed: 42, companies: 1000 });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const FIRST = '2025-01-01T00:00:00';
const LAST = '2026-11-20T23:59:59';

function digitsOfPhone(s: string): string {
	const d = s.replace(/доб\..*$/, '').replace(/\D/g, '');
	return d.length === 11 && (d[0] === '7' || d[0] === '8') ? d.slice(1) : d;
}

function allGuids(ds: Dataset): string[] {
	return [
		ds.organisation.guid,
		ds.organisation.bankAccount.guid,
		...ds.companies.flatMap((c) => [c.guid, ...c.bankAccounts.map((a) => a.guid)]),
		...ds.contacts.map((c) => c.guid),
		...ds.products.map((p) => p.guid),
		...ds.deals.map((d) => d.guid),
		...ds.invoices.map((i) => i.guid),
		...ds.orders.map((o) => o.guid),
	];
}

function accountProblems(a: BankAccount): string[] {
	const out: string[] = [];
	if (!bikValid(a.bik)) out.push(`BIK ${a.bik}`);
	if (!corrAccountKeyValid(a.bik, a.corrAccount)) out.push(`corr. account ${a.corrAccount} / ${a.bik}`);
	if (!accountKeyValid(a.bik, a.account)) out.push(`account ${a.account} / ${a.bik}`);
	if (a.currency !== 'RUB') out.push(`currency ${a.currency}`);
	return out;
}

function share(items: Company[], pred: (c: Company) => boolean): number {
	return items.filter(pred).length / items.length;
}

describe('seed dataset: sizes', () => {
	it('has the documented sizes for 200 companies', () => {
		expect(ds200.seed).toBe(1);
		expect(ds200.companies).toHaveLength(200);
		expect(ds200.contacts).toHaveLength(300);
		expect(ds200.deals).toHaveLength(200);
		expect(ds200.invoices).toHaveLength(100);
		expect(ds200.orders).toHaveLength(60);
		expect(ds200.products).toHaveLength(120);
		expect(ds200.users).toHaveLength(12);
		expect(ds200.departments.length).toBeGreaterThanOrEqual(4);
		expect(ds200.departments.length).toBeLessThanOrEqual(5);
		expect(ds200.workgroups).toHaveLength(2);
		expect(ds200.pipelines.map((p) => p.id)).toEqual([0, 1]);
	});

	it('defaults to 200 companies when the size is 0 or missing', () => {
		expect(generateDataset({ seed: 5, companies: 0 }).companies).toHaveLength(200);
		expect(generateDataset({ seed: 5 } as never).companies).toHaveLength(200);
	});

	it('scales with companies and caps deals and invoices', () => {
		const small = generateDataset({ seed: 3, companies: 10 });
		expect(small.companies).toHaveLength(10);
		expect(small.contacts).toHaveLength(15);
		expect(small.deals).toHaveLength(10);
		expect(small.invoices).toHaveLength(5);
		expect(small.products).toHaveLength(120);
		expect(small.orders).toHaveLength(60);
		expect(ds1000.contacts).toHaveLength(1500);
		expect(ds1000.deals).toHaveLength(1000);
		expect(ds1000.invoices).toHaveLength(500);
		const big = generateDataset({ seed: 3, companies: 3000 });
		expect(big.contacts).toHaveLength(4500);
		expect(big.deals).toHaveLength(2000);
		expect(big.invoices).toHaveLength(1000);
		expect(big.orders).toHaveLength(60);
	});

	it('works for a single company', () => {
		const one = generateDataset({ seed: 9, companies: 1 });
		expect(one.companies).toHaveLength(1);
		expect(one.deals).toHaveLength(1);
		expect(one.orders).toHaveLength(60);
	});
});

describe('seed dataset: determinism', () => {
	it('gives byte-identical JSON for the same seed and size', () => {
		const a = JSON.stringify(generateDataset({ seed: 1, companies: 200 }));
		expect(a).toBe(JSON.stringify(ds200));
		expect(JSON.stringify(generateDataset({ seed: 42, companies: 1000 }))).toBe(JSON.stringify(ds1000));
	});

	it('differs for another seed', () => {
		const other = generateDataset({ seed: 2, companies: 200 });
		expect(JSON.stringify(other)).not.toBe(JSON.stringify(ds200));
		expect(other.companies[0].inn).not.toBe(ds200.companies[0].inn);
		expect(other.companies[0].guid).not.toBe(ds200.companies[0].guid);
	});

	it('does not use Math.random or the clock', () => {
		const random = jest.spyOn(Math, 'random');
		const now = jest.spyOn(Date, 'now');
		generateDataset({ seed: 8, companies: 50 });
		expect(random).not.toHaveBeenCalled();
		expect(now).not.toHaveBeenCalled();
		random.mockRestore();
		now.mockRestore();
	});
});

describe('seed dataset: identifiers', () => {
	it('has unique 1C-style GUIDs', () => {
		for (const ds of [ds200, ds1000]) {
			const guids = allGuids(ds);
			expect(guids.filter((g) => !GUID.test(g))).toEqual([]);
			expect(new Set(guids).size).toBe(guids.length);
		}
	});

	it('numbers every entity 1..N in order', () => {
		for (const list of [ds1000.companies, ds1000.contacts, ds1000.products, ds1000.deals, ds1000.invoices, ds1000.orders]) {
			expect(list.map((x) => x.n)).toEqual(list.map((_, i) => i + 1));
		}
		expect(ds1000.invoices.slice(0, 2).map((i) => i.number)).toEqual(['0000-000001', '0000-000002']);
		for (const inv of ds1000.invoices) expect(inv.number).toBe(`0000-${String(inv.n).padStart(6, '0')}`);
	});
});

describe('seed dataset: requisites', () => {
	it('gives every company a valid INN/KPP/OGRN for its form', () => {
		const problems: string[] = [];
		for (const ds of [ds200, ds1000]) {
			for (const c of ds.companies) {
				const at = `company ${c.n} (${c.form})`;
				if (!innChecksumValid(c.inn)) problems.push(`${at}: INN ${c.inn}`);
				if (c.form === 'ООО' || c.form === 'АО' || c.form === 'ПАО') {
					if (c.inn.length !== 10) problems.push(`${at}: INN length`);
					if (c.kpp === null || !kppValid(c.kpp)) problems.push(`${at}: KPP ${c.kpp}`);
					if (c.ogrn === null || c.ogrn.length !== 13 || !ogrnValid(c.ogrn)) problems.push(`${at}: OGRN ${c.ogrn}`);
					// a hastily typed duplicate card may lack the director
					if (c.duplicateOf === undefined && c.director === null) problems.push(`${at}: no director`);
				} else if (c.form === 'ИП') {
					if (c.inn.length !== 12) problems.push(`${at}: INN length`);
					if (c.kpp !== null) problems.push(`${at}: KPP ${c.kpp}`);
					if (c.ogrn === null || c.ogrn.length !== 15 || !ogrnValid(c.ogrn)) problems.push(`${at}: OGRNIP ${c.ogrn}`);
					if (!/ИП|предприниматель/.test(c.name)) problems.push(`${at}: name ${c.name}`);
				} else {
					if (c.inn.length !== 12) problems.push(`${at}: INN length`);
					if (c.kpp !== null || c.ogrn !== null || c.director !== null) problems.push(`${at}: requisites of a private person`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('gives bank accounts valid keys with their BIK', () => {
		for (const ds of [ds200, ds1000]) {
			const accounts = [ds.organisation.bankAccount, ...ds.companies.flatMap((c) => c.bankAccounts)];
			expect(accounts.flatMap(accountProblems)).toEqual([]);
		}
		const org = ds200.organisation;
		expect(innChecksumValid(org.inn) && kppValid(org.kpp) && ogrnValid(org.ogrn)).toBe(true);
		expect(org.name).toBe('ООО "Ромашка"');
	});

	it('has 1–2 accounts for about 70 % of companies, with account types by form', () => {
		const withAccounts = share(ds1000.companies, (c) => c.bankAccounts.length > 0);
		expect(withAccounts).toBeGreaterThan(0.6);
		expect(withAccounts).toBeLessThan(0.8);
		const wrong = ds1000.companies.filter((c) => {
			const prefix = c.form === 'ИП' ? '40802' : c.form === 'ФЛ' ? '40817' : '40702';
			return c.bankAccounts.length > 2 || c.bankAccounts.some((a) => !a.account.startsWith(prefix));
		});
		expect(wrong.map((c) => c.n)).toEqual([]);
	});

	it('keeps INNs unique except for the intentional duplicates', () => {
		for (const ds of [ds200, ds1000]) {
			const originals = ds.companies.filter((c) => c.duplicateOf === undefined).map((c) => c.inn);
			expect(new Set(originals).size).toBe(originals.length);
		}
	});
});

describe('seed dataset: realism', () => {
	it('keeps the form distribution (ООО 60, АО 10, ПАО 3, ИП 20, ФЛ 7 %)', () => {
		const expected: Record<string, number> = { ООО: 0.6, АО: 0.1, ПАО: 0.03, ИП: 0.2, ФЛ: 0.07 };
		for (const ds of [ds200, ds1000]) {
			for (const [form, p] of Object.entries(expected)) {
				const s = share(ds.companies, (c) => c.form === form);
				expect([form, Math.abs(s - p) < 0.04]).toEqual([form, true]);
			}
		}
	});

	it('names companies the Russian way', () => {
		for (const c of ds200.companies.filter((x) => x.duplicateOf === undefined)) {
			if (c.form === 'ООО') {
				expect(c.name).toMatch(/^ООО "[^"]+"$/);
				expect(c.fullName).toMatch(/^Общество с ограниченной ответственностью "/);
			}
			if (c.form === 'ИП') expect(c.name).toMatch(/^ИП [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
			if (c.form === 'ФЛ') expect(c.name).toBe(c.fullName);
			expect(c.legalAddress.full).toContain(c.legalAddress.postalCode);
			expect(c.legalAddress.postalCode).toMatch(/^\d{6}$/);
			expect(c.legalAddress.full).toContain(c.legalAddress.city);
		}
	});

	it('writes about 15 % of the phones dirty, the rest as +7 XXX XXX-XX-XX', () => {
		const phones = [...ds1000.companies, ...ds1000.contacts].flatMap((x) => x.phones);
		const clean = phones.filter((p) => /^\+7 \d{3} \d{3}-\d{2}-\d{2}$|^\+7 \d{4} \d{2}-\d{2}-\d{2}$/.test(p));
		const dirty = 1 - clean.length / phones.length;
		expect(dirty).toBeGreaterThan(0.08);
		expect(dirty).toBeLessThan(0.25);
		expect(phones.filter((p) => !/^\d{10}$/.test(digitsOfPhone(p)))).toEqual([]);
	});

	it('uses example domains for e-mails and websites', () => {
		const emails = [...ds1000.companies, ...ds1000.contacts].flatMap((x) => x.emails);
		expect(emails.length).toBeGreaterThan(1000);
		expect(emails.filter((e) => !/^[a-z0-9._-]+@([a-z0-9-]+\.)*example\.(ru|com|org|net)$/.test(e.trim().toLowerCase()))).toEqual([]);
		expect(ds1000.companies.filter((c) => c.web !== null && !/example\.(ru|com)$/.test(c.web)).map((c) => c.web)).toEqual([]);
	});

	it('keeps phones unique apart from the intentional duplicates', () => {
		const seen = new Set<string>();
		const shared: string[] = [];
		for (const x of [...ds1000.companies, ...ds1000.contacts]) {
			if (x.duplicateOf !== undefined) continue;
			for (const p of x.phones) {
				const d = digitsOfPhone(p);
				if (seen.has(d)) shared.push(p);
				seen.add(d);
			}
		}
		expect(shared).toEqual([]);
	});
});

describe('seed dataset: duplicates on purpose', () => {
	it('has ~3 % duplicate companies pointing to earlier originals with the same INN and another spelling', () => {
		for (const ds of [ds200, ds1000]) {
			const dups = ds.companies.filter((c) => c.duplicateOf !== undefined);
			expect(dups.length).toBeGreaterThan(0);
			expect(dups.length / ds.companies.length).toBeLessThan(0.06);
			for (const d of dups) {
				expect(d.duplicateOf!).toBeLessThan(d.n);
				const orig = ds.companies[d.duplicateOf! - 1];
				expect(orig.duplicateOf).toBeUndefined();
				expect(d.inn).toBe(orig.inn);
				expect(d.form).toBe(orig.form);
				expect(d.name).not.toBe(orig.name);
				expect(d.guid).not.toBe(orig.guid);
			}
		}
		const dups = ds1000.companies.filter((c) => c.duplicateOf !== undefined);
		expect(dups.length / ds1000.companies.length).toBeGreaterThan(0.015);
		// most share a phone, written differently
		const sharingPhone = dups.filter((d) => {
			const orig = ds1000.companies[d.duplicateOf! - 1];
			return d.phones.some((p) => orig.phones.some((q) => digitsOfPhone(q) === digitsOfPhone(p) && q !== p));
		});
		expect(sharingPhone.length / dups.length).toBeGreaterThan(0.4);
	});

	it('has ~4 % duplicate contacts sharing a phone or e-mail written differently', () => {
		for (const ds of [ds200, ds1000]) {
			const dups = ds.contacts.filter((c) => c.duplicateOf !== undefined);
			expect(dups.length).toBe(Math.round(ds.contacts.length * 0.04));
			for (const d of dups) {
				expect(d.duplicateOf!).toBeLessThan(d.n);
				const orig = ds.contacts[d.duplicateOf! - 1];
				expect(orig.duplicateOf).toBeUndefined();
				const samePhone = d.phones.some((p) => orig.phones.some((q) => digitsOfPhone(q) === digitsOfPhone(p) && q !== p));
				const sameEmail = d.emails.some((e) =>
					orig.emails.some((f) => f.trim().toLowerCase() === e.trim().toLowerCase() && f !== e),
				);
				expect([d.n, samePhone || sameEmail]).toEqual([d.n, true]);
				expect(d.person.firstName.replace(/ё/g, 'е')).toBe(orig.person.firstName.replace(/ё/g, 'е'));
			}
		}
	});
});

describe('seed dataset: contacts, products, pipelines, documents', () => {
	const companyCount = ds1000.companies.length;
	const contactCount = ds1000.contacts.length;

	it('links most contacts to companies and ~10 % to nobody', () => {
		const priv = ds1000.contacts.filter((c) => c.companyN === null).length / contactCount;
		expect(priv).toBeGreaterThan(0.05);
		expect(priv).toBeLessThan(0.2);
		const bad = ds1000.contacts.filter((c) => c.companyN !== null && (c.companyN < 1 || c.companyN > companyCount));
		expect(bad.map((c) => c.n)).toEqual([]);
		// a contact appears after its company
		const early = ds1000.contacts.filter((c) => c.companyN !== null && c.createdAt < ds1000.companies[c.companyN - 1].createdAt);
		expect(early.map((c) => c.n)).toEqual([]);
	});

	it('has 120 products in ~8 groups with ~15 % services, VAT 20/10/none and OKEI units', () => {
		const { products } = ds1000;
		expect(new Set(products.map((p) => p.group)).size).toBe(8);
		const services = products.filter((p) => p.isService).length / products.length;
		expect(services).toBeGreaterThan(0.1);
		expect(services).toBeLessThan(0.2);
		const vat = products.map((p) => p.vatRate);
		expect(vat.filter((v) => v === 20).length).toBeGreaterThan(90);
		expect(vat).toContain(10);
		expect(vat).toContain(null);
		const units: Record<string, string> = { '796': 'шт', '166': 'кг', '006': 'м', '112': 'л', '778': 'упак' };
		for (const p of products) {
			expect(units[p.unitCode]).toBe(p.unitName);
			expect(p.price).toBeGreaterThan(0);
			expect(Math.round(p.price * 100)).toBeCloseTo(p.price * 100, 6);
			expect(p.purchasePrice).toBeLessThan(p.price);
		}
		expect(new Set(products.map((p) => p.sku)).size).toBe(120);
	});

	it('has the two pipelines with their stages', () => {
		const [general, wholesale] = ds1000.pipelines;
		expect(general.name).toBe('Общая');
		expect(general.stages.map((s) => s.code)).toEqual([
			'NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE', 'APOLOGY',
		]);
		expect(general.stages.map((s) => s.semantics)).toEqual(['P', 'P', 'P', 'P', 'P', 'S', 'F', 'F']);
		expect(wholesale.name).toBe('Оптовые продажи');
		expect(wholesale.stages.map((s) => s.code)).toEqual(expect.arrayContaining(['NEW', 'PREPARATION', 'EXECUTING', 'WON', 'LOSE']));
		expect(wholesale.stages.some((s) => /^UC_[A-Z0-9]{6}$/.test(s.code))).toBe(true);
		for (const s of [...general.stages, ...wholesale.stages]) expect(s.color).toMatch(/^#[0-9A-F]{6}$/);
	});

	/** Problems of document rows (collected, so that one expect covers thousands of rows). */
	function rowProblems(where: string, rows: Row[], max: number): string[] {
		const out: string[] = [];
		if (rows.length < 1 || rows.length > max) out.push(`${where}: ${rows.length} rows`);
		for (const r of rows) {
			const p = ds1000.products[r.productN - 1];
			if (!p) {
				out.push(`${where}: no product ${r.productN}`);
				continue;
			}
			if (!(r.quantity > 0) || !Number.isInteger(r.quantity * 2)) out.push(`${where}: quantity ${r.quantity}`);
			if (!Number.isInteger(r.quantity) && !['кг', 'м', 'л'].includes(p.unitName)) out.push(`${where}: ${r.quantity} ${p.unitName}`);
			if (!(r.price > 0) || Math.abs(Math.round(r.price * 100) - r.price * 100) > 1e-6) out.push(`${where}: price ${r.price}`);
			if (![0, 5, 10].includes(r.discountPercent)) out.push(`${where}: discount ${r.discountPercent}`);
			if (r.vatRate !== p.vatRate) out.push(`${where}: VAT ${r.vatRate} ≠ ${p.vatRate}`);
		}
		return out;
	}

	it('keeps deals consistent: stage of its pipeline, valid links, 1–6 rows, dates in order', () => {
		const stagesOf = new Map(ds1000.pipelines.map((p) => [p.id, new Set(p.stages.map((s) => s.code))]));
		const problems: string[] = [];
		let prev = '';
		for (const d of ds1000.deals) {
			const at = `deal ${d.n}`;
			if (!stagesOf.get(d.pipelineId)?.has(d.stage)) problems.push(`${at}: stage ${d.pipelineId}/${d.stage}`);
			if (d.companyN === null && d.contactN === null) problems.push(`${at}: no client`);
			if (d.companyN !== null && (d.companyN < 1 || d.companyN > companyCount)) problems.push(`${at}: company ${d.companyN}`);
			if (d.contactN !== null && (d.contactN < 1 || d.contactN > contactCount)) problems.push(`${at}: contact ${d.contactN}`);
			if (d.responsibleUserId < 1 || d.responsibleUserId > 12) problems.push(`${at}: user ${d.responsibleUserId}`);
			problems.push(...rowProblems(at, d.rows, 6));
			if (d.createdAt < prev) problems.push(`${at}: created before the previous deal`);
			prev = d.createdAt;
			if (d.closeDate.slice(0, 10) < d.createdAt.slice(0, 10)) problems.push(`${at}: closes before it opens`);
			if (d.companyN !== null && d.createdAt < ds1000.companies[d.companyN - 1].createdAt) problems.push(`${at}: before its company`);
		}
		expect(problems).toEqual([]);
		expect(ds1000.deals.filter((d) => d.pipelineId === 1).length).toBeGreaterThan(50);
		expect(ds1000.deals.some((d) => d.rows.length === 6)).toBe(true);
	});

	it('keeps invoices consistent with their deals', () => {
		const problems: string[] = [];
		let prev = '';
		for (const inv of ds1000.invoices) {
			const at = `invoice ${inv.number}`;
			problems.push(...rowProblems(at, inv.rows, 6));
			if (!['N', 'S', 'P', 'D'].includes(inv.stage)) problems.push(`${at}: stage ${inv.stage}`);
			if (inv.date < prev) problems.push(`${at}: dated before the previous invoice`);
			prev = inv.date;
			if (inv.payBefore.slice(0, 10) < inv.date.slice(0, 10)) problems.push(`${at}: pay before the date`);
			if (inv.dealN !== null) {
				const deal = ds1000.deals[inv.dealN - 1];
				if (inv.date < deal.createdAt) problems.push(`${at}: before deal ${deal.n}`);
				if (inv.companyN !== deal.companyN || inv.contactN !== deal.contactN) problems.push(`${at}: other client than deal ${deal.n}`);
			}
		}
		expect(problems).toEqual([]);
		const withDeal = ds1000.invoices.filter((i) => i.dealN !== null);
		expect(new Set(withDeal.map((i) => i.dealN)).size).toBe(withDeal.length);
		expect(withDeal.length / ds1000.invoices.length).toBeGreaterThan(0.7);
	});

	it('keeps store orders consistent: status vs paid/shipped', () => {
		const problems: string[] = [];
		for (const o of ds1000.orders) {
			const at = `order ${o.n}`;
			problems.push(...rowProblems(at, o.rows, 6));
			if (o.paid !== (o.status === 'P' || o.status === 'F')) problems.push(`${at}: ${o.status} paid=${o.paid}`);
			if (o.shipped !== (o.status === 'F')) problems.push(`${at}: ${o.status} shipped=${o.shipped}`);
			if (o.delivery === 'pickup' ? o.deliveryPrice !== 0 : o.deliveryPrice < 0) problems.push(`${at}: delivery price`);
			if (o.rows.some((r) => ds1000.products[r.productN - 1].isService)) problems.push(`${at}: a service in a store order`);
		}
		expect(problems).toEqual([]);
		const statuses = new Set(ds1000.orders.map((o) => o.status));
		expect(statuses.has('F')).toBe(true);
		expect(statuses.size).toBeGreaterThanOrEqual(3);
	});

	it('keeps every date in 2025-01-01 … 2026-11-20 as YYYY-MM-DDTHH:mm:ss', () => {
		const dates = [
			...ds1000.companies.map((c) => c.createdAt),
			...ds1000.contacts.map((c) => c.createdAt),
			...ds1000.deals.flatMap((d) => [d.createdAt, d.closeDate]),
			...ds1000.invoices.flatMap((i) => [i.date, i.payBefore]),
			...ds1000.orders.map((o) => o.date),
		];
		expect(dates.filter((d) => !DATE.test(d) || d < FIRST || d > LAST)).toEqual([]);
		for (const list of [ds1000.companies, ds1000.contacts]) {
			expect(list.filter((x, i) => i > 0 && x.createdAt < list[i - 1].createdAt).map((x) => x.n)).toEqual([]);
		}
	});

	it('has users, departments and workgroups that reference each other', () => {
		const deptIds = new Set(ds1000.departments.map((d) => d.id));
		expect(ds1000.departments[0]).toMatchObject({ id: 1, parentId: null });
		for (const d of ds1000.departments.slice(1)) expect(d.parentId).toBe(1);
		for (const u of ds1000.users) expect(deptIds.has(u.departmentId)).toBe(true);
		for (const w of ds1000.workgroups) {
			expect(w.memberUserIds).toContain(w.ownerUserId);
			for (const id of w.memberUserIds) expect(id).toBeLessThanOrEqual(12);
		}
		expect(ds1000.users[0].id).toBe(1);
		expect(new Set(ds1000.users.map((u) => u.email)).size).toBe(12);
	});
});

// Generation speed is measured by `npm run bench` (seed line), not asserted here.

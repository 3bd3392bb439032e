/**
 * Seed of the CRM tables from the neutral dataset. IDs follow the dataset: company n → ID n,
 * contact n → ID n (private persons «ФЛ» become contacts after them), deal n → ID n,
 * smart invoice n → id n, product rows from the dataset rows; "my company" after the companies.
 */
import type { Row, Store } from '../core/store';
import type { Dataset, Person, Row as SeedRow } from '../../seed/types';
import { nextSeq, seedDate, type EntityModule } from './common';
import { newRow } from './crm-classic';
import { CLASSIC } from './crm-classic';
import { phoneKey } from './crm-classic';
import { SMART_INVOICE, defaultCategory, stageEntity, stageOf } from './crm-dictionaries';
import { computeRow, rowsTotal, setRows } from './productrows';

const entity = (name: string) => CLASSIC.find((e) => e.name === name)!;

function multi(store: Store, typeId: string, values: string[]): Row[] {
	return values.map((v, i) => ({ ID: nextSeq(store, 'multifield'), VALUE_TYPE: typeId === 'PHONE' && i > 0 ? 'MOBILE' : 'WORK', VALUE: v, TYPE_ID: typeId }));
}

function productRows(ds: Dataset, rows: SeedRow[]): Array<Record<string, unknown>> {
	return rows.map((r, i) => {
		const p = ds.products[r.productN - 1];
		const priceAfterDiscount = Math.round(r.price * (1 - r.discountPercent / 100) * 100) / 100;
		const withTax = r.vatIncluded || r.vatRate === null ? priceAfterDiscount : Math.round(priceAfterDiscount * (1 + r.vatRate / 100) * 100) / 100;
		return computeRow({
			productId: r.productN,
			productName: p?.name ?? `Товар ${r.productN}`,
			price: withTax,
			quantity: r.quantity,
			discountTypeId: 2,
			discountRate: r.discountPercent,
			taxRate: r.vatRate,
			taxIncluded: r.vatIncluded ? 'Y' : 'N',
			measureCode: Number(p?.unitCode ?? 796),
			measureName: p?.unitName ?? 'шт',
			sort: (i + 1) * 10,
		});
	});
}

const fio = (p: Person) => ({ LAST_NAME: p.lastName, NAME: p.firstName, SECOND_NAME: p.middleName, HONORIFIC: p.gender === 'M' ? 'HNR_RU_1' : 'HNR_RU_2' });

export const crmSeedModule: EntityModule = {
	name: 'crm-seed',
	register() {
		/* data only */
	},
	load(store: Store, ds: Dataset) {
		for (const c of ds.companies) {
			if (c.form === 'ФЛ') continue;
			const row = newRow(entity('company'), c.responsibleUserId, seedDate(c.createdAt));
			Object.assign(row, {
				ID: c.n,
				TITLE: c.name,
				COMPANY_TYPE: 'CUSTOMER',
				INDUSTRY: c.industry,
				PHONE: multi(store, 'PHONE', c.phones),
				EMAIL: multi(store, 'EMAIL', c.emails),
				WEB: c.web ? multi(store, 'WEB', [c.web]) : [],
				HAS_PHONE: c.phones.length ? 'Y' : 'N',
				HAS_EMAIL: c.emails.length ? 'Y' : 'N',
				HAS_IMOL: 'N',
				ADDRESS: c.actualAddress.full,
				REG_ADDRESS: c.legalAddress.full,
			});
			store.table('company').insert(row);
		}
		if (ds.organisation) {
			const o = ds.organisation;
			const row = newRow(entity('company'), 1, '2025-01-10T10:00:00+03:00');
			Object.assign(row, { ID: ds.companies.length + 1, TITLE: o.name, IS_MY_COMPANY: 'Y', COMPANY_TYPE: 'OTHER', PHONE: multi(store, 'PHONE', [o.phone]), EMAIL: multi(store, 'EMAIL', [o.email]), HAS_PHONE: 'Y', HAS_EMAIL: 'Y', HAS_IMOL: 'N', ORIGIN_ID: o.guid });
			store.table('company').insert(row);
		}
		for (const c of ds.contacts) {
			const row = newRow(entity('contact'), c.responsibleUserId, seedDate(c.createdAt));
			Object.assign(row, {
				ID: c.n,
				...fio(c.person),
				POST: c.position,
				COMPANY_ID: c.companyN,
				COMPANY_IDS: c.companyN ? [c.companyN] : [],
				PHONE: multi(store, 'PHONE', c.phones),
				EMAIL: multi(store, 'EMAIL', c.emails),
				HAS_PHONE: c.phones.length ? 'Y' : 'N',
				HAS_EMAIL: c.emails.length ? 'Y' : 'N',
				HAS_IMOL: 'N',
				TYPE_ID: 'CLIENT',
				SOURCE_ID: 'CALL',
			});
			store.table('contact').insert(row);
		}
		let personId = ds.contacts.length;
		for (const c of ds.companies.filter((x) => x.form === 'ФЛ')) {
			const row = newRow(entity('contact'), c.responsibleUserId, seedDate(c.createdAt));
			const p = c.director ?? { lastName: c.name, firstName: '', middleName: '', gender: 'M' as const };
			Object.assign(row, { ID: ++personId, ...fio(p), PHONE: multi(store, 'PHONE', c.phones), EMAIL: multi(store, 'EMAIL', c.emails), HAS_PHONE: c.phones.length ? 'Y' : 'N', HAS_EMAIL: c.emails.length ? 'Y' : 'N', HAS_IMOL: 'N', TYPE_ID: 'CLIENT' });
			store.table('contact').insert(row);
		}
		for (const d of ds.deals) {
			const row = newRow(entity('deal'), d.responsibleUserId, seedDate(d.createdAt));
			const { prefix } = stageEntity(2, d.pipelineId);
			const stage = stageOf(store, 2, d.pipelineId, prefix + d.stage);
			Object.assign(row, {
				ID: d.n,
				TITLE: d.title,
				CATEGORY_ID: d.pipelineId,
				STAGE_ID: prefix + d.stage,
				STAGE_SEMANTIC_ID: stage?.SEMANTICS ?? 'P',
				CLOSED: stage?.SEMANTICS ? 'Y' : 'N',
				IS_NEW: 'N',
				COMPANY_ID: d.companyN,
				CONTACT_ID: d.contactN,
				CONTACT_IDS: d.contactN ? [d.contactN] : [],
				BEGINDATE: seedDate(d.createdAt.slice(0, 10)),
				CLOSEDATE: seedDate(d.closeDate.slice(0, 10)),
				TYPE_ID: 'SALE',
				SOURCE_ID: 'CALL',
			});
			// the table keeps its own copy of the row: the totals go to the stored one
			const stored = store.table('deal').insert(row);
			const rows = setRows(store, 'D', d.n, productRows(ds, d.rows));
			const t = rowsTotal(rows);
			Object.assign(stored, { OPPORTUNITY: t.opportunity, TAX_VALUE: t.tax });
		}
		const invoiceCat = defaultCategory(store, SMART_INVOICE);
		for (const inv of ds.invoices) {
			const { prefix } = stageEntity(SMART_INVOICE, invoiceCat);
			const created = seedDate(inv.date);
			const item: Row = {
				id: inv.n,
				xmlId: '',
				title: `Счёт № ${inv.number} от ${inv.date.slice(0, 10).split('-').reverse().join('.')}`,
				createdBy: inv.responsibleUserId,
				updatedBy: inv.responsibleUserId,
				movedBy: inv.responsibleUserId,
				createdTime: created,
				updatedTime: created,
				movedTime: created,
				categoryId: invoiceCat,
				stageId: prefix + inv.stage,
				previousStageId: null,
				begindate: seedDate(inv.date.slice(0, 10)),
				closedate: seedDate(inv.payBefore.slice(0, 10)),
				companyId: inv.companyN,
				contactId: inv.contactN,
				contactIds: inv.contactN ? [inv.contactN] : [],
				mycompanyId: ds.organisation ? ds.companies.length + 1 : null,
				opportunity: 0,
				isManualOpportunity: 'N',
				taxValue: 0,
				currencyId: 'RUB',
				assignedById: inv.responsibleUserId,
				opened: 'Y',
				comments: null,
				observers: [],
				sourceId: null,
				sourceDescription: null,
				parentId2: inv.dealN,
				entityTypeId: SMART_INVOICE,
				accountNumber: inv.number,
				stageSemanticId: stageOf(store, SMART_INVOICE, invoiceCat, prefix + inv.stage)?.SEMANTICS ?? 'P',
			};
			const storedItem = store.table('item', 'id').insert(item);
			const t = rowsTotal(setRows(store, 'SI', inv.n, productRows(ds, inv.rows)));
			Object.assign(storedItem, { opportunity: t.opportunity, taxValue: t.tax });
		}
		void phoneKey;
	},
};

/**
 * Old invoices `crm.invoice.*` (deprecated on real portals, still used by older integrations):
 * UPPER_SNAKE fields, statuses from the `INVOICE_STATUS` dictionary, product rows inline
 * (`PRODUCT_ROWS`), owners in `UF_COMPANY_ID` / `UF_CONTACT_ID` / `UF_DEAL_ID` / `UF_MYCOMPANY_ID`.
 */
import { Errors } from '../core/errors';
import { asList, isPlainObject } from '../core/php';
import type { CallContext } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicRow, describeFields, fieldsParam, idParam, listRows, mustGet, nextSeq, nowIso, seedDate, typedValue, type EntityModule, type FieldDef, type Schema } from './common';
import { stageOf } from './crm-dictionaries';
import type { Dataset } from '../../seed/types';

const f = (type: FieldDef['type'], title: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type, title, ...extra });

export const INVOICE_OLD: Schema = {
	ID: f('integer', 'ID', { isReadOnly: true }),
	ACCOUNT_NUMBER: f('string', 'Номер счёта'),
	ORDER_TOPIC: f('string', 'Тема', { isRequired: true }),
	STATUS_ID: f('crm_status', 'Статус', { isRequired: true, statusType: 'INVOICE_STATUS' }),
	DATE_BILL: f('date', 'Дата выставления'),
	DATE_PAY_BEFORE: f('date', 'Срок оплаты'),
	DATE_INSERT: f('datetime', 'Дата создания', { isReadOnly: true }),
	DATE_UPDATE: f('datetime', 'Дата изменения', { isReadOnly: true }),
	DATE_STATUS: f('datetime', 'Дата изменения статуса', { isReadOnly: true }),
	PAY_VOUCHER_NUM: f('string', 'Номер платёжного документа'),
	PAY_VOUCHER_DATE: f('date', 'Дата оплаты'),
	PAYED: f('char', 'Оплачен', { isReadOnly: true }),
	PERSON_TYPE_ID: f('integer', 'Тип плательщика', { isRequired: true }),
	PAY_SYSTEM_ID: f('integer', 'Платёжная система', { isRequired: true }),
	PRICE: f('double', 'Сумма', { isReadOnly: true }),
	CURRENCY: f('crm_currency', 'Валюта', { isReadOnly: true }),
	TAX_VALUE: f('double', 'Сумма налога', { isReadOnly: true }),
	RESPONSIBLE_ID: f('user', 'Ответственный'),
	UF_COMPANY_ID: f('integer', 'Компания'),
	UF_CONTACT_ID: f('integer', 'Контакт'),
	UF_MYCOMPANY_ID: f('integer', 'Моя компания'),
	UF_DEAL_ID: f('integer', 'Сделка'),
	UF_QUOTE_ID: f('integer', 'Предложение'),
	XML_ID: f('string', 'Внешний код'),
	COMMENTS: f('string', 'Комментарий менеджера'),
	USER_DESCRIPTION: f('string', 'Комментарий'),
	PRODUCT_ROWS: f('object', 'Товары', { isMultiple: true, isRequired: true }),
};

const table = (s: Store) => s.table('invoice');
const round2 = (n: number) => Math.round(n * 100) / 100;

function productRows(store: Store, input: unknown): Row[] {
	return asList(input)
		.filter(isPlainObject)
		.map((r, i) => ({
			ID: nextSeq(store, 'invoice_row'),
			PRODUCT_ID: Number(r.PRODUCT_ID ?? 0),
			PRODUCT_NAME: String(r.PRODUCT_NAME ?? ''),
			QUANTITY: Number(r.QUANTITY ?? 1),
			PRICE: Number(r.PRICE ?? 0),
			DISCOUNT_PRICE: Number(r.DISCOUNT_PRICE ?? 0),
			VAT_RATE: r.VAT_RATE === undefined || r.VAT_RATE === null || r.VAT_RATE === '' ? 0 : Number(r.VAT_RATE),
			VAT_INCLUDED: r.VAT_INCLUDED === 'N' ? 'N' : 'Y',
			MEASURE_CODE: Number(r.MEASURE_CODE ?? 796),
			MEASURE_NAME: String(r.MEASURE_NAME ?? 'шт'),
			CUSTOMIZED: 'Y',
			SORT: Number(r.SORT ?? (i + 1) * 10),
			XML_ID: String(r.XML_ID ?? ''),
		}));
}

function totals(row: Row): void {
	let price = 0;
	let tax = 0;
	for (const r of (row.PRODUCT_ROWS as Row[]) ?? []) {
		const q = Number(r.QUANTITY);
		const p = Number(r.PRICE);
		const rate = Number(r.VAT_RATE);
		const gross = r.VAT_INCLUDED === 'Y' ? p : p * (1 + rate);
		price += gross * q;
		tax += (gross - gross / (1 + rate)) * q;
	}
	row.PRICE = round2(price);
	row.TAX_VALUE = round2(tax);
}

function apply(ctx: CallContext, row: Row, fields: Record<string, unknown>): void {
	for (const [k, v] of Object.entries(fields)) {
		const key = k.toUpperCase();
		const def = INVOICE_OLD[key];
		if (key === 'PRODUCT_ROWS') row.PRODUCT_ROWS = productRows(ctx.portal.store, v);
		else if (key.startsWith('UF_CRM_')) row[key] = v;
		else if (def && !def.isReadOnly) row[key] = typedValue(v, def.type);
	}
	if (!stageOf(ctx.portal.store, 5, 0, String(row.STATUS_ID))) throw Errors.crm(`Invalid status: ${String(row.STATUS_ID)}`);
	row.PAYED = stageOf(ctx.portal.store, 5, 0, String(row.STATUS_ID))?.SEMANTICS === 'S' ? 'Y' : 'N';
	totals(row);
}

export const invoiceOldModule: EntityModule = {
	name: 'invoice-old',
	register(reg) {
		const common = { scope: 'crm', crmAccess: 'old' as const };
		reg.define('crm.invoice.fields', { ...common, handler: () => describeFields(INVOICE_OLD) });
		reg.define('crm.invoice.add', {
			...common,
			handler: (ctx) => {
				const fields = fieldsParam(ctx.params);
				if (!fields.ORDER_TOPIC) throw Errors.crm('The field ORDER_TOPIC is required.');
				if (!asList(fields.PRODUCT_ROWS).length) throw Errors.crm('Invoice must contain at least one product row.');
				const now = nowIso(ctx.portal);
				const row: Row = { ...Object.fromEntries(Object.keys(INVOICE_OLD).map((k) => [k, null])), STATUS_ID: 'N', CURRENCY: 'RUB', PERSON_TYPE_ID: 1, PAY_SYSTEM_ID: 1, RESPONSIBLE_ID: ctx.auth.userId, DATE_INSERT: now, DATE_UPDATE: now, DATE_STATUS: now, DATE_BILL: `${now.slice(0, 10)}T00:00:00${now.slice(19)}` };
				apply(ctx, row, fields);
				const saved = table(ctx.portal.store).insert(row);
				if (!saved.ACCOUNT_NUMBER) saved.ACCOUNT_NUMBER = String(saved.ID);
				ctx.portal.emit('ONCRMINVOICEADD', { ID: saved.ID });
				return saved.ID;
			},
		});
		reg.define('crm.invoice.get', { ...common, handler: ({ params, portal }) => classicRow(mustGet(table(portal.store), idParam(params)), INVOICE_OLD) });
		reg.define('crm.invoice.update', {
			...common,
			handler: (ctx) => {
				const row = mustGet(table(ctx.portal.store), idParam(ctx.params));
				const before = row.STATUS_ID;
				apply(ctx, row, fieldsParam(ctx.params));
				row.DATE_UPDATE = nowIso(ctx.portal);
				ctx.portal.emit('ONCRMINVOICEUPDATE', { ID: row.ID });
				if (row.STATUS_ID !== before) {
					row.DATE_STATUS = row.DATE_UPDATE;
					ctx.portal.emit('ONCRMINVOICESETSTATUS', { ID: row.ID, STATUS_ID: row.STATUS_ID });
				}
				return true;
			},
		});
		reg.define('crm.invoice.delete', {
			...common,
			handler: (ctx) => {
				const id = idParam(ctx.params);
				mustGet(table(ctx.portal.store), id);
				table(ctx.portal.store).delete(id);
				ctx.portal.emit('ONCRMINVOICEDELETE', { ID: id });
				return true;
			},
		});
		reg.define('crm.invoice.list', {
			...common,
			handler: ({ params, start, portal }) => listRows(table(portal.store).all(), params, start, { view: (r) => classicRow(r, INVOICE_OLD), defaultSelect: Object.keys(INVOICE_OLD).filter((k) => k !== 'PRODUCT_ROWS') }),
		});
	},
	load(store: Store, ds: Dataset) {
		// ten old-format invoices, for integrations that still use crm.invoice.*; numbered in their
		// own series (СТ00-…) so they never share a 1C number with the smart invoices they copy
		for (const inv of ds.invoices.slice(0, 10)) {
			const number = `СТ${inv.number.slice(2)}`;
			const row: Row = {
				...Object.fromEntries(Object.keys(INVOICE_OLD).map((k) => [k, null])),
				ID: inv.n,
				ACCOUNT_NUMBER: number,
				ORDER_TOPIC: `Счёт № ${number}`,
				STATUS_ID: inv.stage === 'P' ? 'P' : inv.stage === 'D' ? 'D' : 'N',
				DATE_BILL: seedDate(inv.date.slice(0, 10)),
				DATE_PAY_BEFORE: seedDate(inv.payBefore.slice(0, 10)),
				DATE_INSERT: seedDate(inv.date),
				DATE_UPDATE: seedDate(inv.date),
				DATE_STATUS: seedDate(inv.date),
				PAYED: inv.stage === 'P' ? 'Y' : 'N',
				PERSON_TYPE_ID: 1,
				PAY_SYSTEM_ID: 1,
				CURRENCY: 'RUB',
				RESPONSIBLE_ID: inv.responsibleUserId,
				UF_COMPANY_ID: inv.companyN,
				UF_CONTACT_ID: inv.contactN,
				UF_DEAL_ID: inv.dealN,
				PRODUCT_ROWS: inv.rows.map((r, i) => ({ ID: nextSeq(store, 'invoice_row'), PRODUCT_ID: r.productN, PRODUCT_NAME: ds.products[r.productN - 1]?.name ?? '', QUANTITY: r.quantity, PRICE: round2(r.price * (1 - r.discountPercent / 100)), DISCOUNT_PRICE: round2((r.price * r.discountPercent) / 100), VAT_RATE: (r.vatRate ?? 0) / 100, VAT_INCLUDED: r.vatIncluded ? 'Y' : 'N', MEASURE_CODE: 796, MEASURE_NAME: 'шт', CUSTOMIZED: 'Y', SORT: (i + 1) * 10, XML_ID: '' })),
			};
			totals(row);
			table(store).insert(row);
		}
	},
};

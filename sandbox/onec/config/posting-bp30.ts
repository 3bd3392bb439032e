/**
 * Posting of the БП 3.0 documents into `AccumulationRegister_РасчетыСКонтрагентами` (the
 * ASSUMED settlements register of ./bp30.ts: dimensions Организация, Контрагент, Договор,
 * СчетНаОплату; resource Сумма):
 * - `СчетНаОплатуПокупателю`: checks only — an invoice is not a debt, it moves no register
 *   (registerRecords is empty; the payment status lives in `InformationRegister_СтатусыДокументов`);
 * - `РеализацияТоваровУслуг`: Receipt of `СуммаДокумента` against the invoice it was made from
 *   (`СчетНаОплатуПокупателю_Key`, else `ДокументОснование`);
 * - `ПоступлениеНаРасчетныйСчет`, `ПриходныйКассовыйОрдер`: Expense per `РасшифровкаПлатежа` row
 *   (contract and invoice of the row, else of the header), or one Expense of `СуммаДокумента`.
 */
import type { Movements, PostingContext } from '../model/types';
import { compRef, documentAmount, EMPTY_REF, filled, movements, num, refOf, requireFields, rows, type Doc } from './posting-common';

export interface BpNames {
	invoices: string;
	settlements: string;
}

export function bpPosting(n: BpNames) {
	const invoiceOf = (doc: Doc, key?: string): string => {
		if (key && filled(doc[`${key}_Key`])) return String(doc[`${key}_Key`]);
		return compRef(doc, 'ДокументОснование', [n.invoices])?.ref ?? EMPTY_REF;
	};
	const record = (doc: Doc, kind: 'Receipt' | 'Expense', contract: string, invoice: string, sum: number) => ({
		RecordType: kind,
		Организация_Key: refOf(doc, 'Организация'),
		Контрагент_Key: refOf(doc, 'Контрагент'),
		Договор_Key: contract,
		СчетНаОплату_Key: invoice,
		Сумма: sum,
	});

	const invoice = (doc: Doc, ctx: PostingContext): Movements => {
		void ctx;
		requireFields(doc, ['Организация', 'Контрагент']);
		return {};
	};

	const sale = (doc: Doc, ctx: PostingContext): Movements => {
		void ctx;
		requireFields(doc, ['Организация', 'Контрагент', 'ДоговорКонтрагента']);
		const sum = documentAmount(doc, [
			['Товары', 'Сумма'],
			['Услуги', 'Сумма'],
		]);
		const vatOnTop = doc.СуммаВключаетНДС === false ? rows(doc, 'Товары').concat(rows(doc, 'Услуги')).reduce((s, r) => s + num(r.СуммаНДС), 0) : 0;
		const total = num(doc.СуммаДокумента) !== 0 ? sum : sum + vatOnTop;
		return movements({ [n.settlements]: [record(doc, 'Receipt', refOf(doc, 'ДоговорКонтрагента'), invoiceOf(doc, 'СчетНаОплатуПокупателю'), total)] });
	};

	const payment = (doc: Doc, ctx: PostingContext): Movements => {
		void ctx;
		requireFields(doc, ['Организация', 'Контрагент', 'ДоговорКонтрагента', 'СуммаДокумента']);
		const lines = rows(doc, 'РасшифровкаПлатежа').filter((r) => num(r.Сумма) !== 0);
		const header = refOf(doc, 'ДоговорКонтрагента');
		const records = lines.length
			? lines.map((r) => record(doc, 'Expense', filled(r.ДоговорКонтрагента_Key) ? String(r.ДоговорКонтрагента_Key) : header, compRef(r, 'СчетНаОплату', [n.invoices])?.ref ?? invoiceOf(doc), num(r.Сумма)))
			: [record(doc, 'Expense', header, invoiceOf(doc), num(doc.СуммаДокумента))];
		return movements({ [n.settlements]: records });
	};

	return { invoice, sale, payment };
}

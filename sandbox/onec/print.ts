/**
 * The print-form HTTP service some bases publish in a configuration extension
 * (`/<base>/hs/print/<EntitySet>/<Ref_Key>?form=<name>`; research §6: the standard OData
 * interface has no print operation). It renders a small but valid PDF with the document's title,
 * number, date, counterparty, rows and total (pdfmake with embedded Cyrillic, lib/print/pdf.ts). Bases
 * without the extension answer the web server's 404.
 */
import type { Base } from './base';
import { EMPTY_REF, type Row } from './format/values';
import { renderPdf } from '../../lib/print/pdf';

/** Bases that publish the print service. */
export const PRINT_SERVICE_BASES = new Set(['bp30', 'unf']);

const TITLES: Record<string, string> = {
	invoice: 'Счет на оплату',
	sale: 'Реализация товаров и услуг',
	order: 'Заказ покупателя',
};

function money(n: number): string {
	return n.toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function date(d: unknown): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(d));
	return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

export async function printForm(base: Base, entitySet: string, ref: string, form: string): Promise<{ status: number; contentType: string; body: Buffer }> {
	const set = base.set(entitySet);
	const doc = set?.object.kind === 'Document' ? base.get(entitySet, ref.toLowerCase()) : undefined;
	if (!set || !doc) return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`Документ ${entitySet}(${ref}) не найден`, 'utf8') };
	const counterparty = doc.Контрагент_Key && doc.Контрагент_Key !== EMPTY_REF ? base.get('Catalog_Контрагенты', String(doc.Контрагент_Key)) : undefined;
	const section = set.properties.find((p) => p.role.kind === 'tabular' && ['Товары', 'Запасы'].includes(p.name));
	const rows = section ? ((doc[section.name] as Row[]) ?? []) : [];
	const productName = (r: Row) => {
		const ref = String(r.Номенклатура_Key ?? r.Номенклатура ?? '');
		return String(base.get('Catalog_Номенклатура', ref)?.Description ?? r.Содержание ?? '');
	};
	const total = Number(doc.СуммаДокумента ?? rows.reduce((s, r) => s + Number(r.Сумма ?? 0) + (doc.СуммаВключаетНДС === false ? Number(r.СуммаНДС ?? 0) : 0), 0));
	const title = `${TITLES[form] ?? set.object.name} № ${String(doc.Number)} от ${date(doc.Date)}`;
	const pdf = await renderPdf({
		info: { title },
		content: [
			{ text: title, style: 'title' },
			{ text: `Покупатель: ${String(counterparty?.Description ?? '—')}${counterparty?.ИНН ? `, ИНН ${String(counterparty.ИНН)}` : ''}${counterparty?.КПП ? `, КПП ${String(counterparty.КПП)}` : ''}`, margin: [0, 8, 0, 8] },
			{
				table: {
					headerRows: 1,
					widths: [20, '*', 50, 70, 80],
					body: [['№', 'Товары (работы, услуги)', 'Кол-во', 'Цена', 'Сумма'], ...rows.map((r, i) => [String(i + 1), productName(r), String(r.Количество ?? ''), money(Number(r.Цена ?? 0)), money(Number(r.Сумма ?? 0))])],
				},
			},
			{ text: `Итого: ${money(total)} руб.`, style: 'total' },
		],
		styles: { title: { fontSize: 14, bold: true }, total: { bold: true, alignment: 'right', margin: [0, 8, 0, 0] } },
		defaultStyle: { fontSize: 10 },
	});
	return { status: 200, contentType: 'application/pdf', body: pdf };
}

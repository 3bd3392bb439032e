/**
 * The form-independent model of a printable document (invoice, sale, order) and the pure helpers
 * every built-in print form shares: validation (the problems that must stop printing — never a
 * blank PDF), totals computed from the rows and rounded to kopecks, Russian number/date formats
 * and the output file name («Счет_на_оплату_0000-000123_от_2026-11-24.pdf»). No I/O.
 */

export interface PrintParty {
	name: string;
	fullName?: string;
	inn?: string;
	kpp?: string;
	address?: string;
	phone?: string;
}

export interface PrintBank {
	name: string;
	bik: string;
	corrAccount?: string;
	account: string;
}

export interface PrintRow {
	name: string;
	quantity: number;
	unit?: string;
	price: number;
	sum: number;
	/** '20%', '10%', '20/120', 'Без НДС' */
	vatRate?: string;
	/** The row's VAT as the document has it; computed from vatRate when absent. */
	vat?: number;
}

export type PrintKind = 'invoice' | 'sale' | 'order';

export interface PrintDocument {
	kind: PrintKind;
	number: string;
	/** YYYY-MM-DD or ISO (1C dates have no time zone: only the date part is used) */
	date: string;
	organisation: PrintParty;
	bank?: PrintBank;
	counterparty: PrintParty;
	rows: PrintRow[];
	/** true: row sums include VAT («В том числе НДС»); false: VAT is added on top. */
	pricesIncludeVat: boolean;
	currency?: 'RUB';
	comment?: string;
	signatures?: { director?: string; accountant?: string };
}

export interface PrintTotals {
	/** Sum of the row sums («Итого») */
	sum: number;
	/** VAT of all rows */
	vat: number;
	/** The amount to pay («Всего к оплате»): sum, plus VAT when prices exclude it */
	total: number;
	/** VAT per rate label in the order of first appearance; 'Без НДС' rows grouped with vat 0 */
	byRate: Array<{ rate: string; vat: number }>;
}

export const NO_VAT = 'Без НДС';

export const TITLES: Record<PrintKind, string> = {
	invoice: 'Счет на оплату',
	sale: 'Реализация товаров и услуг',
	order: 'Заказ покупателя',
};

/** Printing stopped: the document number and every problem found. */
export class PrintError extends Error {
	constructor(
		readonly documentNumber: string,
		readonly problems: string[],
		kind: PrintKind | string = 'invoice',
	) {
		const title = TITLES[kind as PrintKind] ?? 'Документ';
		super(`${title} № ${documentNumber || '(без номера)'} нельзя напечатать: ${problems.join('; ')}`);
		this.name = 'PrintError';
	}
}

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
const finite = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n);

/** The Y, M, D of a 'YYYY-MM-DD…' date, or undefined. */
export function dateParts(date: string): { y: number; m: number; d: number } | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(date ?? '').trim());
	if (!m) return undefined;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900) return undefined;
	return { y, m: mo, d };
}

/** The problems that must stop printing; [] when the document can be printed. */
export function validatePrintDocument(doc: PrintDocument | null | undefined): string[] {
	if (!doc || typeof doc !== 'object') return ['документ не найден'];
	const problems: string[] = [];
	if (blank(doc.number)) problems.push('нет номера документа');
	if (!dateParts(doc.date)) problems.push(`дата документа не распознана («${String(doc.date ?? '')}»)`);
	const org = doc.organisation;
	if (!org || blank(org.name)) problems.push('у организации нет наименования');
	if (!org || blank(org.inn)) problems.push('у организации нет ИНН');
	if (!doc.counterparty || blank(doc.counterparty.name)) problems.push('у покупателя (контрагента) нет наименования');
	if (doc.kind === 'invoice') {
		const b = doc.bank;
		if (!b) problems.push('нет банковских реквизитов организации (банковского счета)');
		else {
			if (blank(b.name)) problems.push('у банковского счета нет наименования банка');
			if (blank(b.bik)) problems.push('у банковского счета нет БИК');
			if (blank(b.account)) problems.push('у банковского счета нет номера счета');
		}
	}
	if (!Array.isArray(doc.rows) || doc.rows.length === 0) problems.push('нет строк товаров (работ, услуг)');
	else
		doc.rows.forEach((r, i) => {
			const at = `строка ${i + 1}`;
			if (!r || typeof r !== 'object') return void problems.push(`${at}: пустая строка`);
			if (blank(r.name)) problems.push(`${at}: нет наименования товара (услуги)`);
			if (!finite(r.quantity)) problems.push(`${at}: количество не число (${String(r.quantity)})`);
			if (!finite(r.price)) problems.push(`${at}: цена не число (${String(r.price)})`);
			if (!finite(r.sum)) problems.push(`${at}: сумма не число (${String(r.sum)})`);
			if (r.vat !== undefined && !finite(r.vat)) problems.push(`${at}: сумма НДС не число (${String(r.vat)})`);
		});
	return problems;
}

/** 20 for '20%', '20 %', '20/120'; undefined for 'Без НДС', '' or anything else. */
export function vatPercent(rate: string | undefined): number | undefined {
	const m = /^\s*(\d+(?:[.,]\d+)?)\s*(%|\/\s*\d+)?\s*$/.exec(rate ?? '');
	return m ? Number(m[1].replace(',', '.')) : undefined;
}

const kopecks = (n: number): number => Math.round(n * 100);

/** Totals from the rows (document totals are never trusted), rounded to kopecks. */
export function totals(doc: PrintDocument): PrintTotals {
	let sum = 0;
	let vat = 0;
	const byRate = new Map<string, number>();
	for (const r of doc.rows) {
		const rate = vatPercent(r.vatRate);
		const label = rate === undefined ? NO_VAT : r.vatRate!.trim();
		let rowVat = 0;
		if (finite(r.vat)) rowVat = kopecks(r.vat!);
		else if (rate !== undefined) rowVat = kopecks(doc.pricesIncludeVat ? (r.sum * rate) / (100 + rate) : (r.sum * rate) / 100);
		sum += kopecks(r.sum);
		vat += rowVat;
		byRate.set(label, (byRate.get(label) ?? 0) + rowVat);
	}
	return {
		sum: sum / 100,
		vat: vat / 100,
		total: (doc.pricesIncludeVat ? sum : sum + vat) / 100,
		byRate: [...byRate].map(([rate, v]) => ({ rate, vat: v / 100 })),
	};
}

/** Groups of three digits with a plain space: 1234567 → '1 234 567'. */
function groupDigits(digits: string): string {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Money as 1C prints it: '1 234,50' (space thousands, comma, 2 decimals). */
export function formatMoney(n: number): string {
	const k = Math.round(Math.abs(n) * 100);
	const text = `${groupDigits(String(Math.floor(k / 100)))},${String(k % 100).padStart(2, '0')}`;
	return n < 0 && k > 0 ? `-${text}` : text;
}

/** A quantity: '10', '2,5', '0,125' (up to 3 decimals, no trailing zeros). */
export function formatQuantity(n: number): string {
	const [int, frac] = Math.abs(n).toFixed(3).replace(/0+$/, '').replace(/\.$/, '').split('.');
	return `${n < 0 ? '-' : ''}${groupDigits(int)}${frac ? `,${frac}` : ''}`;
}

const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** '2026-11-24' → '24 ноября 2026 г.' */
export function dateInWords(date: string): string {
	const p = dateParts(date);
	return p ? `${p.d} ${MONTHS_GENITIVE[p.m - 1]} ${p.y} г.` : String(date ?? '');
}

/** «ООО «Альфа», ИНН 7701234567, КПП 770101001, адрес, тел.: …» — the requisites line of a party. */
export function partyLine(p: PrintParty): string {
	return [
		p.fullName?.trim() || p.name,
		p.inn ? `ИНН ${p.inn}` : '',
		p.kpp ? `КПП ${p.kpp}` : '',
		p.address ?? '',
		p.phone ? `тел.: ${p.phone}` : '',
	]
		.map((s) => s.trim())
		.filter(Boolean)
		.join(', ');
}

/** 'Счет_на_оплату_0000-000123_от_2026-11-24.pdf' — title words joined by `_`, illegal characters removed. */
export function fileName(doc: PrintDocument): string {
	const p = dateParts(doc.date);
	const date = p ? `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}` : String(doc.date ?? '');
	return safeFileName([TITLES[doc.kind] ?? 'Документ', String(doc.number ?? ''), 'от', date].join(' '), 'Документ');
}

/** Words → a file name every OS takes: no path or reserved characters, spaces → `_`, `.pdf` added. */
export function safeFileName(words: string, fallback: string): string {
	const safe = words
		.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
		.trim()
		.replace(/\s+/g, '_')
		.replace(/^\.+/, '');
	return `${safe || fallback}.pdf`;
}

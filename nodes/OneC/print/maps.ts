/**
 * Declarative field maps of the print loader (./load.ts): which entity sets and fields hold a
 * printable document of each kind, its rows, organisation, bank account, counterparty, products,
 * units and VAT rates — per configuration (БП 3.0, УНФ, УТ 11). Another configuration passes its
 * own `PrintFieldMap`. Reference fields are named without the `_Key` suffix: the loader reads both
 * plain references (`X_Key`) and composite ones (`X` + `X_Type`).
 */
import type { PrintKind } from '../../../lib/print/model';

/** Where a document kind lives and what its header/rows are called. */
export interface PrintKindMap {
	/** the document entity set, e.g. `Document_СчетНаОплатуПокупателю` */
	set: string;
	/** tabular sections whose rows are printed, concatenated in this order (БП: `Товары` + `Услуги`) */
	rows: string[];
	/** the document has no rows of its own: they are in the basis document this field refers to (УТ invoice) */
	rowsFromBasis?: string;
	/** the organisation's bank account on the document (reference field) */
	bankAccount?: string;
	/** boolean «amounts include VAT» (`СуммаВключаетНДС` / `ЦенаВключаетНДС`) */
	pricesIncludeVat?: string;
	/** the document total, for callers that compare (`СуммаДокумента`) */
	total?: string;
}

/** Fields of a goods row. */
export interface PrintRowMap {
	product: string;
	/** free-text name of the row (БП `Содержание`), printed instead of the product's name when filled */
	content?: string;
	/** the row's unit reference (falls back to the product's unit) */
	unit?: string;
	quantity: string;
	price: string;
	sum: string;
	/** VAT rate: an enum value (`vatRates` absent) or a reference to the `vatRates` catalog */
	vatRate: string;
	vat?: string;
}

export interface PrintFieldMap {
	id: string;
	kinds: Partial<Record<PrintKind, PrintKindMap>>;
	organisation: { set: string; field: string; defaultBankAccount?: string };
	/** the organisation's bank accounts; `bank*` fields are read from the account when present (УТ) */
	bankAccount: { set: string; number: string; bank?: string; bik?: string; bankName?: string; corrAccount?: string; owner?: string };
	/** banks: Code = БИК */
	bank?: { set: string; corrAccount?: string };
	counterparty: { set: string; field: string };
	product: { set: string; unit?: string };
	/** the default unit catalog (composite references name theirs in `_Type`) */
	unitSet: string;
	/** the VAT rates catalog; absent: rates are enum values (`НДС20`, `БезНДС`, `НДС20_120`) */
	vatRates?: string;
	row: PrintRowMap;
}

const ROW: PrintRowMap = { product: 'Номенклатура', unit: 'ЕдиницаИзмерения', quantity: 'Количество', price: 'Цена', sum: 'Сумма', vatRate: 'СтавкаНДС', vat: 'СуммаНДС' };
const ORG = { set: 'Catalog_Организации', field: 'Организация' };
const CP = { set: 'Catalog_Контрагенты', field: 'Контрагент' };

export const PRINT_FIELD_MAPS: Record<'bp30' | 'unf' | 'ut11', PrintFieldMap> = {
	bp30: {
		id: 'bp30',
		kinds: {
			invoice: { set: 'Document_СчетНаОплатуПокупателю', rows: ['Товары', 'Услуги'], bankAccount: 'БанковскийСчетОрганизации', pricesIncludeVat: 'СуммаВключаетНДС', total: 'СуммаДокумента' },
			sale: { set: 'Document_РеализацияТоваровУслуг', rows: ['Товары', 'Услуги'], bankAccount: 'БанковскийСчетОрганизации', pricesIncludeVat: 'СуммаВключаетНДС', total: 'СуммаДокумента' },
		},
		organisation: { ...ORG, defaultBankAccount: 'ОсновнойБанковскийСчет' },
		bankAccount: { set: 'Catalog_БанковскиеСчета', number: 'НомерСчета', bank: 'Банк', owner: 'Owner' },
		bank: { set: 'Catalog_Банки', corrAccount: 'КоррСчет' },
		counterparty: CP,
		product: { set: 'Catalog_Номенклатура', unit: 'ЕдиницаИзмерения' },
		unitSet: 'Catalog_КлассификаторЕдиницИзмерения',
		row: { ...ROW, content: 'Содержание' },
	},
	unf: {
		id: 'unf',
		kinds: {
			invoice: { set: 'Document_СчетНаОплату', rows: ['Запасы'], bankAccount: 'БанковскийСчет', pricesIncludeVat: 'СуммаВключаетНДС', total: 'СуммаДокумента' },
			order: { set: 'Document_ЗаказПокупателя', rows: ['Запасы'], pricesIncludeVat: 'СуммаВключаетНДС', total: 'СуммаДокумента' },
			sale: { set: 'Document_РасходнаяНакладная', rows: ['Запасы'], pricesIncludeVat: 'СуммаВключаетНДС', total: 'СуммаДокумента' },
		},
		organisation: { ...ORG, defaultBankAccount: 'ОсновнойБанковскийСчет' },
		bankAccount: { set: 'Catalog_БанковскиеСчета', number: 'НомерСчета', bank: 'Банк', owner: 'Owner' },
		bank: { set: 'Catalog_Банки', corrAccount: 'КоррСчет' },
		counterparty: CP,
		product: { set: 'Catalog_Номенклатура', unit: 'ЕдиницаИзмерения' },
		unitSet: 'Catalog_КлассификаторЕдиницИзмерения',
		vatRates: 'Catalog_СтавкиНДС',
		row: ROW,
	},
	ut11: {
		id: 'ut11',
		kinds: {
			// УТ 11: the invoice has no goods table — the rows are those of its basis (order or sale)
			invoice: { set: 'Document_СчетНаОплатуКлиенту', rows: [], rowsFromBasis: 'ДокументОснование', bankAccount: 'БанковскийСчет', total: 'СуммаДокумента' },
			order: { set: 'Document_ЗаказКлиента', rows: ['Товары'], pricesIncludeVat: 'ЦенаВключаетНДС', total: 'СуммаДокумента' },
			sale: { set: 'Document_РеализацияТоваровУслуг', rows: ['Товары'], bankAccount: 'БанковскийСчетОрганизации', pricesIncludeVat: 'ЦенаВключаетНДС', total: 'СуммаДокумента' },
		},
		organisation: ORG,
		bankAccount: { set: 'Catalog_БанковскиеСчетаОрганизаций', number: 'НомерСчета', bank: 'Банк', bik: 'БИКБанка', bankName: 'НаименованиеБанка', corrAccount: 'КоррСчетБанка', owner: 'Owner' },
		bank: { set: 'Catalog_КлассификаторБанков', corrAccount: 'КоррСчет' },
		counterparty: CP,
		product: { set: 'Catalog_Номенклатура', unit: 'ЕдиницаИзмерения' },
		unitSet: 'Catalog_УпаковкиЕдиницыИзмерения',
		vatRates: 'Catalog_СтавкиНДС',
		row: { ...ROW, unit: 'Упаковка' },
	},
};

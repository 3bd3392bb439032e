/**
 * Builds the form-independent print model (lib/print/model.ts) of a 1C document from OData: the
 * document by Ref_Key, its goods rows (or those of its basis — УТ invoice), the organisation with
 * its address, its bank account and bank, the counterparty, and the products, units and VAT rates
 * of the rows read by key lists (never one request per row). What is read where comes from a
 * `PrintFieldMap` (./maps.ts). A document that cannot be printed throws a `PrintError` naming it
 * and every problem — never a half-empty document.
 */
import { isGuid } from '../../../lib/odata';
import { NO_VAT, PrintError, validatePrintDocument, type PrintBank, type PrintDocument, type PrintKind, type PrintParty, type PrintRow } from '../../../lib/print/model';
import type { OneCClient } from '../transport/client';
import { OneCError } from '../transport/errors';
import { PRINT_FIELD_MAPS, type PrintFieldMap, type PrintKindMap } from './maps';

export { PRINT_FIELD_MAPS, type PrintFieldMap, type PrintKindMap } from './maps';

type Row = Record<string, unknown>;

/** A built-in configuration id or a custom field map. */
export type PrintConfig = keyof typeof PRINT_FIELD_MAPS | PrintFieldMap;

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** A reference field of a row: `X_Key` or composite `X` + `X_Type`; undefined when empty. */
export function refOf(row: Row | undefined, name: string | undefined): { key: string; set?: string } | undefined {
	if (!row || !name) return undefined;
	const key = row[`${name}_Key`] ?? row[name];
	if (!isGuid(key) || key === EMPTY_GUID) return undefined;
	const type = row[`${name}_Type`];
	const set = typeof type === 'string' ? type.replace(/^StandardODATA\./, '') : undefined;
	return { key, set: set && set !== 'Undefined' ? set : undefined };
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const numberOf = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

/** `НДС20` → '20%', `НДС20_120` → '20/120', `БезНДС` → 'Без НДС' (БП enum values). */
export function vatEnumLabel(value: unknown): string | undefined {
	const v = text(value);
	if (!v) return undefined;
	if (/^Без\s*НДС$/i.test(v)) return NO_VAT;
	const m = /^НДС(\d+)(?:_(\d+))?$/.exec(v);
	if (!m) return v;
	return m[2] ? `${m[1]}/${m[2]}` : `${m[1]}%`;
}

/** GET by key; undefined when the object does not exist (404), other errors propagate. */
async function byKey(client: OneCClient, set: string, key: string): Promise<Row | undefined> {
	try {
		return await client.getByKey(set, key);
	} catch (e) {
		if (e instanceof OneCError && e.status === 404) return undefined;
		throw e;
	}
}

/** Rows of several sets by their keys, one `listByKeys` per set: Ref_Key → row. */
export async function readByKeys(client: OneCClient, keys: Array<{ key: string; set: string }>): Promise<Map<string, Row>> {
	const bySet = new Map<string, Set<string>>();
	for (const k of keys) bySet.set(k.set, (bySet.get(k.set) ?? new Set()).add(k.key));
	const out = new Map<string, Row>();
	await Promise.all(
		[...bySet].map(async ([set, guids]) => {
			for (const r of await client.listByKeys(set, 'Ref_Key', [...guids])) out.set(String(r.Ref_Key), r);
		}),
	);
	return out;
}

/** The first address of a `КонтактнаяИнформация` section. */
function addressOf(obj: Row): string | undefined {
	const ci = Array.isArray(obj.КонтактнаяИнформация) ? (obj.КонтактнаяИнформация as Row[]) : [];
	return text(ci.find((r) => r.Тип === 'Адрес' && text(r.Представление))?.Представление) || undefined;
}

function partyOf(obj: Row | undefined, short = false): PrintParty {
	if (!obj) return { name: '' };
	const p: PrintParty = { name: (short && text(obj.НаименованиеСокращенное)) || text(obj.Description) };
	const full = text(obj.НаименованиеПолное);
	if (full) p.fullName = full;
	if (text(obj.ИНН)) p.inn = text(obj.ИНН);
	if (text(obj.КПП)) p.kpp = text(obj.КПП);
	const address = addressOf(obj);
	if (address) p.address = address;
	return p;
}

/** The configuration's map of this kind, or an Error saying the configuration has no such document. */
export function kindMap(map: PrintFieldMap, kind: PrintKind): PrintKindMap {
	const k = map.kinds[kind];
	if (!k) throw new Error(`The 1C configuration "${map.id}" has no ${kind} document to print (known: ${Object.keys(map.kinds).join(', ') || 'none'})`);
	return k;
}

/** The organisation's bank details: the document's account, else the organisation's default one, else its first account. */
async function bankOf(client: OneCClient, map: PrintFieldMap, k: PrintKindMap, doc: Row, org: Row | undefined, orgKey: string | undefined): Promise<PrintBank | undefined> {
	const a = map.bankAccount;
	const ref = refOf(doc, k.bankAccount) ?? refOf(org, map.organisation.defaultBankAccount);
	let account = ref ? await byKey(client, a.set, ref.key) : undefined;
	if (!account && orgKey && a.owner) {
		const filter = `${a.owner}_Key eq guid'${orgKey}' and DeletionMark eq false`;
		account = (await client.list(a.set, { filter, limit: 1 }))[0];
	}
	if (!account) return undefined;
	const bankRef = refOf(account, a.bank);
	const bank = bankRef && map.bank ? await byKey(client, map.bank.set, bankRef.key) : undefined;
	const pick = (own: string | undefined, fromBank: unknown): string => (own && text(account[own])) || text(fromBank);
	const b: PrintBank = {
		name: pick(a.bankName, bank?.Description),
		bik: pick(a.bik, bank?.Code),
		account: text(account[a.number]),
	};
	const corr = pick(a.corrAccount, map.bank?.corrAccount ? bank?.[map.bank.corrAccount] : undefined);
	if (corr) b.corrAccount = corr;
	return b;
}

/** The goods rows (document's sections, or the basis document's) and the document holding them. */
async function rowsOf(client: OneCClient, map: PrintFieldMap, k: PrintKindMap, doc: Row, problems: string[]): Promise<{ rows: Row[]; holder: Row }> {
	const collect = (holder: Row, sections: string[]) => sections.flatMap((s) => (Array.isArray(holder[s]) ? (holder[s] as Row[]) : []));
	if (!k.rowsFromBasis) return { rows: collect(doc, k.rows), holder: doc };
	const basis = refOf(doc, k.rowsFromBasis);
	if (!basis?.set) {
		problems.push(`строки счета берутся из документа-основания («${k.rowsFromBasis}»), а он не указан`);
		return { rows: [], holder: doc };
	}
	const holder = await byKey(client, basis.set, basis.key);
	if (!holder) {
		problems.push(`документ-основание ${basis.set} ${basis.key} не найден`);
		return { rows: [], holder: doc };
	}
	const sections = Object.values(map.kinds).find((m) => m.set === basis.set && m.rows.length)?.rows ?? ['Товары'];
	return { rows: collect(holder, sections), holder };
}

/**
 * Reads and validates a printable document. `config`: a built-in configuration id or a custom
 * field map. Throws `PrintError` (document number or Ref_Key + problems) when it cannot be printed,
 * an Error when the configuration has no document of this kind.
 */
export async function loadPrintDocument(client: OneCClient, config: PrintConfig, kind: PrintKind, ref: string, fromSet?: string): Promise<PrintDocument> {
	const map = typeof config === 'string' ? PRINT_FIELD_MAPS[config] : config;
	if (!map) throw new Error(`Unknown 1C configuration "${String(config)}" for printing`);
	// the form printed from another document of the configuration (УНФ prints «Счет на оплату» from a
	// «Заказ покупателя»): that document's set, its rows of the same name, the organisation's default account
	const own = kindMap(map, kind);
	const k = fromSet && fromSet !== own.set ? { ...own, set: fromSet, bankAccount: undefined } : own;
	if (!isGuid(ref)) throw new PrintError(String(ref), [`ссылка на документ «${String(ref)}» не является GUID`], kind);
	const doc = await byKey(client, k.set, ref);
	if (!doc) throw new PrintError(ref, [`документ ${k.set} с Ref_Key ${ref} не найден`], kind);
	const problems: string[] = [];

	const orgRef = refOf(doc, map.organisation.field);
	const cpRef = refOf(doc, map.counterparty.field);
	const [org, cp, lines] = await Promise.all([
		orgRef ? byKey(client, map.organisation.set, orgRef.key) : undefined,
		cpRef ? byKey(client, map.counterparty.set, cpRef.key) : undefined,
		rowsOf(client, map, k, doc, problems),
	]);
	if (orgRef && !org) problems.push(`организация ${orgRef.key} не найдена`);
	if (cpRef && !cp) problems.push(`контрагент ${cpRef.key} не найден`);
	const bank = kind === 'invoice' || k.bankAccount ? await bankOf(client, map, k, doc, org, orgRef?.key) : undefined;

	// products, then units (row's or product's) and VAT rates — by key lists
	const r = map.row;
	const productKeys = lines.rows.map((row) => refOf(row, r.product)).filter((x): x is { key: string; set?: string } => !!x);
	const products = await readByKeys(client, productKeys.map((p) => ({ key: p.key, set: p.set ?? map.product.set })));
	const unitRefs = lines.rows.map((row) => refOf(row, r.unit) ?? refOf(products.get(refOf(row, r.product)?.key ?? ''), map.product.unit));
	const rateRefs = map.vatRates ? lines.rows.map((row) => refOf(row, r.vatRate)) : [];
	const present = <T>(x: T | undefined): x is T => !!x;
	const [units, rates] = await Promise.all([
		readByKeys(client, unitRefs.filter(present).map((u) => ({ key: u.key, set: u.set ?? map.unitSet }))),
		readByKeys(client, rateRefs.filter(present).map((v) => ({ key: v.key, set: map.vatRates! }))),
	]);

	const rows: PrintRow[] = lines.rows.map((row, i) => {
		const pRef = refOf(row, r.product);
		const product = pRef ? products.get(pRef.key) : undefined;
		if (pRef && !product) problems.push(`строка ${i + 1}: номенклатура ${pRef.key} не найдена`);
		const name = (r.content && text(row[r.content])) || text(product?.НаименованиеПолное) || text(product?.Description);
		const out: PrintRow = { name, quantity: numberOf(row[r.quantity]), price: numberOf(row[r.price]), sum: numberOf(row[r.sum]) };
		const unit = unitRefs[i] ? units.get(unitRefs[i]!.key) : undefined;
		if (unit && text(unit.Description)) out.unit = text(unit.Description);
		const rate = map.vatRates ? text(rates.get(rateRefs[i]?.key ?? '')?.Description) || undefined : vatEnumLabel(row[r.vatRate]);
		if (rate) out.vatRate = rate;
		if (r.vat && row[r.vat] !== undefined && row[r.vat] !== '') out.vat = numberOf(row[r.vat]);
		return out;
	});

	const flag = k.pricesIncludeVat ?? ['СуммаВключаетНДС', 'ЦенаВключаетНДС'].find((f) => typeof lines.holder[f] === 'boolean');
	const source = flag && typeof doc[flag] === 'boolean' ? doc : lines.holder;
	const printDoc: PrintDocument = {
		kind,
		number: text(doc.Number),
		date: text(doc.Date),
		organisation: partyOf(org, true),
		counterparty: partyOf(cp),
		rows,
		pricesIncludeVat: flag ? source[flag] !== false : true,
		currency: 'RUB',
	};
	if (bank) printDoc.bank = bank;
	problems.push(...validatePrintDocument(printDoc));
	if (problems.length) throw new PrintError(printDoc.number || ref, [...new Set(problems)], kind);
	return printDoc;
}

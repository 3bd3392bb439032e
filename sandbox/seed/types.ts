/**
 * The neutral seed dataset: one realistic Russian business, generated deterministically from a
 * seed number. Both sandboxes load it (the Bitrix24 portal maps it to CRM tables; the 1C bases
 * map it to catalogs and documents), so that matching and sync have the same world on both sides.
 * Money in roubles with kopecks (numbers with ≤ 2 decimals); dates ISO `YYYY-MM-DDTHH:mm:ss` in
 * Moscow time without offset (each sandbox adds its own representation).
 */
export type LegalForm = 'ООО' | 'АО' | 'ПАО' | 'ИП' | 'ФЛ';

export interface Person {
	lastName: string;
	firstName: string;
	middleName: string;
	gender: 'M' | 'F';
}

export interface BankAccount {
	/** stable external id (GUID) */
	guid: string;
	bankName: string;
	bik: string; // 9 digits, valid (04… for Russia)
	corrAccount: string; // 20 digits, 30101…, valid key with BIK
	account: string; // 20 digits, valid key with BIK
	currency: 'RUB';
}

export interface Address {
	postalCode: string;
	region: string;
	city: string;
	street: string; // "ул. Ленина, д. 5, офис 12"
	/** one-line form, as 1C stores "Представление" */
	full: string;
}

export interface Company {
	/** 1-based index, stable for the seed */
	n: number;
	/** 1C reference (GUID) of the counterparty */
	guid: string;
	form: LegalForm;
	/** short name: `ООО "Ромашка"`, `ИП Иванов Иван Иванович` */
	name: string;
	fullName: string;
	inn: string; // 10 digits for legal entities, 12 for ИП/ФЛ — valid checksums
	kpp: string | null; // 9 digits for legal entities, null for ИП/ФЛ
	ogrn: string | null; // 13 digits (legal) / 15 (ИП, OGRNIP), valid checksums; null for ФЛ
	director: Person | null;
	/** raw phones as a user typed them (some dirty: "8 (495) 123-45-67", "+7 495 1234567") */
	phones: string[];
	emails: string[];
	web: string | null;
	legalAddress: Address;
	actualAddress: Address;
	bankAccounts: BankAccount[];
	/** responsible manager: index into users (1-based user id) */
	responsibleUserId: number;
	/** index into industries or null */
	industry: string | null;
	createdAt: string;
	/** duplicates on purpose: `n` of the company this one duplicates (same INN/phone, other spelling) */
	duplicateOf?: number;
}

export interface Contact {
	n: number;
	guid: string;
	person: Person;
	/** company `n` or null for a private person */
	companyN: number | null;
	position: string | null;
	phones: string[];
	emails: string[];
	createdAt: string;
	responsibleUserId: number;
	duplicateOf?: number;
}

export interface Product {
	n: number;
	guid: string;
	/** folder (group) name, e.g. "Канцтовары" */
	group: string;
	name: string;
	/** article (Артикул) */
	sku: string;
	/** OKEI code and short name: 796 "шт", 166 "кг", 006 "м", 112 "л", 778 "упак" */
	unitCode: string;
	unitName: string;
	/** 0, 10, 20 or null for "Без НДС" */
	vatRate: number | null;
	price: number;
	purchasePrice: number;
	isService: boolean;
}

export interface Row {
	productN: number;
	quantity: number;
	price: number;
	/** discount in percent (0..30) */
	discountPercent: number;
	vatRate: number | null;
	/** whether price includes VAT */
	vatIncluded: boolean;
}

export interface Pipeline {
	id: number; // 0 = the default pipeline
	name: string;
	stages: Array<{ code: string; name: string; semantics: 'P' | 'S' | 'F'; color: string }>;
}

export interface Deal {
	n: number;
	guid: string;
	title: string;
	pipelineId: number;
	/** stage code without the C{n}: prefix */
	stage: string;
	companyN: number | null;
	contactN: number | null;
	responsibleUserId: number;
	rows: Row[];
	createdAt: string;
	closeDate: string;
}

export interface Invoice {
	n: number;
	guid: string;
	/** "0000-000123" style account number */
	number: string;
	date: string;
	dealN: number | null;
	companyN: number | null;
	contactN: number | null;
	/** N (new), S (sent), P (paid), D (cancelled) */
	stage: 'N' | 'S' | 'P' | 'D';
	rows: Row[];
	responsibleUserId: number;
	payBefore: string;
}

export interface StoreOrder {
	n: number;
	guid: string;
	accountNumber: string;
	date: string;
	/** sale status: N, P, F, D */
	status: 'N' | 'P' | 'F' | 'D';
	companyN: number | null;
	contactN: number | null;
	rows: Row[];
	paid: boolean;
	shipped: boolean;
	/** payment system: 'cash' | 'bank' | 'card' */
	paySystem: 'cash' | 'bank' | 'card';
	delivery: 'pickup' | 'courier';
	deliveryPrice: number;
	responsibleUserId: number;
}

export interface User {
	id: number; // 1-based
	person: Person;
	email: string;
	position: string;
	departmentId: number;
	active: boolean;
}

export interface Department {
	id: number;
	name: string;
	parentId: number | null;
	headUserId: number | null;
}

export interface Workgroup {
	id: number;
	name: string;
	ownerUserId: number;
	memberUserIds: number[];
}

/** Our own organisation (the seller) — 1C «Организация», Bitrix24 "my company". */
export interface Organisation {
	guid: string;
	name: string;
	fullName: string;
	inn: string;
	kpp: string;
	ogrn: string;
	director: Person;
	accountant: Person;
	legalAddress: Address;
	bankAccount: BankAccount;
	phone: string;
	email: string;
}

export interface Dataset {
	seed: number;
	organisation: Organisation;
	users: User[];
	departments: Department[];
	workgroups: Workgroup[];
	companies: Company[];
	contacts: Contact[];
	products: Product[];
	pipelines: Pipeline[];
	deals: Deal[];
	invoices: Invoice[];
	orders: StoreOrder[];
}

export interface DatasetOptions {
	seed: number;
	/** number of companies (default 200); contacts ≈ 1.5×, deals ≈ companies, invoices ≈ deals/2, orders ≈ 60 */
	companies: number;
}

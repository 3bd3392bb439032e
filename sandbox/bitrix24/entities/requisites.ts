/**
 * Requisites of companies and contacts (`crm.requisite.*`), their bank details
 * (`crm.requisite.bankdetail.*`), addresses (`crm.address.*`, owned by a requisite, ENTITY_TYPE_ID 8),
 * presets (`crm.requisite.preset.*`) and the deal/invoice ↔ requisite links (`crm.requisite.link.*`).
 * Old-API style: stored typed, shown as strings; errors with an empty code, HTTP 400.
 */
import { Errors } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param } from '../core/params';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicRow, describeFields, fieldsParam, idParam, listRows, mustGet, nowIso, typedValue, type EntityModule, type FieldDef, type Schema } from './common';
import type { Address, BankAccount, Company, Dataset } from '../../seed/types';

const s = (title: string): FieldDef => ({ type: 'string', title });
const i = (title: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: 'integer', title, ...extra });
const audit: Schema = {
	DATE_CREATE: { type: 'datetime', title: 'Дата создания', isReadOnly: true },
	DATE_MODIFY: { type: 'datetime', title: 'Дата изменения', isReadOnly: true },
	CREATED_BY_ID: { type: 'user', title: 'Кем создан', isReadOnly: true },
	MODIFY_BY_ID: { type: 'user', title: 'Кем изменён', isReadOnly: true },
};

export const REQUISITE: Schema = {
	ID: i('ID', { isReadOnly: true }),
	ENTITY_TYPE_ID: i('Тип родительской сущности', { isRequired: true, isImmutable: true }),
	ENTITY_ID: i('ID родительской сущности', { isRequired: true, isImmutable: true }),
	PRESET_ID: i('Шаблон', { isRequired: true }),
	...audit,
	NAME: { ...s('Название'), isRequired: true },
	CODE: s('Символьный код'),
	XML_ID: s('Внешний ключ'),
	ORIGINATOR_ID: s('Идентификатор внешней информационной базы'),
	ACTIVE: { type: 'char', title: 'Активен' },
	ADDRESS_ONLY: { type: 'char', title: 'Только адрес' },
	SORT: i('Сортировка'),
	...Object.fromEntries(
		['RQ_NAME', 'RQ_FIRST_NAME', 'RQ_LAST_NAME', 'RQ_SECOND_NAME', 'RQ_COMPANY_NAME', 'RQ_COMPANY_FULL_NAME', 'RQ_COMPANY_REG_DATE', 'RQ_DIRECTOR', 'RQ_ACCOUNTANT', 'RQ_CEO_NAME', 'RQ_CEO_WORK_POS', 'RQ_CONTACT', 'RQ_EMAIL', 'RQ_PHONE', 'RQ_FAX', 'RQ_IDENT_DOC', 'RQ_IDENT_DOC_SER', 'RQ_IDENT_DOC_NUM', 'RQ_IDENT_DOC_DATE', 'RQ_IDENT_DOC_ISSUED_BY', 'RQ_IDENT_DOC_DEP_CODE', 'RQ_INN', 'RQ_KPP', 'RQ_OGRN', 'RQ_OGRNIP', 'RQ_OKPO', 'RQ_OKTMO', 'RQ_OKVED', 'RQ_VAT_PAYER'].map((k) => [k, s(k)]),
	),
};

export const BANKDETAIL: Schema = {
	ID: i('ID', { isReadOnly: true }),
	ENTITY_ID: i('ID реквизита', { isRequired: true, isImmutable: true }),
	COUNTRY_ID: i('Страна'),
	...audit,
	NAME: { ...s('Название'), isRequired: true },
	CODE: s('Символьный код'),
	XML_ID: s('Внешний ключ'),
	ORIGINATOR_ID: s('Идентификатор внешней информационной базы'),
	ACTIVE: { type: 'char', title: 'Активен' },
	SORT: i('Сортировка'),
	...Object.fromEntries(['RQ_BANK_NAME', 'RQ_BANK_ADDR', 'RQ_BANK_ROUTE_NUM', 'RQ_BIK', 'RQ_MFO', 'RQ_ACC_NAME', 'RQ_ACC_NUM', 'RQ_IBAN', 'RQ_ACC_CURRENCY', 'RQ_COR_ACC_NUM', 'RQ_SWIFT', 'RQ_BIC', 'COMMENTS'].map((k) => [k, s(k)])),
};

export const ADDRESS: Schema = {
	TYPE_ID: i('Тип адреса', { isRequired: true, isImmutable: true }),
	ENTITY_TYPE_ID: i('Тип родительской сущности', { isRequired: true, isImmutable: true }),
	ENTITY_ID: i('ID родительской сущности', { isRequired: true, isImmutable: true }),
	...Object.fromEntries(['ADDRESS_1', 'ADDRESS_2', 'CITY', 'POSTAL_CODE', 'REGION', 'PROVINCE', 'COUNTRY', 'COUNTRY_CODE'].map((k) => [k, s(k)])),
	LOC_ADDR_ID: i('Адрес местоположения', { isReadOnly: true }),
	ANCHOR_TYPE_ID: i('Тип основной родительской сущности', { isReadOnly: true }),
	ANCHOR_ID: i('ID основной родительской сущности', { isReadOnly: true }),
};

export const PRESETS: Array<{ id: number; name: string; xml: string; fields: string[] }> = [
	{ id: 1, name: 'Организация', xml: '#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#', fields: ['RQ_COMPANY_NAME', 'RQ_COMPANY_FULL_NAME', 'RQ_INN', 'RQ_KPP', 'RQ_OGRN', 'RQ_OKPO', 'RQ_OKVED', 'RQ_DIRECTOR', 'RQ_ACCOUNTANT', 'RQ_ADDR'] },
	{ id: 2, name: 'ИП', xml: '#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#', fields: ['RQ_LAST_NAME', 'RQ_FIRST_NAME', 'RQ_SECOND_NAME', 'RQ_COMPANY_NAME', 'RQ_INN', 'RQ_OGRNIP', 'RQ_OKPO', 'RQ_OKVED', 'RQ_ADDR'] },
	{ id: 3, name: 'Физ. лицо', xml: '#CRM_REQUISITE_PRESET_DEF_RU_PERSON#', fields: ['RQ_LAST_NAME', 'RQ_FIRST_NAME', 'RQ_SECOND_NAME', 'RQ_INN', 'RQ_IDENT_DOC', 'RQ_IDENT_DOC_SER', 'RQ_IDENT_DOC_NUM', 'RQ_ADDR'] },
	{ id: 4, name: 'Организация (доп.)', xml: '', fields: ['RQ_COMPANY_NAME', 'RQ_INN', 'RQ_KPP'] },
];

const owners: Record<number, string> = { 3: 'contact', 4: 'company' };

function apply(schema: Schema, row: Row, fields: Record<string, unknown>, isNew: boolean): void {
	for (const [k, v] of Object.entries(fields)) {
		const key = k.toUpperCase();
		if (key.startsWith('UF_')) row[key] = v;
		const def = schema[key];
		if (!def || def.isReadOnly || (def.isImmutable && !isNew)) continue;
		row[key] = typedValue(v, def.type);
	}
}

function stamp(ctx: CallContext, row: Row, isNew: boolean): void {
	const now = nowIso(ctx.portal);
	if (isNew) Object.assign(row, { DATE_CREATE: now, CREATED_BY_ID: ctx.auth.userId });
	Object.assign(row, { DATE_MODIFY: now, MODIFY_BY_ID: ctx.auth.userId });
}

function blank(schema: Schema): Row {
	return Object.fromEntries(Object.keys(schema).map((k) => [k, null]));
}

/**
 * `crmAccess`: the error a user without CRM rights gets — requisites answer code `0`, bank details
 * the old empty code `""` (as the documentation's error examples of the two methods show).
 */
function defineCrud(reg: Registry, prefix: string, table: string, schema: Schema, event: string, validate: (store: Store, row: Row) => void, crmAccess: 'requisite' | 'old' = 'requisite'): void {
	const common = { scope: 'crm', crmAccess };
	const t = (st: Store) => st.table(table);
	reg.define(`${prefix}.fields`, { ...common, handler: () => describeFields(schema) });
	reg.define(`${prefix}.add`, {
		...common,
		handler: (ctx) => {
			const row = { ...blank(schema), ACTIVE: 'Y', SORT: 500 };
			apply(schema, row, fieldsParam(ctx.params), true);
			validate(ctx.portal.store, row);
			stamp(ctx, row, true);
			const saved = t(ctx.portal.store).insert(row);
			ctx.portal.emit(`${event}ADD`, { ID: saved.ID });
			return saved.ID;
		},
	});
	reg.define(`${prefix}.get`, { ...common, handler: ({ params, portal }) => classicRow(mustGet(t(portal.store), idParam(params))) });
	reg.define(`${prefix}.update`, {
		...common,
		handler: (ctx) => {
			const row = mustGet(t(ctx.portal.store), idParam(ctx.params));
			apply(schema, row, fieldsParam(ctx.params), false);
			stamp(ctx, row, false);
			ctx.portal.emit(`${event}UPDATE`, { ID: row.ID });
			return true;
		},
	});
	reg.define(`${prefix}.delete`, {
		...common,
		handler: (ctx) => {
			const id = idParam(ctx.params);
			mustGet(t(ctx.portal.store), id);
			t(ctx.portal.store).delete(id);
			if (table === 'requisite') {
				for (const b of ctx.portal.store.table('bankdetail').where((r) => r.ENTITY_ID === id)) ctx.portal.store.table('bankdetail').delete(b.ID);
				for (const a of addresses(ctx.portal.store).where((r) => r.ENTITY_TYPE_ID === 8 && r.ENTITY_ID === id)) addresses(ctx.portal.store).delete(a.rowId);
			}
			ctx.portal.emit(`${event}DELETE`, { ID: id });
			return true;
		},
	});
	reg.define(`${prefix}.list`, { ...common, handler: ({ params, start, portal }) => listRows(t(portal.store).all(), params, start, { view: (r) => classicRow(r) }) });
}

const addresses = (st: Store) => st.table('address', 'rowId');
const addressView = (r: Row): Row => {
	const { rowId: _x, ...rest } = r;
	void _x;
	return classicRow(rest);
};

function defineAddress(reg: Registry): void {
	const common = { scope: 'crm', crmAccess: 'requisite' as const };
	const key = (f: Record<string, unknown>) => [Number(f.TYPE_ID), Number(f.ENTITY_TYPE_ID), Number(f.ENTITY_ID)];
	const find = (st: Store, f: Record<string, unknown>) => {
		const [type, et, id] = key(f);
		return addresses(st).where((r) => r.TYPE_ID === type && r.ENTITY_TYPE_ID === et && r.ENTITY_ID === id)[0];
	};
	reg.define('crm.address.fields', { ...common, handler: () => describeFields(ADDRESS) });
	reg.define('crm.address.add', {
		...common,
		handler: ({ params, portal }) => {
			const f = fieldsParam(params);
			const [type, et, id] = key(f);
			if (!type) throw Errors.crm('The field TYPE_ID is not defined or invalid.');
			if (et !== 8 && et !== 1) throw Errors.crm('The field ENTITY_TYPE_ID is not defined or invalid.');
			if (et === 8 && !portal.store.table('requisite').get(id)) throw Errors.crm('Entity not found.');
			if (find(portal.store, f)) throw Errors.crm('Address with specified type already exists.');
			const req = portal.store.table('requisite').get(id);
			const row = { ...blank(ADDRESS), COUNTRY_CODE: null, LOC_ADDR_ID: 0, ANCHOR_TYPE_ID: req?.ENTITY_TYPE_ID ?? et, ANCHOR_ID: req?.ENTITY_ID ?? id };
			apply(ADDRESS, row, f, true);
			addresses(portal.store).insert(row);
			return true;
		},
	});
	reg.define('crm.address.update', {
		...common,
		handler: ({ params, portal }) => {
			const f = fieldsParam(params);
			const row = find(portal.store, f);
			if (!row) throw Errors.crm('Address not found.');
			apply(ADDRESS, row, f, false);
			return true;
		},
	});
	reg.define('crm.address.delete', {
		...common,
		handler: ({ params, portal }) => {
			const row = find(portal.store, fieldsParam(params));
			if (!row) throw Errors.crm('Address not found.');
			addresses(portal.store).delete(row.rowId);
			return true;
		},
	});
	reg.define('crm.address.list', {
		...common,
		handler: ({ params, start, portal }) => listRows(addresses(portal.store).all(), params, start, { idKey: 'rowId', view: addressView, defaultSelect: Object.keys(ADDRESS) }),
	});
}

function definePresets(reg: Registry): void {
	const common = { scope: 'crm', crmAccess: 'requisite' as const };
	const presetRow = (p: (typeof PRESETS)[number]) => ({ ID: String(p.id), ENTITY_TYPE_ID: '8', COUNTRY_ID: '1', NAME: p.name, DATE_CREATE: '2025-01-10T10:00:00+03:00', DATE_MODIFY: null, CREATED_BY_ID: '1', MODIFY_BY_ID: null, ACTIVE: 'Y', XML_ID: p.xml, SORT: String(p.id * 500) });
	reg.define('crm.requisite.preset.list', {
		...common,
		handler: ({ params, start }) => listRows(PRESETS.map(presetRow), params, start, { defaultSelect: ['ID', 'NAME'] }),
	});
	reg.define('crm.requisite.preset.get', {
		...common,
		handler: ({ params }) => {
			const p = PRESETS.find((x) => x.id === idParam(params));
			if (!p) throw Errors.crmNotFound();
			return presetRow(p);
		},
	});
	reg.define('crm.requisite.preset.field.list', {
		...common,
		handler: ({ params }) => {
			const pr = param(params, 'preset');
			const id = Number(isPlainObject(pr) ? pr.ID : pr);
			const p = PRESETS.find((x) => x.id === id);
			if (!p) throw Errors.crm('Preset is not found.');
			return p.fields.map((name, n) => ({ ID: n + 1, FIELD_NAME: name, FIELD_TITLE: '', IN_SHORT_LIST: n < 3 ? 'Y' : 'N', SORT: 510 + n * 10 }));
		},
	});
}

function defineLinks(reg: Registry): void {
	const common = { scope: 'crm', crmAccess: 'requisite' as const };
	const links = (st: Store) => st.table('requisite_link', 'rowId');
	const KEYS = ['ENTITY_TYPE_ID', 'ENTITY_ID', 'REQUISITE_ID', 'BANK_DETAIL_ID', 'MC_REQUISITE_ID', 'MC_BANK_DETAIL_ID'];
	const find = (st: Store, et: number, id: number) => links(st).where((r) => r.ENTITY_TYPE_ID === et && r.ENTITY_ID === id)[0];
	const view = (r: Row) => Object.fromEntries(KEYS.map((k) => [k, String(r[k] ?? 0)]));
	reg.define('crm.requisite.link.register', {
		...common,
		handler: ({ params, portal }) => {
			const f = fieldsParam(params);
			const row = Object.fromEntries(KEYS.map((k) => [k, Number(f[k] ?? 0)]));
			if (![2, 5, 7, 31].includes(row.ENTITY_TYPE_ID) && row.ENTITY_TYPE_ID < 128) throw Errors.crm('ENTITY_TYPE_ID is not defined or invalid.');
			const old = find(portal.store, row.ENTITY_TYPE_ID, row.ENTITY_ID);
			if (old) links(portal.store).delete(old.rowId);
			links(portal.store).insert(row);
			return true;
		},
	});
	reg.define('crm.requisite.link.get', {
		...common,
		handler: ({ params, portal }) => {
			const r = find(portal.store, Number(param(params, 'entityTypeId')), Number(param(params, 'entityId')));
			if (!r) throw Errors.crmNotFound();
			return view(r);
		},
	});
	reg.define('crm.requisite.link.list', {
		...common,
		handler: ({ params, start, portal }) => listRows(links(portal.store).all(), params, start, { idKey: 'rowId', view, defaultSelect: KEYS }),
	});
	reg.define('crm.requisite.link.unregister', {
		...common,
		handler: ({ params, portal }) => {
			const r = find(portal.store, Number(param(params, 'entityTypeId')), Number(param(params, 'entityId')));
			if (r) links(portal.store).delete(r.rowId);
			return true;
		},
	});
}

export const requisitesModule: EntityModule = {
	name: 'requisites',
	register(reg) {
		defineCrud(reg, 'crm.requisite', 'requisite', REQUISITE, 'ONCRMREQUISITE', (store, row) => {
			const owner = owners[Number(row.ENTITY_TYPE_ID)];
			if (!owner) throw Errors.crm('ENTITY_TYPE_ID is not defined or invalid.');
			if (!row.ENTITY_ID || !store.table(owner).get(row.ENTITY_ID)) throw Errors.crm('Entity not found.');
			if (!row.PRESET_ID) throw Errors.crm('PRESET_ID is not defined or invalid.');
			if (!row.NAME) throw Errors.crm('The field NAME is required.');
		});
		defineCrud(reg, 'crm.requisite.bankdetail', 'bankdetail', BANKDETAIL, 'ONCRMBANKDETAIL', (store, row) => {
			if (!row.ENTITY_ID || !store.table('requisite').get(row.ENTITY_ID)) throw Errors.crm('Entity not found.');
			if (!row.NAME) throw Errors.crm('The field NAME is required.');
			if (row.COUNTRY_ID === null) row.COUNTRY_ID = 1;
		}, 'old');
		defineAddress(reg);
		definePresets(reg);
		defineLinks(reg);
	},
	load(store: Store, ds: Dataset) {
		let bankId = 0;
		for (const c of ds.companies) {
			const isPerson = c.form === 'ФЛ';
			const owner = isPerson ? 3 : 4;
			const ownerId = isPerson ? contactIdForPerson(ds, c) : c.n;
			if (ownerId === undefined) continue;
			const req = store.table('requisite').insert({ ...requisiteOf(c), ENTITY_TYPE_ID: owner, ENTITY_ID: ownerId });
			for (const b of c.bankAccounts) store.table('bankdetail').insert({ ...bankOf(b), ID: ++bankId, ENTITY_ID: req.ID });
			addresses(store).insert(addressOf(c.legalAddress, 6, Number(req.ID), owner, ownerId));
			if (c.actualAddress.full !== c.legalAddress.full) addresses(store).insert(addressOf(c.actualAddress, 1, Number(req.ID), owner, ownerId));
		}
	},
};

/** Private persons (ФЛ) live in Bitrix24 as contacts; the seed maps them after the contacts (see crm-seed). */
function contactIdForPerson(ds: Dataset, c: Company): number | undefined {
	return ds.contacts.length + ds.companies.filter((x) => x.form === 'ФЛ').findIndex((x) => x.n === c.n) + 1;
}

function requisiteOf(c: Company): Row {
	const presetId = c.form === 'ИП' ? 2 : c.form === 'ФЛ' ? 3 : 1;
	const person = c.form === 'ИП' || c.form === 'ФЛ' ? c.director : null;
	return {
		...blank(REQUISITE),
		PRESET_ID: presetId,
		NAME: PRESETS[presetId - 1].name,
		XML_ID: c.guid,
		ORIGINATOR_ID: null,
		ACTIVE: 'Y',
		ADDRESS_ONLY: 'N',
		SORT: 500,
		DATE_CREATE: `${c.createdAt}+03:00`,
		DATE_MODIFY: `${c.createdAt}+03:00`,
		CREATED_BY_ID: 1,
		MODIFY_BY_ID: 1,
		RQ_COMPANY_NAME: c.form === 'ФЛ' ? null : c.name,
		RQ_COMPANY_FULL_NAME: c.form === 'ФЛ' ? null : c.fullName,
		RQ_INN: c.inn,
		RQ_KPP: c.kpp,
		RQ_OGRN: c.form === 'ИП' ? null : c.ogrn,
		RQ_OGRNIP: c.form === 'ИП' ? c.ogrn : null,
		RQ_DIRECTOR: c.director && c.form !== 'ФЛ' ? `${c.director.lastName} ${c.director.firstName} ${c.director.middleName}` : null,
		RQ_LAST_NAME: person?.lastName ?? null,
		RQ_FIRST_NAME: person?.firstName ?? null,
		RQ_SECOND_NAME: person?.middleName ?? null,
	};
}

function bankOf(b: BankAccount): Row {
	return { ...blank(BANKDETAIL), COUNTRY_ID: 1, NAME: b.bankName, XML_ID: b.guid, ACTIVE: 'Y', SORT: 500, RQ_BANK_NAME: b.bankName, RQ_BIK: b.bik, RQ_ACC_NUM: b.account, RQ_COR_ACC_NUM: b.corrAccount, RQ_ACC_CURRENCY: 'RUB', DATE_CREATE: '2025-01-10T10:00:00+03:00', CREATED_BY_ID: 1 };
}

function addressOf(a: Address, type: number, requisiteId: number, anchorType: number, anchorId: number): Row {
	return { TYPE_ID: type, ENTITY_TYPE_ID: 8, ENTITY_ID: requisiteId, ADDRESS_1: a.street, ADDRESS_2: null, CITY: a.city, POSTAL_CODE: a.postalCode, REGION: null, PROVINCE: a.region, COUNTRY: 'Россия', COUNTRY_CODE: null, LOC_ADDR_ID: 0, ANCHOR_TYPE_ID: anchorType, ANCHOR_ID: anchorId };
}

/**
 * Reference data of a base: predefined items of every catalog, the currency (RUB), the country,
 * units (OKEI), banks (from the dataset's bank accounts), our organisation with its bank account,
 * warehouses, users (+ individuals), a cash desk, УНФ order states, product kinds.
 */
import type { Base } from '../base';
import { COUNTRIES, CURRENCIES } from '../config/common';
import type { CatalogDef, DocumentDef } from '../model/types';
import { entitySetName } from '../model/types';
import type { BankAccount, Dataset } from '../../seed/types';
import { BANKS } from '../../seed/dictionaries';
import { contactInformation } from './contact-info';
import { fio, mustRole, patch, predefined, roleSet, type SeedContext } from './context';
import type { SeedIds } from './ids';
import type { Plan } from './overlap';
import { code, entitySet, insertObject, targetOf, type RowBuilder } from './rows';

const UNIT_NAMES: Record<string, [string, string]> = {
	'796': ['Штука', 'PCE'],
	'166': ['Килограмм', 'KGM'],
	'006': ['Метр', 'MTR'],
	'112': ['Литр', 'LTR'],
	'778': ['Упаковка', 'NMP'],
};

/** City of a bank by the region digits of its BIK (04XX…). */
const BIK_CITY: Record<string, string> = { '45': 'Москва', '40': 'Санкт-Петербург', '65': 'Екатеринбург', '50': 'Новосибирск', '22': 'Нижний Новгород' };

/** УНФ order states and their `ПорядокСостояния`; «Завершен» is the predefined one. */
export const ORDER_STATES: Array<[string, number]> = [
	['Открыт', 1],
	['Предзаказ', 2],
	['В работе', 3],
	['Выполнен', 4],
	['Отменен', 5],
];

function seedPredefined(ctx: SeedContext): void {
	for (const o of ctx.base.schema.config.objects) {
		if (o.kind !== 'Catalog' || !(o as CatalogDef).predefined?.length) continue;
		const set = entitySetName(o);
		for (const item of (o as CatalogDef).predefined!) {
			const ref = ctx.ids.ref('predefined', `${set}.${item.name}`);
			insertObject(ctx.base, set, ref, (b) => {
				code(b, entitySet(ctx.base, set));
				b.set('Predefined', true).set('PredefinedDataName', item.name);
				for (const [k, v] of Object.entries(item.fields)) b.set(k, v);
			});
			ctx.predefined.set(`${set}.${item.name}`, ref);
		}
	}
}

/** Bank account fields shared by the organisation's and counterparties' accounts. */
export function bankAccountFields(ctx: SeedContext, b: RowBuilder, a: BankAccount): void {
	b.opt('Description', `${a.account}, ${a.bankName}`);
	b.set('НомерСчета', a.account);
	b.optRef('Банк', ctx.banks.get(a.bik));
	b.optRef('ВалютаДенежныхСредств', ctx.currency);
	b.opt('БИКБанка', a.bik).opt('НаименованиеБанка', a.bankName).opt('КоррСчетБанка', a.corrAccount).opt('ГородБанка', bankCity(a.bik));
}

function bankCity(bik: string): string {
	return BIK_CITY[bik.slice(2, 4)] ?? BANKS.find((b) => b.bik === bik)?.cities[0] ?? '';
}

function seedBanks(ctx: SeedContext): void {
	const set = mustRole(ctx, 'bank');
	const all = [ctx.ds.organisation.bankAccount, ...ctx.plan.parties.flatMap((p) => p.company.bankAccounts), ...ctx.ds.companies.flatMap((c) => c.bankAccounts)];
	for (const a of all) {
		if (ctx.banks.has(a.bik)) continue;
		const ref = ctx.ids.ref('bank', a.bik);
		insertObject(ctx.base, set, ref, (b) => {
			if (b.has('Code')) b.set('Code', a.bik);
			b.opt(b.first('БИК'), a.bik);
			b.set('Description', a.bankName).opt('КоррСчет', a.corrAccount).opt('Город', bankCity(a.bik));
		});
		ctx.banks.set(a.bik, ref);
	}
}

function seedOrganisation(ctx: SeedContext): void {
	const o = ctx.ds.organisation;
	const set = mustRole(ctx, 'organisation');
	const accountSet = roleSet(ctx, 'organisationBankAccount') ?? mustRole(ctx, 'bankAccount');
	const invoice = ctx.base.schema.config.objects.find((x) => entitySetName(x) === ctx.roles.invoice) as DocumentDef | undefined;
	const kind = (name: string) => predefined(ctx, 'Catalog_ВидыКонтактнойИнформации', name);
	insertObject(ctx.base, set, o.guid, (b) => {
		code(b, entitySet(ctx.base, set));
		b.set('Description', o.name).opt('НаименованиеПолное', o.fullName).opt('НаименованиеСокращенное', o.name);
		b.set('ИНН', o.inn).opt('КПП', o.kpp).opt('ОГРН', o.ogrn);
		b.opt('Префикс', (invoice?.numberPrefix ?? '00').slice(0, 2));
		b.optEnm('ЮридическоеФизическоеЛицо', 'ЮридическоеЛицо').optEnm('ЮрФизЛицо', 'ЮрЛицо');
		b.optRef('СтранаРегистрации', ctx.country);
		b.optRef('ОсновнойБанковскийСчет', o.bankAccount.guid, accountSet);
		contactInformation(b, [
			{ type: 'Адрес', value: o.legalAddress, kind: kind('ЮрАдресОрганизации') },
			{ type: 'Телефон', value: o.phone, kind: kind('ТелефонОрганизации') },
			{ type: 'АдресЭлектроннойПочты', value: o.email, kind: kind('EmailОрганизации') },
		]);
	});
	ctx.organisation = o.guid;
	insertObject(ctx.base, accountSet, o.bankAccount.guid, (b) => {
		code(b, entitySet(ctx.base, accountSet));
		b.owner(set, o.guid);
		bankAccountFields(ctx, b, o.bankAccount);
	});
	ctx.orgAccount = o.bankAccount.guid;
}

function seedUsers(ctx: SeedContext): void {
	const set = mustRole(ctx, 'user');
	const people = targetOf(ctx.base, set, 'ФизическоеЛицо');
	const kind = predefined(ctx, 'Catalog_ВидыКонтактнойИнформации', 'EmailПользователя');
	for (const u of ctx.ds.users) {
		if (people) {
			const ref = ctx.ids.ref('individual', u.id);
			insertObject(ctx.base, people, ref, (b) => {
				code(b, entitySet(ctx.base, people));
				b.set('Description', fio(u.person)).optEnm('Пол', u.person.gender === 'M' ? 'Мужской' : 'Женский');
				contactInformation(b, [{ type: 'АдресЭлектроннойПочты', value: u.email }]);
			});
			ctx.individuals.set(u.id, ref);
		}
		const ref = ctx.ids.ref('user', u.id);
		insertObject(ctx.base, set, ref, (b) => {
			code(b, entitySet(ctx.base, set));
			b.set('Description', fio(u.person)).opt('Недействителен', !u.active).opt('Комментарий', u.position);
			b.optRef('ФизическоеЛицо', ctx.individuals.get(u.id));
			b.opt('ИдентификаторПользователяИБ', ctx.ids.ref('infobase-user', u.id));
			contactInformation(b, [{ type: 'АдресЭлектроннойПочты', value: u.email, kind }]);
		});
		ctx.users.set(u.id, ref);
	}
}

function seedWarehouses(ctx: SeedContext): void {
	const set = mustRole(ctx, 'warehouse');
	const typeAttr = (b: RowBuilder) => b.first('ТипСклада', 'ТипСтруктурнойЕдиницы');
	const add = (key: string, name: string, types: string[]) => {
		const ref = ctx.ids.ref('warehouse', key);
		insertObject(ctx.base, set, ref, (b) => {
			code(b, entitySet(ctx.base, set));
			b.set('Description', name).enmFirst(typeAttr(b), types);
			b.optRef('Организация', ctx.organisation);
			b.optRef(b.first('Ответственный', 'ТекущийОтветственный'), ctx.users.get(10));
		});
		return ref;
	};
	ctx.warehouse = add('main', 'Основной склад', ['ОптовыйСклад', 'Склад']);
	ctx.retailWarehouse = add('retail', 'Розничный магазин', ['РозничныйМагазин', 'Розница']);
	// УНФ: structural units are warehouses and departments alike
	const type = entitySet(ctx.base, set).properties.find((p) => p.name === 'ТипСтруктурнойЕдиницы');
	const values = type?.role.kind === 'value' && type.role.attribute.type.kind === 'enum' ? ctx.base.schema.enums.get(type.role.attribute.type.enum) : undefined;
	if (values?.includes('Подразделение')) ctx.department = add('sales', 'Отдел продаж', ['Подразделение']);
}

function seedSmallCatalogs(ctx: SeedContext): void {
	const base = ctx.base;
	// cash desk: the catalog the cash receipt's `Касса` points at
	const cash = ctx.roles.paymentCash ? targetOf(base, ctx.roles.paymentCash, 'Касса') : undefined;
	if (cash) {
		ctx.cashDesk = ctx.ids.ref('cash-desk', 1);
		insertObject(base, cash, ctx.cashDesk, (b) => {
			code(b, entitySet(base, cash));
			b.set('Description', 'Основная касса').optRef(b.first('ВалютаПоУмолчанию', 'ВалютаДенежныхСредств'), ctx.currency).optRef(b.first('Организация', 'Владелец'), ctx.organisation);
		});
	}
	const states = roleSet(ctx, 'orderState');
	if (states) {
		for (const [name, order] of ORDER_STATES) {
			const ref = ctx.ids.ref('order-state', name);
			insertObject(base, states, ref, (b) => b.set('Description', name).opt('ПорядокСостояния', order));
			ctx.orderStates.set(name, ref);
		}
		const done = predefined(ctx, states, 'Завершен');
		if (done) {
			patch(ctx, states, done, { ПорядокСостояния: ORDER_STATES.length + 1 });
			ctx.orderStates.set('Завершен', done);
		}
	}
	const kinds = roleSet(ctx, 'orderKind');
	const mainKind = kinds && predefined(ctx, kinds, 'Основной');
	if (kinds && mainKind) patch(ctx, kinds, mainKind, { ИспользоватьСостояния: true });
	const productKinds = targetOf(base, mustRole(ctx, 'product'), 'ВидНоменклатуры');
	if (productKinds) {
		for (const [name, service] of [['Товар', false], ['Услуга', true]] as const) {
			const ref = ctx.ids.ref('product-kind', name);
			insertObject(base, productKinds, ref, (b) => {
				code(b, entitySet(base, productKinds));
				b.set('Description', name).opt('Услуга', service);
			});
			ctx.productKinds.set(name, ref);
		}
	}
}

function seedUnits(ctx: SeedContext): void {
	const set = mustRole(ctx, 'unit');
	for (const p of ctx.ds.products) {
		if (ctx.units.has(p.unitCode)) continue;
		const ref = ctx.ids.ref('unit', p.unitCode);
		const [full, intl] = UNIT_NAMES[p.unitCode] ?? [p.unitName, ''];
		insertObject(ctx.base, set, ref, (b) => {
			if (b.has('Code')) b.set('Code', p.unitCode);
			b.set('Description', p.unitName).opt('КодОКЕИ', p.unitCode).opt('НаименованиеПолное', full).opt('МеждународноеСокращение', intl);
			b.opt('Числитель', 1).opt('Знаменатель', 1);
		});
		ctx.units.set(p.unitCode, ref);
	}
}

export function seedReference(base: Base, ds: Dataset, ids: SeedIds, plan: Plan): SeedContext {
	const ctx: SeedContext = {
		base,
		ds,
		ids,
		roles: base.schema.config.roles,
		plan,
		organisation: '',
		currency: ids.ref('currency', 'RUB'),
		users: new Map(),
		individuals: new Map(),
		units: new Map(),
		banks: new Map(),
		predefined: new Map(),
		orderStates: new Map(),
		productKinds: new Map(),
		products: new Map(),
		counterparties: new Map(),
	};
	seedPredefined(ctx);
	insertObject(base, CURRENCIES, ctx.currency, (b) => {
		b.set('Code', '643').set('Description', 'руб.').opt('НаименованиеПолное', 'Российский рубль');
		b.opt('ПараметрыПрописи', 'рубль, рубля, рублей, м, копейка, копейки, копеек, ж, 2').optEnm('СпособУстановкиКурса', 'РучнойВвод');
	});
	if (base.set(COUNTRIES)) {
		ctx.country = ids.ref('country', '643');
		insertObject(base, COUNTRIES, ctx.country, (b) => b.set('Code', '643').set('Description', 'РОССИЯ').opt('НаименованиеПолное', 'Российская Федерация').opt('КодАльфа2', 'RU').opt('КодАльфа3', 'RUS').opt('УчастникЕАЭС', true));
	}
	seedUnits(ctx);
	seedBanks(ctx);
	seedUsers(ctx);
	seedOrganisation(ctx);
	seedWarehouses(ctx);
	seedSmallCatalogs(ctx);
	return ctx;
}

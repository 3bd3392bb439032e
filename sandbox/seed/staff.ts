/**
 * Our own side: the seller organisation «Ромашка», its 12 users, 5 departments and 2 workgroups.
 * These are the same for every seed (only GUIDs depend on it), so print forms and templates can
 * rely on them.
 */
import { makeAccount, makeInn10, makeOgrn } from '../../lib/requisites';
import type { Department, Organisation, Person, User, Workgroup } from './types';
import { GUID_SECTIONS, type GuidFactory, type Random } from './random';

const ORG_DOMAIN = 'romashka.example.ru';
export const ORG_NAME = 'ООО "Ромашка"';

function person(lastName: string, firstName: string, middleName: string, gender: 'M' | 'F'): Person {
	return { lastName, firstName, middleName, gender };
}

const STAFF: Array<{ person: Person; login: string; position: string; departmentId: number; active: boolean }> = [
	{ person: person('Иванов', 'Сергей', 'Петрович', 'M'), login: 's.ivanov', position: 'Генеральный директор', departmentId: 1, active: true },
	{ person: person('Петрова', 'Анна', 'Викторовна', 'F'), login: 'a.petrova', position: 'Руководитель отдела продаж', departmentId: 2, active: true },
	{ person: person('Кузнецова', 'Марина', 'Олеговна', 'F'), login: 'm.kuznetsova', position: 'Главный бухгалтер', departmentId: 3, active: true },
	{ person: person('Смирнов', 'Алексей', 'Игоревич', 'M'), login: 'a.smirnov', position: 'Менеджер по продажам', departmentId: 2, active: true },
	{ person: person('Волкова', 'Екатерина', 'Андреевна', 'F'), login: 'e.volkova', position: 'Менеджер по продажам', departmentId: 2, active: true },
	{ person: person('Морозов', 'Дмитрий', 'Николаевич', 'M'), login: 'd.morozov', position: 'Менеджер по продажам', departmentId: 2, active: true },
	{ person: person('Лебедева', 'Ольга', 'Сергеевна', 'F'), login: 'o.lebedeva', position: 'Менеджер по работе с ключевыми клиентами', departmentId: 2, active: true },
	// fired in August 2025: still responsible for the older clients (as in real portals)
	{ person: person('Новиков', 'Павел', 'Александрович', 'M'), login: 'p.novikov', position: 'Менеджер по продажам', departmentId: 2, active: false },
	{ person: person('Соколова', 'Ирина', 'Владимировна', 'F'), login: 'i.sokolova', position: 'Бухгалтер', departmentId: 3, active: true },
	{ person: person('Попов', 'Андрей', 'Викторович', 'M'), login: 'a.popov', position: 'Заведующий складом', departmentId: 4, active: true },
	{ person: person('Козлов', 'Максим', 'Евгеньевич', 'M'), login: 'm.kozlov', position: 'Кладовщик', departmentId: 4, active: true },
	{ person: person('Фёдорова', 'Наталья', 'Ильинична', 'F'), login: 'n.fedorova', position: 'Помощник руководителя', departmentId: 5, active: true },
];

/** User 8 left the company on this date: no new records for him afterwards. */
const FIRED_AT = Date.UTC(2025, 7, 29);

export function makeUsers(): User[] {
	return STAFF.map((s, i) => ({
		id: i + 1,
		person: { ...s.person },
		email: `${s.login}@${ORG_DOMAIN}`,
		position: s.position,
		departmentId: s.departmentId,
		active: s.active,
	}));
}

export function makeDepartments(): Department[] {
	return [
		{ id: 1, name: ORG_NAME, parentId: null, headUserId: 1 },
		{ id: 2, name: 'Отдел продаж', parentId: 1, headUserId: 2 },
		{ id: 3, name: 'Бухгалтерия', parentId: 1, headUserId: 3 },
		{ id: 4, name: 'Склад', parentId: 1, headUserId: 10 },
		{ id: 5, name: 'Руководство', parentId: 1, headUserId: 1 },
	];
}

export function makeWorkgroups(): Workgroup[] {
	return [
		{ id: 1, name: 'Ключевые клиенты', ownerUserId: 2, memberUserIds: [2, 4, 5, 7] },
		{ id: 2, name: 'Внедрение 1С и Битрикс24', ownerUserId: 1, memberUserIds: [1, 3, 9, 10, 12] },
	];
}

/** The responsible sales manager for a record created at `t`. */
export function pickManager(r: Random, t: number): number {
	return r.weighted(t < FIRED_AT ? MANAGERS_BEFORE : MANAGERS_AFTER);
}

const MANAGERS_AFTER: ReadonlyArray<readonly [number, number]> = [
	[2, 1],
	[4, 4],
	[5, 4],
	[6, 4],
	[7, 3],
	[1, 0.4],
];
const MANAGERS_BEFORE: ReadonlyArray<readonly [number, number]> = [...MANAGERS_AFTER, [8, 4]];

export function makeOrganisation(guids: GuidFactory, users: User[]): Organisation {
	const bik = '044525225';
	return {
		guid: guids.make(GUID_SECTIONS.organisation, 1),
		name: ORG_NAME,
		fullName: 'Общество с ограниченной ответственностью "Ромашка"',
		inn: makeInn10('772456781'),
		kpp: '772401001',
		ogrn: makeOgrn('116774638215'),
		director: { ...users[0].person },
		accountant: { ...users[2].person },
		legalAddress: {
			postalCode: '115230',
			region: 'Москва',
			city: 'Москва',
			street: 'Варшавское ш., д. 42, офис 318',
			full: '115230, г. Москва, Варшавское ш., д. 42, офис 318',
		},
		bankAccount: {
			guid: guids.make(GUID_SECTIONS.organisation, 2),
			bankName: 'ПАО Сбербанк',
			bik,
			corrAccount: '30101810400000000225',
			account: makeAccount(bik, '40702810X38000012345'),
			currency: 'RUB',
		},
		phone: '+7 495 120-45-67',
		email: `info@${ORG_DOMAIN}`,
	};
}

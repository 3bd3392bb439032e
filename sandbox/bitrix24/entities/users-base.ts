/**
 * The rows every portal has: users (with `addUser` for the seed and tests), the root department,
 * and — even on an empty portal — the administrator and the users behind the test webhooks (1..3).
 */
import type { Row, Store } from '../core/store';
import { seedDate } from './common';

export const USER_TABLE = 'user';
export const DEPARTMENT_TABLE = 'department';

export interface NewUser {
	ID?: number;
	NAME: string;
	LAST_NAME: string;
	SECOND_NAME?: string;
	EMAIL: string;
	ACTIVE?: boolean;
	PERSONAL_GENDER?: 'M' | 'F' | '';
	WORK_POSITION?: string;
	UF_DEPARTMENT?: number[];
	/** administrators may post as others (USER_ID) and see `ADMIN: true` in profile */
	admin?: boolean;
	registered?: string;
}

/** Insert a user row (seed, tests); `_ADMIN` is internal and never returned. */
export function addUser(store: Store, u: NewUser): Row {
	const t = store.table(USER_TABLE);
	const id = u.ID ?? t.nextId;
	const reg = seedDate(u.registered ?? `2023-0${1 + (id % 9)}-1${id % 10}T09:00:00`);
	return t.insert({
		ID: id,
		XML_ID: null,
		ACTIVE: u.ACTIVE ?? true,
		NAME: u.NAME,
		LAST_NAME: u.LAST_NAME,
		SECOND_NAME: u.SECOND_NAME ?? '',
		EMAIL: u.EMAIL,
		LAST_LOGIN: reg,
		DATE_REGISTER: reg,
		TIME_ZONE: '',
		IS_ONLINE: 'N',
		TIMESTAMP_X: reg,
		LAST_ACTIVITY_DATE: reg,
		PERSONAL_GENDER: u.PERSONAL_GENDER ?? '',
		PERSONAL_WWW: '',
		PERSONAL_BIRTHDAY: '',
		PERSONAL_PHONE: null,
		PERSONAL_MOBILE: '',
		PERSONAL_CITY: '',
		WORK_PHONE: '',
		WORK_POSITION: u.WORK_POSITION ?? '',
		UF_EMPLOYMENT_DATE: '',
		UF_DEPARTMENT: u.UF_DEPARTMENT ?? [1],
		UF_PHONE_INNER: null,
		USER_TYPE: 'employee',
		_ADMIN: u.admin ?? false,
	});
}

export function getUser(store: Store, id: unknown): Row | undefined {
	ensurePortalUsers(store);
	return store.table(USER_TABLE).get(id);
}

export function isAdmin(store: Store, id: number): boolean {
	return getUser(store, id)?._ADMIN === true;
}

/** Users 1..3 back the test webhooks and must exist even when the dataset has fewer users. */
export const DEFAULT_USERS: NewUser[] = [
	{ ID: 1, NAME: 'Андрей', LAST_NAME: 'Смирнов', SECOND_NAME: 'Викторович', EMAIL: 'admin@sandbox.example', PERSONAL_GENDER: 'M', WORK_POSITION: 'Генеральный директор', admin: true },
	{ ID: 2, NAME: 'Ольга', LAST_NAME: 'Кузнецова', SECOND_NAME: 'Игоревна', EMAIL: 'o.kuznetsova@sandbox.example', PERSONAL_GENDER: 'F', WORK_POSITION: 'Менеджер по продажам' },
	{ ID: 3, NAME: 'Павел', LAST_NAME: 'Орлов', SECOND_NAME: 'Сергеевич', EMAIL: 'p.orlov@sandbox.example', PERSONAL_GENDER: 'M', WORK_POSITION: 'Бухгалтер' },
];

/** The root department (no parent), created when there is none. */
export function rootDepartment(store: Store): number {
	const t = store.table(DEPARTMENT_TABLE);
	const root = t.all().find((d) => d.PARENT === null || d.PARENT === undefined);
	if (root) return Number(root.ID);
	return Number(t.insert({ ID: 1, NAME: 'Компания', SORT: 500, PARENT: null, UF_HEAD: 1 }).ID);
}

/** An empty portal (no seed) still has users 1..3 and its root department. */
export function ensurePortalUsers(store: Store): void {
	if (store.table(USER_TABLE).size > 0) return;
	const root = rootDepartment(store);
	for (const d of DEFAULT_USERS) addUser(store, { ...d, UF_DEPARTMENT: [root] });
}

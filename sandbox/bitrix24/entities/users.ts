/**
 * Users: `user.get`, `user.current`, `user.fields`, `profile`; departments and workgroups are
 * in users-groups.ts (registered by this module). Rows keep typed values; the views give the
 * shapes of the recorded answers: `ID` string, `ACTIVE` boolean, `UF_DEPARTMENT` int array,
 * `TIMESTAMP_X`/`LAST_ACTIVITY_DATE` as `{}` in user.get (PHP date objects) and as site-format
 * strings in user.current. Keys with a null value are left out, as the portal does.
 */
import { param, type Params } from '../core/params';
import { isPlainObject, asList } from '../core/php';
import { matchFilter, sortRows, listPage, splitOperator } from '../core/query';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import type { Dataset } from '../../seed/types';
import { type EntityModule } from './common';
import { loadGroups, registerGroups, orderSpec } from './users-groups';
import { addUser, DEFAULT_USERS, DEPARTMENT_TABLE, ensurePortalUsers, getUser, rootDepartment, USER_TABLE } from './users-base';

export { addUser, getUser, isAdmin, USER_TABLE, type NewUser } from './users-base';

/** Fields user.get returns (the recorded set), in their order. */
const USER_FIELDS = [
	'ID', 'XML_ID', 'ACTIVE', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'EMAIL', 'LAST_LOGIN', 'DATE_REGISTER',
	'TIME_ZONE', 'IS_ONLINE', 'TIMESTAMP_X', 'LAST_ACTIVITY_DATE', 'PERSONAL_GENDER', 'PERSONAL_WWW',
	'PERSONAL_BIRTHDAY', 'PERSONAL_PHONE', 'PERSONAL_MOBILE', 'PERSONAL_CITY', 'WORK_PHONE', 'WORK_POSITION',
	'UF_EMPLOYMENT_DATE', 'UF_DEPARTMENT', 'UF_PHONE_INNER', 'USER_TYPE',
];

/** `user.fields` answer: name → title, as recorded from a live portal. */
export const USER_FIELD_TITLES: Record<string, string> = {
	ID: 'ID', XML_ID: 'Внешний код', ACTIVE: 'Активность', NAME: 'Имя', LAST_NAME: 'Фамилия',
	SECOND_NAME: 'Отчество', TITLE: 'Список пользователей', EMAIL: 'E-Mail', LAST_LOGIN: 'Последняя авторизация',
	DATE_REGISTER: 'Дата регистрации', TIME_ZONE: 'TIME_ZONE', IS_ONLINE: 'IS_ONLINE',
	TIME_ZONE_OFFSET: 'TIME_ZONE_OFFSET', TIMESTAMP_X: 'TIMESTAMP_X', LAST_ACTIVITY_DATE: 'LAST_ACTIVITY_DATE',
	PERSONAL_GENDER: 'Пол', PERSONAL_PROFESSION: 'Профессия', PERSONAL_WWW: 'Домашняя страничка',
	PERSONAL_BIRTHDAY: 'Дата рождения', PERSONAL_PHOTO: 'Фотография', PERSONAL_ICQ: 'ICQ',
	PERSONAL_PHONE: 'Личный телефон', PERSONAL_FAX: 'Факс', PERSONAL_MOBILE: 'Личный мобильный',
	PERSONAL_PAGER: 'Пейджер', PERSONAL_STREET: 'Улица проживания', PERSONAL_CITY: 'Город проживания',
	PERSONAL_STATE: 'Область / край', PERSONAL_ZIP: 'Почтовый индекс', PERSONAL_COUNTRY: 'Страна',
	PERSONAL_MAILBOX: 'Почтовый ящик', PERSONAL_NOTES: 'Дополнительные заметки', WORK_PHONE: 'Телефон компании',
	WORK_COMPANY: 'Компания', WORK_POSITION: 'Должность', WORK_DEPARTMENT: 'Отдел', WORK_WWW: 'Сайт компании',
	WORK_FAX: 'WORK_FAX', WORK_PAGER: 'WORK_PAGER', WORK_STREET: 'WORK_STREET', WORK_MAILBOX: 'WORK_MAILBOX',
	WORK_CITY: 'Город работы', WORK_STATE: 'WORK_STATE', WORK_ZIP: 'WORK_ZIP', WORK_COUNTRY: 'WORK_COUNTRY',
	WORK_PROFILE: 'WORK_PROFILE', WORK_LOGO: 'WORK_LOGO', WORK_NOTES: 'WORK_NOTES',
	UF_SKYPE_LINK: 'Ссылка на чат в Skype', UF_ZOOM: 'Zoom', UF_EMPLOYMENT_DATE: 'Дата принятия на работу',
	UF_TIMEMAN: 'Учет рабочего времени', UF_DEPARTMENT: 'Подразделения', UF_INTERESTS: 'Интересы',
	UF_SKILLS: 'Навыки', UF_WEB_SITES: 'Другие сайты', UF_XING: 'Xing', UF_LINKEDIN: 'LinkedIn',
	UF_FACEBOOK: 'Facebook', UF_TWITTER: 'Twitter', UF_SKYPE: 'Skype', UF_DISTRICT: 'Район',
	UF_PHONE_INNER: 'Внутренний телефон', USER_TYPE: 'USER_TYPE',
};

/** Parameters of user.get that are not filter fields. */
const USER_GET_PARAMS = new Set(['sort', 'order', 'select', 'filter', 'admin_mode', 'image_resize', 'start']);
const FILTERABLE = new Set([...USER_FIELDS, ...Object.keys(USER_FIELD_TITLES)]);

export function userFullName(row: Row | undefined): string {
	if (!row) return '';
	return [row.NAME, row.LAST_NAME].filter((x) => typeof x === 'string' && x !== '').join(' ');
}

/** The user's departments with all their parents (what `DR{id}` access codes cover). */
export function userDepartmentChain(store: Store, userId: number): Set<number> {
	const out = new Set<number>();
	const depts = store.table(DEPARTMENT_TABLE);
	for (const d of asList(getUser(store, userId)?.UF_DEPARTMENT)) {
		let id: number | null = Number(d);
		while (id && !out.has(id)) {
			out.add(id);
			const row = depts.get(id);
			id = row?.PARENT ? Number(row.PARENT) : null;
		}
	}
	return out;
}

/** `2024-08-29T10:30:11+03:00` → `29.08.2024 10:30:11` (site format) or `2024-08-29 10:30:11`. */
function siteDate(iso: unknown, dmy: boolean): string | null {
	const m = typeof iso === 'string' ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)/.exec(iso) : null;
	if (!m) return null;
	return dmy ? `${m[3]}.${m[2]}.${m[1]} ${m[4]}` : `${m[1]}-${m[2]}-${m[3]} ${m[4]}`;
}

function userView(row: Row, select: string[] | undefined, current: boolean): Row {
	const out: Row = {};
	const wanted = select && select.length ? expandSelect(select) : USER_FIELDS;
	for (const f of wanted) {
		if (current && f === 'USER_TYPE') continue;
		if (!(f in row) || f.startsWith('_')) continue;
		let v = row[f];
		if (f === 'ID') v = String(v);
		else if (f === 'TIMESTAMP_X') v = current ? siteDate(v, true) : {};
		else if (f === 'LAST_ACTIVITY_DATE') v = current ? siteDate(v, false) : {};
		if (v === null || v === undefined) continue;
		out[f] = v;
	}
	return out;
}

function expandSelect(select: string[]): string[] {
	const out: string[] = [];
	for (const s of select) {
		const f = s.toUpperCase();
		const add = (k: string) => !out.includes(k) && out.push(k);
		if (f === '*') USER_FIELDS.filter((k) => !k.startsWith('UF_')).forEach(add);
		else if (f === 'UF_*') USER_FIELDS.filter((k) => k.startsWith('UF_')).forEach(add);
		else if (USER_FIELDS.includes(f)) add(f);
	}
	return out;
}

function boolish(v: unknown): boolean | unknown {
	if (v === true || v === 'true' || v === 'Y' || v === 1 || v === '1') return true;
	if (v === false || v === 'false' || v === 'N' || v === 0 || v === '0') return false;
	return v;
}

/** user.get takes `FILTER` or the filter fields as top-level parameters. */
function userFilter(params: Params): { filter: Record<string, unknown>; search?: string } {
	const explicit = param(params, 'filter');
	const source: Record<string, unknown> = isPlainObject(explicit) ? explicit : {};
	if (!isPlainObject(explicit)) {
		for (const [k, v] of Object.entries(params)) if (!USER_GET_PARAMS.has(k.toLowerCase())) source[k] = v;
	}
	const filter: Record<string, unknown> = {};
	let search: string | undefined;
	for (const [k, v] of Object.entries(source)) {
		const { field } = splitOperator(k);
		const upper = field.toUpperCase();
		if (upper === 'NAME_SEARCH' || upper === 'FIND') search = String(v ?? '');
		else if (upper === 'ACTIVE') filter[k] = Array.isArray(v) ? v.map(boolish) : boolish(v);
		else filter[k] = v;
	}
	return { filter, search };
}

function matchesSearch(row: Row, search: string): boolean {
	const hay = ['NAME', 'LAST_NAME', 'SECOND_NAME', 'EMAIL', 'WORK_POSITION'].map((k) => String(row[k] ?? '').toLowerCase());
	return search
		.toLowerCase()
		.split(/\s+/)
		.filter(Boolean)
		.every((w) => hay.some((h) => h.includes(w)));
}

function userGet(ctx: CallContext): unknown {
	ensurePortalUsers(ctx.portal.store);
	const { filter, search } = userFilter(ctx.params);
	const rows = ctx.portal.store
		.table(USER_TABLE)
		.all()
		.filter((r) => matchFilter(r, filter, { allowed: (f) => FILTERABLE.has(f.toUpperCase()) }))
		.filter((r) => search === undefined || matchesSearch(r, search));
	const sorted = sortRows(rows, orderSpec(ctx.params, { ID: 'ASC' }), 'ID');
	const select = asList(param(ctx.params, 'select')).map(String);
	return listPage(sorted, ctx.start, (page) => page.map((r) => userView(r, select, false)));
}

function userCurrent(ctx: CallContext): unknown {
	const row = getUser(ctx.portal.store, ctx.auth.userId);
	return row ? userView(row, undefined, true) : [];
}

function profile(ctx: CallContext): unknown {
	const row = getUser(ctx.portal.store, ctx.auth.userId);
	if (!row || row.ACTIVE !== true) return [];
	return {
		ID: String(row.ID),
		ADMIN: row._ADMIN === true,
		NAME: row.NAME,
		LAST_NAME: row.LAST_NAME,
		PERSONAL_GENDER: row.PERSONAL_GENDER ?? '',
		TIME_ZONE: row.TIME_ZONE ?? '',
	};
}

function loadUsers(store: Store, ds: Dataset): void {
	const rootDept = rootDepartment(store);
	for (const u of ds.users ?? []) {
		addUser(store, {
			ID: u.id,
			NAME: u.person.firstName,
			LAST_NAME: u.person.lastName,
			SECOND_NAME: u.person.middleName,
			EMAIL: u.email,
			ACTIVE: u.active,
			PERSONAL_GENDER: u.person.gender,
			WORK_POSITION: u.position,
			UF_DEPARTMENT: [u.departmentId],
			admin: u.id === 1,
		});
	}
	for (const d of DEFAULT_USERS) {
		if (!getUser(store, d.ID)) addUser(store, { ...d, UF_DEPARTMENT: [rootDept] });
	}
}

export const usersModule: EntityModule = {
	name: 'users',
	register(registry: Registry): void {
		registry.define('user.get', { scope: 'user', handler: userGet });
		registry.define('user.search', { scope: 'user', handler: userGet });
		registry.define('user.current', { scope: 'user', handler: userCurrent });
		registry.define('user.fields', { scope: 'user', handler: () => ({ ...USER_FIELD_TITLES }) });
		registry.define('profile', { scope: '', handler: profile });
		registerGroups(registry);
	},
	load(store: Store, ds: Dataset): void {
		loadGroups.departments(store, ds);
		loadUsers(store, ds);
		loadGroups.workgroups(store, ds);
	},
};

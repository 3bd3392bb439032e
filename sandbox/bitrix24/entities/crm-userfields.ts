/**
 * User fields of the old CRM entities: `crm.{lead,deal,contact,company}.userfield.add|get|list|update|delete`.
 * A field's name always starts with `UF_CRM_` (the portal adds the prefix); its description joins
 * the entity's `crm.*.fields` answer as `{type, …, isDynamic: true, title: FIELD_NAME, listLabel,
 * formLabel, filterLabel, settings}` with the type's default settings filled in, as a live portal does.
 */
import { Errors } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param } from '../core/params';
import type { Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicRow, fieldsParam, idParam, listRows, mustGet } from './common';

export const USERFIELD_TABLE = 'userfield';

/** Default SETTINGS of each USER_TYPE_ID (what crm.*.fields shows for a field created without them). */
const DEFAULT_SETTINGS: Record<string, Record<string, unknown>> = {
	string: { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: null },
	url: { POPUP: 'Y', SIZE: 20, MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: null },
	money: { DEFAULT_VALUE: '' },
	double: { PRECISION: 2, SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null },
	integer: { SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null },
	boolean: { DEFAULT_VALUE: 0, DISPLAY: 'CHECKBOX', LABEL: ['', ''], LABEL_CHECKBOX: '' },
	date: { DEFAULT_VALUE: { TYPE: 'NONE', VALUE: '' } },
	datetime: { DEFAULT_VALUE: { TYPE: 'NONE', VALUE: '' }, USE_SECOND: 'Y', USE_TIMEZONE: 'N' },
	enumeration: { DISPLAY: 'LIST', LIST_HEIGHT: 1, CAPTION_NO_VALUE: '', SHOW_NO_VALUE: 'Y' },
	employee: {},
	file: { SIZE: 20, LIST_WIDTH: 0, LIST_HEIGHT: 0, MAX_SHOW_SIZE: 0, MAX_ALLOWED_SIZE: 0, EXTENSIONS: [], TARGET_BLANK: 'Y' },
};

const ENTITY_IDS: Record<string, string> = { lead: 'CRM_LEAD', deal: 'CRM_DEAL', contact: 'CRM_CONTACT', company: 'CRM_COMPANY' };

const table = (s: Store) => s.table(USERFIELD_TABLE);

/** A label given as a string or per language (`{ru: …, en: …}`). */
function label(v: unknown): string | undefined {
	if (typeof v === 'string' && v !== '') return v;
	if (isPlainObject(v)) {
		const text = v.ru ?? v.en ?? Object.values(v)[0];
		return typeof text === 'string' && text !== '' ? text : undefined;
	}
	return undefined;
}

export function userFieldsOf(store: Store, entity: string): Row[] {
	return table(store)
		.where((r) => r.ENTITY_ID === ENTITY_IDS[entity])
		.sort((a, b) => Number(a.SORT) - Number(b.SORT) || Number(a.ID) - Number(b.ID));
}

/** The `crm.*.fields` entries of an entity's user fields (name → description). */
export function describeUserFields(store: Store, entity: string, nameOf: (n: string) => string = (n) => n): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const r of userFieldsOf(store, entity)) {
		const name = String(r.FIELD_NAME);
		const fallback = label(r.EDIT_FORM_LABEL) ?? name;
		out[nameOf(name)] = {
			type: r.USER_TYPE_ID,
			isRequired: r.MANDATORY === 'Y',
			isReadOnly: false,
			isImmutable: false,
			isMultiple: r.MULTIPLE === 'Y',
			isDynamic: true,
			title: name,
			listLabel: label(r.LIST_COLUMN_LABEL) ?? fallback,
			formLabel: fallback,
			filterLabel: label(r.LIST_FILTER_LABEL) ?? fallback,
			settings: r.SETTINGS,
		};
	}
	return out;
}

function fieldName(raw: unknown): string {
	const name = String(raw ?? '').toUpperCase();
	if (!name || !/^[A-Z0-9_]+$/.test(name)) throw Errors.crm('FIELD_NAME is not defined or invalid.');
	const full = name.startsWith('UF_CRM_') ? name : `UF_CRM_${name}`;
	if (full.length > 50) throw Errors.crm('FIELD_NAME is too long.');
	return full;
}

function settingsOf(type: string, given: unknown): Record<string, unknown> {
	return { ...(DEFAULT_SETTINGS[type] ?? {}), ...(isPlainObject(given) ? given : {}) };
}

const yn = (v: unknown, d: 'Y' | 'N') => (v === undefined || v === null || v === '' ? d : v === true || v === 'Y' || v === '1' || v === 1 ? 'Y' : 'N');

function apply(row: Row, f: Record<string, unknown>): void {
	for (const k of ['EDIT_FORM_LABEL', 'LIST_COLUMN_LABEL', 'LIST_FILTER_LABEL', 'ERROR_MESSAGE', 'HELP_MESSAGE', 'XML_ID']) if (k in f) row[k] = f[k];
	if ('SORT' in f) row.SORT = Number(f.SORT) || 100;
	for (const k of ['MANDATORY', 'SHOW_FILTER', 'SHOW_IN_LIST', 'EDIT_IN_LIST', 'IS_SEARCHABLE']) if (k in f) row[k] = yn(f[k], 'N');
	if ('SETTINGS' in f) row.SETTINGS = settingsOf(String(row.USER_TYPE_ID), { ...(row.SETTINGS as object), ...(isPlainObject(f.SETTINGS) ? f.SETTINGS : {}) });
	if (Array.isArray(f.LIST) || isPlainObject(f.LIST)) row.LIST = f.LIST;
}

export function registerUserFields(reg: Registry): void {
	const common = { scope: 'crm', crmAccess: 'old' as const };
	for (const [entity, entityId] of Object.entries(ENTITY_IDS)) {
		const p = `crm.${entity}.userfield`;
		reg.define(`${p}.add`, {
			...common,
			handler: ({ params, portal }) => {
				const f = fieldsParam(params);
				const name = fieldName(f.FIELD_NAME);
				if (table(portal.store).where((r) => r.ENTITY_ID === entityId && r.FIELD_NAME === name).length) {
					throw Errors.crm(`Поле с кодом ${name} уже существует`);
				}
				const type = String(f.USER_TYPE_ID ?? 'string');
				const row: Row = {
					ENTITY_ID: entityId, FIELD_NAME: name, USER_TYPE_ID: type, XML_ID: null, SORT: 100,
					MULTIPLE: yn(f.MULTIPLE, 'N'), MANDATORY: 'N', SHOW_FILTER: 'N', SHOW_IN_LIST: 'Y', EDIT_IN_LIST: 'Y', IS_SEARCHABLE: 'N',
					SETTINGS: settingsOf(type, undefined), EDIT_FORM_LABEL: null, LIST_COLUMN_LABEL: null, LIST_FILTER_LABEL: null,
					ERROR_MESSAGE: null, HELP_MESSAGE: null,
				};
				apply(row, f);
				return Number(table(portal.store).insert(row).ID);
			},
		});
		reg.define(`${p}.get`, {
			...common,
			handler: ({ params, portal }) => {
				const row = mustGet(table(portal.store), idParam(params));
				if (row.ENTITY_ID !== entityId) throw Errors.crmNotFound();
				return classicRow(row);
			},
		});
		reg.define(`${p}.list`, {
			...common,
			handler: ({ params, start, portal }) => {
				const filter = param(params, 'filter');
				return listRows(userFieldsOf(portal.store, entity), { order: param(params, 'order'), filter }, start, { view: (r) => classicRow(r) });
			},
		});
		reg.define(`${p}.update`, {
			...common,
			handler: ({ params, portal }) => {
				const row = mustGet(table(portal.store), idParam(params));
				if (row.ENTITY_ID !== entityId) throw Errors.crmNotFound();
				apply(row, fieldsParam(params));
				return true;
			},
		});
		reg.define(`${p}.delete`, {
			...common,
			handler: ({ params, portal }) => {
				const row = mustGet(table(portal.store), idParam(params));
				if (row.ENTITY_ID !== entityId) throw Errors.crmNotFound();
				table(portal.store).delete(row.ID);
				return true;
			},
		});
	}
}

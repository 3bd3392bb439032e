/**
 * The universal `crm.item.*` API: smart invoices (31), smart processes (≥128) stored in the
 * `item` table (camelCase, typed), and leads/deals/contacts/companies seen in camelCase over
 * their old-API rows. Old invoices (5) answer ENTITY_TYPE_NOT_SUPPORTED, as on a real portal.
 */
import { RestError } from '../core/errors';
import { isPlainObject } from '../core/php';
import { param, type Params } from '../core/params';
import type { CallContext, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { describeFields, listRows, nowIso, typedValue, type EntityModule, type Schema, type FieldDef } from './common';
import { addRow, classicByType, deleteRow, updateRow, type ClassicEntity } from './crm-classic';
import { camelName, ufClassicName } from './crm-schemas';
import { describeUserFields } from './crm-userfields';
import { recordStageChange } from './tasks-stagehistory';
import { SMART_INVOICE, defaultCategory, defaultStage, stageOf } from './crm-dictionaries';

const f = (type: FieldDef['type'], title: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type, title, ...extra });

export const ITEM: Schema = {
	id: f('integer', 'ID', { isReadOnly: true }),
	xmlId: f('string', 'Внешний код'),
	title: f('string', 'Название'),
	createdBy: f('user', 'Кем создан', { isReadOnly: true }),
	updatedBy: f('user', 'Кем изменён', { isReadOnly: true }),
	movedBy: f('user', 'Кем перемещён', { isReadOnly: true }),
	createdTime: f('datetime', 'Когда создан', { isReadOnly: true }),
	updatedTime: f('datetime', 'Когда изменён', { isReadOnly: true }),
	movedTime: f('datetime', 'Когда перемещён', { isReadOnly: true }),
	categoryId: f('crm_category', 'Воронка', { isImmutable: true }),
	stageId: f('crm_status', 'Стадия'),
	previousStageId: f('crm_status', 'Предыдущая стадия', { isReadOnly: true }),
	begindate: f('date', 'Дата начала'),
	closedate: f('date', 'Дата завершения'),
	companyId: f('crm_company', 'Компания'),
	contactId: f('crm_contact', 'Контакт'),
	contactIds: f('crm_contact', 'Контакты', { isMultiple: true }),
	mycompanyId: f('crm_company', 'Реквизиты вашей компании'),
	opportunity: f('double', 'Сумма'),
	isManualOpportunity: f('char', 'Сумма заполняется вручную'),
	taxValue: f('double', 'Сумма налога'),
	currencyId: f('crm_currency', 'Валюта'),
	assignedById: f('user', 'Ответственный'),
	opened: f('char', 'Доступен для всех'),
	comments: f('string', 'Комментарий'),
	observers: f('user', 'Наблюдатели', { isMultiple: true }),
	sourceId: f('crm_status', 'Источник'),
	sourceDescription: f('string', 'Дополнительно об источнике'),
	parentId2: f('crm_deal', 'Сделка'),
	entityTypeId: f('integer', 'Тип', { isReadOnly: true }),
};

const INVOICE: Schema = { ...ITEM, accountNumber: f('string', 'Номер счёта') };

const notFoundType = () => new RestError('NOT_FOUND', 'Смарт-процесс не найден', 400);
const notFoundItem = () => new RestError('NOT_FOUND', 'Элемент не найден', 400);
const items = (s: Store) => s.table('item', 'id');

function entityTypeIdOf(params: Params, store: Store): number {
	const et = Number(param(params, 'entityTypeId'));
	if (et === 5) throw new RestError('ENTITY_TYPE_NOT_SUPPORTED', 'Тип сущности 5 не поддерживается', 400);
	if (classicByType(et) || et === SMART_INVOICE) return et;
	if (store.table('type', 'id').where((t) => t.entityTypeId === et).length) return et;
	throw notFoundType();
}

const schemaOf = (et: number): Schema => (et === SMART_INVOICE ? INVOICE : ITEM);

/** Keys a deal has in crm.item but not in the old API (computed or short-date views). */
const DEAL_ITEM_ONLY = [
	'dateCreateShort', 'dateModifyShort', 'productId', 'begindateShort', 'closedateShort', 'eventDate', 'eventDateShort', 'eventId',
	'eventDescription', 'webformId', 'searchContent', 'orderStage', 'isWork', 'isWon', 'isLose', 'receivedAmount', 'lostAmount', 'hasProducts',
];

/** camelCase view of an old-API row (leads, deals, contacts, companies). */
function classicAsItem(e: ClassicEntity, row: Row): Row {
	const out: Row = {};
	for (const [k, v] of Object.entries(row)) {
		if (['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK', 'HAS_IMOL'].includes(k)) continue;
		out[camelName(k)] = v;
	}
	if (e.entityTypeId === 2) for (const k of DEAL_ITEM_ONLY) if (!(k in out)) out[k] = null;
	out.entityTypeId = e.entityTypeId;
	return out;
}

function itemFieldsToClassic(e: ClassicEntity, fields: Record<string, unknown>): Record<string, unknown> {
	const names = new Map(Object.keys(e.schema).map((k) => [camelName(k), k]));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(fields)) {
		const parent = /^parentId(\d+)$/.exec(k);
		const classic = names.get(k) ?? (k.startsWith('ufCrm') ? ufClassicName(k) : parent ? `PARENT_ID_${parent[1]}` : undefined);
		if (classic) out[classic] = v;
	}
	return out;
}

/** Stage history of smart invoices and smart-process items (creation, moves, pipeline changes). */
function trackItemStage(ctx: CallContext, row: Row, before: { stage: unknown; category: unknown } | undefined): void {
	if (before && before.stage === row.stageId && before.category === row.categoryId) return;
	const semantic = (row.stageSemanticId as 'P' | 'S' | 'F') ?? 'P';
	const typeId = !before ? 1 : before.category !== row.categoryId ? 5 : semantic === 'P' ? 2 : 3;
	recordStageChange(ctx.portal.store, {
		entityTypeId: Number(row.entityTypeId), ownerId: Number(row.id), typeId, at: String(row.movedTime ?? nowIso(ctx.portal)),
		stageId: String(row.stageId ?? ''), semantic, categoryId: Number(row.categoryId ?? 0),
	});
}

function applyItemFields(schema: Schema, row: Row, fields: Record<string, unknown>, isNew: boolean): void {
	for (const [k, v] of Object.entries(fields)) {
		if (k.startsWith('ufCrm')) {
			row[k] = v;
			continue;
		}
		const def = schema[k];
		if (!def || def.isReadOnly || (def.isImmutable && !isNew)) continue;
		if (def.isMultiple) {
			const list = Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : v === '' || v === null ? [] : [v];
			row[k] = list.map((x) => typedValue(x, def.type));
		} else row[k] = typedValue(v, def.type);
	}
	if (Array.isArray(row.contactIds)) row.contactId = (row.contactIds as number[])[0] ?? null;
}

function finishItem(store: Store, et: number, row: Row): void {
	const stage = stageOf(store, et, Number(row.categoryId), String(row.stageId ?? ''));
	if (!stage) row.stageId = defaultStage(store, et, Number(row.categoryId))?.STATUS_ID ?? null;
	const st = stageOf(store, et, Number(row.categoryId), String(row.stageId ?? ''));
	row.stageSemanticId = st?.SEMANTICS ?? 'P';
	if (et === SMART_INVOICE && !row.accountNumber) row.accountNumber = String(row.id ?? '');
}

function itemEvent(op: string, row: Row) {
	return [`ONCRMDYNAMICITEM${op}`, { ID: row.id, ENTITY_TYPE_ID: row.entityTypeId }] as const;
}

function fieldsOf(params: Params): Record<string, unknown> {
	const fields = param(params, 'fields');
	if (!isPlainObject(fields)) throw new RestError('INVALID_ARG_VALUE', 'Не переданы поля', 400);
	return fields;
}

export function addItem(ctx: CallContext, et: number, fields: Record<string, unknown>): Row {
	const store = ctx.portal.store;
	const now = nowIso(ctx.portal);
	const uid = ctx.auth.userId;
	const row: Row = {};
	for (const k of Object.keys(schemaOf(et))) row[k] = schemaOf(et)[k].isMultiple ? [] : null;
	Object.assign(row, { xmlId: '', title: '', createdBy: uid, updatedBy: uid, movedBy: uid, createdTime: now, updatedTime: now, movedTime: now, opportunity: 0, isManualOpportunity: 'N', taxValue: 0, currencyId: 'RUB', assignedById: uid, opened: 'Y', entityTypeId: et, categoryId: defaultCategory(store, et) });
	// an invoice is dated today unless the caller gives its date (as on a portal)
	if (et === SMART_INVOICE) row.begindate = `${now.slice(0, 10)}T00:00:00${now.slice(19)}`;
	applyItemFields(schemaOf(et), row, fields, true);
	row.entityTypeId = et;
	const saved = items(store).insert(row);
	finishItem(store, et, saved);
	if (!saved.title) saved.title = et === SMART_INVOICE ? `Счёт #${saved.id}` : `Элемент #${saved.id}`;
	trackItemStage(ctx, saved, undefined);
	ctx.portal.emit(...itemEvent('ADD', saved));
	return saved;
}

export function findItem(store: Store, et: number, id: unknown): Row {
	const row = items(store).get(id);
	if (!row || row.entityTypeId !== et) throw notFoundItem();
	return row;
}

export const crmItemModule: EntityModule = {
	name: 'crm-item',
	register(reg: Registry) {
		const common = { scope: 'crm', crmAccess: 'item' as const };
		reg.define('crm.item.fields', {
			...common,
			handler: ({ params, portal }) => {
				const et = entityTypeIdOf(params, portal.store);
				const e = classicByType(et);
				const schema = e ? Object.fromEntries(Object.entries(e.schema).map(([k, v]) => [camelName(k), v])) : schemaOf(et);
				return { fields: { ...describeFields(schema), ...(e ? describeUserFields(portal.store, e.name, camelName) : {}) } };
			},
		});
		reg.define('crm.item.add', {
			...common,
			handler: (ctx) => {
				const et = entityTypeIdOf(ctx.params, ctx.portal.store);
				const e = classicByType(et);
				if (e) return { item: classicAsItem(e, addRow(ctx, e, itemFieldsToClassic(e, fieldsOf(ctx.params)))) };
				return { item: addItem(ctx, et, fieldsOf(ctx.params)) };
			},
		});
		reg.define('crm.item.get', {
			...common,
			handler: ({ params, portal }) => {
				const et = entityTypeIdOf(params, portal.store);
				const e = classicByType(et);
				if (e) {
					const row = portal.store.table(e.name).get(param(params, 'id'));
					if (!row) throw notFoundItem();
					return { item: classicAsItem(e, row) };
				}
				return { item: findItem(portal.store, et, param(params, 'id')) };
			},
		});
		reg.define('crm.item.update', {
			...common,
			handler: (ctx) => {
				const et = entityTypeIdOf(ctx.params, ctx.portal.store);
				const e = classicByType(et);
				const id = param(ctx.params, 'id');
				if (e) {
					const row = ctx.portal.store.table(e.name).get(id);
					if (!row) throw notFoundItem();
					updateRow(ctx, e, row, itemFieldsToClassic(e, fieldsOf(ctx.params)));
					return { item: classicAsItem(e, row) };
				}
				const row = findItem(ctx.portal.store, et, id);
				const before = row.stageId;
				const category = row.categoryId;
				applyItemFields(schemaOf(et), row, fieldsOf(ctx.params), false);
				finishItem(ctx.portal.store, et, row);
				Object.assign(row, { updatedBy: ctx.auth.userId, updatedTime: nowIso(ctx.portal) });
				if (row.stageId !== before) Object.assign(row, { previousStageId: before, movedBy: ctx.auth.userId, movedTime: row.updatedTime });
				trackItemStage(ctx, row, { stage: before, category });
				ctx.portal.emit(...itemEvent('UPDATE', row));
				return { item: row };
			},
		});
		reg.define('crm.item.delete', {
			...common,
			handler: (ctx) => {
				const et = entityTypeIdOf(ctx.params, ctx.portal.store);
				const e = classicByType(et);
				const id = Number(param(ctx.params, 'id'));
				if (e) {
					if (!ctx.portal.store.table(e.name).get(id)) throw notFoundItem();
					deleteRow(ctx, e, id);
					return [];
				}
				const row = findItem(ctx.portal.store, et, id);
				items(ctx.portal.store).delete(id);
				ctx.portal.emit(...itemEvent('DELETE', row));
				return [];
			},
		});
		reg.define('crm.item.list', {
			...common,
			handler: ({ params, start, portal }) => {
				const et = entityTypeIdOf(params, portal.store);
				const e = classicByType(et);
				const schema = e ? Object.fromEntries(Object.keys(e.schema).map((k) => [camelName(k), true])) : schemaOf(et);
				const rows = e ? portal.store.table(e.name).all().map((r) => classicAsItem(e, r)) : items(portal.store).where((r) => r.entityTypeId === et);
				return listRows(rows, params, start, {
					idKey: 'id',
					defaultSelect: ['*', 'UF_*'],
					wrap: (page) => ({ items: page }),
					filter: {
						allowed: (field) => field in schema || field.startsWith('ufCrm') || /^parentId\d+$/.test(field) || field === 'entityTypeId' || field === 'stageSemanticId',
						unknownField: (field) => new RestError('INVALID_ARG_VALUE', `Invalid filter: field '${field}' is not allowed in filter`, 400),
					},
				});
			},
		});
	},
};

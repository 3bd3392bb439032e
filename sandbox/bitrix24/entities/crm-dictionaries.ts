/**
 * Dictionaries: `crm.status.*` (stages with SEMANTICS per pipeline, sources, types…),
 * `crm.category.*` (pipelines of deals, smart invoices, smart processes), the old
 * `crm.dealcategory.*`, `crm.type.list`, `crm.currency.list`, `crm.enum.addresstype`.
 * Stage ids: deals `NEW` (pipeline 0) / `C{n}:NEW`; smart invoices `DT31_{n}:N`; SPA `DT{type}_{n}:NEW`.
 */
import { Errors, RestError } from '../core/errors';
import { param } from '../core/params';
import type { Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { classicRow, listRows, mustGet, type EntityModule } from './common';
import type { Dataset } from '../../seed/types';
import { DEFAULT_DEAL_STAGES } from '../../seed/documents';
import { isoWithOffset } from '../core/time';

export const SMART_INVOICE = 31;
/** The one smart process of the seeded portal. */
export const SPA_TYPE = 128;

interface StageSeed {
	code: string;
	name: string;
	semantics: 'P' | 'S' | 'F';
	color: string;
}

const INVOICE_STAGES: StageSeed[] = [
	{ code: 'N', name: 'Новый', semantics: 'P', color: '#22B9FF' },
	{ code: 'S', name: 'Отправлен клиенту', semantics: 'P', color: '#2FC6F6' },
	{ code: 'P', name: 'Оплачен', semantics: 'S', color: '#7BD500' },
	{ code: 'D', name: 'Не оплачен', semantics: 'F', color: '#FF5752' },
];

const LEAD_STAGES: StageSeed[] = [
	{ code: 'NEW', name: 'Не обработан', semantics: 'P', color: '#2FC6F6' },
	{ code: 'IN_PROCESS', name: 'В работе', semantics: 'P', color: '#55D0E0' },
	{ code: 'PROCESSED', name: 'Обработан', semantics: 'P', color: '#FFA900' },
	{ code: 'CONVERTED', name: 'Качественный лид', semantics: 'S', color: '#7BD500' },
	{ code: 'JUNK', name: 'Некачественный лид', semantics: 'F', color: '#FF5752' },
];

const SPA_STAGES: StageSeed[] = [
	{ code: 'NEW', name: 'Начало', semantics: 'P', color: '#22B9FF' },
	{ code: 'PREPARATION', name: 'Подготовка', semantics: 'P', color: '#2FC6F6' },
	{ code: 'SUCCESS', name: 'Успех', semantics: 'S', color: '#7BD500' },
	{ code: 'FAIL', name: 'Провал', semantics: 'F', color: '#FF5752' },
];

const PLAIN: Record<string, Array<[string, string]>> = {
	SOURCE: [['CALL', 'Звонок'], ['EMAIL', 'Электронная почта'], ['WEB', 'Веб-сайт'], ['ADVERTISING', 'Реклама'], ['PARTNER', 'Существующий клиент'], ['RECOMMENDATION', 'По рекомендации'], ['1C', '1С'], ['OTHER', 'Другое']],
	DEAL_TYPE: [['SALE', 'Продажа'], ['COMPLEX', 'Комплексная продажа'], ['GOODS', 'Продажа товара'], ['SERVICES', 'Продажа услуги'], ['SERVICE', 'Сервисное обслуживание']],
	COMPANY_TYPE: [['CUSTOMER', 'Клиент'], ['SUPPLIER', 'Поставщик'], ['COMPETITOR', 'Конкурент'], ['PARTNER', 'Партнер'], ['OTHER', 'Другое']],
	CONTACT_TYPE: [['CLIENT', 'Клиенты'], ['SUPPLIER', 'Поставщики'], ['PARTNER', 'Партнеры'], ['OTHER', 'Другое']],
	INDUSTRY: [['IT', 'Информационные технологии'], ['TELECOM', 'Телекоммуникации и связь'], ['MANUFACTURING', 'Производство'], ['BANKING', 'Банковские услуги'], ['CONSULTING', 'Консалтинг'], ['FINANCE', 'Финансы'], ['GOVERNMENT', 'Правительство'], ['DELIVERY', 'Доставка'], ['ENTERTAINMENT', 'Развлечения'], ['NOTPROFIT', 'Не для получения прибыли'], ['OTHER', 'Другое']],
	EMPLOYEES: [['EMPLOYEES_1', 'менее 50'], ['EMPLOYEES_2', '50-250'], ['EMPLOYEES_3', '250-500'], ['EMPLOYEES_4', 'более 500']],
	HONORIFIC: [['HNR_RU_1', 'г-н'], ['HNR_RU_2', 'г-жа']],
};

const OLD_INVOICE_STATUSES: StageSeed[] = [
	{ code: 'N', name: 'Черновик', semantics: 'P', color: '#2FC6F6' },
	{ code: 'S', name: 'Отправлен клиенту', semantics: 'P', color: '#55D0E0' },
	{ code: 'A', name: 'Подтвержден', semantics: 'P', color: '#FFA900' },
	{ code: 'P', name: 'Оплачен', semantics: 'S', color: '#7BD500' },
	{ code: 'D', name: 'Отклонен', semantics: 'F', color: '#FF5752' },
];

/** ENTITY_ID of the stage dictionary of a pipeline, and the stage-id prefix. */
export function stageEntity(entityTypeId: number, categoryId: number): { entityId: string; prefix: string } {
	if (entityTypeId === 1) return { entityId: 'STATUS', prefix: '' };
	if (entityTypeId === 2) return categoryId === 0 ? { entityId: 'DEAL_STAGE', prefix: '' } : { entityId: `DEAL_STAGE_${categoryId}`, prefix: `C${categoryId}:` };
	if (entityTypeId === 5) return { entityId: 'INVOICE_STATUS', prefix: '' };
	if (entityTypeId === SMART_INVOICE) return { entityId: `SMART_INVOICE_STAGE_${categoryId}`, prefix: `DT31_${categoryId}:` };
	return { entityId: `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`, prefix: `DT${entityTypeId}_${categoryId}:` };
}

const statuses = (s: Store) => s.table('status');

/**
 * The pipeline a stage dictionary belongs to: stage ids of a non-default pipeline carry its
 * prefix (`C3:`, `DT31_5:`, `DT128_7:`), which crm.status.add puts in front of a bare STATUS_ID.
 */
function pipelineOf(entityId: string): { prefix: string; categoryId: number | null; extra: boolean } | undefined {
	if (entityId === 'STATUS' || entityId === 'DEAL_STAGE') return { prefix: '', categoryId: null, extra: true };
	let m = /^DEAL_STAGE_(\d+)$/.exec(entityId);
	if (m) return { prefix: `C${m[1]}:`, categoryId: Number(m[1]), extra: true };
	m = /^SMART_INVOICE_STAGE_(\d+)$/.exec(entityId);
	if (m) return { prefix: `DT31_${m[1]}:`, categoryId: Number(m[1]), extra: false };
	m = /^DYNAMIC_(\d+)_STAGE_(\d+)$/.exec(entityId);
	if (m) return { prefix: `DT${m[1]}_${m[2]}:`, categoryId: Number(m[2]), extra: false };
	return undefined;
}
const categories = (s: Store) => s.table('category', 'rowId');

export function stagesOf(store: Store, entityTypeId: number, categoryId: number): Row[] {
	const { entityId } = stageEntity(entityTypeId, categoryId);
	return statuses(store)
		.where((r) => r.ENTITY_ID === entityId)
		.sort((a, b) => Number(a.SORT) - Number(b.SORT));
}

export function stageOf(store: Store, entityTypeId: number, categoryId: number, statusId: string): Row | undefined {
	return stagesOf(store, entityTypeId, categoryId).find((r) => r.STATUS_ID === statusId);
}

export function defaultStage(store: Store, entityTypeId: number, categoryId: number): Row | undefined {
	return stagesOf(store, entityTypeId, categoryId)[0];
}

export function categoriesOf(store: Store, entityTypeId: number): Row[] {
	return categories(store)
		.where((r) => r.entityTypeId === entityTypeId)
		.sort((a, b) => Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id));
}

export function defaultCategory(store: Store, entityTypeId: number): number {
	const cats = categoriesOf(store, entityTypeId);
	return Number((cats.find((c) => c.isDefault === 'Y') ?? cats[0])?.id ?? 0);
}

function addStages(store: Store, entityTypeId: number, categoryId: number, stages: StageSeed[]): void {
	const { entityId, prefix } = stageEntity(entityTypeId, categoryId);
	const extra = entityTypeId === 1 || entityTypeId === 2 || entityTypeId === 7;
	stages.forEach((st, i) => {
		statuses(store).insert({
			ENTITY_ID: entityId,
			STATUS_ID: prefix + st.code,
			NAME: st.name,
			NAME_INIT: i === 0 || st.semantics !== 'P' ? st.name : '',
			SORT: (i + 1) * 10,
			SYSTEM: i === 0 || st.semantics !== 'P' ? 'Y' : 'N',
			CATEGORY_ID: entityTypeId === 1 || (entityTypeId === 2 && categoryId === 0) || entityTypeId === 5 ? null : categoryId,
			COLOR: st.color,
			SEMANTICS: st.semantics === 'P' ? null : st.semantics,
			...(extra ? { EXTRA: { SEMANTICS: st.semantics === 'P' ? 'process' : st.semantics === 'S' ? 'success' : 'failure', COLOR: st.color } } : {}),
		});
	});
}

function addCategory(store: Store, entityTypeId: number, id: number, name: string, sort: number, isDefault: boolean, stages: StageSeed[]): Row {
	const row = categories(store).insert({
		id,
		name,
		sort,
		entityTypeId,
		isDefault: isDefault ? 'Y' : 'N',
		...(id === 0 && entityTypeId === 2 ? {} : { originId: '', originatorId: '' }),
	});
	addStages(store, entityTypeId, id, stages);
	return row;
}

function nextCategoryId(store: Store): number {
	return Math.max(0, ...categories(store).all().map((c) => Number(c.id))) + 1;
}

const notFoundType = () => new RestError('NOT_FOUND', 'Смарт-процесс не найден', 400);

function knownType(store: Store, entityTypeId: number): boolean {
	return entityTypeId === 2 || entityTypeId === SMART_INVOICE || !!store.table('type', 'id').where((t) => t.entityTypeId === entityTypeId).length;
}

export const crmDictionariesModule: EntityModule = {
	name: 'crm-dictionaries',
	register(reg: Registry) {
		const common = { scope: 'crm' };
		reg.define('crm.status.list', {
			...common,
			crmAccess: 'old',
			handler: ({ params, start, portal }) => {
				const filter = param(params, 'filter');
				if (filter !== undefined && (typeof filter !== 'object' || filter === null)) throw new RestError('Invalid parameters.', 'Переданы некорректные параметры.', 400);
				return listRows(statuses(portal.store).all(), params, start, { view: (r) => classicRow(r), defaultSelect: ['*'] });
			},
		});
		reg.define('crm.status.get', { ...common, crmAccess: 'old', handler: ({ params, portal }) => classicRow(mustGet(statuses(portal.store), param(params, 'id'))) });
		reg.define('crm.status.fields', {
			...common,
			handler: () => Object.fromEntries(['ID', 'ENTITY_ID', 'STATUS_ID', 'SORT', 'NAME', 'NAME_INIT', 'SYSTEM', 'CATEGORY_ID', 'COLOR', 'SEMANTICS', 'EXTRA'].map((k) => [k, { type: k === 'ID' || k === 'SORT' ? 'integer' : 'string', isRequired: ['ENTITY_ID', 'STATUS_ID', 'NAME'].includes(k), isReadOnly: k === 'ID' || k === 'SYSTEM', isImmutable: false, isMultiple: false, isDynamic: false, title: k }])),
		});
		reg.define('crm.status.add', {
			...common,
			crmAccess: 'old',
			handler: ({ params, portal }) => {
				const f = param(params, 'fields') as Record<string, unknown> | undefined;
				if (!f || !f.ENTITY_ID || !f.STATUS_ID || !f.NAME) throw Errors.crm('Required fields: ENTITY_ID, STATUS_ID, NAME.');
				const pipeline = pipelineOf(String(f.ENTITY_ID));
				const statusId = pipeline && !String(f.STATUS_ID).startsWith(pipeline.prefix) ? pipeline.prefix + String(f.STATUS_ID) : String(f.STATUS_ID);
				if (statuses(portal.store).where((r) => r.ENTITY_ID === f.ENTITY_ID && r.STATUS_ID === statusId).length) throw Errors.crm(`Status with STATUS_ID ${statusId} already exists.`);
				const color = f.COLOR ?? '#ACE9FB';
				const semantics = f.SEMANTICS === 'S' || f.SEMANTICS === 'F' ? f.SEMANTICS : null;
				const row = statuses(portal.store).insert({
					ENTITY_ID: f.ENTITY_ID, STATUS_ID: statusId, NAME: f.NAME, NAME_INIT: '', SORT: Number(f.SORT ?? 500), SYSTEM: 'N',
					CATEGORY_ID: pipeline?.categoryId ?? null, COLOR: color, SEMANTICS: semantics,
					...(pipeline?.extra ? { EXTRA: { SEMANTICS: semantics === 'S' ? 'success' : semantics === 'F' ? 'failure' : 'process', COLOR: color } } : {}),
				});
				return row.ID;
			},
		});
		reg.define('crm.status.update', {
			...common,
			crmAccess: 'old',
			handler: ({ params, portal }) => {
				const row = mustGet(statuses(portal.store), param(params, 'id'));
				const f = (param(params, 'fields') ?? {}) as Record<string, unknown>;
				for (const k of ['NAME', 'SORT', 'COLOR']) if (k in f) row[k] = k === 'SORT' ? Number(f[k]) : f[k];
				return true;
			},
		});
		reg.define('crm.status.delete', {
			...common,
			crmAccess: 'old',
			handler: ({ params, portal }) => {
				const row = mustGet(statuses(portal.store), param(params, 'id'));
				if (row.SYSTEM === 'Y') throw Errors.crm('Can not delete system status');
				statuses(portal.store).delete(row.ID);
				return true;
			},
		});
		const items = (store: Store, entityId: string) =>
			statuses(store)
				.where((r) => r.ENTITY_ID === entityId)
				.sort((a, b) => Number(a.SORT) - Number(b.SORT))
				.map((r) => ({ NAME: r.NAME, SORT: r.SORT, STATUS_ID: r.STATUS_ID }));
		reg.define('crm.status.entity.items', { ...common, handler: ({ params, portal }) => items(portal.store, String(param(params, 'entityId') ?? '')) });
		reg.define('crm.status.entity.types', {
			...common,
			handler: ({ portal }) => {
				const ids = [...new Set(statuses(portal.store).all().map((r) => String(r.ENTITY_ID)))];
				return ids.map((id) => ({ ID: id, NAME: id }));
			},
		});
		reg.define('crm.dealcategory.stage.list', { ...common, handler: ({ params, portal }) => items(portal.store, stageEntity(2, Number(param(params, 'id') ?? 0)).entityId) });
		reg.define('crm.dealcategory.list', {
			...common,
			handler: ({ params, start, portal }) =>
				listRows(categoriesOf(portal.store, 2).filter((c) => c.id !== 0).map((c) => ({ ID: String(c.id), NAME: c.name, SORT: String(c.sort), IS_LOCKED: 'N', CREATED_DATE: '2025-01-10T10:00:00+03:00' })), params, start),
		});
		reg.define('crm.category.list', {
			...common,
			handler: ({ params, start, portal }) => {
				const et = Number(param(params, 'entityTypeId'));
				if (!knownType(portal.store, et)) throw notFoundType();
				return listRows(categoriesOf(portal.store, et), params, start, { idKey: 'sort', defaultSelect: ['*'], wrap: (rows) => ({ categories: rows.map(stripRowId) }) });
			},
		});
		reg.define('crm.category.get', {
			...common,
			handler: ({ params, portal }) => {
				const et = Number(param(params, 'entityTypeId'));
				const id = Number(param(params, 'id'));
				const c = categoriesOf(portal.store, et).find((r) => r.id === id);
				if (!c) throw new RestError('NOT_FOUND', 'Элемент не найден', 400);
				return { category: stripRowId(c) };
			},
		});
		reg.define('crm.category.add', {
			...common,
			handler: ({ params, portal }) => {
				const et = Number(param(params, 'entityTypeId'));
				if (!knownType(portal.store, et)) throw notFoundType();
				const f = (param(params, 'fields') ?? {}) as Record<string, unknown>;
				const stages = et === 2 ? dealStagesDefault() : et === SMART_INVOICE ? INVOICE_STAGES : SPA_STAGES;
				const c = addCategory(portal.store, et, nextCategoryId(portal.store), String(f.name ?? 'Новая воронка'), Number(f.sort ?? 500), false, stages);
				return { category: stripRowId(c) };
			},
		});
		defineTypes(reg);
		reg.define('crm.type.list', {
			...common,
			handler: ({ params, start, portal }) => listRows(portal.store.table('type', 'id').all(), params, start, { idKey: 'id', defaultSelect: ['*'], wrap: (rows) => ({ types: rows }) }),
		});
		reg.define('crm.currency.list', {
			...common,
			handler: () => [
				{ CURRENCY: 'RUB', AMOUNT_CNT: '1', AMOUNT: '1.0000', SORT: '100', BASE: 'Y', FULL_NAME: 'Российский рубль', LID: 'ru', FORMAT_STRING: '# &#8381;', DEC_POINT: '.', THOUSANDS_SEP: ' ', DECIMALS: '2', DATE_UPDATE: '2025-01-10T10:00:00+03:00' },
				{ CURRENCY: 'USD', AMOUNT_CNT: '1', AMOUNT: '92.5000', SORT: '200', BASE: 'N', FULL_NAME: 'Доллар США', LID: 'ru', FORMAT_STRING: '$#', DEC_POINT: '.', THOUSANDS_SEP: ',', DECIMALS: '2', DATE_UPDATE: '2025-01-10T10:00:00+03:00' },
			],
		});
		reg.define('crm.enum.addresstype', {
			...common,
			handler: () => [
				[1, 'Фактический адрес'], [4, 'Адрес регистрации'], [6, 'Юридический адрес'], [8, 'Адрес для корреспонденции'], [9, 'Адрес бенефициара'], [11, 'Адрес доставки'],
			].map(([id, name]) => ({ ID: id, NAME: name })),
		});
	},
	load(store: Store, ds: Dataset) {
		addStages(store, 1, 0, LEAD_STAGES);
		addStages(store, 5, 0, OLD_INVOICE_STATUSES);
		for (const [entityId, list] of Object.entries(PLAIN)) {
			list.forEach(([code, name], i) => statuses(store).insert({ ENTITY_ID: entityId, STATUS_ID: code, NAME: name, NAME_INIT: name, SORT: (i + 1) * 10, SYSTEM: 'Y', CATEGORY_ID: null, COLOR: null, SEMANTICS: null }));
		}
		const pipelines = ds.pipelines.length ? ds.pipelines : [{ id: 0, name: 'Общая', stages: dealStagesDefault().map((s) => ({ ...s })) }];
		for (const p of pipelines) {
			addCategory(store, 2, p.id, p.name, (p.id + 1) * 100, p.id === 0, p.stages);
		}
		store.table('type', 'id').insert({ id: 1, entityTypeId: SPA_TYPE, title: 'Заявки на доставку', code: 'delivery_requests', isCategoriesEnabled: 'Y', isStagesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isCrmTrackingEnabled: 'Y', isMycompanyEnabled: 'Y', isDocumentsEnabled: 'N', isSourceEnabled: 'Y', isUseInUserfieldEnabled: 'Y', isObserversEnabled: 'Y', isRecyclebinEnabled: 'Y', isAutomationEnabled: 'Y', isBizProcEnabled: 'Y', isSetOpenPermissions: 'Y', isPaymentsEnabled: 'N', isCountersEnabled: 'N', createdBy: 1, updatedBy: 1, createdTime: '2025-01-10T10:00:00+03:00', updatedTime: '2025-01-10T10:00:00+03:00' });
		const base = nextCategoryId(store);
		addCategory(store, SMART_INVOICE, base, 'Счета', 100, true, INVOICE_STAGES);
		addCategory(store, SPA_TYPE, base + 1, 'Основная', 100, true, SPA_STAGES);
	},
};

const TYPE_FLAGS = [
	'isCategoriesEnabled', 'isStagesEnabled', 'isBeginCloseDatesEnabled', 'isClientEnabled', 'isUseInUserfieldEnabled', 'isLinkWithProductsEnabled',
	'isMycompanyEnabled', 'isDocumentsEnabled', 'isSourceEnabled', 'isObserversEnabled', 'isRecyclebinEnabled', 'isAutomationEnabled',
	'isBizProcEnabled', 'isSetOpenPermissions', 'isPaymentsEnabled', 'isCountersEnabled',
];

/** Smart processes: `crm.type.add|get|delete` (`{type: {...}}`); a new type gets a default pipeline. */
function defineTypes(reg: Registry): void {
	const types = (s: Store) => s.table('type', 'id');
	const invalid = (text: string) => new RestError('INVALID_ARG_VALUE', text, 400);
	const find = (s: Store, id: unknown) => {
		const row = types(s).get(id);
		if (!row) throw new RestError('NOT_FOUND', 'Смарт-процесс не найден', 400);
		return row;
	};
	reg.define('crm.type.add', {
		scope: 'crm',
		handler: ({ params, portal, auth }) => {
			const f = param(params, 'fields');
			if (typeof f !== 'object' || f === null || Array.isArray(f)) throw invalid('Не переданы поля');
			const fields = f as Record<string, unknown>;
			if (!fields.title) throw invalid('Не заполнено обязательное поле "Название"');
			const store = portal.store;
			const taken = new Set(types(store).all().map((t) => Number(t.entityTypeId)));
			let et = Number(fields.entityTypeId ?? 0);
			if (et) {
				if (!((et >= 128 && et < 192) || (et >= 1030 && et % 2 === 0))) throw invalid('Неверный идентификатор типа сущности');
				if (taken.has(et)) throw invalid(`Смарт-процесс с идентификатором ${et} уже существует`);
			} else {
				et = 128;
				while (taken.has(et)) et++;
			}
			const now = isoWithOffset(portal.now());
			const flags = Object.fromEntries(TYPE_FLAGS.map((k) => [k, fields[k] === 'Y' || fields[k] === true || fields[k] === 1 ? 'Y' : 'N']));
			const row = types(store).insert({
				id: types(store).nextId, entityTypeId: et, title: String(fields.title), code: fields.code ?? null, ...flags,
				createdBy: auth.userId, updatedBy: auth.userId, createdTime: now, updatedTime: now,
			});
			addCategory(store, et, nextCategoryId(store), 'Воронка', 100, true, SPA_STAGES);
			return { type: row };
		},
	});
	reg.define('crm.type.get', { scope: 'crm', handler: ({ params, portal }) => ({ type: find(portal.store, param(params, 'id')) }) });
	reg.define('crm.type.delete', {
		scope: 'crm',
		handler: ({ params, portal }) => {
			const row = find(portal.store, param(params, 'id'));
			types(portal.store).delete(row.id);
			return [];
		},
	});
}

function stripRowId(r: Row): Row {
	const { rowId: _drop, ...rest } = r;
	void _drop;
	return rest;
}

function dealStagesDefault(): StageSeed[] {
	return DEFAULT_DEAL_STAGES.map((st) => ({ ...st }));
}

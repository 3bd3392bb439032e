/**
 * The task as `tasks.task.add` returns it (recorded shape): ids and numbers as strings, Y/N
 * flags, null for unset values, `false` for empty user fields, people as `{id,name,link,icon}`.
 */
import { asList } from '../core/php';
import type { Row, Store } from '../core/store';
import { getUser } from './users';
import { GROUP_TABLE, groupMembers } from './users-groups';

/** `responsibleId` / `RESPONSIBLE_ID` / `responsible_id` → `RESPONSIBLE_ID`. */
export function upperSnake(key: string): string {
	return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `RESPONSIBLE_ID` → `responsibleId`. */
export function camelOf(upper: string): string {
	return upper.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const orNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : v);

export function personRef(store: Store, id: unknown): Row {
	const u = getUser(store, id);
	return {
		id: String(id),
		name: u ? `${String(u.NAME ?? '')} ${String(u.LAST_NAME ?? '')}`.trim() : '',
		link: `/company/personal/user/${String(id)}/`,
		icon: '/bitrix/images/tasks/default_avatar.png',
	};
}

function person(store: Store, idKey: string, prefix: string, id: unknown): Row {
	const u = getUser(store, id);
	return {
		[idKey]: s(id),
		[`${prefix}Name`]: u?.NAME ?? null,
		[`${prefix}LastName`]: u?.LAST_NAME ?? null,
		[`${prefix}SecondName`]: orNull(u?.SECOND_NAME),
		[`${prefix}Login`]: u ? (Number(id) === 1 ? 'admin' : String(u.EMAIL ?? '')) : null,
		[`${prefix}WorkPosition`]: orNull(u?.WORK_POSITION),
		[`${prefix}Photo`]: null,
	};
}

/** `2022-05-09T01:00:00+04:00` → `2022-05-09 01:00:00` (the stored value in portal time). */
function orig(iso: unknown): string | null {
	const m = typeof iso === 'string' ? /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso) : null;
	return m ? `${m[1]} ${m[2]}` : null;
}

function groupView(store: Store, groupId: unknown): unknown {
	const g = Number(groupId) > 0 ? store.table(GROUP_TABLE).get(groupId) : undefined;
	if (!g) return [];
	return { id: String(g.ID), name: g.NAME, opened: g.OPENED === 'Y', membersCount: groupMembers(g).length, image: '', additionalData: [] };
}

const ACTION = {
	accept: false, decline: false, complete: true, approve: false, disapprove: false, start: true, pause: false,
	delegate: true, remove: true, edit: true, defer: true, renew: false, create: true, changeDeadline: true,
	checklistAddItems: true, addFavorite: true, deleteFavorite: false, rate: true, 'edit.originator': false,
	'checklist.reorder': true, 'elapsedtime.add': true, 'dayplan.timer.toggle': false, 'edit.plan': true,
	'checklist.add': true, 'favorite.add': true, 'favorite.delete': false,
};

export function taskRecord(store: Store, row: Row, now: number): Row {
	const status = Number(row.status);
	const overdue = row.deadline && Date.parse(String(row.deadline)) < now && (status === 2 || status === 3);
	const uf = (v: unknown) => (asList(v).length ? asList(v).map(String) : false);
	return {
		id: String(row.id),
		title: row.title,
		description: row.description,
		descriptionInBbcode: 'Y',
		declineReason: null,
		priority: String(row.priority),
		status: String(status),
		notViewed: 'N',
		statusComplete: status === 5 ? '2' : '1',
		multitask: 'N',
		stageId: '0',
		...person(store, 'responsibleId', 'responsible', row.responsibleId),
		dateStart: null,
		durationFact: null,
		timeEstimate: String(row.timeEstimate ?? 0),
		timeSpentInLogs: null,
		replicate: 'N',
		deadline: row.deadline ?? null,
		deadlineOrig: orig(row.deadline),
		startDatePlan: row.startDatePlan ?? null,
		endDatePlan: row.endDatePlan ?? null,
		...person(store, 'createdBy', 'createdBy', row.createdBy),
		createdDate: row.createdDate,
		changedBy: s(row.changedBy),
		changedDate: row.changedDate,
		statusChangedBy: s(row.statusChangedBy),
		statusChangedDate: row.statusChangedDate,
		closedBy: s(row.closedBy),
		closedDate: row.closedDate ?? null,
		activityDate: row.activityDate,
		guid: row.guid,
		xmlId: null,
		mark: null,
		allowChangeDeadline: row.allowChangeDeadline ?? 'N',
		allowTimeTracking: row.allowTimeTracking ?? 'N',
		matchWorkTime: 'N',
		taskControl: row.taskControl ?? 'N',
		addInReport: 'N',
		groupId: String(row.groupId ?? 0),
		forumTopicId: null,
		parentId: s(row.parentId),
		commentsCount: null,
		serviceCommentsCount: null,
		forumId: null,
		siteId: 's1',
		subordinate: 'N',
		exchangeModified: null,
		exchangeId: null,
		outlookVersion: '1',
		viewedDate: null,
		deadlineCounted: overdue ? '1' : '0',
		forkedByTemplateId: null,
		favorite: 'N',
		sorting: null,
		durationPlanSeconds: null,
		durationTypeAll: 'days',
		durationPlan: null,
		durationType: 'days',
		isMuted: 'N',
		isPinned: 'N',
		isPinnedInGroup: 'N',
		ufCrmTask: uf(row.ufCrmTask),
		ufTaskWebdavFiles: uf(row.ufTaskWebdavFiles),
		ufMailMessage: null,
		auditors: asList(row.auditors).map(String),
		accomplices: asList(row.accomplices).map(String),
		tags: asList(row.tags).map(String),
		checklist: [],
		files: [],
		dependsOn: [],
		group: groupView(store, row.groupId),
		creator: personRef(store, row.createdBy),
		responsible: personRef(store, row.responsibleId),
		newCommentsCount: 0,
		action: { ...ACTION },
	};
}

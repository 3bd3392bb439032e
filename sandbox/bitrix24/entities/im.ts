/**
 * Notifications (scope `im`): `im.notify.personal.add` (from the calling user; webhook or app) and
 * `im.notify.system.add` (app only), as the REST docs describe them: USER_ID and MESSAGE required
 * (`USER_ID_EMPTY`, `MESSAGE_EMPTY`, HTTP 400), MESSAGE trimmed, BB-codes kept, an unknown
 * recipient is refused; a TAG replaces the recipient's earlier notifications with the same tag of
 * the same application (the calling app, or `CLIENT_ID` on a webhook, as the docs ask) — the new
 * one takes a new id. The result is the new notification's id. Stored in `im_notify` (tests read
 * them there).
 */
import { RestError } from '../core/errors';
import { param } from '../core/params';
import type { CallContext, Registry } from '../core/registry';
import { nowIso, type EntityModule } from './common';
import { getUser } from './users';

export const NOTIFY_TABLE = 'im_notify';

function notify(kind: 'personal' | 'system') {
	return (ctx: CallContext): number => {
		const userId = Number(param(ctx.params, 'USER_ID') ?? 0);
		if (!Number.isInteger(userId) || userId <= 0) throw new RestError('USER_ID_EMPTY', "User ID can't be empty", 400);
		const message = String(param(ctx.params, 'MESSAGE') ?? '').trim();
		if (!message) throw new RestError('MESSAGE_EMPTY', "Message can't be empty", 400);
		const store = ctx.portal.store;
		if (!getUser(store, userId)) throw new RestError('USER_ID_EMPTY', "User ID can't be empty", 400);
		const table = store.table(NOTIFY_TABLE);
		const tag = String(param(ctx.params, 'TAG') ?? '');
		const client = ctx.auth.clientId ?? String(param(ctx.params, 'CLIENT_ID') ?? '');
		if (tag) for (const r of table.all().filter((n) => n.TAG === tag && n.USER_ID === userId && (n.CLIENT_ID ?? '') === client)) table.delete(r.ID);
		const row = table.insert({
			TYPE: kind,
			USER_ID: userId,
			FROM_USER_ID: kind === 'personal' ? ctx.auth.userId : 0,
			MESSAGE: message,
			MESSAGE_OUT: String(param(ctx.params, 'MESSAGE_OUT') ?? ''),
			TAG: tag,
			CLIENT_ID: client,
			SUB_TAG: String(param(ctx.params, 'SUB_TAG') ?? ''),
			DATE_CREATE: nowIso(ctx.portal),
		});
		return Number(row.ID);
	};
}

export const imModule: EntityModule = {
	name: 'im',
	register(registry: Registry): void {
		registry.define('im.notify.personal.add', { scope: 'im', handler: notify('personal') });
		registry.define('im.notify.system.add', { scope: 'im', handler: notify('system'), appOnly: true });
	},
};

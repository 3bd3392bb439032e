/**
 * Portal-level methods: `server.time`, `methods`, `scope`, `app.info`, and event subscriptions
 * (`event.bind|unbind|get`, application context only; outbound webhooks are set in the admin API).
 */
import { RestError } from '../core/errors';
import { param } from '../core/params';
import { isoWithOffset } from '../core/time';
import type { EntityModule } from './common';

export const KNOWN_EVENTS = [
	...['DEAL', 'COMPANY', 'CONTACT', 'LEAD', 'INVOICE', 'REQUISITE', 'BANKDETAIL', 'TIMELINECOMMENT', 'ACTIVITY', 'PRODUCT', 'DYNAMICITEM'].flatMap((e) => ['ADD', 'UPDATE', 'DELETE'].map((op) => `ONCRM${e}${op}`)),
	'ONCRMDEALMOVETOCATEGORY',
	'ONCRMINVOICESETSTATUS',
	'ONSALEORDERSAVED',
	'ONSALEBEFOREORDERDELETE',
	'ONORDERDELETED',
	'ONPAYMENTENTITYSAVED',
	'ONPAYMENTDELETED',
	'ONSHIPMENTENTITYSAVED',
	'ONSHIPMENTDELETED',
	'ONAPPINSTALL',
	'ONAPPUNINSTALL',
];

export const systemModule: EntityModule = {
		name: 'system',
		register(reg) {
			reg.define('server.time', { scope: '', handler: ({ portal }) => isoWithOffset(portal.now()) });
			reg.define('methods', { scope: '', handler: ({ portal }) => portal.registry.names() });
			reg.define('scope', { scope: '', handler: ({ auth, portal }) => (auth.scopes ? [...auth.scopes] : portal.registry.scopes()) });
			reg.define('app.info', {
				scope: '',
				handler: ({ auth }) => ({ ID: 1, CODE: auth.clientId ?? 'webhook', VERSION: 1, STATUS: 'L', INSTALLED: true, PAYMENT_EXPIRED: 'N', DAYS: null, LICENSE: 'ru_project', LANGUAGE_ID: 'ru' }),
			});
			const appOnly = { scope: '', appOnly: true };
			reg.define('event.bind', {
				...appOnly,
				handler: ({ params, portal, auth }) => {
					const event = String(param(params, 'event') ?? '').toUpperCase();
					const handler = String(param(params, 'handler') ?? '');
					if (!KNOWN_EVENTS.includes(event)) throw new RestError('ERROR_EVENT_NOT_FOUND', 'Event not found', 400);
					if (!/^https?:\/\//.test(handler)) throw new RestError('WRONG_HANDLER_URL', 'Wrong handler URL', 400);
					const ok = portal.events.bind({ event, handler, applicationToken: portal.auth.appTokenFor(auth.key) ?? '', owner: auth.key, authType: Number(param(params, 'auth_type') ?? 0) });
					if (!ok.ok) throw new RestError('ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!', 400);
					return true;
				},
			});
			reg.define('event.unbind', {
				...appOnly,
				handler: ({ params, portal, auth }) => {
					const count = portal.events.unbind(auth.key, String(param(params, 'event') ?? '').toUpperCase(), param(params, 'handler') as string | undefined);
					return { count };
				},
			});
			reg.define('event.get', {
				...appOnly,
				handler: ({ portal, auth }) => {
					return portal.events.bindings.filter((b) => b.owner === auth.key).map((b) => ({ event: b.event, handler: b.handler, auth_type: String(b.authType), offline: 0 }));
				},
			});
			reg.define('events', { scope: '', handler: () => KNOWN_EVENTS });
	},
};

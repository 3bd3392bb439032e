/**
 * The online store (`sale.*`): orders (sale-order.ts), basket items (sale-basket.ts), payments
 * and shipments (sale-payments.ts), the seed (sale-load.ts) and here the dictionaries: order
 * and delivery statuses, payer types, payment systems (`sale.paysystem.list`, scope
 * `pay_system`) and delivery services (`sale.delivery.getlist`, scope `delivery`). The last two
 * answer plain arrays with upper-case keys and no `total`, as documented.
 */
import { RestError } from '../core/errors';
import { param, type Params } from '../core/params';
import { matchFilter, selectFields, sortRows } from '../core/query';
import type { CallContext, Registry } from '../core/registry';
import type { Row } from '../core/store';
import type { EntityModule } from './common';
import { registerBasket } from './sale-basket';
import { DELIVERIES, PAY_SYSTEMS, PERSON_TYPES, STATUSES, saleList } from './sale-common';
import { loadSale } from './sale-load';
import { registerOrders } from './sale-order';
import { registerPaymentsAndShipments } from './sale-payments';

/** Filter / order / select over a fixed upper-case list (no paging, no total). */
function upperList(rows: Row[], params: Params): Row[] {
	const filter = param(params, 'filter');
	const filtered = rows.filter((r) => matchFilter(r, filter));
	return sortRows(filtered, param(params, 'order'), 'ID').map((r) => selectFields(r, param(params, 'select'), ['*']));
}

/** pay_system / delivery scopes: a restricted user gets the system-level ACCESS_DENIED (403). */
function checkAccess(ctx: CallContext): void {
	if (ctx.auth.crmDenied) throw new RestError('ACCESS_DENIED', 'Access denied!', 403);
}

function registerDictionaries(reg: Registry): void {
	reg.define('sale.status.list', {
		scope: 'sale',
		crmAccess: 'sale',
		handler: (ctx) => saleList(STATUSES, ctx.params, ctx.start, Object.keys(STATUSES[0]), 'statuses'),
	});
	reg.define('sale.status.get', {
		scope: 'sale',
		crmAccess: 'sale',
		handler: (ctx) => {
			const raw = param(ctx.params, 'id');
			if (raw === undefined || raw === null || raw === '') throw new RestError(100, 'Could not find value for parameter {id}');
			const status = STATUSES.find((s) => s.id === String(raw));
			if (!status) throw new RestError(201340400001, 'status is not exists');
			return { status };
		},
	});
	reg.define('sale.persontype.list', {
		scope: 'sale',
		crmAccess: 'sale',
		handler: (ctx) => saleList(PERSON_TYPES, ctx.params, ctx.start, Object.keys(PERSON_TYPES[0]), 'personTypes'),
	});
	reg.define('sale.paysystem.list', {
		scope: 'pay_system',
		handler: (ctx) => {
			checkAccess(ctx);
			return upperList(PAY_SYSTEMS, ctx.params);
		},
	});
	reg.define('sale.delivery.getlist', {
		scope: 'delivery',
		handler: (ctx) => {
			checkAccess(ctx);
			return upperList(DELIVERIES, ctx.params);
		},
	});
}

export const saleModule: EntityModule = {
	name: 'sale',
	register(reg: Registry) {
		registerOrders(reg);
		registerBasket(reg);
		registerPaymentsAndShipments(reg);
		registerDictionaries(reg);
	},
	load: loadSale,
};

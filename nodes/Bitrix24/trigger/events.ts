/**
 * The events the Bitrix24 Trigger offers, and how each one's record is read back ("Re-Read
 * Record"). Event names are upper case, as Bitrix24 posts them (research bitrix24-rest.md §5.1).
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import type { B24Command } from '../transport/client';

interface EventGroup {
	/** what the options call the entity: "Company", "Smart Process / Smart Invoice Item", … */
	label: string;
	/** `ONCRMCOMPANY` … */
	prefix: string;
	/** the method that reads one record; none = cannot be re-read */
	get?: string;
	/** `crm.item.get` takes `entityTypeId` and answers `{item}`; sale methods answer `{order}` … */
	kind?: 'classic' | 'item' | 'sale';
	/** key of the result object holding the record (sale.*, crm.item.*) */
	resultKey?: string;
	extra?: Array<[string, string]>;
}

const CRUD: Array<[string, string]> = [
	['ADD', 'Created'],
	['UPDATE', 'Updated'],
	['DELETE', 'Deleted'],
];

const GROUPS: EventGroup[] = [
	{ label: 'Company', prefix: 'ONCRMCOMPANY', get: 'crm.company.get' },
	{ label: 'Contact', prefix: 'ONCRMCONTACT', get: 'crm.contact.get' },
	{ label: 'Deal', prefix: 'ONCRMDEAL', get: 'crm.deal.get', extra: [['MOVETOCATEGORY', 'Moved to Another Pipeline']] },
	{ label: 'Lead', prefix: 'ONCRMLEAD', get: 'crm.lead.get' },
	{ label: 'Smart Process / Smart Invoice Item', prefix: 'ONCRMDYNAMICITEM', get: 'crm.item.get', kind: 'item', resultKey: 'item' },
	{ label: 'Invoice (Old)', prefix: 'ONCRMINVOICE', get: 'crm.invoice.get', extra: [['SETSTATUS', 'Status Changed']] },
	{ label: 'Requisite', prefix: 'ONCRMREQUISITE', get: 'crm.requisite.get' },
	{ label: 'Bank Detail', prefix: 'ONCRMBANKDETAIL', get: 'crm.requisite.bankdetail.get' },
	{ label: 'Product', prefix: 'ONCRMPRODUCT', get: 'crm.product.get' },
	{ label: 'Activity', prefix: 'ONCRMACTIVITY', get: 'crm.activity.get' },
	{ label: 'Timeline Comment', prefix: 'ONCRMTIMELINECOMMENT', get: 'crm.timeline.comment.get' },
];

const SALE: Array<{ value: string; name: string; get?: string; resultKey?: string }> = [
	{ value: 'ONSALEORDERSAVED', name: 'Order Saved', get: 'sale.order.get', resultKey: 'order' },
	{ value: 'ONORDERDELETED', name: 'Order Deleted' },
	{ value: 'ONPAYMENTENTITYSAVED', name: 'Payment Saved', get: 'sale.payment.get', resultKey: 'payment' },
	{ value: 'ONPAYMENTDELETED', name: 'Payment Deleted' },
	{ value: 'ONSHIPMENTENTITYSAVED', name: 'Shipment Saved', get: 'sale.shipment.get', resultKey: 'shipment' },
	{ value: 'ONSHIPMENTDELETED', name: 'Shipment Deleted' },
];

interface EventDef {
	value: string;
	name: string;
	get?: string;
	kind: 'classic' | 'item' | 'sale';
	resultKey?: string;
}

const DEFS: EventDef[] = [
	...GROUPS.flatMap((g) =>
		[...CRUD, ...(g.extra ?? [])].map(([op, verb]) => ({
			value: `${g.prefix}${op}`,
			name: `${g.label} ${verb}`,
			get: op === 'DELETE' ? undefined : g.get,
			kind: g.kind ?? 'classic',
			resultKey: g.resultKey,
		})),
	),
	...SALE.map((s) => ({ ...s, kind: 'sale' as const })),
];

const BY_VALUE = new Map(DEFS.map((d) => [d.value, d]));

export const DYNAMIC_ITEM_EVENTS = ['ONCRMDYNAMICITEMADD', 'ONCRMDYNAMICITEMUPDATE', 'ONCRMDYNAMICITEMDELETE'];
export const SMART_INVOICE_TYPE_ID = 31;

/**
 * Not an event: the call an automation robot makes to its handler when a deal enters a stage with
 * the robot (registered with the Bitrix24 node's Automation Robot → Register, handler = this URL).
 */
export const ROBOT_CALL = 'ROBOT';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...DEFS.map((d) => ({ name: d.name, value: d.value, description: d.value })),
	{ name: 'Robot Called (Automation Rule)', value: ROBOT_CALL, description: 'An automation robot of this application ran on a deal (bizproc.robot.add with this URL as its handler)' },
].sort((a, b) => a.name.localeCompare(b.name));

export function isKnownEvent(event: string): boolean {
	return BY_VALUE.has(event);
}

/** The command that reads the record an event is about, or undefined (delete events, no ID). */
export function reReadCommand(event: string, fields: Record<string, unknown>): B24Command | undefined {
	const def = BY_VALUE.get(event);
	const id = fields.ID ?? fields.id;
	if (!def?.get || id === undefined || id === '') return undefined;
	if (def.kind === 'item') {
		const entityTypeId = fields.ENTITY_TYPE_ID ?? fields.entityTypeId;
		if (entityTypeId === undefined || entityTypeId === '') return undefined;
		return { method: def.get, params: { entityTypeId, id } };
	}
	return { method: def.get, params: { id } };
}

/** The record inside a `*.get` result (`{item}`, `{order}` … or the record itself). */
export function recordOf(event: string, result: unknown): unknown {
	const key = BY_VALUE.get(event)?.resultKey;
	if (key && result && typeof result === 'object' && key in (result as object)) return (result as Record<string, unknown>)[key];
	return result;
}

/**
 * Pickers of the Mapping node: the Bitrix24 side per kind (reusing the Bitrix24 node's pickers),
 * the 1C side per state source (enum values from `$metadata`, catalog items, the values of an
 * additional attribute of type «Дополнительное значение»).
 */
import { NodeOperationError, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';
import { guidLiteral } from '../../lib/odata';
import { client, crmOptions } from '../Bitrix24/methods/crmOptions';
import { itemOptions } from '../Bitrix24/methods/itemOptions';
import { requisiteOptions } from '../Bitrix24/methods/requisiteOptions';
import { saleOptions } from '../Bitrix24/methods/saleOptions';
import { OneCSession, type OneCContext } from '../OneC/session';

export const ADDITIONAL_ATTRIBUTES = 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения';
export const PROPERTY_VALUES = 'Catalog_ЗначенияСвойствОбъектов';
const MAX = 1000;

type Picker = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

/** The same context with `resource` answered, so the item pickers list smart-invoice stages. */
function asResource(ctx: ILoadOptionsFunctions, resource: string): ILoadOptionsFunctions {
	const wrapped = Object.create(ctx) as ILoadOptionsFunctions;
	wrapped.getCurrentNodeParameter = ((name: string, o?: object) => (name === 'resource' ? resource : ctx.getCurrentNodeParameter(name, o as never))) as ILoadOptionsFunctions['getCurrentNodeParameter'];
	return wrapped;
}

async function dictionary(ctx: ILoadOptionsFunctions, entityId: string): Promise<INodePropertyOptions[]> {
	const rows = await (await client(ctx)).list('crm.status.list', { filter: { ENTITY_ID: entityId }, order: { SORT: 'ASC' } }, { returnAll: true });
	return rows.map((s) => ({ name: String(s.NAME), value: String(s.STATUS_ID) }));
}

async function vatRates(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await (await client(ctx)).list('crm.vat.list', { order: { C_SORT: 'ASC' } }, { returnAll: true });
	return rows.map((v) => ({ name: `${String(v.NAME)}${v.RATE !== undefined ? ` (${String(v.RATE)}%)` : ''}`, value: String(v.ID) }));
}

const B24: Record<string, (ctx: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>> = {
	dealStage: (c) => crmOptions.getDealStages.call(c),
	cancellationReason: (c) => crmOptions.getDealStages.call(c),
	smartInvoiceStage: (c) => itemOptions.getItemStages.call(asResource(c, 'smartInvoice')),
	spaStage: (c) => itemOptions.getItemStages.call(asResource(c, 'smartProcess')),
	invoiceStatus: (c) => itemOptions.getInvoiceStatuses.call(c),
	orderStatus: (c) => saleOptions.getSaleOrderStatuses.call(c),
	shipmentStatus: (c) => saleOptions.getSaleDeliveryStatuses.call(c),
	user: (c) => crmOptions.getUsers.call(c),
	vatRate: vatRates,
	requisitePreset: (c) => requisiteOptions.getRequisitePresets.call(c),
	clientType: (c) => dictionary(c, 'COMPANY_TYPE'),
	paymentSystem: (c) => saleOptions.getSalePaySystems.call(c),
	deliveryService: (c) => saleOptions.getSaleDeliveries.call(c),
	custom: async () => [],
};

function param(ctx: ILoadOptionsFunctions, name: string): string {
	return String(ctx.getCurrentNodeParameter(name) ?? '').trim();
}

async function onec(ctx: ILoadOptionsFunctions): Promise<OneCSession> {
	return OneCSession.open(ctx as unknown as OneCContext, { maxRetries: 1, baseDelayMs: 500 });
}

async function named(ctx: ILoadOptionsFunctions, set: string, filter?: string): Promise<INodePropertyOptions[]> {
	const rows = await (await onec(ctx)).client.list(set, { filter, select: 'Ref_Key,Description', limit: MAX });
	return rows.map((r) => ({ name: String(r.Description ?? r.Ref_Key), value: String(r.Ref_Key) })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

async function guarded(ctx: ILoadOptionsFunctions, run: () => Promise<INodePropertyOptions[]>): Promise<INodePropertyOptions[]> {
	try {
		return await run();
	} catch (e) {
		throw new NodeOperationError(ctx.getNode(), (e as Error).message);
	}
}

export const loadOptions: Record<string, Picker> = {
	async getB24Values() {
		const pick = B24[param(this, 'kind')] ?? B24.custom;
		return guarded(this, () => pick(this));
	},
	async getOneCEnums() {
		return guarded(this, async () => {
			const meta = await (await onec(this)).metadata();
			return Object.keys(meta.enums)
				.sort((a, b) => a.localeCompare(b, 'ru'))
				.map((name) => ({ name, value: name }));
		});
	},
	async getOneCProperties() {
		return guarded(this, () => named(this, ADDITIONAL_ATTRIBUTES));
	},
	async getOneCValues() {
		return guarded(this, async () => {
			switch (param(this, 'onecSource')) {
				case 'enum': {
					const meta = await (await onec(this)).metadata();
					return (meta.enums[param(this, 'onecEnum')] ?? []).map((v) => ({ name: v, value: v }));
				}
				case 'catalog': {
					const set = param(this, 'onecCatalog');
					return set ? named(this, set) : [];
				}
				case 'additionalValue': {
					const prop = param(this, 'onecProperty');
					return prop ? named(this, PROPERTY_VALUES, `Owner_Key eq ${guidLiteral(prop)}`) : [];
				}
				default:
					return [];
			}
		});
	},
};


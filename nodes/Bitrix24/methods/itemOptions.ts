/**
 * Pickers of smart invoices, smart processes, old invoices and the catalog: smart-process types,
 * pipelines and stages of a type, crm.item / crm.invoice fields, invoice statuses, catalogs.
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { Bitrix24Client } from '../transport/client';
import { client, fieldOptions } from './crmOptions';

const SMART_INVOICE = 31;
/** The catalog iblock of a default portal's CRM catalog (used when the portal cannot list catalogs). */
export const DEFAULT_CATALOG_IBLOCK = 23;

function current(ctx: ILoadOptionsFunctions, path: string): unknown {
	try {
		return ctx.getCurrentNodeParameter(path);
	} catch {
		return undefined;
	}
}

/** entityTypeId of the resource being edited: 31 for smart invoices, else the chosen smart process. */
function entityTypeOf(ctx: ILoadOptionsFunctions): number {
	if (current(ctx, 'resource') === 'smartInvoice') return SMART_INVOICE;
	const et = Number(current(ctx, 'entityTypeId'));
	return Number.isInteger(et) && et > 0 ? et : 0;
}

function stageEntityId(et: number, categoryId: number): string {
	return et === SMART_INVOICE ? `SMART_INVOICE_STAGE_${categoryId}` : `DYNAMIC_${et}_STAGE_${categoryId}`;
}

async function pipelines(c: Bitrix24Client, et: number): Promise<IDataObject[]> {
	const env = await c.call('crm.category.list', { entityTypeId: et });
	return ((env.result as IDataObject | undefined)?.categories as IDataObject[]) ?? [];
}

export const itemOptions = {
	async getSmartProcessTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const types = await (await client(this)).list('crm.type.list', {}, { returnAll: true, itemsKey: 'types', idField: 'id' });
		return types.map((t) => ({ name: `${String(t.title)} (${String(t.entityTypeId)})`, value: Number(t.entityTypeId) }));
	},
	async getItemPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const et = entityTypeOf(this);
		if (!et) return [];
		return (await pipelines(await client(this), et)).map((c) => ({ name: String(c.name), value: Number(c.id) }));
	},
	/** Stages of the chosen pipeline (`fields.categoryId` or `categoryId`), or of all pipelines. */
	async getItemStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const et = entityTypeOf(this);
		if (!et) return [];
		const c = await client(this);
		const chosen = current(this, 'fields.categoryId') ?? current(this, 'categoryId');
		const cats = chosen !== undefined && chosen !== '' ? [{ id: Number(chosen), name: '' }] : await pipelines(c, et);
		const byEntity = new Map(cats.map((x) => [stageEntityId(et, Number(x.id)), String(x.name ?? '')]));
		const stages = await c.list('crm.status.list', { filter: { ENTITY_ID: [...byEntity.keys()] }, order: { SORT: 'ASC' } }, { returnAll: true });
		const many = byEntity.size > 1;
		return stages.map((s) => ({ name: many ? `${byEntity.get(String(s.ENTITY_ID)) ?? ''}: ${String(s.NAME)}` : String(s.NAME), value: String(s.STATUS_ID) }));
	},
	async getItemFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const et = entityTypeOf(this);
		return et ? fieldOptions(this, 'crm.item.fields', { entityTypeId: et }) : [];
	},
	async getInvoiceStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const rows = await (await client(this)).list('crm.status.list', { filter: { ENTITY_ID: 'INVOICE_STATUS' }, order: { SORT: 'ASC' } }, { returnAll: true });
		return rows.map((s) => ({ name: String(s.NAME), value: String(s.STATUS_ID) }));
	},
	getInvoiceFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.invoice.fields');
	},
	/** Trade catalogs (`catalog.catalog.list`); portals without the method get the default iblock. */
	async getCatalogs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			const rows = await (await client(this)).list('catalog.catalog.list', { select: ['id', 'iblockId', 'name', 'productIblockId'] }, { returnAll: true, itemsKey: 'catalogs', idField: 'id' });
			if (rows.length) return rows.map((r) => ({ name: `${String(r.name ?? r.iblockId)} (${String(r.iblockId)})${r.productIblockId ? ', offers' : ''}`, value: Number(r.iblockId) }));
		} catch {
			// older portals: no catalog.catalog.list; fall through to the default catalog
		}
		return [{ name: `CRM Catalog (${DEFAULT_CATALOG_IBLOCK})`, value: DEFAULT_CATALOG_IBLOCK }];
	},
};

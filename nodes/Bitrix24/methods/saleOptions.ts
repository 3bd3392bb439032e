/** Pickers of the online store: order and delivery statuses, payer types, payment systems, delivery services. */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { client } from './crmOptions';

/** `sale.status.list` has no names (they live in the status languages); the default statuses are named here. */
const STATUS_NAMES: Record<string, string> = {
	N: 'Accepted, Awaiting Payment',
	S: 'Sent',
	P: 'Paid',
	D: 'Canceled',
	F: 'Completed',
	DN: 'Awaiting Processing',
	DD: 'Canceled',
	DF: 'Shipped',
};

async function statuses(ctx: ILoadOptionsFunctions, type: 'O' | 'D'): Promise<INodePropertyOptions[]> {
	const env = await (await client(ctx)).call('sale.status.list', { filter: { type }, order: { sort: 'ASC' } });
	const rows = ((env.result as IDataObject | undefined)?.statuses as IDataObject[]) ?? [];
	return rows.map((s) => {
		const id = String(s.id);
		return { name: STATUS_NAMES[id] ? `${STATUS_NAMES[id]} (${id})` : id, value: id };
	});
}

function named(rows: IDataObject[], id: string, name: string): INodePropertyOptions[] {
	return rows.filter((r) => r.ACTIVE !== 'N' && r.active !== 'N').map((r) => ({ name: String(r[name] ?? r[id]), value: String(r[id]) }));
}

export const saleOptions = {
	async getSaleOrderStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return statuses(this, 'O');
	},
	async getSaleDeliveryStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return statuses(this, 'D');
	},
	async getSalePersonTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const env = await (await client(this)).call('sale.persontype.list', {});
		return named(((env.result as IDataObject | undefined)?.personTypes as IDataObject[]) ?? [], 'id', 'name');
	},
	async getSalePaySystems(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const env = await (await client(this)).call('sale.paysystem.list', {});
		return named((env.result as IDataObject[]) ?? [], 'ID', 'NAME');
	},
	async getSaleDeliveries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const env = await (await client(this)).call('sale.delivery.getlist', {});
		return named((env.result as IDataObject[]) ?? [], 'ID', 'NAME');
	},
};

/** Pickers read from the portal: users, deal pipelines and stages, entity fields (incl. user fields). */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { Bitrix24Client, type B24Host } from '../transport/client';

export async function client(ctx: ILoadOptionsFunctions): Promise<Bitrix24Client> {
	return Bitrix24Client.create(ctx as unknown as B24Host, (ctx.getCurrentNodeParameter('authentication') as string) ?? 'webhook', { maxRetries: 2 });
}

/** `*.fields` answers: the field map itself, or `{fields: …}` (crm.item.fields). */
function fieldList(result: unknown): Record<string, IDataObject> {
	const r = (result ?? {}) as IDataObject;
	return ((r.fields && typeof r.fields === 'object' ? r.fields : r) as Record<string, IDataObject>) ?? {};
}

/** Writable fields of an entity (incl. user fields) as picker options. */
export async function fieldOptions(ctx: ILoadOptionsFunctions, method: string, params: IDataObject = {}): Promise<INodePropertyOptions[]> {
	const env = await (await client(ctx)).call(method, params);
	return Object.entries(fieldList(env.result))
		.filter(([, f]) => !f.isReadOnly)
		.map(([name, f]) => ({ name: `${String(f.formLabel ?? f.listLabel ?? f.title ?? name)} (${name})`, value: name, description: `${String(f.type ?? '')}${f.isMultiple ? ', multiple' : ''}${f.isRequired ? ', required' : ''}` }))
		.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

export const crmOptions = {
	async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const users = await (await client(this)).list('user.get', { filter: { ACTIVE: true }, sort: 'LAST_NAME', order: 'ASC' }, { returnAll: true, paging: 'offset' });
		return users.map((u) => ({ name: `${String(u.LAST_NAME ?? '')} ${String(u.NAME ?? '')}`.trim() || String(u.EMAIL ?? u.ID), value: String(u.ID) }));
	},
	async getDealPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const env = await (await client(this)).call('crm.category.list', { entityTypeId: 2 });
		const cats = ((env.result as IDataObject)?.categories as IDataObject[]) ?? [];
		return cats.map((c) => ({ name: String(c.name), value: String(c.id) }));
	},
	async getDealStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const c = await client(this);
		const cats = (((await c.call('crm.category.list', { entityTypeId: 2 })).result as IDataObject)?.categories as IDataObject[]) ?? [];
		const byEntity = new Map(cats.map((x) => [Number(x.id) === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${String(x.id)}`, String(x.name)]));
		const stages = await c.list('crm.status.list', { filter: { ENTITY_ID: [...byEntity.keys()] }, order: { SORT: 'ASC' } }, { returnAll: true });
		return stages.map((s) => ({ name: `${byEntity.get(String(s.ENTITY_ID)) ?? ''}: ${String(s.NAME)}`, value: String(s.STATUS_ID) }));
	},
	getCompanyFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.company.fields');
	},
	getContactFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.contact.fields');
	},
	getLeadFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.lead.fields');
	},
	getDealFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.deal.fields');
	},
};

/**
 * Pickers of requisites and dictionaries: requisite presets, requisite / bank-detail fields (incl.
 * user fields), CRM entity types for pipelines and requisite links, status dictionaries.
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { client, fieldOptions } from './crmOptions';

/** Deals, smart invoices (and quotes for links) plus the portal's smart processes. */
async function crmEntityTypes(ctx: ILoadOptionsFunctions, base: Array<[string, number]>): Promise<INodePropertyOptions[]> {
	const fixed = base.map(([name, value]) => ({ name, value }));
	try {
		const types = await (await client(ctx)).list('crm.type.list', {}, { returnAll: true, itemsKey: 'types', idField: 'id' });
		return [...fixed, ...types.map((t) => ({ name: `${String(t.title)} (${String(t.entityTypeId)})`, value: Number(t.entityTypeId) }))];
	} catch {
		return fixed; // smart processes not available on the plan or to the webhook's user
	}
}

export const requisiteOptions = {
	async getRequisitePresets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const presets = await (await client(this)).list('crm.requisite.preset.list', { select: ['ID', 'NAME'] }, { returnAll: true });
		return presets.map((p) => ({ name: String(p.NAME), value: String(p.ID) }));
	},
	getRequisiteFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.requisite.fields');
	},
	getBankDetailFields(this: ILoadOptionsFunctions) {
		return fieldOptions(this, 'crm.requisite.bankdetail.fields');
	},
	async getStatusEntities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const types = ((await (await client(this)).call('crm.status.entity.types')).result ?? []) as IDataObject[];
		return types.map((t) => ({ name: String(t.NAME) === String(t.ID) ? String(t.ID) : `${String(t.NAME)} (${String(t.ID)})`, value: String(t.ID) }));
	},
	getPipelineEntityTypes(this: ILoadOptionsFunctions) {
		return crmEntityTypes(this, [['Deal', 2], ['Smart Invoice', 31]]);
	},
	getRequisiteLinkEntityTypes(this: ILoadOptionsFunctions) {
		return crmEntityTypes(this, [['Deal', 2], ['Quote', 7], ['Smart Invoice', 31]]);
	},
};

/**
 * Duplicate search by phone or e-mail: `crm.duplicate.findbycomm` takes at most 20 values, so
 * longer lists become several commands (batched with those of the other items) whose matches
 * are merged. One output item per input item.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { planPerItem } from './allItems';
import { show } from './common';
import type { OperationDef, ResourceDef } from './types';

const R = 'duplicate';
export const VALUES_PER_CALL = 20;
const ENTITY_TYPES = ['LEAD', 'CONTACT', 'COMPANY'];

function valuesOf(ctx: IExecuteFunctions, i: number): string[] {
	const raw = ctx.getNodeParameter('values', i, '') as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(/[,;\n]/);
	return [...new Set(list.map((v) => String(v ?? '').trim()).filter(Boolean))];
}

const findByComm: OperationDef = {
	name: 'Find by Phone or Email',
	action: 'Find leads, contacts and companies by phone or email',
	description: 'Find leads, contacts and companies with any of the given phones or e-mails',
	properties: show(R, 'findByComm', [
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'Phone', value: 'PHONE' },
				{ name: 'Email', value: 'EMAIL' },
			],
			default: 'PHONE',
		},
		{ displayName: 'Values', name: 'values', type: 'string', required: true, default: '', description: 'Phones or e-mails, separated by commas, semicolons or new lines (or an array in an expression); more than 20 are searched in several calls' },
		{
			displayName: 'Entity Type',
			name: 'entityType',
			type: 'options',
			options: [
				{ name: 'All', value: '' },
				{ name: 'Company', value: 'COMPANY' },
				{ name: 'Contact', value: 'CONTACT' },
				{ name: 'Lead', value: 'LEAD' },
			],
			default: '',
			description: 'Note: when one type has 20 or more matches, Bitrix24 does not return the other types',
		},
	]),
	async run(this: IExecuteFunctions, i, client) {
		return planPerItem(this, client, 'findByComm', i, (k) => {
			const type = String(this.getNodeParameter('type', k));
			const entityType = String(this.getNodeParameter('entityType', k, ''));
			if (entityType && !ENTITY_TYPES.includes(entityType)) throw new NodeOperationError(this.getNode(), `Unknown entity type "${entityType}"`, { itemIndex: k });
			const values = valuesOf(this, k);
			const commands = [];
			for (let at = 0; at < values.length; at += VALUES_PER_CALL) {
				commands.push({ method: 'crm.duplicate.findbycomm', params: { type, values: values.slice(at, at + VALUES_PER_CALL), ...(entityType ? { entity_type: entityType } : {}) } });
			}
			return {
				commands,
				combine: (results) => {
					const found = new Map<string, Set<number>>((entityType ? [entityType] : ENTITY_TYPES).map((t) => [t, new Set()]));
					for (const r of results) {
						// no matches: [] (PHP empty array); matches: {CONTACT:[275,2297], …}
						const byType = r.result && typeof r.result === 'object' && !Array.isArray(r.result) ? (r.result as Record<string, unknown>) : {};
						for (const [t, ids] of Object.entries(byType)) {
							if (!found.has(t)) found.set(t, new Set());
							for (const x of Array.isArray(ids) ? ids : Object.values(ids as object)) found.get(t)!.add(Number(x));
						}
					}
					const out: IDataObject = { type, values, found: [...found.values()].some((s) => s.size > 0) };
					for (const [t, ids] of found) out[t] = [...ids];
					return out;
				},
			};
		});
	},
};

export const duplicate: ResourceDef = { value: R, name: 'Duplicate', description: 'Find CRM duplicates by phone or e-mail', operations: { findByComm } };

/**
 * 1C ↔ Bitrix24 Mapping: maps a stage/status or another correspondence value (users, VAT rates,
 * requisite presets, …) through a table edited with pickers on both sides or pasted as JSON
 * (lib/mapping.ts holds the engine). Two outputs: Mapped and Skipped ("do not load"); an unmapped
 * value is an item error (On Error → Continue (using error output) routes it). No request is sent
 * when mapping; the credentials serve the pickers only.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { mapValue, MappingError, tableFromJson, validateTable, type Direction, type ForcedRow, type MappingRow, type MappingTable } from '../../lib/mapping';
import { counterpartyKind, defaultTable } from '../../lib/counterparty-kind';
import { properties } from './description';
import { loadOptions } from './methods';

/** The table of the node: the JSON parameter, or the UI rows (read once: tables are not per item). */
export function tableOf(ctx: IExecuteFunctions): MappingTable {
	const kind = ctx.getNodeParameter('kind', 0) as string;
	const source = ctx.getNodeParameter('tableSource', 0) as string;
	if (source === 'defaults') return defaultTable(kind);
	if (source === 'json') {
		const raw = ctx.getNodeParameter('tableJson', 0) as unknown;
		return tableFromJson(typeof raw === 'string' ? raw : JSON.stringify(raw), kind);
	}
	const rows = ((ctx.getNodeParameter('rows', 0, {}) as { row?: MappingRow[] }).row ?? []).map((r) => ({ ...r, onec: String(r.onec ?? '') }));
	const forced = (ctx.getNodeParameter('forced', 0, {}) as { row?: ForcedRow[] }).row ?? [];
	const fallbacks = ctx.getNodeParameter('fallbacks', 0, {}) as { fallbackToOneC?: string; fallbackToB24?: string };
	return validateTable({ version: 1, kind, rows, forced, ...fallbacks });
}

export class OneCBitrix24Mapping implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C ↔ Bitrix24 Mapping',
		name: 'oneCBitrix24Mapping',
		icon: 'file:mapping.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["kind"] + ": " + ($parameter["direction"] === "toB24" ? "1C → Bitrix24" : "Bitrix24 → 1C") }}',
		description: 'Map stages, statuses, users, VAT rates and other values between 1C and Bitrix24 through a correspondence table',
		defaults: { name: 'Mapping' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Mapped', 'Skipped'],
		credentials: [
			{ name: 'bitrix24WebhookApi', required: false, displayOptions: { show: { authentication: ['webhook'] } } },
			{ name: 'bitrix24OAuth2Api', required: false, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'oneCODataApi', required: false },
		],
		properties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let table: MappingTable;
		try {
			table = tableOf(this);
		} catch (e) {
			throw new NodeOperationError(this.getNode(), e instanceof MappingError ? e.message : (e as Error), { description: 'Fix the mapping table of this node' });
		}
		if (this.getNodeParameter('operation', 0) === 'exportTable') {
			return [[{ json: { table: table as unknown as IDataObject, tableJson: JSON.stringify(table) }, pairedItem: items.map((_x, i) => ({ item: i })) }], []];
		}
		const mapped: INodeExecutionData[] = [];
		const skipped: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const direction = this.getNodeParameter('direction', i) as Direction;
			const fromKind = table.kind === 'requisitePreset' && this.getNodeParameter('valueFrom', i, 'value') === 'counterpartyKind';
			const value = fromKind ? (counterpartyKind(items[i].json) ?? '') : String(this.getNodeParameter('value', i, '') ?? '');
			const field = (this.getNodeParameter('outputField', i, 'mapped') as string) || 'mapped';
			const r = mapValue(table, direction, value, {
				scope: String(this.getNodeParameter('pipeline', i, '') ?? ''),
				facts: { paid: this.getNodeParameter('paid', i, false) as boolean, shipped: this.getNodeParameter('shipped', i, false) as boolean },
			});
			const base = { input: value, direction, kind: table.kind };
			if (r.status === 'mapped') {
				mapped.push({ json: { ...items[i].json, [field]: { ...base, value: r.value, source: r.source, ...(r.forced ? { forced: r.forced } : {}) } }, pairedItem: { item: i } });
			} else if (r.status === 'skipped') {
				skipped.push({ json: { ...items[i].json, [field]: { ...base, skipped: true, reason: r.reason } }, pairedItem: { item: i } });
			} else {
				const error = new NodeOperationError(this.getNode(), `Unmapped ${table.kind}: ${r.reason}`, { itemIndex: i, description: 'Add a row for this value to the mapping table, or set a fallback' });
				if (!this.continueOnFail()) throw error;
				mapped.push({ json: { error: error.message }, error, pairedItem: { item: i } });
			}
		}
		return [mapped, skipped];
	}
}

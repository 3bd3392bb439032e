/**
 * 1C ↔ Bitrix24 Links: the ID links between 1C objects and Bitrix24 entities, which live on the
 * Bitrix24 entities themselves (lib/links.ts LINK_TYPES). Get (either direction), Set, Remove and
 * Get Many per link type; Export of all links of a base to an XML file and Import of such a file
 * (lib/links-xml.ts: validated whole before anything is written); Get Bound 1C Objects of a deal,
 * company, contact or lead (nodes/Links/bound.ts: web-client links in its timeline, its own link).
 * Items are processed in batches
 * (nodes/Links/items.ts): reads and writes of a run go 50 commands per `batch` request.
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
import { LinksFileError, linksFromXml } from '../../lib/links-xml';
import { Bitrix24Client, type B24Host } from '../Bitrix24/transport/client';
import { useDryRun, type B24DryRun } from '../Bitrix24/transport/dry';
import { dryContext, withPlan } from '../shared/dryRun';
import { B24Error, toNodeApiError } from '../Bitrix24/transport/errors';
import { properties } from './description';
import { baseIdOf } from '../shared/baseId';
import { getLinks, linkJson, removeLinks, setLinks, type Lookup, type Outcome } from './items';
import { isNodeLinkType, kindOf, type Kind, type NodeLinkType } from './kinds';
import { exportLinks, importLinks, listLinks, unsupportedProblem } from './transfer';
import { BOUND_TYPES, boundObjects } from './bound';
import { webClientBase } from '../../lib/onec-weblink';

function kindParam(ctx: IExecuteFunctions, type: string): Kind {
	if (!isNodeLinkType(type)) throw new NodeOperationError(ctx.getNode(), `Unknown link type "${type}"`);
	try {
		return kindOf(type as NodeLinkType, type === 'spaItem' ? Number(ctx.getNodeParameter('entityTypeId', 0, 0)) : undefined);
	} catch (e) {
		throw new NodeOperationError(ctx.getNode(), (e as Error).message);
	}
}

/** The web client's address of the 1C credential's base, when the node has one (links to other addresses are other bases'). */
async function webClientOf(ctx: IExecuteFunctions): Promise<string | undefined> {
	try {
		const c = await ctx.getCredentials('oneCODataApi');
		return c.url ? webClientBase(String(c.url), String(c.webClientUrl ?? '')) : undefined;
	} catch {
		return undefined;
	}
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

export class OneCBitrix24Links implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C ↔ Bitrix24 Links',
		name: 'oneCBitrix24Links',
		icon: 'file:links.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ($parameter["linkType"] ? ": " + $parameter["linkType"] : "") }}',
		description: 'Get, set, remove, export and import the ID links between 1C objects and Bitrix24 entities',
		defaults: { name: 'Links' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'bitrix24WebhookApi', required: true, displayOptions: { show: { authentication: ['webhook'] } } },
			{ name: 'bitrix24OAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'oneCODataApi', required: false },
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const node = this.getNode();
		const out: INodeExecutionData[] = [];
		const continueOnFail = this.continueOnFail();
		const toError = (e: unknown, i: number): Error => {
			if (e instanceof B24Error) return toNodeApiError(node, e, i);
			if (e instanceof NodeOperationError) return e;
			return new NodeOperationError(node, e as Error, { itemIndex: i });
		};
		// n8n keeps only `{ error: message }` as the JSON of an error item: details go into the error's description
		const pushError = (error: Error, i: number) => {
			if (!continueOnFail) throw error;
			out.push({ json: { error: error.message }, error: error as NodeOperationError, pairedItem: { item: i } });
		};
		const dryState = dryContext(this);
		let dry: B24DryRun | undefined;
		const clientOf = async () => {
			const c = await Bitrix24Client.create(this as unknown as B24Host, this.getNodeParameter('authentication', 0, 'webhook') as string);
			dry = useDryRun(c, dryState);
			return c;
		};
		/** in a dry run, the planned writes of the item's Bitrix24 entity */
		const planOf = (json: IDataObject | undefined) => (dry && json ? dry.entries.filter((e) => e.id !== undefined && e.id === String(json.b24Id ?? '')) : []);
		const push = (o: Outcome, i: number) => {
			if (o.error === undefined) return void out.push({ json: withPlan(o.json ?? {}, planOf(o.json)), pairedItem: { item: i } });
			const description = o.json ? JSON.stringify(o.json) : undefined;
			const error = o.error instanceof B24Error ? toNodeApiError(node, o.error, i) : new NodeOperationError(node, o.error, { itemIndex: i, description });
			pushError(error, i);
		};

		if (operation === 'import') {
			// every file is read and validated before anything is sent to Bitrix24
			const files = await Promise.all(
				items.map(async (_item, i) => {
					const prop = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
					try {
						const meta = this.helpers.assertBinaryData(i, prop);
						const bytes = await this.helpers.getBinaryDataBuffer(i, prop);
						const file = linksFromXml(bytes);
						const unsupported = unsupportedProblem(file.links);
						if (unsupported) return { error: new NodeOperationError(node, `Links file "${meta.fileName ?? prop}" was not imported: ${unsupported}`, { itemIndex: i }) };
						return { file, name: meta.fileName ?? prop };
					} catch (e) {
						const name = items[i].binary?.[prop]?.fileName ?? prop;
						const message = e instanceof LinksFileError ? `Links file "${name}" was not imported: ${e.message}` : (e as Error).message;
						return { error: new NodeOperationError(node, message, { itemIndex: i }) };
					}
				}),
			);
			const firstBad = files.find((f) => f.error);
			if (firstBad?.error && !continueOnFail) throw firstBad.error;
			const client = files.some((f) => f.file) ? await clientOf() : undefined;
			for (let i = 0; i < files.length; i++) {
				const f = files[i];
				if (f.error) {
					pushError(f.error, i);
					continue;
				}
				try {
					const mark = dry?.entries.length ?? 0;
					const r = await importLinks(client!, f.file!.baseId, f.file!.links, { writeOnError: continueOnFail });
					if (!r.written) {
						const first = r.problems.slice(0, 3).map((p) => p.message).join('; ');
						throw new NodeOperationError(node, `Links file "${f.name}": ${r.problems.length} link(s) cannot be set, so nothing was written: ${first}${r.problems.length > 3 ? '; …' : ''}`, {
							itemIndex: i,
							description: 'Turn on "On Error → Continue" to set the other links and get each conflict as an error item',
						});
					}
					const { problems, written: _w, ...counts } = r;
					out.push({ json: withPlan({ baseId: f.file!.baseId, fileName: f.name, ...counts }, dry?.entries.slice(mark) ?? []), pairedItem: { item: i } });
					for (const p of problems) {
						const description = JSON.stringify({ link: linkJson(p.link), ...(p.existing ? { existing: linkJson(p.existing) } : {}) });
						pushError(new NodeOperationError(node, p.message, { itemIndex: i, description }), i);
					}
				} catch (e) {
					pushError(toError(e, i), i);
				}
			}
			return [out];
		}

		const baseId = await baseIdOf(this);
		const client = await clientOf();

		if (operation === 'export') {
			const types = this.getNodeParameter('linkTypes', 0, []) as string[];
			if (!types.length) throw new NodeOperationError(node, 'Choose at least one link type to export');
			const spaIds = str(this.getNodeParameter('entityTypeIds', 0, ''))
				.split(/[\s,;]+/)
				.filter(Boolean);
			const kinds: Kind[] = [];
			try {
				for (const t of types) {
					if (t !== 'spaItem') kinds.push(kindOf(t as NodeLinkType));
					else if (!spaIds.length) throw new NodeOperationError(node, 'Smart Process Item is chosen: list the entity type IDs of the smart processes in "Smart Process Type IDs"');
					else for (const et of spaIds) kinds.push(kindOf('spaItem', Number(et)));
				}
			} catch (e) {
				throw e instanceof NodeOperationError ? e : new NodeOperationError(node, (e as Error).message);
			}
			const exportedAt = new Date();
			let r;
			try {
				r = await exportLinks(client, baseId, kinds, exportedAt);
			} catch (e) {
				throw toError(e, 0);
			}
			const fileName = str(this.getNodeParameter('fileName', 0, 'links.xml')) || 'links.xml';
			const prop = str(this.getNodeParameter('binaryPropertyName', 0, 'data')) || 'data';
			const data = await this.helpers.prepareBinaryData(Buffer.from(r.xml, 'utf8'), fileName, 'application/xml');
			const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
			const json: IDataObject = { baseId, exportedAt: exportedAt.toISOString(), total, counts: r.counts };
			if (r.skipped.length) json.skipped = r.skipped;
			return [[{ json, binary: { [prop]: data }, pairedItem: items.map((_x, i) => ({ item: i })) }]];
		}

		const kind = kindParam(this, this.getNodeParameter('linkType', 0) as string);

		if (operation === 'getAll') {
			const returnAll = this.getNodeParameter('returnAll', 0, false) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', 0, 50) as number);
			try {
				const links = await listLinks(client, kind, baseId, { returnAll, limit });
				return [links.slice(0, limit ?? links.length).map((l) => ({ json: linkJson(l), pairedItem: { item: 0 } }))];
			} catch (e) {
				throw toError(e, 0);
			}
		}

		let outcomes: Outcome[];
		try {
			if (operation === 'set') {
				const requests = items.map((_x, i) => ({
					onecRef: str(this.getNodeParameter('onecRef', i, '')),
					b24Id: str(this.getNodeParameter('b24Id', i, '')),
					version: str(this.getNodeParameter('version', i, '')) || undefined,
				}));
				const overwrite = this.getNodeParameter('overwrite', 0, false) as boolean;
				outcomes = await setLinks(client, kind, baseId, requests, { overwrite, writeOnError: continueOnFail });
			} else if (operation === 'getBound') {
				if (!BOUND_TYPES.includes(kind.type)) throw new NodeOperationError(node, `Get Bound 1C Objects works for deals, companies, contacts and leads, not for the link type "${kind.type}"`);
				const requests = items.map((_x, i) => ({
					b24Id: str(this.getNodeParameter('b24Id', i, '')),
					entitySet: str(this.getNodeParameter('objectType', i, '')),
					linkSet: str(this.getNodeParameter('linkHolds', i, '')),
				}));
				outcomes = await boundObjects(client, kind, requests, { baseId, webClientBase: await webClientOf(this) });
			} else if (operation === 'get' || operation === 'remove') {
				const lookups: Lookup[] = items.map((_x, i) => {
					const by = this.getNodeParameter('findBy', i, 'onecRef') as Lookup['by'];
					return { by, value: str(this.getNodeParameter(by, i, '')) };
				});
				outcomes = operation === 'get' ? await getLinks(client, kind, baseId, lookups) : await removeLinks(client, kind, baseId, lookups, { writeOnError: continueOnFail });
			} else {
				throw new NodeOperationError(node, `Unknown operation "${operation}"`);
			}
		} catch (e) {
			if (!continueOnFail || e instanceof NodeOperationError) throw toError(e, 0);
			items.forEach((_x, i) => pushError(toError(e, i), i));
			return [out];
		}
		if (!continueOnFail) {
			// stop on the first real error, not on an item that was only held back because of it
			const real = outcomes.findIndex((o) => o.error !== undefined && !o.skipped);
			if (real >= 0) push(outcomes[real], real);
		}
		outcomes.forEach((o, i) => push(o, i));
		return [out];
	}
}

/**
 * 1C ↔ Bitrix24 Match: find-or-create for a whole run of 1C objects against Bitrix24 companies or
 * contacts — or, the other way, of Bitrix24 companies against 1C counterparties (./onec.ts). The link (`ORIGINATOR_ID` = the 1C base, `ORIGIN_ID` = the 1C `Ref_Key`) is always
 * tried first; then the OR-of-AND rule over normalised keys (lib/matching.ts, lib/match-run.ts).
 * All lookups of the run go in `batch` requests (50 commands each), never one request per item.
 *
 * Outputs: Found (link it — done here for rule matches, or by the next node with the fields it
 * writes when «Write Links» is «No, the next node writes them» — and update), Up to Date (found by its
 * link and `ORIGIN_VERSION` equals the item's 1C DataVersion: write nothing), Not Found (create,
 * with the link fields). Ambiguous items and conflicts are item errors naming the candidates and
 * the rule group (On Error → Continue (using error output) routes them); nothing is written for them.
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
import { decideRun, type RunItem } from '../../lib/match-run';
import { DEFAULT_RULES, keysOf, lookupPlan, parseRule, type MatchRule, type RawKeys } from '../../lib/matching';
import { Bitrix24Client, type B24Host } from '../Bitrix24/transport/client';
import { useDryRun } from '../Bitrix24/transport/dry';
import { B24Error, toNodeApiError } from '../Bitrix24/transport/errors';
import { dryContext, withPlan } from '../shared/dryRun';
import { OneCClient, type OneCHost } from '../OneC/transport/client';
import { OneCError, toNodeApiError as oneCApiError } from '../OneC/transport/errors';
import { b24Candidates, linkCommands, type B24Kind } from './b24';
import { properties } from './description';
import { baseIdOf } from '../shared/baseId';
import { comparesContacts, itemLinks, oneCCandidates, oneCPersonCandidates, oneCRuleProblem, searchesByName, type OneCFields, type OneCPersonFields } from './onec';
import { isGuid } from '../../lib/odata';
import { requisiteCandidates, requisiteLinkCommands, type RequisiteKind } from './b24-requisites';

/** Bitrix24 → 1C without a rule: INN+KPP, or INN with the name (an ИП has no KPP). */
const ONEC_DEFAULT_RULE: MatchRule = [
	['inn', 'kpp'],
	['inn', 'name'],
];

const list = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(list) : v === undefined || v === null || v === '' ? [] : String(v).split(/[;,\n]/).map((s) => s.trim()).filter(Boolean));

/** keys with a checksum, by their name in messages */
const CHECKED: Record<string, string> = { inn: 'INN', kpp: 'KPP', bik: 'BIK', account: 'account' };

export class OneCBitrix24Match implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C ↔ Bitrix24 Match',
		name: 'oneCBitrix24Match',
		icon: 'file:match.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["target"] === "onecCounterparty" ? "Bitrix24 → 1C counterparty" : "1C → Bitrix24 " + $parameter["target"] }}',
		description: 'Find the Bitrix24 company or contact of each 1C object: by link first, then by matching rules; link, report ambiguity, or hand over for creation',
		defaults: { name: 'Match' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Found', 'Up to Date', 'Not Found'],
		credentials: [
			{ name: 'bitrix24WebhookApi', required: true, displayOptions: { show: { authentication: ['webhook'] } } },
			{ name: 'bitrix24OAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'oneCODataApi', required: false },
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const target = this.getNodeParameter('target', 0) as B24Kind | RequisiteKind | 'onecCounterparty' | 'onecContactPerson';
		const toPerson = target === 'onecContactPerson';
		/** items are Bitrix24 entities matched against 1C */
		const toOneC = target === 'onecCounterparty' || toPerson;
		const requisiteKind = target === 'requisite' || target === 'bankDetail' ? target : undefined;
		const kind: B24Kind = toPerson || target === 'contact' ? 'contact' : 'company';
		const ruleText = String(this.getNodeParameter('rule', 0, '') ?? '').trim();
		let rule: MatchRule;
		try {
			const ruleKind = requisiteKind === 'bankDetail' ? 'bankAccount' : (requisiteKind ?? kind);
			rule = ruleText ? parseRule(ruleText, ruleKind) : target === 'onecCounterparty' ? ONEC_DEFAULT_RULE : DEFAULT_RULES[ruleKind];
		} catch (e) {
			throw new NodeOperationError(this.getNode(), `Matching rule: ${(e as Error).message}`);
		}
		const ruleProblem = target === 'onecCounterparty' ? oneCRuleProblem(rule) : undefined;
		if (ruleProblem) throw new NodeOperationError(this.getNode(), `Matching rule: ${ruleProblem}`);
		const baseId = await baseIdOf(this);
		const field = (this.getNodeParameter('outputField', 0, 'match') as string) || 'match';
		const linkFound = this.getNodeParameter('linkFound', 0, true) as boolean;
		/** the links of rule matches go out as `linkFields` for the next node to write with its fields */
		const linkByNext = linkFound && this.getNodeParameter('writeLinks', 0, 'yes') === 'next';
		const shared = target === 'onecCounterparty' && (this.getNodeParameter('shared', 0, false) as boolean);

		const runItems: RunItem[] = items.map((_x, i) => {
			const k = this.getNodeParameter('keys', i, {}) as Record<string, unknown>;
			const raw: RawKeys = { phone: list(k.phone), email: list(k.email) };
			for (const key of ['name', 'inn', 'kpp', 'surname', 'firstName', 'patronymic', 'account', 'bik'] as const) if (k[key] !== undefined) raw[key] = String(k[key]);
			if (k.fullName !== undefined) raw.fullName = String(k.fullName);
			if (toOneC) return { externalId: String(this.getNodeParameter('b24Id', i, '') ?? '').trim(), keys: keysOf(raw) };
			return { externalId: String(this.getNodeParameter('externalId', i, '') ?? '').trim(), version: String(this.getNodeParameter('version', i, '') ?? ''), keys: keysOf(raw) };
		});

		const client = await Bitrix24Client.create(this as unknown as B24Host, this.getNodeParameter('authentication', 0, 'webhook') as string);
		// a dry run: the link writes are planned (../Bitrix24/transport/dry.ts), the decisions are the real ones
		const dryState = dryContext(this);
		const dry = useDryRun(client, dryState);
		const fail = (e: unknown) => (e instanceof B24Error ? toNodeApiError(this.getNode(), e) : e instanceof OneCError ? oneCApiError(this.getNode(), e) : e);
		let decisions;
		try {
			const plan = lookupPlan(runItems, rule);
			const ids = [...new Set(runItems.map((r) => String(r.externalId)).filter(Boolean))];
			if (toPerson) {
				const onec = await OneCClient.create(this as unknown as OneCHost);
				onec.overlay = dryState.overlay;
				const pf: OneCPersonFields = {
					set: String(this.getNodeParameter('onecPersonSet', 0, 'Catalog_КонтактныеЛица')),
					owner: String(this.getNodeParameter('onecOwnerField', 0, 'ОбъектВладелец_Key')),
					surname: 'Фамилия',
					firstName: 'Имя',
					patronymic: 'Отчество',
				};
				const owners = items.map((_x, i) => String(this.getNodeParameter('ownerRef', i, '') ?? '').trim().toLowerCase());
				const links = await itemLinks(client, kind, baseId, ids);
				const all = await oneCPersonCandidates(onec, client, baseId, pf, [...new Set(owners.filter((o) => isGuid(o)))], [...new Set(links.values())]);
				// each item is decided among the contact persons of its own counterparty (and its link)
				decisions = new Array(items.length);
				const groups = new Map<string, number[]>();
				owners.forEach((o, i) => groups.set(o, [...(groups.get(o) ?? []), i]));
				for (const [owner, idx] of groups) {
					const own = idx.map((i) => runItems[i]);
					const mine = new Set(own.map((it) => String(it.externalId)));
					const d = decideRun(own, all.filter((c) => (owner !== '' && c.row.__owner === owner) || mine.has(String(c.externalId))), rule);
					idx.forEach((i, k) => (decisions![i] = d[k]));
				}
			} else if (toOneC) {
				const onec = await OneCClient.create(this as unknown as OneCHost);
				onec.overlay = dryState.overlay;
				const fields: OneCFields = {
					set: String(this.getNodeParameter('onecSet', 0, 'Catalog_Контрагенты')),
					name: String(this.getNodeParameter('onecNameField', 0, 'Description')),
					inn: String(this.getNodeParameter('onecInnField', 0, 'ИНН')),
					kpp: String(this.getNodeParameter('onecKppField', 0, 'КПП')),
				};
				const links = await itemLinks(client, kind, baseId, ids);
				const names = searchesByName(rule) ? items.map((_x, i) => String((this.getNodeParameter('keys', i, {}) as IDataObject).name ?? '')) : [];
				decisions = decideRun(runItems, await oneCCandidates(onec, client, kind, baseId, fields, plan, [...new Set(links.values())], { names, contacts: comparesContacts(rule) }), rule, { shared });
			} else {
				const candidates = requisiteKind ? await requisiteCandidates(client, requisiteKind, baseId, plan, ids) : await b24Candidates(client, kind, baseId, plan, ids);
				decisions = decideRun(runItems, candidates, rule);
			}
		} catch (e) {
			throw fail(e);
		}

		// write the links of rule matches on the Bitrix24 side (batched); a failed write is that item's error
		const toLink = decisions.flatMap((d, i) => {
			if (d.kind !== 'found' || d.via !== 'rule' || !linkFound || !runItems[i].externalId) return [];
			return [toOneC ? { i, b24Id: String(runItems[i].externalId), ref: d.candidate.id } : { i, b24Id: d.candidate.id, ref: String(runItems[i].externalId) }];
		});
		const commands = requisiteKind ? requisiteLinkCommands(requisiteKind, baseId, toLink) : linkCommands(kind, baseId, toLink);
		const linkFields = new Map<number, IDataObject>(linkByNext ? toLink.map((l, k) => [l.i, commands[k].params!.fields as IDataObject]) : []);
		const written = toLink.length && !linkByNext ? await client.runAll(commands).catch((e: unknown) => toLink.map(() => ({ ok: false as const, error: e as B24Error }))) : [];
		const linkError = new Map<number, unknown>();
		const plan = new Map<number, IDataObject>();
		written.forEach((r, k) => {
			if (!r.ok) linkError.set(toLink[k].i, r.error);
			const entry = dry?.of(commands[k]);
			if (entry) plan.set(toLink[k].i, entry as unknown as IDataObject);
		});

		const found: INodeExecutionData[] = [];
		const upToDate: INodeExecutionData[] = [];
		const notFound: INodeExecutionData[] = [];
		decisions.forEach((d, i) => {
			const paired = { item: i };
			const itemError = (message: string) => {
				const error = new NodeOperationError(this.getNode(), message, { itemIndex: i });
				if (!this.continueOnFail()) throw error;
				found.push({ json: { error: error.message }, error, pairedItem: paired });
			};
			const who = runItems[i].externalId ? `${toOneC ? `Bitrix24 ${kind}` : '1C object'} ${String(runItems[i].externalId)}` : `item #${i + 1}`;
			if (d.kind === 'error') return itemError(`${who}: ${d.reason}`);
			if (linkError.has(i)) {
				const e = fail(linkError.get(i)) as Error;
				return itemError(`${who}: writing the link failed: ${e.message}`);
			}
			// not found, and a requisite failed its checksum: creating the object would spread the typo
			const bad = runItems[i].keys.problems.filter((p) => p.reason === 'checksum' && p.key in CHECKED);
			if (d.kind === 'notFound' && bad.length) {
				return itemError(`${who}: ${bad.map((p) => `${CHECKED[p.key]} "${p.input}" fails its checksum`).join(', ')} — not used for matching and nothing matched by the other keys; correct the value`);
			}
			if (d.kind === 'notFound') return void notFound.push({ json: { ...items[i].json, [field]: { found: false, baseId } }, pairedItem: paired });
			const info: IDataObject = { found: true, [toOneC ? 'ref' : 'id']: d.candidate.id, via: d.via, ...(d.group ? { group: d.group } : {}), linked: d.via === 'rule' && linkFound && !linkByNext, upToDate: d.upToDate, baseId };
			if (linkFields.has(i)) info.linkFields = linkFields.get(i)!;
			const json = { ...items[i].json, [field]: info };
			(d.upToDate ? upToDate : found).push({ json: plan.has(i) ? withPlan(json, [plan.get(i) as never]) : json, pairedItem: paired });
		});
		return [found, upToDate, notFound];
	}
}

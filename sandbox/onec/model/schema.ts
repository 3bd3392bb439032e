/**
 * `buildSchema(config)`: the OData view of a configuration, derived the way the platform derives
 * it (research 1c-odata.md §1; authority on order/types/Nullable: the real УТ 11 `$metadata`
 * excerpt in fixtures/1c/ut11-metadata-excerpt, then the 2016 ERP demo `metadata.xml`).
 *
 * Standard property order (excerpt):
 * - catalog: `Ref_Key, Predefined, PredefinedDataName, DataVersion, Description, Code, Parent_Key,
 *   IsFolder, DeletionMark`, attributes, tabular sections, `_Type` tail. The owner (`Owner_Key`, or
 *   `Owner` + `Owner_Type` in the tail) sits right before `DeletionMark` when there is no code and
 *   no hierarchy (excerpt); with them it is placed after `Code`, before `Parent_Key` — the relative
 *   order seen in the БП JSON captures (`Owner_Key, Parent_Key, IsFolder`) — UNVERIFIED in a $metadata.
 * - chart of characteristic types: catalog order + `ValueType` (`StandardODATA.TypeDescription`,
 *   never declared — like the real one) after `DeletionMark`.
 * - document: `Ref_Key, DataVersion, Number, Date, DeletionMark, Posted`, attributes, sections, tail.
 * - exchange plan: `Ref_Key, Code, Description, DataVersion, DeletionMark, SentNo, ReceivedNo,
 *   ExchangeDate`, …; constant: `Value, SurrogateKey` (Edm.Int16, key); document journal: `Ref, Type,
 *   Date, DeletionMark, Number, Posted`, columns, `Ref_Type` (key `Ref` + `Ref_Type`).
 * - chart of accounts (no real sample): catalog order without IsFolder, then `Order, Type,
 *   OffBalance` and the `ExtDimensionTypes` section — UNVERIFIED.
 * Every tabular section is also the entity set `<Owner>_<TS>` (key `Ref_Key` + `LineNumber`) with
 * the complex type `<Owner>_<TS>_RowType` (same properties, no navigations).
 */
import { addComplex, addSet, fn, NS, PARAMS, Shape, type BuildContext } from './schema-props';
import { buildRegister } from './schema-registers';
import type { ComplexTypeDef, EntitySetDef, FunctionDef, Schema } from './schema-types';
import {
	entitySetName,
	type CatalogDef,
	type ChartOfAccountsDef,
	type ChartOfCharacteristicTypesDef,
	type Configuration,
	type ConstantDef,
	type DocumentDef,
	type DocumentJournalDef,
	type ExchangePlanDef,
	type ObjectDef,
	type TabularSection,
} from './types';

const REFERENCE_KINDS = new Set<ObjectDef['kind']>(['Catalog', 'Document', 'ChartOfCharacteristicTypes', 'ChartOfAccounts', 'ExchangePlan']);

/** Whether a document exposes `Post`/`Unpost`: it has a posting function or moves registers. */
export function isPostable(d: DocumentDef): boolean {
	return d.post !== undefined || (d.registerRecords?.length ?? 0) > 0;
}

export function buildSchema(config: Configuration): Schema {
	const targets = new Set(config.objects.filter((o) => REFERENCE_KINDS.has(o.kind)).map(entitySetName));
	const ctx: BuildContext = { targets, sets: new Map<string, EntitySetDef>(), complexTypes: new Map<string, ComplexTypeDef>(), functions: [] as FunctionDef[] };
	for (const o of config.objects) {
		switch (o.kind) {
			case 'Catalog':
				buildCatalog(ctx, o);
				break;
			case 'ChartOfCharacteristicTypes':
				buildChartOfCharacteristicTypes(ctx, o);
				break;
			case 'ChartOfAccounts':
				buildChartOfAccounts(ctx, o);
				break;
			case 'Document':
				buildDocument(ctx, o);
				break;
			case 'ExchangePlan':
				buildExchangePlan(ctx, o);
				break;
			case 'Constant':
				buildConstant(ctx, o);
				break;
			case 'DocumentJournal':
				buildJournal(ctx, o);
				break;
			default:
				buildRegister(ctx, o);
		}
	}
	const enums = new Map<string, string[]>();
	for (const e of config.enums) {
		if (enums.has(e.name)) throw new Error(`duplicate enum ${e.name} in ${config.id}`);
		enums.set(e.name, [...e.values]);
	}
	return { config, entitySets: ctx.sets, complexTypes: ctx.complexTypes, functions: ctx.functions, enums };
}

/** The owner properties of a subordinate catalog. */
function owner(sh: Shape, owners: string[] | undefined): void {
	if (!owners?.length) return;
	if (owners.length === 1) sh.std('Owner_Key', 'Edm.Guid').nav('Owner', owners[0]);
	else sh.std('Owner').stdTail('Owner_Type');
}

function hierarchy(sh: Shape, self: string, withFolders: boolean): void {
	sh.std('Parent_Key', 'Edm.Guid').nav('Parent', self);
	if (withFolders) sh.std('IsFolder', 'Edm.Boolean');
}

/** Attributes, then the tabular sections (nested), then the object's entity set and its section sets. */
function finishObject(ctx: BuildContext, o: ObjectDef, sh: Shape, sections: TabularSection[]): EntitySetDef {
	const name = sh.owner;
	for (const ts of sections) sh.tabular(ts, `${name}_${ts.name}_RowType`);
	const set = addSet(ctx, { name, kind: 'object', object: o, keys: ['Ref_Key'], properties: sh.properties(), navigations: sh.navs });
	for (const ts of sections) buildTabular(ctx, o, name, ts);
	return set;
}

function buildTabular(ctx: BuildContext, o: ObjectDef, ownerSet: string, ts: TabularSection): void {
	const name = `${ownerSet}_${ts.name}`;
	const sh = new Shape(name, ctx.targets).std('Ref_Key', 'Edm.Guid', false).std('LineNumber', 'Edm.Int64', false).attrs(ts.attributes);
	addSet(ctx, { name, kind: 'tabular', object: o, owner: { entitySet: ownerSet, section: ts }, keys: ['Ref_Key', 'LineNumber'], properties: sh.properties(), navigations: sh.navs });
	const row = new Shape(`${name}_RowType`, ctx.targets).std('Ref_Key', 'Edm.Guid', false).std('LineNumber', 'Edm.Int64', false).attrs(ts.attributes);
	addComplex(ctx, row.complex());
}

function codeProperty(sh: Shape, codeLength: number, codeType: 'string' | 'number' = 'string'): void {
	if (codeLength <= 0) return;
	if (codeType === 'number') sh.std('Code', codeLength <= 4 ? 'Edm.Int16' : codeLength <= 9 ? 'Edm.Int32' : 'Edm.Int64');
	else sh.std('Code', 'Edm.String', true, codeLength);
}

function referenceHead(sh: Shape, descriptionLength: number): void {
	sh.std('Ref_Key', 'Edm.Guid', false).std('Predefined', 'Edm.Boolean').std('PredefinedDataName').std('DataVersion');
	if (descriptionLength > 0) sh.std('Description', 'Edm.String', true, descriptionLength);
}

function buildCatalog(ctx: BuildContext, c: CatalogDef): void {
	const name = entitySetName(c);
	const sh = new Shape(name, ctx.targets);
	referenceHead(sh, c.descriptionLength);
	codeProperty(sh, c.codeLength, c.codeType);
	owner(sh, c.owners);
	if (c.hierarchical) hierarchy(sh, name, true);
	sh.std('DeletionMark', 'Edm.Boolean').attrs(c.attributes);
	finishObject(ctx, c, sh, c.tabularSections ?? []);
}

function buildChartOfCharacteristicTypes(ctx: BuildContext, c: ChartOfCharacteristicTypesDef): void {
	const name = entitySetName(c);
	const sh = new Shape(name, ctx.targets);
	referenceHead(sh, c.descriptionLength);
	codeProperty(sh, c.codeLength);
	if (c.hierarchical) hierarchy(sh, name, true);
	sh.std('DeletionMark', 'Edm.Boolean').std('ValueType', `${NS}.TypeDescription`).attrs(c.attributes);
	finishObject(ctx, c, sh, c.tabularSections ?? []);
}

function buildChartOfAccounts(ctx: BuildContext, c: ChartOfAccountsDef): void {
	const name = entitySetName(c);
	const sh = new Shape(name, ctx.targets);
	referenceHead(sh, c.descriptionLength);
	codeProperty(sh, c.codeLength);
	hierarchy(sh, name, false);
	sh.std('DeletionMark', 'Edm.Boolean').std('Order', 'Edm.String').std('Type', 'Edm.String').std('OffBalance', 'Edm.Boolean').attrs(c.attributes);
	const extTypes: TabularSection = {
		name: 'ExtDimensionTypes',
		attributes: [
			{ name: 'ExtDimensionType', type: { kind: 'ref', target: c.extDimensionTypes ?? '' } },
			{ name: 'TurnoversOnly', type: { kind: 'boolean' } },
			{ name: 'Predefined', type: { kind: 'boolean' } },
		],
	};
	finishObject(ctx, c, sh, [extTypes, ...(c.tabularSections ?? [])]);
}

function buildDocument(ctx: BuildContext, d: DocumentDef): void {
	const name = entitySetName(d);
	const sh = new Shape(name, ctx.targets)
		.std('Ref_Key', 'Edm.Guid', false)
		.std('DataVersion')
		.std('Number', 'Edm.String', true, d.numberLength)
		.std('Date', 'Edm.DateTime')
		.std('DeletionMark', 'Edm.Boolean')
		.std('Posted', 'Edm.Boolean')
		.attrs(d.attributes);
	finishObject(ctx, d, sh, d.tabularSections ?? []);
	if (isPostable(d)) {
		fn(ctx, 'Post', name, PARAMS.post);
		fn(ctx, 'Unpost', name, PARAMS.post);
	}
}

function buildExchangePlan(ctx: BuildContext, p: ExchangePlanDef): void {
	const name = entitySetName(p);
	const sh = new Shape(name, ctx.targets).std('Ref_Key', 'Edm.Guid', false);
	codeProperty(sh, p.codeLength);
	if (p.descriptionLength > 0) sh.std('Description', 'Edm.String', true, p.descriptionLength);
	sh.std('DataVersion').std('DeletionMark', 'Edm.Boolean').std('SentNo', 'Edm.Int64').std('ReceivedNo', 'Edm.Int64').std('ExchangeDate', 'Edm.DateTime').attrs(p.attributes);
	finishObject(ctx, p, sh, p.tabularSections ?? []);
}

/** Constant: `Value` (a reference gives `Value_Key` + navigation `Value` — assumption) and the key `SurrogateKey`. */
function buildConstant(ctx: BuildContext, c: ConstantDef): void {
	const name = entitySetName(c);
	const sh = new Shape(name, ctx.targets).attr({ name: 'Value', type: c.type }).std('SurrogateKey', 'Edm.Int16', false);
	addSet(ctx, { name, kind: 'constant', object: c, keys: ['SurrogateKey'], properties: sh.properties(), navigations: sh.navs });
}

function buildJournal(ctx: BuildContext, j: DocumentJournalDef): void {
	const name = entitySetName(j);
	const sh = new Shape(name, ctx.targets)
		.std('Ref', 'Edm.String', false)
		.stdTail('Ref_Type', false)
		.std('Type')
		.std('Date', 'Edm.DateTime')
		.std('DeletionMark', 'Edm.Boolean')
		.std('Number')
		.std('Posted', 'Edm.Boolean')
		.attrs(j.columns);
	addSet(ctx, { name, kind: 'journal', object: j, keys: ['Ref', 'Ref_Type'], properties: sh.properties(), navigations: sh.navs });
}

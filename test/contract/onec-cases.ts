/**
 * The case table of the 1C contract suite: one case per data file of
 * /work/shared/fixtures/1c (README excluded). Each case seeds an empty sandbox from the capture,
 * replays the capture's request and returns the structural differences (empty = contract kept).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Base } from '../../sandbox/onec/base';
import type { BaseId, OneCSandbox } from '../../sandbox/onec/server';
import { expectCompatible, expectSameNavigations, parseEdmx, type Edmx } from '../helpers/onec-edmx';
import { OneCClient } from '../helpers/onec-http';
import { ATOM_CASES } from './onec-cases-atom';
import { JSON_CASES } from './onec-cases-json';
import { FIXTURES_DIR, fixtureText } from './onec-seed';

export interface CaseContext {
	sb: OneCSandbox;
	client(id: BaseId): OneCClient;
	base(id: BaseId): Base;
}

export interface OneCCase {
	/** path under the fixtures directory */
	fixture: string;
	title: string;
	/** structural differences; throws (jest expectations) are allowed too */
	run(ctx: CaseContext): Promise<string[]>;
}

/** Every data file of the fixtures directory, relative, sorted. */
export function fixtureFiles(dir = FIXTURES_DIR, prefix = ''): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...fixtureFiles(full, `${prefix}${name}/`));
		else if (name !== 'README.md') out.push(`${prefix}${name}`);
	}
	return out.sort();
}

async function served(ctx: CaseContext, id: BaseId): Promise<Edmx> {
	const r = await ctx.client(id).get('$metadata');
	expect({ status: r.status, type: r.headers['content-type'] }).toEqual({ status: 200, type: 'application/xml;charset=utf-8' });
	return parseEdmx(r.text);
}

/** The objects the DR Atom captures read: ours must hold every DR property of them. */
const DR_CAPTURED = [
	'Catalog_БанковскиеСчетаОрганизаций',
	'Catalog_Организации_КонтактнаяИнформация',
	'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
	'AccumulationRegister_ПартииТоваровПереданныеНаКомиссию',
	'AccumulationRegister_ПартииТоваровПереданныеНаКомиссию_RecordType',
	'AccumulationRegister_ТоварыКОтгрузке_RecordType',
	'AccumulationRegister_ДенежныеСредстваБезналичные_RecordType',
	'AccountingRegister_Хозрасчетный',
	'AccountingRegister_Хозрасчетный_RecordType',
];

const NEWER_PLATFORM = ['Predefined', 'PredefinedDataName'];

const METADATA_CASES: OneCCase[] = [
	{
		fixture: 'datareducer-erp2-demo-atom/metadata.xml',
		title: 'GET ut11 $metadata vs the ERP-demo metadata.xml: shared types are subsets in the same order, Edm types, Nullable, keys; captured objects complete',
		async run(ctx) {
			const ours = await served(ctx, 'ut11');
			const dr = await parseEdmx(fixtureText('datareducer-erp2-demo-atom/metadata.xml'));
			let shared = 0;
			for (const kind of ['entityTypes', 'complexTypes'] as const) {
				for (const [n, theirs] of dr[kind]) {
					const mine = ours[kind].get(n);
					if (!mine) continue;
					shared++;
					// names ⊆ DR's, except the standard Predefined/PredefinedDataName the 2016 platform did not
					// publish on these catalogs (its Atom entries lack them too; the real УТ 11 excerpt has them)
					const theirNames = new Set(theirs.props.map((p) => p.name));
					expect({ n, extra: mine.props.filter((p) => !theirNames.has(p.name) && !NEWER_PLATFORM.includes(p.name)).map((p) => p.name) }).toEqual({ n, extra: [] });
					expectCompatible(n, mine, theirs, { subset: false, open: false, superset: DR_CAPTURED.includes(n) || kind === 'complexTypes' });
				}
			}
			for (const n of DR_CAPTURED) expect({ n, ok: ours.entityTypes.has(n) }).toEqual({ n, ok: true });
			expect(shared).toBeGreaterThanOrEqual(15);
			return [];
		},
	},
	{
		fixture: 'ut11-metadata-excerpt/ut11-real.excerpt.edmx',
		title: 'GET ut11 $metadata vs the real УТ 11 excerpt: shared types are subsets in the same order, Edm types, Nullable, keys, OpenType, navigations',
		async run(ctx) {
			const ours = await served(ctx, 'ut11');
			const utx = await parseEdmx(fixtureText('ut11-metadata-excerpt/ut11-real.excerpt.edmx'));
			expect({ root: ours.root, ds: ours.ds, schema: ours.schema, container: ours.container }).toEqual({ root: utx.root, ds: utx.ds, schema: utx.schema, container: utx.container });
			let shared = 0;
			for (const kind of ['entityTypes', 'complexTypes'] as const) {
				for (const [n, theirs] of utx[kind]) {
					const mine = ours[kind].get(n);
					if (!mine) continue;
					shared++;
					expectCompatible(n, mine, theirs, { subset: true, open: true });
					if (kind === 'entityTypes') expectSameNavigations(n, mine, theirs, ours, utx);
				}
			}
			expect(shared).toBeGreaterThanOrEqual(25);
			return [];
		},
	},
];

export const CASES: OneCCase[] = [...JSON_CASES, ...ATOM_CASES, ...METADATA_CASES];

/**
 * `npm run bench:1c-metadata` — `parseMetadata` on a real-sized `$metadata` (~15 MB, thousands of
 * EntityTypes, research §7: 14–17 MB on УТ 11 / БП 3.0). The document is the sandbox's EDMX of
 * bp30/unf/ut11, replicated with renamed copies (`Catalog_К12Валюты`, …) until the size is reached.
 * Prints size, parse time, heap delta, peak RSS, the compact model's JSON size and the size of the
 * service document (what the entity-set picker downloads instead).
 * Run with `--expose-gc` (the npm script does) for a meaningful heap delta.
 */
import { CONFIGURATIONS } from '../sandbox/onec/config';
import { writeEdmx } from '../sandbox/onec/edmx';
import { buildSchema } from '../sandbox/onec/model/schema';
import { parseMetadata } from '../nodes/OneC/metadata/parse';
import { OBJECT_KINDS } from '../nodes/OneC/metadata/types';

const TARGET = Number(process.env.BENCH_EDMX_MB ?? 15) * 1024 * 1024;
const SECTIONS = {
	entityTypes: /^ {6}<EntityType [\s\S]*?^ {6}<\/EntityType>\n/gm,
	complexTypes: /^ {6}<ComplexType [\s\S]*?^ {6}<\/ComplexType>\n/gm,
	enumTypes: /^ {6}<EnumType [^>]*\/>\n|^ {6}<EnumType [\s\S]*?^ {6}<\/EnumType>\n/gm,
	associations: /^ {6}<Association [\s\S]*?^ {6}<\/Association>\n/gm,
	entitySets: /^ {8}<EntitySet [^\n]*\n/gm,
	functions: /^ {8}<FunctionImport [\s\S]*?^ {8}<\/FunctionImport>\n/gm,
};
type Parts = Record<keyof typeof SECTIONS, string[]>;

function split(xml: string): Parts {
	const out = {} as Parts;
	for (const [k, re] of Object.entries(SECTIONS)) out[k as keyof Parts] = xml.match(re) ?? [];
	return out;
}

const PREFIX = new RegExp(`\\b(${OBJECT_KINDS.join('|')})_`, 'g');
/** Copy `i`: every object name gets a `К<i>` prefix after its kind; enum names a `<i>` suffix. */
function renamed(chunk: string, i: number, enumNames: string[]): string {
	let s = chunk.replace(PREFIX, `$1_К${i}`);
	for (const e of enumNames) s = s.split(`EnumType Name="${e}"`).join(`EnumType Name="${e}${i}"`);
	return s;
}

function buildBigEdmx(): { xml: string; sets: string[]; entityTypes: number } {
	const sources = Object.values(CONFIGURATIONS).map((c) => writeEdmx(buildSchema(c)));
	const head = sources[0].slice(0, sources[0].indexOf('      <EntityType '));
	const parts = sources.map(split);
	const enumNames = parts.map((p) => p.enumTypes.map((e) => /Name="([^"]+)"/.exec(e)?.[1] ?? ''));
	const acc: Parts = { entityTypes: [], complexTypes: [], enumTypes: [], associations: [], entitySets: [], functions: [] };
	let size = head.length;
	for (let i = 0; size < TARGET; i++) {
		for (let c = 0; c < parts.length && size < TARGET; c++) {
			for (const k of Object.keys(acc) as Array<keyof Parts>) {
				for (const chunk of parts[c][k]) {
					const r = renamed(chunk, i * parts.length + c, enumNames[c]);
					acc[k].push(r);
					size += Buffer.byteLength(r);
				}
			}
		}
	}
	let xml = head + acc.entityTypes.join('') + acc.complexTypes.join('') + acc.enumTypes.join('') + acc.associations.join('');
	xml += '      <EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">\n';
	xml += acc.entitySets.join('') + acc.functions.join('');
	xml += '      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n';
	const sets = acc.entitySets.map((l) => /Name="([^"]+)"/.exec(l)?.[1] ?? '');
	if (new Set(sets).size !== sets.length) throw new Error('renamed copies collide: duplicate entity-set names');
	return { xml, sets, entityTypes: acc.entityTypes.length };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
	const { xml, sets, entityTypes } = buildBigEdmx();
	const bytes = Buffer.byteLength(xml);
	console.log(`# 1C $metadata parse bench: ${bytes.toLocaleString('en-US')} bytes (${mb(bytes)}), ${entityTypes} EntityTypes, ${sets.length} EntitySets`);
	gc();
	const heap0 = process.memoryUsage().heapUsed;
	const rss0 = process.resourceUsage().maxRSS * 1024;
	const t = process.hrtime.bigint();
	const meta = await parseMetadata(xml);
	const ms = Number(process.hrtime.bigint() - t) / 1e6;
	const peakRss = process.resourceUsage().maxRSS * 1024;
	gc();
	const heap1 = process.memoryUsage().heapUsed;
	console.log(`parseMetadata: ${ms.toFixed(0)} ms; ${meta.sets.length} sets, ${Object.keys(meta.enums).length} enums, ${meta.sets.reduce((n, s) => n + s.functions.length, 0)} functions`);
	console.log(`heap retained after parse (model only, after gc): ${mb(heap1 - heap0)}${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: not collected)'}`);
	console.log(`peak RSS: ${mb(peakRss)} (before parse ${mb(rss0)}, +${mb(peakRss - rss0)})`);
	console.log(`compact model JSON: ${Buffer.byteLength(JSON.stringify(meta)).toLocaleString('en-US')} bytes (${mb(Buffer.byteLength(JSON.stringify(meta)))})`);
	const serviceDoc = JSON.stringify({ 'odata.metadata': 'http://host/base/odata/standard.odata/$metadata', value: sets.map((name) => ({ name, url: name })) });
	console.log(`service document (?$format=json, entity-set picker): ${Buffer.byteLength(serviceDoc).toLocaleString('en-US')} bytes (${mb(Buffer.byteLength(serviceDoc))})`);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});

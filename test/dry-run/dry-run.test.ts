/**
 * Issue 10 «Dry run»: every template, in file order, first with Settings → dryRun on, then for
 * real, on one seeded sandbox pair. The dry run must write nothing (the sandboxes' data and their
 * write counters unchanged), and its plan must be what the real run then does, object for object:
 *  - Bitrix24: per table, the rows the real run added = the planned creates; the existing rows it
 *    changed = the planned updates/links with a non-empty diff (same ids), and the fields that
 *    changed = the fields of the diff;
 *  - 1C: per entity set, the objects added = the planned creates; the existing objects changed =
 *    the planned updates (non-empty diff), posts and unposts (same keys);
 *  - the errors (object and cause) on «Error journal» are the same.
 * A table the real run changed that no planned write explains fails the test, except the side
 * effects listed in SIDE_EFFECTS (each says why).
 */
import { TIME_FIELD, rawSnapshot, type Snapshot } from '../faults/normalise';
import { startPair, TEMPLATE_FILES, type Pair } from '../faults/env';
import { template } from '../helpers/templates';
import type { WorkflowJson, WorkflowRunResult } from '../helpers/workflow';
import { isDryGuid, isDryId, type PlanEntry } from '../../lib/dry-run';

type Row = Record<string, unknown>;

/** Bitrix24 tables a planned write changes besides its own row. */
const SIDE_EFFECTS: Record<string, string> = {
	im_notify: 'the error journal workflow (07) notifies about a real run’s errors; a dry run records none',
	_seq: 'the portal’s id counters',
	disk_object: 'the PDF of a planned timeline comment or feed post, stored on Disk',
	disk_attached: 'the attachment of that PDF',
	disk_storage: 'the Disk storage made for the first file',
	blog: 'the blog a first feed post opens',
};
/** Bitrix24 method family → sandbox table, where not `crm.x` → `x` / `a.b` → `a_b`. */
const TABLE: Record<string, string> = { 'bizproc.robot': '_bizproc_robot', 'crm.automation.trigger': '_crm_app_trigger', 'crm.company.userfield': 'userfield', 'crm.contact.userfield': 'userfield', 'crm.requisite.bankdetail': 'bankdetail', 'log.blogpost': 'blog_post', 'catalog.product': 'catalog_product' };
const tableOf = (family: string) => TABLE[family] ?? family.replace(/^crm\./, '').replace(/\./g, '_');

let pair: Pair;
beforeAll(async () => {
	pair = await startPair({ companies: 60, faults: false });
});
afterAll(async () => pair?.close());

function dryTemplate(file: string): WorkflowJson {
	const t = template(file);
	const settings = t.nodes.find((n) => n.name === 'Settings')!;
	const a = (settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	a.find((x) => x.name === 'dryRun')!.value = true;
	return t;
}

/** Every plan entry of a run, once (an item passed on carries its plan along). */
function planOf(run: WorkflowRunResult): PlanEntry[] {
	const seen = new Map<string, PlanEntry>();
	for (const outs of Object.values(run.runData)) for (const out of outs) for (const it of out ?? []) for (const e of (it.json.dryRunPlan as unknown as PlanEntry[] | undefined) ?? []) seen.set(JSON.stringify(e), e);
	return [...seen.values()];
}

/** fields the system sets itself on a write (who, when, derived flags): not part of a plan */
const SYSTEM_FIELD = /^(MODIFY_BY_ID|MODIFY_BY|UPDATED_BY|updatedBy|movedBy|MOVED_BY_ID|HAS_PHONE|HAS_EMAIL|HAS_IMOL)$/;
const strip = (r: Row): Row => Object.fromEntries(Object.entries(r).filter(([k]) => !TIME_FIELD.test(k) && !SYSTEM_FIELD.test(k)));
function changesOf(before: Record<string, Row[]>, after: Record<string, Row[]>, key: (r: Row) => string | undefined) {
	const out: Record<string, { added: number; changed: Map<string, string[]>; removed: number }> = {};
	for (const t of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const keyed = (rows: Row[]) => new Map(rows.filter((r) => key(r) !== undefined).map((r) => [key(r)!, strip(r)]));
		const A = keyed(before[t] ?? []);
		const B = keyed(after[t] ?? []);
		const c = { added: 0, changed: new Map<string, string[]>(), removed: 0 };
		for (const [k, row] of B) {
			const was = A.get(k);
			if (!was) c.added++;
			else {
				const fields = [...new Set([...Object.keys(was), ...Object.keys(row)])].filter((f) => JSON.stringify(was[f]) !== JSON.stringify(row[f]));
				if (fields.length) c.changed.set(k, fields);
			}
		}
		for (const k of A.keys()) if (!B.has(k)) c.removed++;
		if (c.added || c.changed.size || c.removed) out[t] = c;
	}
	return out;
}
const b24Key = (r: Row) => String(r.ID ?? r.id ?? r.rowId ?? JSON.stringify(r));
const onecKey = (r: Row) => (typeof r.Ref_Key === 'string' ? r.Ref_Key.toLowerCase() : undefined);
const writes = (p: Pair) => Object.entries(p.b24.portal.counters.byCommand).filter(([m]) => !/(^|\.)(get\w*|list\w*|fields|search\w*|find\w*|count|current|info|types|profile|methods|scope|time|access|version|batch)$/i.test(m));
const errorsOf = (r: WorkflowRunResult) => r.itemsOut('Error journal').map((x) => `${String(x.json.object)} — ${String(x.json.cause)}`).sort();

describe.each(TEMPLATE_FILES.filter((f) => !f.startsWith('07-')).map((f) => [f]))('%s', (file) => {
	it('a dry run writes nothing, and its plan is what the real run then does', async () => {
		const s0: Snapshot = rawSnapshot(pair);
		const writes0 = JSON.stringify(writes(pair));
		const dry = await pair.run(dryTemplate(file));
		expect({ status: dry.status, error: dry.error?.message }).toEqual({ status: 'success', error: undefined });
		const after = rawSnapshot(pair);
		// (a read may make an empty table appear: the sandbox creates its tables on first use)
		const same = (x?: Row[], y?: Row[]) => JSON.stringify(x ?? []) === JSON.stringify(y ?? []);
		const touched = (a: Snapshot, b: Snapshot) => [...Object.keys(b.b24).filter((t) => !same(a.b24[t], b.b24[t])), ...Object.keys(b.onec).filter((t) => !same(a.onec[t], b.onec[t]))];
		expect({ file, touched: touched(s0, after) }).toEqual({ file, touched: [] });
		expect(JSON.stringify(writes(pair))).toEqual(writes0);
		const plan = planOf(dry);

		const real = await pair.run(file);
		expect({ status: real.status, error: real.error?.message }).toEqual({ status: 'success', error: undefined });
		const s1 = rawSnapshot(pair);
		expect(errorsOf(dry)).toEqual(errorsOf(real));

		// Bitrix24, table by table
		const b24 = changesOf(s0.b24, s1.b24, b24Key);
		const planned = plan.filter((e) => e.system === 'bitrix24');
		const b24Tables = new Set([...Object.keys(b24).filter((t) => !(t in SIDE_EFFECTS)), ...planned.filter((e) => e.action !== 'unchanged').map((e) => tableOf(e.object))]);
		for (const t of b24Tables) {
			const mine = planned.filter((e) => tableOf(e.object) === t);
			const creates = mine.filter((e) => e.action === 'create').length;
			const diffed = (e: PlanEntry) => Object.keys(e.diff ?? {}).filter((f) => !TIME_FIELD.test(f));
			const updates = new Map(mine.filter((e) => (e.action === 'update' || e.action === 'link') && diffed(e).length && !isDryId(e.id)).map((e) => [String(e.id), diffed(e)]));
			const got = b24[t] ?? { added: 0, changed: new Map<string, string[]>(), removed: 0 };
			expect({ file, t, added: got.added, removed: got.removed }).toEqual({ file, t, added: creates, removed: mine.filter((e) => e.action === 'delete').length });
			expect({ file, t, changed: [...got.changed.keys()].sort() }).toEqual({ file, t, changed: [...updates.keys()].sort() });
			for (const [id, fields] of got.changed) expect({ file, t, id, fields: fields.map((f) => f.toLowerCase()).sort() }).toEqual({ file, t, id, fields: updates.get(id)!.map((f) => f.toLowerCase()).sort() });
		}

		// 1C, entity set by entity set (objects with a key; register records follow their documents' posting)
		const onec = changesOf(s0.onec, s1.onec, onecKey);
		const plan1c = plan.filter((e) => e.system === '1c');
		const sets = new Set([...Object.keys(onec).filter((k) => !/AccumulationRegister_|AccountingRegister_|InformationRegister_/.test(k)), ...plan1c.filter((e) => e.action !== 'unchanged').map((e) => e.object)].map((k) => k.replace(/^[^/]+\//, '')));
		for (const set of sets) {
			const got = Object.entries(onec).filter(([k]) => k.endsWith(`/${set}`)).map(([, c]) => c);
			const added = got.reduce((n, c) => n + c.added, 0);
			const changed = got.flatMap((c) => [...c.changed.keys()]).sort();
			const mine = plan1c.filter((e) => e.object === set);
			expect({ file, set, added }).toEqual({ file, set, added: mine.filter((e) => e.action === 'create').length });
			const touched = mine.filter((e) => !isDryGuid(e.id) && ((e.action === 'update' && Object.keys(e.diff ?? {}).length) || e.action === 'post' || e.action === 'unpost' || e.action === 'delete'));
			expect({ file, set, changed }).toEqual({ file, set, changed: [...new Set(touched.map((e) => String(e.id).toLowerCase()))].sort() });
		}
	}, 300_000);
});

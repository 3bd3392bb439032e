/**
 * What every template of workflows-templates/ must be, as a user imports it (issue 9): our nodes
 * package-qualified and n8n's own `n8n-nodes-base.*`; credentials by reference to the demo ids only
 * (no secrets in the file); a «Run now» Manual Trigger and a production trigger; sticky notes in
 * Russian and English; no Code node carrying logic; unique node ids and names; connections that
 * name existing nodes; every sync's failures reach the error journal workflow (its Error workflow
 * setting, and its «Error journal» → «Record in the journal» → that workflow); every sync exposes
 * a dry run (a «Settings» switch that every writing node of ours follows, n8n-side writes gated).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
	id: string;
	name: string;
	type: string;
	disabled?: boolean;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Template {
	id: string;
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings?: Record<string, unknown>;
}

const DIR = join(__dirname, '../../workflows-templates');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Template;
const JOURNAL = 'tplErrorNotify';
const CREDENTIAL_IDS: Record<string, string[]> = { bitrix24WebhookApi: ['b24Demo'], bitrix24OAuth2Api: ['b24DemoApp'], oneCODataApi: ['onecBp30', 'onecUnf', 'onecUt11'] };
const PRODUCTION_TRIGGERS = /scheduleTrigger|errorTrigger|bitrix24Trigger|oneCTrigger|executeWorkflowTrigger|webhook$/;

it('the folder holds the templates the README lists', () => {
	expect(FILES.length).toBeGreaterThanOrEqual(10);
	const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
	for (const f of FILES) expect(readme).toContain(f);
});

describe.each(FILES)('%s', (file) => {
	const t = load(file);
	const byName = new Map(t.nodes.map((n) => [n.name, n]));

	it('has a short unique id, a name, unique node ids and names, and connections between existing nodes', () => {
		expect(t.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
		expect(t.name.length).toBeGreaterThan(5);
		expect(new Set(t.nodes.map((n) => n.id)).size).toBe(t.nodes.length);
		expect(byName.size).toBe(t.nodes.length);
		for (const [from, c] of Object.entries(t.connections)) {
			expect(byName.has(from)).toBe(true);
			for (const out of c.main) for (const to of out ?? []) expect(byName.has(to.node)).toBe(true);
		}
	});

	it('uses our nodes package-qualified, n8n nodes as n8n-nodes-base, no Code node', () => {
		for (const n of t.nodes) {
			expect(n.type).toMatch(/^(n8n-nodes-1c-bitrix24|n8n-nodes-base)\.[A-Za-z0-9]+$/);
			expect(n.type).not.toMatch(/\.(code|function|functionItem)$/);
		}
	});

	it('names credentials by reference only, to the demo credentials', () => {
		for (const n of t.nodes) {
			for (const [type, ref] of Object.entries(n.credentials ?? {})) {
				expect(CREDENTIAL_IDS[type]).toContain(ref.id);
				expect(Object.keys(ref).sort()).toEqual(['id', 'name']);
			}
		}
		expect(JSON.stringify(t)).not.toMatch(/password|"token"|access_token|\/rest\/\d+\/[a-z0-9]{8,}/i);
	});

	it('starts from «Run now» and from a production trigger', () => {
		expect(t.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled)).toBe(true);
		expect(t.nodes.some((n) => PRODUCTION_TRIGGERS.test(n.type))).toBe(true);
	});

	it('explains itself in sticky notes, in Russian and in English', () => {
		const notes = t.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.length).toBeGreaterThanOrEqual(2);
		const text = notes.join('\n');
		expect(text).toMatch(/\*\*RU\.\*\*|RU\b/);
		expect(text).toMatch(/[А-Яа-яЁё]{4,}/);
		expect(text).toMatch(/\*\*EN\.\*\*|EN\b/);
	});

	if (t.id !== JOURNAL) {
		it('sends its failures to the error journal workflow', () => {
			expect(t.settings?.errorWorkflow).toBe(JOURNAL);
			const journal = byName.get('Error journal');
			expect(journal).toBeDefined();
			const fields = ((journal!.parameters.assignments as { assignments: Array<{ name: string }> }).assignments ?? []).map((a) => a.name);
			expect(fields).toEqual(expect.arrayContaining(['workflow', 'object', 'cause']));
			// through the dry-run gate: a dry run shows its errors on «Error journal» and records none
			expect(t.connections['Error journal'].main[0].map((x) => x.node)).toEqual(['Not a dry run? (journal)']);
			expect(t.connections['Not a dry run? (journal)'].main[0].map((x) => x.node)).toEqual(['Record in the journal']);
			const record = byName.get('Record in the journal')!;
			expect(record.type).toBe('n8n-nodes-base.executeWorkflow');
			expect(record.parameters).toMatchObject({ source: 'database', workflowId: { value: JOURNAL }, mode: 'once' });
			// something feeds the journal
			expect(Object.values(t.connections).some((c) => c.main.some((out) => (out ?? []).some((x) => x.node === 'Error journal')))).toBe(true);
		});
	}

	if (t.id !== JOURNAL) {
		it('has a dry-run switch in Settings that every writing node follows', () => {
			const settings = byName.get('Settings');
			expect(settings).toBeDefined();
			const a = (settings!.parameters.assignments as { assignments: Array<{ name: string; value: unknown; type: string }> }).assignments;
			expect(a).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dryRun', value: false, type: 'boolean' })]));
			const reads = new Set(['get', 'getAll', 'getProductRows', 'findByComm', 'getFields', 'getCurrent', 'export']);
			const ours = t.nodes.filter((n) => n.type.startsWith('n8n-nodes-1c-bitrix24.'));
			const writing = ours.filter((n) => {
				const kind = n.type.split('.')[1];
				const op = String(n.parameters.operation ?? '');
				if (kind === 'oneCBitrix24Match') return true;
				if (kind === 'oneCBitrix24Links') return ['set', 'remove', 'import'].includes(op);
				return (kind === 'bitrix24' || kind === 'oneC') && !reads.has(op);
			});
			expect(writing.length).toBeGreaterThan(0);
			for (const n of writing) expect([n.name, n.parameters.dryRun]).toEqual([n.name, expect.stringContaining("$('Settings')")]);
			// the n8n-side writes (data table rows) sit behind a «Not a dry run?» gate
			for (const n of t.nodes.filter((x) => x.type === 'n8n-nodes-base.dataTable' && ['insert', 'upsert', 'update', 'deleteRows'].includes(String(x.parameters.operation)))) {
				const feeders = Object.entries(t.connections).filter(([, c]) => c.main.some((out) => (out ?? []).some((x) => x.node === n.name)));
				expect(feeders.map(([name]) => name)).toEqual([`Not a dry run? (${n.name})`]);
			}
		});
	}
});

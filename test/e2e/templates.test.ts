/**
 * Every template workflow of workflows-templates/ (or `$TEMPLATES_DIR`) runs in a real headless
 * n8n (`n8n start`, runs started through its REST API as the editor does, the built package installed as a community package) against the
 * sandboxes, in file-name order on the same data (as the demo: the invoice sync needs the companies
 * the client sync linked), ends with status success and passes the checks
 * registered for it in scripts/demo-checks.ts. Needs `npm run build` first (CI builds before
 * testing). With no templates the suite reports a skipped test instead of passing silently.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SIZES, runChecks, startDemoEnv, summaryLine, type DemoEnv } from '../../scripts/demo-env';
import { listTemplates, templatesDir } from '../../scripts/n8n-home';

const templates = listTemplates();

describe(`template workflows on real n8n (${templatesDir()})`, () => {
	if (!templates.length) {
		it.skip('no template workflows yet — nothing to run', () => {});
		return;
	}

	let env: DemoEnv;
	beforeAll(async () => {
		env = await startDemoEnv(mkdtempSync(join(process.env.TEST_RUN_TMP ?? tmpdir(), 'n8n-templates-')), DEMO_SIZES);
	}, 180_000);
	afterAll(async () => env?.close());

	it.each(templates.map((t) => [t.file, t] as const))('%s runs with status success and passes its checks', async (_file, t) => {
		await env.resetCounters();
		const run = await env.server.run(t);
		const summary = summaryLine(t, run, await env.counters());
		expect({ summary, status: run.status, error: run.error }).toEqual({ summary, status: 'success', error: undefined });
		expect(await runChecks(env, t, run)).toEqual([]);
	}, 240_000);
});

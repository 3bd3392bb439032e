/**
 * `npm run demo` (builds first): runs every template workflow of workflows-templates/ (or
 * `$TEMPLATES_DIR`) in file-name order in a real n8n (`n8n start`, each run from its «Run now» as the editor starts it) against the
 * embedded Bitrix24 and 1C sandboxes, prints one summary per template (status, time, items out
 * of each node, requests to each sandbox) and runs the template's checks (scripts/demo-checks.ts).
 * n8n's user folder is `.demo/` in the project, wiped at start. Exits non-zero when a template
 * fails, a check fails, or there are no templates.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SIZES, runAndCheck, startDemoEnv } from './demo-env';
import { listTemplates, ROOT, templatesDir } from './n8n-home';

async function main(): Promise<number> {
	const dir = templatesDir();
	const templates = listTemplates(dir);
	if (!templates.length) {
		console.error(`✘ No template workflows in ${dir} — nothing to demo. Add n8n workflow exports (*.json) there, or point TEMPLATES_DIR at a folder of them.`);
		return 1;
	}
	const home = join(ROOT, '.demo');
	rmSync(home, { recursive: true, force: true });
	console.log(`Templates: ${templates.length} in ${dir}`);
	console.log(`Sandboxes: seed ${DEMO_SIZES.seed}, ${DEMO_SIZES.companies} companies/counterparties; n8n user folder ${home}`);
	const t0 = Date.now();
	const env = await startDemoEnv(home, DEMO_SIZES, dir);
	console.log(`Bitrix24 sandbox ${env.b24.baseUrl}, 1C sandbox ${env.onec.baseUrl}; n8n prepared in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
	let failed = 0;
	try {
		for (const t of templates) if (!(await runAndCheck(env, t))) failed++;
	} finally {
		await env.close();
	}
	const total = ((Date.now() - t0) / 1000).toFixed(1);
	console.log(failed ? `\n✘ ${failed} of ${templates.length} templates failed (${total}s)` : `\n✔ all ${templates.length} templates ran and passed their checks (${total}s)`);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e: Error) => {
		console.error(`✘ ${e.stack ?? e.message}`);
		process.exit(1);
	},
);

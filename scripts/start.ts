/**
 * `npm start` (builds first): the demo's set-up left running for a person to explore — both
 * sandboxes seeded, a real n8n with the package installed, the credentials imported (pointing at
 * the sandboxes), every template imported — and the n8n editor on http://localhost:5678 (or
 * `N8N_PORT`); sign in as the demo owner it prints. Ctrl+C stops n8n and the sandboxes. The
 * user folder is `.demo-editor/` in the project, wiped at start.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SIZES, startDemoEnv } from './demo-env';
import { ROOT } from './n8n-home';
import { DEMO_OWNER } from './n8n-server';

async function main(): Promise<void> {
	const dir = join(ROOT, '.demo-editor');
	rmSync(dir, { recursive: true, force: true });
	const port = Number(process.env.N8N_PORT ?? 5678);
	const env = await startDemoEnv(dir, DEMO_SIZES, undefined, { port, env: { N8N_LISTEN_ADDRESS: '0.0.0.0' } });
	console.log(`Bitrix24 sandbox ${env.b24.baseUrl} (webhook ${env.b24.webhookUrl.replace(/\/rest\/(\d+)\/[^/]+\//, '/rest/$1/***/')}), 1C sandbox ${env.onec.baseUrl}`);
	console.log(`${env.home.templates.length} templates and the demo credentials imported.`);
	console.log(`n8n editor: http://localhost:${port} — sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}. Ctrl+C stops everything.`);
	const stop = async () => {
		await env.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

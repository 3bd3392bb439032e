/**
 * `npm start` (builds first): the demo's set-up left running for a person to explore — both
 * sandboxes seeded, a real n8n with the package installed, the credentials imported (pointing at
 * the sandboxes) and every template imported — and the n8n editor on http://localhost:5678 (or
 * `N8N_PORT`). n8n asks for an owner account on the first visit. Ctrl+C stops n8n and the
 * sandboxes. The user folder is `.demo-editor/` in the project, wiped at start.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SIZES, startDemoEnv } from './demo-env';
import { N8N_BIN, ROOT } from './n8n-home';

async function main(): Promise<void> {
	const dir = join(ROOT, '.demo-editor');
	rmSync(dir, { recursive: true, force: true });
	const env = await startDemoEnv(dir, DEMO_SIZES);
	const port = process.env.N8N_PORT ?? '5678';
	console.log(`Bitrix24 sandbox ${env.b24.baseUrl} (webhook ${env.b24.webhookUrl.replace(/\/rest\/(\d+)\/[^/]+\//, '/rest/$1/***/')}), 1C sandbox ${env.onec.baseUrl}`);
	console.log(`${env.home.templates.length} templates and the demo credentials imported; starting the n8n editor on http://localhost:${port} …`);
	const n8n = spawn(N8N_BIN, ['start'], { env: { ...env.home.env, N8N_PORT: port, N8N_LOG_LEVEL: 'info' }, cwd: env.home.userFolder, stdio: 'inherit' });
	const stop = async () => {
		n8n.kill('SIGTERM');
		await env.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	n8n.on('exit', async (code) => {
		await env.close();
		process.exit(code ?? 0);
	});
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});

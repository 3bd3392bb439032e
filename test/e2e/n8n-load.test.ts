/**
 * The built package loads in a real n8n 2.8.x: installed as a community package
 * (`<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<package>`), `n8n export:nodes` lists our types.
 * Needs `npm run build` first (CI builds before testing).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[]; credentials: string[] } };

describe('real n8n loads the package', () => {
	it('n8n export:nodes lists every node of package.json', async () => {
		expect(existsSync(join(ROOT, PKG.n8n.nodes[0]))).toBe(true); // built
		const home = mkdtempSync(join(process.env.TEST_RUN_TMP ?? tmpdir(), 'n8n-load-'));
		const nodesDir = join(home, '.n8n', 'nodes', 'node_modules');
		mkdirSync(nodesDir, { recursive: true });
		symlinkSync(ROOT, join(nodesDir, PKG.name), 'dir');
		const out = join(home, 'nodes.json');
		const env: NodeJS.ProcessEnv = { ...process.env };
		delete env.NODE_ENV; // jest sets NODE_ENV=test, under which the n8n CLI does not run its commands
		delete env.JEST_WORKER_ID;
		const res = await run(join(ROOT, 'node_modules', '.bin', 'n8n'), ['export:nodes', `--output=${out}`], {
			env: { ...env, N8N_USER_FOLDER: home, N8N_ENCRYPTION_KEY: 'load-test-key', N8N_DIAGNOSTICS_ENABLED: 'false', N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', N8N_LOG_LEVEL: 'warn', N8N_RUNNERS_ENABLED: 'false', DB_SQLITE_POOL_SIZE: '1' },
			timeout: 180_000,
			maxBuffer: 64 * 1024 * 1024,
		});
		if (!existsSync(out)) throw new Error(`n8n export:nodes wrote nothing:\n${res.stdout}\n${res.stderr}`.slice(0, 4000));
		const types = (JSON.parse(readFileSync(out, 'utf8')) as Array<{ name: string }>).map((n) => n.name);
		const ours = PKG.n8n.nodes.map((p) => `${PKG.name}.${p.split('/').pop()!.replace('.node.js', '').replace(/^./, (c) => c.toLowerCase())}`);
		for (const t of ours) expect(types).toContain(t);
	}, 240_000);
});

/**
 * The pieces `npm run demo` and test/e2e/templates.test.ts share: both sandboxes on free
 * loopback ports (seeded), an n8n user folder prepared for them, per-template request
 * counters, the registered checks and a one-line summary of a template run.
 */
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox, type Publication } from '../sandbox/onec/server';
import { CHECKS } from './demo-checks';
import { prepareN8n, type N8nHome, type SandboxApp, type TemplateFile, type TemplateRun } from './n8n-home';
import { DEFAULT_APP } from '../sandbox/bitrix24/portal';
import { startN8nServer, type N8nServer, type ServerOptions } from './n8n-server';

export interface DemoSizes {
	seed: number;
	/** counterparties in each 1C base and companies on the portal */
	companies: number;
}

/** Small enough for the whole demo to stay well under 3 minutes (override: DEMO_COMPANIES). */
export const DEMO_SIZES: DemoSizes = { seed: 1, companies: Number(process.env.DEMO_COMPANIES ?? 200) };

export interface RequestCounts {
	b24: number;
	onec: number;
}

export interface DemoEnv {
	b24: Bitrix24Sandbox;
	onec: OneCSandbox;
	home: N8nHome;
	/** n8n running on `home`, the owner signed in */
	server: N8nServer;
	publication(id: 'bp30' | 'unf' | 'ut11'): Publication;
	resetCounters(): Promise<void>;
	counters(): Promise<RequestCounts>;
	close(): Promise<void>;
}

async function admin(baseUrl: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`sandbox admin ${path}: HTTP ${res.status}`);
	return (await res.json()) as Record<string, unknown>;
}

/** The sandbox portal's local application with a fresh token pair. */
export async function sandboxApp(baseUrl: string): Promise<SandboxApp> {
	const t = (await admin(baseUrl, 'oauth/issue', {})) as { access_token: string; refresh_token: string };
	return { baseUrl, ...DEFAULT_APP, accessToken: t.access_token, refreshToken: t.refresh_token };
}

/**
 * Start both sandboxes, prepare n8n in `dir` (credentials + the templates imported) and start it.
 * `homeEnv`: environment for every n8n command of the folder (queue mode's PostgreSQL settings).
 */
export async function startDemoEnv(dir: string, sizes: DemoSizes = DEMO_SIZES, templatesDir?: string, serverOptions: ServerOptions & { homeEnv?: NodeJS.ProcessEnv } = {}): Promise<DemoEnv> {
	const [b24, onec] = await Promise.all([startBitrix24Sandbox({ port: 0, ...sizes }), startOneCSandbox({ port: 0, ...sizes })]);
	const publication = (id: 'bp30' | 'unf' | 'ut11') => onec.publications.find((p) => p.id === id)!;
	try {
		const b24App = await sandboxApp(b24.baseUrl);
		const home = await prepareN8n({ dir, templatesDir, env: serverOptions.homeEnv, b24WebhookUrl: b24.webhookUrl, b24App, onec: { bp30: publication('bp30'), unf: publication('unf'), ut11: publication('ut11') } });
		const server = await startN8nServer(home, serverOptions);
		return {
			b24,
			onec,
			home,
			server,
			publication,
			resetCounters: async () => {
				await Promise.all([admin(b24.baseUrl, 'counters/reset', {}), admin(onec.baseUrl, 'counters/reset', {})]);
			},
			counters: async () => {
				const [b, o] = await Promise.all([admin(b24.baseUrl, 'counters'), admin(onec.baseUrl, 'counters')]);
				return { b24: Number(b.requests ?? 0), onec: Number(o.requests ?? 0) };
			},
			close: async () => {
				await server.stop();
				await Promise.all([b24.close(), onec.close()]);
			},
		};
	} catch (e) {
		await Promise.all([b24.close(), onec.close()]);
		throw e;
	}
}

/** The registered checks of a template (none registered → no failures). */
export async function runChecks(env: DemoEnv, template: TemplateFile, run: TemplateRun): Promise<string[]> {
	const check = CHECKS[template.file];
	if (!check) return [];
	try {
		return await check({ b24BaseUrl: env.b24.baseUrl, b24WebhookUrl: env.b24.webhookUrl, onecBaseUrl: env.onec.baseUrl, run });
	} catch (e) {
		return [`check threw: ${(e as Error).message}`];
	}
}

/** `node: n` for every non-sticky node (`a/b` per output, `-` when it did not run). */
export function itemCounts(template: TemplateFile, run: TemplateRun): string {
	return template.json.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) => {
			const outs = run.runData[n.name];
			return `${n.name}: ${outs ? (outs.length ? outs.map((o) => o.length).join('/') : '0') : '-'}`;
		})
		.join(', ');
}

export function summaryLine(template: TemplateFile, run: TemplateRun, counts: RequestCounts): string {
	const mark = run.status === 'success' ? '✔' : '✘';
	const time = `${run.seconds.toFixed(1)}s${run.runSeconds !== undefined ? ` (run ${run.runSeconds.toFixed(1)}s)` : ''}`;
	return `${mark} ${template.file} [${template.id}] ${run.status} ${time} · requests: Bitrix24 ${counts.b24}, 1C ${counts.onec}\n    ${itemCounts(template, run)}`;
}

/**
 * One template of the demo: counters reset, the run, its summary (plus `note`, e.g. which worker
 * ran it), its error or its checks printed. Returns whether it passed.
 */
export async function runAndCheck(env: DemoEnv, t: TemplateFile, note?: () => string): Promise<boolean> {
	await env.resetCounters();
	const run = await env.server.run(t);
	const counts = await env.counters();
	console.log(summaryLine(t, run, counts) + (note ? `\n    ${note()}` : ''));
	if (run.status !== 'success') {
		console.log(`    error${run.error?.node ? ` in "${run.error.node}"` : ''}: ${run.error?.message ?? 'unknown'}${run.error?.description ? ` — ${run.error.description}` : ''}`);
		return false;
	}
	const failures = await runChecks(env, t, run);
	for (const f of failures) console.log(`    ✘ check: ${f}`);
	return failures.length === 0;
}

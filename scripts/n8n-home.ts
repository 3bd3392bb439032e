/**
 * Real headless n8n for the template workflows (research/n8n-conventions.md §5): an n8n user
 * folder with the built package "installed" as a community package (a symlink in
 * `.n8n/nodes/node_modules/`), the demo credentials imported under their fixed ids and every
 * template of `workflows-templates/` (or `$TEMPLATES_DIR`) imported. scripts/n8n-server.ts starts
 * n8n on it and runs the templates. Needs `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { ExecutionStatus, INodeExecutionData, IRun } from 'n8n-workflow';

export const ROOT = resolve(__dirname, '..');
export const PACKAGE = 'n8n-nodes-1c-bitrix24';
export const N8N_BIN = join(ROOT, 'node_modules', '.bin', 'n8n');
/** A fixed key: the demo's user folder can be inspected/reused with the same key. */
export const DEMO_ENCRYPTION_KEY = 'n8n-nodes-1c-bitrix24-demo-key';

/** The fixed credential ids/names the templates reference. */
export const CREDENTIALS = {
	b24: { id: 'b24Demo', name: 'Bitrix24 (demo portal)', type: 'bitrix24WebhookApi' },
	bp30: { id: 'onecBp30', name: '1C БП 3.0 (demo)', type: 'oneCODataApi' },
	unf: { id: 'onecUnf', name: '1C УНФ (demo)', type: 'oneCODataApi' },
	ut11: { id: 'onecUt11', name: '1C УТ 11 (demo)', type: 'oneCODataApi' },
	/** the portal's local application: robots and application triggers need an application context (issue 11) */
	b24App: { id: 'b24DemoApp', name: 'Bitrix24 application (demo portal)', type: 'bitrix24OAuth2Api' },
} as const;

/** The sandbox's local application and a token pair it issued (`POST /_admin/oauth/issue`). */
export interface SandboxApp {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	applicationToken: string;
	accessToken: string;
	refreshToken: string;
}

/** The data of a Bitrix24 OAuth2 credential for the sandbox's application (n8n refreshes the token on a 401). */
export function b24AppCredentialData(app: SandboxApp): Record<string, unknown> {
	return {
		portalUrl: app.baseUrl,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		accessTokenUrl: `${app.baseUrl}/oauth/token/`,
		authUrl: `${app.baseUrl}/oauth/authorize/`,
		grantType: 'authorizationCode',
		authentication: 'body',
		applicationToken: app.applicationToken,
		burst: 50,
		drainRate: 2,
		oauthTokenData: { access_token: app.accessToken, refresh_token: app.refreshToken, token_type: 'Bearer' },
	};
}

export interface OneCPublicationRef {
	url: string;
	user: string;
	password: string;
}

export interface PrepareOptions {
	/** a folder for the n8n user folder (created; n8n keeps its data in `<dir>/.n8n`) */
	dir: string;
	b24WebhookUrl: string;
	/** the sandbox's application for the OAuth2 credential (templates with robots and triggers) */
	b24App?: SandboxApp;
	onec: { bp30: OneCPublicationRef; unf: OneCPublicationRef; ut11: OneCPublicationRef };
	/** default: `$TEMPLATES_DIR` or `<project>/workflows-templates` */
	templatesDir?: string;
	/** extra environment for every n8n command of this folder (e.g. the PostgreSQL `DB_*` settings of queue mode) */
	env?: NodeJS.ProcessEnv;
}

export interface TemplateFile {
	/** the file name, e.g. `01-counterparties.json` */
	file: string;
	path: string;
	id: string;
	name: string;
	json: { id: string; name: string; nodes: Array<{ name: string; type: string }> };
}

export interface TemplateRun {
	status: ExecutionStatus | 'crashed';
	/** the workflow's error (`resultData.error`), or why no run came back */
	error?: { message: string; node?: string; description?: string };
	/** node name → output items per main output (first run of the node) */
	runData: Record<string, INodeExecutionData[][]>;
	/** the execution as n8n stored it (undefined if none came back) */
	run?: IRun;
	/** wall time from the start request to the end of the execution */
	seconds: number;
	/** the execution itself: stoppedAt − startedAt */
	runSeconds?: number;
}

export interface N8nHome {
	userFolder: string;
	env: NodeJS.ProcessEnv;
	templates: TemplateFile[];
	/** run any n8n CLI command in this user folder */
	n8n(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
}

export function templatesDir(): string {
	return resolve(process.env.TEMPLATES_DIR ?? join(ROOT, 'workflows-templates'));
}

/** The template files of a folder in file-name order. */
export function listTemplates(dir = templatesDir()): TemplateFile[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const path = join(dir, file);
			const json = JSON.parse(readFileSync(path, 'utf8')) as TemplateFile['json'];
			if (typeof json.id !== 'string' || !json.id || json.id.length > 21) throw new Error(`${file}: a template needs a top-level "id" of 1–21 characters`);
			return { file, path, id: json.id, name: json.name, json };
		});
}

export async function freePort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	const { port } = srv.address() as AddressInfo;
	await new Promise((r) => srv.close(r));
	return port;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * node name → output items per main output, over all runs of the node (a node fed by several
 * branches, like an error journal, runs once per branch; null outputs as `[]`).
 */
export function runDataOf(run: IRun): Record<string, INodeExecutionData[][]> {
	const out: Record<string, INodeExecutionData[][]> = {};
	for (const [name, runs] of Object.entries(run.data?.resultData?.runData ?? {})) {
		const outputs: INodeExecutionData[][] = [];
		for (const r of runs) ((r?.data?.main ?? []) as Array<INodeExecutionData[] | null>).forEach((o, k) => (outputs[k] = [...(outputs[k] ?? []), ...(o ?? [])]));
		out[name] = outputs;
	}
	return out;
}

/** Create an n8n user folder with the built package linked as a community package; returns its absolute path. */
export function linkPackage(dir: string): string {
	const userFolder = resolve(dir);
	const nodesDir = join(userFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(join(nodesDir, PACKAGE))) symlinkSync(ROOT, join(nodesDir, PACKAGE), 'dir');
	return userFolder;
}

/** Create the user folder, link the built package, import the demo credentials and every template. */
export async function prepareN8n(opts: PrepareOptions): Promise<N8nHome> {
	if (!existsSync(join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	const userFolder = linkPackage(opts.dir);

	const env: NodeJS.ProcessEnv = { ...process.env };
	delete env.NODE_ENV; // under NODE_ENV=test (jest) the n8n CLI does not run its commands
	delete env.JEST_WORKER_ID;
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: DEMO_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		GENERIC_TIMEZONE: 'Europe/Moscow',
		DB_SQLITE_POOL_SIZE: '1',
		...opts.env,
	});

	const n8n: N8nHome['n8n'] = (args, timeoutMs = 300_000) =>
		new Promise((done) => {
			execFile(N8N_BIN, args, { env, cwd: userFolder, timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
				const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
				done({ code, stdout: String(stdout), stderr: String(stderr) });
			});
		});
	const must = async (args: string[]) => {
		const r = await n8n(args);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (${r.code}):\n${(r.stdout + r.stderr).replace(ANSI, '').slice(-3000)}`);
	};

	const onec = (c: (typeof CREDENTIALS)['bp30' | 'unf' | 'ut11'], p: OneCPublicationRef) => ({
		...c,
		data: { url: p.url, user: p.user, password: p.password, allowedOnly: false, timeZone: 'Europe/Moscow', timeout: 30, maxConcurrency: 4 },
	});
	const creds = [
		{ ...CREDENTIALS.b24, data: { webhookUrl: opts.b24WebhookUrl, burst: 50, drainRate: 2 } },
		onec(CREDENTIALS.bp30, opts.onec.bp30),
		onec(CREDENTIALS.unf, opts.onec.unf),
		onec(CREDENTIALS.ut11, opts.onec.ut11),
		...(opts.b24App ? [{ ...CREDENTIALS.b24App, data: b24AppCredentialData(opts.b24App) }] : []),
	];
	const credsFile = join(userFolder, 'credentials.json');
	writeFileSync(credsFile, JSON.stringify(creds, null, 2));
	await must(['import:credentials', `--input=${credsFile}`]);

	const templates = listTemplates(opts.templatesDir ?? templatesDir());
	if (templates.length) {
		const wfFile = join(userFolder, 'workflows.json');
		writeFileSync(wfFile, JSON.stringify(templates.map((t) => ({ active: false, settings: {}, ...t.json }))));
		await must(['import:workflow', `--input=${wfFile}`]);
	}

	return {
		userFolder,
		env,
		templates,
		n8n,
	};
}

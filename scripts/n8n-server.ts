/**
 * A running n8n (`n8n start`) in a prepared user folder (scripts/n8n-home.ts), driven as a user's
 * browser drives it: the owner account is set up, and a template runs from its «Run now» Manual
 * Trigger through the editor's REST call (`POST /rest/workflows/:id/run`), then its execution is
 * read back (`GET /rest/executions/:id`). Unlike `n8n execute`, the server loads n8n's modules —
 * the Data tables the error journal keeps its rows in — and sub-workflows run as in the editor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { IRun } from 'n8n-workflow';
import { freePort, N8N_BIN, runDataOf, type N8nHome, type TemplateFile, type TemplateRun } from './n8n-home';

/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const flatted = require('flatted') as { parse(text: string): unknown };

/** The demo owner: `npm start` prints it for the person who opens the editor. */
export const DEMO_OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-1c-b24' };
const BROWSER_ID = 'n8n-nodes-1c-bitrix24-demo';

export interface N8nServer {
	url: string;
	/**
	 * run a template from its first enabled Manual Trigger (or `startNode`) and wait for the end;
	 * `onStarted` gets the execution id as soon as n8n gives it, `timeoutMs` ends the wait (status 'crashed')
	 */
	run(t: TemplateFile, startNode?: string, opts?: RunOptions): Promise<TemplateRun>;
	/** everything n8n printed so far */
	logs(): string;
	/** the owner's session: the `n8n-auth` cookie and the browser id it is bound to (for a headless browser) */
	session(): { cookie: string; browserId: string };
	stop(): Promise<void>;
}

export interface RunOptions {
	onStarted?: (executionId: string) => void;
	timeoutMs?: number;
	/**
	 * false: poll the execution's summary (status, startedAt, stoppedAt) from the list endpoint and
	 * never read its data (runData {}); the data is read once only to name the error of a failed run
	 * (a huge run: its data is many MB on every poll, and the main drops the connection); while
	 * polling, a connection the busy main drops is polled again (up to 20 times)
	 */
	withData?: boolean;
}

export interface ServerOptions {
	port?: number;
	/** extra environment (queue mode, log level …) */
	env?: NodeJS.ProcessEnv;
	/** wait this long for n8n to answer (default 120 s) */
	bootMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Exec = { id?: string; status?: string; finished?: boolean; data?: string; startedAt?: string; stoppedAt?: string };

export async function startN8nServer(home: N8nHome, opts: ServerOptions = {}): Promise<N8nServer> {
	const port = opts.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const env = { ...home.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'info', ...opts.env };
	const child: ChildProcess = spawn(N8N_BIN, ['start'], { env, cwd: home.userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
		}
	};

	let cookie = '';
	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const res = await fetch(`${url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n ${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return (text ? (JSON.parse(text) as { data?: T }).data : undefined) as T;
	};

	try {
		const deadline = Date.now() + (opts.bootMs ?? 120_000);
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n start exited (${child.exitCode}):\n${out.slice(-3000)}`);
			// the REST routes come up after /healthz: wait for the one the editor asks first
			const ok = await fetch(`${url}/rest/settings`, { headers: { 'browser-id': BROWSER_ID } }).then((r) => r.ok, () => false);
			if (ok) break;
			if (Date.now() > deadline) throw new Error(`n8n did not become ready on ${url}:\n${out.slice(-3000)}`);
			await sleep(250);
		}
		// n8n answers /rest/settings before its start-up is over and may drop the routes for a moment: retry
		let settings: { userManagement?: { showSetupOnFirstLoad?: boolean } } | undefined;
		for (let attempt = 0; !settings; attempt++) {
			settings = await rest<typeof settings>('GET', '/rest/settings').catch((e: Error) => {
				if (attempt === 40) throw e;
				return sleep(250).then(() => undefined);
			});
		}
		if (settings?.userManagement?.showSetupOnFirstLoad !== false) await rest('POST', '/rest/owner/setup', DEMO_OWNER);
		else await rest('POST', '/rest/login', { emailOrLdapLoginId: DEMO_OWNER.email, password: DEMO_OWNER.password });
	} catch (e) {
		await stop();
		throw new Error(`${(e as Error).message}\n--- n8n said:\n${out.slice(-4000)}`);
	}

	return {
		url,
		logs: () => out,
		session: () => ({ cookie, browserId: BROWSER_ID }),
		stop,
		async run(t, startNode, opts = {}) {
			const trigger = startNode ?? t.json.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger' && !(n as { disabled?: boolean }).disabled)?.name;
			const t0 = Date.now();
			const fail = (message: string): TemplateRun => ({ status: 'crashed', error: { message }, runData: {}, seconds: (Date.now() - t0) / 1000 });
			if (!trigger) return fail('the template has no enabled Manual Trigger');
			const workflowData = await rest<Record<string, unknown>>('GET', `/rest/workflows/${t.id}`);
			const started = await rest<{ executionId?: string }>('POST', `/rest/workflows/${t.id}/run`, { workflowData, triggerToStartFrom: { name: trigger } });
			if (!started?.executionId) return fail(`n8n did not start the run: ${JSON.stringify(started)}`);
			opts.onStarted?.(started.executionId);
			const id = started.executionId;
			const withData = opts.withData !== false;
			// the summary only: ids strictly between firstId and lastId (n8n's list ignores an `id` filter)
			const summaryPath = `/rest/executions?firstId=${Number(id) - 1}&lastId=${Number(id) + 1}&limit=1`;
			const readOne = async () => (withData ? rest<Exec>('GET', `/rest/executions/${id}`) : (await rest<{ results?: Exec[] }>('GET', summaryPath))?.results?.find((x) => String(x.id) === id));
			let exec: Exec | undefined;
			for (let drops = 0; ; ) {
				const t1 = Date.now();
				// status only: a busy main may close a kept-alive connection as the next poll goes out ("other side closed"); poll again
				exec = await readOne().catch((e: Error) => {
					if (withData || child.exitCode !== null || ++drops > 20) throw e;
					console.warn(`n8n: poll of execution ${id} failed after ${Date.now() - t1} ms (${String((e.cause as Error | undefined)?.message ?? e.message)}); polling again (${drops})`);
					return undefined;
				});
				if (!withData && Date.now() - t1 > 2000) console.warn(`n8n: poll of execution ${id} took ${Date.now() - t1} ms`);
				if (exec && exec.stoppedAt && exec.status !== 'running' && exec.status !== 'new') break;
				if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs) return fail(`execution ${id} did not end in ${opts.timeoutMs / 1000}s (status ${String(exec?.status)})`);
				await sleep(200);
			}
			const seconds = (Date.now() - t0) / 1000;
			const runSeconds = exec.startedAt && exec.stoppedAt ? (new Date(exec.stoppedAt).getTime() - new Date(exec.startedAt).getTime()) / 1000 : undefined;
			if (!withData && exec.status === 'success') return { status: 'success', runData: {}, seconds, runSeconds };
			if (!withData) {
				// a failed run: read its data once, for the error (may itself fail on a huge run)
				const full = await rest<Exec>('GET', `/rest/executions/${id}`).catch((e: Error) => ({ data: undefined, why: e.message }) as Exec & { why: string });
				if (!full?.data) return { status: (exec.status as TemplateRun['status']) ?? 'crashed', error: { message: `execution ${id} ${String(exec.status)}; its data not read: ${(full as { why?: string }).why ?? 'none'}` }, runData: {}, seconds, runSeconds };
				exec = { ...exec, ...full };
			}
			const data = exec.data ? (flatted.parse(exec.data) as IRun['data']) : undefined;
			if (!data) return fail(`execution ${id} has no data (status ${String(exec.status)})`);
			const run = { data, status: exec.status, startedAt: exec.startedAt, stoppedAt: exec.stoppedAt, mode: 'manual', finished: exec.finished } as unknown as IRun;
			const e = data.resultData?.error as { message?: string; node?: { name?: string }; description?: string } | undefined;
			if (!withData) return { status: (exec.status as TemplateRun['status']) ?? 'error', error: { message: String(e?.message ?? exec.status), node: e?.node?.name, description: e?.description ?? undefined }, runData: {}, run, seconds, runSeconds };
			return {
				status: (exec.status as TemplateRun['status']) ?? (e ? 'error' : 'success'),
				error: e ? { message: String(e.message ?? 'error'), node: e.node?.name, description: e.description ?? undefined } : undefined,
				runData: runDataOf(run),
				run,
				seconds,
				runSeconds,
			};
		},
	};
}

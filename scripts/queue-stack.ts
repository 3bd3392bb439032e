/**
 * n8n in queue mode without Docker (research/n8n-conventions.md §9): PostgreSQL and Redis from
 * Debian's packages (`apt-get install postgresql redis-server`), initialised in a folder of the
 * run and started on free loopback ports, then `n8n worker` processes sharing the database and
 * the encryption key, each in its own user folder with the package linked. Everything started
 * here is stopped by `stop()` (and killed if the process exits first). PostgreSQL refuses to run
 * as root: as root, initdb and postgres run as the `postgres` user (runuser), the data folder
 * owned by it. The database is a throwaway: fsync is off.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { startDemoEnv, type DemoEnv, type DemoSizes } from './demo-env';
import { freePort, N8N_BIN, linkPackage, type N8nHome } from './n8n-home';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface QueueTools {
	pgBin: string;
	redisServer: string;
}

/** Where PostgreSQL's and Redis's programs are; a clear error naming the packages when they are missing. */
export function findQueueTools(): QueueTools {
	const pgRoot = '/usr/lib/postgresql';
	const versions = existsSync(pgRoot) ? readdirSync(pgRoot).filter((v) => existsSync(join(pgRoot, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
	const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
	const missing = [...(versions.length ? [] : [`PostgreSQL (no ${pgRoot}/<version>/bin/initdb)`]), ...(redisServer ? [] : ['Redis (no redis-server)'])];
	if (missing.length) throw new Error(`queue mode needs ${missing.join(' and ')}: install them with \`apt-get install -y postgresql redis-server\``);
	return { pgBin: join(pgRoot, versions[0], 'bin'), redisServer: redisServer! };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
	return new Promise((done, fail) =>
		execFile(cmd, args, { env, timeout: 120_000 }, (err, stdout, stderr) => (err ? fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${String(stderr).slice(-2000)}`)) : done(String(stdout)))),
	);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
/** a command as the `postgres` user when we are root */
const asPg = (bin: string, args: string[]): [string, string[]] => (isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);

async function waitPort(port: number, ms: number, what: string, alive: () => boolean, log: () => string): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		const ok = await new Promise<boolean>((r) => {
			const s = connect(port, '127.0.0.1', () => (s.end(), r(true)));
			s.on('error', () => r(false));
		});
		if (ok) return;
		if (!alive()) throw new Error(`${what} exited:\n${log().slice(-2000)}`);
		if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port}:\n${log().slice(-2000)}`);
		await sleep(100);
	}
}

function captured(child: ChildProcess): () => string {
	let out = '';
	child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
	return () => out;
}

export interface QueueStack {
	/** DB_* and QUEUE_* settings for every n8n process (and the CLI commands) */
	env: NodeJS.ProcessEnv;
	/** seconds to init + start PostgreSQL, and to start Redis */
	boot: { postgres: number; redis: number };
	stop(): Promise<void>;
}

/** Initialise PostgreSQL and Redis in `<dir>/pg`, `<dir>/redis` and start them on free loopback ports. */
export async function startQueueStack(dir: string): Promise<QueueStack> {
	const tools = findQueueTools();
	const root = resolve(dir);
	mkdirSync(root, { recursive: true });
	const pgData = join(root, 'pg');
	const redisDir = join(root, 'redis');
	mkdirSync(pgData, { recursive: true });
	mkdirSync(redisDir, { recursive: true });
	if (isRoot()) {
		// the postgres user must reach its data folder: let it traverse our folders on the way (a mkdtemp folder is 0700)
		for (let d = root; d !== dirname(d); d = dirname(d)) {
			const st = statSync(d);
			if (!(st.mode & 0o001) && st.uid === 0) chmodSync(d, (st.mode & 0o7777) | 0o011);
		}
		const pw = /^postgres:[^:]*:(\d+):(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'));
		if (!pw) throw new Error('queue mode as root needs the `postgres` user (created by the postgresql package)');
		chownSync(pgData, Number(pw[1]), Number(pw[2]));
	}
	chmodSync(pgData, 0o700);
	const children: ChildProcess[] = [];
	const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
	process.once('exit', killAll);
	const pgPidFile = join(pgData, 'postmaster.pid');
	const pgPid = () => (existsSync(pgPidFile) ? Number(readFileSync(pgPidFile, 'utf8').split('\n')[0]) : 0);

	const stop = async () => {
		// fast shutdown of the postmaster itself (runuser may not pass signals on), then Redis
		const pid = pgPid();
		if (pid) {
			try {
				process.kill(pid, 'SIGINT');
			} catch {
				/* gone */
			}
		}
		for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
		const deadline = Date.now() + 15_000;
		while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(100);
		killAll();
		process.removeListener('exit', killAll);
	};

	try {
		let t0 = Date.now();
		const pgPort = await freePort();
		await run(...asPg(join(tools.pgBin, 'initdb'), ['-D', pgData, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']));
		const pgArgs = ['-D', pgData, '-p', String(pgPort), '-k', pgData, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'];
		const pg = spawn(...asPg(join(tools.pgBin, 'postgres'), pgArgs), { stdio: ['ignore', 'pipe', 'pipe'] });
		children.push(pg);
		const pgLog = captured(pg);
		await waitPort(pgPort, 30_000, 'postgres', () => pg.exitCode === null, pgLog);
		for (let k = 0; ; k++) {
			const ok = await run(join(tools.pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'n8n', 'n8n']).then(() => true, (e: Error) => (k === 50 ? Promise.reject(e) : false));
			if (ok) break;
			await sleep(200);
		}
		const postgres = (Date.now() - t0) / 1000;

		t0 = Date.now();
		const redisPort = await freePort();
		const redis = spawn(tools.redisServer, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir, '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
		children.push(redis);
		await waitPort(redisPort, 15_000, 'redis-server', () => redis.exitCode === null, captured(redis));
		const redisSeconds = (Date.now() - t0) / 1000;

		return {
			env: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pgPort),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: '',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
			},
			boot: { postgres, redis: redisSeconds },
			stop,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

/** The environment of the main instance in queue mode: «Run now» executions go to the workers too. */
export function queueMainEnv(stack: QueueStack): NodeJS.ProcessEnv {
	return { ...stack.env, EXECUTIONS_MODE: 'queue', OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' };
}

export interface N8nWorker {
	name: string;
	pid: number;
	/** everything the worker printed */
	logs(): string;
	/** the execution ids the worker started (its `Worker started execution N` lines) */
	executions(): string[];
	kill(signal?: NodeJS.Signals): void;
	exited: Promise<void>;
	stop(): Promise<void>;
}

/**
 * Start `n8n worker` in its own user folder `<dir>` (the package linked as in prepareN8n), with
 * the main's environment (`home.env`: encryption key, time zone …) plus the stack's; ready when
 * its health check answers. One execution at a time by default: two executions started together
 * then go one to each idle worker.
 */
export async function startWorker(home: N8nHome, stack: QueueStack, name: string, dir: string, extraEnv: NodeJS.ProcessEnv = {}, concurrency = 1): Promise<N8nWorker> {
	const userFolder = linkPackage(dir);
	const health = await freePort();
	const env = {
		...home.env,
		...stack.env,
		EXECUTIONS_MODE: 'queue',
		N8N_USER_FOLDER: userFolder,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(health),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		...extraEnv,
	};
	const child = spawn(N8N_BIN, ['worker', `--concurrency=${concurrency}`], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
	const logs = captured(child);
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const worker: N8nWorker = {
		name,
		pid: child.pid ?? 0,
		logs,
		executions: () => [...logs().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		kill: (signal = 'SIGTERM') => void child.kill(signal),
		exited,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
		},
	};
	const deadline = Date.now() + 120_000;
	for (;;) {
		const ok = await fetch(`http://127.0.0.1:${health}/healthz/readiness`).then((r) => r.ok, () => false);
		if (ok) return worker;
		if (child.exitCode !== null) throw new Error(`n8n worker ${name} exited (${child.exitCode}):\n${logs().slice(-3000)}`);
		if (Date.now() > deadline) {
			await worker.stop();
			throw new Error(`n8n worker ${name} was not ready in 120 s:\n${logs().slice(-3000)}`);
		}
		await sleep(200);
	}
}

export interface QueueEnv {
	env: DemoEnv;
	stack: QueueStack;
	workers: N8nWorker[];
	/** seconds: PostgreSQL, Redis, sandboxes + n8n prepared + main ready, the workers ready (in parallel) */
	boot: { postgres: number; redis: number; main: number; workers: number };
	/** how many executions each worker started, e.g. `worker-1: 5, worker-2: 4` */
	perWorker(): string;
	close(): Promise<void>;
}

/** PostgreSQL + Redis in `<dir>/stack`, the sandboxes and the main n8n (user folder `<dir>/main`), and `workers` n8n workers. */
export async function startQueueEnv(dir: string, sizes: DemoSizes, workers = 2, templatesDir?: string, workerEnv: NodeJS.ProcessEnv = {}): Promise<QueueEnv> {
	const stack = await startQueueStack(join(dir, 'stack'));
	let env: DemoEnv | undefined;
	const started: N8nWorker[] = [];
	try {
		let t0 = Date.now();
		env = await startDemoEnv(join(dir, 'main'), sizes, templatesDir, { env: queueMainEnv(stack), homeEnv: stack.env });
		const main = (Date.now() - t0) / 1000;
		t0 = Date.now();
		const home = env.home;
		await Promise.all(
			Array.from({ length: workers }, async (_x, k) => {
				const w = await startWorker(home, stack, `worker-${k + 1}`, join(dir, `worker-${k + 1}`), workerEnv);
				started.push(w);
			}),
		);
		started.sort((a, b) => a.name.localeCompare(b.name));
		const workersSeconds = (Date.now() - t0) / 1000;
		const demo = env;
		return {
			env: demo,
			stack,
			workers: started,
			boot: { ...stack.boot, main, workers: workersSeconds },
			perWorker: () => started.map((w) => `${w.name}: ${w.executions().length}`).join(', '),
			close: async () => {
				await demo.close();
				await Promise.all(started.map((w) => w.stop()));
				await stack.stop();
			},
		};
	} catch (e) {
		await env?.close();
		await Promise.all(started.map((w) => w.stop()));
		await stack.stop();
		throw e;
	}
}

/**
 * `npm run sandbox` — starts every sandbox in the foreground on loopback and prints one line
 * per sandbox once it is ready:
 *   SANDBOX bitrix24 <webhook base URL>
 *   SANDBOX 1c <publication URL> <user> <password>      (one line per base: bp30, unf, ut11)
 * then serves until SIGINT/SIGTERM.
 */
import { startBitrix24Sandbox } from './bitrix24/server';
import { startOneCSandbox } from './onec/server';
import type { RateConfig } from './bitrix24/core/limits';

const HELP = `Usage: npm run sandbox -- [options]

Starts the protocol-faithful sandboxes on 127.0.0.1 and prints one line per sandbox:
  SANDBOX bitrix24 <webhook base URL>
  SANDBOX 1c <publication URL> <user> <password>     (one per base: БП 3.0, УНФ, УТ 11)

Options:
  --companies N        seed size: number of companies (default 200; 10000 for benchmarks)
  --seed N             seed number of the deterministic data (default 1)
  --rate MODE          Bitrix24 leaky bucket: off | default (50 burst, 2/s) | B,D (burst B, drain D/s)
  --data-dir DIR       Bitrix24 snapshot directory: state is loaded from it and saved on exit
  --latency MODE       1C latency profile: off (default) | real | <scale> (e.g. 0.1 = a tenth of a real base's delays)
  --help               this text

Environment:
  SANDBOX_B24_PORT     port of the Bitrix24 sandbox (default 8024)
  SANDBOX_1C_PORT      port of the 1C OData sandbox (default 8081)
`;

export function parseRate(v: string | undefined): Partial<RateConfig> {
	if (!v || v === 'default') return { enabled: true, burst: 50, drain: 2 };
	if (v === 'off') return { enabled: false };
	const m = /^(\d+),(\d+(?:\.\d+)?)$/.exec(v);
	if (!m) throw new Error(`--rate: expected off, default or B,D — got "${v}"`);
	return { enabled: true, burst: Number(m[1]), drain: Number(m[2]) };
}

export function parseArgs(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
		const [k, inline] = a.slice(2).split('=', 2);
		if (k === 'help') out.help = 'true';
		else out[k] = inline ?? argv[++i];
	}
	return out;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(HELP);
		return;
	}
	const b24 = await startBitrix24Sandbox({
		port: Number(process.env.SANDBOX_B24_PORT ?? 8024),
		companies: args.companies ? Number(args.companies) : undefined,
		seed: args.seed ? Number(args.seed) : undefined,
		rate: parseRate(args.rate),
		dataDir: args['data-dir'],
	});
	const latency = args.latency && args.latency !== 'off' ? { enabled: true, scale: args.latency === 'real' ? 1 : Number(args.latency) } : { enabled: false };
	if (latency.enabled && !(latency.scale! > 0)) throw new Error(`--latency: expected off, real or a positive scale — got "${args.latency}"`);
	const onec = await startOneCSandbox({
		port: Number(process.env.SANDBOX_1C_PORT ?? 8081),
		companies: args.companies ? Number(args.companies) : undefined,
		seed: args.seed ? Number(args.seed) : undefined,
		latency,
	});
	process.stdout.write(`SANDBOX bitrix24 ${b24.webhookUrl}\n`);
	for (const p of onec.publications) process.stdout.write(`SANDBOX 1c ${p.url} ${p.user} ${p.password}\n`);
	const stop = async () => {
		await Promise.all([b24.close(), onec.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
	main().catch((e: Error) => {
		process.stderr.write(`sandbox: ${e.message}\n`);
		process.exit(1);
	});
}

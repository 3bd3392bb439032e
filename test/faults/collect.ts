/**
 * Everything a run leaves behind that a user or an operator could see, as text: the IRun of each
 * execution (sub-workflow runs included) with its node outputs, binary data (decoded) and errors
 * (message, description, stack, cause — own properties that JSON.stringify skips), and every log
 * line written through console.* or n8n's LoggerProxy while the capture is on.
 */
import type { Logger } from 'n8n-workflow';
import { wf } from '../helpers/n8n';
import type { WorkflowRunResult } from '../helpers/workflow';

/* eslint-disable @typescript-eslint/no-require-imports */
const { Container } = require('@n8n/di') as typeof import('@n8n/di');
const { Logger: BackendLogger } = require('@n8n/backend-common') as { Logger: new (...a: never[]) => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

export class Collector {
	readonly texts: string[] = [];
	readonly logLines: string[] = [];
	private spies: jest.SpyInstance[] = [];
	private restore: Array<() => unknown> = [];

	/** Route console.* and LoggerProxy into `logLines` (nothing printed) until `stop()`. */
	start(): void {
		const line = (level: string) => (...args: unknown[]) => void this.logLines.push(`${level} ${args.map((a) => this.flat(a)).join(' ')}`);
		for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) this.spies.push(jest.spyOn(console, level).mockImplementation(line(`console.${level}`)));
		// n8n's root Logger: constructing it points LoggerProxy at it, so it is made first and the
		// proxy then pointed at the collector; what it writes itself (winston → stdout/stderr) is caught too
		Container.get(BackendLogger);
		for (const stream of [process.stdout, process.stderr]) {
			const write = stream.write;
			stream.write = ((chunk: unknown) => {
				this.logLines.push(`${stream === process.stdout ? 'stdout' : 'stderr'} ${String(chunk)}`);
				return true;
			}) as typeof stream.write;
			this.restore.push(() => (stream.write = write));
		}
		const logger = { error: line('n8n.error'), warn: line('n8n.warn'), info: line('n8n.info'), debug: line('n8n.debug') } as unknown as Logger;
		wf.LoggerProxy.init(logger);
	}

	stop(): void {
		for (const s of this.spies) s.mockRestore();
		for (const r of this.restore) r();
		this.spies = [];
		this.restore = [];
	}

	/** A run and its sub-workflow runs: the whole IRun, its errors and decoded binaries. */
	addRun(r: WorkflowRunResult, subRuns: WorkflowRunResult[] = []): void {
		for (const x of [r, ...subRuns]) {
			this.texts.push(this.flat(x.run));
			if (x.error) this.texts.push(this.flat(x.error));
		}
	}

	add(value: unknown): void {
		this.texts.push(this.flat(value));
	}

	/** All collected text (runs and logs). */
	all(): string {
		return [...this.texts, ...this.logLines].join('\n');
	}

	/** Text of any value: strings as they are, errors with their hidden properties, binary data decoded too. */
	flat(value: unknown): string {
		const out: string[] = [];
		const seen = new Set<unknown>();
		const walk = (v: unknown, key = ''): void => {
			if (v === null || v === undefined) return;
			if (typeof v === 'string') {
				out.push(v);
				// n8n keeps binary data base64-encoded in the item (`binary.<name>.data`)
				if (key === 'data' && v.length > 16 && /^[A-Za-z0-9+/=\s]+$/.test(v)) out.push(Buffer.from(v, 'base64').toString('latin1'));
				return;
			}
			if (typeof v !== 'object') {
				out.push(String(v));
				return;
			}
			if (seen.has(v)) return;
			seen.add(v);
			if (Buffer.isBuffer(v)) return void out.push(v.toString('latin1'));
			const names = v instanceof Error ? [...new Set([...Object.getOwnPropertyNames(v), 'message', 'stack', 'description', 'cause', 'context'])] : Object.keys(v);
			for (const k of names) {
				out.push(k);
				walk((v as Record<string, unknown>)[k], k);
			}
		};
		walk(value);
		return out.join('\n');
	}
}

/** The forms a secret can take in text: as is, URL-encoded, and inside a Basic auth header. */
export function secretForms(secret: string): string[] {
	return [...new Set([secret, encodeURIComponent(secret)])];
}

export function basicToken(user: string, password: string): string {
	return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

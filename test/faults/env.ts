/**
 * Shared pieces of the fault tests: one "pair" = a Bitrix24 sandbox + a 1C sandbox (+ n8n data
 * tables) seeded alike; every template run on it in file-name order with the demo credentials
 * (БП 3.0 by type, УНФ by the id `onecUnf`), optionally with the sandboxes' fault injection at
 * 10 % of requests in total, and a normalised snapshot of the business data to compare pairs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import type { FaultConfig } from '../../sandbox/bitrix24/core/faults';
import type { OneCFaultConfig } from '../../sandbox/onec/webfaults';
import { DEFAULT_RETRY } from '../../nodes/Bitrix24/transport/client';
import { DEFAULT_ONEC_RETRY } from '../../nodes/OneC/transport/client';
import { DataTables } from '../helpers/data-tables';
import { sandboxApp } from '../../scripts/demo-env';
import { b24AppCredentialData } from '../../scripts/n8n-home';
import { oneCCredential } from '../helpers/onec-host';
import { template } from '../helpers/templates';
import { runWorkflow, type WorkflowJson, type WorkflowRunOptions, type WorkflowRunResult } from '../helpers/workflow';

export const TEMPLATE_FILES = readdirSync(join(__dirname, '../../workflows-templates'))
	.filter((f) => f.endsWith('.json'))
	.sort();

/** 10 % of Bitrix24 requests: 5xx JSON, HTML 502, resets, slow answers, QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT. */
export const B24_FAULTS: Partial<FaultConfig> = { reset: 0.02, http500: 0.02, html: 0.015, queryLimit: 0.02, operationLimit: 0.01, slow: 0.015, slowMs: 300 };
/** 10 % of 1C requests: IIS 500/502/503 pages, resets, timeouts (the client's 1 s timeout fires first). */
export const ONEC_FAULTS: Partial<OneCFaultConfig> = { reset: 0.025, timeout: 0.01, timeoutMs: 2500, html500: 0.02, html502: 0.02, html503: 0.025, loginPage: 0 };

/**
 * The clients' backoff scaled down 5× for this test process (jest loads modules per test file):
 * the sandboxes draw faults per request, not per second, so how long a client waits changes
 * nothing but the wall time. The retry counts and the backoff's shape stay as shipped.
 */
export function quickerBackoff(): void {
	DEFAULT_RETRY.baseDelayMs = 200;
	DEFAULT_ONEC_RETRY.baseDelayMs = 200;
}

export interface PairOptions {
	companies: number;
	faults: boolean;
	webhookCode?: string;
	/** extra credential fields of the 1C credentials (e.g. a distinctive user/password) */
	onec?: ICredentialDataDecryptedObject;
	/** share of injected faults that strike after the server processed the request (answer lost) */
	after?: number;
}

export interface Pair {
	b24: Bitrix24Sandbox;
	onec: OneCSandbox;
	tables: DataTables;
	faults: boolean;
	/** a template by file name (or its JSON, e.g. with a changed setting) */
	run(file: string | WorkflowJson, opts?: WorkflowRunOptions): Promise<WorkflowRunResult>;
	/** faults and retries the sandboxes counted */
	faultCounts(): Promise<{ b24: Record<string, number>; onec: Record<string, number>; b24Requests: number; onecRequests: number }>;
	close(): Promise<void>;
}

export async function startPair(o: PairOptions): Promise<Pair> {
	const [b24, onec] = await Promise.all([startBitrix24Sandbox({ companies: o.companies, webhookCode: o.webhookCode }), startOneCSandbox({ companies: o.companies })]);
	if (o.faults) {
		// FAULTS_SEED=<n>: another placement of the faults (the default seed is the sandboxes' own);
		// a seed may draw no fault of a rare kind in ~250 requests — the check that every kind was
		// injected then fails and names the kind
		const seed = process.env.FAULTS_SEED ? { seed: Number(process.env.FAULTS_SEED) } : {};
		b24.portal.faults.configure({ ...B24_FAULTS, ...seed, ...(o.after !== undefined ? { after: o.after } : {}) } as Partial<FaultConfig>);
		onec.state.faults.configure({ ...ONEC_FAULTS, ...seed, ...(o.after !== undefined ? { after: o.after } : {}) } as Partial<OneCFaultConfig>);
	}
	const tables = new DataTables();
	const app = { ...b24AppCredentialData(await sandboxApp(b24.baseUrl)), drainRate: 50 } as ICredentialDataDecryptedObject;
	const pub = (id: string) => onec.publications.find((p) => p.id === id)!;
	// the 1C timeout fault must fire the client's timeout (1 s) well before the sandbox's 2.5 s
	const cred = (id: string) => oneCCredential(pub(id), { timeout: 1, ...o.onec });
	return {
		b24,
		onec,
		tables,
		faults: o.faults,
		run: (file, opts = {}) =>
			runWorkflow(typeof file === 'string' ? template(file) : file, { bitrix24WebhookApi: { webhookUrl: b24.webhookUrl, burst: 50, drainRate: 50 }, bitrix24OAuth2Api: app, oneCODataApi: cred('bp30') }, { dataTables: tables, credsById: { onecUnf: cred('unf') }, ...opts }),
		faultCounts: async () => ({ b24: { ...b24.portal.counters.faults }, onec: { ...onec.state.counters.faults }, b24Requests: b24.portal.counters.requests, onecRequests: onec.state.counters.requests }),
		close: async () => void (await Promise.all([b24.close(), onec.close()])),
	};
}

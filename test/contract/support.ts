/**
 * Types and helpers shared by the contract case tables (cases-*.ts): the case shape, the sandbox
 * groups (one sandbox per group), the fixture loader and row markers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bitrix24SandboxOptions } from '../../sandbox/bitrix24/server';
import type { Client, Json, RequestSpec } from './client';

export const FIXTURES_DIR = resolve(process.env.B24_FIXTURES_DIR ?? join(__dirname, '../../../shared/fixtures/bitrix24'));

export type Vars = Record<string, Json>;

export interface ContractCase {
	/** Path under the fixtures directory, e.g. `recorded/call_batch.json`. */
	fixture: string;
	/** Sandbox the case runs in (one sandbox per group / describe). */
	group: GroupName;
	/** HTTP status as the README states it (`200`, `400`, `400, 403`, `40x, 50x`); default `200`. */
	status?: string;
	/** For a `.request.json` file: the response fixture its request is answered with. */
	compareWith?: string;
	/** Create what the request reads, through the REST API; returns values the request uses. */
	setup?: (c: Client) => Promise<Vars>;
	/** The request; a list of requests for a fixture that is a list of successive responses. */
	request: (v: Vars, c: Client) => RequestSpec | RequestSpec[] | Promise<RequestSpec | RequestSpec[]>;
}

export type GroupName = 'crm' | 'crm-item' | 'requisites' | 'batch' | 'https' | 'users' | 'feed' | 'tasks' | 'catalog' | 'sale' | 'timeline' | 'paging-catalog' | 'paging-tasks' | 'paging-stagehistory';

const base: Bitrix24SandboxOptions = { rate: { enabled: false }, operating: { enabled: false } };

export const GROUPS: Record<GroupName, Bitrix24SandboxOptions> = {
	crm: base,
	'crm-item': base,
	requisites: base,
	batch: base,
	https: { ...base, httpsRequired: true },
	users: base,
	feed: base,
	tasks: base,
	catalog: base,
	sale: base,
	timeline: base,
	'paging-catalog': { ...base, empty: true },
	'paging-tasks': { ...base, empty: true },
	'paging-stagehistory': base,
};

export function loadFixture(path: string): Json {
	return JSON.parse(readFileSync(join(FIXTURES_DIR, path), 'utf8'));
}

/** Every fixture file: `recorded/*.json` and `docs-examples/*.json` (README excluded). */
export function fixtureFiles(): string[] {
	const out: string[] = [];
	for (const dir of ['recorded', 'docs-examples']) {
		for (const f of readdirSync(join(FIXTURES_DIR, dir))) if (f.endsWith('.json')) out.push(`${dir}/${f}`);
	}
	return out.sort();
}

/** A unique marker for the rows one case creates (lists filter on it). */
let seq = 0;
export function marker(prefix: string): string {
	seq++;
	return `${prefix}-${process.pid}-${seq}`;
}

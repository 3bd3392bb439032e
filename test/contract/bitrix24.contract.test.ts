/**
 * Contract suite of the Bitrix24 sandbox: for every recorded / documented response in the shared
 * fixtures directory, the sandbox answers the same request with the same shape (types, keys, PHP
 * empty-array quirks, envelope, error code and HTTP status). One sandbox per group.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { CASES, FIXTURES_DIR, GROUPS, fixtureFiles, loadFixture, type ContractCase, type GroupName } from './cases';
import { Client, type RequestSpec } from './client';
import { compareReply } from './shape';

jest.setTimeout(120_000);

async function runCase(client: Client, c: ContractCase): Promise<string[]> {
	const fixture = loadFixture(c.compareWith ?? c.fixture);
	const vars = c.setup ? await c.setup(client) : {};
	const requests: RequestSpec[] = [await c.request(vars, client)].flat();
	const bodies: unknown[] = Array.isArray(fixture) ? fixture : [fixture];
	if (requests.length !== bodies.length) return [`case sends ${requests.length} request(s), fixture holds ${bodies.length} response(s)`];
	const out: string[] = [];
	for (let i = 0; i < requests.length; i++) {
		const reply = await client.send(requests[i]);
		const prefix = bodies.length > 1 ? `response ${i + 1}: ` : '';
		out.push(...compareReply(bodies[i], reply, c.status ?? '200').map((m) => prefix + m));
	}
	return out;
}

const groups = [...new Set(CASES.map((c) => c.group))];

for (const group of groups) {
	describe(`Bitrix24 contract: ${group}`, () => {
		let sb: Bitrix24Sandbox;
		let client: Client;
		beforeAll(async () => {
			sb = await startBitrix24Sandbox(GROUPS[group as GroupName]);
			client = new Client(sb);
		});
		afterAll(async () => sb?.close());

		for (const c of CASES.filter((x) => x.group === group)) {
			it(c.fixture, async () => {
				expect(await runCase(client, c)).toEqual([]);
			});
		}
	});
}

describe('Bitrix24 contract: case table', () => {
	it('covers every file in the fixtures directory, once', () => {
		const covered = CASES.map((c) => c.fixture).sort();
		expect(covered.filter((f, i) => covered.indexOf(f) !== i)).toEqual([]);
		expect(covered).toEqual(fixtureFiles());
	});

	it('uses the HTTP status the fixtures README states for each file', () => {
		const readme = readFileSync(join(FIXTURES_DIR, 'README.md'), 'utf8');
		const stated = new Map<string, string>();
		let section = '';
		for (const line of readme.split('\n')) {
			if (line.startsWith('## ')) section = line.slice(3).trim().replace(/\/$/, '');
			const m = /^\| `([^`]+\.json)`/.exec(line);
			if (!m || section !== 'docs-examples') continue;
			const status = line.split('|')[4].trim();
			stated.set(`docs-examples/${m[1]}`, /^\d{3}/.test(status) ? status.replace(/\s*\(.*$/, '') : status);
		}
		for (const c of CASES) {
			const expected = c.fixture.startsWith('docs-examples/') ? stated.get(c.fixture) : '200';
			expect({ fixture: c.fixture, status: c.status ?? '200' }).toEqual({ fixture: c.fixture, status: expected });
		}
	});

	it('sends the stored request of a `.request.json` file verbatim and compares with its response', async () => {
		const stored = CASES.filter((x) => x.fixture.endsWith('.request.json'));
		expect(stored.length).toBeGreaterThan(0);
		for (const c of stored) {
			expect(c.compareWith).toBe(c.fixture.replace(/\.request\.json$/, '.json'));
			const req = await c.request({}, undefined as unknown as Client);
			expect(req).toEqual({ method: 'batch', json: loadFixture(c.fixture) });
		}
	});
});

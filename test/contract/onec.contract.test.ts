/**
 * Contract suite of the 1C OData sandbox: every real capture in /work/shared/fixtures/1c is
 * replayed against the sandbox (same request, data seeded from the capture into empty bases) and
 * the answer is compared by STRUCTURE — JSON classes, Atom element/attribute structure, EDMX
 * types — never by values. See ./onec-cases.ts for the case table.
 */
import { startOneCSandbox, type BaseId, type OneCSandbox } from '../../sandbox/onec/server';
import { OneCClient } from '../helpers/onec-http';
import { CASES, fixtureFiles, type CaseContext } from './onec-cases';

jest.setTimeout(60_000);

describe('1C contract: real captures replayed against the sandbox', () => {
	let sb: OneCSandbox;
	let ctx: CaseContext;

	beforeAll(async () => {
		sb = await startOneCSandbox({ empty: true });
		ctx = { sb, client: (id: BaseId) => OneCClient.of(sb, id), base: (id: BaseId) => sb.state.bases.get(id)! };
	});
	beforeEach(() => {
		sb.state.reset({ empty: true });
		sb.state.webServer = 'iis';
	});
	afterAll(async () => sb?.close());

	for (const c of CASES) {
		it(`${c.fixture} — ${c.title}`, async () => {
			expect(await c.run(ctx)).toEqual([]);
		});
	}
});

describe('1C contract: case table', () => {
	it('covers every data file of the fixtures directory, once', () => {
		const covered = CASES.map((c) => c.fixture).sort();
		expect(covered.filter((f, i) => covered.indexOf(f) !== i)).toEqual([]);
		expect(covered).toEqual(fixtureFiles());
	});
});

import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, parseRate } from '../../sandbox/cli';
import { admin, post, sandbox } from '../helpers/b24';

describe('npm run sandbox', () => {
	it('parses --rate and arguments', () => {
		expect(parseRate('off')).toEqual({ enabled: false });
		expect(parseRate(undefined)).toEqual({ enabled: true, burst: 50, drain: 2 });
		expect(parseRate('250,5')).toEqual({ enabled: true, burst: 250, drain: 5 });
		expect(() => parseRate('fast')).toThrow(/--rate/);
		expect(parseArgs(['--companies', '10', '--rate=off'])).toEqual({ companies: '10', rate: 'off' });
	});

	it('prints the SANDBOX line once ready, serves, and exits cleanly on SIGTERM', async () => {
		const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'sandbox/cli.ts', '--companies', '5'], {
			env: { ...process.env, SANDBOX_B24_PORT: '0', SANDBOX_1C_PORT: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const line = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', (c: Buffer) => {
				out += c.toString();
				const m = /^SANDBOX bitrix24 (\S+)$/m.exec(out);
				if (m && (out.match(/^SANDBOX 1c /gm) ?? []).length === 3) resolve(m[1]);
			});
			child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
		});
		expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/\w+\/$/);
		const r = await post(`${line}server.time`, {});
		expect(r.status).toBe(200);
		const onec = [...out.matchAll(/^SANDBOX 1c (\S+) (\S+) (\S+)$/gm)];
		expect(onec.map((m) => new URL(m[1]).pathname)).toEqual(['/bp30/odata/standard.odata/', '/unf/odata/standard.odata/', '/ut11/odata/standard.odata/']);
		const [, url, user, password] = onec[0];
		const meta = await fetch(`${url}$metadata`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
		expect(meta.status).toBe(200);
		expect(await meta.text()).toContain('<EntityContainer Name="EnterpriseV8"');
		const code = await new Promise<number | null>((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
	}, 30000);
});

describe('persistence and bodies', () => {
	it('snapshots state to the data dir and restores it', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'b24-'));
		const a = await sandbox({ dataDir: dir, empty: true });
		const id = (await post(`${a.webhookUrl}crm.company.add`, { fields: { TITLE: 'Persisted' } })).body.result;
		await a.close();
		expect(existsSync(join(dir, 'bitrix24.json'))).toBe(true);
		const b = await sandbox({ dataDir: dir, empty: true });
		try {
			expect((await post(`${b.webhookUrl}crm.company.get`, { id })).body.result.TITLE).toBe('Persisted');
			await admin(b, 'reset', { empty: true });
			expect((await post(`${b.webhookUrl}crm.company.get`, { id })).status).toBe(400);
			await admin(b, 'restore', {});
			expect((await post(`${b.webhookUrl}crm.company.get`, { id })).body.result.TITLE).toBe('Persisted');
		} finally {
			await b.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('reads multipart/form-data bodies with bracket names', async () => {
		const sb = await sandbox({ empty: true });
		try {
			const form = new FormData();
			form.append('fields[TITLE]', 'ООО "Мультипарт"');
			form.append('fields[PHONE][0][VALUE]', '+7 812 000-00-00');
			const res = await fetch(`${sb.webhookUrl}crm.company.add`, { method: 'POST', body: form });
			const id = ((await res.json()) as { result: number }).result;
			const got = (await post(`${sb.webhookUrl}crm.company.get`, { id })).body.result;
			expect(got.TITLE).toBe('ООО "Мультипарт"');
			expect(got.PHONE[0].VALUE).toBe('+7 812 000-00-00');
		} finally {
			await sb.close();
		}
	});
});

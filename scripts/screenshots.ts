/**
 * `npm run screenshots` (builds first; not part of the tests): the README's picture of every
 * template as it looks in the n8n editor — the demo set-up (scripts/demo-env.ts) with n8n running,
 * a headless Chromium (Debian's `chromium`, or `$CHROMIUM_PATH`) signed in as the demo owner,
 * each template opened at `/workflow/<id>`, fitted to the canvas, saved as
 * `docs/templates/<template>.png` (the canvas of a 2000×1000 window).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { DEMO_SIZES, startDemoEnv } from './demo-env';
import { ROOT } from './n8n-home';

async function main(): Promise<void> {
	const out = join(ROOT, 'docs', 'templates');
	mkdirSync(out, { recursive: true });
	const dir = join(ROOT, '.demo-screens');
	rmSync(dir, { recursive: true, force: true });
	const env = await startDemoEnv(dir, DEMO_SIZES);
	const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 2000, height: 1000, deviceScaleFactor: 1 });
		const { cookie, browserId } = env.server.session();
		const [name, value] = cookie.split('=');
		const host = new URL(env.server.url).hostname;
		await page.setCookie({ name, value: cookie.slice(name.length + 1) || value, domain: host, path: '/', httpOnly: true, secure: false });
		await page.evaluateOnNewDocument((id: string) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('n8n-browserId', id), browserId);
		for (const t of env.home.templates) {
			await page.goto(`${env.server.url}/workflow/${t.id}`, { waitUntil: 'networkidle2', timeout: 60_000 });
			await page.waitForSelector('.vue-flow__node', { timeout: 60_000 });
			await page.keyboard.press('Escape');
			const canvas = (await page.$('.vue-flow'))!;
			const box = (await canvas.boundingBox())!;
			await page.mouse.click(box.x + box.width - 20, box.y + box.height - 20); // focus the canvas, not a node
			await page.keyboard.press('1'); // zoom to fit
			await new Promise((r) => setTimeout(r, 1500));
			const file = join(out, t.file.replace(/\.json$/, '.png'));
			await canvas.screenshot({ path: file as `${string}.png` }); // the canvas, without the logs panel
			console.log(`✔ ${t.file} → ${file.slice(ROOT.length + 1)}`);
		}
	} finally {
		await browser.close();
		await env.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((e: Error) => {
	console.error(`✘ ${e.stack ?? e.message}`);
	process.exit(1);
});

/**
 * Reading rendered PDFs back in tests with poppler (pdftotext, pdfinfo, pdftoppm). poppler-utils is
 * a Debian package: `.ci/run` installs it, so CI always reads the PDFs; on a machine without it
 * (a fresh `npm install && npm test`) the PDF-reading tests are skipped with one warning instead of
 * failing the README's command.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAS_POPPLER = (() => {
	try {
		execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
})();

export function warnWithoutPoppler(suite: string): void {
	if (!HAS_POPPLER) console.warn(`pdftotext (poppler-utils) not found: the PDF text checks of ${suite} are skipped (apt-get install poppler-utils)`);
}

export const describeWithPoppler = HAS_POPPLER ? describe : describe.skip;
export const itWithPoppler = HAS_POPPLER ? it : it.skip;

/** A temp folder for the suite's PDFs (removed after the suite); `save` writes one and returns its path. */
export function pdfFiles(prefix: string): { save(pdf: Buffer): string } {
	const dir = mkdtempSync(join(process.env.TEST_RUN_TMP ?? tmpdir(), prefix));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	let n = 0;
	return {
		save(pdf: Buffer) {
			const file = join(dir, `${++n}.pdf`);
			writeFileSync(file, pdf);
			return file;
		},
	};
}

export const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
export const pdfPages = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
/** Page 1 as a PNG at 60 dpi (`png` without the extension), for looking at the layout. */
export const pdfSnapshot = (file: string, png: string): void => void execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png]);

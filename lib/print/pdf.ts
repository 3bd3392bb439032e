/**
 * pdfmake set-up shared by every built-in print form: the server build of pdfmake 0.3 with its own
 * bundled Roboto fonts (full Cyrillic), local file access limited to that font folder and URL
 * access switched off (a document definition built from OData data can never make the renderer
 * read a file or fetch a URL). `renderPdf` turns a document definition into a PDF Buffer.
 */
import { dirname, join, sep } from 'node:path';

// pdfmake 0.3 (server build) has no bundled types
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfmake = require('pdfmake') as {
	setFonts(f: unknown): void;
	setUrlAccessPolicy(cb: (url: string) => boolean): void;
	setLocalAccessPolicy(cb: (path: string) => boolean): void;
	createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

/** pdfmake's own fonts/Roboto folder. */
export const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

/** The font name every form uses in `defaultStyle`. */
export const FONT = 'Roboto';

pdfmake.setFonts({
	[FONT]: {
		normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
		bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
		italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
		bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
	},
});
pdfmake.setLocalAccessPolicy((p) => p.startsWith(FONT_DIR + sep));
pdfmake.setUrlAccessPolicy(() => false);

/** A pdfmake document definition (kept loose: pdfmake 0.3 ships no types). */
export type DocDefinition = Record<string, unknown>;

/** Renders a pdfmake document definition to a PDF. */
export async function renderPdf(docDefinition: DocDefinition): Promise<Buffer> {
	const pdf = pdfmake.createPdf({ ...docDefinition, defaultStyle: { font: FONT, ...(docDefinition.defaultStyle as object | undefined) } });
	return Buffer.from(await pdf.getBuffer());
}

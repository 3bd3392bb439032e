/**
 * The links XML file (version 1): export of all ID links of one 1C base and its strict reader
 * (F58: backup, migration, bulk linking). The reader validates the whole file before it returns
 * anything, so a bad file never leads to partial writes. Any `<!DOCTYPE` / `<!ENTITY` is rejected
 * before parsing (entity bombs, external entities); the sax parser under xml2js never expands
 * declared entities anyway. We drive that sax parser (xml2js' `saxParser`) with our own handlers
 * instead of building xml2js' object tree: it is ~1.5× faster with far less heap at 10^6 links,
 * stops at the first error, and gives line numbers. The writer is xml2js' Builder (it escapes the
 * attribute values); the tests re-read its output with xml2js' own parser.
 */

import { Builder, Parser } from 'xml2js';
import {
	b24KeyOf,
	baseIdProblem,
	isLinkType,
	linkProblem,
	MAX_VALUE_LENGTH,
	onecKeyOf,
	type Link,
	type LinkType,
} from './links';

export const LINKS_XML_NS = 'urn:n8n-nodes-1c-bitrix24:links:1';
export const LINKS_XML_VERSION = '1';
const NS_PREFIX = 'urn:n8n-nodes-1c-bitrix24:links:';

export const LINKS_FILE_LIMITS = { maxBytes: 200 * 1024 * 1024, maxLinks: 1_000_000, maxAttributeLength: MAX_VALUE_LENGTH };
export type LinksFileLimits = typeof LINKS_FILE_LIMITS;

export const LINKS_XML_SCHEMA_DOC = `Links file, version 1 (UTF-8, no DOCTYPE):
<links xmlns="${LINKS_XML_NS}" version="1" base="…" exported="…">  root, exactly one
  version   required  "1"
  base      required  id of the 1C base: 1–100 printable characters, no ":" (e.g. srv.example.ru/bp30)
  exported  optional  export time, ISO 8601 (e.g. 2025-01-31T12:00:00.000Z)
  <link …/>  zero or more (at most 1,000,000), attributes only, no content
    type          required  company | contact | lead | deal | requisite | bankDetail | smartInvoice |
                            spaItem | product | storeOrder | invoice
    onecRef       required  1C Ref_Key, GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)
    b24Id         required  Bitrix24 id, positive integer without leading zeros
    onecSet       optional  1C OData entity set, e.g. Catalog_Контрагенты
    entityTypeId  spaItem: required (≥ 128); smartInvoice: optional, 31; other types: absent
    version       optional  1C DataVersion at the last write, e.g. AAAAAQAAAAA=
Every attribute is at most 1,000 characters; the file at most 200 MB. Within a file a (type,
onecRef) pair and a (type, b24Id) pair each occur with one counterpart only (spaItem: per entityTypeId).`;

/** A links file that cannot be read (or links that cannot be written); `line` is 1-based. */
export class LinksFileError extends Error {
	constructor(
		message: string,
		readonly line?: number,
	) {
		super(line === undefined ? message : `Line ${line}: ${message}`);
		this.name = 'LinksFileError';
	}
}

const LINK_ATTRS = new Set(['type', 'onecSet', 'onecRef', 'b24Id', 'entityTypeId', 'version']);
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** One problem per offending link, numbered from 1 (`at` gives its line when known). */
function checkDuplicates(links: Link[], at: (i: number) => number | undefined): Link[] {
	const byB24 = new Map<string, number>();
	const by1C = new Map<string, number>();
	const out: Link[] = [];
	links.forEach((link, i) => {
		const kb = b24KeyOf(link);
		const k1 = onecKeyOf(link);
		const ib = byB24.get(kb);
		const i1 = by1C.get(k1);
		if (ib !== undefined && ib === i1) return; // the same link again: keep the first
		if (i1 !== undefined) {
			throw new LinksFileError(
				`<link> #${i + 1}: ${link.type} ${link.onecRef} is linked to b24Id ${link.b24Id} here and to b24Id ${links[i1].b24Id} in <link> #${i1 + 1}`,
				at(i),
			);
		}
		if (ib !== undefined) {
			throw new LinksFileError(
				`<link> #${i + 1}: ${link.type} b24Id ${link.b24Id} is linked to 1C ${link.onecRef} here and to ${links[ib].onecRef} in <link> #${ib + 1}`,
				at(i),
			);
		}
		byB24.set(kb, i);
		by1C.set(k1, i);
		out.push(link);
	});
	return out;
}

/** Serialises the links of one base as a version-1 file; throws LinksFileError on an invalid link. */
export function linksToXml(links: Link[], meta: { baseId: string; exportedAt: Date | string }): string {
	const baseProblem = baseIdProblem(meta.baseId);
	if (baseProblem) throw new LinksFileError(`base: ${baseProblem}`);
	const exported = new Date(meta.exportedAt);
	if (Number.isNaN(exported.getTime())) throw new LinksFileError(`exportedAt "${String(meta.exportedAt)}" is not a date`);
	links.forEach((link, i) => {
		if (link.baseId !== meta.baseId) throw new LinksFileError(`<link> #${i + 1} belongs to base "${link.baseId}", not "${meta.baseId}"`);
		const problem = linkProblem(link);
		if (problem) throw new LinksFileError(`<link> #${i + 1}: ${problem}`);
	});
	const unique = checkDuplicates(links, () => undefined);
	const link = (l: Link): Record<string, string> => ({
		type: l.type,
		...(l.onecSet !== undefined ? { onecSet: l.onecSet } : {}),
		onecRef: l.onecRef.toLowerCase(),
		b24Id: l.b24Id,
		...(l.entityTypeId !== undefined ? { entityTypeId: String(l.entityTypeId) } : {}),
		...(l.version !== undefined ? { version: l.version } : {}),
	});
	// xml2js' Builder escapes attribute values and writes the declaration; UTF-8 as it is
	const builder = new Builder({ rootName: 'links', xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts: { pretty: true, indent: '\t', newline: '\n' } });
	return `${builder.buildObject({ $: { xmlns: LINKS_XML_NS, version: LINKS_XML_VERSION, base: meta.baseId, exported: exported.toISOString() }, link: unique.map((l) => ({ $: link(l) })) })}\n`;
}

interface SaxTag {
	name: string;
	attributes: Record<string, string>;
}

/** The part of the sax parser (xml2js' `saxParser`) we use. */
interface SaxParser {
	line: number;
	column: number;
	ENTITIES: Record<string, string>;
	onopentag: (tag: SaxTag) => void;
	onclosetag: (name: string) => void;
	ontext: (text: string) => void;
	oncdata: (text: string) => void;
	ondoctype: (text: string) => void;
	onerror: (error: Error) => void;
	onend: () => void;
	write(chunk: string): SaxParser;
	close(): SaxParser;
}

function lineAt(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

function decode(input: string | Uint8Array, limits: LinksFileLimits): string {
	const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
	if (typeof input === 'string') {
		if (input.length > limits.maxBytes || (input.length * 3 > limits.maxBytes && Buffer.byteLength(input) > limits.maxBytes)) {
			throw new LinksFileError(`The file is larger than ${mb(limits.maxBytes)}`);
		}
		return input.replace(/^\uFEFF/, '');
	}
	if (!(input instanceof Uint8Array)) throw new LinksFileError('Expected the file content as a string or a Buffer');
	if (input.length > limits.maxBytes) throw new LinksFileError(`The file is ${mb(input.length)}; at most ${mb(limits.maxBytes)} is accepted`);
	if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
		throw new LinksFileError('The file is UTF-16; links files are UTF-8');
	}
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
	} catch {
		throw new LinksFileError('The file is not valid UTF-8');
	}
}

/**
 * Reads a links file (string or Buffer) and validates all of it: on any problem nothing is
 * returned and a LinksFileError names the line / `<link>` number. Repeats of the same link are
 * collapsed. Refs come back lower-case.
 */
export function linksFromXml(
	input: string | Uint8Array,
	limitsOverride: Partial<LinksFileLimits> = {},
): { baseId: string; exportedAt?: string; links: Link[] } {
	const limits = { ...LINKS_FILE_LIMITS, ...limitsOverride };
	const xml = decode(input, limits);
	if (xml.trim() === '') throw new LinksFileError('The file is empty, not XML');
	const doctype = /<!(DOCTYPE|ENTITY)/i.exec(xml);
	if (doctype) {
		throw new LinksFileError(`<!${doctype[1]}> is not allowed in a links file (no DTDs or entities)`, lineAt(xml, doctype.index));
	}
	const encoding = /^\s*<\?xml[^?]*encoding\s*=\s*["']([^"']*)["']/.exec(xml);
	if (encoding && encoding[1].toLowerCase().replace(/[-_]/g, '') !== 'utf8') {
		throw new LinksFileError(`The file declares encoding "${encoding[1]}"; links files are UTF-8`);
	}
	let count = 0;
	const tagRe = /<(?:[^\s<>/!?:]+:)?link[\s/>]/g;
	while (tagRe.exec(xml) && count <= limits.maxLinks) count++;
	if (count > limits.maxLinks) throw new LinksFileError(`The file has more than ${limits.maxLinks} <link> elements`);

	const sax = (new Parser({ strict: true }) as unknown as { saxParser?: SaxParser }).saxParser;
	if (!sax || typeof sax.write !== 'function') throw new Error('xml2js does not expose its sax parser (saxParser)');
	sax.ENTITIES = Object.assign(Object.create(null) as Record<string, string>, { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" });
	const fail = (message: string): never => {
		throw new LinksFileError(message, sax.line + 1);
	};
	let root: { baseId: string; exportedAt?: string } | undefined;
	let rootClosed = false;
	let depth = 0;
	let rootNs: Record<string, string> = {};
	const links: Link[] = [];
	const lines: number[] = [];

	const split = (name: string) => {
		const colon = name.indexOf(':');
		return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
	};
	const nsDecls = (attrs: Record<string, string>, inherited: Record<string, string>) => {
		const ns = { ...inherited };
		for (const [k, v] of Object.entries(attrs)) {
			if (k === 'xmlns') ns[''] = v;
			else if (k.startsWith('xmlns:')) ns[k.slice(6)] = v;
		}
		return ns;
	};
	const ownAttrs = (tag: SaxTag, what: string): Record<string, string> => {
		const out: Record<string, string> = {};
		for (const [k, v] of Object.entries(tag.attributes)) {
			if (v.length > limits.maxAttributeLength) fail(`${what}: attribute ${k} is ${v.length} characters long (at most ${limits.maxAttributeLength})`);
			if (k !== 'xmlns' && !k.includes(':')) out[k] = v;
		}
		return out;
	};

	sax.onopentag = (tag) => {
		depth++;
		const { prefix, local } = split(tag.name);
		if (depth === 1) {
			if (rootClosed) fail('more than one root element');
			rootNs = nsDecls(tag.attributes, {});
			const ns = rootNs[prefix];
			if (local !== 'links') fail(`the root element is <${tag.name}>, expected <links xmlns="${LINKS_XML_NS}">`);
			if (ns === undefined) fail(`<links> has no namespace, expected xmlns="${LINKS_XML_NS}"`);
			if (ns !== LINKS_XML_NS && ns.startsWith(NS_PREFIX)) fail(`unsupported links file version: namespace ${ns} (this node reads version ${LINKS_XML_VERSION})`);
			if (ns !== LINKS_XML_NS) fail(`<links> is in namespace "${ns}", expected "${LINKS_XML_NS}"`);
			const a = ownAttrs(tag, '<links>');
			if (a.version === undefined) fail('<links> has no version attribute');
			if (a.version !== LINKS_XML_VERSION) fail(`unsupported links file version "${a.version}" (this node reads version ${LINKS_XML_VERSION})`);
			const problem = baseIdProblem(a.base);
			if (problem) fail(`<links> base: ${problem}`);
			if (a.exported !== undefined && (!ISO_RE.test(a.exported) || Number.isNaN(Date.parse(a.exported)))) {
				fail(`<links> exported "${a.exported}" is not an ISO 8601 date-time`);
			}
			root = { baseId: a.base, ...(a.exported !== undefined ? { exportedAt: a.exported } : {}) };
			return;
		}
		const n = links.length + 1;
		if (depth > 2) fail(`<${tag.name}> inside <link> #${links.length}: a <link> has attributes only`);
		const ns = nsDecls(tag.attributes, rootNs)[prefix];
		if (local !== 'link' || ns !== LINKS_XML_NS) fail(`unexpected element <${tag.name}> in <links> (only <link> is allowed)`);
		if (n > limits.maxLinks) fail(`more than ${limits.maxLinks} <link> elements`);
		const a = ownAttrs(tag, `<link> #${n}`);
		for (const k of Object.keys(a)) if (!LINK_ATTRS.has(k)) fail(`<link> #${n}: unknown attribute ${k}`);
		for (const k of ['type', 'onecRef', 'b24Id']) if (a[k] === undefined) fail(`<link> #${n}: attribute ${k} is required`);
		if (!isLinkType(a.type)) fail(`<link> #${n}: unknown type "${a.type}"`);
		const link: Link = { type: a.type as LinkType, baseId: root!.baseId, onecRef: a.onecRef, b24Id: a.b24Id };
		if (a.onecSet !== undefined) link.onecSet = a.onecSet;
		if (a.entityTypeId !== undefined) link.entityTypeId = /^[1-9][0-9]{0,9}$/.test(a.entityTypeId) ? Number(a.entityTypeId) : NaN;
		if (a.version !== undefined) link.version = a.version;
		const problem = linkProblem(link);
		if (problem) fail(`<link> #${n}: ${problem}`);
		link.onecRef = link.onecRef.toLowerCase();
		links.push(link);
		lines.push(sax.line + 1);
	};
	sax.onclosetag = () => {
		depth--;
		if (depth === 0) rootClosed = true;
	};
	sax.ontext = (text) => {
		if (text.trim() !== '') fail(`unexpected text "${text.trim().slice(0, 40)}" (a links file has elements and attributes only)`);
	};
	sax.oncdata = () => fail('unexpected CDATA (a links file has elements and attributes only)');
	sax.ondoctype = () => fail('<!DOCTYPE> is not allowed in a links file');
	sax.onerror = (error) => fail(`not well-formed XML: ${String(error.message).split('\n')[0]}`);
	sax.onend = () => undefined;
	sax.write(xml).close();
	if (!root || !rootClosed) throw new LinksFileError('not a links file: no complete <links> root element');
	return { ...root, links: checkDuplicates(links, (i) => lines[i]) };
}

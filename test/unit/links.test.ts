/**
 * ID links (issue 7): the model in lib/links.ts (fields per kind, ref encoding, base ids, import
 * planning) and the XML file in lib/links-xml.ts (round trip, and every rejection with its
 * message — including entity bombs and external entities, which must never be expanded).
 */

import { parseStringPromise } from 'xml2js';
import {
	baseIdFromUrl,
	baseIdProblem,
	clearFieldsOf,
	decodeRef,
	encodeRef,
	LINK_TYPE_NAMES,
	LINK_TYPES,
	linkFieldsOf,
	linkFromEntity,
	planImport,
	readLink,
	type Link,
	type LinkType,
} from '../../lib/links';
import { LINKS_FILE_LIMITS, LINKS_XML_NS, LINKS_XML_SCHEMA_DOC, LinksFileError, linksFromXml, linksToXml } from '../../lib/links-xml';

const BASE = 'srv.example.ru/bp30';
const G1 = '4e7c5b1a-0c2d-11ef-8a3b-005056c00008';
const G2 = '5f8d6c2b-1d3e-11ef-9b4c-005056c00009';
const G3 = '6a9e7d3c-2e4f-11ef-ac5d-00505600000a';
const EXPORTED = '2025-01-31T12:00:00.000Z';

function guid(i: number): string {
	return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** One link of every kind (what each needs) plus optional attributes. */
function sampleLinks(): Link[] {
	return LINK_TYPE_NAMES.map((type, i) => {
		const link: Link = { type, baseId: BASE, onecRef: guid(i + 1), b24Id: String(100 + i) };
		if (type === 'spaItem') link.entityTypeId = 128;
		if (type === 'smartInvoice') link.entityTypeId = 31;
		if (type === 'company') Object.assign(link, { onecSet: 'Catalog_Контрагенты', version: 'AAAAAQAAAAA=' });
		if (type === 'storeOrder') Object.assign(link, { onecSet: 'Document_ЗаказКлиента', version: 'v&<>"\'1' });
		return link;
	});
}

function file(children: string, root = `xmlns="${LINKS_XML_NS}" version="1" base="${BASE}"`): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n<links ${root}>\n${children}\n</links>\n`;
}

function linkEl(attrs: Record<string, string>): string {
	return `\t<link ${Object.entries(attrs).map(([k, v]) => `${k}="${v}"`).join(' ')}/>`;
}

const ok = { type: 'company', onecRef: G1, b24Id: '1' };

function rejection(input: string | Buffer, limits?: Partial<typeof LINKS_FILE_LIMITS>): LinksFileError {
	try {
		linksFromXml(input, limits);
	} catch (e) {
		expect(e).toBeInstanceOf(LinksFileError);
		return e as LinksFileError;
	}
	throw new Error('the file was accepted');
}

describe('links XML: round trip', () => {
	it('export → import gives the same links, with Cyrillic set names as UTF-8', async () => {
		const links = sampleLinks();
		const xml = linksToXml(links, { baseId: BASE, exportedAt: new Date(EXPORTED) });
		expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<links xmlns="urn:n8n-nodes-1c-bitrix24:links:1" version="1"')).toBe(true);
		expect(xml).toContain('onecSet="Catalog_Контрагенты"');
		const buffer = Buffer.from(xml, 'utf8');
		expect(buffer.includes(Buffer.from('Контрагенты', 'utf8'))).toBe(true);
		expect(linksFromXml(buffer)).toEqual({ baseId: BASE, exportedAt: EXPORTED, links });
		expect(linksFromXml(xml).links).toEqual(links);
		// an independent reader (xml2js' object tree) sees the same attributes
		const tree = await parseStringPromise(xml);
		const attrs = tree.links.link.map((l: { $: Record<string, string> }) => l.$);
		expect(attrs[links.findIndex((l) => l.type === 'storeOrder')].version).toBe('v&<>"\'1');
		expect(attrs).toHaveLength(links.length);
	});

	it('keeps an empty file, accepts a BOM, namespace prefixes and upper-case GUIDs (read lower-case)', () => {
		const empty = linksToXml([], { baseId: BASE, exportedAt: EXPORTED });
		expect(linksFromXml(empty)).toEqual({ baseId: BASE, exportedAt: EXPORTED, links: [] });
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(file(linkEl(ok)))]);
		expect(linksFromXml(bom).links).toHaveLength(1);
		const prefixed = `<l:links xmlns:l="${LINKS_XML_NS}" version="1" base="b"><l:link type="deal" onecRef="${G1.toUpperCase()}" b24Id="5"/></l:links>`;
		expect(linksFromXml(prefixed)).toEqual({ baseId: 'b', links: [{ type: 'deal', baseId: 'b', onecRef: G1, b24Id: '5' }] });
	});

	it('collapses an exact repeat of a link', () => {
		expect(linksFromXml(file([linkEl(ok), linkEl(ok)].join('\n'))).links).toHaveLength(1);
	});

	it('handles 10,000 links fast', () => {
		const links: Link[] = Array.from({ length: 10_000 }, (_, i) => ({
			type: 'company' as const,
			baseId: BASE,
			onecSet: 'Catalog_Контрагенты',
			onecRef: guid(i),
			b24Id: String(i + 1),
			version: 'AAAAAQAAAAA=',
		}));
		const started = Date.now();
		const back = linksFromXml(Buffer.from(linksToXml(links, { baseId: BASE, exportedAt: EXPORTED })));
		expect(Date.now() - started).toBeLessThan(5000);
		expect(back.links).toEqual(links);
	});
});

describe('links XML: rejections', () => {
	const cases: Array<[string, string, RegExp]> = [
		['not XML', 'hello, world', /not well-formed XML/],
		['truncated', file(linkEl(ok)).slice(0, -10), /not well-formed XML|no complete <links>/],
		['unknown entity', file('&nbsp;'), /not well-formed XML: Invalid character entity/],
		['wrong root', `<linkz xmlns="${LINKS_XML_NS}" version="1" base="b"/>`, /root element is <linkz>/],
		['no namespace', '<links version="1" base="b"/>', /<links> has no namespace/],
		['foreign namespace', '<links xmlns="urn:other" version="1" base="b"/>', /namespace "urn:other", expected/],
		['version 2 namespace', '<links xmlns="urn:n8n-nodes-1c-bitrix24:links:2" version="2" base="b"/>', /unsupported links file version: namespace/],
		['unknown version', file('', `xmlns="${LINKS_XML_NS}" version="2" base="b"`), /unsupported links file version "2"/],
		['no version', file('', `xmlns="${LINKS_XML_NS}" base="b"`), /no version attribute/],
		['no base', file('', `xmlns="${LINKS_XML_NS}" version="1"`), /<links> base: a base id must be a non-empty string/],
		['base with a colon', file('', `xmlns="${LINKS_XML_NS}" version="1" base="a:b"`), /must not contain ":"/],
		['bad exported', file('', `xmlns="${LINKS_XML_NS}" version="1" base="b" exported="yesterday"`), /exported "yesterday" is not an ISO 8601/],
		['unknown type', file(linkEl({ ...ok, type: 'customer' })), /<link> #1: unknown type "customer"/],
		['non-GUID onecRef', file(linkEl({ ...ok, onecRef: '123' })), /<link> #1: onecRef "123" is not a GUID/],
		['non-numeric b24Id', file(linkEl({ ...ok, b24Id: '12a' })), /<link> #1: b24Id "12a" is not a positive integer/],
		['zero b24Id', file(linkEl({ ...ok, b24Id: '0' })), /b24Id "0" is not a positive integer/],
		['missing b24Id', file(linkEl({ type: 'company', onecRef: G1 })), /<link> #1: attribute b24Id is required/],
		['unknown attribute', file(linkEl({ ...ok, onecref: G1 })), /<link> #1: unknown attribute onecref/],
		['bad onecSet', file(linkEl({ ...ok, onecSet: 'Catalog Контрагенты' })), /onecSet "Catalog Контрагенты" is not an OData entity set/],
		['spaItem without entityTypeId', file(linkEl({ ...ok, type: 'spaItem' })), /spaItem link needs entityTypeId/],
		['smartInvoice with another entityTypeId', file(linkEl({ ...ok, type: 'smartInvoice', entityTypeId: '128' })), /smartInvoice link has entityTypeId 31/],
		['entityTypeId on a company', file(linkEl({ ...ok, entityTypeId: '31' })), /a company link has no entityTypeId/],
		['non-numeric entityTypeId', file(linkEl({ ...ok, type: 'spaItem', entityTypeId: 'x' })), /entityTypeId "NaN" is not a positive integer/],
		['another element', file('<item/>'), /unexpected element <item> in <links>/],
		['a child of <link>', file(`<link type="company" onecRef="${G1}" b24Id="1"><x/></link>`), /<x> inside <link> #1/],
		['text', file('some text'), /unexpected text "some text"/],
		['CDATA', file('<![CDATA[x]]>'), /unexpected CDATA/],
		['two roots', `${file('')}<links/>`, /not well-formed XML|more than one root/],
		['1C object linked twice', file([linkEl(ok), linkEl({ ...ok, b24Id: '2' })].join('\n')), /<link> #2: company .* is linked to b24Id 2 here and to b24Id 1 in <link> #1/],
		['entity linked twice', file([linkEl(ok), linkEl({ ...ok, onecRef: G2 })].join('\n')), /<link> #2: company b24Id 1 is linked to 1C .* here and to .* in <link> #1/],
		['declared encoding', `<?xml version="1.0" encoding="windows-1251"?>${file('').replace(/^<\?xml[^>]*>/, '')}`, /declares encoding "windows-1251"/],
		['empty', '  \n', /empty, not XML/],
	];
	it.each(cases)('%s', (_name, xml, message) => {
		expect(rejection(xml).message).toMatch(message);
	});

	it('names the line of the offending link', () => {
		const e = rejection(file([linkEl(ok), linkEl({ ...ok, type: 'lead', onecRef: 'nope' })].join('\n')));
		expect(e.line).toBe(4);
		expect(e.message).toMatch(/^Line 4: <link> #2: onecRef "nope"/);
	});

	it('does not treat the same ids in different spaItem types as duplicates', () => {
		const a = { ...ok, type: 'spaItem', entityTypeId: '128' };
		const b = { ...ok, type: 'spaItem', entityTypeId: '130' };
		expect(linksFromXml(file([linkEl(a), linkEl(b)].join('\n'))).links).toHaveLength(2);
	});

	const bomb =
		'<?xml version="1.0"?>\n<!DOCTYPE links [\n<!ENTITY lol "lol">\n' +
		Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`).join('\n') +
		`\n]>\n<links xmlns="${LINKS_XML_NS}" version="1" base="&lol9;"/>`;
	const external = `<?xml version="1.0"?>\n<!DOCTYPE links [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<links xmlns="${LINKS_XML_NS}" version="1" base="&x;"/>`;

	it('rejects a billion-laughs bomb without expanding it', () => {
		const started = Date.now();
		const e = rejection(bomb);
		expect(e.message).toBe('Line 2: <!DOCTYPE> is not allowed in a links file (no DTDs or entities)');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('rejects an external entity without reading it', () => {
		const e = rejection(external);
		expect(e.message).toMatch(/<!DOCTYPE> is not allowed/);
		expect(e.message).not.toMatch(/root:/);
		expect(rejection(external.replace('<!DOCTYPE', '<!doctype')).message).toMatch(/<!doctype> is not allowed/);
		expect(rejection(file('<!ENTITY x "y">')).message).toMatch(/<!ENTITY> is not allowed/);
	});

	it('the underlying sax parser does not expand declared entities either', async () => {
		// the second line of defence behind the DOCTYPE check: xml2js/sax fails on &lol9; / &x;
		await expect(parseStringPromise(bomb)).rejects.toThrow(/Invalid character entity/);
		await expect(parseStringPromise(external)).rejects.toThrow(/Invalid character entity/);
	});

	it('rejects an attribute over 1,000 characters', () => {
		expect(rejection(file(linkEl({ ...ok, onecSet: 'Ж'.repeat(1001) }))).line).toBe(3);
		linksFromXml(file(linkEl({ ...ok, onecSet: 'Ж'.repeat(1000) }))); // exactly 1,000 is fine
		expect(rejection(file(linkEl({ ...ok, onecSet: 'Ж'.repeat(1001) }))).message).toMatch(
			/<link> #1: attribute onecSet is 1001 characters long \(at most 1000\)/,
		);
		expect(rejection(file('', `xmlns="${LINKS_XML_NS}" version="1" base="b" exported="${'x'.repeat(1001)}"`)).message).toMatch(
			/<links>: attribute exported is 1001 characters/,
		);
	});

	it('rejects more than 1,000,000 links before parsing them', () => {
		const many = file('<link/>'.repeat(LINKS_FILE_LIMITS.maxLinks + 1));
		expect(rejection(many).message).toBe('The file has more than 1000000 <link> elements');
		const three = file([linkEl(ok), linkEl({ ...ok, onecRef: G2, b24Id: '2' }), linkEl({ ...ok, onecRef: G3, b24Id: '3' })].join('\n'));
		expect(linksFromXml(three, { maxLinks: 3 }).links).toHaveLength(3);
		expect(rejection(three, { maxLinks: 2 }).message).toMatch(/more than 2 <link> elements/);
	});

	it('rejects input over 200 MB before decoding it', () => {
		const big = Buffer.alloc(LINKS_FILE_LIMITS.maxBytes + 1, 0x20);
		expect(rejection(big).message).toBe('The file is 201 MB; at most 200 MB is accepted');
		expect(rejection(file(linkEl(ok)), { maxBytes: 100 }).message).toMatch(/larger than 1 MB/);
	});

	it('rejects UTF-16 and invalid UTF-8', () => {
		expect(rejection(Buffer.from('\ufeff' + file(''), 'utf16le')).message).toMatch(/UTF-16/);
		expect(rejection(Buffer.concat([Buffer.from(file('')), Buffer.from([0xc3, 0x28])])).message).toMatch(/not valid UTF-8/);
	});
});

describe('links XML: writing', () => {
	it('refuses links that could not be read back', () => {
		const meta = { baseId: BASE, exportedAt: EXPORTED };
		expect(() => linksToXml([{ ...sampleLinks()[0], baseId: 'other' }], meta)).toThrow(/belongs to base "other"/);
		expect(() => linksToXml([{ type: 'company', baseId: BASE, onecRef: 'x', b24Id: '1' }], meta)).toThrow(/#1: onecRef "x" is not a GUID/);
		const a: Link = { type: 'company', baseId: BASE, onecRef: G1, b24Id: '1' };
		expect(() => linksToXml([a, { ...a, b24Id: '2' }], meta)).toThrow(LinksFileError);
		expect(() => linksToXml([a], { baseId: 'a:b', exportedAt: EXPORTED })).toThrow(/base: a base id must not contain/);
		expect(() => linksToXml([a], { baseId: BASE, exportedAt: 'soon' })).toThrow(/not a date/);
	});

	it('documents the format', () => {
		for (const word of ['version', 'base', 'exported', 'onecRef', 'b24Id', 'onecSet', 'entityTypeId', LINKS_XML_NS, ...LINK_TYPE_NAMES]) {
			expect(LINKS_XML_SCHEMA_DOC).toContain(word);
		}
	});
});

describe('link fields on Bitrix24 entities', () => {
	const expected: Record<LinkType, Record<string, string>> = {
		company: { ORIGINATOR_ID: BASE, ORIGIN_ID: G1, ORIGIN_VERSION: 'V1' },
		contact: { ORIGINATOR_ID: BASE, ORIGIN_ID: G1, ORIGIN_VERSION: 'V1' },
		lead: { ORIGINATOR_ID: BASE, ORIGIN_ID: G1 },
		deal: { ORIGINATOR_ID: BASE, ORIGIN_ID: G1 },
		requisite: { XML_ID: `${BASE}:${G1}` },
		bankDetail: { XML_ID: `${BASE}:${G1}` },
		smartInvoice: { xmlId: `${BASE}:${G1}` },
		spaItem: { xmlId: `${BASE}:${G1}` },
		product: { xmlId: `${BASE}:${G1}` },
		storeOrder: { id1c: `${BASE}:${G1}`, version1c: 'V1' },
		invoice: { XML_ID: `${BASE}:${G1}` },
	};
	const entityTypeIdOf = (type: LinkType) => (type === 'spaItem' ? 128 : type === 'smartInvoice' ? 31 : undefined);

	it.each(LINK_TYPE_NAMES)('%s: fields to write, read back, clear', (type) => {
		const et = entityTypeIdOf(type);
		const link: Link = { type, baseId: BASE, onecRef: G1, b24Id: '42', version: 'V1', ...(et ? { entityTypeId: et } : {}) };
		const fields = linkFieldsOf(link);
		expect(fields).toEqual(expected[type]);
		const info = LINK_TYPES[type];
		const entity: Record<string, unknown> = { [info.idField]: type === 'company' ? 42 : '42', TITLE: 'x', ...fields };
		if (et) entity.entityTypeId = et;
		const back = linkFromEntity(type, BASE, entity);
		const versionKept = info.fields.version !== undefined;
		expect(back).toEqual({ ...link, ...(versionKept ? {} : { version: undefined }) });
		expect(linkFromEntity(type, 'another/base', entity)).toBeUndefined();
		const cleared = clearFieldsOf(type);
		expect(Object.keys(cleared).sort()).toEqual(Object.keys(expected[type]).concat(versionKept && !fields[info.fields.version!] ? [info.fields.version!] : []).sort());
		expect(Object.values(cleared).every((v) => v === '')).toBe(true);
		expect(readLink(type, { ...entity, ...cleared })).toBeUndefined();
	});

	it('reads legacy links (bare GUID / no ORIGINATOR_ID) as base "" and ignores foreign values', () => {
		expect(readLink('requisite', { ID: '7', XML_ID: G1.toUpperCase() })).toEqual({ type: 'requisite', baseId: '', onecRef: G1, b24Id: '7' });
		expect(linkFromEntity('requisite', BASE, { ID: '7', XML_ID: G1 })).toBeUndefined();
		expect(readLink('company', { ID: '7', ORIGINATOR_ID: null, ORIGIN_ID: G1 })).toEqual({ type: 'company', baseId: '', onecRef: G1, b24Id: '7' });
		expect(readLink('storeOrder', { id: 9, xmlId: 'bx_65a1', id1c: '' })).toBeUndefined();
		expect(readLink('storeOrder', { id: 9, xmlId: `${BASE}:${G1}`, id1c: '' })).toBeUndefined(); // the store's xmlId is not the link
		expect(readLink('company', { ID: '7', ORIGINATOR_ID: 'amo', ORIGIN_ID: '1234' })).toBeUndefined();
		expect(readLink('company', { ORIGINATOR_ID: BASE, ORIGIN_ID: G1 })).toBeUndefined(); // no id
		expect(readLink('spaItem', { id: 3, xmlId: `${BASE}:${G1}` })).toBeUndefined(); // no entityTypeId
		expect(readLink('smartInvoice', { id: 3, xmlId: `${BASE}:${G1}` })?.entityTypeId).toBe(31);
	});

	it('refuses to build fields for an invalid link', () => {
		expect(() => linkFieldsOf({ type: 'company', baseId: BASE, onecRef: 'x', b24Id: '1' })).toThrow(/Invalid link: onecRef "x"/);
		expect(() => linkFieldsOf({ type: 'spaItem', baseId: BASE, onecRef: G1, b24Id: '1' })).toThrow(/entityTypeId/);
	});
});

describe('encodeRef / decodeRef', () => {
	it('encodes <baseId>:<Ref_Key> and decodes it, a bare GUID as legacy', () => {
		expect(encodeRef(BASE, G1.toUpperCase())).toBe(`${BASE}:${G1}`);
		expect(decodeRef(`${BASE}:${G1}`)).toEqual({ baseId: BASE, ref: G1 });
		expect(decodeRef(G1)).toEqual({ ref: G1 });
		expect(decodeRef(G1)?.baseId).toBeUndefined();
	});

	it('rejects what is not a ref', () => {
		expect(() => encodeRef('a:b', G1)).toThrow(/must not contain ":"/);
		expect(() => encodeRef(BASE, 'nope')).toThrow(/must be a GUID/);
		for (const bad of ['', 'bx_123', `${BASE}:nope`, `:${G1}`, `${G1}:${G1}x`, null, 42]) expect(decodeRef(bad)).toBeUndefined();
	});
});

describe('base ids', () => {
	it.each([
		['https://srv.example.ru/bp30/odata/standard.odata/', 'srv.example.ru/bp30'],
		['https://SRV.Example.RU:443/bp30/odata/standard.odata', 'srv.example.ru/bp30'],
		['http://srv.example.ru:80/bp30/', 'srv.example.ru/bp30'],
		['http://10.0.0.5:8080/unf/odata/standard.odata/Catalog_Контрагенты?$format=json', '10.0.0.5_8080/unf'],
		['https://srv.example.ru/%D0%B1%D0%BF/odata/standard.odata/', 'srv.example.ru/бп'],
		['https://1c.example.com/odata/standard.odata/', '1c.example.com'],
		['https://user:pass@srv/a/b/odata/standard.odata/#x', 'srv/a/b'],
	])('%s → %s', (url, id) => {
		expect(baseIdFromUrl(url)).toBe(id);
		expect(baseIdProblem(id)).toBeUndefined();
	});

	it('refuses what is not a publication URL', () => {
		expect(() => baseIdFromUrl('srv/bp30')).toThrow(/Not a URL/);
		expect(() => baseIdFromUrl('ftp://srv/bp30')).toThrow(/Not an http/);
		expect(() => baseIdFromUrl(`https://srv/${'x'.repeat(120)}/odata/standard.odata/`)).toThrow(/at most 100 characters.*set the base id explicitly/);
	});

	it('validates base ids', () => {
		expect(baseIdProblem('x'.repeat(100))).toBeUndefined();
		expect(baseIdProblem('x'.repeat(101))).toMatch(/at most 100/);
		expect(baseIdProblem('a:b')).toMatch(/":"/);
		expect(baseIdProblem('a\tb')).toMatch(/control/);
		expect(baseIdProblem(' a')).toMatch(/whitespace/);
		expect(baseIdProblem('')).toMatch(/non-empty/);
	});
});

describe('planImport', () => {
	const L = (type: LinkType, onecRef: string, b24Id: string, extra: Partial<Link> = {}): Link => ({ type, baseId: BASE, onecRef, b24Id, ...extra });

	it('sorts links into toSet, unchanged and conflicts (both directions)', () => {
		const file = [
			L('company', G1, '1', { version: 'V1' }), // already there, same version → unchanged
			L('company', G2, '2'), // new → toSet
			L('company', G3, '3'), // company 3 links to another object → conflict
			L('contact', G1, '10'), // 1C object already linked to contact 11 → conflict
			L('deal', G1, '20', { version: 'ignored' }), // deals keep no version → unchanged
			L('requisite', G1, '30'), // legacy link to the same object → rewrite with base
			L('requisite', G2, '31'), // legacy link to another object → conflict
			L('bankDetail', G1, '40'), // linked to another base → conflict
			L('contact', G2, '12', { version: 'V2' }), // same link, new version → toSet
		];
		const existing = [
			L('company', G1, '1', { version: 'V1' }),
			L('company', guid(99), '3'),
			L('contact', G1, '11'),
			L('deal', G1, '20'),
			{ ...L('requisite', G1, '30'), baseId: '' },
			{ ...L('requisite', guid(98), '31'), baseId: '' },
			{ ...L('bankDetail', G1, '40'), baseId: 'copy/bp30' },
			L('contact', G2, '12', { version: 'V1' }),
		];
		const plan = planImport(file, existing);
		expect(plan.unchanged.map((l) => `${l.type}:${l.b24Id}`)).toEqual(['company:1', 'deal:20']);
		expect(plan.toSet.map((l) => `${l.type}:${l.b24Id}`)).toEqual(['company:2', 'requisite:30', 'contact:12']);
		expect(plan.conflicts.map((c) => [`${c.link.type}:${c.link.b24Id}`, `${c.existing.type}:${c.existing.b24Id}`, c.reason])).toEqual([
			['company:3', 'company:3', `Bitrix24 company 3 is already linked to another 1C object ${guid(99)} (base "${BASE}")`],
			['contact:10', 'contact:11', `1C object ${G1} is already linked to Bitrix24 contact 11`],
			['requisite:31', 'requisite:31', `Bitrix24 requisite 31 is already linked to another 1C object ${guid(98)} (no base (legacy link))`],
			['bankDetail:40', 'bankDetail:40', `Bitrix24 bankDetail 40 is linked to 1C object ${G1} of base "copy/bp30"; importing would replace that link`],
		]);
	});

	it('does not mix up smart processes, other kinds or other bases on the 1C side', () => {
		const file = [L('spaItem', G1, '5', { entityTypeId: 130 }), L('company', G1, '5')];
		const existing = [L('spaItem', G1, '6', { entityTypeId: 128 }), L('contact', G1, '7'), { ...L('company', G1, '8'), baseId: 'copy/bp30' }];
		const plan = planImport(file, existing);
		expect(plan.toSet).toEqual(file);
		expect(plan.conflicts).toEqual([]);
	});

	it('reports a clash inside the import itself and skips exact repeats', () => {
		const plan = planImport([L('company', G1, '1'), L('company', G1, '1'), L('company', G2, '1')], []);
		expect(plan.toSet).toEqual([L('company', G1, '1')]);
		expect(plan.conflicts).toHaveLength(1);
		expect(plan.conflicts[0].reason).toMatch(/the import itself links company 1/);
	});

	it('round-trips with a file: an exported file planned against its own links is all unchanged', () => {
		const links = sampleLinks();
		const { links: fromFile } = linksFromXml(linksToXml(links, { baseId: BASE, exportedAt: EXPORTED }));
		const existing = links.map((l) => readLink(l.type, { [LINK_TYPES[l.type].idField]: l.b24Id, entityTypeId: l.entityTypeId, ...linkFieldsOf(l) })!);
		const plan = planImport(fromFile, existing);
		expect(plan.unchanged).toHaveLength(links.length);
		expect(plan.toSet).toEqual([]);
	});
});

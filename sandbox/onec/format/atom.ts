/**
 * Atom/XML writer (the default format): `<feed>` of `<entry>`s or a single `<entry>`, each with
 * `<id>` (canonical URL), `<category term="StandardODATA.Set">`, empty title/author/summary,
 * `<updated>`, one related `<link>` per FILLED reference (empty references get none — DR feeds),
 * the edit link, and `<content type="application/xml"><m:properties>` with `<d:Name>` elements —
 * no `m:type` on primitives, empty strings self-closed, nulls `m:null="true"`, tabular sections as
 * typed collections of `<d:element>`, complex values (`ValueType`) as nested `<d:…>` with string
 * lists typed `Collection(Edm.String)`. A `<feed>` holds only its entries (and `<m:count>`), no
 * feed-level id/title/author/link (DR captures; DOC §17.4.6.2 example). Virtual tables:
 * `<d:Result m:type="Collection(…)">` of `<d:element>` with only the columns the call produced.
 */
import { escapeXml } from '../errors';
import type { ComplexTypeDef, EntitySetDef, PropertyDef } from '../model/schema-types';
import { canonicalPath, isFilledRef, producedProperties, selectedProperties, textValue, type Row } from './values';

const NS_ATOM = 'http://www.w3.org/2005/Atom';
const NS_D = 'http://schemas.microsoft.com/ado/2007/08/dataservices';
const NS_M = 'http://schemas.microsoft.com/ado/2007/08/dataservices/metadata';
const REL = 'http://schemas.microsoft.com/ado/2007/08/dataservices/related/';
const SCHEME = 'http://schemas.microsoft.com/ado/2007/08/dataservices/scheme';

export interface AtomContext {
	root: string;
	select?: Set<string>;
	/** `<updated>` timestamp (server-local wall clock, no offset) */
	updated: string;
	presentations?: (row: Row) => Record<string, string>;
}

type Complex = (name: string) => ComplexTypeDef | undefined;

/** A complex value (e.g. `TypeDescription`): nested elements; a list of primitives is `Collection(Edm.String)`. */
function complexXml(name: string, v: unknown, indent: string): string {
	if (Array.isArray(v)) {
		const typeAttr = 'm:type="Collection(Edm.String)"';
		if (!v.length) return `${indent}<d:${name} ${typeAttr}/>\n`;
		return `${indent}<d:${name} ${typeAttr}>\n${v.map((x) => `${indent}\t<d:element>${escapeXml(textValue(x))}</d:element>\n`).join('')}${indent}</d:${name}>\n`;
	}
	if (v !== null && typeof v === 'object') {
		const inner = Object.entries(v as Row).map(([k, x]) => complexXml(k, x, indent + '\t')).join('');
		return `${indent}<d:${name}>\n${inner}${indent}</d:${name}>\n`;
	}
	if (v === null || v === undefined) return `${indent}<d:${name} m:null="true"/>\n`;
	const text = textValue(v);
	return text === '' ? `${indent}<d:${name}/>\n` : `${indent}<d:${name}>${escapeXml(text)}</d:${name}>\n`;
}

function propertyXml(p: PropertyDef, v: unknown, complex: Complex, indent: string): string {
	if (p.role.kind === 'tabular' || p.role.kind === 'recordSet') {
		const rt = complex(p.role.rowType);
		const rows = (v as Row[] | undefined) ?? [];
		const typeAttr = `m:type="Collection(StandardODATA.${p.role.rowType})"`;
		if (!rows.length || !rt) return `${indent}<d:${p.name} ${typeAttr}/>\n`;
		const inner = rows
			.map((r) => `${indent}\t<d:element m:type="StandardODATA.${p.role.kind === 'tabular' || p.role.kind === 'recordSet' ? p.role.rowType : ''}">\n${rt.properties.map((q) => propertyXml(q, r[q.name], complex, indent + '\t\t')).join('')}${indent}\t</d:element>\n`)
			.join('');
		return `${indent}<d:${p.name} ${typeAttr}>\n${inner}${indent}</d:${p.name}>\n`;
	}
	return complexXml(p.name, v, indent);
}

function entryBody(set: EntitySetDef, row: Row, ctx: AtomContext, complex: Complex, indent: string): string {
	const self = canonicalPath(set, row);
	const wanted = (key: string) => !ctx.select || ctx.select.has('*') || ctx.select.has('**') || ctx.select.has(key);
	const links = set.navigations
		.filter((n) => isFilledRef(row[n.keyProperty]) && wanted(n.keyProperty))
		.map((n) => `${indent}<link rel="${REL}${escapeXml(n.name)}" href="${escapeXml(self)}/${escapeXml(n.name)}" type="application/atom+xml;type=entry;charset=utf-8" title="${escapeXml(n.name)}"/>\n`)
		.join('');
	const props = selectedProperties(set, ctx.select)
		.map((p) => propertyXml(p, row[p.name], complex, indent + '\t'))
		.join('');
	const pres = ctx.presentations
		? Object.entries(ctx.presentations(row))
				.map(([k, v]) => `${indent}\t<d:${k}>${escapeXml(v)}</d:${k}>\n`)
				.join('')
		: '';
	return (
		`${indent}<id>${escapeXml(ctx.root + self)}</id>\n` +
		`${indent}<category term="StandardODATA.${escapeXml(set.name)}" scheme="${SCHEME}"/>\n` +
		`${indent}<title type="text"/>\n${indent}<updated>${ctx.updated}</updated>\n${indent}<author/>\n${indent}<summary/>\n` +
		links +
		`${indent}<link rel="edit" href="${escapeXml(self)}" title="edit-link"/>\n` +
		`${indent}<content type="application/xml"><m:properties xmlns:d="${NS_D}" xmlns:m="${NS_M}">\n${props}${pres}${indent}</m:properties>\n${indent}</content>\n`
	);
}

export function atomEntry(set: EntitySetDef, row: Row, ctx: AtomContext, complex: Complex): string {
	return (
		`<?xml version="1.0" encoding="UTF-8"?>\n<entry xmlns="${NS_ATOM}" xmlns:d="${NS_D}" xmlns:m="${NS_M}" xml:base="${escapeXml(ctx.root)}">\n` +
		entryBody(set, row, ctx, complex, '\t') +
		'</entry>'
	);
}

export function atomFeed(set: EntitySetDef, rows: Row[], ctx: AtomContext, complex: Complex, count?: number): string {
	const entries = rows.map((r) => `\t<entry>\n${entryBody(set, r, ctx, complex, '\t\t')}\t</entry>\n`).join('');
	const countXml = count === undefined ? '' : `\t<m:count>${count}</m:count>\n`;
	return (
		`<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="${NS_ATOM}" xmlns:d="${NS_D}" xmlns:m="${NS_M}" xml:base="${escapeXml(ctx.root)}">\n` +
		entries +
		countXml +
		'</feed>'
	);
}

export function atomComplexCollection(type: ComplexTypeDef, rows: Row[], complex: Complex, presentations?: (row: Row) => Record<string, string>): string {
	const els = rows
		.map((r) => {
			const props = producedProperties(type, r)
				.map((p) => propertyXml(p, r[p.name], complex, '\t\t'))
				.join('');
			const pres = presentations
				? Object.entries(presentations(r))
						.map(([k, v]) => `\t\t<d:${k}>${escapeXml(v)}</d:${k}>\n`)
						.join('')
				: '';
			return `\t<d:element m:type="StandardODATA.${type.name}">\n${props}${pres}\t</d:element>\n`;
		})
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<d:Result xmlns:d="${NS_D}" xmlns:m="${NS_M}" m:type="Collection(StandardODATA.${type.name})">\n${els}</d:Result>`;
}

/** The service document: one collection per entity set. */
export function atomServiceDocument(root: string, sets: string[]): string {
	const cols = sets.map((s) => `<collection href="${escapeXml(s)}"><atom:title>${escapeXml(s)}</atom:title></collection>`).join('');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<service xmlns="http://www.w3.org/2007/app" xmlns:atom="${NS_ATOM}" xml:base="${escapeXml(root)}"><workspace><atom:title>Default</atom:title>${cols}</workspace></service>`;
}

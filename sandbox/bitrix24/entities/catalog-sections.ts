/**
 * `catalog.section.add|update|delete` (b24-rest-docs api-reference/catalog/section): fields
 * iblockId*, name*, iblockSectionId, xmlId, code (unique in the iblock), sort (500), active (Y),
 * description, descriptionType (text|html); the answer is `{ section }` with the stored row.
 * Errors: no `fields` → 100; required fields → 0; unknown iblock → 200700300050; a parent of
 * another iblock → 200700300000; duplicate code → 200700300040; unknown section → 200700300030.
 */
import { RestError } from '../core/errors';
import type { MethodDef, Registry } from '../core/registry';
import type { Row, Store } from '../core/store';
import { CATALOG_IBLOCK_ID, CatalogErrors, catalogFields, catalogId, products, sections, sortedKeys } from './catalog-common';

const SectionErrors = {
	iblock: () => new RestError(200700300050, 'Iblock is not exists'),
	parent: () => new RestError(200700300000, 'Parent section belongs to another iblock or does not exist'),
	code: () => new RestError(200700300040, 'Section code must be unique'),
	notFound: () => new RestError(200700300030, 'Section is not exists'),
};

const def = (handler: MethodDef['handler']): MethodDef => ({ scope: 'catalog', crmAccess: 'catalog', handler });
const text = (v: unknown) => (v === undefined || v === null ? null : String(v));

function mustSection(store: Store, id: number): Row {
	const row = sections(store).get(id);
	if (!row) throw SectionErrors.notFound();
	return row;
}

/** The stored values of `fields`, checked against the iblock, the parent and code uniqueness. */
function sectionPatch(store: Store, id: number | undefined, fields: Record<string, unknown>): Row {
	const out: Row = {};
	if (fields.iblockId !== undefined && Number(fields.iblockId) !== CATALOG_IBLOCK_ID) throw SectionErrors.iblock();
	if (fields.name !== undefined) out.name = String(fields.name);
	if (fields.iblockSectionId !== undefined) {
		const parent = fields.iblockSectionId === null || fields.iblockSectionId === '' || Number(fields.iblockSectionId) === 0 ? null : Number(fields.iblockSectionId);
		if (parent !== null && (!sections(store).get(parent) || parent === id)) throw SectionErrors.parent();
		out.iblockSectionId = parent;
	}
	if (fields.code !== undefined) {
		const code = text(fields.code) || null;
		if (code && sections(store).where((s) => s.code === code && s.id !== id).length) throw SectionErrors.code();
		out.code = code;
	}
	if (fields.xmlId !== undefined) out.xmlId = text(fields.xmlId) || null;
	if (fields.sort !== undefined) out.sort = Number(fields.sort);
	if (fields.active !== undefined) out.active = fields.active === 'N' || fields.active === false ? 'N' : 'Y';
	if (fields.description !== undefined) out.description = text(fields.description);
	if (fields.descriptionType !== undefined) out.descriptionType = fields.descriptionType === 'html' ? 'html' : 'text';
	return out;
}

export function registerSectionWrites(reg: Registry): void {
	reg.define('catalog.section.add', def((ctx) => {
		const { store } = ctx.portal;
		const fields = catalogFields(ctx.params);
		const missing = ['iblockId', 'name'].filter((k) => fields[k] === undefined || fields[k] === null || fields[k] === '');
		if (missing.length) throw CatalogErrors.required(missing);
		const id = sections(store).nextId;
		const patch = sectionPatch(store, undefined, fields);
		const row = sections(store).insert({ active: 'Y', code: null, description: null, descriptionType: 'text', iblockSectionId: null, sort: 500, xmlId: null, ...patch, iblockId: CATALOG_IBLOCK_ID, id });
		return { section: sortedKeys(row) };
	}));
	reg.define('catalog.section.update', def((ctx) => {
		const { store } = ctx.portal;
		const id = catalogId(ctx.params);
		const fields = catalogFields(ctx.params);
		const row = mustSection(store, id);
		Object.assign(row, sectionPatch(store, id, fields), { id, iblockId: CATALOG_IBLOCK_ID });
		return { section: sortedKeys(row) };
	}));
	reg.define('catalog.section.delete', def((ctx) => {
		const { store } = ctx.portal;
		const row = mustSection(store, catalogId(ctx.params));
		// the iblock moves the section's products to the top level and deletes its subsections
		const gone = new Set<unknown>([row.id]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const s of sections(store).all()) {
				if (gone.has(s.id) || !gone.has(s.iblockSectionId)) continue;
				gone.add(s.id);
				grew = true;
			}
		}
		for (const p of products(store).all()) if (gone.has(p.iblockSectionId)) p.iblockSectionId = null;
		for (const id of gone) sections(store).delete(id as number);
		return true;
	}));
}

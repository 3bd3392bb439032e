/**
 * Pickers of the 1C node against the sandbox: the entity-set list reads only the service
 * document (never the multi-megabyte `$metadata`), grouped per resource and searchable; fields,
 * writable fields, tabular sections and enums come from `$metadata`, read once per picker call.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { listSearch, loadOptions } from '../../nodes/OneC/methods';
import { fakeOneCHost, oneCCredential } from '../helpers/onec-host';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 20 });
});
afterAll(async () => sb?.close());

function context(id: string, parameters: Record<string, unknown>) {
	const host = fakeOneCHost(oneCCredential(sb.publications.find((p) => p.id === id)!));
	const ctx = {
		...host,
		getCurrentNodeParameter: (name: string, o?: { extractValue?: boolean }) => {
			const v = parameters[name] as { value?: unknown } | undefined;
			return o?.extractValue && v && typeof v === 'object' ? v.value : v;
		},
	} as unknown as ILoadOptionsFunctions;
	return { ctx, host };
}

const rl = (value: string) => ({ __rl: true, mode: 'list', value });

describe.each(['bp30', 'unf', 'ut11'])('pickers on %s', (id) => {
	it('entity sets per resource from the service document only', async () => {
		const { ctx, host } = context(id, { resource: 'document' });
		const docs = (await listSearch.searchEntitySets.call(ctx)) as INodeListSearchResult;
		expect(docs.results.length).toBeGreaterThan(3);
		expect(docs.results.every((r) => String(r.value).startsWith('Document_'))).toBe(true);
		expect(host.urls.every((u) => !u.includes('$metadata'))).toBe(true);
		const { ctx: c2 } = context(id, { resource: 'catalog' });
		const hits = (await listSearch.searchEntitySets.call(c2, 'контраг')) as INodeListSearchResult;
		expect(hits.results.map((r) => r.value)).toContain('Catalog_Контрагенты');
		expect(hits.results.every((r) => String(r.value).toLowerCase().includes('контраг'))).toBe(true);
	});

	it('fields with types, writable fields, tabular sections and enums from $metadata (one download per call)', async () => {
		const { ctx, host } = context(id, { entitySet: rl('Catalog_Контрагенты') });
		const fields = (await loadOptions.getFilterFields.call(ctx)) as INodePropertyOptions[];
		expect(fields.find((f) => f.value === 'ИНН')?.description).toBe('Edm.String');
		expect(fields.find((f) => f.value === 'Ref_Key')).toBeDefined();
		expect(host.urls.filter((u) => u.includes('$metadata'))).toHaveLength(1);
		const writable = (await loadOptions.getWritableFields.call(ctx)) as INodePropertyOptions[];
		expect(writable.find((f) => f.value === 'Ref_Key')).toBeUndefined();
		expect(writable.find((f) => f.value === 'Description')).toBeDefined();
		const tabular = (await loadOptions.getTabularSections.call(ctx)) as INodePropertyOptions[];
		expect(tabular.map((t) => t.value)).toContain('КонтактнаяИнформация');
		const enums = (await loadOptions.getEnumTypes.call(ctx)) as INodePropertyOptions[];
		expect(enums.map((e) => e.value)).toContain('ЮридическоеФизическоеЛицо');
	});
});

it('an unknown entity set in the picker is a clear error', async () => {
	const { ctx } = context('bp30', { entitySet: rl('Catalog_НетТакого') });
	await expect(loadOptions.getFilterFields.call(ctx)).rejects.toThrow('the entity set "Catalog_НетТакого" is not in the published composition');
});

/**
 * The 1C node on the real n8n engine against the 1C sandbox, every operation on БП 3.0, УНФ and
 * УТ 11 alike: catalogs (get by key/Code/field, get many with the filter builder and paging,
 * create, create-or-update, mark/unmark, delete), documents (a copy of a seeded customer order
 * created with its tabular section and posted, unposted), tabular rows, enums, registers and
 * virtual tables. Output typing: Int64 → numbers, dates with the zone offset.
 */
import type { IDataObject } from 'n8n-workflow';
import { CONFIGURATIONS } from '../../sandbox/onec/config';
import { startOneCSandbox, type BaseId, type OneCSandbox } from '../../sandbox/onec/server';
import { CONTINUE, oneCRunner, onecAdmin, set } from '../helpers/onec-node';
import { json } from '../helpers/b24-node';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await startOneCSandbox({ companies: 120 });
});
afterAll(async () => sb?.close());

const CP = 'Catalog_Контрагенты';
/** Fields 1C fills itself or that identify the source object: not copied into a new document. */
const SYSTEM = new Set(['Ref_Key', 'DataVersion', 'Number', 'Posted', 'DeletionMark', 'Date']);

describe.each(['bp30', 'unf', 'ut11'] as BaseId[])('1C node on %s', (id) => {
	const run = oneCRunner(() => sb.publications.find((p) => p.id === id)!);
	const roles = CONFIGURATIONS[id].roles;
	const one = async (parameters: IDataObject) => {
		const r = await run(parameters);
		expect(r.error).toBeUndefined();
		return json(r);
	};

	it('gets many counterparties with paging, typed output and the filter builder', async () => {
		const all = await one({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), returnAll: true, options: { pageSize: 40, select: 'Ref_Key,Description,ИНН,DataVersion' } });
		const stored = (await onecAdmin(sb, `base/${id}/${encodeURIComponent(CP)}`)) as unknown[];
		expect(all).toHaveLength(stored.length);
		expect(new Set(all.map((r) => r.Ref_Key)).size).toBe(all.length);
		const withInn = all.find((r) => String(r.ИНН ?? '').length >= 10)!;
		const hits = await one({
			resource: 'catalog',
			operation: 'getAll',
			entitySet: set(CP),
			limit: 5,
			filters: { conditions: [{ field: 'ИНН', operator: 'eq', value: withInn.ИНН, valueType: 'auto' }] },
		});
		expect(hits.map((r) => r.Ref_Key)).toContain(withInn.Ref_Key);
		expect(hits.every((r) => r.ИНН === withInn.ИНН)).toBe(true);
		expect(hits.length).toBe(all.filter((r) => r.ИНН === withInn.ИНН).length);
		// a Cyrillic like() pattern with a quote inside never breaks the URL
		const none = await one({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 5, filters: { conditions: [{ field: 'Description', operator: 'like', value: "О'Нил%" }] } });
		expect(none).toEqual([]);
	});

	it('gets one counterparty by key, by Code and by a field; a missing one is an error item naming the value', async () => {
		const [first] = await one({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 1 });
		const byKey = await one({ resource: 'catalog', operation: 'get', entitySet: set(CP), findBy: 'key', key: first.Ref_Key });
		expect(byKey[0].Ref_Key).toBe(first.Ref_Key);
		expect(String(byKey[0].Description).length).toBeGreaterThan(0);
		if (first.Code !== undefined) {
			const byCode = await one({ resource: 'catalog', operation: 'get', entitySet: set(CP), findBy: 'code', lookupValue: String(first.Code) });
			expect(byCode[0].Ref_Key).toBe(first.Ref_Key);
		}
		const missing = await run({ resource: 'catalog', operation: 'get', entitySet: set(CP), findBy: 'field', lookupField: 'ИНН', lookupValue: '0000000000' }, [{}], CONTINUE);
		expect(json(missing)[0].error).toContain(`${CP}: no object with ИНН = '0000000000'`);
	});

	it('creates, upserts by INN (no duplicate), marks, unmarks and deletes a counterparty', async () => {
		const inn = id === 'bp30' ? '7707083893' : id === 'unf' ? '7736207543' : '7710140679';
		const data = { dataMode: 'fields', fields: { field: [{ name: 'Description', value: `ООО «Тест ${id}»` }, { name: 'ИНН', value: inn }] } };
		const [created] = await one({ resource: 'catalog', operation: 'create', entitySet: set(CP), ...data });
		expect(created.ИНН).toBe(inn);
		const [again] = await one({ resource: 'catalog', operation: 'upsert', entitySet: set(CP), matchField: 'ИНН', matchValue: inn, dataMode: 'json', json: JSON.stringify({ Description: `ООО «Тест ${id} 2»` }) });
		expect(again.Ref_Key).toBe(created.Ref_Key);
		expect(again.Description).toBe(`ООО «Тест ${id} 2»`);
		const found = await one({ resource: 'catalog', operation: 'getAll', entitySet: set(CP), limit: 5, filters: { conditions: [{ field: 'ИНН', operator: 'eq', value: inn }] } });
		expect(found).toHaveLength(1);
		const [marked] = await one({ resource: 'catalog', operation: 'markForDeletion', entitySet: set(CP), key: created.Ref_Key });
		expect(marked.DeletionMark).toBe(true);
		const [unmarked] = await one({ resource: 'catalog', operation: 'unmarkForDeletion', entitySet: set(CP), key: created.Ref_Key });
		expect(unmarked.DeletionMark).toBe(false);
		const [deleted] = await one({ resource: 'catalog', operation: 'delete', entitySet: set(CP), key: created.Ref_Key });
		expect(deleted.deleted).toBe(true);
		const gone = await run({ resource: 'catalog', operation: 'get', entitySet: set(CP), key: created.Ref_Key }, [{}], CONTINUE);
		expect(json(gone)[0].error).toBe(`1C ${CP}(guid'${String(created.Ref_Key)}'): no object with this key (code 9)`);
	});

	it('creates a customer order (БП: invoice) with its tabular section, posts it, reads its rows, unposts it', async () => {
		const orderSet = roles.order ?? roles.invoice;
		const [src] = await one({ resource: 'document', operation: 'getAll', entitySet: set(orderSet), limit: 1, filters: { conditions: [{ field: 'Posted', operator: 'eq', value: 'true' }] }, options: { output: 'raw' } });
		const body: IDataObject = {};
		let section = '';
		for (const [k, v] of Object.entries(src)) {
			if (SYSTEM.has(k) || k.includes('@')) continue;
			if (Array.isArray(v)) {
				if (v.length && !section) section = k;
				body[k] = (v as IDataObject[]).map(({ Ref_Key: _r, LineNumber: _l, ...row }) => row);
			} else body[k] = v;
		}
		expect(section).not.toBe('');
		body.Date = '2026-11-24T10:00:00+03:00';
		const [created] = await one({ resource: 'document', operation: 'create', entitySet: set(orderSet), dataMode: 'json', json: JSON.stringify(body), writeOptions: { post: 'post' } });
		expect(created.Posted).toBe(true);
		expect(created.Date).toBe('2026-11-24T10:00:00+03:00');
		const rows = created[section] as IDataObject[];
		expect(rows.map((r) => r.LineNumber)).toEqual(rows.map((_r, i) => i + 1));
		const tab = await one({ resource: 'tabularSection', operation: 'getAll', entitySet: set(`${orderSet}_${section}`), ownerKey: created.Ref_Key, returnAll: true });
		expect(tab).toHaveLength(rows.length);
		const [unposted] = await one({ resource: 'document', operation: 'unpost', entitySet: set(orderSet), key: created.Ref_Key });
		expect(unposted.Posted).toBe(false);
		const [reread] = await one({ resource: 'document', operation: 'get', entitySet: set(orderSet), key: created.Ref_Key, options: { select: 'Ref_Key,Posted' } });
		expect(reread.Posted).toBe(false);
	});

	it('reads accumulation records, a virtual-table Balance with a Condition, and enum values', async () => {
		const reg = roles.settlementsRegister ?? roles.paymentsRegister;
		const records = await one({ resource: 'accumulationRegister', operation: 'getAll', entitySet: set(reg), limit: 3 });
		expect(records.length).toBeGreaterThan(0);
		const balance = await one({ resource: 'virtualTable', operation: 'get', entitySet: set(reg), virtualFunction: 'Balance', period: '2030-01-01T00:00:00' });
		expect(balance.length).toBeGreaterThan(0);
		const cpField = Object.keys(balance[0]).find((k) => k.startsWith('Контрагент') && k.endsWith('_Key'))!;
		const target = balance[0][cpField] as string;
		const filtered = await one({ resource: 'virtualTable', operation: 'get', entitySet: set(reg), virtualFunction: 'Balance', filters: { conditions: [{ field: cpField, operator: 'eq', value: target }] } });
		expect(filtered.length).toBeGreaterThan(0);
		expect(filtered.every((r) => r[cpField] === target)).toBe(true);
		const enums = await one({ resource: 'enum', operation: 'getAll', enumType: 'ЮридическоеФизическоеЛицо' });
		expect(enums.map((e) => e.value)).toEqual(expect.arrayContaining(['ЮридическоеЛицо', 'ФизическоеЛицо']));
	});
});

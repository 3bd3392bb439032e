/**
 * n8n Data tables for the in-process runner (test/helpers/workflow.ts): the part of n8n's
 * data-table proxy that the Data table node calls (`additionalData['data-table']`), kept in memory
 * for one test. Tables by name (lower-cased lookup, as n8n), typed columns, rows with `id`,
 * `createdAt`, `updatedAt`; filters `and`/`or` of eq / neq / like / gt / gte / lt / lte / isEmpty.
 * Only what the templates use — not a second implementation of n8n's service.
 */
import type { IDataObject } from 'n8n-workflow';

type Value = string | number | boolean | Date | null;
type Row = Record<string, Value>;

interface Column {
	name: string;
	type: string;
}

interface Table {
	id: string;
	name: string;
	columns: Column[];
	rows: Row[];
	nextId: number;
}

interface Condition {
	columnName: string;
	condition: string;
	value: Value;
}

interface Filter {
	type?: 'and' | 'or';
	filters?: Condition[];
}

const cmp = (a: Value, b: Value) => (a instanceof Date ? a.getTime() : (a as number)) - (b instanceof Date ? b.getTime() : new Date(String(b)).getTime() || (b as number));

function matches(row: Row, f: Filter | undefined): boolean {
	const conds = f?.filters ?? [];
	if (!conds.length) return true;
	const test = (c: Condition): boolean => {
		const v = row[c.columnName] ?? null;
		switch (c.condition) {
			case 'eq':
				return v === c.value || (v instanceof Date && c.value !== null && cmp(v, c.value) === 0);
			case 'neq':
				return v !== c.value;
			case 'like':
			case 'ilike':
				return new RegExp(`^${String(c.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, c.condition === 'ilike' ? 'i' : '').test(String(v ?? ''));
			case 'gt':
				return v !== null && cmp(v, c.value) > 0;
			case 'gte':
				return v !== null && cmp(v, c.value) >= 0;
			case 'lt':
				return v !== null && cmp(v, c.value) < 0;
			case 'lte':
				return v !== null && cmp(v, c.value) <= 0;
			default:
				throw new Error(`data table filter "${c.condition}" is not emulated`);
		}
	};
	return f?.type === 'or' ? conds.some(test) : conds.every(test);
}

function coerce(t: Table, data: IDataObject): Row {
	const row: Row = {};
	for (const [k, v] of Object.entries(data)) {
		const col = t.columns.find((c) => c.name === k);
		if (!col) throw new Error(`unknown column '${k}' in data table "${t.name}"`);
		if (v === null || v === undefined) row[k] = null;
		else if (col.type === 'date') row[k] = v instanceof Date ? v : new Date(String(v));
		else if (col.type === 'number') row[k] = Number(v);
		else if (col.type === 'boolean') row[k] = v === true || v === 'true';
		else row[k] = String(v);
	}
	return row;
}

/** The data tables of one test: pass the same instance to every run that should see them. */
export class DataTables {
	readonly tables: Table[] = [];

	/** rows of a table by name ([] when it does not exist) */
	rows(name: string): Row[] {
		return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase())?.rows ?? [];
	}

	/** what n8n-core reads from `additionalData['data-table']` */
	provider() {
		return {
			dataTableProxyProvider: {
				getDataTableAggregateProxy: async () => this.aggregate(),
				getDataTableProxy: async (_wf: unknown, _node: unknown, id: string) => this.proxy(id),
			},
		};
	}

	private aggregate() {
		return {
			getProjectId: async () => 'test-project',
			getManyAndCount: async (o: { filter?: { name?: string; id?: string }; take?: number }) => {
				const data = this.tables.filter((t) => (!o.filter?.name || t.name.toLowerCase() === o.filter.name.toLowerCase()) && (!o.filter?.id || t.id === o.filter.id));
				return { count: data.length, data: data.slice(0, o.take ?? data.length).map((t) => this.info(t)) };
			},
			createDataTable: async (o: { name: string; columns: Column[] }) => {
				if (this.tables.some((t) => t.name.toLowerCase() === o.name.toLowerCase())) throw new Error(`Data table with name "${o.name}" already exists`);
				const t: Table = { id: `dt${this.tables.length + 1}`, name: o.name, columns: o.columns.map((c) => ({ name: c.name, type: c.type })), rows: [], nextId: 1 };
				this.tables.push(t);
				return this.info(t);
			},
		};
	}

	private info(t: Table) {
		return { id: t.id, name: t.name, projectId: 'test-project', columns: t.columns.map((c, index) => ({ ...c, index, id: `${t.id}c${index}` })) };
	}

	private proxy(id: string) {
		const t = this.tables.find((x) => x.id === id);
		if (!t) throw new Error(`Data table with id ${id} not found`);
		const now = () => new Date();
		return {
			getColumns: async () => this.info(t).columns,
			insertRows: async (rows: IDataObject[], returnType: 'all' | 'count' | 'id') => {
				const added = rows.map((r) => ({ id: t.nextId++, ...coerce(t, r), createdAt: now(), updatedAt: now() }) as Row);
				t.rows.push(...added);
				return returnType === 'count' ? { success: true, insertedRows: added.length } : returnType === 'id' ? added.map((r) => ({ id: r.id })) : added.map((r) => ({ ...r }));
			},
			getManyRowsAndCount: async (o: { skip?: number; take?: number; filter?: Filter }) => {
				const all = t.rows.filter((r) => matches(r, o.filter));
				const skip = o.skip ?? 0;
				return { count: all.length, data: all.slice(skip, o.take ? skip + o.take : undefined).map((r) => ({ ...r })) };
			},
			updateRows: async (o: { filter: Filter; data: IDataObject }) => {
				const hit = t.rows.filter((r) => matches(r, o.filter));
				for (const r of hit) Object.assign(r, coerce(t, o.data), { updatedAt: now() });
				return hit.map((r) => ({ ...r }));
			},
			// update the rows the filter matches, or insert the data when none does
			upsertRow: async (o: { filter: Filter; data: IDataObject }) => {
				const hit = t.rows.filter((r) => matches(r, o.filter));
				for (const r of hit) Object.assign(r, coerce(t, o.data), { updatedAt: now() });
				if (hit.length) return hit.map((r) => ({ ...r }));
				const added = { id: t.nextId++, ...coerce(t, o.data), createdAt: now(), updatedAt: now() } as Row;
				t.rows.push(added);
				return [{ ...added }];
			},
			deleteRows: async (o: { filter: Filter }) => {
				const gone = t.rows.filter((r) => matches(r, o.filter));
				t.rows = t.rows.filter((r) => !gone.includes(r));
				return gone;
			},
		};
	}
}

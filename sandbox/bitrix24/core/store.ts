/** In-memory tables with id sequences; the whole store snapshots to JSON (optional data dir). */
export type Row = Record<string, unknown>;

export class Table {
	readonly rows = new Map<number, Row>();
	nextId = 1;
	/** rows are kept in id order while ids only grow; `all()` sorts only after an out-of-order insert */
	private ordered = true;

	constructor(
		readonly name: string,
		readonly idKey: string = 'ID',
	) {}

	/** Stores a copy of `row` (id first) and returns the stored row: keep using the returned one. */
	insert(row: Row): Row {
		let id = Number(row[this.idKey]);
		if (!Number.isFinite(id) || id <= 0) id = this.nextId;
		this.nextId = Math.max(this.nextId, id + 1);
		const stored: Row = { [this.idKey]: id, ...row };
		stored[this.idKey] = id;
		if (id < this.nextId - 1 || this.rows.has(id)) this.ordered = false;
		this.rows.set(id, stored);
		return stored;
	}

	get(id: unknown): Row | undefined {
		return this.rows.get(Number(id));
	}

	update(id: unknown, patch: Row): Row | undefined {
		const row = this.get(id);
		if (!row) return undefined;
		Object.assign(row, patch, { [this.idKey]: row[this.idKey] });
		return row;
	}

	delete(id: unknown): boolean {
		return this.rows.delete(Number(id));
	}

	/** All rows in id order. */
	all(): Row[] {
		if (!this.ordered) {
			const sorted = [...this.rows.values()].sort((a, b) => Number(a[this.idKey]) - Number(b[this.idKey]));
			this.rows.clear();
			for (const r of sorted) this.rows.set(Number(r[this.idKey]), r);
			this.ordered = true;
		}
		return [...this.rows.values()];
	}

	where(pred: (r: Row) => boolean): Row[] {
		return this.all().filter(pred);
	}

	get size(): number {
		return this.rows.size;
	}
}

export class Store {
	private readonly tables = new Map<string, Table>();

	table(name: string, idKey = 'ID'): Table {
		let t = this.tables.get(name);
		if (t && t.idKey !== idKey) throw new Error(`table ${name} is keyed by ${t.idKey}, not ${idKey}`);
		if (!t) {
			t = new Table(name, idKey);
			this.tables.set(name, t);
		}
		return t;
	}

	/** An existing table, whatever its key (admin reads). */
	find(name: string): Table | undefined {
		return this.tables.get(name);
	}

	names(): string[] {
		return [...this.tables.keys()].sort();
	}

	snapshot(): Record<string, { idKey: string; nextId: number; rows: Row[] }> {
		const out: Record<string, { idKey: string; nextId: number; rows: Row[] }> = {};
		for (const [name, t] of this.tables) out[name] = { idKey: t.idKey, nextId: t.nextId, rows: t.all() };
		return out;
	}

	restore(snap: Record<string, { idKey: string; nextId: number; rows: Row[] }>): void {
		this.tables.clear();
		for (const [name, s] of Object.entries(snap)) {
			const t = this.table(name, s.idKey);
			for (const r of s.rows) t.insert(r);
			t.nextId = s.nextId;
		}
	}

	clear(): void {
		this.tables.clear();
	}
}

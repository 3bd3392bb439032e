import { buildFilter, dateTimeLiteral, encodePath, encodeQuery, filterCondition, formatDateTime, guidLiteral, numberLiteral, splitInChunks, stringLiteral, booleanLiteral } from '../../lib/odata';

const G = 'C80D95C4-659D-11EF-88AC-00155D5902AE';
const guid = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('literals', () => {
	it('guid: validated, lower-cased', () => {
		expect(guidLiteral(G)).toBe("guid'c80d95c4-659d-11ef-88ac-00155d5902ae'");
		expect(() => guidLiteral("x' or 1 eq 1")).toThrow(/Not a GUID/);
	});
	it("strings double '", () => {
		expect(stringLiteral("ООО 'Ромашка'")).toBe("'ООО ''Ромашка'''");
	});
	it('numbers and booleans', () => {
		expect(numberLiteral('12,5')).toBe('12.5');
		expect(() => numberLiteral('abc')).toThrow();
		expect(booleanLiteral('true')).toBe('true');
		expect(booleanLiteral(false)).toBe('false');
	});
	it('datetime in the server time zone', () => {
		expect(dateTimeLiteral(new Date('2025-01-17T10:09:06Z'), 'Europe/Moscow')).toBe("datetime'2025-01-17T13:09:06'");
		expect(formatDateTime('2025-07-01T23:30:00Z', 'Asia/Vladivostok')).toBe('2025-07-02T09:30:00');
		expect(formatDateTime('2025-07-01T00:30:00+03:00', 'UTC')).toBe('2025-06-30T21:30:00');
		// no offset: already local to the server
		expect(formatDateTime('2025-07-01T08:00', 'Asia/Tokyo')).toBe('2025-07-01T08:00:00');
		expect(formatDateTime('2025-07-01', 'Asia/Tokyo')).toBe('2025-07-01T00:00:00');
		expect(() => formatDateTime('not a date')).toThrow();
	});
});

describe('$filter builder', () => {
	it('operators', () => {
		expect(filterCondition({ field: 'ИНН', operator: 'eq', value: '7707083893' })).toBe("ИНН eq '7707083893'");
		expect(filterCondition({ field: 'Сумма', operator: 'ge', value: 100, type: 'number' })).toBe('Сумма ge 100');
		expect(filterCondition({ field: 'Description', operator: 'like', value: 'Га%' })).toBe("like(Description,'Га%')");
		expect(filterCondition({ field: 'Description', operator: 'substringof', value: "О'К" })).toBe("substringof('О''К',Description)");
		expect(filterCondition({ field: 'Description', operator: 'startswith', value: 'ООО' })).toBe("startswith(Description,'ООО')");
		expect(filterCondition({ field: 'Контрагент', operator: 'isEmpty', type: 'ref' })).toBe("Контрагент_Key eq guid'00000000-0000-0000-0000-000000000000'");
		expect(filterCondition({ field: 'Date', operator: 'isNotEmpty', type: 'date' })).toBe("Date ne datetime'0001-01-01T00:00:00'");
	});
	it('refs compare _Key, composites use cast', () => {
		expect(filterCondition({ field: 'Контрагент', operator: 'eq', value: G, type: 'ref' })).toBe(`Контрагент_Key eq guid'${G.toLowerCase()}'`);
		expect(filterCondition({ field: 'ДокументОснование', operator: 'eq', value: G, type: 'composite', compositeType: 'Document_СчетНаОплатуПокупателю' })).toBe(
			`ДокументОснование eq cast(guid'${G.toLowerCase()}','Document_СчетНаОплатуПокупателю')`,
		);
		expect(() => filterCondition({ field: 'X', operator: 'eq', value: G, type: 'composite' })).toThrow(/needs a type/);
	});
	it('joins with and/or, rejects odd field names', () => {
		const rows = [
			{ field: 'Posted', operator: 'eq' as const, value: true, type: 'boolean' as const },
			{ field: 'Date', operator: 'ge' as const, value: '2025-01-01T00:00:00', type: 'date' as const },
		];
		expect(buildFilter(rows)).toBe("Posted eq true and Date ge datetime'2025-01-01T00:00:00'");
		expect(buildFilter(rows, { combine: 'or' })).toBe("Posted eq true or Date ge datetime'2025-01-01T00:00:00'");
		expect(buildFilter([])).toBe('');
		expect(() => buildFilter([{ field: 'a eq 1) or (b', operator: 'eq', value: 1 }])).toThrow(/Invalid field/);
	});
});

describe('encoding', () => {
	it('UTF-8, %20 for spaces, never +', () => {
		expect(encodePath("Catalog_Контрагенты(guid'x')")).toBe("Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B(guid'x')");
		const q = encodeQuery({ $filter: "Description eq 'a+b c'", $top: 5, $skip: undefined });
		expect(q).toBe("$filter=Description%20eq%20'a%2Bb%20c'&$top=5");
		expect(encodeQuery({ a: 'x&y=z#' })).toBe('a=x%26y%3Dz%23');
	});
});

describe('splitInChunks', () => {
	const base = { $select: 'Ref_Key,Description', $orderby: 'Ref_Key', $top: 500, $skip: 9_999_999, $format: 'json' };
	it('every encoded query stays within the limit and all GUIDs are kept once', () => {
		const guids = Array.from({ length: 120 }, (_, i) => guid(i));
		const chunks = splitInChunks('Контрагент_Key', [...guids, guids[0]], 1500, base);
		expect(chunks.length).toBeGreaterThan(3);
		const seen: string[] = [];
		for (const f of chunks) {
			const qs = encodeQuery({ ...base, $filter: f });
			expect(Buffer.byteLength(qs)).toBeLessThanOrEqual(1500);
			seen.push(...[...f.matchAll(/guid'([^']+)'/g)].map((m) => m[1]));
		}
		expect(seen.sort()).toEqual([...guids].sort());
		// chunks are reasonably full: adding the next condition would exceed the limit
		const first = encodeQuery({ ...base, $filter: `${chunks[0]} or Контрагент_Key eq ${`guid'${guid(999)}'`}` });
		expect(Buffer.byteLength(first)).toBeGreaterThan(1500);
	});
	it('smaller limits give smaller chunks; an impossible limit throws', () => {
		const guids = Array.from({ length: 30 }, (_, i) => guid(i));
		expect(splitInChunks('Ref_Key', guids, 400).length).toBeGreaterThan(splitInChunks('Ref_Key', guids, 1500).length);
		expect(() => splitInChunks('Ref_Key', guids, 50)).toThrow();
		expect(splitInChunks('Ref_Key', [])).toEqual([]);
	});
});

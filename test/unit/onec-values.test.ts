/** Pure pieces of the 1C node: value typing/coercion/verification, the filter builder rows, picker grouping. */
import { coerceRow, toZonedIso, typeRow, ValueError, verifyWrite, type SetTypes } from '../../lib/onec-values';
import { autoType, filterFromUi } from '../../nodes/OneC/description/filter';
import { setsForResource, tabularLike } from '../../nodes/OneC/methods';

const TYPES: SetTypes = {
	fields: { Ref_Key: 'Edm.Guid', Date: 'Edm.DateTime', Code: 'Edm.Int64', Сумма: 'Edm.Double', Проведен: 'Edm.Boolean', Описание: 'Edm.String', Основание: 'Edm.String', Основание_Type: 'Edm.String', Контрагент_Key: 'Edm.Guid' },
	rows: { Товары: { LineNumber: 'Edm.Int64', Количество: 'Edm.Double', Номенклатура_Key: 'Edm.Guid' } },
};
const TZ = 'Europe/Moscow';
const G = '8d04ce3c-6360-11e9-dd92-fa163e8ba11d';

describe('typeRow', () => {
	it('Int64 strings → numbers when safe, dates → ISO with the zone offset, empty date → null, rows too', () => {
		const out = typeRow({ Code: '42', Date: '2026-11-24T10:00:00', Описание: '42', Товары: [{ LineNumber: '1' }], Другое: '0001-01-01T00:00:00' }, { ...TYPES, fields: { ...TYPES.fields, Другое: 'Edm.DateTime' } }, TZ);
		expect(out).toEqual({ Code: 42, Date: '2026-11-24T10:00:00+03:00', Описание: '42', Товары: [{ LineNumber: 1 }], Другое: null });
		expect(typeRow({ Code: '9007199254740993' }, TYPES, TZ).Code).toBe('9007199254740993');
	});

	it('offsets follow the zone and its history (Moscow was +04:00 in 2012; Berlin has DST)', () => {
		expect(toZonedIso('2012-06-01T12:00:00', TZ)).toBe('2012-06-01T12:00:00+04:00');
		expect(toZonedIso('2026-07-01T12:00:00', 'Europe/Berlin')).toBe('2026-07-01T12:00:00+02:00');
		expect(toZonedIso('2026-01-01T12:00:00', 'Europe/Berlin')).toBe('2026-01-01T12:00:00+01:00');
		expect(toZonedIso('2026-01-01T12:00:00', 'Asia/Kolkata')).toBe('2026-01-01T12:00:00+05:30');
	});
});

describe('coerceRow', () => {
	it('UI strings → 1C JSON; ISO instants → server wall time; tabular LineNumber 1..n', () => {
		const out = coerceRow({ Code: '7', Сумма: '1 234,50', Проведен: 'да', Date: '2026-11-24T07:00:00Z', Контрагент_Key: G.toUpperCase(), Товары: JSON.stringify([{ Количество: '2', LineNumber: 9 }, { Количество: 1 }]) }, TYPES, TZ);
		expect(out).toEqual({ Code: 7, Сумма: 1234.5, Проведен: true, Date: '2026-11-24T10:00:00', Контрагент_Key: G, Товары: [{ Количество: 2, LineNumber: '1' }, { Количество: 1, LineNumber: '2' }] });
	});

	it('refuses what 1C would reject or store wrongly, naming the field', () => {
		expect(() => coerceRow({ Контрагент_Key: 'ООО Ромашка' }, TYPES, TZ)).toThrow(/"Контрагент_Key" \(Edm.Guid\) needs a GUID/);
		expect(() => coerceRow({ Code: '1.5' }, TYPES, TZ)).toThrow(ValueError);
		expect(() => coerceRow({ Сумма: 'много' }, TYPES, TZ)).toThrow(/"Сумма" \(Edm.Double\) needs a number/);
		expect(() => coerceRow({ Date: 'вчера' }, TYPES, TZ)).toThrow(/needs a date/);
		expect(() => coerceRow({ Товары: '{"a":1}' }, TYPES, TZ)).toThrow(/needs an array of rows/);
		expect(() => coerceRow({ Описание: { a: 1 } }, TYPES, TZ)).toThrow(/cannot take an object/);
	});

	it('unknown fields pass through unchanged (verification reports them if 1C ignores them)', () => {
		expect(coerceRow({ Новое: '5' }, TYPES, TZ)).toEqual({ Новое: '5' });
	});
});

describe('verifyWrite', () => {
	it('equal modulo 1C representations is fine', () => {
		expect(verifyWrite({ Code: 7, Контрагент_Key: G, Date: '2026-11-24T10:00:00', Товары: [{ LineNumber: '1', Количество: 2 }] }, { Code: '7', Контрагент_Key: G.toUpperCase(), Date: '2026-11-24T10:00:00', Товары: [{ LineNumber: '1', Количество: 2 }] }, TYPES)).toEqual([]);
	});

	it('names truncated, ignored and changed fields and lost rows', () => {
		const problems = verifyWrite(
			{ Описание: 'Длинное имя', Новое: 'x', Сумма: 10, Товары: [{ Количество: 1 }, { Количество: 2 }] },
			{ Описание: 'Длинное', Сумма: 11, Товары: [{ Количество: 1 }] },
			TYPES,
		);
		expect(problems).toEqual([
			'field "Описание" was truncated by 1C to 7 characters (sent 11)',
			'field "Новое" was ignored by 1C (not a field of this object?)',
			'field "Сумма": sent 10, 1C stored 11',
			'tabular section "Товары": sent 2 rows, 1C stored 1',
			'field "Товары[2].Количество" was ignored by 1C (not a field of this object?)',
		]);
	});
});

describe('filter builder rows', () => {
	it('auto types come from $metadata; composite fields need their type', () => {
		expect(autoType('Date', TYPES, 'x')).toBe('date');
		expect(autoType('Code', TYPES, '1')).toBe('number');
		expect(autoType('Контрагент_Key', TYPES, G)).toBe('guid');
		expect(autoType('Основание', TYPES, G)).toBe('composite');
		expect(autoType('Основание', TYPES, 'text')).toBe('string');
		expect(autoType('Неизвестное_Key', undefined, G)).toBe('guid');
		expect(() => filterFromUi([{ field: 'Основание', operator: 'eq', value: G }], TYPES, TZ)).toThrow(/set Composite Type/);
		expect(filterFromUi([{ field: 'Основание', operator: 'eq', value: G, compositeType: 'Document_Счет' }], TYPES, TZ)).toBe(`Основание eq cast(guid'${G}','Document_Счет')`);
	});

	it('rows are joined, a raw filter is ANDed, dates become server wall time', () => {
		const f = filterFromUi(
			[
				{ field: 'Date', operator: 'ge', value: '2026-01-01T00:00:00Z' },
				{ field: 'Описание', operator: 'eq', value: "O'Brien" },
			],
			TYPES,
			TZ,
			'or',
			'Проведен eq true',
		);
		expect(f).toBe("(Date ge datetime'2026-01-01T03:00:00' or Описание eq 'O''Brien') and (Проведен eq true)");
		expect(filterFromUi([], TYPES, TZ)).toBeUndefined();
		expect(() => filterFromUi([{ field: "x' or 1 eq 1", operator: 'eq', value: 1 }], TYPES, TZ)).toThrow(/Invalid field name/);
	});
});

describe('entity-set picker grouping from the service document', () => {
	const names = ['Catalog_Контрагенты', 'Catalog_Контрагенты_КонтактнаяИнформация', 'Document_Счет', 'Document_Счет_Товары', 'InformationRegister_пр_ОчередьДействий', 'AccumulationRegister_Расчеты', 'AccumulationRegister_Расчеты_RecordType', 'ChartOfAccounts_Хозрасчетный'];

	it('tabular sets are <Owner>_<TS> where the owner is a set; RecordType sets are not tabular', () => {
		expect([...tabularLike(names)].sort()).toEqual(['Catalog_Контрагенты_КонтактнаяИнформация', 'Document_Счет_Товары']);
	});

	it('each resource gets its kinds, searchable', () => {
		expect(setsForResource(names, 'catalog')).toEqual(['Catalog_Контрагенты', 'ChartOfAccounts_Хозрасчетный']);
		expect(setsForResource(names, 'tabularSection')).toEqual(['Catalog_Контрагенты_КонтактнаяИнформация', 'Document_Счет_Товары']);
		expect(setsForResource(names, 'accumulationRegister')).toEqual(['AccumulationRegister_Расчеты', 'AccumulationRegister_Расчеты_RecordType']);
		expect(setsForResource(names, 'informationRegister', 'очередь')).toEqual(['InformationRegister_пр_ОчередьДействий']);
	});
});

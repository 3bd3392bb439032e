/** The correspondence-table engine (lib/mapping.ts): both directions, scopes, do-not-load, forced, fallback, JSON. */
import { mapValue, MappingError, scopeOfStage, tableFromJson, tableToJson, validateTable, type MappingTable } from '../../lib/mapping';

const DEALS: MappingTable = {
	version: 1,
	kind: 'dealStage',
	rows: [
		{ b24: 'NEW', onec: 'Новый' },
		{ b24: 'PREPARATION', onec: 'Новый' },
		{ b24: 'WON', onec: 'Выполнен' },
		{ b24: 'LOSE', onec: '', doNotLoad: true },
		{ b24: 'C3:NEW', onec: 'В работе' },
		{ b24: 'C3:WON', onec: 'Выполнен' },
		{ b24: 'UC_ANY', onec: 'Прочее' },
	],
	forced: [
		{ condition: 'paid', b24: 'FINAL_INVOICE', onec: 'Оплачен' },
		{ condition: 'paidAndShipped', b24: 'WON' },
		{ condition: 'shipped', scope: '3', b24: 'C3:EXECUTING' },
	],
};

describe('scopeOfStage', () => {
	it('reads the pipeline from deal, smart-invoice and SPA stage ids', () => {
		expect(scopeOfStage('C3:WON')).toBe('3');
		expect(scopeOfStage('DT31_2:P')).toBe('2');
		expect(scopeOfStage('DT1038_14:NEW')).toBe('14');
		expect(scopeOfStage('NEW')).toBe('');
	});
});

describe('Bitrix24 → 1C', () => {
	it('maps by the row of the value, per pipeline', () => {
		expect(mapValue(DEALS, 'toOneC', 'C3:NEW')).toMatchObject({ status: 'mapped', value: 'В работе', source: 'table' });
		expect(mapValue(DEALS, 'toOneC', 'PREPARATION')).toMatchObject({ status: 'mapped', value: 'Новый' });
	});

	it('"do not load" skips with a reason and wins over forced targets', () => {
		const r = mapValue(DEALS, 'toOneC', 'LOSE', { facts: { paid: true } });
		expect(r).toMatchObject({ status: 'skipped', reason: 'Bitrix24 value "LOSE" in pipeline 0 is marked "do not load"' });
	});

	it('a forced 1C target applies when paid', () => {
		expect(mapValue(DEALS, 'toOneC', 'NEW', { facts: { paid: true } })).toMatchObject({ status: 'mapped', value: 'Оплачен', source: 'forced', forced: 'paid' });
	});

	it('an unmapped value is an error naming the value and the pipeline', () => {
		expect(mapValue(DEALS, 'toOneC', 'C7:NEW')).toEqual({ status: 'unmapped', reason: 'Bitrix24 value "C7:NEW" in pipeline 7 has no row in the dealStage table' });
	});
});

describe('1C → Bitrix24', () => {
	it('the first row in table order wins when several stages share a 1C state; scoped rows first', () => {
		expect(mapValue(DEALS, 'toB24', 'Новый')).toMatchObject({ status: 'mapped', value: 'NEW' });
		expect(mapValue(DEALS, 'toB24', 'Выполнен')).toMatchObject({ value: 'WON' });
		expect(mapValue(DEALS, 'toB24', 'Выполнен', { scope: '3' })).toMatchObject({ value: 'C3:WON' });
	});

	it('forced: paid and shipped → the paidAndShipped target; shipped only → the pipeline-scoped one', () => {
		expect(mapValue(DEALS, 'toB24', 'Новый', { facts: { paid: true, shipped: true } })).toMatchObject({ value: 'WON', forced: 'paidAndShipped' });
		expect(mapValue(DEALS, 'toB24', 'Новый', { facts: { paid: true } })).toMatchObject({ value: 'FINAL_INVOICE', forced: 'paid' });
		expect(mapValue(DEALS, 'toB24', 'Новый', { facts: { shipped: true } })).toMatchObject({ value: 'NEW', source: 'table' });
		expect(mapValue(DEALS, 'toB24', 'Новый', { scope: '3', facts: { shipped: true } })).toMatchObject({ value: 'C3:EXECUTING', forced: 'shipped' });
	});

	it('unmapped → error unless the table has an explicit fallback (F11: unmapped user → the key owner)', () => {
		expect(mapValue(DEALS, 'toB24', 'Отменен')).toMatchObject({ status: 'unmapped' });
		const users: MappingTable = { version: 1, kind: 'user', rows: [{ b24: '7', onec: 'guid-1' }], fallbackToB24: '1', fallbackToOneC: '' };
		expect(mapValue(users, 'toB24', 'guid-x')).toEqual({ status: 'mapped', value: '1', source: 'fallback' });
		expect(mapValue(users, 'toOneC', '99')).toEqual({ status: 'mapped', value: '', source: 'fallback' });
	});
});

describe('JSON export/import', () => {
	it('round-trips', () => {
		expect(tableFromJson(tableToJson(DEALS), 'dealStage')).toEqual(validateTable(DEALS));
	});

	it('rejects bad JSON, a wrong kind, duplicates and empty values with clear messages', () => {
		expect(() => tableFromJson('{oops')).toThrow(/not valid JSON/);
		expect(() => tableFromJson(tableToJson(DEALS), 'user')).toThrow('The mapping JSON is a "dealStage" table; this node maps "user"');
		expect(() => validateTable({ ...DEALS, rows: [...DEALS.rows, { b24: 'C3:WON', onec: 'Выполнен' }] })).toThrow('Rows 6 and 8: the pair "C3:WON" ↔ "Выполнен" is there twice');
		// one Bitrix24 value for several 1C values is fine: Bitrix24 → 1C takes the first row
		const many = validateTable({ ...DEALS, rows: [...DEALS.rows, { b24: 'WON', onec: 'Закрыт' }] });
		expect(mapValue(many, 'toOneC', 'WON')).toMatchObject({ value: 'Выполнен' });
		expect(mapValue(many, 'toB24', 'Закрыт')).toMatchObject({ value: 'WON' });
		expect(() => validateTable({ ...DEALS, rows: [{ b24: '', onec: 'x' }] })).toThrow(MappingError);
		expect(() => validateTable({ ...DEALS, version: 2 })).toThrow(/version 2/);
		expect(() => validateTable({ ...DEALS, forced: [{ condition: 'late', b24: 'X' }] })).toThrow(/condition must be one of/);
	});
});

/** lib/matching: keysOf, the OR-of-AND rule engine (external id first), lookup planning, rule text. */
import {
	DEFAULT_RULES,
	ENTITY_KEYS,
	evaluate,
	formatRule,
	indexCandidates,
	keysOf,
	lookupPlan,
	parseRule,
	RuleParseError,
	type EntityKind,
	type MatchRecord,
	type MatchRule,
	type RawKeys,
} from '../../lib/matching';
import { makeAccount, makeInn10, makeInn12 } from '../../lib/requisites';

interface Cand extends MatchRecord {
	id: string;
}
const rec = (id: string, raw: RawKeys, externalId?: string): Cand => ({ id, externalId, keys: keysOf(raw) });
const ids = (cs: Cand[]) => cs.map((c) => c.id);

const ROMASHKA_INN = makeInn10('771234567');
const LUTIK_INN = makeInn10('502900123');
const IVANOV_INN = makeInn12('7712345678');
const BAD_INN = ROMASHKA_INN.slice(0, 9) + String((Number(ROMASHKA_INN[9]) + 1) % 10);
const COMPANY: MatchRule = DEFAULT_RULES.company;

describe('keysOf', () => {
	it('normalises every key; phones and e-mails become sets of distinct values', () => {
		const k = keysOf({ name: 'ООО "Ромашка"', phone: ['8 (495) 123-45-67', '+7 495 1234567', '8-916-123-45-67 доб. 12'], email: 'Info@Romashka.ru ', inn: ROMASHKA_INN, kpp: 771201001 });
		expect(k.values.name).toEqual(new Set(['ромашка']));
		expect(k.values.phone).toEqual(new Set(['+74951234567', '+79161234567']));
		expect(k.values.email).toEqual(new Set(['info@romashka.ru']));
		expect(k.values.inn).toEqual(new Set([ROMASHKA_INN]));
		expect(k.values.kpp).toEqual(new Set(['771201001']));
		expect(k.problems).toEqual([]);
	});

	it('empty values are absent; junk and bad checksums are kept out and reported', () => {
		const k = keysOf({ name: '', phone: ['', null, '123-45-67'], email: 'нет', inn: BAD_INN, kpp: undefined });
		expect(k.values).toEqual({});
		expect(k.problems).toEqual([
			{ key: 'phone', input: '123-45-67', reason: 'unparseable' },
			{ key: 'email', input: 'нет', reason: 'unparseable' },
			{ key: 'inn', input: BAD_INN, reason: 'checksum' },
		]);
	});

	it('accounts are checked against the BIKs of the same record', () => {
		const acc = makeAccount('044525225', '4070281000000001234');
		expect(keysOf({ account: acc, bik: '044525225' }).values.account).toEqual(new Set([acc]));
		const wrong = keysOf({ account: acc, bik: '044525974' });
		expect(wrong.values.account).toBeUndefined();
		expect(wrong.values.bik).toEqual(new Set(['044525974']));
		expect(wrong.problems).toEqual([{ key: 'account', input: acc, reason: 'checksum' }]);
	});

	it('fullName fills surname / first name / patronymic only when none is given', () => {
		expect(keysOf({ fullName: 'ИП Иванов Иван Иванович' }).values).toEqual({ surname: new Set(['иванов']), firstName: new Set(['иван']), patronymic: new Set(['иванович']) });
		expect(keysOf({ fullName: 'Иванов Иван Иванович', surname: 'Петров' }).values).toEqual({ surname: new Set(['петров']) });
		expect(keysOf({ fullName: 'Иванов Иван', surname: '', firstName: null }).values).toEqual({ surname: new Set(['иванов']), firstName: new Set(['иван']) });
	});
});

describe('evaluate', () => {
	const romashka = rec('b24-1', { name: 'Ромашка ООО', phone: '+7 495 1234567', email: 'info@romashka.ru', inn: ROMASHKA_INN, kpp: '771201001' });
	const lutik = rec('b24-2', { name: 'АО «Лютик»', phone: '8 (812) 765-43-21', inn: LUTIK_INN, kpp: '502901001' });
	const ivanov = rec('b24-3', { name: 'Иванов Иван Иванович ИП', email: 'ivanov@yandex.ru', inn: IVANOV_INN });
	const all = [romashka, lutik, ivanov];

	it('none, one, many', () => {
		expect(evaluate(rec('1c', { name: 'ООО "Василёк"', phone: '8 (495) 123-45-67' }), all, COMPANY)).toEqual({ kind: 'none' });
		expect(evaluate(rec('1c', { name: 'ООО "Ромашка"', phone: '8 (495) 123-45-67' }), all, COMPANY)).toEqual({ kind: 'one', candidate: romashka, group: ['name', 'phone'], groupIndex: 0 });
		const twin = rec('b24-9', { name: 'Ромашка', phone: '84951234567' });
		const out = evaluate(rec('1c', { name: 'ООО «РОМАШКА»', phone: '+7 (495) 123-45-67' }), [twin, ...all], COMPANY);
		expect(out.kind).toBe('many');
		if (out.kind !== 'many') return;
		expect(ids(out.candidates)).toEqual(['b24-9', 'b24-1']);
		expect([out.group, out.groupIndex]).toEqual([['name', 'phone'], 0]);
	});

	it('an AND-group needs every key: the same name with another phone does not match', () => {
		const item = rec('1c', { name: 'ООО "Ромашка"', phone: '+7 495 000-00-00' });
		expect(evaluate(item, all, COMPANY)).toEqual({ kind: 'none' });
		// each key alone hits a different company: Ромашка by name, Лютик by phone
		expect(evaluate(rec('1c', { name: 'Ромашка', phone: '8 812 765 43 21' }), all, COMPANY)).toEqual({ kind: 'none' });
		const withEmail = rec('1c', { name: 'ООО "Ромашка"', phone: '+7 495 000-00-00', email: 'INFO@romashka.ru' });
		expect(evaluate(withEmail, all, COMPANY)).toMatchObject({ kind: 'one', candidate: romashka, groupIndex: 1 });
	});

	it('the first OR-group that finds anything decides; later groups are not merged in', () => {
		// name+phone → Ромашка; inn+kpp would point at Лютик: the first group wins
		const item = rec('1c', { name: 'Ромашка', phone: '74951234567', inn: LUTIK_INN, kpp: '502901001' });
		expect(evaluate(item, all, COMPANY)).toMatchObject({ kind: 'one', candidate: romashka, groupIndex: 0 });
		// with the groups reversed, Лютик wins
		expect(evaluate(item, all, [...COMPANY].reverse())).toMatchObject({ kind: 'one', candidate: lutik, groupIndex: 0 });
	});

	it('several found by an earlier group → ambiguous, even when a later group is unique', () => {
		const twin = rec('b24-9', { name: 'Ромашка', phone: '84951234567' });
		const item = rec('1c', { name: 'Ромашка', phone: '84951234567', inn: ROMASHKA_INN, kpp: '771201001' });
		expect(evaluate(item, [romashka, twin], COMPANY)).toMatchObject({ kind: 'many', groupIndex: 0 });
		expect(evaluate(item, [romashka, twin], [['inn', 'kpp'], ['name', 'phone']])).toMatchObject({ kind: 'one', candidate: romashka });
	});

	it('the external id comes first and beats the rules', () => {
		const item = rec('1c', { name: 'Ромашка', phone: '84951234567' }, 'B24-2 ');
		const linked = { ...lutik, externalId: 'b24-2' };
		expect(evaluate(item, [romashka, linked, ivanov], COMPANY)).toEqual({ kind: 'external', candidate: linked });
		// even with an empty rule (the module's default: external id only)
		expect(evaluate(item, [romashka, linked], [])).toEqual({ kind: 'external', candidate: linked });
		// an external id found nowhere → the rules decide
		expect(evaluate({ ...item, externalId: 'b24-404' }, [romashka, linked], COMPANY)).toMatchObject({ kind: 'one', candidate: romashka });
	});

	it('two candidates with the same external id → ambiguous', () => {
		const a = { ...romashka, externalId: '8d04ce3c-6360-11e9-dd92-fa163e8ba11d' };
		const b = { ...lutik, externalId: '8D04CE3C-6360-11E9-DD92-FA163E8BA11D' };
		const out = evaluate(rec('x', { name: 'Ромашка', phone: '84951234567' }, '8d04ce3c-6360-11e9-dd92-fa163e8ba11d'), [a, b], COMPANY);
		expect(out).toEqual({ kind: 'many', candidates: [a, b], group: null, groupIndex: null });
	});

	it('multi-valued phones match on any shared value', () => {
		const cand = rec('b24-5', { surname: 'Петров', firstName: 'Пётр', phone: ['+7 812 111-11-11', '8 (916) 123-45-67'] });
		const item = rec('1c', { fullName: 'Петров Петр Петрович', phone: ['8 (495) 000-00-00', '9161234567 доб. 7'] });
		expect(evaluate(item, [cand], DEFAULT_RULES.contact)).toMatchObject({ kind: 'one', candidate: cand, groupIndex: 0 });
		const other = rec('1c', { fullName: 'Петров Петр', phone: ['8 (495) 000-00-00'] });
		expect(evaluate(other, [cand], DEFAULT_RULES.contact)).toEqual({ kind: 'none' });
	});

	it('a key missing on either side: the group does not match', () => {
		const noPhone = rec('b24-6', { name: 'ООО Ромашка', email: 'info@romashka.ru' });
		expect(evaluate(rec('1c', { name: 'Ромашка', phone: '84951234567' }), [noPhone], COMPANY)).toEqual({ kind: 'none' });
		expect(evaluate(rec('1c', { name: 'Ромашка' }), [romashka], COMPANY)).toEqual({ kind: 'none' });
		expect(evaluate(rec('1c', { inn: ROMASHKA_INN }), [romashka], COMPANY)).toEqual({ kind: 'none' }); // no KPP
	});

	it('an INN with a bad checksum never matches, not even the same bad INN', () => {
		const cand = rec('b24-7', { inn: BAD_INN, kpp: '771201001' });
		expect(evaluate(rec('1c', { inn: BAD_INN, kpp: '771201001' }), [cand], [['inn', 'kpp']])).toEqual({ kind: 'none' });
		expect(evaluate(rec('1c', { inn: ` ${ROMASHKA_INN} `, kpp: 'КПП 7712 01 001' }), [romashka], [['inn', 'kpp']])).toMatchObject({ kind: 'one', candidate: romashka });
	});

	it('requisites of an ИП (no KPP) and bank accounts by account + BIK', () => {
		const rq = rec('rq-1', { name: 'ИП Иванов И.И.', inn: IVANOV_INN, surname: 'Иванов', firstName: 'Иван' });
		expect(evaluate(rec('1c', { inn: IVANOV_INN, fullName: 'ИП Иванов Иван Иванович' }), [rq], DEFAULT_RULES.requisite)).toMatchObject({ kind: 'one', groupIndex: 1 });
		const acc = makeAccount('044525225', '4070281000000001234');
		const bank = rec('bank-1', { account: acc, bik: '044525225' });
		expect(evaluate(rec('1c', { account: acc.replace(/(\d{5})/g, '$1 '), bik: 44525225 }), [bank], DEFAULT_RULES.bankAccount)).toMatchObject({ kind: 'one', candidate: bank });
		expect(evaluate(rec('1c', { account: acc, bik: '044525974' }), [bank], DEFAULT_RULES.bankAccount)).toEqual({ kind: 'none' });
	});

	it('an empty AND-group never matches; skipLinked leaves out candidates linked elsewhere', () => {
		expect(evaluate(rec('1c', { name: 'Ромашка' }), all, [[]])).toEqual({ kind: 'none' });
		const linked = { ...romashka, externalId: 'other-1c-ref' };
		const item = rec('1c', { name: 'Ромашка', phone: '84951234567' }, 'my-1c-ref');
		expect(evaluate(item, [linked], COMPANY)).toMatchObject({ kind: 'one', candidate: linked });
		expect(evaluate(item, [linked], COMPANY, { skipLinked: true })).toEqual({ kind: 'none' });
	});

	it('an index built once serves 1,000 items against 10,000 candidates quickly', () => {
		const phone = (i: number) => `8 (916) ${String(i).padStart(7, '0')}`;
		const candidates: Cand[] = [];
		for (let i = 0; i < 10000; i++) candidates.push(rec(`b24-${i}`, { name: `ООО "Компания ${i}"`, phone: phone(i), inn: makeInn10(String(100000000 + i)), kpp: '771201001' }));
		const items: Cand[] = [];
		for (let i = 0; i < 1000; i++) items.push(rec(`1c-${i}`, { name: `Компания ${i * 10} ООО`, phone: phone(i * 10), email: `c${i}@example.ru` }));
		const started = Date.now();
		const index = indexCandidates(candidates);
		const outcomes = items.map((it) => evaluate(it, index, COMPANY));
		const elapsed = Date.now() - started;
		expect(outcomes.filter((o) => o.kind === 'one').length).toBe(1000);
		expect(outcomes.every((o, i) => o.kind === 'one' && o.candidate.id === `b24-${i * 10}`)).toBe(true);
		expect(elapsed).toBeLessThan(1500);
	});
});

describe('lookupPlan', () => {
	it('one query key per group, the distinct values of the items able to match it', () => {
		const items = [
			rec('1', { name: 'ООО Ромашка', phone: ['8 (495) 123-45-67', '+7 495 1234567'], inn: ROMASHKA_INN, kpp: '771201001' }, 'ext-1'),
			rec('2', { name: 'Лютик', email: 'info@lutik.ru', inn: LUTIK_INN }), // no KPP: cannot match inn+kpp
			rec('3', { phone: '89161234567', email: 'x@y.ru' }), // no name: cannot match the name groups
		];
		const plan = lookupPlan(items, COMPANY);
		expect(plan.groupKeys).toEqual(['phone', 'email', 'inn']);
		expect(plan.values).toEqual({ phone: new Set(['+74951234567']), email: new Set(['info@lutik.ru']), inn: new Set([ROMASHKA_INN]) });
		expect(plan.externalIds).toEqual(new Set(['ext-1']));
	});

	it('priority inn > account > email > phone > kpp > name > surname; an empty group gets null', () => {
		const items = [rec('1', { name: 'Ромашка', kpp: '771201001', surname: 'Иванов', firstName: 'Иван', account: makeAccount('044525225', '4070281000000001234'), bik: '044525225' })];
		const plan = lookupPlan(items, [['name', 'kpp'], ['firstName', 'surname'], ['bik', 'account'], []]);
		expect(plan.groupKeys).toEqual(['kpp', 'surname', 'account', null]);
		expect(Object.keys(plan.values).sort()).toEqual(['account', 'kpp', 'surname']);
	});
});

describe('parseRule / formatRule', () => {
	it('English and Russian key names, OR/AND separators, parentheses', () => {
		const expected = [['name', 'phone'], ['name', 'email'], ['inn', 'kpp']];
		expect(parseRule('name+phone | name+email | inn+kpp')).toEqual(expected);
		expect(parseRule('(Наименование компании И Телефон) ИЛИ (Наименование и Электронная почта) или (ИНН & КПП)')).toEqual(expected);
		expect(parseRule('Наименование + Телефон; title+E-mail\ninn && kpp')).toEqual(expected);
		expect(parseRule('Фамилия+Имя+Отчество || Номер счёта + БИК банка')).toEqual([['surname', 'firstName', 'patronymic'], ['account', 'bik']]);
		expect(parseRule('inn+ИНН+kpp')).toEqual([['inn', 'kpp']]);
		expect(parseRule('  ')).toEqual([]);
	});

	it('errors name the unknown key and the group', () => {
		expect(() => parseRule('name+phone | name+телфон')).toThrow(/Unknown match key "телфон" in group 2/);
		try {
			parseRule('inn+ogrn');
			throw new Error('not thrown');
		} catch (e) {
			expect(e).toBeInstanceOf(RuleParseError);
			expect((e as RuleParseError).token).toBe('ogrn');
		}
		expect(() => parseRule('name+phone | | inn')).toThrow(/Group 2 is empty/);
		expect(() => parseRule('name++phone')).toThrow(/empty key/);
		expect(() => parseRule('name+(phone|email)')).toThrow(/parentheses/);
		expect(() => parseRule('account+bik', 'company')).toThrow(/"account" \(account\) is not available for company/);
		expect(parseRule('account+bik', 'bankAccount')).toEqual([['account', 'bik']]);
	});

	it('formatRule round-trips, and the defaults only use keys the module offers', () => {
		expect(formatRule(DEFAULT_RULES.company)).toBe('name+phone | name+email | inn+kpp');
		expect(formatRule(DEFAULT_RULES.company, 'ru')).toBe('Наименование + Телефон | Наименование + Электронная почта | ИНН + КПП');
		for (const kind of Object.keys(DEFAULT_RULES) as EntityKind[]) {
			const rule = DEFAULT_RULES[kind];
			expect(parseRule(formatRule(rule), kind)).toEqual(rule);
			expect(parseRule(formatRule(rule, 'ru'), kind)).toEqual(rule);
			expect(rule.flat().every((k) => ENTITY_KEYS[kind].includes(k))).toBe(true);
		}
	});
});

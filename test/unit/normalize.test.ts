/** lib/normalize: the dedup keys of the 1C module's matching rules, on dirty real-world input. */
import {
	normalizeAccount,
	normalizeBik,
	normalizeEmail,
	normalizeInn,
	normalizeKpp,
	normalizeOrgName,
	normalizePersonName,
	normalizePhone,
	splitFullName,
} from '../../lib/normalize';
import { makeAccount, makeInn10, makeInn12 } from '../../lib/requisites';

describe('normalizeOrgName', () => {
	it('the same company however the legal form and quotes are written', () => {
		for (const s of [
			'ООО "Ромашка"',
			'Ромашка ООО',
			'ООО «РОМАШКА»',
			'Общество с ограниченной ответственностью "Ромашка"',
			'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ “Ромашка”',
			'ООО„Ромашка“',
			"'Ромашка', ООО",
			'  ООО   `Ромашка`  ',
			'OOO Ромашка', // latin O's
		]) {
			expect([s, normalizeOrgName(s)]).toEqual([s, 'ромашка']);
		}
	});

	it('joint-stock, state and foreign forms, anywhere in the name', () => {
		expect(normalizeOrgName('ПАО "Сбербанк России"')).toBe('сбербанк россии');
		expect(normalizeOrgName('Публичное акционерное общество «Сбербанк России»')).toBe('сбербанк россии');
		expect(normalizeOrgName('Закрытое акционерное общество „Ёлка“')).toBe('елка');
		expect(normalizeOrgName('Непубличное акционерное общество "Вектор"')).toBe('вектор');
		expect(normalizeOrgName('Альфа-Банк АО')).toBe('альфа банк');
		expect(normalizeOrgName('ФГУП "Почта России"')).toBe('почта россии');
		expect(normalizeOrgName('АНО «Центр развития»')).toBe('центр развития');
		expect(normalizeOrgName('Acme, Inc.')).toBe('acme');
		expect(normalizeOrgName('Siemens GmbH')).toBe('siemens');
		expect(normalizeOrgName('Horns & Hooves LLC')).toBe('horns hooves');
	});

	it('an individual entrepreneur keeps the person name, word order kept', () => {
		expect(normalizeOrgName('ИП Иванов Иван Иванович')).toBe('иванов иван иванович');
		expect(normalizeOrgName('Индивидуальный предприниматель Иванов Иван Иванович')).toBe('иванов иван иванович');
		expect(normalizeOrgName('Торговый дом Ромашка')).toBe('торговый дом ромашка');
		expect(normalizeOrgName('1С-Битрикс ООО')).toBe('1с битрикс');
	});

	it('does not strip legal-form letters inside words', () => {
		expect(normalizeOrgName('Заоблачный ООО')).toBe('заоблачный');
		expect(normalizeOrgName('Аорта')).toBe('аорта');
		expect(normalizeOrgName('Ипподром')).toBe('ипподром');
	});

	it('empty, only a legal form, or not a string → undefined', () => {
		for (const s of ['', '   ', 'ООО', '"ООО"', 'ООО «»', null, undefined, {}]) expect(normalizeOrgName(s)).toBeUndefined();
	});
});

describe('normalizePhone', () => {
	it('Russian numbers in every usual spelling → +7XXXXXXXXXX', () => {
		for (const s of ['8 (495) 123-45-67', '+7 495 1234567', '7 495 123 45 67', '+7(495)123-45-67', '84951234567', '(495) 123-45-67', 'тел.: 8(495)1234567']) {
			expect([s, normalizePhone(s)]).toEqual([s, '+74951234567']);
		}
		expect(normalizePhone('9161234567')).toBe('+79161234567');
		expect(normalizePhone(89161234567)).toBe('+79161234567');
	});

	it('drops extensions', () => {
		expect(normalizePhone('8-916-123-45-67 доб. 12')).toBe('+79161234567');
		expect(normalizePhone('+7 (495) 123-45-67 ext 12')).toBe('+74951234567');
		expect(normalizePhone('+7 495 123-45-67 #12')).toBe('+74951234567');
		expect(normalizePhone('8 495 123-45-67, вн. 305')).toBe('+74951234567');
		expect(normalizePhone('8 495 123-45-67 добавочный 1234')).toBe('+74951234567');
	});

	it('other countries: with + kept as digits, 00 and 8-10 are the international prefix', () => {
		expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
		expect(normalizePhone('+375 (29) 123-45-67')).toBe('+375291234567');
		expect(normalizePhone('00 44 20 7946 0958')).toBe('+442079460958');
		expect(normalizePhone('8 10 44 20 7946 0958')).toBe('+442079460958');
		expect(normalizePhone('030 1234567', '49')).toBe('+49301234567');
	});

	it('junk → undefined', () => {
		for (const s of ['123-45-67', 'нет', '', '-', '+7 495 12345', '8 495 12', '+7 495 123 45 67 89', null]) {
			expect([s, normalizePhone(s)]).toEqual([s, undefined]);
		}
	});
});

describe('normalizeEmail', () => {
	it('trims, lower-cases, strips mailto: and display names', () => {
		expect(normalizeEmail('  Ivan.Petrov@Mail.RU ')).toBe('ivan.petrov@mail.ru');
		expect(normalizeEmail('mailto:info@romashka.ru')).toBe('info@romashka.ru');
		expect(normalizeEmail('MAILTO:info@romashka.ru?subject=Заказ')).toBe('info@romashka.ru');
		expect(normalizeEmail('Иван Петров <ivan@romashka.ru>')).toBe('ivan@romashka.ru');
		expect(normalizeEmail('ivan @ romashka.ru')).toBe('ivan@romashka.ru');
		expect(normalizeEmail('ivan@romashka.ru;')).toBe('ivan@romashka.ru');
		expect(normalizeEmail('почта@ромашка.рф')).toBe('почта@ромашка.рф');
	});

	it('invalid → undefined', () => {
		for (const s of ['ivan@@romashka.ru', 'ivan@romashka', 'ivan.romashka.ru', '@romashka.ru', 'ivan@.ru', 'ivan@romashka..ru', 'a@b@c.ru', '', null]) {
			expect([s, normalizeEmail(s)]).toEqual([s, undefined]);
		}
	});
});

describe('INN, KPP, BIK, account', () => {
	const inn10 = makeInn10('771234567');
	const inn12 = makeInn12('7712345678');

	it('INN: digits only, valid with the right checksum', () => {
		expect(normalizeInn(` ИНН ${inn10} `)).toEqual({ value: inn10, valid: true });
		expect(normalizeInn(`${inn12.slice(0, 4)} ${inn12.slice(4)}`)).toEqual({ value: inn12, valid: true });
		expect(normalizeInn('7707083893')).toEqual({ value: '7707083893', valid: true }); // ПАО Сбербанк
		const bad = inn10.slice(0, 9) + String((Number(inn10[9]) + 1) % 10);
		expect(normalizeInn(bad)).toEqual({ value: bad, valid: false });
		expect(normalizeInn('77070838')).toEqual({ value: '77070838', valid: false });
		expect(normalizeInn('нет')).toBeUndefined();
		expect(normalizeInn('')).toBeUndefined();
	});

	it('INN: a leading zero lost by a spreadsheet is restored only when the checksum confirms it', () => {
		expect(normalizeInn(274062111)).toEqual({ value: '0274062111', valid: true }); // Башкортостан
		expect(normalizeInn('274062112')).toEqual({ value: '274062112', valid: false });
	});

	it('KPP: NNNNPPNNN with latin letters allowed in the reason code', () => {
		expect(normalizeKpp('773601001')).toEqual({ value: '773601001', valid: true });
		expect(normalizeKpp('КПП: 7736 01 001')).toEqual({ value: '773601001', valid: true });
		expect(normalizeKpp('7736ab001')).toEqual({ value: '7736AB001', valid: true });
		expect(normalizeKpp('7736АВ001')).toEqual({ value: '7736AB001', valid: true }); // cyrillic А, В
		expect(normalizeKpp(27401001)).toEqual({ value: '027401001', valid: true });
		expect(normalizeKpp('77AB01001')).toEqual({ value: '77AB01001', valid: false });
		expect(normalizeKpp('7736010011')).toEqual({ value: '7736010011', valid: false });
		expect(normalizeKpp(' ')).toBeUndefined();
	});

	it('BIK: 9 digits starting with 04', () => {
		expect(normalizeBik('БИК 044525225')).toEqual({ value: '044525225', valid: true });
		expect(normalizeBik(44525225)).toEqual({ value: '044525225', valid: true });
		expect(normalizeBik('144525225')).toEqual({ value: '144525225', valid: false });
		expect(normalizeBik('')).toBeUndefined();
	});

	it('account: 20 digits, and the control key checked against the BIK when given', () => {
		const acc = makeAccount('044525225', '4070281000000001234');
		const spaced = `${acc.slice(0, 5)} ${acc.slice(5, 8)} ${acc.slice(8, 9)} ${acc.slice(9)}`;
		expect(normalizeAccount(spaced)).toEqual({ value: acc, valid: true });
		expect(normalizeAccount(spaced, '044525225')).toEqual({ value: acc, valid: true });
		expect(normalizeAccount(acc, '044525974')).toEqual({ value: acc, valid: false }); // another bank
		expect(normalizeAccount(acc.slice(1))).toEqual({ value: acc.slice(1), valid: false });
		expect(normalizeAccount('р/с')).toBeUndefined();
	});
});

describe('person names', () => {
	it('normalizePersonName: case, ё, hyphens, spaces', () => {
		expect(normalizePersonName('  ЁЛКИН ')).toBe('елкин');
		expect(normalizePersonName('Римский - Корсаков')).toBe('римский-корсаков');
		expect(normalizePersonName('Салтыков–Щедрин')).toBe('салтыков-щедрин');
		expect(normalizePersonName('Анна  Мария')).toBe('анна мария');
		expect(normalizePersonName('Д’Артаньян')).toBe('дартаньян');
		expect(normalizePersonName(' - ')).toBeUndefined();
		expect(normalizePersonName(undefined)).toBeUndefined();
	});

	it('splitFullName: surname first; initials kept; ИП dropped; compound patronymic', () => {
		expect(splitFullName('Иванов Иван Иванович')).toEqual({ surname: 'иванов', name: 'иван', patronymic: 'иванович' });
		expect(splitFullName('  ИВАНОВ  Пётр ')).toEqual({ surname: 'иванов', name: 'петр' });
		expect(splitFullName('Иванов И.И.')).toEqual({ surname: 'иванов', name: 'и', patronymic: 'и' });
		expect(splitFullName('Иванов И. И.')).toEqual({ surname: 'иванов', name: 'и', patronymic: 'и' });
		expect(splitFullName('И.И. Иванов')).toEqual({ surname: 'иванов', name: 'и', patronymic: 'и' });
		expect(splitFullName('ИП Петров Пётр Петрович')).toEqual({ surname: 'петров', name: 'петр', patronymic: 'петрович' });
		expect(splitFullName('Индивидуальный предприниматель Петров Пётр')).toEqual({ surname: 'петров', name: 'петр' });
		expect(splitFullName('Мамедов Рашид Али оглы')).toEqual({ surname: 'мамедов', name: 'рашид', patronymic: 'али оглы' });
		expect(splitFullName('Сидорова')).toEqual({ surname: 'сидорова' });
		expect(splitFullName('')).toBeUndefined();
		expect(splitFullName('ИП')).toBeUndefined();
	});
});

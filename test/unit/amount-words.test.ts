/** The sum in words (lib/amount-words.ts) on the values that trip such functions up. */
import { amountInWords, integerInWords, plural } from '../../lib/amount-words';

describe('amountInWords', () => {
	it.each([
		[1234.5, 'Одна тысяча двести тридцать четыре рубля 50 копеек'],
		[0, 'Ноль рублей 00 копеек'],
		[1, 'Один рубль 00 копеек'],
		[2, 'Два рубля 00 копеек'],
		[5, 'Пять рублей 00 копеек'],
		[11, 'Одиннадцать рублей 00 копеек'],
		[21, 'Двадцать один рубль 00 копеек'],
		[112, 'Сто двенадцать рублей 00 копеек'],
		[1_000_000, 'Один миллион рублей 00 копеек'],
		[2_002_001, 'Два миллиона две тысячи один рубль 00 копеек'],
		[21_000, 'Двадцать одна тысяча рублей 00 копеек'],
		[14_000, 'Четырнадцать тысяч рублей 00 копеек'],
		[0.01, 'Ноль рублей 01 копейка'],
		[0.02, 'Ноль рублей 02 копейки'],
		[0.11, 'Ноль рублей 11 копеек'],
		[0.21, 'Ноль рублей 21 копейка'],
		[1_000_000_000.99, 'Один миллиард рублей 99 копеек'],
		[-15.3, 'Минус пятнадцать рублей 30 копеек'],
	])('%s → %s', (n, words) => expect(amountInWords(n)).toBe(words));

	it('rounds to kopecks and reads strings with a comma or spaces', () => {
		expect(amountInWords(0.005)).toBe('Ноль рублей 01 копейка');
		expect(amountInWords(1.999)).toBe('Два рубля 00 копеек');
		expect(amountInWords('1 234,50')).toBe('Одна тысяча двести тридцать четыре рубля 50 копеек');
		expect(amountInWords(10.1, 'usd')).toBe('Десять долларов США 10 центов');
		expect(() => amountInWords('двести')).toThrow(/Not an amount/);
		expect(() => amountInWords(1, 'XYZ')).toThrow(/currency/);
	});

	it('integers and plural forms', () => {
		expect(integerInWords(2, true)).toBe('две');
		expect(integerInWords(1_001_001)).toBe('один миллион одна тысяча один');
		expect(plural(111, ['a', 'b', 'c'])).toBe('c');
		expect(plural(122, ['a', 'b', 'c'])).toBe('b');
		expect(() => integerInWords(-1)).toThrow();
	});
});

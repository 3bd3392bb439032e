/**
 * A sum in Russian words as 1C prints it on an invoice: «Одна тысяча двести тридцать четыре рубля
 * 50 копеек» — rubles in words with the right gender and case of every group (одна тысяча, две
 * тысячи, пять тысяч; один миллион, два миллиона…), kopecks as two digits with their word. Pure.
 */

const ONES_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** [one, few (2–4), many] */
type Forms = [string, string, string];
const GROUPS: Array<{ forms: Forms; feminine: boolean }> = [
	{ forms: ['', '', ''], feminine: false },
	{ forms: ['тысяча', 'тысячи', 'тысяч'], feminine: true },
	{ forms: ['миллион', 'миллиона', 'миллионов'], feminine: false },
	{ forms: ['миллиард', 'миллиарда', 'миллиардов'], feminine: false },
	{ forms: ['триллион', 'триллиона', 'триллионов'], feminine: false },
];

/** The word form for a count: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 11–14 → many. */
export function plural(n: number, forms: Forms): string {
	const n100 = Math.abs(n) % 100;
	const n10 = n100 % 10;
	if (n100 >= 11 && n100 <= 14) return forms[2];
	if (n10 === 1) return forms[0];
	if (n10 >= 2 && n10 <= 4) return forms[1];
	return forms[2];
}

function triad(n: number, feminine: boolean): string[] {
	const words = [HUNDREDS[Math.floor(n / 100)]];
	const rest = n % 100;
	if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]);
	else words.push(TENS[Math.floor(rest / 10)], (feminine ? ONES_F : ONES_M)[rest % 10]);
	return words.filter(Boolean);
}

/** An integer in words, masculine (`feminine` for a feminine noun after it); 0 → «ноль». */
export function integerInWords(value: number, feminine = false): string {
	if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Not a non-negative integer: ${value}`);
	if (value === 0) return 'ноль';
	const words: string[] = [];
	for (let g = GROUPS.length - 1, rest = value; g >= 0; g--) {
		const unit = 1000 ** g;
		const n = Math.floor(rest / unit);
		rest %= unit;
		if (n === 0) continue;
		if (g >= GROUPS.length) throw new Error('Number too large');
		words.push(...triad(n, g === 0 ? feminine : GROUPS[g].feminine));
		if (g > 0) words.push(plural(n, GROUPS[g].forms));
	}
	return words.join(' ');
}

const CURRENCIES: Record<string, { major: Forms; minor: Forms; feminine: boolean }> = {
	RUB: { major: ['рубль', 'рубля', 'рублей'], minor: ['копейка', 'копейки', 'копеек'], feminine: false },
	USD: { major: ['доллар США', 'доллара США', 'долларов США'], minor: ['цент', 'цента', 'центов'], feminine: false },
	EUR: { major: ['евро', 'евро', 'евро'], minor: ['цент', 'цента', 'центов'], feminine: false },
};

/** «Одна тысяча двести тридцать четыре рубля 50 копеек»; a negative sum starts with «Минус». */
export function amountInWords(amount: number | string, currency = 'RUB'): string {
	const c = CURRENCIES[currency.toUpperCase()];
	if (!c) throw new Error(`No words for the currency ${currency}`);
	const text = typeof amount === 'number' ? amount.toFixed(2) : String(amount).trim().replace(/\s/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not an amount: "${String(amount).slice(0, 40)}"`);
	const negative = text.startsWith('-');
	const kopecksTotal = Math.round(Math.abs(Number(text)) * 100);
	const major = Math.floor(kopecksTotal / 100);
	const minor = kopecksTotal % 100;
	const words = `${negative && kopecksTotal > 0 ? 'минус ' : ''}${integerInWords(major, c.feminine)} ${plural(major, c.major)} ${String(minor).padStart(2, '0')} ${plural(minor, c.minor)}`;
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * `КонтактнаяИнформация` rows (БСП): phones (`Тип` «Телефон», `Представление` = the phone as typed,
 * `НомерТелефона` = `+7` and the 10 digits, `НомерТелефонаБезКодов` = the local number), e-mails
 * («АдресЭлектроннойПочты», `АдресЭП`, `ДоменноеИмяСервера`), addresses («Адрес», `Страна`,
 * `Регион`, `Город`); `Вид_Key`/`ВидДляСписка_Key` = the predefined kind when the configuration
 * has `Catalog_ВидыКонтактнойИнформации`, else empty. Also: the same phone written another way.
 */
import { cleanPhone, dirtyPhone, type Phone } from '../../seed/people';
import { Random } from '../../seed/random';
import type { Address } from '../../seed/types';
import type { RowBuilder } from './rows';

export type ContactItem =
	| { type: 'Телефон'; value: string; kind?: string }
	| { type: 'АдресЭлектроннойПочты'; value: string; kind?: string }
	| { type: 'Адрес'; value: Address; kind?: string };

const EXTENSION = /\s*доб\.\s*\d+\s*$/;

/** The 10 digits (without the country code) and the area-code length of a typed phone. */
export function parsePhone(raw: string): Phone & { extension: string } {
	const extension = EXTENSION.exec(raw)?.[0] ?? '';
	const body = raw.replace(EXTENSION, '');
	let all = body.replace(/\D/g, '');
	if (all.length === 11 && (all[0] === '7' || all[0] === '8')) all = all.slice(1);
	const digits = all.slice(-10);
	const groups = body.replace(/^\s*(\+7|8|7)(?=[\s(-])/, '').match(/\d+/g) ?? [];
	const first = groups[0] ?? '';
	const codeLen: 3 | 4 = first.length === 4 && groups.length > 1 && digits.startsWith(first) ? 4 : 3;
	return { digits, codeLen, extension };
}

/** The same number typed differently from `raw` (same digits, extension kept); `pick` ∈ [0, 1). */
export function reformatPhone(raw: string, pick: number): string {
	const p = parsePhone(raw);
	const forms = [cleanPhone(p), ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((v) => dirtyPhone(p, v, new Random(0)))].map((s) => s + p.extension);
	const options = [...new Set(forms)].filter((s) => s !== raw);
	return options[Math.floor(pick * options.length)];
}

export function phoneDigits(raw: string): string {
	const p = parsePhone(raw);
	return p.digits + p.extension.replace(/\D/g, '');
}

/** Fill `КонтактнаяИнформация` of `b` (if the set has it) with `items`. */
export function contactInformation(b: RowBuilder, items: ContactItem[]): void {
	if (!b.hasTable('КонтактнаяИнформация')) return;
	b.table('КонтактнаяИнформация', items, (r, item) => {
		r.enm('Тип', item.type);
		r.optRef('Вид', item.kind);
		r.optRef('ВидДляСписка', item.kind);
		if (item.type === 'Телефон') {
			const p = parsePhone(item.value);
			r.set('Представление', item.value);
			r.opt('НомерТелефона', `+7${p.digits}`);
			r.opt('НомерТелефонаБезКодов', p.digits.slice(p.codeLen));
			r.opt('Страна', 'РОССИЯ');
		} else if (item.type === 'АдресЭлектроннойПочты') {
			r.set('Представление', item.value);
			r.opt('АдресЭП', item.value);
			r.opt('ДоменноеИмяСервера', item.value.split('@')[1] ?? '');
		} else {
			r.set('Представление', item.value.full);
			r.opt('Страна', 'РОССИЯ');
			r.opt('Регион', item.value.region || item.value.city);
			r.opt('Город', item.value.city);
		}
	});
}

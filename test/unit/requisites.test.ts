import {
	accountKeyValid,
	bikValid,
	corrAccountKeyValid,
	innChecksumValid,
	kppValid,
	makeAccount,
	makeCorrAccount,
	makeInn10,
	makeInn12,
	makeOgrn,
	makeOgrnip,
	ogrnValid,
	standardCorrAccount,
} from '../../lib/requisites';

/** Every string that differs from `s` in exactly one digit. */
function corruptions(s: string): string[] {
	const out: string[] = [];
	for (let i = 0; i < s.length; i++) {
		for (let d = 0; d <= 9; d++) {
			if (String(d) !== s[i]) out.push(s.slice(0, i) + String(d) + s.slice(i + 1));
		}
	}
	return out;
}

describe('INN', () => {
	it('accepts real INNs', () => {
		expect(innChecksumValid('7717586110')).toBe(true); // ООО «1С-Битрикс»
		expect(innChecksumValid('7707083893')).toBe(true); // ПАО Сбербанк
		expect(innChecksumValid('500100732259')).toBe(true); // an individual
	});

	it('rejects every single-digit corruption of 7707083893 and 500100732259', () => {
		for (const inn of ['7707083893', '500100732259']) {
			for (const bad of corruptions(inn)) expect([bad, innChecksumValid(bad)]).toEqual([bad, false]);
		}
	});

	it('rejects every change of the control digits', () => {
		// (a body corruption can slip through when the weighted sum moves between 0 and 10 mod 11 —
		// a property of the official algorithm, e.g. 7717586110 has control digit 0 from a sum ≡ 10)
		for (const d of '123456789') expect(innChecksumValid('771758611' + d)).toBe(false);
		for (const d of '012346789') expect(innChecksumValid('5001007322' + d + '9')).toBe(false);
		for (const d of '012345678') expect(innChecksumValid('50010073225' + d)).toBe(false);
	});

	it('rejects wrong lengths and non-digits', () => {
		for (const s of ['', '770708389', '77070838931', '77070838933', '7707O83893', ' 7707083893', '50010073225']) {
			expect(innChecksumValid(s)).toBe(false);
		}
	});

	it('makes INNs with valid control digits', () => {
		expect(makeInn10('771758611')).toBe('7717586110');
		expect(makeInn10('770708389')).toBe('7707083893');
		expect(makeInn12('5001007322')).toBe('500100732259');
		for (let i = 0; i < 200; i++) {
			const base = String(100000000 + i * 4567891).slice(0, 9);
			expect(innChecksumValid(makeInn10(base))).toBe(true);
			expect(innChecksumValid(makeInn12(base + String(i % 10)))).toBe(true);
		}
		expect(() => makeInn10('12345')).toThrow();
		expect(() => makeInn12('12345678901')).toThrow();
	});
});

describe('KPP', () => {
	it('accepts digits and the upper-case latin reason code', () => {
		expect(kppValid('770501001')).toBe(true);
		expect(kppValid('773601001')).toBe(true);
		expect(kppValid('9977AB001')).toBe(true);
	});

	it('rejects malformed KPPs', () => {
		for (const s of ['', '77050100', '7705010011', '77A501001', '7705ab001', '7705ЖК001', '77050100A']) {
			expect(kppValid(s)).toBe(false);
		}
	});
});

describe('OGRN / OGRNIP', () => {
	it('accepts real OGRNs', () => {
		expect(ogrnValid('5077746476209')).toBe(true); // ООО «1С-Битрикс»
		expect(ogrnValid('1027700132195')).toBe(true); // ПАО Сбербанк
	});

	it('rejects every single-digit corruption', () => {
		for (const ogrn of ['5077746476209', '1027700132195']) {
			for (const bad of corruptions(ogrn)) expect([bad, ogrnValid(bad)]).toEqual([bad, false]);
		}
	});

	it('makes OGRN and OGRNIP', () => {
		expect(makeOgrn('507774647620')).toBe('5077746476209');
		const ip = makeOgrnip('30450011600022');
		expect(ip).toHaveLength(15);
		expect(ogrnValid(ip)).toBe(true);
		// (first 14 digits mod 13) mod 10 — with BigInt: the number exceeds 2^53
		expect(Number(ip[14])).toBe(Number((30450011600022n % 13n) % 10n));
		for (const d of '0123456789') if (d !== ip[14]) expect(ogrnValid(ip.slice(0, 14) + d)).toBe(false);
		expect(ogrnValid('50777464762')).toBe(false);
		expect(() => makeOgrn('1')).toThrow();
		expect(() => makeOgrnip('1')).toThrow();
	});
});

describe('BIK and bank accounts', () => {
	// public reference data: BIK and correspondent account of real banks
	const banks: Array<[string, string]> = [
		['044525225', '30101810400000000225'], // ПАО Сбербанк
		['044525187', '30101810700000000187'], // Банк ВТБ (ПАО)
		['044525593', '30101810200000000593'], // АО «Альфа-Банк»
		['044525974', '30101810145250000974'], // АО «ТБанк»
		['044525555', '30101810400000000555'], // ПАО «Промсвязьбанк»
		['044030653', '30101810500000000653'], // Северо-Западный банк ПАО Сбербанк
		['046577674', '30101810500000000674'], // Уральский банк ПАО Сбербанк
		['045004641', '30101810500000000641'], // Сибирский банк ПАО Сбербанк
		['042202603', '30101810900000000603'], // Волго-Вятский банк ПАО Сбербанк
		['044030790', '30101810900000000790'], // ПАО «Банк «Санкт-Петербург»
	];

	it('validates BIKs of Russian banks', () => {
		for (const [bik] of banks) expect(bikValid(bik)).toBe(true);
		for (const s of ['', '04452522', '0445252250', '144525225', '024501901', '04452522x']) expect(bikValid(s)).toBe(false);
	});

	it('accepts the real correspondent accounts and rejects their corruptions', () => {
		for (const [bik, corr] of banks) {
			expect([bik, corrAccountKeyValid(bik, corr)]).toEqual([bik, true]);
			for (const bad of corruptions(corr)) {
				if (bad.startsWith('30101')) expect([bad, corrAccountKeyValid(bik, bad)]).toEqual([bad, false]);
			}
		}
		// the correspondent key uses BIK digits 5–6, not the last three
		expect(corrAccountKeyValid('044525225', '30101810400000000187')).toBe(false);
		expect(corrAccountKeyValid('044525225', '40702810400000000225')).toBe(false); // not a 30101 account
	});

	it('accepts real settlement-rule accounts (last 3 BIK digits + account) and rejects corruptions', () => {
		// accounts of ПАО Сбербанк itself, published with its requisites
		for (const account of ['30301810000006000001', '30301810800006003800']) {
			expect(accountKeyValid('044525225', account)).toBe(true);
			for (const bad of corruptions(account)) expect([bad, accountKeyValid('044525225', bad)]).toEqual([bad, false]);
		}
		// the same number under another bank's BIK has a different key
		expect(accountKeyValid('044525187', '30301810000006000001')).toBe(false);
	});

	it('rejects the made-up account of the Bitrix24 REST docs ("Супербанк"), which fails the key', () => {
		// 40702810938000060473 appears with BIK 044525225 in Bitrix24 documentation samples, but the
		// Bank of Russia key does not hold for it; the key digit that does is 4.
		expect(accountKeyValid('044525225', '40702810938000060473')).toBe(false);
		expect(makeAccount('044525225', '40702810938000060473')).toBe('40702810438000060473');
		expect(accountKeyValid('044525225', '40702810438000060473')).toBe(true);
	});

	it('makes accounts with a valid key from 20 characters with a placeholder or 19 digits', () => {
		expect(makeAccount('044525225', '40702810X38000060473')).toBe('40702810438000060473');
		expect(makeAccount('044525225', '4070281038000060473')).toBe('40702810438000060473');
		expect(makeCorrAccount('044525225', '30101810K00000000225')).toBe('30101810400000000225');
		for (const [bik, corr] of banks) {
			if (corr.slice(9, 17) === '00000000') expect(standardCorrAccount(bik)).toBe(corr);
			const account = makeAccount(bik, '40702810' + '0' + '3800' + bik.slice(2, 9));
			expect(accountKeyValid(bik, account)).toBe(true);
		}
		expect(() => makeAccount('044525225', '123')).toThrow();
		expect(() => makeAccount('044525225', '40702810X3800006047A')).toThrow();
		expect(() => makeAccount('0445', '40702810X38000060473')).toThrow();
	});

	it('rejects malformed input', () => {
		expect(accountKeyValid('044525225', '4070281043800006047')).toBe(false);
		expect(accountKeyValid('044525225', '4070281043800006047a')).toBe(false);
		expect(accountKeyValid('04452522', '40702810438000060473')).toBe(false);
		expect(corrAccountKeyValid('044525225', '3010181040000000022')).toBe(false);
	});
});

/**
 * Dedup matching: the rule engine of the official 1C module's «Настройка идентификации»
 * (research official-module-features.md F47–F49). Pure, no HTTP and no n8n types.
 *
 * A rule is an OR of AND-groups of keys — «Правило сопоставления» → «Группа ИЛИ» → «Группа И» →
 * keys, e.g. (name AND phone) OR (name AND email) OR (inn AND kpp). The external id (a Bitrix24 ID
 * or a 1C reference stored on the other side) is always tried first and cannot be switched off
 * (F47, F49 «Всегда первым должен стоять внешний идентификатор»). Outcomes as in F48: one → link,
 * several → ambiguous (log, write nothing), none → create.
 *
 * Use: `keysOf` normalises a record's raw keys (./normalize); `lookupPlan` tells a node which
 * values to fetch candidates by for a whole batch; `indexCandidates` indexes the fetched
 * candidates once; `evaluate` decides per item, client-side, on all keys.
 */
import { type CheckedValue, normalizeAccount, normalizeBik, normalizeEmail, normalizeInn, normalizeKpp, normalizeOrgName, normalizePersonName, normalizePhone, splitFullName } from './normalize';

export type MatchKey = 'name' | 'phone' | 'email' | 'inn' | 'kpp' | 'surname' | 'firstName' | 'patronymic' | 'account' | 'bik';
/** A record's keys as given; phones and e-mails (any key, in fact) can be several. */
export type MatchKeys = Partial<Record<MatchKey, string | string[]>>;
/** OR of AND-groups: `[['name', 'phone'], ['inn', 'kpp']]`. */
export type MatchRule = MatchKey[][];
export type EntityKind = 'company' | 'contact' | 'requisite' | 'bankAccount';

type RawValue = string | number | null | undefined;
/** Raw keys as they come from an API (numbers, nulls, arrays); `fullName` fills missing FIO parts. */
export type RawKeys = { [K in MatchKey]?: RawValue | RawValue[] } & { fullName?: string | null };

/** A key value left out of matching: unparseable (junk) or with a wrong checksum. */
export interface KeyProblem {
	key: MatchKey;
	input: string;
	reason: 'unparseable' | 'checksum';
}
export interface NormalizedKeys {
	values: Partial<Record<MatchKey, Set<string>>>;
	problems: KeyProblem[];
}
/** An item to place or a candidate found in the other system; candidates may carry any payload. */
export interface MatchRecord {
	externalId?: string | number | null;
	keys: NormalizedKeys;
}

export const MATCH_KEYS: readonly MatchKey[] = ['name', 'phone', 'email', 'inn', 'kpp', 'surname', 'firstName', 'patronymic', 'account', 'bik'];

/** Keys the module offers per entity (F48). */
export const ENTITY_KEYS: Record<EntityKind, readonly MatchKey[]> = {
	company: ['name', 'phone', 'email', 'inn', 'kpp'],
	contact: ['surname', 'firstName', 'patronymic', 'phone', 'email', 'inn', 'kpp'],
	requisite: ['name', 'surname', 'firstName', 'patronymic', 'inn', 'kpp'],
	bankAccount: ['account', 'bik'],
};

/**
 * Defaults after the module's example (name+phone | name+email | inn+kpp). Contacts: a person has
 * no KPP, so «name» becomes surname+firstName and the last group is the 12-digit INN alone.
 * Requisites: inn+kpp (branches share the INN, so INN alone is never enough), then for an ИП
 * (no KPP) INN with the entrepreneur's surname and first name.
 */
export const DEFAULT_RULES: Record<EntityKind, MatchRule> = {
	company: [['name', 'phone'], ['name', 'email'], ['inn', 'kpp']],
	contact: [['surname', 'firstName', 'phone'], ['surname', 'firstName', 'email'], ['inn']],
	requisite: [['inn', 'kpp'], ['inn', 'surname', 'firstName']],
	bankAccount: [['account', 'bik']],
};

// Normalising a record's keys

const NORMALISERS: Record<MatchKey, (s: string) => string | CheckedValue | undefined> = {
	name: normalizeOrgName, phone: (s) => normalizePhone(s), email: normalizeEmail, inn: normalizeInn, kpp: normalizeKpp,
	surname: normalizePersonName, firstName: normalizePersonName, patronymic: normalizePersonName, account: (s) => normalizeAccount(s), bik: normalizeBik,
};
const asList = (v: RawValue | RawValue[]): RawValue[] => (Array.isArray(v) ? v : [v]);
const isEmpty = (v: RawValue) => v === null || v === undefined || String(v).trim() === '';

/**
 * Normalise every key. Empty values are simply absent; junk and checksum failures (INN, KPP, BIK,
 * an account whose key does not fit any of the record's valid BIKs) are kept out of `values` and
 * listed in `problems`, so they never match but can be reported.
 */
export function keysOf(raw: RawKeys): NormalizedKeys {
	const values: NormalizedKeys['values'] = {};
	const problems: KeyProblem[] = [];
	const add = (key: MatchKey, v: string) => (values[key] ??= new Set()).add(v);
	const given = (v: RawValue | RawValue[]) => asList(v).some((x) => !isEmpty(x));
	const person = given(raw.surname) || given(raw.firstName) || given(raw.patronymic) ? undefined : splitFullName(raw.fullName);
	const fio: Partial<Record<MatchKey, string>> = person ? { surname: person.surname, firstName: person.name, patronymic: person.patronymic } : {};
	const biks: string[] = [];
	const order: MatchKey[] = ['bik', ...MATCH_KEYS.filter((k) => k !== 'bik')]; // BIKs first: accounts are checked against them
	for (const key of order) {
		for (const v of asList(key in fio ? fio[key] : raw[key])) {
			if (isEmpty(v)) continue;
			const input = String(v);
			const out = NORMALISERS[key](input);
			if (out === undefined) {
				problems.push({ key, input, reason: 'unparseable' });
				continue;
			}
			const value = typeof out === 'string' ? out : out.value;
			let valid = typeof out === 'string' || out.valid;
			if (key === 'account' && valid && biks.length) valid = biks.some((b) => normalizeAccount(value, b)!.valid);
			if (key === 'bik' && valid) biks.push(value);
			if (valid) add(key, value);
			else problems.push({ key, input, reason: 'checksum' });
		}
	}
	return { values, problems };
}

// Candidate index and evaluation

export interface CandidateIndex<C extends MatchRecord> {
	all: readonly C[];
	position: Map<C, number>;
	byExternalId: Map<string, C[]>;
	byKey: Map<MatchKey, Map<string, C[]>>;
}

const externalKey = (id: MatchRecord['externalId']) => (id === null || id === undefined ? '' : String(id).trim().toLowerCase());

/** Index candidates by external id and by every normalised key value; build once, reuse for all items. */
export function indexCandidates<C extends MatchRecord>(candidates: readonly C[]): CandidateIndex<C> {
	const index: CandidateIndex<C> = { all: candidates, position: new Map(), byExternalId: new Map(), byKey: new Map() };
	const push = <K>(map: Map<K, C[]>, k: K, c: C) => {
		const list = map.get(k);
		if (!list) map.set(k, [c]);
		else if (list[list.length - 1] !== c) list.push(c);
	};
	candidates.forEach((c, i) => {
		index.position.set(c, i);
		const ext = externalKey(c.externalId);
		if (ext) push(index.byExternalId, ext, c);
		for (const key of MATCH_KEYS) {
			const vals = c.keys.values[key];
			if (!vals) continue;
			let byValue = index.byKey.get(key);
			if (!byValue) index.byKey.set(key, (byValue = new Map()));
			for (const v of vals) push(byValue, v, c);
		}
	});
	return index;
}

export type MatchOutcome<C> =
	| { kind: 'external'; candidate: C }
	| { kind: 'one'; candidate: C; group: MatchKey[]; groupIndex: number }
	/** Ambiguous: nothing may be written. `group` null = several candidates carry the item's external id. */
	| { kind: 'many'; candidates: C[]; group: MatchKey[] | null; groupIndex: number | null }
	| { kind: 'none' };

export interface EvaluateOptions {
	/**
	 * Leave out of rule matching candidates already linked elsewhere (a non-empty external id that
	 * is not the item's): linking them would steal another record's link (F49 «очень опасная
	 * настройка»). Default false — such candidates match like any other.
	 */
	skipLinked?: boolean;
}

function shares(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
	if (!a || !b) return false;
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	for (const v of small) if (large.has(v)) return true;
	return false;
}

/**
 * Decide for one item. The external id comes first; then the OR-groups in order, each needing
 * every key of its AND-group to share a value with the candidate (a key missing on either side →
 * the group does not match; an empty group never matches). The first group that finds ≥1
 * candidates decides, and candidates found by different groups are never merged:
 * - several by an earlier group → `many` and stop. A later group could narrow the set, but the
 *   order of groups is the user's priority (F49: «two found → reported and skipped», not «try the
 *   next criterion»), and picking one of several by a weaker key is how wrong records get
 *   overwritten;
 * - one by an earlier group → `one`, even if a later group would point elsewhere: merging would
 *   turn each unique strong match into an ambiguity whenever a weak key (a shared office phone)
 *   hits another record, and would make the result depend on groups the user ranked lower.
 * Pass `indexCandidates(...)` when deciding many items; a plain array is indexed on every call.
 */
export function evaluate<C extends MatchRecord>(item: MatchRecord, candidates: readonly C[] | CandidateIndex<C>, rule: MatchRule, opts: EvaluateOptions = {}): MatchOutcome<C> {
	const index = Array.isArray(candidates) ? indexCandidates(candidates as readonly C[]) : (candidates as CandidateIndex<C>);
	const ext = externalKey(item.externalId);
	if (ext) {
		const hits = index.byExternalId.get(ext) ?? [];
		if (hits.length === 1) return { kind: 'external', candidate: hits[0] };
		if (hits.length > 1) return { kind: 'many', candidates: [...hits], group: null, groupIndex: null };
	}
	const own = item.keys.values;
	for (let g = 0; g < rule.length; g++) {
		const group = rule[g];
		if (group.length === 0 || group.some((k) => !own[k]?.size)) continue;
		// seed from the key with the shortest posting lists, then check the rest of the group
		let seed: C[] | undefined;
		let seedKey: MatchKey | undefined;
		for (const key of group) {
			const byValue = index.byKey.get(key);
			const found = new Set<C>();
			for (const v of own[key]!) for (const c of byValue?.get(v) ?? []) found.add(c);
			if (!seed || found.size < seed.length) [seed, seedKey] = [[...found], key];
			if (found.size === 0) break;
		}
		const hits = seed!.filter(
			(c) =>
				group.every((k) => k === seedKey || shares(own[k], c.keys.values[k])) &&
				!(opts.skipLinked && externalKey(c.externalId) !== '' && externalKey(c.externalId) !== ext),
		);
		if (hits.length === 0) continue;
		if (hits.length === 1) return { kind: 'one', candidate: hits[0], group: [...group], groupIndex: g };
		hits.sort((a, b) => index.position.get(a)! - index.position.get(b)!);
		return { kind: 'many', candidates: hits, group: [...group], groupIndex: g };
	}
	return { kind: 'none' };
}

// Lookup planning

/** Most selective first: the key a remote search is made by for an AND-group. */
export const LOOKUP_PRIORITY: readonly MatchKey[] = ['inn', 'account', 'email', 'phone', 'kpp', 'bik', 'name', 'surname', 'firstName', 'patronymic'];

export interface LookupPlan {
	/** Per OR-group (same index as the rule): the key to search by; null for an empty group. */
	groupKeys: (MatchKey | null)[];
	/** Distinct normalised values to search by, per key, over the items that have every key of the group. */
	values: Partial<Record<MatchKey, Set<string>>>;
	/** Distinct external ids of the items (always looked up, F47). */
	externalIds: Set<string>;
}

/**
 * What to fetch for a batch: one query key per AND-group (an item lacking it cannot match the
 * group anyway), with the values of the items able to match that group. The node fetches
 * candidates by these values (e.g. Bitrix24 `crm.duplicate.findbycomm` for phones/e-mails, the
 * requisite list by INN) and lets `evaluate` decide on all keys.
 */
export function lookupPlan(items: readonly MatchRecord[], rule: MatchRule): LookupPlan {
	const plan: LookupPlan = { groupKeys: [], values: {}, externalIds: new Set() };
	for (const item of items) {
		const ext = externalKey(item.externalId);
		if (ext) plan.externalIds.add(ext);
	}
	for (const group of rule) {
		const key = LOOKUP_PRIORITY.find((k) => group.includes(k)) ?? null;
		plan.groupKeys.push(key);
		if (!key) continue;
		for (const item of items) {
			const own = item.keys.values;
			if (group.some((k) => !own[k]?.size)) continue;
			const set = (plan.values[key] ??= new Set());
			for (const v of own[key]!) set.add(v);
		}
	}
	return plan;
}

// Rule text: `name+phone | name+email | inn+kpp`, or the module's Russian key names

const RU_NAMES: Record<MatchKey, string> = {
	name: 'Наименование', phone: 'Телефон', email: 'Электронная почта', inn: 'ИНН', kpp: 'КПП',
	surname: 'Фамилия', firstName: 'Имя', patronymic: 'Отчество', account: 'Номер счета', bik: 'БИК',
};
const ALIASES: Record<MatchKey, string[]> = {
	name: ['name', 'title', 'company', 'companyname', 'наименование', 'наименованиекомпании', 'название', 'компания'],
	phone: ['phone', 'tel', 'telephone', 'телефон', 'тел'],
	email: ['email', 'mail', 'электроннаяпочта', 'емейл', 'емайл', 'почта'],
	inn: ['inn', 'инн'],
	kpp: ['kpp', 'кпп'],
	surname: ['surname', 'lastname', 'фамилия'],
	firstName: ['firstname', 'givenname', 'имя'],
	patronymic: ['patronymic', 'middlename', 'secondname', 'отчество'],
	account: ['account', 'accountnumber', 'номерсчета', 'счет', 'расчетныйсчет', 'рс'],
	bik: ['bik', 'бик', 'бикбанка'],
};
const KEY_BY_ALIAS = new Map<string, MatchKey>();
for (const key of MATCH_KEYS) for (const alias of ALIASES[key]) KEY_BY_ALIAS.set(alias, key);
const aliasOf = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]/gu, '');

export class RuleParseError extends Error {
	constructor(message: string, readonly token?: string) {
		super(message);
		this.name = 'RuleParseError';
	}
}

/**
 * `name+phone | name+email | inn+kpp` → `[['name','phone'],['name','email'],['inn','kpp']]`.
 * OR: `|`, `||`, `;`, a new line, the words `or` / `или`; AND: `+`, `&`, `&&`, `and` / `и`. A group
 * may be wrapped in parentheses; nesting is not supported (AND binds tighter anyway). Keys: the
 * English names or the module's Russian ones («Наименование», «Электронная почта», «Номер счета»…),
 * case and spaces ignored. With `kind`, keys the module does not offer for that entity are errors.
 * Empty text → `[]` (external id only, the module's default F47).
 */
export function parseRule(text: string, kind?: EntityKind): MatchRule {
	if (!text.trim()) return [];
	const rule: MatchRule = [];
	const parts = text.split(/\|\|?|;|\n|\s(?:or|или)\s/iu);
	parts.forEach((part, g) => {
		let body = part.trim();
		if (body.startsWith('(') && body.endsWith(')')) body = body.slice(1, -1);
		if (/[()]/.test(body)) throw new RuleParseError(`Group ${g + 1} "${part.trim()}": parentheses may only wrap a whole AND-group`);
		if (!body.trim()) throw new RuleParseError(`Group ${g + 1} is empty in "${text.trim()}"`);
		const group: MatchKey[] = [];
		for (const token of body.split(/&&?|\+|\s(?:and|и)\s/iu)) {
			const name = token.trim().replace(/^[«"']+|[»"']+$/g, '');
			if (!name) throw new RuleParseError(`Group ${g + 1} "${part.trim()}" has an empty key`);
			const key = KEY_BY_ALIAS.get(aliasOf(name));
			if (!key) throw new RuleParseError(`Unknown match key "${name}" in group ${g + 1}; known: ${MATCH_KEYS.join(', ')} or ${Object.values(RU_NAMES).join(', ')}`, name);
			if (kind && !ENTITY_KEYS[kind].includes(key)) throw new RuleParseError(`Key "${name}" (${key}) is not available for ${kind}; available: ${ENTITY_KEYS[kind].join(', ')}`, name);
			if (!group.includes(key)) group.push(key);
		}
		rule.push(group);
	});
	return rule;
}

/** MatchRule → text `parseRule` reads back: `name+phone | inn+kpp`, or with the Russian key names. */
export function formatRule(rule: MatchRule, lang: 'en' | 'ru' = 'en'): string {
	return rule.map((group) => group.map((k) => (lang === 'ru' ? RU_NAMES[k] : k)).join(lang === 'ru' ? ' + ' : '+')).join(' | ');
}

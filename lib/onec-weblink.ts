/**
 * Links that open a 1C object in the 1C web client (F09): `<web client>#e1cib/data/Документ.ЗаказПокупателя?ref=<ref>`.
 * The `ref` of a navigation link is the object's GUID with its groups reordered — 4th, 5th, 3rd,
 * 2nd, 1st (`5828755a-8819-11ed-89ab-000c29dddd38` → `89ab000c29dddd3811ed88195828755a`), as in
 * the links 1C itself shows («Получить ссылку»); the metadata kind is the Russian one of the
 * configuration's script variant (Справочник, Документ, …). The web client is the publication's
 * address without `odata/standard.odata/` unless the credential names another.
 */
const KINDS: Record<string, string> = {
	Catalog: 'Справочник',
	Document: 'Документ',
	ChartOfCharacteristicTypes: 'ПланВидовХарактеристик',
	ChartOfAccounts: 'ПланСчетов',
	ChartOfCalculationTypes: 'ПланВидовРасчета',
	ExchangePlan: 'ПланОбмена',
	BusinessProcess: 'БизнесПроцесс',
	Task: 'Задача',
};

const GUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

export function navigationRef(guid: string): string | undefined {
	const m = GUID.exec(guid.trim());
	return m ? `${m[4]}${m[5]}${m[3]}${m[2]}${m[1]}`.toLowerCase() : undefined;
}

/** The web client's address: the override, or the publication URL without its OData path. */
export function webClientBase(publicationUrl: string, override?: string): string {
	const base = (override ?? '').trim() || publicationUrl.replace(/odata\/standard\.odata\/?$/i, '');
	return base.endsWith('/') ? base : `${base}/`;
}

/** The link that opens the object, or undefined for a set without references (registers) or a bad key. */
export function webClientLink(base: string, entitySet: string, guid: unknown): string | undefined {
	const m = /^([A-Za-z]+)_(.+)$/.exec(entitySet);
	const kind = m ? KINDS[m[1]] : undefined;
	const ref = typeof guid === 'string' ? navigationRef(guid) : undefined;
	if (!kind || !ref || m![2].includes('_')) return undefined;
	return `${base}#e1cib/data/${kind}.${m![2]}?ref=${ref}`;
}

const KIND_SET = Object.fromEntries(Object.entries(KINDS).map(([set, kind]) => [kind, set]));
const LINK_RE = /#e1cib\/data\/([^\s.?#]+)\.([^\s?#]+)\?ref=([0-9a-f]{32})/gi;

/** «Add Web Client Link»: each row of an object set with its `webClientLink` (rows without a key stay as they are). */
export function withWebClientLinks<R extends Record<string, unknown>>(rows: R[], base: string, entitySet: string): R[] {
	return rows.map((r) => {
		const link = webClientLink(base, entitySet, r.Ref_Key);
		return link ? { ...r, webClientLink: link } : r;
	});
}

function decoded(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/** The GUID of a navigation `ref` (the inverse of navigationRef). */
export function guidOfNavigationRef(ref: string): string | undefined {
	const r = ref.trim().toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(r)) return undefined;
	return `${r.slice(24, 32)}-${r.slice(20, 24)}-${r.slice(16, 20)}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
}

export interface FoundLink {
	/** the OData entity set, e.g. Document_ЗаказПокупателя */
	entitySet: string;
	ref: string;
	/** the web client's address the link starts with (up to `#`) */
	base: string;
}

/**
 * The 1C objects named by web-client links in a text (a timeline comment, an activity): the
 * bindings the syncs write (F13), in order of appearance, each once.
 */
export function webClientLinksIn(text: string): FoundLink[] {
	const out: FoundLink[] = [];
	const seen = new Set<string>();
	for (const m of text.matchAll(LINK_RE)) {
		const set = KIND_SET[decoded(m[1])];
		const ref = guidOfNavigationRef(m[3]);
		if (!set || !ref) continue;
		const entitySet = `${set}_${decoded(m[2])}`;
		const base = /(https?:\/\/[^\s\]\[="'<>]*)$/i.exec(text.slice(0, m.index))?.[1] ?? '';
		if (seen.has(`${entitySet}|${ref}`)) continue;
		seen.add(`${entitySet}|${ref}`);
		out.push({ entitySet, ref, base });
	}
	return out;
}

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

/**
 * What the invoice-status template (1C → Bitrix24) must leave behind: every smart invoice linked
 * to this base whose 1C invoice is «Оплачен» in `InformationRegister_СтатусыДокументов` is in the
 * paid stage (`…:P`) of its pipeline in Bitrix24.
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];

export async function checkInvoiceStatus(b24BaseUrl: string, onecBaseUrl: string, base: string, baseId: string): Promise<string[]> {
	const [items, statuses] = await Promise.all([json(`${b24BaseUrl}/_admin/table/item`), json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('InformationRegister_СтатусыДокументов')}`)]);
	const paid = new Set(statuses.filter((s) => s.Статус === 'Оплачен').map((s) => String(s.Документ).toLowerCase()));
	return items
		.filter((x) => Number(x.entityTypeId) === 31 && String(x.xmlId ?? '').startsWith(`${baseId}:`))
		.filter((x) => paid.has(String(x.xmlId).slice(baseId.length + 1).toLowerCase()) && !String(x.stageId).endsWith(':P'))
		.map((x) => `smart invoice ${String(x.id)} is paid in 1C but in stage ${String(x.stageId)}`);
}

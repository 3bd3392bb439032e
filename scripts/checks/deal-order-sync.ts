/**
 * What the deal ↔ order template (Bitrix24 deals ↔ 1C УНФ customer orders) must leave behind,
 * read from the sandboxes. Eligible deals — of the pipeline, created on or after `syncFrom`, in a
 * stage that is loaded (not lost), of a company whose requisite's INN (+KPP) names exactly one
 * counterparty of the base (several cards of an ИП's INN: the one its name picked) — are linked (`ORIGINATOR_ID` = base, `ORIGIN_ID` = order Ref_Key) to
 * an order with that counterparty, one `Запасы` row per product row (the product's 1C reference
 * and quantity), rows adding up to `СуммаДокумента` = the deal's OPPORTUNITY to the kopeck, and a
 * state that the deal's stage maps to. No other deal is linked to the base, and no order dated
 * from `syncFrom` on is there without its deal (a first sync duplicates nothing: the seed keys
 * orders into 1C by hand only before the go-live).
 */
type Row = Record<string, unknown>;

const json = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];
const round2 = (n: number) => Math.round(n * 100) / 100;
const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** The template's default stage table (stage without its `C{n}:` prefix → УНФ state; '' = not loaded). */
export const DEFAULT_STATES: Record<string, string> = { NEW: 'Открыт', PREPARATION: 'Открыт', UC_4F2K1A: 'Открыт', PREPAYMENT_INVOICE: 'В работе', EXECUTING: 'В работе', FINAL_INVOICE: 'В работе', WON: 'Завершен', LOSE: '', APOLOGY: '' };

export interface DealOrderFacts {
	/** deal ids the template had to load */
	eligible: string[];
	/** deal ids linked to the base */
	linked: string[];
	/** deal ids of the pipeline and period whose company has no single counterparty in the base (none or several) */
	unmatched: string[];
	failures: string[];
}

export async function checkDealOrderSync(
	b24BaseUrl: string,
	onecBaseUrl: string,
	base: string,
	baseId: string,
	opts: { pipelineId?: number; syncFrom?: string } = {},
): Promise<DealOrderFacts> {
	const pipelineId = opts.pipelineId ?? 1;
	const from = Date.parse(`${opts.syncFrom ?? '2026-10-01'}T00:00:00+03:00`);
	const failures: string[] = [];
	const [deals, rows, products, requisites, counterparties, orders, states] = await Promise.all([
		json(`${b24BaseUrl}/_admin/table/deal`),
		json(`${b24BaseUrl}/_admin/table/productrow`),
		json(`${b24BaseUrl}/_admin/table/catalog_product`),
		json(`${b24BaseUrl}/_admin/table/requisite`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_Контрагенты')}`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Document_ЗаказПокупателя')}`),
		json(`${onecBaseUrl}/_admin/base/${base}/${encodeURIComponent('Catalog_СостоянияЗаказовПокупателей')}`),
	]);
	const orderByRef = new Map(orders.map((o) => [lower(o.Ref_Key), o]));
	const stateName = new Map(states.map((s) => [lower(s.Ref_Key), String(s.Description)]));
	const xmlOf = new Map(products.map((p) => [String(p.id), lower(p.xmlId)]));
	const facts: DealOrderFacts = { eligible: [], linked: [], unmatched: [], failures };
	const linkedRefs = new Map<string, string>();

	for (const d of deals) {
		const id = String(d.ID);
		const linked = String(d.ORIGINATOR_ID ?? '') === baseId && !!d.ORIGIN_ID;
		if (linked) {
			facts.linked.push(id);
			const ref = lower(d.ORIGIN_ID);
			if (linkedRefs.has(ref)) failures.push(`deals ${linkedRefs.get(ref)} and ${id} are linked to the same order ${ref}`);
			linkedRefs.set(ref, id);
		}
		const stage = String(d.STAGE_ID).replace(/^C\d+:/, '');
		if (Number(d.CATEGORY_ID) !== pipelineId || Date.parse(String(d.DATE_CREATE)) < from) {
			if (linked) failures.push(`deal ${id} (pipeline ${String(d.CATEGORY_ID)}, created ${String(d.DATE_CREATE)}) is not to be loaded but is linked`);
			continue;
		}
		// a lost deal is not loaded; one linked before it was lost (or moved there by a cancelled order) is left alone
		if (!DEFAULT_STATES[stage]) continue;
		const rq = requisites.find((r) => Number(r.ENTITY_TYPE_ID) === 4 && String(r.ENTITY_ID) === String(d.COMPANY_ID) && r.RQ_INN);
		const candidates = rq ? counterparties.filter((c) => c.DeletionMark !== true && String(c.ИНН) === String(rq.RQ_INN) && (!rq.RQ_KPP || String(c.КПП) === String(rq.RQ_KPP))) : [];
		// several cards of one INN without a KPP: the name may still decide (INN + name)
		const byName = !rq?.RQ_KPP && linked ? candidates.find((c) => lower(c.Ref_Key) === lower(orderByRef.get(lower(d.ORIGIN_ID))?.Контрагент_Key)) : undefined;
		const counterparty = candidates.length === 1 ? candidates[0] : byName;
		if (!counterparty) {
			facts.unmatched.push(id);
			if (linked) failures.push(`deal ${id}: its company has ${candidates.length} counterparties in ${base}, yet the deal is linked`);
			continue;
		}
		facts.eligible.push(id);
		const what = `deal ${id} «${String(d.TITLE)}»`;
		if (!linked) {
			failures.push(`${what} is not linked to an order of ${base}`);
			continue;
		}
		const order = orderByRef.get(lower(d.ORIGIN_ID));
		if (!order) {
			failures.push(`${what} is linked to an order that does not exist (${String(d.ORIGIN_ID)})`);
			continue;
		}
		if (lower(order.Контрагент_Key) !== lower(counterparty.Ref_Key)) failures.push(`${what}: counterparty ${String(order.Контрагент_Key)}, expected ${String(counterparty.Ref_Key)}`);
		const goods = (order.Запасы as Row[] | undefined) ?? [];
		const mine = rows.filter((r) => r.ownerType === 'D' && String(r.ownerId) === id).sort((a, b) => Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id));
		if (goods.length !== mine.length) failures.push(`${what}: ${mine.length} product rows, ${goods.length} 1C rows`);
		mine.forEach((r, k) => {
			const g = goods[k];
			if (g && (lower(g.Номенклатура) !== xmlOf.get(String(r.productId)) || Number(g.Количество) !== Number(r.quantity))) {
				failures.push(`${what}: row ${k + 1} is ${String(g.Номенклатура)} × ${String(g.Количество)}, Bitrix24 has ${String(xmlOf.get(String(r.productId)))} × ${String(r.quantity)}`);
			}
		});
		const total = Number(order.СуммаДокумента);
		if (total !== Number(d.OPPORTUNITY)) failures.push(`${what}: СуммаДокумента ${total}, OPPORTUNITY ${String(d.OPPORTUNITY)}`);
		const rowsSum = round2(goods.reduce((s, g) => s + Number(g.Сумма), 0));
		if (rowsSum !== total) failures.push(`${what}: the rows add up to ${rowsSum}, СуммаДокумента ${total}`);
		const state = stateName.get(lower(order.СостояниеЗаказа));
		if (state !== DEFAULT_STATES[stage]) failures.push(`${what}: order state «${String(state)}», the stage ${String(d.STAGE_ID)} means «${DEFAULT_STATES[stage]}»`);
	}
	// every order dated from syncFrom on belongs to a linked deal: nothing duplicated, nothing orphaned
	for (const o of orders) {
		if (o.DeletionMark === true || Date.parse(`${String(o.Date).slice(0, 19)}+03:00`) < from) continue;
		if (!linkedRefs.has(lower(o.Ref_Key))) failures.push(`1C order ${String(o.Number)} of ${String(o.Date)} has no linked deal`);
	}
	return facts;
}

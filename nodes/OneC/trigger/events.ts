/**
 * «Watch → Document Events»: one poll observes the documents of the Date window (one light scan
 * with the fields the events need), reads how far they are paid and shipped IN BULK (never one
 * request per document), and lets lib/onec-transitions.ts turn the change of that state into
 * events — one output item per event and document. The state is written only after everything
 * succeeded, so a failed poll is repeated as a whole by the next one.
 *
 * Paid / shipped (`paymentSource`):
 * - `unf` — `AccumulationRegister_ОплатаСчетовИЗаказов/Turnovers(StartPeriod=<oldest Date of the
 *   scan>, Dimensions='СчетНаОплату')`: per document `СуммаОплаты + СуммаАванса` against `Сумма`
 *   (the amount the posted document put to pay; the Total Field when that is 0, e.g. unposted) —
 *   1 request; for `Document_ЗаказПокупателя` also `AccumulationRegister_ЗаказыПокупателей/
 *   Turnovers(…, Dimensions='ЗаказПокупателя')`: shipped `КоличествоExpense` against ordered
 *   `КоличествоReceipt` — 1 request. Movements dated before the document itself are not counted.
 * - `bp` — `InformationRegister_СтатусыДокументов` (`Статус` Оплачен / ОплаченЧастично / none)
 *   read by key lists of the window's documents (`Документ eq cast(guid'…','<set>')`, ~5 per
 *   request) or, when that would take more requests, the whole register in pages; shipped: the
 *   posted `Document_РеализацияТоваровУслуг` dated from the oldest scanned Date (one paged read),
 *   summed by `СчетНаОплатуПокупателю_Key` against the Total Field.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { dateTimeLiteral, formatDateTime, guidLiteral, splitInChunks } from '../../../lib/odata';
import { checkClass, diffEvents, level, statusLevel, type EventState, type Level, type Observation } from '../../../lib/onec-transitions';
import { typeRow, type Row } from '../../../lib/onec-values';
import type { OneCSession } from '../session';
import { MAX_QUERY_BYTES } from '../transport/client';
import type { EventParams, PaymentSource } from './events-description';
import { and, scanDocuments, STATE_KEY, userFields, type Params } from './poll';

/** The key of the events state in `getWorkflowStaticData('node')`. */
export const EVENTS_KEY = 'oneCEvents';

export const UNF_PAYMENTS = 'AccumulationRegister_ОплатаСчетовИЗаказов';
export const UNF_ORDERS = 'AccumulationRegister_ЗаказыПокупателей';
export const UNF_ORDER_SET = 'Document_ЗаказПокупателя';
export const BP_STATUSES = 'InformationRegister_СтатусыДокументов';
export const BP_SALES = 'Document_РеализацияТоваровУслуг';

const LEVEL_NAMES = ['none', 'partial', 'full'] as const;
const num = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
const key = (v: unknown) => String(v ?? '').toLowerCase();

interface Facts {
	total?: number;
	paid?: number;
	paidLevel: Level | null;
	paymentStatus?: string;
	shipped?: number;
	shippedOf?: number;
	shippedLevel: Level | null;
}

interface Obs extends Observation {
	row: Row;
	facts: Facts;
}

function eventParams(ctx: IPollFunctions): EventParams {
	const s = (name: string, dflt = '') => String(ctx.getNodeParameter(name, dflt) ?? dflt).trim();
	const events = ctx.getNodeParameter('events', ['posted', 'unposted', 'paid', 'partiallyPaid', 'shipped']) as EventParams['events'];
	const paymentSource = s('paymentSource', 'none') as PaymentSource;
	if (!['none', 'unf', 'bp'].includes(paymentSource)) throw new NodeOperationError(ctx.getNode(), `1C trigger: unknown "Paid and Shipped From": ${paymentSource}`);
	return { events: Array.isArray(events) ? events : [], paymentSource, totalField: s('totalField', 'СуммаДокумента'), checkField: s('checkField'), correctValue: s('correctValue'), errorValue: s('errorValue') };
}

/** A `Name=datetime'…'` argument of a virtual table. */
const periodArg = (name: string, local: string, tz: string) => `${name}=${dateTimeLiteral(local, tz)}`;

async function virtualRows(s: OneCSession, path: string): Promise<Row[]> {
	return ((await s.client.get(path)).value as Row[] | undefined) ?? [];
}

async function unfFacts(s: OneCSession, p: Params, ep: EventParams, rows: Row[], start: string): Promise<Map<string, Facts>> {
	const out = new Map<string, Facts>(rows.map((r) => [key(r.Ref_Key), { paidLevel: null, shippedLevel: null }]));
	const since = periodArg('StartPeriod', start, s.timeZone);
	const sums = new Map<string, { total: number; paid: number }>();
	for (const r of await virtualRows(s, `${UNF_PAYMENTS}/Turnovers(${since},Dimensions='СчетНаОплату')`)) {
		const ref = key(r.СчетНаОплату ?? r.СчетНаОплату_Key);
		const type = String(r.СчетНаОплату_Type ?? '');
		if (!out.has(ref) || (type && !type.endsWith(`.${p.set}`))) continue;
		const acc = sums.get(ref) ?? { total: 0, paid: 0 };
		acc.total += num(r.СуммаTurnover);
		acc.paid += num(r.СуммаОплатыTurnover) + num(r.СуммаАвансаTurnover);
		sums.set(ref, acc);
	}
	for (const r of rows) {
		const f = out.get(key(r.Ref_Key))!;
		const acc = sums.get(key(r.Ref_Key)) ?? { total: 0, paid: 0 };
		f.total = acc.total > 0 ? acc.total : num(r[ep.totalField]);
		f.paid = acc.paid;
		f.paidLevel = level(f.paid, f.total);
	}
	if (p.set === UNF_ORDER_SET) {
		for (const r of await virtualRows(s, `${UNF_ORDERS}/Turnovers(${since},Dimensions='ЗаказПокупателя')`)) {
			const f = out.get(key(r.ЗаказПокупателя_Key ?? r.ЗаказПокупателя));
			if (!f) continue;
			f.shippedOf = (f.shippedOf ?? 0) + num(r.КоличествоReceipt);
			f.shipped = (f.shipped ?? 0) + num(r.КоличествоExpense);
		}
		for (const f of out.values()) {
			f.shippedOf ??= 0;
			f.shipped ??= 0;
			f.shippedLevel = level(f.shipped, f.shippedOf);
		}
	}
	return out;
}

/** The status records of the documents: by key lists, or the whole register when that is fewer requests. */
async function bpStatuses(s: OneCSession, p: Params, refs: string[]): Promise<Row[]> {
	const select = 'Документ,Документ_Type,Статус';
	const literal = (g: string) => `cast(${guidLiteral(g)},'${p.set}')`;
	const chunks = splitInChunks('Документ', refs, MAX_QUERY_BYTES, { $select: select, $top: p.pageSize, $skip: 9_999_999, $format: 'json' }, literal).length;
	if (chunks > 2) {
		const pages = Math.ceil((await s.client.count(BP_STATUSES)) / p.pageSize);
		if (pages < chunks) return s.client.list(BP_STATUSES, { select, returnAll: true, pageSize: p.pageSize });
	}
	return s.client.listByKeys(BP_STATUSES, 'Документ', refs, { select, pageSize: p.pageSize }, literal);
}

async function bpFacts(s: OneCSession, p: Params, ep: EventParams, rows: Row[], start: string): Promise<Map<string, Facts>> {
	const out = new Map<string, Facts>(rows.map((r) => [key(r.Ref_Key), { total: num(r[ep.totalField]), paidLevel: 0, paymentStatus: '', shipped: 0, shippedLevel: null }]));
	for (const r of await bpStatuses(s, p, [...out.keys()])) {
		const f = out.get(key(r.Документ));
		const type = String(r.Документ_Type ?? '');
		if (!f || (type && !type.endsWith(`.${p.set}`))) continue;
		f.paymentStatus = String(r.Статус ?? '');
		f.paidLevel = statusLevel(r.Статус);
	}
	const sales = await s.client.list(BP_SALES, {
		filter: `Date ge ${dateTimeLiteral(start, s.timeZone)} and Posted eq true`,
		select: 'Ref_Key,СчетНаОплатуПокупателю_Key,СуммаДокумента',
		orderby: 'Date,Ref_Key',
		returnAll: true,
		parallel: false,
		pageSize: p.pageSize,
	});
	for (const r of sales) {
		const f = out.get(key(r.СчетНаОплатуПокупателю_Key));
		if (f) f.shipped = (f.shipped ?? 0) + num(r.СуммаДокумента);
	}
	for (const f of out.values()) f.shippedLevel = level(f.shipped, f.total);
	return out;
}

/** The light `$select` of the scan: what the events need plus the user's fields. */
function scanSelect(p: Params, ep: EventParams): string {
	const need = ['Ref_Key', 'DataVersion', 'Date', 'Number', 'Posted', 'DeletionMark'];
	if (ep.paymentSource !== 'none' && ep.totalField) need.push(ep.totalField);
	if (ep.checkField) need.push(ep.checkField);
	return [...new Set([...need, ...userFields(p)])].join(',');
}

async function facts(s: OneCSession, p: Params, ep: EventParams, rows: Row[]): Promise<Map<string, Facts>> {
	if (ep.paymentSource === 'none' || !rows.length) return new Map();
	const start = rows.map((r) => String(r.Date ?? '')).reduce((a, b) => (b && b < a ? b : a));
	return ep.paymentSource === 'unf' ? unfFacts(s, p, ep, rows, start) : bpFacts(s, p, ep, rows, start);
}

function observe(rows: Row[], ep: EventParams, f: Map<string, Facts>): Obs[] {
	return rows.map((row) => {
		const facts = f.get(key(row.Ref_Key)) ?? { paidLevel: null, shippedLevel: null };
		return {
			ref: key(row.Ref_Key),
			dataVersion: String(row.DataVersion ?? ''),
			date: String(row.Date ?? ''),
			posted: row.Posted === true,
			paid: facts.paidLevel,
			shipped: facts.shippedLevel,
			check: ep.checkField ? checkClass(row[ep.checkField], ep.correctValue, ep.errorValue) : null,
			row,
			facts,
		};
	});
}

async function toItems(s: OneCSession, p: Params, ep: EventParams, docs: Array<{ obs: Obs; events: string[] }>): Promise<IDataObject[]> {
	if (!docs.length) return [];
	const types = p.o.output === 'raw' ? undefined : await s.types(p.set);
	const out: IDataObject[] = [];
	for (const { obs, events } of docs) {
		const row = types ? typeRow(obs.row, types, s.timeZone) : obs.row;
		const f = obs.facts;
		const extra: IDataObject = {};
		if (ep.paymentSource !== 'none') {
			Object.assign(extra, {
				total: f.total ?? null,
				paid: f.paid ?? null,
				paymentState: f.paidLevel === null ? null : LEVEL_NAMES[f.paidLevel],
				shipped: f.shipped ?? null,
				shippedOf: f.shippedOf ?? f.total ?? null,
				shipmentState: f.shippedLevel === null ? null : LEVEL_NAMES[f.shippedLevel],
			});
			if (ep.paymentSource === 'bp') extra.paymentStatus = f.paymentStatus ?? '';
		}
		if (ep.checkField) extra.checkValue = (row as IDataObject)[ep.checkField] ?? null;
		for (const event of events) if (ep.events.includes(event as never)) out.push({ event, entitySet: p.set, ...(row as IDataObject), ...extra });
	}
	return out;
}

export async function pollEvents(ctx: IPollFunctions, s: OneCSession, p: Params): Promise<INodeExecutionData[][] | null> {
	const ep = eventParams(ctx);
	const select = scanSelect(p, ep);
	if (ctx.getMode() === 'manual') {
		// "Fetch Test Event": the newest document as an item of the first chosen event; state untouched
		const rows = await s.client.list(p.set, { filter: and(p.rawFilter || undefined), select, orderby: 'Date desc,Ref_Key desc', limit: 1 });
		if (!rows.length) return null;
		const obs = observe(rows, ep, await facts(s, p, ep, rows));
		const items = await toItems(s, p, { ...ep, events: [ep.events[0] ?? 'changed'] }, [{ obs: obs[0], events: [ep.events[0] ?? 'changed'] }]);
		return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
	}
	const store = ctx.getWorkflowStaticData('node');
	const prev = store[EVENTS_KEY] as unknown as EventState | undefined;
	const scope = [s.client.url, 'events', p.set, p.rawFilter, ep.paymentSource, ep.paymentSource === 'none' ? '' : ep.totalField, ep.checkField, ep.correctValue, ep.errorValue].join('|');
	const known = prev && prev.v === 1 && prev.kind === 'events' && prev.scope === scope ? prev : undefined;
	const now = formatDateTime(new Date(), s.timeZone);
	const { rows, from } = await scanDocuments(s, p, known, now, select);
	const truncated = rows.length > p.maxTracked;
	const f = truncated ? new Map<string, Facts>() : await facts(s, p, ep, rows);
	const { docs, next } = diffEvents(known, observe(rows, ep, f), { scope, maxTracked: p.maxTracked, emitExisting: p.o.emitExisting === true, overlapHours: p.overlapHours, now, scannedFrom: from, truncated });
	const items = await toItems(s, p, ep, docs);
	store[EVENTS_KEY] = next as unknown as IDataObject;
	// switched from «New and Changed»: that state is stale (switching back starts a new baseline)
	delete store[STATE_KEY];
	return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
}

/**
 * Registers in the OData view (research §1.4, §1.8; UTX excerpt; DR ERP-demo `metadata.xml`).
 *
 * - Recorder-subordinate registers: the record set `<X>` keyed by `Recorder_Key` (one recorder
 *   type) or `Recorder` + `Recorder_Type` (several), with `RecordSet: Collection(<X>_RowType)`,
 *   plus `<X>_RecordType` (single records). The RowType has the RecordType's properties.
 * - Accumulation `_RecordType`: key recorder + `LineNumber`; `Recorder, Period, LineNumber, Active,
 *   RecordType` (balance registers only — assumption for turnovers registers), dimensions,
 *   resources, attributes, tail. `Balance` (balance registers), `Turnovers`, `BalanceAndTurnovers`
 *   (balance registers) are bound FunctionImports returning `<X>_Balance` / `_Turnover` /
 *   `_BalanceAndTurnover` complex types. A turnovers register's `_Turnover` has only
 *   `<Res>Turnover` (no Receipt/Expense) — assumption.
 * - Information registers: independent ones are one set keyed `Period` (periodic) + dimensions
 *   (+ composite dimensions' `_Type` last); subordinate ones get `_RecordType` keyed the same way
 *   (UTX `InformationRegister_пр_ОчередьДействий_RecordType`). `SliceLast`/`SliceFirst` exist for
 *   every information register (UTX declares them even on the non-periodic
 *   `ПоследнийОбменСБанками`), bound to `_RecordType` for subordinate ones.
 * - Accounting registers (DR `AccountingRegister_Хозрасчетный`): `AccountDr_Key`/`AccountCr_Key`,
 *   non-balance dimensions/resources split into `…Dr`/`…Cr`; `Balance`, `Turnovers`,
 *   `BalanceAndTurnovers`, `ExtDimensions`, `RecordsWithExtDimensions`, `DrCrTurnovers` with the DR
 *   shapes (`StandardODATA.PointInTime` referenced but not declared, like DR).
 * Virtual-table complex types carry navigations for their reference dimensions (informational, for
 * `$expand`); the EDMX writer emits none for complex types.
 */
import { addComplex, addSet, fn, PARAMS, PERIODS, recorder, Shape, type BuildContext } from './schema-props';
import type { AccountingRegisterDef, AccumulationRegisterDef, Attribute, InformationRegisterDef, ObjectDef } from './types';
import { entitySetName } from './types';

type RegisterDef = AccumulationRegisterDef | InformationRegisterDef | AccountingRegisterDef;

export function buildRegister(ctx: BuildContext, o: ObjectDef): void {
	if (o.kind === 'AccumulationRegister') buildAccumulation(ctx, o);
	else if (o.kind === 'InformationRegister') buildInformation(ctx, o);
	else if (o.kind === 'AccountingRegister') buildAccounting(ctx, o);
	else throw new Error(`unsupported object kind ${o.kind}`);
}

/** The record-set entity `<X>`: recorder + `RecordSet`. */
function recordSetEntity(ctx: BuildContext, o: RegisterDef, recorders: string[]): void {
	const name = entitySetName(o);
	const sh = new Shape(name, ctx.targets);
	const keys = recorder(sh, recorders, false);
	sh.recordSet(`${name}_RowType`);
	addSet(ctx, { name, kind: 'register', object: o, keys, properties: sh.properties(), navigations: [] });
}

const NUMBER: Attribute['type'] = { kind: 'number', digits: 15, scale: 2 };
const resType = (r: Attribute): Attribute['type'] => (r.type.kind === 'number' ? r.type : NUMBER);

function buildAccumulation(ctx: BuildContext, o: AccumulationRegisterDef): void {
	const name = entitySetName(o);
	const balance = o.registerKind === 'balance';
	recordSetEntity(ctx, o, o.recorders);
	const record = (owner: string) => {
		const sh = new Shape(owner, ctx.targets);
		const rec = recorder(sh, o.recorders, false);
		sh.std('Period', 'Edm.DateTime').std('LineNumber', 'Edm.Int64', false).std('Active', 'Edm.Boolean');
		if (balance) sh.std('RecordType');
		sh.attrs(o.dimensions).attrs(o.resources).attrs(o.attributes);
		return { sh, keys: rec.length === 1 ? [rec[0], 'LineNumber'] : [rec[0], 'LineNumber', rec[1]] };
	};
	const rt = record(`${name}_RecordType`);
	addSet(ctx, { name: `${name}_RecordType`, kind: 'recordType', object: o, keys: rt.keys, properties: rt.sh.properties(), navigations: rt.sh.navs });
	addComplex(ctx, record(`${name}_RowType`).sh.complex());

	const virtual = (suffix: string, withPeriods: boolean, resources: (sh: Shape, r: Attribute) => void) => {
		const sh = new Shape(`${name}_${suffix}`, ctx.targets).attrs(o.dimensions);
		if (withPeriods) {
			for (const p of PERIODS) sh.std(p, 'Edm.DateTime');
			recorder(sh, o.recorders, true);
			sh.std('LineNumber', 'Edm.Int64');
		}
		for (const r of o.resources) resources(sh, r);
		addComplex(ctx, sh.complex(true));
	};
	const each = (parts: string[]) => (sh: Shape, r: Attribute) => parts.forEach((p) => sh.value(`${r.name}${p}`, resType(r)));
	if (balance) {
		virtual('Balance', false, each(['Balance']));
		fn(ctx, 'Balance', name, PARAMS.balance, `${name}_Balance`);
	}
	virtual('Turnover', true, each(balance ? ['Turnover', 'Receipt', 'Expense'] : ['Turnover']));
	fn(ctx, 'Turnovers', name, PARAMS.turnovers, `${name}_Turnover`);
	if (balance) {
		virtual('BalanceAndTurnover', true, each(['OpeningBalance', 'Turnover', 'Receipt', 'Expense', 'ClosingBalance']));
		fn(ctx, 'BalanceAndTurnovers', name, PARAMS.turnovers, `${name}_BalanceAndTurnover`);
	}
}

/** Key properties: `Period` (periodic), dimensions, then composite dimensions' `_Type`. */
function infoKeys(o: InformationRegisterDef): string[] {
	const head = o.periodicity !== 'none' ? ['Period'] : [];
	const tail: string[] = [];
	for (const d of o.dimensions) {
		const k = Shape.keyNames(d);
		head.push(...k.head);
		tail.push(...k.tail);
	}
	return [...head, ...tail];
}

function buildInformation(ctx: BuildContext, o: InformationRegisterDef): void {
	const name = entitySetName(o);
	const periodic = o.periodicity !== 'none';
	const keys = infoKeys(o);
	const subordinate = (o.recorders?.length ?? 0) > 0;
	if (!subordinate) {
		const sh = new Shape(name, ctx.targets);
		if (periodic) sh.std('Period', 'Edm.DateTime', false);
		sh.attrs(o.dimensions, false).attrs(o.resources).attrs(o.attributes);
		addSet(ctx, { name, kind: 'register', object: o, keys, properties: sh.properties(), navigations: sh.navs });
		fn(ctx, 'SliceLast', name, PARAMS.slice, name);
		fn(ctx, 'SliceFirst', name, PARAMS.slice, name);
		return;
	}
	const recorders = o.recorders ?? [];
	recordSetEntity(ctx, o, recorders);
	const record = (owner: string) => {
		const sh = new Shape(owner, ctx.targets);
		recorder(sh, recorders, true);
		if (periodic) sh.std('Period', 'Edm.DateTime', false);
		sh.std('LineNumber', 'Edm.Int64').std('Active', 'Edm.Boolean').attrs(o.dimensions, false).attrs(o.resources).attrs(o.attributes);
		return sh;
	};
	const rt = record(`${name}_RecordType`);
	addSet(ctx, { name: `${name}_RecordType`, kind: 'recordType', object: o, keys, properties: rt.properties(), navigations: rt.navs });
	addComplex(ctx, record(`${name}_RowType`).complex());
	fn(ctx, 'SliceLast', `${name}_RecordType`, PARAMS.slice, `${name}_RecordType`);
	fn(ctx, 'SliceFirst', `${name}_RecordType`, PARAMS.slice, `${name}_RecordType`);
}

function buildAccounting(ctx: BuildContext, o: AccountingRegisterDef): void {
	const name = entitySetName(o);
	const chart = o.chartOfAccounts.startsWith('ChartOfAccounts_') ? o.chartOfAccounts : `ChartOfAccounts_${o.chartOfAccounts}`;
	const split = new Set(o.nonBalance ?? []);
	const n = o.extDimensions;
	const side = (a: Attribute, s: string): Attribute => ({ ...a, name: `${a.name}${s}` });
	/** dimensions/resources as in a record: non-balance ones per side */
	const sided = (sh: Shape, list: Attribute[]) => {
		for (const a of list) {
			if (split.has(a.name)) sh.attr(side(a, 'Dr')).attr(side(a, 'Cr'));
			else sh.attr(a);
		}
	};
	const ext = (sh: Shape, prefix: string, withTypes = false) => {
		for (let i = 1; i <= n; i++) {
			sh.attr({ name: `${prefix}${i}`, type: { kind: 'composite', types: [] } });
			if (withTypes) sh.std(`${prefix.replace('ExtDimension', 'ExtDimensionType')}${i}_Key`, 'Edm.Guid');
		}
	};
	const periods = (sh: Shape) => {
		for (const p of PERIODS) sh.std(p, 'Edm.DateTime');
		recorder(sh, o.recorders, true);
		sh.std('LineNumber', 'Edm.Int64');
	};

	recordSetEntity(ctx, o, o.recorders);
	const record = (owner: string) => {
		const sh = new Shape(owner, ctx.targets);
		const rec = recorder(sh, o.recorders, false);
		sh.std('Period', 'Edm.DateTime').std('LineNumber', 'Edm.Int64', false).std('Active', 'Edm.Boolean');
		sh.std('AccountDr_Key', 'Edm.Guid').nav('AccountDr', chart).std('AccountCr_Key', 'Edm.Guid').nav('AccountCr', chart);
		sided(sh, o.dimensions);
		sided(sh, o.resources);
		sh.attrs(o.attributes);
		return { sh, keys: rec.length === 1 ? [rec[0], 'LineNumber'] : [rec[0], 'LineNumber', rec[1]] };
	};
	const rt = record(`${name}_RecordType`);
	addSet(ctx, { name: `${name}_RecordType`, kind: 'recordType', object: o, keys: rt.keys, properties: rt.sh.properties(), navigations: rt.sh.navs });
	addComplex(ctx, record(`${name}_RowType`).sh.complex());

	const values = (sh: Shape, r: Attribute, parts: string[]) => parts.forEach((p) => sh.value(`${r.name}${p}`, resType(r)));
	const account = (sh: Shape) => {
		sh.std('Account_Key', 'Edm.Guid').nav('Account', chart);
		ext(sh, 'ExtDimension');
		sh.attrs(o.dimensions);
	};

	const balance = new Shape(`${name}_Balance`, ctx.targets);
	account(balance);
	for (const r of o.resources) values(balance, r, ['Balance', 'BalanceDr', 'BalanceCr', 'SplittedBalanceDr', 'SplittedBalanceCr']);
	addComplex(ctx, balance.complex(true));
	fn(ctx, 'Balance', name, PARAMS.accountingBalance, `${name}_Balance`);

	const turnover = new Shape(`${name}_Turnover`, ctx.targets);
	periods(turnover);
	account(turnover);
	turnover.std('BalancedAccount_Key', 'Edm.Guid').nav('BalancedAccount', chart);
	ext(turnover, 'BalancedExtDimension');
	for (const d of o.dimensions) if (split.has(d.name)) turnover.attr(side(d, 'Balanced'));
	for (const r of o.resources) {
		values(turnover, r, ['Turnover', 'TurnoverDr', 'TurnoverCr']);
		if (split.has(r.name)) values(turnover, r, ['BalancedTurnover', 'BalancedTurnoverDr', 'BalancedTurnoverCr']);
	}
	addComplex(ctx, turnover.complex(true));
	fn(ctx, 'Turnovers', name, PARAMS.accountingTurnovers, `${name}_Turnover`);

	const bt = new Shape(`${name}_BalanceAndTurnover`, ctx.targets);
	periods(bt);
	account(bt);
	const opening = ['OpeningBalance', 'OpeningBalanceDr', 'OpeningBalanceCr', 'OpeningSplittedBalanceDr', 'OpeningSplittedBalanceCr'];
	const closing = opening.map((s) => s.replace('Opening', 'Closing'));
	for (const r of o.resources) values(bt, r, [...opening, 'Turnover', 'TurnoverDr', 'TurnoverCr', ...closing]);
	addComplex(ctx, bt.complex(true));
	fn(ctx, 'BalanceAndTurnovers', name, PARAMS.turnovers, `${name}_BalanceAndTurnover`);

	const extDims = new Shape(`${name}_ExtDimensions`, ctx.targets).std('Period', 'Edm.DateTime');
	recorder(extDims, o.recorders, true);
	extDims.std('PointInTime', 'StandardODATA.PointInTime').std('LineNumber', 'Edm.Int64').std('RecordType').std('Type_Key', 'Edm.Guid');
	extDims.attr({ name: 'Value', type: { kind: 'composite', types: [] } });
	addComplex(ctx, extDims.complex(true));
	fn(ctx, 'ExtDimensions', name, [], `${name}_ExtDimensions`);

	const rwe = new Shape(`${name}_RecordsWithExtDimensions`, ctx.targets).std('Period', 'Edm.DateTime');
	recorder(rwe, o.recorders, true);
	rwe.std('LineNumber', 'Edm.Int64').std('Active', 'Edm.Boolean');
	rwe.std('AccountDr_Key', 'Edm.Guid').nav('AccountDr', chart);
	ext(rwe, 'ExtDimensionDr', true);
	rwe.std('AccountCr_Key', 'Edm.Guid').nav('AccountCr', chart);
	ext(rwe, 'ExtDimensionCr', true);
	sided(rwe, o.dimensions);
	sided(rwe, o.resources);
	rwe.attrs(o.attributes).std('PointInTime', 'StandardODATA.PointInTime');
	addComplex(ctx, rwe.complex(true));
	fn(ctx, 'RecordsWithExtDimensions', name, PARAMS.recordsWithExtDimensions, `${name}_RecordsWithExtDimensions`);

	const drcr = new Shape(`${name}_DrCrTurnover`, ctx.targets);
	periods(drcr);
	drcr.std('AccountDr_Key', 'Edm.Guid').nav('AccountDr', chart);
	ext(drcr, 'ExtDimensionDr');
	drcr.std('AccountCr_Key', 'Edm.Guid').nav('AccountCr', chart);
	ext(drcr, 'ExtDimensionCr');
	sided(drcr, o.dimensions);
	for (const r of o.resources) values(drcr, r, split.has(r.name) ? ['TurnoverDr', 'TurnoverCr'] : ['Turnover']);
	addComplex(ctx, drcr.complex(true));
	fn(ctx, 'DrCrTurnovers', name, PARAMS.accountingTurnovers, `${name}_DrCrTurnover`);
}

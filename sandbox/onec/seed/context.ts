/** What the parts of one base's seed share: the base, the dataset, identities, the plan, made refs. */
import type { Base } from '../base';
import type { Row } from '../format/values';
import type { Company, Dataset } from '../../seed/types';
import type { SeedIds } from './ids';
import type { Party, Plan } from './overlap';
import { entitySet } from './rows';

/** A counterparty as seeded: the references documents need. */
export interface Counterparty {
	party: Party;
	ref: string;
	company: Company;
	contract: string;
	/** УТ partner */
	partner?: string;
	/** its first bank account */
	account?: string;
}

export interface SeedContext {
	base: Base;
	ds: Dataset;
	ids: SeedIds;
	/** role → entity-set (or enum) name of the configuration */
	roles: Record<string, string>;
	plan: Plan;
	organisation: string;
	orgAccount?: string;
	currency: string;
	country?: string;
	warehouse?: string;
	retailWarehouse?: string;
	department?: string;
	cashDesk?: string;
	users: Map<number, string>;
	individuals: Map<number, string>;
	/** OKEI code → unit ref */
	units: Map<string, string>;
	/** BIK → bank ref */
	banks: Map<string, string>;
	/** `<entity set>.<PredefinedDataName>` → ref */
	predefined: Map<string, string>;
	/** УНФ order state name → ref */
	orderStates: Map<string, string>;
	/** product kind («Товар» / «Услуга») → ref, where the configuration has `ВидНоменклатуры` */
	productKinds: Map<string, string>;
	/** dataset product n → ref */
	products: Map<number, string>;
	/** counterparty ref → seeded counterparty */
	counterparties: Map<string, Counterparty>;
}

/** The role's entity set, if the configuration has it. */
export function roleSet(ctx: SeedContext, role: string): string | undefined {
	const name = ctx.roles[role];
	return name && ctx.base.set(name) ? name : undefined;
}

export function mustRole(ctx: SeedContext, role: string): string {
	const name = roleSet(ctx, role);
	if (!name) throw new Error(`seed: ${ctx.base.id} has no entity set for role ${role}`);
	return name;
}

/** The ref of a predefined item (e.g. `Catalog_СтавкиНДС`, `НДС20`). */
export function predefined(ctx: SeedContext, set: string, name: string): string | undefined {
	return ctx.predefined.get(`${set}.${name}`);
}

/** Change fields of a stored object (only fields its set declares). */
export function patch(ctx: SeedContext, set: string, ref: string, fields: Row): void {
	const def = entitySet(ctx.base, set);
	const row = ctx.base.get(set, ref);
	if (!row) throw new Error(`seed: no ${set} ${ref}`);
	for (const [k, v] of Object.entries(fields)) {
		if (!def.properties.some((p) => p.name === k)) throw new Error(`seed: ${set} has no property ${k}`);
		row[k] = v;
	}
}

/** «Фамилия Имя Отчество». */
export function fio(p: { lastName: string; firstName: string; middleName: string }): string {
	return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The three emulated typical configurations, by publication id (`/<id>/odata/standard.odata/`). */
import type { Configuration } from '../model/types';
import { BP30 } from './bp30';
import { UNF_CONFIG } from './unf';
import { UT11 } from './ut11';

export type BaseId = 'bp30' | 'unf' | 'ut11';

export const CONFIGURATIONS: Record<BaseId, Configuration> = {
	bp30: BP30,
	unf: UNF_CONFIG,
	ut11: UT11,
};

import type { EntityModule } from './common';

/** Load order matters: users and CRM before what references them. */
export const modules: EntityModule[] = [];

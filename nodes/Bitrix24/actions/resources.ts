/** Every resource of the Bitrix24 node, in menu order. */
import { company, contact, deal, lead } from './crm';
import type { ResourceDef } from './types';

export const RESOURCES: ResourceDef[] = [company, contact, lead, deal];

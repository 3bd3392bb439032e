import type { EntityModule } from './common';
import { systemModule } from './system';
import { crmDictionariesModule } from './crm-dictionaries';
import { crmClassicModule } from './crm-classic';
import { crmItemModule } from './crm-item';
import { productRowsModule } from './productrows';
import { crmSeedModule } from './crm-seed';
import { requisitesModule } from './requisites';
import { invoiceOldModule } from './invoice-old';
import { catalogModule } from './catalog';
import { saleModule } from './sale';
import { usersModule } from './users';
import { feedModule } from './feed';
import { imModule } from './im';
import { timelineModule } from './timeline';
import { tasksModule } from './tasks';
import { automationModule } from './automation';

/** Load order matters: users and CRM before what references them; automation last (it wraps the CRM deal methods). */
export const modules: EntityModule[] = [
	systemModule,
	crmDictionariesModule,
	crmClassicModule,
	crmItemModule,
	productRowsModule,
	crmSeedModule,
	requisitesModule,
	invoiceOldModule,
	catalogModule,
	saleModule,
	usersModule,
	feedModule,
	imModule,
	timelineModule,
	tasksModule,
	automationModule,
];

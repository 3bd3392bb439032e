/** All pickers of the Bitrix24 node; each family keeps its own file and is spread in here. */
import { crmOptions } from './crmOptions';
import { feedOptions } from './feedOptions';
import { saleOptions } from './saleOptions';
import { itemOptions } from './itemOptions';
import { requisiteOptions } from './requisiteOptions';

export const loadOptions = {
	...crmOptions,
	...saleOptions,
	...feedOptions,
	...itemOptions,
	...requisiteOptions,
};

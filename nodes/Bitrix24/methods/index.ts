/** All pickers of the Bitrix24 node; each family keeps its own file and is spread in here. */
import { crmOptions } from './crmOptions';

export const loadOptions = {
	...crmOptions,
};

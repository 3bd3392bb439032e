/** Every entity family the sandbox implements; one module each. */
import type { Registry } from '../core/registry';
import type { EntityModule } from './common';
import { modules } from './modules';

export function registerAllMethods(registry: Registry): void {
	for (const m of modules) m.register(registry);
}

export { modules };
export type { EntityModule };

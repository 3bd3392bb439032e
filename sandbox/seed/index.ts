export type * from './types';
export { generateDataset } from './generate';

export * from './instant';
export * from './lenient';
export * from './operation-outcome';
export * from './rec-error';
export type * from './types';
export * from './vocabulary';

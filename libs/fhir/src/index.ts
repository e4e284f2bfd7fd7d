export * from './instant';
export * from './issue-list';
export * from './lenient';
export * from './operation-outcome';
export * from './rec-error';
export type * from './types';
export * from './vocabulary';

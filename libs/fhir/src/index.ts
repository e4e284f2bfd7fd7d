export * from './fhir-dates';
export * from './instant';
export * from './lenient';
export * from './nhs-number';
export * from './operation-outcome';
export * from './rec-error';
export type * from './types';
export * from './vocabulary';
export * from './walk';

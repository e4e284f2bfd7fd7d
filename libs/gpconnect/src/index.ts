export * from './interactions';
export * from './jwt-claims';
export * from './negotiation';
export * from './nhs-number';
export * from './spine-error';
export * from './stu3-xml';
export * from './uk-local-time';
export * from './capability-statement';

export * from './appointment-change';
export * from './bars-headers';
export * from './booking-request';
export * from './bundle-index';
export * from './classify';
export * from './inbound-message';
export * from './message-definitions';
export * from './versions';

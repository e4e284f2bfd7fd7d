export * from './direct-booking.service';
export * from './direct-command';
export * from './direct-reader.service';
export * from './direct-store';
export * from './refusal';

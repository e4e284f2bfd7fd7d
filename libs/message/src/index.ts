export { parseAppointmentChange, useCaseOf, type AppointmentChange } from './appointment-change';
export {
  decodeBase64Json,
  parseAuditHeaders,
  parseBarsHeaders,
  parseTransactionIds,
  type BarsHeaders,
  type HeaderBag,
} from './bars-headers';
export { identifierKey, parseBookingRequest, type BookingRequest, type SlotLookup } from './booking-request';
export { BundleIndex } from './bundle-index';
export { parseInboundMessage, type InboundMessage } from './inbound-message';
export { bookingDefinitions, checkDefinition } from './message-definitions';
export { checkBundleVersion, checkMediaVersions } from './versions';
export { validateOperation } from './validate-operation';

export { parseAppointmentChange, useCaseOf, type AppointmentChange } from './appointment-change';
export {
  decodeBase64Json,
  parseAuditHeaders,
  parseBarsHeaders,
  parseTransactionIds,
  type BarsHeaders,
  type HeaderBag,
} from './bars-headers';
export {
  identifierKey,
  nhsNumberOf,
  parseBookingRequest,
  parseSlotRequest,
  refuseOtherTimes,
  refusePastSlot,
  type BookingRequest,
  type SlotLookup,
  type SlotRequest,
} from './booking-request';
export { BundleIndex, entryKey, referenceResolves } from './bundle-index';
export { elementShapeError } from './element-shape';
export { checkMessageIntegrity, parseInboundMessage, type InboundMessage } from './inbound-message';
export { bookingDefinitions, checkDefinition } from './message-definitions';
export { checkBundleVersion, checkMediaVersions } from './versions';
export { validateOperation } from './validate-operation';

/**
 * BaRS and FHIR code systems and codes the hub reads or writes.
 * Source for each value: docs/standards.md (sections 2 and 4, "BARS.md" in comments), which links the BaRS IG and API repos.
 */
export const Systems = {
  /** Canonical casing (BARS.md §4.1); the API examples write `Codesystem`, so compare case-insensitively. */
  httpErrorCodes: 'https://fhir.nhs.uk/CodeSystem/http-error-codes',
  messageEvents: 'https://fhir.nhs.uk/CodeSystem/message-events-bars',
  messageReasons: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars',
  useCases: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars',
  dosServiceId: 'https://fhir.nhs.uk/Id/dos-service-id',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisationCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  snomed: 'http://snomed.info/sct',
  /** Pointers (BARS.md §5.3): the Appointment id, this system's product, and NRL's own vocabularies. */
  barsIdentifier: 'https://fhir.nhs.uk/Id/BaRS-Identifier',
  /** Lower-case `/id/` as in every pointer example (BARS.md §5.3). */
  productId: 'https://fhir.nhs.uk/id/product-id',
  nrlFormatCode: 'https://fhir.nhs.uk/England/CodeSystem/England-NRLFormatCode',
  nrlContentStability: 'https://fhir.nhs.uk/England/CodeSystem/England-NRLContentStability',
} as const;

export const MessageDefinitions = {
  bookingRequest: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
  bookingRequestCancelled: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled',
} as const;

export const Profiles = {
  operationOutcome: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome',
  bundleMessage: 'https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage',
} as const;

/** `MessageHeader.eventCoding.code` values defined by `message-events-bars` v1.0.0. */
export type MessageEvent = 'servicerequest-request' | 'servicerequest-response' | 'booking-request' | 'booking-response';
/** `MessageHeader.reason.coding.code` values defined by `message-reason-bars` v1.1.0. */
export type MessageReason = 'new' | 'update' | 'delete';

/** Receiver error codes (BARS.md §4.2, REC_ column) with the HTTP status each one travels with. */
export const RecCodes = {
  REC_BAD_REQUEST: 400,
  REC_UNAUTHORIZED: 401,
  REC_FORBIDDEN: 403,
  REC_NOT_FOUND: 404,
  REC_METHOD_NOT_ALLOWED: 405,
  REC_NOT_ACCEPTABLE: 406,
  REC_TIMEOUT: 408,
  REC_CONFLICT: 409,
  REC_UNPROCESSABLE_ENTITY: 422,
  REC_TOO_EARLY: 425,
  REC_TOO_MANY_REQUESTS: 429,
  REC_SERVER_ERROR: 500,
  REC_NOT_IMPLEMENTED: 501,
  REC_SERVICE_UNAVAILABLE: 503,
} as const;
export type RecCode = keyof typeof RecCodes;

/** FHIR R4 IssueType codes BaRS uses (BARS.md §4.1). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'unknown'
  | 'expired'
  | 'forbidden'
  | 'processing'
  /** R4 IssueType; not among the BaRS examples' codes, used for rules such as "future slots only". */
  | 'business-rule'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'not-found'
  | 'too-costly'
  | 'conflict'
  | 'transient'
  | 'throttled'
  | 'timeout'
  | 'exception'
  | 'no-store';

/**
 * The Spine error vocabulary of the GP Connect surface (GPCONNECT.md §2.1, from the spec's
 * development_fhir_error_handling_guidance.md and the CodeSystem Spine-ErrorOrWarningCode-1). Each code
 * has one HTTP status and one FHIR issue type; the display is the CodeSystem's.
 */
export const SPINE_CODE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
export const OPERATION_OUTCOME_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1';

type IssueType = fhir3.OperationOutcomeIssue['code'];

export const SpineCodes = {
  BAD_REQUEST: [400, 'invalid', 'Submitted request is malformed / invalid.'],
  INVALID_IDENTIFIER_SYSTEM: [400, 'value', 'Invalid identifier system'],
  INVALID_IDENTIFIER_VALUE: [400, 'value', 'Invalid identifier value'],
  INVALID_NHS_NUMBER: [400, 'value', 'NHS number invalid'],
  // Spelt with a space in the CodeSystem (GPCONNECT.md §7.12).
  'ACCESS DENIED': [403, 'forbidden', 'Access denied'],
  ORGANISATION_NOT_FOUND: [404, 'not-found', 'Organisation record not found'],
  PATIENT_NOT_FOUND: [404, 'not-found', 'Patient record not found'],
  PRACTITIONER_NOT_FOUND: [404, 'not-found', 'Practitioner record not found'],
  NO_RECORD_FOUND: [404, 'not-found', 'No record found'],
  DUPLICATE_REJECTED: [409, 'duplicate', 'Create would lead to creation of a duplicate resource'],
  FHIR_CONSTRAINT_VIOLATION: [409, 'conflict', 'FHIR constraint violated'],
  INVALID_RESOURCE: [422, 'invalid', 'Submitted resource is not valid.'],
  INVALID_PARAMETER: [422, 'invalid', 'Submitted parameter is not valid.'],
  REFERENCE_NOT_FOUND: [422, 'invalid', 'Referenced resource not found.'],
  INTERNAL_SERVER_ERROR: [500, 'exception', 'Internal server error'],
  NOT_IMPLEMENTED: [501, 'not-supported', 'Not implemented'],
} as const satisfies Record<string, readonly [number, IssueType, string]>;

export type SpineCode = keyof typeof SpineCodes;

/**
 * An error the GP Connect consumer sees as a GPConnect-OperationOutcome-1. `diagnostics` goes to the
 * consumer verbatim: name the element or parameter, never echo patient data.
 */
export class SpineError extends Error {
  readonly status: number;
  readonly issue: IssueType;

  readonly headers: Readonly<Record<string, string>>;

  /**
   * `status` overrides the code's own status only where the CodeSystem has no code of its own: 415, 429
   * and 503 are sent with BAD_REQUEST or INTERNAL_SERVER_ERROR (as the reference provider does for 415).
   */
  constructor(
    readonly code: SpineCode,
    readonly diagnostics: string,
    opts: { status?: number; issue?: IssueType; headers?: Record<string, string> } = {},
  ) {
    super(diagnostics);
    this.name = 'SpineError';
    this.status = opts.status ?? SpineCodes[code][0];
    this.issue = opts.issue ?? SpineCodes[code][1];
    this.headers = opts.headers ?? {};
  }
}

/** The OperationOutcome of an error: one issue with exactly one `details.coding` (GPCONNECT.md §1.6). */
export function spineOutcome(error: SpineError): fhir3.OperationOutcome {
  const [, , display] = SpineCodes[error.code];
  return {
    resourceType: 'OperationOutcome',
    meta: { profile: [OPERATION_OUTCOME_PROFILE] },
    issue: [
      {
        severity: 'error',
        code: error.issue,
        details: { coding: [{ system: SPINE_CODE_SYSTEM, code: error.code, display }] },
        diagnostics: error.diagnostics,
      },
    ],
  };
}

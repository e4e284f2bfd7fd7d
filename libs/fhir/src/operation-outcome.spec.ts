import { operationOutcome, outcomeOf } from './operation-outcome';
import { RecError } from './rec-error';
import { type RecCode, type IssueType } from './vocabulary';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('operationOutcome', () => {
  it('builds the BaRS OperationOutcome shape', () => {
    const outcome = operationOutcome('REC_CONFLICT', 'duplicate', 'This message has already been received and processed');
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      id: expect.stringMatching(UUID),
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome'] },
      issue: [
        {
          severity: 'error',
          code: 'duplicate',
          details: {
            coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/http-error-codes', code: 'REC_CONFLICT', display: '409 - REC_CONFLICT' }],
          },
          diagnostics: 'This message has already been received and processed',
        },
      ],
    });
  });

  it.each<[RecCode, IssueType, string]>([
    ['REC_BAD_REQUEST', 'invariant', '400 - REC_BAD_REQUEST'],
    ['REC_UNAUTHORIZED', 'security', '401 - REC_UNAUTHORIZED'],
    ['REC_FORBIDDEN', 'forbidden', '403 - REC_FORBIDDEN'],
    ['REC_NOT_FOUND', 'not-found', '404 - REC_NOT_FOUND'],
    ['REC_METHOD_NOT_ALLOWED', 'not-supported', '405 - REC_METHOD_NOT_ALLOWED'],
    ['REC_NOT_ACCEPTABLE', 'processing', '406 - REC_NOT_ACCEPTABLE'],
    ['REC_TIMEOUT', 'timeout', '408 - REC_TIMEOUT'],
    ['REC_UNPROCESSABLE_ENTITY', 'not-supported', '422 - REC_UNPROCESSABLE_ENTITY'],
    ['REC_TOO_EARLY', 'duplicate', '425 - REC_TOO_EARLY'],
    ['REC_TOO_MANY_REQUESTS', 'throttled', '429 - REC_TOO_MANY_REQUESTS'],
    ['REC_SERVER_ERROR', 'exception', '500 - REC_SERVER_ERROR'],
    ['REC_NOT_IMPLEMENTED', 'not-supported', '501 - REC_NOT_IMPLEMENTED'],
    ['REC_SERVICE_UNAVAILABLE', 'transient', '503 - REC_SERVICE_UNAVAILABLE'],
  ])('%s / %s is displayed as "%s"', (code, issue, display) => {
    const [only, ...rest] = operationOutcome(code, issue, 'd').issue;
    expect(rest).toHaveLength(0);
    expect(only.code).toBe(issue);
    expect(only.details?.coding).toEqual([{ system: 'https://fhir.nhs.uk/CodeSystem/http-error-codes', code, display }]);
  });

  it('gives every outcome its own id', () => {
    const a = operationOutcome('REC_SERVER_ERROR', 'exception', 'x');
    const b = operationOutcome('REC_SERVER_ERROR', 'exception', 'x');
    expect(a.id).toMatch(UUID);
    expect(b.id).toMatch(UUID);
    expect(a.id).not.toBe(b.id);
  });
});

describe('outcomeOf', () => {
  it('renders a RecError', () => {
    const error = RecError.unprocessable('not-supported', 'The use case is not supported');
    expect(error.status).toBe(422);
    const outcome = outcomeOf(error);
    expect(outcome.issue).toEqual([
      {
        severity: 'error',
        code: 'not-supported',
        details: {
          coding: [
            {
              system: 'https://fhir.nhs.uk/CodeSystem/http-error-codes',
              code: 'REC_UNPROCESSABLE_ENTITY',
              display: '422 - REC_UNPROCESSABLE_ENTITY',
            },
          ],
        },
        diagnostics: 'The use case is not supported',
      },
    ]);
  });

  it.each([
    ['badRequest', RecError.badRequest('required', 'a'), 400, 'REC_BAD_REQUEST', 'required'],
    ['notFound', RecError.notFound('b'), 404, 'REC_NOT_FOUND', 'not-found'],
    ['conflict', RecError.conflict('c'), 409, 'REC_CONFLICT', 'conflict'],
  ])('keeps status, code and issue of RecError.%s', (_label, error, status, code, issue) => {
    expect(error.status).toBe(status);
    const coding = outcomeOf(error).issue[0].details?.coding?.[0];
    expect(coding?.code).toBe(code);
    expect(coding?.display).toBe(`${status} - ${code}`);
    expect(outcomeOf(error).issue[0].code).toBe(issue);
  });
});

import { type RecError } from '@hub/fhir';
import {
  decodeBase64Json,
  parseAuditHeaders,
  parseBarsHeaders,
  parseTargetIdentifier,
  parseTransactionIds,
  type HeaderBag,
} from './bars-headers';
import { rejectionOf } from '../../../test/support/rec-error';

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');

const REQUEST_ID = '6A0E4C3B-1F2D-4E5A-9B8C-7D6E5F4A3B2C';
const CORRELATION_ID = 'c2f1b3a4-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const TARGET = { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000011147' };
const ORGANISATION = {
  resourceType: 'Organization',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A1001' }],
};
const SOFTWARE = { resourceType: 'Device', deviceName: { name: 'Supplier product name' }, version: { value: '1.0.0' } };

const valid = (): Record<string, string | string[] | undefined> => ({
  'x-request-id': REQUEST_ID,
  'x-correlation-id': CORRELATION_ID,
  'nhsd-target-identifier': b64(TARGET),
  'nhsd-end-user-organisation': b64(ORGANISATION),
  'nhsd-requesting-software': b64(SOFTWARE),
});

const rejection = (parse: (headers: HeaderBag) => unknown, headers: HeaderBag): RecError => rejectionOf(() => parse(headers));

describe('parseBarsHeaders', () => {
  it('checks and decodes a complete set of headers', () => {
    expect(parseBarsHeaders(valid())).toEqual({
      requestId: REQUEST_ID.toLowerCase(),
      correlationId: CORRELATION_ID,
      target: TARGET,
      audit: { 'nhsd-end-user-organisation': ORGANISATION, 'nhsd-requesting-software': SOFTWARE },
    });
  });

  it('takes the first value of a repeated header and trims it', () => {
    const ids = parseTransactionIds({ ...valid(), 'x-request-id': [` ${REQUEST_ID} `, CORRELATION_ID] });
    expect(ids.requestId).toBe(REQUEST_ID.toLowerCase());
  });
});

describe('parseTransactionIds', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('rejects a %s X-Request-Id as required', (_label, value) => {
    const e = rejection(parseTransactionIds, { ...valid(), 'x-request-id': value });
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'required']);
    expect(e.diagnostics).toBe('The X-Request-Id header is required');
  });

  it('rejects a missing X-Correlation-Id as required', () => {
    const e = rejection(parseTransactionIds, { ...valid(), 'x-correlation-id': undefined });
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'required']);
    expect(e.diagnostics).toBe('The X-Correlation-Id header is required');
  });

  it.each([
    ['free text', 'request-1'],
    ['UUID without hyphens', '6a0e4c3b1f2d4e5a9b8c7d6e5f4a3b2c'],
    ['UUID in braces', `{${REQUEST_ID}}`],
    ['UUID with a non-hex digit', '6a0e4c3b-1f2d-4e5a-9b8c-7d6e5f4a3b2g'],
    ['truncated UUID', '6a0e4c3b-1f2d-4e5a-9b8c-7d6e5f4a3b2'],
  ])('rejects %s in X-Request-Id as a bad value', (_label, value) => {
    const e = rejection(parseTransactionIds, { ...valid(), 'x-request-id': value });
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'value']);
    expect(e.diagnostics).toBe('The X-Request-Id header must be a UUID');
  });

  it('rejects a non-UUID X-Correlation-Id as a bad value', () => {
    const e = rejection(parseTransactionIds, { ...valid(), 'x-correlation-id': 'conversation-7' });
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'value']);
    expect(e.diagnostics).toBe('The X-Correlation-Id header must be a UUID');
  });
});

describe('parseTargetIdentifier', () => {
  it('trims the decoded system and value', () => {
    const headers = { 'nhsd-target-identifier': b64({ system: ' https://fhir.nhs.uk/Id/dos-service-id ', value: ' 42 ' }) };
    expect(parseTargetIdentifier(headers)).toEqual({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '42' });
  });

  it.each([
    ['missing', undefined, 'required'],
    ['empty', '', 'required'],
    ['not base64', 'not base64!', 'invalid'],
    ['base64 of text', b64('dos-service-id|2000011147'), 'invalid'],
    ['base64 of broken JSON', b64('{"system":'), 'invalid'],
    ['base64 of a JSON array', b64([TARGET]), 'invalid'],
    ['base64 of JSON null', b64('null'), 'invalid'],
    ['missing system', b64({ value: '2000011147' }), 'structure'],
    ['missing value', b64({ system: TARGET.system }), 'structure'],
    ['blank system', b64({ system: ' ', value: '2000011147' }), 'structure'],
    ['numeric value', b64({ system: TARGET.system, value: 2000011147 }), 'structure'],
  ])('rejects a %s NHSD-Target-Identifier', (_label, value, issue) => {
    const e = rejection(parseTargetIdentifier, { ...valid(), 'nhsd-target-identifier': value });
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', issue]);
    expect(e.diagnostics).toContain('NHSD-Target-Identifier');
  });
});

describe('parseAuditHeaders', () => {
  it('keeps undecodable headers as sent instead of failing', () => {
    const audit = parseAuditHeaders({
      'nhsd-end-user-organisation': 'plain text, not base64',
      'nhsd-requesting-software': b64('not json'),
      'nhsd-requesting-practitioner': b64({ resourceType: 'PractitionerRole' }),
    });
    expect(audit).toEqual({
      'nhsd-end-user-organisation': { undecodable: 'plain text, not base64' },
      'nhsd-requesting-software': { undecodable: b64('not json') },
      'nhsd-requesting-practitioner': { resourceType: 'PractitionerRole' },
    });
  });

  it('cuts an undecodable header to 512 characters', () => {
    const audit = parseAuditHeaders({ 'nhsd-requesting-software': '!'.repeat(2000) });
    expect(audit).toEqual({ 'nhsd-requesting-software': { undecodable: '!'.repeat(512) } });
  });

  it('leaves out headers that were not sent or are blank', () => {
    expect(parseAuditHeaders({ 'nhsd-requesting-practitioner': ' ', 'x-request-id': REQUEST_ID })).toEqual({});
  });
});

describe('decodeBase64Json', () => {
  it.each([
    ['standard base64', b64({ a: '~~~?' }), { a: '~~~?' }],
    ['url-safe base64', b64({ a: '~~~?' }).replace(/\+/g, '-').replace(/\//g, '_'), { a: '~~~?' }],
    ['unpadded base64', b64({ a: 1 }).replace(/=+$/, ''), { a: 1 }],
    ['a JSON string', b64('"text"'), undefined],
    ['a JSON number', b64('42'), undefined],
    ['characters outside base64', '{"a":1}', undefined],
  ])('decodes %s', (_label, input, expected) => {
    expect(decodeBase64Json(input)).toEqual(expected);
  });
});

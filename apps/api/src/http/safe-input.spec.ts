import { RecError } from '@hub/fhir';
import { MAX_JSON_DEPTH, assertSafeJson, assertSafeParameter } from './safe-input';

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof RecError)) throw error;
    expect(error.status).toBe(400);
    return error.diagnostics;
  }
}

describe('assertSafeJson', () => {
  it('lets ordinary FHIR through, tabs and line breaks included', () => {
    expect(
      refusal(() => assertSafeJson({ resourceType: 'Appointment', description: 'a\tb\r\nc', x: [[1, { y: null }]] }, 'Appointment')),
    ).toBeUndefined();
  });

  it('names the element holding a NUL or another control character, never its value', () => {
    const d = refusal(() => assertSafeJson({ entry: [{ resource: { name: [{ family: 'Sm\u0000ith' }] } }] }, 'Bundle'));
    expect(d).toMatch(/^Bundle\.entry\[0\]\.resource\.name\[0\]\.family contains a control character/);
    expect(d).not.toContain('Sm');
    expect(refusal(() => assertSafeJson({ a: 'x\u001by' }, 'Bundle'))).toMatch(/Bundle\.a/);
    expect(refusal(() => assertSafeJson({ ['k\u0000']: 1 }, 'Bundle'))).toMatch(/property name/);
  });

  it('refuses nesting past the limit without recursing (300,000 levels)', () => {
    const deep = JSON.parse(`${'['.repeat(300_000)}${']'.repeat(300_000)}`);
    expect(refusal(() => assertSafeJson({ description: deep }, 'Appointment'))).toMatch(/nested too deep/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) ok = [ok];
    expect(refusal(() => assertSafeJson(ok, 'body'))).toBeUndefined();
  });

  it('refuses identifiers longer than the columns they are stored in', () => {
    const nhs = { identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9'.repeat(17) }] };
    expect(refusal(() => assertSafeJson(nhs, 'Patient'))).toMatch(/Patient\.identifier\[0\]\.value: an NHS number is at most 16/);
    const dos = { identifier: [{ system: 'http://fhir.nhs.uk/Id/dos-service-id', value: '1'.repeat(65) }] };
    expect(refusal(() => assertSafeJson(dos, 'HealthcareService'))).toMatch(/DoS service id/);
    expect(refusal(() => assertSafeJson({ identifier: { system: 's', value: 'v'.repeat(600) } }, 'Slot'))).toMatch(/Slot\.identifier/);
    expect(
      refusal(() => assertSafeJson({ identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }] }, 'Patient')),
    ).toBeUndefined();
  });
});

describe('assertSafeParameter', () => {
  it('refuses control characters and over-long values, naming the parameter', () => {
    expect(refusal(() => assertSafeParameter('The query parameter context', 'a\u0000'))).toMatch(/context contains a control character/);
    expect(refusal(() => assertSafeParameter('The query parameter requestId', 'a'.repeat(300)))).toMatch(/requestId is longer than 256/);
    expect(refusal(() => assertSafeParameter('The query parameter status', 'free'))).toBeUndefined();
  });
});

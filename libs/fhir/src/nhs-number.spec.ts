import { RecError } from './rec-error';
import { isValidNhsNumber, nhsNumberIn } from './nhs-number';

describe('isValidNhsNumber', () => {
  it.each(['9476719931', '9693893123', '9000000009'])('accepts %s (modulus 11 check digit)', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '9476719932'],
    ["the check digit of the spec's GET /Appointment example", '4857773456'],
    ['a check digit that would be 10', '1000000010'],
    ['nine digits', '947671993'],
    ['eleven digits', '94767199310'],
    ['letters', '94767l9931'],
    ['spaces', '947 671 9931'],
    ['empty', ''],
  ])('refuses %s', (_label, n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
});

describe('nhsNumberIn', () => {
  const system = 'https://fhir.nhs.uk/Id/nhs-number';
  it('finds the NHS number, spaces removed, and ignores other identifiers', () => {
    expect(
      nhsNumberIn(
        [
          { system: 'x', value: '1' },
          { system, value: '947 671 9931' },
        ],
        'Patient.identifier',
      ),
    ).toBe('9476719931');
    expect(nhsNumberIn([{ system: 'x', value: '1' }], 'Patient.identifier')).toBeUndefined();
  });

  it.each(['abc', '9476719932', '94767199311234567', ''])('refuses %p with 400 value, naming the element but not the value', (value) => {
    let thrown: unknown;
    try {
      nhsNumberIn({ system, value }, 'Patient.identifier');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RecError);
    expect(thrown).toMatchObject({ status: 400, issue: 'value' });
    expect((thrown as RecError).diagnostics).toContain('Patient.identifier');
    if (value !== '') expect((thrown as RecError).diagnostics).not.toContain(value);
  });
});

import { isValidNhsNumber, pointerSkipReason } from './nhs-number';

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

describe('pointerSkipReason', () => {
  it('says why a patient gets no pointer', () => {
    expect(pointerSkipReason(null)).toBe('the patient has no NHS number');
    expect(pointerSkipReason('9476719932')).toBe('the NHS number fails its check digit');
    expect(pointerSkipReason('9476719931')).toBeUndefined();
  });
});

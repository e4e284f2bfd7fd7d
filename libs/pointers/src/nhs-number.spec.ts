import { pointerSkipReason } from './nhs-number';

describe('pointerSkipReason', () => {
  it('says why a patient gets no pointer', () => {
    expect(pointerSkipReason(null)).toBe('the patient has no NHS number');
    expect(pointerSkipReason('9476719932')).toBe('the NHS number fails its check digit');
    expect(pointerSkipReason('9476719931')).toBeUndefined();
  });
});

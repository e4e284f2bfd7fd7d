import { validateStu3Shape } from './support/fhir/stu3-shape';

describe('the STU3 shape check every GP Connect answer goes through', () => {
  it('passes a well-shaped resource and an empty searchset', () => {
    expect(validateStu3Shape({ resourceType: 'Patient', id: '1', name: [{ family: 'Bond' }], gender: 'female' })).toEqual([]);
    expect(validateStu3Shape({ resourceType: 'Bundle', type: 'searchset', entry: [] })).toEqual([]);
  });

  it.each([
    ['an element STU3 does not define', { resourceType: 'Patient', notAnElement: 'x' }, 'Patient.notAnElement'],
    ['one value where STU3 has a list', { resourceType: 'Patient', name: { family: 'Bond' } }, 'Patient.name'],
    ['a list where STU3 has one value', { resourceType: 'Location', address: [{ city: 'Leeds' }] }, 'Location.address'],
  ])('finds %s', (_why, resource, expression) => {
    expect(validateStu3Shape(resource)).toEqual([expect.objectContaining({ expression })]);
  });

  it('wants exactly one Spine coding on an OperationOutcome', () => {
    const outcome = (coding: object[]) => ({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid', details: { coding } }],
    });
    const spine = { system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1', code: 'BAD_REQUEST', display: 'x' };
    expect(validateStu3Shape(outcome([spine]))).toEqual([]);
    expect(validateStu3Shape(outcome([spine, spine]))).toHaveLength(1);
    expect(validateStu3Shape(outcome([{ ...spine, system: 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1' }]))).toHaveLength(
      1,
    );
  });
});

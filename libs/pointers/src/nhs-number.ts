import { isValidNhsNumber } from '@hub/fhir';

/** Why a patient gets no pointer, or undefined when they can have one (BARS.md §5.3: a valid NHS number). */
export function pointerSkipReason(nhsNumber: string | null): string | undefined {
  if (nhsNumber === null) return 'the patient has no NHS number';
  if (!isValidNhsNumber(nhsNumber)) return 'the NHS number fails its check digit';
  return undefined;
}

/**
 * An NHS number as NHS England defines it: ten digits, the last a modulus 11 check digit. A pointer's
 * subject "MUST be a valid NHS number" (BARS.md §5.3), so an invalid one gets no pointer.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** Why a patient gets no pointer, or undefined when they can have one. */
export function pointerSkipReason(nhsNumber: string | null): string | undefined {
  if (nhsNumber === null) return 'the patient has no NHS number';
  if (!isValidNhsNumber(nhsNumber)) return 'the NHS number fails its check digit';
  return undefined;
}

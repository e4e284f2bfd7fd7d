/**
 * Whether a string is a valid NHS number: ten digits whose modulus-11 check digit is right (NHS Data
 * Dictionary, "NHS Number"). Kept here until libs/fhir has the shared one (see docs/decisions.md).
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((acc, d, i) => acc + d * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits[9];
}

import { asArray, sameSystem } from './lenient';
import { RecError } from './rec-error';
import type { Identifier } from './types';
import { Systems } from './vocabulary';

/**
 * An NHS number as NHS England defines it: ten digits, the last a modulus 11 check digit (weights 10 to 2
 * over the first nine digits; a remainder giving 10 is never issued). The one check of the hub: messages,
 * REST writes, searches and pointers all use it.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/**
 * The NHS number among `identifiers` (`https://fhir.nhs.uk/Id/nhs-number`), spaces removed, or undefined
 * when there is none. One that is not a valid NHS number is refused (400 `value`), naming `element` and
 * never the value: a booking under a mistyped number would be filed against nobody, or someone else.
 */
export function nhsNumberIn(identifiers: Identifier | Identifier[] | undefined, element: string): string | undefined {
  const list = Array.isArray(identifiers) ? identifiers : identifiers === undefined ? [] : [identifiers];
  const found = asArray(list).find((i) => sameSystem(i?.system, Systems.nhsNumber));
  if (found === undefined) return undefined;
  const value = typeof found.value === 'string' ? found.value.replace(/\s+/g, '') : '';
  if (!isValidNhsNumber(value)) {
    throw RecError.badRequest(
      'value',
      `${element} (${Systems.nhsNumber}) is not a valid NHS number: 10 digits with a modulus 11 check digit`,
    );
  }
  return value;
}

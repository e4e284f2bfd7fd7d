import { RecError } from '@hub/fhir';

/**
 * The RecError that `fn` throws. Fails the test when `fn` returns or throws anything else, and, given
 * `patientData`, when the diagnostics quote any of it.
 */
export function rejectionOf(fn: () => unknown, patientData: readonly string[] = []): RecError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof RecError)) throw new Error(`expected a RecError, got ${thrown === undefined ? 'none' : (thrown as Error).name}`);
  for (const data of patientData) expect(thrown.diagnostics).not.toContain(data);
  return thrown;
}

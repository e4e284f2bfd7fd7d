import { SpineError } from '../spine-error';

/**
 * For the parser specs: `"<status> <Spine code>"` when `run` refuses its input with a SpineError,
 * `accepted` when it does not; any other error is rethrown so that a bug never passes as a refusal.
 */
export function spineCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof SpineError) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'accepted';
}

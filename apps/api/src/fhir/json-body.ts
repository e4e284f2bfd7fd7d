import { RecError } from '@hub/fhir';
import type { HeaderBag } from '@hub/message';
import { assertSafeJson, rootName } from '../http/safe-input';
import type { CleanMessage } from './message-walk';

/** Media types a message may arrive as: JSON, FHIR JSON (with or without `;version=`), or unstated. */
const JSON_MEDIA = /^application\/(fhir\+)?json\b/i;

/** Parses a message body that arrived as text (then {@link assertSafeBody}). The text itself is what the inbox stores. */
export function parseJsonBody(headers: HeaderBag, text: unknown): unknown {
  const type = headers['content-type'];
  if (typeof type === 'string' && type.trim() !== '' && !JSON_MEDIA.test(type.trim())) {
    throw RecError.badRequest('not-supported', 'The message must be sent as application/fhir+json');
  }
  if (typeof text !== 'string' || text.trim() === '') throw RecError.badRequest('required', 'The request body is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw RecError.badRequest('structure', 'The request body is not valid JSON');
  }
  return parsed;
}

/**
 * Before anything reads it: no control characters, no over-deep nesting, nothing too long to store
 * (`assertSafeJson`), unless the message's one walk found it clean.
 */
export function assertSafeBody(parsed: unknown, clean: CleanMessage | undefined): void {
  if (clean === undefined) assertSafeJson(parsed, rootName(parsed));
}

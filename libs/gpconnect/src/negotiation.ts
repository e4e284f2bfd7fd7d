import { SpineError } from './spine-error';

export type FhirFormat = 'json' | 'xml';

export const MEDIA_TYPES: Record<FhirFormat, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };

/** Names a client may use for each format, in `_format`, `Accept` or `Content-Type` (parameters dropped). */
const NAMES: Record<string, FhirFormat> = {
  'application/fhir+json': 'json',
  'application/json+fhir': 'json',
  'application/json': 'json',
  json: 'json',
  'application/fhir+xml': 'xml',
  'application/xml+fhir': 'xml',
  'application/xml': 'xml',
  'text/xml': 'xml',
  xml: 'xml',
};

const bare = (mediaType: string): string => (mediaType.split(';')[0] ?? '').trim().toLowerCase();

/** The format a media type or `_format` value names; undefined when it names none. */
export function formatOf(mediaType: string | undefined): FhirFormat | undefined {
  return mediaType === undefined ? undefined : NAMES[bare(mediaType)];
}

const unsupported = (what: string): SpineError =>
  new SpineError('BAD_REQUEST', `${what}: only application/fhir+json and application/fhir+xml are supported`, { status: 415 });

/**
 * The response format (GPCONNECT.md §1.4, the spec's development_general_api_guidance.md): `_format`
 * over `Accept`; with neither, the request's `Content-Type`; with none of the three, JSON. A format
 * asked for that is neither JSON nor XML is 415.
 */
export function responseFormat(req: { format?: string; accept?: string; contentType?: string }): FhirFormat {
  if (req.format !== undefined && req.format.trim() !== '') {
    const f = formatOf(req.format);
    if (!f) throw unsupported('_format');
    return f;
  }
  const accepted = (req.accept ?? '')
    .split(',')
    .map(bare)
    .filter((t) => t !== '' && t !== '*/*' && t !== 'application/*');
  if (accepted.length > 0) {
    const f = accepted.map((t) => NAMES[t]).find((x) => x !== undefined);
    if (!f) throw unsupported('Accept');
    return f;
  }
  return formatOf(req.contentType) ?? 'json';
}

/** The format of a request body from its `Content-Type`; anything but FHIR JSON or XML is 415. */
export function requestFormat(contentType: string | undefined): FhirFormat {
  const f = formatOf(contentType);
  if (!f) throw unsupported('Content-Type');
  return f;
}

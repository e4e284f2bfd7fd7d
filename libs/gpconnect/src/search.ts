import { SpineError, type SpineCode } from './spine-error';

/**
 * A searchset Bundle. GP Connect providers SHOULD NOT populate `entry.fullUrl` (GPCONNECT.md §1.4, the
 * spec's development_fhir_resource_guidance.md), so entries carry only their resource.
 */
export function stu3Searchset(resources: fhir3.FhirResource[]): fhir3.Bundle {
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource })),
  };
}

/**
 * The one `identifier=system|value` of a search, with its system checked: absent or repeated is 400
 * BAD_REQUEST; another system (or none) is 400 INVALID_IDENTIFIER_SYSTEM; an empty value 400
 * INVALID_IDENTIFIER_VALUE (the spec's error table, GPCONNECT.md §2.1).
 */
export function identifierParam(raw: unknown, system: string, valueCode: SpineCode = 'INVALID_IDENTIFIER_VALUE'): string {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (values.length !== 1 || typeof values[0] !== 'string') {
    throw new SpineError('BAD_REQUEST', 'The identifier parameter is required once (identifier=system|value)');
  }
  const text = values[0];
  const bar = text.indexOf('|');
  if (bar < 0 || text.slice(0, bar) !== system)
    throw new SpineError('INVALID_IDENTIFIER_SYSTEM', `The identifier system must be ${system}`);
  const value = text.slice(bar + 1).trim();
  if (value === '') throw new SpineError(valueCode, 'The identifier value is empty');
  return value;
}

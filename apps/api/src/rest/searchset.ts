import type { Bundle, BundleEntry, FhirResource } from '@hub/fhir';
import { randomUUID } from 'node:crypto';

/**
 * A searchset Bundle: matches first, then `_include`d resources; an empty result is an explicit empty
 * searchset. With `paging`, `total` counts every match (not only this page's) and the links page through them.
 */
export function searchset(
  base: string,
  selfUrl: string,
  matches: FhirResource[],
  includes: FhirResource[] = [],
  paging?: { total: number; links: fhir4.BundleLink[] },
): Bundle {
  const entry = (resource: FhirResource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total: paging?.total ?? matches.length,
    link: paging?.links ?? [{ relation: 'self', url: selfUrl }],
    entry: [...matches.map((r) => entry(r, 'match')), ...includes.map((r) => entry(r, 'include'))],
  };
}

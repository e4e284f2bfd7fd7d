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
  return envelope('searchset', paging?.total ?? matches.length, paging?.links ?? [{ relation: 'self', url: selfUrl }], [
    ...matches.map((r) => entry(r, 'match')),
    ...includes.map((r) => entry(r, 'include')),
  ]);
}

/**
 * A history Bundle, newest version first. FHIR R4 requires `request` and `response` on every history entry
 * (bdl-3, bdl-4; http://hl7.org/fhir/R4/http.html#history): the first version was created, later ones
 * replaced it.
 */
export function historyBundle(base: string, selfUrl: string, type: string, id: string, versions: FhirResource[]): Bundle {
  return envelope(
    'history',
    versions.length,
    [{ relation: 'self', url: selfUrl }],
    versions.map((resource) => {
      const versionId = resource.meta?.versionId ?? '1';
      const created = versionId === '1';
      return {
        fullUrl: `${base}/${type}/${resource.id ?? id}`,
        resource,
        request: created ? { method: 'POST', url: type } : { method: 'PUT', url: `${type}/${resource.id ?? id}` },
        response: {
          status: created ? '201 Created' : '200 OK',
          etag: `W/"${versionId}"`,
          ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
        },
      };
    }),
  );
}

/** The Bundle around a search or history answer: a new id, generated now, with its links (`self` at least). */
function envelope(type: 'searchset' | 'history', total: number, link: fhir4.BundleLink[], entry: BundleEntry[]): Bundle {
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type,
    total,
    link,
    entry,
  };
}

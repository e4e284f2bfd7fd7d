import type { Bundle, DocumentReference } from '@hub/fhir';
import type { PointerPage } from './pointer-registry';
import { encodePageToken, searchQueryString, type PointerSearch } from './pointer-search';

/**
 * The searchset answer (shaped like the API's GET-success.json): `self`, `next` with a `next-page-token`
 * when there is more, absolute `fullUrl`s. No match is an explicit empty searchset (`total: 0`,
 * `entry: []`), not an empty response.
 */
export function searchBundle(page: PointerPage, search: PointerSearch, baseUrl: string): Bundle<DocumentReference> {
  const url = `${baseUrl}/DocumentReference?${searchQueryString(search)}`;
  const self = search.after === undefined ? url : `${url}&next-page-token=${encodePageToken(search.after)}`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link: [
      { relation: 'self', url: self },
      ...(page.next === undefined ? [] : [{ relation: 'next', url: `${url}&next-page-token=${encodePageToken(page.next)}` }]),
    ],
    entry: page.pointers.map((resource) => ({
      fullUrl: `${baseUrl}/DocumentReference/${resource.id}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

import type { Bundle, FhirResource } from '@hub/fhir';

/**
 * Resolves references inside a message Bundle: `urn:uuid:` fullUrls, absolute fullUrls, and relative
 * `Type/id` references to an entry whose resource carries that id.
 */
export class BundleIndex {
  private readonly byUrl = new Map<string, FhirResource>();
  private readonly byTypeId = new Map<string, FhirResource>();

  constructor(bundle: Bundle) {
    for (const entry of bundle.entry ?? []) {
      const resource = entry?.resource;
      if (!resource || typeof resource !== 'object') continue;
      if (typeof entry.fullUrl === 'string') this.byUrl.set(entry.fullUrl, resource);
      if (typeof resource.id === 'string') this.byTypeId.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }

  /** The entry a reference points at, if it is of the expected type. */
  resolve<K extends FhirResource['resourceType']>(
    reference: string | undefined,
    type: K,
  ): Extract<FhirResource, { resourceType: K }> | undefined {
    if (typeof reference !== 'string') return undefined;
    const found = this.byUrl.get(reference) ?? this.byTypeId.get(reference) ?? this.byTypeId.get(reference.split('/').slice(-2).join('/'));
    return found?.resourceType === type ? (found as Extract<FhirResource, { resourceType: K }>) : undefined;
  }

  fullUrlOf(resource: FhirResource): string | undefined {
    for (const [url, r] of this.byUrl) if (r === resource) return url;
    return undefined;
  }
}

import { RecError, type Bundle, type FhirResource } from '@hub/fhir';

/** `http(s)://…/Type/id`, optionally `/_history/v`: a RESTful fullUrl, whose base resolves relative references. */
const RESTFUL = /^(https?:\/\/.+\/)([A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
const RELATIVE = /^([A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
const HISTORY = /\/_history\/[A-Za-z0-9.-]{1,64}$/;

export interface BundleIndexOptions {
  /**
   * Also find `Type/id` references by the ids of entries, wherever they sit. Only for the admin's
   * availability Bundles, which were accepted that way before messages followed FHIR's rules.
   */
  matchIds?: boolean;
}

/**
 * Resolves references inside a Bundle by FHIR R4's rules (Bundle "Resolving references in Bundles"):
 * an absolute reference (`urn:uuid:…`, `https://…/Type/id`) is the entry with that fullUrl; a relative
 * one (`Type/id`) is resolved against the base of the referring entry's fullUrl when that fullUrl is
 * RESTful, and otherwise names a resource on a server, never an entry. A sender's resource id is
 * therefore never mistaken for a reference target of another server's (the hub's) resources.
 */
export class BundleIndex {
  private readonly byUrl = new Map<string, FhirResource>();
  private readonly byTypeId = new Map<string, FhirResource>();

  constructor(
    bundle: Bundle,
    private readonly options: BundleIndexOptions = {},
  ) {
    for (const entry of bundle.entry ?? []) {
      const resource = entry?.resource;
      if (!resource || typeof resource !== 'object') continue;
      if (typeof entry.fullUrl === 'string') this.byUrl.set(entryKey(entry.fullUrl), resource);
      if (options.matchIds && typeof resource.id === 'string') this.byTypeId.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }

  /** The absolute URL a reference made from the entry at `from` stands for, or undefined for a contained one. */
  static absolute(reference: string, from: string | undefined): string | undefined {
    if (reference.startsWith('#')) return undefined;
    const relative = RELATIVE.exec(reference);
    if (!relative) return reference.replace(HISTORY, '');
    const base = from === undefined ? undefined : RESTFUL.exec(from)?.[1];
    return base === undefined ? undefined : `${base}${relative[1]}/${relative[2]}`;
  }

  /** The entry a reference made from the entry at `from` points at, if it is of the expected type. */
  resolve<K extends FhirResource['resourceType']>(
    reference: string | undefined,
    type: K,
    from?: string,
  ): Extract<FhirResource, { resourceType: K }> | undefined {
    if (typeof reference !== 'string') return undefined;
    const url = BundleIndex.absolute(reference.trim(), from);
    let found = url === undefined ? undefined : this.byUrl.get(url);
    if (found === undefined && this.options.matchIds) {
      found = this.byTypeId.get(reference) ?? this.byTypeId.get(reference.split('/').slice(-2).join('/'));
    }
    return found?.resourceType === type ? (found as Extract<FhirResource, { resourceType: K }>) : undefined;
  }

  /** The key ({@link entryKey}) of the entry a reference points at, if it is an entry of this Bundle. */
  urlOf(reference: string | undefined, from: string | undefined): string | undefined {
    if (typeof reference !== 'string') return undefined;
    const url = BundleIndex.absolute(reference.trim(), from);
    return url !== undefined && this.byUrl.has(url) ? url : undefined;
  }

  /** Whether the reference is to an entry of this Bundle (of any type). */
  has(reference: string, from: string | undefined): boolean {
    const url = BundleIndex.absolute(reference.trim(), from);
    return url !== undefined && this.byUrl.has(url);
  }
}

/** How an entry is known: its fullUrl, trimmed, without a version. */
export function entryKey(fullUrl: string): string {
  return fullUrl.trim().replace(HISTORY, '');
}

/**
 * BaRS makes `fullUrl` mandatory on every entry: one missing, not a string, not a URI, version-specific
 * (R4 bdl-8) or used twice is refused with 400 before anything is read by it.
 */
export function checkFullUrls(bundle: Bundle): void {
  const seen = new Set<string>();
  (bundle.entry ?? []).forEach((entry, i) => {
    if (entry.fullUrl !== undefined && typeof entry.fullUrl !== 'string') {
      throw RecError.badRequest('structure', `Bundle.entry[${i}].fullUrl must be a string`);
    }
    const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl.trim() : '';
    if (fullUrl === '') throw RecError.badRequest('required', `Bundle.entry[${i}].fullUrl is required`);
    // bdl-8: "fullUrl cannot be a version specific reference" (R4 Bundle).
    if (/\/_history\//.test(fullUrl)) {
      throw RecError.badRequest('invariant', `Bundle.entry[${i}].fullUrl must not be version-specific (/_history/, bdl-8)`);
    }
    if (!/^(urn:uuid:|urn:oid:|https?:\/\/)/i.test(fullUrl)) {
      throw RecError.badRequest('value', `Bundle.entry[${i}].fullUrl must be a urn:uuid:, urn:oid: or http(s) URL`);
    }
    if (seen.has(entryKey(fullUrl))) throw RecError.badRequest('invariant', `Bundle.entry[${i}].fullUrl is used by another entry`);
    seen.add(entryKey(fullUrl));
  });
}

/**
 * A reference within a message must resolve: one that is not to an entry (a `urn:` one, or a relative one
 * made from an entry with a RESTful fullUrl, which would name a resource on the sender's server) is
 * refused with 400 before anything is stored. Relative references from `urn:` entries name resources on
 * the receiving server (the hub's own slots, for example) and are left to the reader.
 */
export function checkReference(index: BundleIndex, reference: string, from: string, path: () => string): void {
  if (!referenceResolves(index, reference, from)) {
    throw RecError.badRequest('invalid', `${path()} does not resolve to an entry of the Bundle`);
  }
}

/** Whether {@link checkReference} lets the reference made from the entry at `from` (both trimmed) pass. */
export function referenceResolves(index: BundleIndex, reference: string, from: string): boolean {
  if (reference.startsWith('#') || index.has(reference, from)) return true;
  return !(/^urn:/i.test(reference) || (RESTFUL.test(from) && RELATIVE.test(reference)));
}

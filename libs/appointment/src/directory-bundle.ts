import { identifierKey, type BundleIndex } from '@hub/message';
import {
  RecError,
  sameSystem,
  type Bundle,
  type Location,
  type Organization,
  type Practitioner,
  type PractitionerRole,
  type Slot,
} from '@hub/fhir';

/** Identifier systems of the directory (GPCONNECT.md §4). */
export const DirectorySystems = {
  ods: 'https://fhir.nhs.uk/Id/ods-organization-code',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
} as const;

/** GP Connect's delivery channel extension and its codes (GPCONNECT.md §4, ValueSet GPConnect-DeliveryChannel-1). */
export const DELIVERY_CHANNEL_URL = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2';
const DELIVERY_CHANNELS = ['In-person', 'Telephone', 'Video'];

export interface OrganizationInput {
  key: string;
  odsCode: string;
  resource: Organization;
}
export interface LocationInput {
  key: string;
  identifierKey: string;
  organizationKey: string | null;
  resource: Location;
}
export interface PractitionerInput {
  key: string;
  sdsUserId: string;
  resource: Practitioner;
}
export interface PractitionerRoleInput {
  practitionerKey: string;
  organizationKey: string | null;
  resource: PractitionerRole;
}
export interface Directory {
  organizations: OrganizationInput[];
  locations: LocationInput[];
  practitioners: PractitionerInput[];
  roles: PractitionerRoleInput[];
}

const bad = (diagnostics: string): RecError => RecError.badRequest('invalid', diagnostics);

function valueOf(ids: Array<{ system?: string; value?: string }> | undefined, system: string): string | undefined {
  const id = ids?.find((i) => sameSystem(i?.system, system) && typeof i.value === 'string' && i.value.trim() !== '');
  return id?.value?.trim();
}

/**
 * Reads the directory entries of a publishing Bundle: Organization (by ODS code), Location (by its first
 * identifier; `managingOrganization` an Organization entry), Practitioner (by SDS user id) and
 * PractitionerRole (a Practitioner entry, optionally an Organization entry). `keyOf` learns each entry's key.
 */
export function parseDirectory(bundle: Bundle, index: BundleIndex, keyOf: Map<object, string>): Directory {
  const out: Directory = { organizations: [], locations: [], practitioners: [], roles: [] };
  const entries = (bundle.entry ?? []).map((e, i) => [e?.resource, i] as const);
  for (const [r, i] of entries) {
    if (r?.resourceType !== 'Organization') continue;
    const odsCode = valueOf(r.identifier, DirectorySystems.ods);
    if (!odsCode) throw bad(`entry[${i}]: Organization needs an identifier with system ${DirectorySystems.ods}`);
    keyOf.set(r, `organization:${i}`);
    out.organizations.push({ key: `organization:${i}`, odsCode: odsCode.toUpperCase(), resource: r });
  }
  for (const [r, i] of entries) {
    if (r?.resourceType !== 'Practitioner') continue;
    // Without an SDS user id a Practitioner is left unpublished, as every Practitioner was before GP Connect.
    const sdsUserId = valueOf(r.identifier, DirectorySystems.sdsUser);
    if (!sdsUserId) continue;
    keyOf.set(r, `practitioner:${i}`);
    out.practitioners.push({ key: `practitioner:${i}`, sdsUserId, resource: r });
  }
  const organizationKey = (reference: string | undefined, i: number, what: string): string | null => {
    if (reference === undefined) return null;
    const org = index.resolve(reference, 'Organization');
    if (!org) throw bad(`entry[${i}]: ${what} must reference an Organization entry of the Bundle`);
    return keyOf.get(org) as string;
  };
  for (const [r, i] of entries) {
    if (r?.resourceType !== 'Location') continue;
    const key = identifierKey(r.identifier);
    if (!key) throw bad(`entry[${i}]: Location needs an identifier (e.g. https://fhir.nhs.uk/Id/ods-site-code)`);
    keyOf.set(r, `location:${i}`);
    const organization = organizationKey(r.managingOrganization?.reference, i, 'Location.managingOrganization');
    out.locations.push({ key: `location:${i}`, identifierKey: key, organizationKey: organization, resource: r });
  }
  for (const [r, i] of entries) {
    if (r?.resourceType !== 'PractitionerRole') continue;
    const practitioner = index.resolve(r.practitioner?.reference, 'Practitioner');
    if (!practitioner || !keyOf.has(practitioner))
      throw bad(`entry[${i}]: PractitionerRole.practitioner must reference a Practitioner entry of the Bundle with an SDS user id`);
    const organization = organizationKey(r.organization?.reference, i, 'PractitionerRole.organization');
    out.roles.push({ practitionerKey: keyOf.get(practitioner) as string, organizationKey: organization, resource: r });
  }
  return out;
}

/** A Slot's GP Connect delivery channel must be one of the ValueSet's codes when present. */
export function checkDeliveryChannel(slot: Slot, i: number): void {
  for (const ext of slot.extension ?? []) {
    if (ext?.url !== DELIVERY_CHANNEL_URL) continue;
    if (typeof ext.valueCode !== 'string' || !DELIVERY_CHANNELS.includes(ext.valueCode)) {
      throw RecError.badRequest('value', `entry[${i}]: the delivery channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
    }
  }
}

/** Whether a parsed directory holds anything. */
export function hasDirectory(d: Directory): boolean {
  return d.organizations.length + d.locations.length + d.practitioners.length + d.roles.length > 0;
}

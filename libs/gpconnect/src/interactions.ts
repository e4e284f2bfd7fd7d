/**
 * GP Connect interaction IDs (GPCONNECT.md §1.1, from the spec's integration_interaction_ids.md and the
 * scope table of integration_cross_organisation_audit_and_provenance.md): which `Ssp-InteractionID` each
 * verb and path of the service root takes, and whether its JWT scope must be a read or a write scope.
 */
export interface Interaction {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the service root; `:id` is one path segment. */
  path: string;
  /** The resource kind of its `requested_scope` (`patient/*.…` or `organization/*.…`). */
  scope: 'patient' | 'organization';
  access: 'read' | 'write';
}

const PREFIX = 'urn:nhs:names:services:gpconnect:fhir:rest';

const rows: Array<[string, Interaction['method'], string, Interaction['scope'], Interaction['access']]> = [
  ['read:metadata-1', 'GET', '/metadata', 'organization', 'read'],
  ['search:patient-1', 'GET', '/Patient', 'patient', 'read'],
  ['read:patient-1', 'GET', '/Patient/:id', 'patient', 'read'],
  ['search:organization-1', 'GET', '/Organization', 'organization', 'read'],
  ['read:organization-1', 'GET', '/Organization/:id', 'organization', 'read'],
  ['search:practitioner-1', 'GET', '/Practitioner', 'organization', 'read'],
  ['read:practitioner-1', 'GET', '/Practitioner/:id', 'organization', 'read'],
  ['read:location-1', 'GET', '/Location/:id', 'organization', 'read'],
  ['search:slot-1', 'GET', '/Slot', 'organization', 'read'],
  ['create:appointment-1', 'POST', '/Appointment', 'patient', 'write'],
  ['read:appointment-1', 'GET', '/Appointment/:id', 'patient', 'read'],
  ['update:appointment-1', 'PUT', '/Appointment/:id', 'patient', 'write'],
  ['cancel:appointment-1', 'PUT', '/Appointment/:id', 'patient', 'write'],
  ['search:patient_appointments-1', 'GET', '/Patient/:id/Appointment', 'patient', 'read'],
];

export const INTERACTIONS: readonly Interaction[] = rows.map(([id, method, path, scope, access]) => ({
  id: `${PREFIX}:${id}`,
  method,
  path,
  scope,
  access,
}));

/** The interaction IDs by short name, for handlers that must tell Amend from Cancel. */
export const InteractionIds = {
  metadata: `${PREFIX}:read:metadata-1`,
  searchPatient: `${PREFIX}:search:patient-1`,
  readPatient: `${PREFIX}:read:patient-1`,
  searchOrganization: `${PREFIX}:search:organization-1`,
  readOrganization: `${PREFIX}:read:organization-1`,
  searchPractitioner: `${PREFIX}:search:practitioner-1`,
  readPractitioner: `${PREFIX}:read:practitioner-1`,
  readLocation: `${PREFIX}:read:location-1`,
  searchSlot: `${PREFIX}:search:slot-1`,
  createAppointment: `${PREFIX}:create:appointment-1`,
  readAppointment: `${PREFIX}:read:appointment-1`,
  updateAppointment: `${PREFIX}:update:appointment-1`,
  cancelAppointment: `${PREFIX}:cancel:appointment-1`,
  searchPatientAppointments: `${PREFIX}:search:patient_appointments-1`,
} as const;

function matches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  // Ids are case-sensitive and non-empty; a trailing slash makes an empty last segment and so no match.
  return a.length === b.length && a.every((seg, i) => (seg === ':id' ? /^[A-Za-z0-9\-.]{1,64}$/.test(b[i]) : seg === b[i]));
}

/** The interactions served at a path under the service root, any verb. Empty: the path is not served. */
export function interactionsAt(path: string): Interaction[] {
  return INTERACTIONS.filter((i) => matches(i.path, path));
}

/** The interaction a request names, if it is one served at that verb and path. */
export function interactionFor(method: string, path: string, interactionId: string): Interaction | undefined {
  return interactionsAt(path).find((i) => i.method === method && i.id === interactionId);
}

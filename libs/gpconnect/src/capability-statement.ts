import { MEDIA_TYPES } from './negotiation';

/** A served route of the surface: verb and path under the service root (`/Patient/:id`). */
export interface GpcRoute {
  method: string;
  path: string;
  searchParams: Array<{ name: string; type: string; documentation?: string }>;
  /** `_include` values a search handler accepts (CapabilityStatement searchInclude). */
  searchIncludes?: string[];
}

const STU3 = 'https://fhir.nhs.uk/STU3/StructureDefinition';
/** Profiles of the Appointment Management and Foundations resources (GPCONNECT.md §4). */
const PROFILES = [
  'CareConnect-GPC-Patient-1',
  'CareConnect-GPC-Organization-1',
  'CareConnect-GPC-Practitioner-1',
  'CareConnect-GPC-PractitionerRole-1',
  'CareConnect-GPC-Location-1',
  'GPConnect-OperationOutcome-1',
  'GPConnect-Appointment-1',
  'GPConnect-Schedule-1',
  'GPConnect-Slot-1',
];

const TYPES = ['Patient', 'Organization', 'Practitioner', 'Location', 'Appointment', 'Slot'];

function interactionOf(method: string, tail: string): fhir3.CapabilityStatementRestResourceInteraction['code'] | undefined {
  if (method === 'GET' && tail === '') return 'search-type';
  if (method === 'GET' && tail === '/:id') return 'read';
  if (method === 'POST' && tail === '') return 'create';
  if (method === 'PUT' && tail === '/:id') return 'update';
  return undefined;
}

/**
 * The CapabilityStatement of the GP Connect surface (version 1.2.7, FHIR 3.0.1, both formats), built
 * from the routes really served so it cannot promise what is not there (GPCONNECT.md §4).
 */
export function gpcCapabilityStatement(routes: GpcRoute[], serviceRoot: string, softwareVersion: string): fhir3.CapabilityStatement {
  const byType = new Map<string, fhir3.CapabilityStatementRestResource>();
  for (const r of routes) {
    const type = r.path.split('/')[1] ?? '';
    if (!TYPES.includes(type)) continue;
    const code = interactionOf(r.method, r.path.slice(type.length + 1));
    if (!code) continue;
    const entry = byType.get(type) ?? { type, interaction: [] };
    if (!entry.interaction?.some((i) => i.code === code)) entry.interaction?.push({ code });
    if (code === 'search-type') {
      if (r.searchParams.length > 0) entry.searchParam = r.searchParams.map((p) => ({ ...p, type: p.type as 'token' }));
      if (r.searchIncludes?.length) entry.searchInclude = r.searchIncludes;
    }
    byType.set(type, entry);
  }
  return {
    resourceType: 'CapabilityStatement',
    version: '1.2.7',
    name: 'GP Connect',
    status: 'active',
    date: new Date().toISOString().slice(0, 10),
    publisher: 'BaRS hub',
    description: 'This server implements the GP Connect API version 1.2.7 (Appointment Management and its Foundations)',
    kind: 'instance',
    software: { name: 'BaRS hub', version: softwareVersion },
    implementation: { description: 'GP Connect provider', url: serviceRoot },
    fhirVersion: '3.0.1',
    acceptUnknown: 'both',
    format: [MEDIA_TYPES.json, MEDIA_TYPES.xml],
    profile: PROFILES.map((p) => ({ reference: `${STU3}/${p}` })),
    rest: [
      {
        mode: 'server',
        security: { cors: true },
        resource: TYPES.filter((t) => byType.has(t)).map((t) => byType.get(t) as fhir3.CapabilityStatementRestResource),
      },
    ],
  };
}

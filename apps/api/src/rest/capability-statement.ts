import type { CapabilityStatement } from '@hub/fhir';
import { bookingDefinitions } from '@hub/message';
import type { Route } from './route-catalog';

const FHIR_TYPES = new Set(['Appointment', 'Slot', 'MessageDefinition', 'DocumentReference', 'Schedule', 'HealthcareService', 'Patient']);

function interactionOf(r: Route, type: string): string | undefined {
  const tail = r.path.slice(type.length + 1);
  const table: Record<string, Record<string, string>> = {
    GET: { '': 'search-type', '/:id': 'read', '/:id/_history': 'history-instance', '/:id/_history/:vid': 'vread' },
    POST: { '': 'create' },
    PUT: { '/:id': 'update' },
    PATCH: { '/:id': 'patch' },
    DELETE: { '/:id': 'delete' },
  };
  return table[r.method]?.[tail];
}

/**
 * The CapabilityStatement, computed from the routes served (resources, interactions, search parameters,
 * `$process-message`) and the MessageDefinitions the receiver processes (BARS.md §3 GET /metadata).
 */
export function capabilityStatement(routes: Route[], base: string): CapabilityStatement {
  const byType = new Map<string, { interactions: Set<string>; params: Map<string, Route['searchParams'][number]> }>();
  for (const r of routes) {
    const type = r.path.split('/')[1];
    if (!FHIR_TYPES.has(type)) continue;
    const entry = byType.get(type) ?? { interactions: new Set<string>(), params: new Map() };
    const interaction = interactionOf(r, type);
    if (interaction) entry.interactions.add(interaction);
    for (const p of r.searchParams) entry.params.set(p.name, p);
    byType.set(type, entry);
  }
  const processMessage = routes.some((r) => r.method === 'POST' && r.path === '/$process-message');
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    implementation: { description: 'BaRS receiver (booking)', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        resource: [...byType.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, e]) => ({
            type: type as fhir4.CapabilityStatementRestResource['type'],
            versioning: type === 'Appointment' ? 'versioned' : 'no-version',
            interaction: [...e.interactions].sort().map((code) => ({ code: code as 'read' })),
            searchParam: [...e.params.values()].map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
          })),
        operation: processMessage
          ? [{ name: 'process-message', definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message' }]
          : [],
      },
    ],
    messaging: processMessage
      ? [{ supportedMessage: bookingDefinitions().map((d) => ({ mode: 'receiver' as const, definition: d.url })) }]
      : undefined,
  };
}

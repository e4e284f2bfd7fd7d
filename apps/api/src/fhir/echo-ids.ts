import type { Bundle } from '@hub/fhir';
import type { InboundJobResult } from '@hub/messaging';

/**
 * The 200 answer to `$process-message`: the Bundle as received, with the ids the hub assigned and
 * `Appointment.created` (BARS.md §1.1; payload tables: ids "MUST only be populated with an id generated
 * by the Receiver in the synchronous HTTP response"). The request object is ours to change.
 */
export function echoIds(bundle: Bundle, result: InboundJobResult): Bundle {
  const ids = result.ids ?? {};
  for (const entry of bundle.entry ?? []) {
    const id = entry.fullUrl === undefined ? undefined : ids[entry.fullUrl];
    if (id === undefined || entry.resource === undefined) continue;
    entry.resource.id = id;
    if (entry.resource.resourceType === 'Appointment' && result.created) entry.resource.created = result.created;
  }
  return bundle;
}

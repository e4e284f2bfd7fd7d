import { RecError, type Appointment } from '@hub/fhir';

const SLOT_REF = /^(?:.*\/)?Slot\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function appointmentBody(body: unknown): Appointment {
  const a = body as Appointment | null;
  if (a === null || typeof a !== 'object' || a.resourceType !== 'Appointment') {
    throw RecError.badRequest('invalid', 'The body must be a FHIR Appointment');
  }
  return a;
}

export function slotIdOf(reference: unknown): string {
  if (typeof reference !== 'string') throw RecError.badRequest('required', 'Appointment.slot must name the new slot (Slot/<id>)');
  const m = SLOT_REF.exec(reference.trim());
  if (!m) throw RecError.badRequest('value', 'Appointment.slot must reference a Slot of this receiver (Slot/<id>)');
  return m[1].toLowerCase();
}

const PATCHABLE = new Set(['resourceType', 'id', 'meta', 'status', 'slot']);
const SLOT_PATHS = ['/slot', '/slot/0', '/slot/0/reference'];

/**
 * A reschedule body: the BaRS partial Appointment (the slot is "the only element capable of being
 * changed"), or a JSON Patch (`application/json-patch+json`) replacing the slot.
 */
export function rescheduleSlot(body: unknown, contentType: string | undefined): string {
  if (/json-patch\+json/i.test(contentType ?? '')) {
    if (!Array.isArray(body) || body.length === 0)
      throw RecError.badRequest('invalid', 'A JSON Patch body is a non-empty array of operations');
    let slot: string | undefined;
    for (const op of body as Array<{ op?: unknown; path?: unknown; value?: unknown }>) {
      if ((op.op !== 'replace' && op.op !== 'add') || typeof op.path !== 'string' || !SLOT_PATHS.includes(op.path)) {
        throw RecError.unprocessable('processing', `Only the slot may be changed by PATCH; the operation on ${String(op.path)} is refused`);
      }
      const v = op.value as { reference?: unknown } | Array<{ reference?: unknown }> | string;
      slot = slotIdOf(typeof v === 'string' ? v : Array.isArray(v) ? v[0]?.reference : v?.reference);
    }
    return slot as string;
  }
  const partial = appointmentBody(body);
  const other = Object.keys(partial).filter((k) => !PATCHABLE.has(k));
  if (other.length > 0)
    throw RecError.unprocessable(
      'processing',
      `Only the slot may be changed by PATCH; the body also has ${other.map((k) => `Appointment.${k}`).join(', ')}`,
    );
  if (partial.status !== undefined && partial.status !== 'booked') {
    throw RecError.unprocessable('processing', 'A reschedule keeps the appointment booked; cancel with PUT or DELETE');
  }
  return slotIdOf(partial.slot?.[0]?.reference);
}

import type { Appointment } from '@hub/fhir';

/** What an update may change (BARS.md §2.3: "only .status and .reasonCode"), plus what the hub owns. */
const NOT_COMPARED = new Set(['id', 'meta', 'status', 'reasonCode', 'created', 'slot', 'start', 'end', 'text', 'participant']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Participants compared without their actor references, which the hub rewrites to its own ids. */
function participants(a: Appointment): string {
  return canonical((a.participant ?? []).map((p) => ({ ...p, actor: p.actor ? { ...p.actor, reference: undefined } : undefined })));
}

/**
 * The elements of `sent` that differ from the stored Appointment, other than those an update may
 * change or the hub owns (ids, references, times from the slot). Names only, never values.
 */
export function changedElements(stored: Appointment, sent: Appointment): string[] {
  const keys = new Set([...Object.keys(stored), ...Object.keys(sent)]);
  const changed: string[] = [];
  for (const key of [...keys].sort()) {
    if (NOT_COMPARED.has(key)) continue;
    const a = (stored as unknown as Record<string, unknown>)[key];
    const b = (sent as unknown as Record<string, unknown>)[key];
    if (canonical(a) !== canonical(b)) changed.push(`Appointment.${key}`);
  }
  if (participants(stored) !== participants(sent)) changed.push('Appointment.participant');
  return changed;
}

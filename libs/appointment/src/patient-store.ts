import type { Patient } from '@hub/fhir';
import { Sql, runSql } from '@hub/persistence';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Patients with an NHS number are kept once and refreshed by each message; patients without one (BaRS
 * accepts them) get a row per booking. The stored resource carries no id: readers add the row's id.
 */
export async function storePatient(m: EntityManager, patient: Patient, nhsNumber: string | undefined, now: string): Promise<string> {
  const { id: _sentId, ...sent } = patient;
  const resource: Patient = { ...sent, meta: { ...sent.meta, lastUpdated: now } };
  const search = searchColumns(patient);
  const params = [randomUUID(), nhsNumber ?? null, JSON.stringify(resource), now, search.nameText, search.birthDate, search.postalCode];
  if (nhsNumber === undefined) return idOf(await runSql<{ id: string }>(m, INSERT, params));
  // SQLite has no row locks (its transactions run one at a time) and no INSERT inside WITH: the plain upsert.
  if (m.connection.options.type !== 'postgres') return idOf(await runSql<{ id: string }>(m, UPSERT, params));
  const { rows } = await runSql<{ id: string }>(m, UPSERT_IF_CHANGED, params);
  // No row: another booking inserted this patient after this statement's snapshot was taken (both new at
  // once). Rare; the plain upsert, a statement of its own, sees that row and refreshes it.
  return rows[0]?.id ?? idOf(await runSql<{ id: string }>(m, UPSERT, params));
}

function idOf({ rows }: { rows: Array<{ id: string }> }): string {
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('patient write returned no id');
  return id;
}

const INSERT_TEXT = `INSERT INTO patient (id, nhs_number, resource, created_at, last_updated, name_text, birth_date, postal_code)
  VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`;
const INSERT = new Sql('hub_patient_insert', `${INSERT_TEXT} RETURNING id`);
export const UPSERT = new Sql(
  'hub_patient_upsert',
  `${INSERT_TEXT} ON CONFLICT (nhs_number) DO UPDATE SET resource = EXCLUDED.resource, last_updated = EXCLUDED.last_updated,
   name_text = EXCLUDED.name_text, birth_date = EXCLUDED.birth_date, postal_code = EXCLUDED.postal_code RETURNING id`,
);

/**
 * PostgreSQL: the same upsert, but a patient already stored and not changed by this message (the same
 * resource but for `meta.lastUpdated`) is only read. `ON CONFLICT … DO UPDATE` locks the existing row even
 * when its `WHERE` skips the update, so every booking for one patient would queue on that row until the
 * previous booking commits; here the row is locked only when it really changes (a hot patient costs
 * nothing). One round trip: insert if new, update if changed, else read the id. Its `last_updated` and
 * stored resource then stay those of the last change, as FHIR's `meta.lastUpdated` means.
 */
export const UPSERT_IF_CHANGED = new Sql(
  'hub_patient_upsert_if_changed',
  `WITH ins AS (
     ${INSERT_TEXT} ON CONFLICT (nhs_number) DO NOTHING RETURNING id
   ), upd AS (
     UPDATE patient SET resource = $3, last_updated = $4, name_text = $5, birth_date = $6, postal_code = $7
     WHERE nhs_number = $2 AND NOT EXISTS (SELECT 1 FROM ins)
       AND (resource::jsonb #- '{meta,lastUpdated}') IS DISTINCT FROM ($3::jsonb #- '{meta,lastUpdated}')
     RETURNING id
   )
   SELECT id FROM ins UNION ALL SELECT id FROM upd
   UNION ALL SELECT id FROM patient WHERE nhs_number = $2 AND NOT EXISTS (SELECT 1 FROM ins) AND NOT EXISTS (SELECT 1 FROM upd)`,
);

/** Normalised postcode: upper case, no spaces. */
export function normalisePostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

function searchColumns(p: Patient): { nameText: string | null; birthDate: string | null; postalCode: string | null } {
  const words = (p.name ?? []).flatMap((n) => [...(n.given ?? []), n.family ?? '', n.text ?? '']).join(' ');
  const text = words.toLowerCase().replace(/\s+/g, ' ').trim();
  const postcode = p.address?.find((a) => typeof a.postalCode === 'string')?.postalCode;
  return {
    nameText: text === '' ? null : ` ${text.slice(0, 500)} `,
    birthDate: typeof p.birthDate === 'string' ? p.birthDate.slice(0, 10) : null,
    postalCode: postcode ? normalisePostcode(postcode).slice(0, 16) : null,
  };
}

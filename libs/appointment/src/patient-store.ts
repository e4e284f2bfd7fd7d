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
  // One statement either way; the upsert answers the id of the row it inserted or refreshed.
  const { rows } = await runSql<{ id: string }>(m, nhsNumber === undefined ? INSERT : UPSERT, params);
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

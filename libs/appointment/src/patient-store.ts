import type { Patient } from '@hub/fhir';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PatientEntity } from './entities';

/**
 * Patients with an NHS number are kept once and refreshed by each message; patients without one (BaRS
 * accepts them) get a row per booking. The stored resource carries no id: readers add the row's id.
 */
export async function storePatient(m: EntityManager, patient: Patient, nhsNumber: string | undefined, now: string): Promise<string> {
  const { id: _sentId, ...sent } = patient;
  const resource: Patient = { ...sent, meta: { ...sent.meta, lastUpdated: now } };
  const id = randomUUID();
  const insert = m
    .createQueryBuilder()
    .insert()
    .into(PatientEntity)
    .values({ id, nhsNumber: nhsNumber ?? null, resource, createdAt: now, lastUpdated: now, ...searchColumns(patient) });
  if (nhsNumber === undefined) {
    await insert.execute();
    return id;
  }
  await insert.orUpdate(['resource', 'last_updated', 'name_text', 'birth_date', 'postal_code'], ['nhs_number']).execute();
  const row = await m.getRepository(PatientEntity).findOne({ where: { nhsNumber }, select: { id: true } });
  if (!row) throw new Error('patient upsert left no row');
  return row.id;
}

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

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
    .values({ id, nhsNumber: nhsNumber ?? null, resource, createdAt: now, lastUpdated: now });
  if (nhsNumber === undefined) {
    await insert.execute();
    return id;
  }
  await insert.orUpdate(['resource', 'last_updated'], ['nhs_number']).execute();
  const row = await m.getRepository(PatientEntity).findOne({ where: { nhsNumber }, select: { id: true } });
  if (!row) throw new Error('patient upsert left no row');
  return row.id;
}

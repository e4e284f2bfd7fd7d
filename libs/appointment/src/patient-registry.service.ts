import { RecError, isValidNhsNumber, nowInstant, type Bundle, type Patient } from '@hub/fhir';
import { nhsNumberOf } from '@hub/message';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { PatientEntity } from './entities';
import { storePatient } from './patient-store';

/**
 * Registers patients the hub should know before they book (`POST /admin/patients`, issue #16): an R4
 * Bundle of Patient entries, each with a valid NHS number, upserted by NHS number exactly as a booking
 * stores its patient. All or nothing.
 */
@Injectable()
export class PatientRegistry {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async register(body: unknown): Promise<Bundle> {
    const patients = parsePatients(body);
    const now = nowInstant();
    const ids = await this.db.transaction(async (m) => {
      const out: string[] = [];
      for (const { patient, nhsNumber } of patients) out.push(await storePatient(m, patient, nhsNumber, now));
      return out;
    });
    const rows = await this.db.getRepository(PatientEntity).find({ where: { id: In(ids) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: now,
      entry: ids.map((id) => ({ resource: { ...(byId.get(id) as PatientEntity).resource, id } })),
    };
  }
}

function parsePatients(body: unknown): Array<{ patient: Patient; nhsNumber: string }> {
  const bundle = body as Bundle | null;
  if (bundle?.resourceType !== 'Bundle' || !['collection', 'transaction', 'batch'].includes(String(bundle.type))) {
    throw RecError.badRequest('invalid', 'The body must be a Bundle of type "collection", "transaction" or "batch"');
  }
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) throw RecError.badRequest('required', 'Bundle.entry is empty');
  const seen = new Set<string>();
  return bundle.entry.map((entry, i) => {
    const patient = entry?.resource;
    if (patient?.resourceType !== 'Patient') throw RecError.badRequest('invalid', `entry[${i}] must be a Patient`);
    const nhsNumber = nhsNumberOf(patient);
    if (nhsNumber === undefined) throw RecError.badRequest('required', `entry[${i}]: Patient needs an NHS number identifier`);
    if (!isValidNhsNumber(nhsNumber)) throw RecError.badRequest('value', `entry[${i}]: the NHS number is not valid (check digit)`);
    if (seen.has(nhsNumber)) throw RecError.badRequest('invalid', `entry[${i}]: the same NHS number is in the Bundle twice`);
    seen.add(nhsNumber);
    return { patient, nhsNumber };
  });
}

import { nowInstant, type Bundle, type FhirResource } from '@hub/fhir';
import { isUniqueViolation } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { parseAvailability, type Availability } from './availability-bundle';
import { toLocationResource, toOrganizationResource, toPractitionerResource, toPractitionerRoleResource } from './directory-resources';
import { upsertDirectory } from './directory-store';
import { HealthcareServiceEntity, ScheduleEntity, SlotEntity } from './entities';
import { toScheduleResource, toServiceResource, toSlotResource } from './resources';

const CHUNK = 500;
/** Attempts at a publication that raced another publishing the same resources (see `publish`). */
const ATTEMPTS = 3;

/** Publishes a provider's services, schedules and slots. Idempotent: the same Bundle twice creates nothing new. */
@Injectable()
export class AvailabilityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Parses and stores a publishing Bundle; answers a `collection` Bundle of what is stored, with hub ids. */
  async publish(body: unknown): Promise<Bundle> {
    const availability = parseAvailability(body);
    const stored = await this.storeRacing(availability);
    return { resourceType: 'Bundle', type: 'collection', timestamp: nowInstant(), entry: stored.map((resource) => ({ resource })) };
  }

  /**
   * Two publications of the same service at once both find it absent and both insert it: the second
   * trips a unique constraint. Publishing is idempotent, so that one simply runs again and now finds
   * what the first committed (found by the fuzz suite sending publications concurrently).
   */
  private async storeRacing(availability: Availability): Promise<FhirResource[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((m) => this.upsert(m, availability));
      } catch (e) {
        if (attempt >= ATTEMPTS || !isUniqueViolation(e)) throw e;
      }
    }
  }

  private async upsert(m: EntityManager, a: Availability): Promise<FhirResource[]> {
    const now = nowInstant();
    const directory = await upsertDirectory(m, a.directory, now);
    const services = new Map<string, HealthcareServiceEntity>();
    for (const s of a.services) {
      const repo = m.getRepository(HealthcareServiceEntity);
      const existing = await repo.findOne({ where: { dosId: s.dosId } });
      const row = repo.create({
        id: existing?.id ?? randomUUID(),
        dosId: s.dosId,
        name: s.name,
        useCases: s.useCases,
        resource: s.resource,
        lastUpdated: now,
      });
      await repo.save(row);
      services.set(s.key, row);
    }
    const schedules = new Map<string, ScheduleEntity>();
    for (const s of a.schedules) {
      const repo = m.getRepository(ScheduleEntity);
      const serviceId = (services.get(s.serviceKey) as HealthcareServiceEntity).id;
      const existing = await repo.findOne({ where: { serviceId, identifierKey: s.identifierKey } });
      const row = repo.create({
        id: existing?.id ?? randomUUID(),
        serviceId,
        identifierKey: s.identifierKey,
        locationId: s.locationKey === null ? null : (directory.ids.get(s.locationKey) ?? null),
        practitionerId: s.practitionerKey === null ? null : (directory.ids.get(s.practitionerKey) ?? null),
        resource: s.resource,
        lastUpdated: now,
      });
      await repo.save(row);
      schedules.set(s.key, row);
    }
    const slots = await this.upsertSlots(m, a, schedules, now);
    return [
      ...directory.organizations.map(toOrganizationResource),
      ...directory.locations.map(toLocationResource),
      ...directory.practitioners.map(toPractitionerResource),
      ...directory.roles.map(toPractitionerRoleResource),
      ...[...services.values()].map(toServiceResource),
      ...[...schedules.values()].map((s) => toScheduleResource(s)),
      ...slots.map(toSlotResource),
    ];
  }

  /**
   * Inserts the slots not yet published. A slot already there keeps its status: republishing must never
   * free a slot that has been booked since.
   */
  private async upsertSlots(m: EntityManager, a: Availability, schedules: Map<string, ScheduleEntity>, now: string): Promise<SlotEntity[]> {
    const repo = m.getRepository(SlotEntity);
    const result: SlotEntity[] = [];
    for (const schedule of schedules.values()) {
      const wanted = a.slots.filter((s) => schedules.get(s.scheduleKey) === schedule);
      for (let i = 0; i < wanted.length; i += CHUNK) {
        const chunk = wanted.slice(i, i + CHUNK);
        const existing = await repo.find({ where: { scheduleId: schedule.id, startAt: In(chunk.map((s) => s.start)) } });
        const known = new Map(existing.map((s) => [`${s.startAt}|${s.endAt}`, s]));
        const fresh: SlotEntity[] = [];
        for (const s of chunk) {
          const row = known.get(`${s.start}|${s.end}`);
          if (row) {
            result.push(row);
            continue;
          }
          const created = repo.create({
            id: randomUUID(),
            scheduleId: schedule.id,
            serviceId: schedule.serviceId,
            identifierKey: s.identifierKey,
            startAt: s.start,
            endAt: s.end,
            status: s.status,
            version: 1,
            resource: s.resource,
            lastUpdated: now,
          });
          known.set(`${s.start}|${s.end}`, created);
          fresh.push(created);
          result.push(created);
        }
        if (fresh.length > 0) await repo.insert(fresh);
      }
    }
    return result;
  }
}

import { RecError } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type Repository } from 'typeorm';
import {
  HealthcareServiceEntity,
  LocationEntity,
  PractitionerEntity,
  PractitionerRoleEntity,
  ScheduleEntity,
  SlotEntity,
  type SlotStatus,
} from './entities';

export interface SlotQuery {
  statuses: SlotStatus[];
  from: string;
  to: string;
  serviceDosId: string;
  includeSchedules: boolean;
  includeServices: boolean;
  includePractitioners?: boolean;
  includePractitionerRoles?: boolean;
  includeLocations?: boolean;
  /** Paging: matches skipped, and the most to return (0: the total only). Absent: the first 2,000. */
  offset?: number;
  count?: number;
}

export interface SlotSearchResult {
  /** Every match, not only this page's. */
  total: number;
  slots: SlotEntity[];
  schedules: ScheduleEntity[];
  services: HealthcareServiceEntity[];
  practitioners: PractitionerEntity[];
  practitionerRoles: PractitionerRoleEntity[];
  locations: LocationEntity[];
}

const MAX_SLOTS = 2000;

/**
 * Real-time slot search (BARS.md §3 GET /Slot): never cached, every schedule of the service, with the
 * schedules and the service for `_include`.
 */
@Injectable()
export class SlotSearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: SlotQuery): Promise<SlotSearchResult> {
    const service = await this.db.getRepository(HealthcareServiceEntity).findOne({ where: { dosId: q.serviceDosId } });
    if (!service) throw RecError.notFound('Schedule.actor:HealthcareService names a service this receiver does not host');
    const matches = this.db
      .getRepository(SlotEntity)
      .createQueryBuilder('s')
      .where('s.service_id = :id AND s.status IN (:...statuses) AND s.start_at >= :from AND s.start_at <= :to', {
        id: service.id,
        statuses: q.statuses,
        from: q.from,
        to: q.to,
      });
    const total = await matches.clone().getCount();
    const count = Math.min(q.count ?? MAX_SLOTS, MAX_SLOTS);
    const slots =
      count === 0
        ? []
        : await matches
            .orderBy('s.start_at', 'ASC')
            .addOrderBy('s.id', 'ASC')
            .offset(q.offset ?? 0)
            .limit(count)
            .getMany();
    const scheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
    const wantActors = q.includePractitioners || q.includePractitionerRoles || q.includeLocations;
    const allSchedules =
      (q.includeSchedules || wantActors) && scheduleIds.length > 0
        ? await this.db.getRepository(ScheduleEntity).find({ where: { id: In(scheduleIds) } })
        : [];
    const ids = (pick: (s: ScheduleEntity) => string | null): string[] => [
      ...new Set(allSchedules.map(pick).filter((v): v is string => v !== null)),
    ];
    const practitionerIds = ids((s) => s.practitionerId);
    const locationIds = ids((s) => s.locationId);
    const repo = <T extends object>(e: new () => T): Repository<T> => this.db.getRepository(e);
    const practitioners =
      q.includePractitioners && practitionerIds.length > 0
        ? await repo(PractitionerEntity).find({ where: { id: In(practitionerIds) } })
        : [];
    const roles =
      q.includePractitionerRoles && practitionerIds.length > 0
        ? await repo(PractitionerRoleEntity).find({ where: { practitionerId: In(practitionerIds) } })
        : [];
    const locations =
      q.includeLocations && locationIds.length > 0 ? await repo(LocationEntity).find({ where: { id: In(locationIds) } }) : [];
    return {
      total,
      slots,
      schedules: q.includeSchedules ? allSchedules : [],
      services: q.includeServices && slots.length > 0 ? [service] : [],
      practitioners,
      practitionerRoles: roles,
      locations,
    };
  }

  /** The earliest `take` free slots of a service starting after `after` (the quick start's example messages). */
  firstFree(dosId: string, after: string, take: number): Promise<SlotEntity[]> {
    return this.db
      .getRepository(SlotEntity)
      .createQueryBuilder('slot')
      .innerJoin(HealthcareServiceEntity, 's', 's.id = slot.service_id')
      .where('s.dos_id = :dosId AND slot.status = :free AND slot.start_at > :after', { dosId, free: 'free', after })
      .orderBy('slot.start_at', 'ASC')
      .take(take)
      .getMany();
  }
}

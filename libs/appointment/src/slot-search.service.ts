import { RecError } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { HealthcareServiceEntity, ScheduleEntity, SlotEntity, type SlotStatus } from './entities';

export interface SlotQuery {
  statuses: SlotStatus[];
  from: string;
  to: string;
  serviceDosId: string;
  includeSchedules: boolean;
  includeServices: boolean;
}

export interface SlotSearchResult {
  slots: SlotEntity[];
  schedules: ScheduleEntity[];
  services: HealthcareServiceEntity[];
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
    const slots = await this.db
      .getRepository(SlotEntity)
      .createQueryBuilder('s')
      .where('s.service_id = :id AND s.status IN (:...statuses) AND s.start_at >= :from AND s.start_at <= :to', {
        id: service.id,
        statuses: q.statuses,
        from: q.from,
        to: q.to,
      })
      .orderBy('s.start_at', 'ASC')
      .limit(MAX_SLOTS)
      .getMany();
    const scheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
    const schedules =
      q.includeSchedules && scheduleIds.length > 0
        ? await this.db.getRepository(ScheduleEntity).find({ where: { id: In(scheduleIds) } })
        : [];
    return { slots, schedules, services: q.includeServices && slots.length > 0 ? [service] : [] };
  }

  /** The earliest free slot of a service starting after `after`, if any (the quick start's example booking). */
  firstFree(dosId: string, after: string): Promise<SlotEntity | null> {
    return this.db
      .getRepository(SlotEntity)
      .createQueryBuilder('slot')
      .innerJoin(HealthcareServiceEntity, 's', 's.id = slot.service_id')
      .where('s.dos_id = :dosId AND slot.status = :free AND slot.start_at > :after', { dosId, free: 'free', after })
      .orderBy('slot.start_at', 'ASC')
      .getOne();
  }
}

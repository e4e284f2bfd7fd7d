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
    const schedules =
      q.includeSchedules && scheduleIds.length > 0
        ? await this.db.getRepository(ScheduleEntity).find({ where: { id: In(scheduleIds) } })
        : [];
    return { total, slots, schedules, services: q.includeServices && slots.length > 0 ? [service] : [] };
  }
}

import type { DocumentReference } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PointerEntity } from '../entities';
import { PAGE_SIZE, type PageCursor, type PointerSearch } from './pointer-search';

export interface PointerPage {
  total: number;
  pointers: DocumentReference[];
  /** Where the next page starts; undefined on the last page. */
  next?: PageCursor;
}

/** Reads of the hub's pointer registry. Only `current` pointers exist for readers. */
@Injectable()
export class PointerRegistry {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(id: string): Promise<DocumentReference | undefined> {
    const row = await this.db.getRepository(PointerEntity).findOne({ where: { id, state: 'current' }, select: { resource: true } });
    return row?.resource;
  }

  /** One page (oldest first, {@link PAGE_SIZE} pointers) and the count of all matches. */
  async search(search: PointerSearch): Promise<PointerPage> {
    const query = this.db
      .getRepository(PointerEntity)
      .createQueryBuilder('p')
      .where('p.nhsNumber = :nhs AND p.state = :current', { nhs: search.nhsNumber, current: 'current' });
    if (search.custodian !== undefined) query.andWhere('p.custodian = :custodian', { custodian: search.custodian });
    if (search.typeCode !== undefined) query.andWhere('p.typeCode = :type', { type: search.typeCode });
    const total = await query.getCount();
    if (search.after !== undefined) {
      query.andWhere('(p.createdAt > :at OR (p.createdAt = :at AND p.id > :id))', { at: search.after.createdAt, id: search.after.id });
    }
    const rows = await query
      .select(['p.id', 'p.createdAt', 'p.resource'])
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(PAGE_SIZE + 1)
      .getMany();
    const page = rows.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      total,
      pointers: page.map((r) => r.resource),
      ...(rows.length > PAGE_SIZE && last ? { next: { createdAt: last.createdAt, id: last.id } } : {}),
    };
  }
}

import { RecError } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HealthcareServiceEntity } from './entities';

const TTL_MS = 30_000;
const NOT_HOSTED = 'The destination service is not hosted by this receiver';

/**
 * Which services (by DoS id) this hub hosts. Every `$process-message` asks, so hits are cached for a
 * short while; misses always go to the database, so a service published through another api replica is
 * found at once. A removed service can linger for at most TTL_MS, and the worker checks again.
 * Inside a transaction, pass its manager: a miss then reads on the transaction's own connection.
 */
@Injectable()
export class HostedServices {
  private readonly cache = new Map<string, { id: string; useCases: string[]; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(dosId: string, m: EntityManager = this.db.manager): Promise<{ id: string; useCases: string[] } | undefined> {
    const hit = this.cache.get(dosId);
    if (hit && hit.until > Date.now()) return hit;
    const row = await m.getRepository(HealthcareServiceEntity).findOne({ where: { dosId }, select: { id: true, useCases: true } });
    if (!row) {
      this.cache.delete(dosId);
      return undefined;
    }
    const entry = { id: row.id, useCases: row.useCases, until: Date.now() + TTL_MS };
    this.cache.set(dosId, entry);
    return entry;
  }

  /**
   * The service a message is addressed to, for the worker inside its transaction (the cached lookup the
   * gate uses: a service's id never changes, so no read per message). Not hosted: REC not-found.
   */
  async destinationOf(destinationService: string, m: EntityManager): Promise<{ id: string; useCases: string[] }> {
    const service = await this.find(destinationService, m);
    if (!service) throw RecError.notFound(NOT_HOSTED);
    return service;
  }
}

import { AppointmentModule } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { prepareXml } from '@hub/gpconnect';
import { InboxModule } from '@hub/inbox';
import { Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { InboxSubmitModule } from '../fhir/inbox-submit.module';
import { RouteCatalog } from '../rest/route-catalog';
import { GpcAppointmentWrites } from './appointments/appointment-writes.service';
import { FALLBACK_LAST } from './controllers';
import { GpcOrganizations } from './gpc-organizations';
import { GpcRequestGuard } from './gpc-request.guard';

/**
 * The GP Connect (1.2.7, FHIR STU3) provider surface under `{PUBLIC_BASE_URL}/{ODS}/STU3/1/gpconnect/`,
 * over the same appointment domain as BaRS. Its controllers are listed in ./controllers.ts, the
 * fallback last so that it only sees what no handler took.
 */
@Module({
  imports: [DiscoveryModule, AppointmentModule, InboxModule, InboxSubmitModule],
  controllers: FALLBACK_LAST,
  providers: [GpcOrganizations, GpcRequestGuard, RouteCatalog, GpcAppointmentWrites],
})
export class GpConnectModule implements OnModuleInit {
  constructor(private readonly config: HubConfig) {}

  onModuleInit(): void {
    if (this.config.GPC_ASID !== undefined) prepareXml();
  }
}

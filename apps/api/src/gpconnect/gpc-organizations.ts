import { HubConfig } from '@hub/config';
import { Injectable } from '@nestjs/common';

/** The organisations this hub serves GP Connect for: `HUB_ODS_CODE` and each published Organization. */
@Injectable()
export class GpcOrganizations {
  constructor(private readonly config: HubConfig) {}

  async isHosted(ods: string): Promise<boolean> {
    return Promise.resolve(ods === this.config.HUB_ODS_CODE);
  }
}

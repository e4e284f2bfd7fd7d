import { DirectoryReader } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { Injectable } from '@nestjs/common';

/** The organisations this hub serves GP Connect for: `HUB_ODS_CODE` and each published Organization. */
@Injectable()
export class GpcOrganizations {
  constructor(
    private readonly config: HubConfig,
    private readonly directory: DirectoryReader,
  ) {}

  /** ODS codes are case-sensitive in the path like everything else; stored ones are upper case. */
  async isHosted(ods: string): Promise<boolean> {
    if (ods === this.config.HUB_ODS_CODE) return true;
    return (await this.directory.organization({ odsCode: ods })) !== null;
  }
}

import { AvailabilityService, HostedServices, SlotSearchService, demoAvailability, toSlotResource } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleBookingMessage } from './example-message';

/** The DoS id the official BaRS booking example is addressed to, so the example maps onto the demo. */
export const DEMO_SERVICE = '111111111';

/**
 * On first start, publishes a demo service with free 15-minute slots for the next 14 days. On every
 * start, writes a booking message for the next free slot, ready to post. Returns its path, if any.
 */
export async function prepareDemo(app: INestApplication): Promise<string | undefined> {
  if ((await app.get(HostedServices).find(DEMO_SERVICE)) === undefined) {
    await app.get(AvailabilityService).publish(
      demoAvailability({
        dosId: DEMO_SERVICE,
        days: 14,
        minutes: 15,
        name: 'Demo urgent treatment centre',
        scheduleIdentifier: { system: 'https://system.supplier.co.uk/Diary/id', value: '8622dfdb-dc6a-47b6-b3a7-2eb2829db287' },
      }),
    );
  }
  const slot = await app.get(SlotSearchService).firstFree(DEMO_SERVICE, new Date().toISOString());
  if (!slot) return undefined;
  const file = resolve('data/example-booking.json');
  writeFileSync(file, JSON.stringify(exampleBookingMessage(DEMO_SERVICE, toSlotResource(slot), app.get(HubConfig).HUB_ODS_CODE), null, 2));
  return file;
}

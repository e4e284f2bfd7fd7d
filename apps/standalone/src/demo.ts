import { AvailabilityService, HostedServices, SlotSearchService, demoAvailability, toSlotResource } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { Logger, type INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleCancelMessage, exampleRebookMessage } from './example-changes';
import { exampleBookingMessage } from './example-message';

/** The DoS id the official BaRS booking example is addressed to, so the example maps onto the demo. */
export const DEMO_SERVICE = '111111111';
const DEMO_NAME = 'Demo urgent treatment centre';
const DAYS = 14;
const MINUTES = 15;

export interface DemoFiles {
  booking: string;
  rebook: string;
  cancel: string;
  /** The conversation the three messages belong to: every command sends it as X-Correlation-Id. */
  correlationId: string;
}

const logger = new Logger('demo');

/**
 * On first start, publishes a demo service with free 15-minute slots for the next 14 days, and says so.
 * On every start, writes a booking message for the next free slot and, for that same booking, a rebook
 * (to the slot after it) and a cancellation, ready to post in that order. Returns their paths, if any.
 */
export async function prepareDemo(app: INestApplication): Promise<DemoFiles | undefined> {
  if ((await app.get(HostedServices).find(DEMO_SERVICE)) === undefined) {
    const published = await app.get(AvailabilityService).publish(
      demoAvailability({
        dosId: DEMO_SERVICE,
        days: DAYS,
        minutes: MINUTES,
        name: DEMO_NAME,
        scheduleIdentifier: { system: 'https://system.supplier.co.uk/Diary/id', value: '8622dfdb-dc6a-47b6-b3a7-2eb2829db287' },
      }),
    );
    const slots = published.entry?.filter((e) => e.resource?.resourceType === 'Slot').length ?? 0;
    logger.log(
      `published the demo service "${DEMO_NAME}" (DoS id ${DEMO_SERVICE}): ${slots} free ${MINUTES}-minute slots over the next ${DAYS} days`,
    );
  } else {
    logger.log(`the demo service "${DEMO_NAME}" (DoS id ${DEMO_SERVICE}) is already published`);
  }
  const [first, second] = await app.get(SlotSearchService).firstFree(DEMO_SERVICE, new Date().toISOString(), 2);
  if (!first || !second) return undefined;
  const booking = exampleBookingMessage(DEMO_SERVICE, toSlotResource(first), app.get(HubConfig).HUB_ODS_CODE);
  mkdirSync(resolve('data'), { recursive: true });
  const write = (name: string, body: unknown): string => {
    const file = resolve('data', name);
    writeFileSync(file, JSON.stringify(body, null, 2));
    return file;
  };
  return {
    booking: write('example-booking.json', booking),
    rebook: write('example-rebook.json', exampleRebookMessage(booking, toSlotResource(second))),
    cancel: write('example-cancel.json', exampleCancelMessage(booking)),
    correlationId: randomUUID(),
  };
}

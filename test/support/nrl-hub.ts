import { FakeNrl } from './fake-nrl';
import { startHub, type Hub } from './hub';
import { publish } from './http';
import { availability, futureSlot } from './messages';

export interface HubWithNrl {
  hub: Hub;
  nrl: FakeNrl;
  /** Stops the hub, then the fake NRL. */
  stop: () => Promise<void>;
}

/**
 * A hub forwarding pointer changes to a fake NRL of its own, with `slots` free slots published. `settings`
 * are the suite's own (NRL_ATTEMPTS, NRL_LEASE_MS, …), passed to the api and every worker.
 */
export async function startHubWithNrl(settings: Record<string, string>, slots: number): Promise<HubWithNrl> {
  const nrl = await new FakeNrl().start();
  let hub: Hub | undefined;
  try {
    hub = await startHub({
      env: { NRL_BASE_URL: nrl.url, POINTER_PRODUCT_ID: 'P.E2E-1', POINTER_RELAY_INTERVAL_MS: '100', ...settings },
    });
    expect((await publish(hub, availability(Array.from({ length: slots }, (_, i) => futureSlot(i))))).status).toBe(200);
  } catch (error) {
    await hub?.stop();
    await nrl.stop();
    throw error;
  }
  const started = hub;
  return { hub: started, nrl, stop: () => started.stop().finally(() => nrl.stop()) };
}

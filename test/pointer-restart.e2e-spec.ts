import { once } from 'node:events';
import { cancelMessage } from './support/changes';
import type { FakeNrl } from './support/fake-nrl';
import type { Hub } from './support/hub';
import { startHubWithNrl, type HubWithNrl } from './support/nrl-hub';
import { postMessage } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';
import { eventually, nhsNumber, outboxOf, withPatient } from './support/pointers';

describe('a worker killed while sending a pointer change', () => {
  let hub: Hub;
  let nrl: FakeNrl;
  let running: HubWithNrl | undefined;
  let next = 0;
  beforeAll(async () => {
    running = await startHubWithNrl(
      {
        // Short leases so that another worker takes the killed one's job over soon; a long timeout so that
        // the killed worker is still waiting for the NRL's answer when it dies.
        NRL_LEASE_MS: '2000',
        NRL_TIMEOUT_MS: '60000',
        NRL_BACKOFF_MS: '100',
      },
      10,
    );
    ({ hub, nrl } = running);
  });
  afterAll(() => running?.stop());

  async function book(): Promise<{ id: string; nhs: string }> {
    const nhs = nhsNumber(300 + next);
    const res = await postMessage(hub, withPatient(bookingMessage(futureSlot(next++)), nhs), barsHeaders());
    expect(res.status).toBe(200);
    return { id: resource(res.body, 'Appointment').id, nhs };
  }
  const allDone = (ids: string[]) =>
    eventually(async () => {
      const rows = await outboxOf(hub, ...ids);
      return rows.every((r) => r.state === 'done') ? rows : undefined;
    }, 'every pointer change to be done');

  it('is taken over by another worker, and nothing reaches the NRL twice', async () => {
    const before = [await book(), await book(), await book()];
    await allDone(before.map((b) => b.id));

    // The NRL takes the next create but its answer never arrives; the worker dies waiting for it.
    nrl.misbehave(1, 'no-answer', (r) => r.method === 'POST');
    const lost = await book();
    await eventually(
      () => Promise.resolve(nrl.received.some((r) => r.appointmentId === lost.id && r.method === 'POST') ? true : undefined),
      'the POST',
    );
    const [killed] = hub.workers;
    const exited = once(killed.child, 'exit');
    killed.child.kill('SIGKILL');
    await exited;

    await hub.startWorker();
    const after = await book();
    expect((await postMessage(hub, withPatient(cancelMessage({ appointmentId: before[1].id }), before[1].nhs), barsHeaders())).status).toBe(
      200,
    );
    const all = [...before, lost, after];
    const rows = await allDone(all.map((b) => b.id));

    expect(rows.find((r) => r.appointment_id === lost.id)?.attempts).toBeGreaterThanOrEqual(2);
    for (const b of all) {
      expect(nrl.received.filter((r) => r.appointmentId === b.id && r.method === 'POST')).toHaveLength(1);
      const writes = nrl.applied.filter((a) => a.appointmentId === b.id).map((a) => a.method);
      expect(writes).toEqual(b === before[1] ? ['POST', 'DELETE'] : ['POST']);
    }
    const held = [...nrl.pointers.values()].map((p) => p.identifier[0].value).sort();
    expect(held).toEqual(
      all
        .filter((b) => b !== before[1])
        .map((b) => b.id)
        .sort(),
    );
  });
});

import { logLines, startApiProcess, type ApiProcess } from './support/api-process';
import { cancelMessage } from './support/changes';
import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { publish } from './support/http';
import { availability, barsHeaders, bookingMessage, fixture, futureSlot, resource } from './support/messages';
import { waitUntil, type RunningProcess } from './support/processes';

/** Every piece of patient data in the official example, as it would appear in a log line. */
function patientDataOfFixture(): string[] {
  const patient = resource(fixture('bars/api-1.4.0/process_message/request/Booking (POST).json'), 'Patient');
  const values = [
    ...patient.identifier.map((i: { value: string }) => i.value),
    ...patient.name.flatMap((n: { family: string; given: string[] }) => [n.family, ...n.given]),
    patient.birthDate,
    ...(patient.telecom ?? []).map((t: { value: string }) => t.value),
    ...(patient.address ?? []).flatMap((a: { postalCode?: string; line?: string[] }) => [a.postalCode, ...(a.line ?? [])]),
  ];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

describe('logs: JSON lines with the BaRS ids, and no patient data or credentials', () => {
  let hub: Hub;
  let api: ApiProcess;
  let worker: RunningProcess;
  const headers = barsHeaders();

  beforeAll(async () => {
    hub = await startHub({ workers: 0 });
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
    api = await startApiProcess(hub, { LOG_LEVEL: 'verbose', ADMIN_TOKEN_LABEL: 'ops-team' });
    worker = await hub.startWorker({ LOG_LEVEL: 'verbose' });

    const booked = await fetch(`${api.baseUrl}/$process-message`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(bookingMessage(futureSlot(0))),
    });
    expect(booked.status).toBe(200);
    const appointmentId = ((await booked.json()) as { entry: Array<{ resource: { resourceType: string; id: string } }> }).entry.find(
      (e) => e.resource.resourceType === 'Appointment',
    )?.resource.id;
    // A failure (the slot is taken now) and a cancellation, each carrying the same patient.
    const taken = await fetch(`${api.baseUrl}/$process-message`, {
      method: 'POST',
      headers: barsHeaders(),
      body: JSON.stringify(bookingMessage(futureSlot(0))),
    });
    expect(taken.status).toBe(409);
    const cancelled = await fetch(`${api.baseUrl}/$process-message`, {
      method: 'POST',
      headers: barsHeaders(),
      body: JSON.stringify(cancelMessage({ appointmentId })),
    });
    expect(cancelled.status).toBe(200);
    // A search by NHS number in the query string, and an admin call with the token.
    await fetch(`${api.baseUrl}/Appointment?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|${patientDataOfFixture()[0]}`);
    await fetch(`${api.baseUrl}/admin/status`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    // Request lines are written when the response has been sent: wait for the last one to arrive.
    await waitUntil(() => api.output().includes('"path":"/admin/status"'), 'the api to log the last request');
    await waitUntil(
      () => (worker.output().match(/answered 200/g) ?? []).length >= 2 && /answered 409/.test(worker.output()),
      'the worker to log the booking, the refusal and the cancellation',
    );
  });
  afterAll(async () => {
    await api?.stop();
    await hub?.stop();
  });

  it('writes every line of the api and the worker as JSON', () => {
    for (const output of [api.output(), worker.output()]) {
      const lines = logLines(output);
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.filter((l) => 'unparsed' in l)).toEqual([]);
    }
    expect(logLines(api.output()).every((l) => l.app === 'api')).toBe(true);
    expect(logLines(worker.output()).every((l) => l.app === 'worker')).toBe(true);
  });

  it('logs the request with its X-Request-Id and X-Correlation-Id', () => {
    const line = logLines(api.output()).find((l) => l.req?.method === 'POST' && l.req?.path === '/$process-message');
    expect(line).toMatchObject({
      requestId: headers['X-Request-Id'],
      correlationId: headers['X-Correlation-Id'],
      res: { statusCode: 200 },
      msg: 'POST /$process-message 200',
    });
    expect(typeof line?.responseTime).toBe('number');
  });

  it("carries the message's ids on the worker's job lines", () => {
    const jobLines = logLines(worker.output()).filter((l) => l.requestId === headers['X-Request-Id']);
    expect(jobLines.length).toBeGreaterThan(0);
    for (const l of jobLines) expect(l).toMatchObject({ correlationId: headers['X-Correlation-Id'], worker: expect.any(String) });
    expect(jobLines.some((l) => /answered 200/.test(l.msg))).toBe(true);
  });

  it('writes no NHS number, name, birth date, phone or address of the patient', () => {
    const phi = patientDataOfFixture();
    expect(phi).toEqual(expect.arrayContaining(['9476719931', 'Chalmers', '1974-12-25']));
    expect(phi.length).toBeGreaterThan(4);
    for (const output of [api.output(), worker.output()]) {
      for (const value of phi) expect(output).not.toContain(value);
    }
  });

  it('writes no bearer token and no query string', () => {
    expect(api.output()).not.toContain(ADMIN_TOKEN);
    expect(api.output()).toContain('"path":"/Appointment"');
    expect(api.output()).not.toContain('nhs-number');
  });

  it('logs one line per admin action: who (the token label), what, which ids, how it ended', async () => {
    const admin = (method: string, path: string): Promise<Response> =>
      fetch(`${api.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((await admin('POST', '/admin/queue/fhir-inbound/pause')).status).toBe(200);
    expect((await admin('POST', '/admin/queue/fhir-inbound/resume')).status).toBe(200);
    expect((await admin('POST', '/admin/queue/fhir-inbound/jobs/no-such-job/retry')).status).toBe(404);
    const actions = (): Array<Record<string, any>> => logLines(api.output()).filter((l) => /^admin action/.test(l.msg ?? ''));
    await waitUntil(() => actions().length >= 3, 'three admin action lines');
    const parsed = actions().map((l) => JSON.parse(l.msg.replace(/^admin action (refused )?/, '')));
    expect(parsed).toEqual([
      { who: 'ops-team', action: 'POST /admin/queue/:queue/pause', ids: { queue: 'fhir-inbound' }, status: 200, paused: true },
      { who: 'ops-team', action: 'POST /admin/queue/:queue/resume', ids: { queue: 'fhir-inbound' }, status: 200, paused: false },
      {
        who: 'ops-team',
        action: 'POST /admin/queue/:queue/jobs/:id/retry',
        ids: { queue: 'fhir-inbound', id: 'no-such-job' },
        status: 404,
      },
    ]);
    // Reads are not actions: GET /admin/status (in beforeAll) wrote no such line.
    expect(actions().some((l) => l.msg.includes('/admin/status'))).toBe(false);
  });
});

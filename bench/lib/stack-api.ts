// The api side of ceiling-stack, run as its own process: the hub's path for a booking with none of the
// hub's framework. node:http, JSON.parse of the message, the hub's inbox insert (its own Sql), a BullMQ job
// with ids only and the hub's job options, one QueueEvents connection for the answers, the hub's batched
// read-back statement, and an answer of the stored Appointment and Slot. No validation, no logging, no
// NestJS: what any implementation of this architecture must at least do.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Queue, QueueEvents } from 'bullmq';
import pg from 'pg';
import { READ_WRITTEN_BATCH } from '../../libs/appointment/src/written-reader.service';
import { inboundJobOptions, Queues } from '../../libs/messaging/src/queues';
import { bullConnection } from '../../libs/messaging/src/redis-connection';
import { acceptStatement, acceptValues, type AcceptRow } from '../../libs/inbox/src/accept-batch';
import { TurnBatch, type Outcome } from '../../libs/persistence/src/turn-batch';
import { acceptRow, type Written } from './ceiling-sql';

const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const queue = new Queue(Queues.inbound, { connection: bullConnection(REDIS_URL ?? ''), prefix: QUEUE_PREFIX });
const events = new QueueEvents(Queues.inbound, { connection: bullConnection(REDIS_URL ?? ''), prefix: QUEUE_PREFIX });
const waiting = new Map<string, { resolve: (w: Written) => void; reject: (e: Error) => void }>();
events.on('completed', ({ jobId, returnvalue }) => {
  const done = waiting.get(jobId);
  waiting.delete(jobId);
  done?.resolve(returnvalue);
});
events.on('failed', ({ jobId, failedReason }) => {
  const done = waiting.get(jobId);
  waiting.delete(jobId);
  done?.reject(new Error(`job failed: ${failedReason}`));
});

// The inserts of one turn as one statement, as the hub's InboxService sends them (its own statement).
const accepts = new TurnBatch<AcceptRow, true>((rows) =>
  pool
    .query({ name: `stack_accept_${rows.length}`, text: acceptStatement(rows.length).text, values: acceptValues(rows) })
    .then(() => rows.map((): Outcome<true> => ({ value: true }))),
);

interface Row {
  kind: string;
  id: string;
  resource: string;
  version: string | null;
}

// The read-back, batched per turn of the event loop as the hub's WrittenReader batches it.
const reads = new TurnBatch<Written, Row[]>(async (taken) => {
  const ids = taken.map((w) => w.appointmentId);
  const params = [ids, ids.map((id) => `${id}/1`), taken.map((w) => w.slotId)];
  const { rows } = await pool.query<Row>({ name: 'stack_read', text: READ_WRITTEN_BATCH.text, values: params });
  return taken.map((w) => ({ value: rows.filter((r) => r.id === w.appointmentId || r.id === w.slotId) }));
});

async function book(req: IncomingMessage, body: string): Promise<string> {
  const bundle = JSON.parse(body) as { id: string };
  const correlationId = String(req.headers['x-correlation-id']);
  const inboxId = randomUUID();
  await accepts.add(acceptRow(inboxId, String(req.headers['x-request-id']), { body, bundleId: bundle.id, correlationId }));
  const done = new Promise<Written>((resolve, reject) => waiting.set(inboxId, { resolve, reject }));
  await queue.add(
    'appointment.book',
    { inboxId, requestId: String(req.headers['x-request-id']), correlationId },
    { jobId: inboxId, ...inboundJobOptions },
  );
  const rows = await reads.add(await done);
  return JSON.stringify({
    resourceType: 'Bundle',
    id: randomUUID(),
    type: 'message',
    entry: rows.map((r) => ({ fullUrl: `urn:uuid:${r.id}`, resource: JSON.parse(r.resource) as object })),
  });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    book(req, Buffer.concat(chunks).toString('utf8')).then(
      (answer) => {
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.end(answer);
      },
      (e: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(e.message);
      },
    );
  });
}

void events.waitUntilReady().then(() => createServer(handle).listen(Number(PORT), '127.0.0.1', () => process.stdout.write('listening\n')));
const stop = () => void Promise.allSettled([queue.close(), events.close(), pool.end()]).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

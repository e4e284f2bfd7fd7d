import { hostname } from 'node:os';

/** `host:pid`: names this process in logs and as the BullMQ worker that processed a job. */
export function processIdentity(): string {
  return `${hostname()}:${process.pid}`;
}

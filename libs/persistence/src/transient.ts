/**
 * Failures of the infrastructure rather than of the request: PostgreSQL or Redis unreachable, restarting
 * or dropping connections. The sender should retry later (503 REC_SERVICE_UNAVAILABLE `transient`), and
 * the process recovers by itself when the service is back.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const code = text(e.driverError?.code ?? e.code);
  const message = text(e.driverError?.message ?? e.message);
  // PostgreSQL classes 08 (connection exception), 57P (operator intervention), 53 (insufficient resources);
  // 55000 is "database does not allow connections".
  if (/^(08|57P|53)/.test(code) || code === '55000') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return /Connection terminated|is not queryable|timeout exceeded when trying to connect|Connection is closed|connect ECONNREFUSED|does not allow connections|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

/**
 * A transient failure that happened before the statement could reach the server (no connection could be
 * made, or the server refused one): the statement surely did not run. Any other transient failure of a
 * write (the connection dropped while it was in flight) leaves its outcome unknown.
 */
export function failedBeforeSending(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const code = text(e.driverError?.code ?? e.code);
  const message = text(e.driverError?.message ?? e.message);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', '57P03', '53300', '55000', '3D000'].includes(code)) return true;
  return /timeout exceeded when trying to connect|connection timeout|connect ECONNREFUSED|does not allow connections|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

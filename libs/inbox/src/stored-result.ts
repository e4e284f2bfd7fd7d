import type { InboundResult } from '@hub/messaging';

/**
 * A row's stored result, typed. The column is opaque JSON in libs/persistence, which sits beside libs/messaging
 * (where `InboundResult` is defined) and may not import it; the inbox, above both, is where the two meet, and
 * only `InboxService.finish` writes the column, always with an `InboundResult`.
 */
export function storedResult(row: { response: object | null }): InboundResult | undefined {
  return (row.response ?? undefined) as InboundResult | undefined;
}

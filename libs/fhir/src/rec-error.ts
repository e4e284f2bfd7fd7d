import { RecCodes, type IssueType, type RecCode } from './vocabulary';

/**
 * A receiver error the sender must see as an OperationOutcome. Thrown anywhere on the request path and
 * turned into a response by the api's exception filter; stored in the inbox when raised by the worker.
 *
 * `diagnostics` goes to the sender verbatim: it must help them fix the message and must never contain
 * patient data (BaRS Diagnostics-Text page). Name the element, never echo its value.
 */
export class RecError extends Error {
  readonly status: number;

  constructor(
    readonly code: RecCode,
    readonly issue: IssueType,
    readonly diagnostics: string,
    /** Extra response headers (e.g. `Allow` for 405, `Retry-After` for 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(diagnostics);
    this.name = 'RecError';
    this.status = RecCodes[code];
  }

  static badRequest(issue: IssueType, diagnostics: string): RecError {
    return new RecError('REC_BAD_REQUEST', issue, diagnostics);
  }

  static notFound(diagnostics: string): RecError {
    return new RecError('REC_NOT_FOUND', 'not-found', diagnostics);
  }

  static conflict(diagnostics: string): RecError {
    return new RecError('REC_CONFLICT', 'conflict', diagnostics);
  }

  static unprocessable(issue: IssueType, diagnostics: string): RecError {
    return new RecError('REC_UNPROCESSABLE_ENTITY', issue, diagnostics);
  }
}

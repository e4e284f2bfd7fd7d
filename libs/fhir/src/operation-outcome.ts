import type { OperationOutcome } from './types';
import { type RecError } from './rec-error';
import { Profiles, RecCodes, Systems, type IssueType, type RecCode } from './vocabulary';
import { randomUUID } from 'node:crypto';

/**
 * Builds the one OperationOutcome shape BaRS receivers send (BARS.md §4.1): UK Core profile, the
 * canonical `http-error-codes` system, display `"<status> - <CODE>"`.
 */
export function operationOutcome(code: RecCode, issue: IssueType, diagnostics: string): OperationOutcome {
  const status = RecCodes[code];
  return {
    resourceType: 'OperationOutcome',
    id: randomUUID(),
    meta: { profile: [Profiles.operationOutcome] },
    issue: [
      {
        severity: 'error',
        code: issue,
        details: { coding: [{ system: Systems.httpErrorCodes, code, display: `${status} - ${code}` }] },
        diagnostics,
      },
    ],
  };
}

export function outcomeOf(error: RecError): OperationOutcome {
  return operationOutcome(error.code, error.issue, error.diagnostics);
}

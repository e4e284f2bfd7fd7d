import type { OperationOutcome } from './types';
import { RecIssues } from './issue-list';
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

/** The error as an OperationOutcome: one issue, or one per problem for a `RecIssues`. */
export function outcomeOf(error: RecError): OperationOutcome {
  if (!(error instanceof RecIssues)) return operationOutcome(error.code, error.issue, error.diagnostics);
  const outcome = operationOutcome(error.code, error.issues[0].issue, error.issues[0].diagnostics);
  outcome.issue = error.issues.flatMap((i) => operationOutcome(error.code, i.issue, i.diagnostics).issue);
  return outcome;
}

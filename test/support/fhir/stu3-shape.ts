import { fromXml, toXml } from '@hub/gpconnect';
import type { Finding, FhirJson } from './validate';

/**
 * A structural STU3 check for the GP Connect answers (Medplum has no STU3 definitions): the resource
 * must survive STU3 XML and back unchanged, which fails for any element STU3 does not define and any
 * list sent as one value or the other way round; and every OperationOutcome carries exactly one Spine
 * coding (GPCONNECT.md §1.6). Not a profile validator: codes and invariants are not checked, and an
 * element R4 added to a resource STU3 also has passes (the XML definitions are R4's, patched).
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  // An empty list is what XML cannot carry; GP Connect's own examples answer `"entry": []` (decisions.md).
  const keys = Object.keys(value)
    .filter(
      (k) => !(Array.isArray((value as Record<string, unknown>)[k]) && ((value as Record<string, unknown>)[k] as unknown[]).length === 0),
    )
    .sort();
  return Object.fromEntries(keys.map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

function differences(sent: unknown, back: unknown, path: string, out: Finding[]): void {
  if (JSON.stringify(canonical(sent)) === JSON.stringify(canonical(back))) return;
  if (
    typeof sent !== 'object' ||
    sent === null ||
    typeof back !== 'object' ||
    back === null ||
    Array.isArray(sent) !== Array.isArray(back)
  ) {
    out.push({ expression: path, text: 'not of its STU3 shape (lost or changed through STU3 XML)' });
    return;
  }
  const keys = new Set([...Object.keys(sent), ...Object.keys(back)]);
  for (const k of keys) {
    differences(
      (sent as Record<string, unknown>)[k],
      (back as Record<string, unknown>)[k],
      Array.isArray(sent) ? `${path}[${k}]` : `${path}.${k}`,
      out,
    );
  }
}

export function validateStu3Shape(resource: FhirJson): Finding[] {
  const findings: Finding[] = [];
  differences(resource, fromXml(toXml(resource)), resource.resourceType, findings);
  if (resource.resourceType === 'OperationOutcome') {
    const issues = (resource.issue as Array<{ details?: { coding?: Array<{ system?: string }> } }> | undefined) ?? [];
    issues.forEach((issue, i) => {
      const coding = issue.details?.coding ?? [];
      if (coding.length !== 1 || coding[0]?.system !== 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1') {
        findings.push({
          expression: `OperationOutcome.issue[${i}].details.coding`,
          text: 'must be exactly one Spine-ErrorOrWarningCode-1 coding',
        });
      }
    });
  }
  return findings;
}

import { Systems, type Coding, type DocumentReference } from '@hub/fhir';
import type { PointerProfile } from './pointer-profile';

/** Booking pointers: SNOMED 749001000000101 (BARS.md §5.3; referral pointers are not supported by NRL yet). */
export const APPOINTMENT_TYPE: Coding = { system: Systems.snomed, code: '749001000000101', display: 'Appointment (record artifact)' };
const RECORD_ARTIFACT: Coding = { system: Systems.snomed, code: '419891008', display: 'Record artifact (record artifact)' };
const CONTENT_STABILITY = 'https://fhir.nhs.uk/England/StructureDefinition/Extension-England-ContentStability';
const STRUCTURED: Coding = { system: Systems.nrlFormatCode, code: 'urn:nhs-ic:structured', display: 'Structured Document' };
const PRACTICE_SETTING_DISPLAYS: Record<string, string> = { '394802001': 'General medicine (qualifier value)' };

/** What a pointer says about its appointment. */
export interface PointerFacts {
  appointmentId: string;
  /** The DoS id of the appointment's service: senders build NHSD-Target-Identifier from it. */
  dosId: string;
  nhsNumber: string;
  start: string;
  end: string;
}

const odsIdentifier = (ods: string): { identifier: { system: string; value: string } } => ({
  identifier: { system: Systems.odsOrganisationCode, value: ods },
});

/**
 * The DocumentReference for an appointment (BARS.md §5.3, shaped like the API's POST-body.json). Content
 * stability is `dynamic`: the Appointment behind the URL changes with every version. `replaces` names the
 * pointer this one supersedes (a rebook).
 */
export function buildPointer(profile: PointerProfile, facts: PointerFacts, id: string, now: string, replaces?: string): DocumentReference {
  const practice = profile.practiceSetting;
  const display = PRACTICE_SETTING_DISPLAYS[practice];
  return {
    resourceType: 'DocumentReference',
    id,
    meta: { lastUpdated: now },
    identifier: [
      { system: Systems.barsIdentifier, value: facts.appointmentId },
      { system: Systems.dosServiceId, value: facts.dosId },
      ...(profile.productId === undefined ? [] : [{ system: Systems.productId, value: profile.productId }]),
    ],
    status: 'current',
    type: { coding: [APPOINTMENT_TYPE] },
    category: [{ coding: [RECORD_ARTIFACT] }],
    subject: { identifier: { system: Systems.nhsNumber, value: facts.nhsNumber } },
    date: now,
    author: [odsIdentifier(profile.odsCode)],
    custodian: odsIdentifier(profile.odsCode),
    ...(replaces === undefined
      ? {}
      : { relatesTo: [{ code: 'replaces' as const, target: { type: 'DocumentReference', identifier: { value: replaces } } }] }),
    content: [
      {
        extension: [
          {
            url: CONTENT_STABILITY,
            valueCodeableConcept: { coding: [{ system: Systems.nrlContentStability, code: 'dynamic', display: 'Dynamic' }] },
          },
        ],
        attachment: { contentType: 'application/fhir+json', url: `${profile.publicBaseUrl}/Appointment/${facts.appointmentId}` },
        format: STRUCTURED,
      },
    ],
    context: {
      period: { start: facts.start, end: facts.end },
      practiceSetting: { coding: [{ system: Systems.snomed, code: practice, ...(display === undefined ? {} : { display }) }] },
    },
  };
}

/** The pointer after a reschedule: only `context.period` (and `meta.lastUpdated`) change. */
export function withPeriod(pointer: DocumentReference, start: string, end: string, now: string): DocumentReference {
  return { ...pointer, meta: { ...pointer.meta, lastUpdated: now }, context: { ...pointer.context, period: { start, end } } };
}

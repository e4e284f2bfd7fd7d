/**
 * FHIR R4 resource types, from the DefinitelyTyped `@types/fhir` package (namespace `fhir4`), re-exported
 * under short names so the rest of the code never spells the namespace.
 */
export type Resource = fhir4.Resource;
export type FhirResource = fhir4.FhirResource;
export type Bundle<T extends fhir4.FhirResource = fhir4.FhirResource> = fhir4.Bundle<T>;
export type BundleEntry<T extends fhir4.FhirResource = fhir4.FhirResource> = fhir4.BundleEntry<T>;
export type MessageHeader = fhir4.MessageHeader;
export type Appointment = fhir4.Appointment;
export type Slot = fhir4.Slot;
export type Schedule = fhir4.Schedule;
export type HealthcareService = fhir4.HealthcareService;
export type Patient = fhir4.Patient;
export type Organization = fhir4.Organization;
export type Location = fhir4.Location;
export type Practitioner = fhir4.Practitioner;
export type PractitionerRole = fhir4.PractitionerRole;
export type OperationOutcome = fhir4.OperationOutcome;
export type CapabilityStatement = fhir4.CapabilityStatement;
export type MessageDefinition = fhir4.MessageDefinition;
export type DocumentReference = fhir4.DocumentReference;
export type Period = fhir4.Period;
export type Identifier = fhir4.Identifier;
export type Reference = fhir4.Reference;
export type Coding = fhir4.Coding;
export type CodeableConcept = fhir4.CodeableConcept;

// What other code uses of the FHIR vocabulary. The R4 type aliases are all exported: they are the vocabulary.
export { elementTypeError, isR4Primitive, isR4ResourceType, r4ElementsOf, r4PrimitiveError, type R4ElementDef } from './element-types';
export { badTemporal, checkTemporalElements, isFhirTemporal, temporalTypeOf, type FhirTemporal } from './fhir-dates';
export { nowInstant, parseInstant } from './instant';
export { asArray, normaliseSystem, sameSystem, splitToken } from './lenient';
export { isValidNhsNumber, nhsNumberIn } from './nhs-number';
export { outcomeOf } from './operation-outcome';
export { RecError } from './rec-error';
export { IssueList, RecIssues, type Issue } from './issue-list';
export type * from './types';
export { MessageDefinitions, Systems, type IssueType, type RecCode } from './vocabulary';
export { pathOf, walkJson, type JsonPlace } from './walk';

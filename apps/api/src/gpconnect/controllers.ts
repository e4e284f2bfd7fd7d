import { GpcFallbackController } from './fallback.controller';
import { GpcAppointmentController, GpcPatientAppointmentsController, GpcSlotController } from './appointments';
import { GpcLocationController } from './location.controller';
import { GpcMetadataController } from './metadata.controller';
import { GpcOrganizationController } from './organization.controller';
import { GpcPatientController } from './patient.controller';
import { GpcPractitionerController } from './practitioner.controller';

/**
 * The GP Connect controllers. Add new ones above the fallback: Nest registers routes in this order,
 * and the fallback answers every path under the root that no earlier controller took.
 */
export const FALLBACK_LAST = [
  GpcMetadataController,
  GpcSlotController,
  GpcAppointmentController,
  GpcPatientAppointmentsController,
  GpcPatientController,
  GpcOrganizationController,
  GpcPractitionerController,
  GpcLocationController,
  GpcFallbackController,
];

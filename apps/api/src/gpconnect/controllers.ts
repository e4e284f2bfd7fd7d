import { GpcFallbackController } from './fallback.controller';
import { GpcAppointmentController, GpcPatientAppointmentsController, GpcSlotController } from './appointments';
import { GpcMetadataController } from './metadata.controller';

/**
 * The GP Connect controllers. Add new ones above the fallback: Nest registers routes in this order,
 * and the fallback answers every path under the root that no earlier controller took.
 */
export const FALLBACK_LAST = [
  GpcMetadataController,
  GpcSlotController,
  GpcAppointmentController,
  GpcPatientAppointmentsController,
  GpcFallbackController,
];

import { InitialSchema1763750000000 } from './1763750000000-initial-schema';
import { AppointmentRebookLink1763760000000 } from './1763760000000-appointment-rebook-link';
import { PatientSearchColumns1763770000000 } from './1763770000000-patient-search-columns';
import { Pointers1763780000000 } from './1763780000000-pointers';
import { InboxDigest1763790000000 } from './1763790000000-inbox-digest';
import { GpConnectDirectory1763795000000 } from './1763795000000-gp-connect-directory';
import { DirectBooking1763805000000 } from './1763805000000-direct-booking';
import { InboxRefusedState1763815000000 } from './1763815000000-inbox-refused-state';

/** Every migration, oldest first. Listed by hand so the bundles carry them without a glob. */
export const migrations = [
  InitialSchema1763750000000,
  AppointmentRebookLink1763760000000,
  PatientSearchColumns1763770000000,
  Pointers1763780000000,
  InboxDigest1763790000000,
  GpConnectDirectory1763795000000,
  DirectBooking1763805000000,
  InboxRefusedState1763815000000,
];

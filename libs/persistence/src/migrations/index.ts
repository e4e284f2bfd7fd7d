import { InitialSchema1763750000000 } from './1763750000000-initial-schema';

/** Every migration, oldest first. Listed by hand so the webpack bundles carry them without a glob. */
export const migrations = [InitialSchema1763750000000];

import { createHash } from 'node:crypto';

/**
 * A `meta.versionId` for a resource the hub keeps no version counter for (directory entries, patients):
 * a digest of what is stored, so it changes whenever the stored resource does (GPCONNECT.md §1.5).
 */
export function contentVersion(stored: unknown): string {
  return createHash('sha256').update(JSON.stringify(stored)).digest('hex').slice(0, 16);
}

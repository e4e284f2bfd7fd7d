import type { DirectoryRecord } from '@hub/appointment';
import { type SpineError, contentVersion, stu3Searchset } from '@hub/gpconnect';
import type { Request, Response } from 'express';
import { gpcContext } from './gpc-context';
import { sendStu3 } from './gpc-response';

/** A directory row as the STU3 converters take it: versioned by its content, so the ETag changes only with it. */
export function versioned<T>(row: DirectoryRecord<T>): { id: string; versionId: string; resource: T } {
  return { id: row.id, versionId: contentVersion(row.resource), resource: row.resource };
}

/** A Foundations search by business identifier: a searchset of the one resource found, or an empty one. */
export function sendFound(req: Request, res: Response, found: fhir3.FhirResource | undefined): void {
  sendStu3(req, res, 200, stu3Searchset(found ? [found] : []), gpcContext(req).format);
}

/** A Foundations read by hub id: the resource with its version as ETag, or the resource's Spine not-found error. */
export function sendRead(req: Request, res: Response, found: fhir3.FhirResource | undefined, notFound: () => SpineError): void {
  if (!found) throw notFound();
  sendStu3(req, res, 200, found, gpcContext(req).format, { versionId: found.meta?.versionId });
}

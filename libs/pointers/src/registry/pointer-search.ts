import { RecError, Systems, isValidNhsNumber, sameSystem, splitToken } from '@hub/fhir';

/** A search of the registry (BARS.md §3 `GET /DocumentReference`), checked. */
export interface PointerSearch {
  nhsNumber: string;
  /** ODS code, upper-case. */
  custodian?: string;
  /** SNOMED code of `type`. */
  typeCode?: string;
  /** Where the page starts: after this pointer in (created, id) order. */
  after?: PageCursor;
}

export interface PageCursor {
  createdAt: string;
  id: string;
}

export const PAGE_SIZE = 20;

type QueryBag = Readonly<Record<string, unknown>>;

function single(query: QueryBag, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw RecError.badRequest('value', `The ${name} parameter may be given only once`);
  return value.trim() === '' ? undefined : value.trim();
}

function token(query: QueryBag, name: string, system: string, valid: (value: string) => boolean, form: string): string | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const parts = splitToken(raw);
  if (!parts || !sameSystem(parts.system, system) || !valid(parts.value)) {
    throw RecError.badRequest('value', `The ${name} parameter must be ${form}`);
  }
  return parts.value;
}

/** Encodes a cursor as an opaque `next-page-token`. */
export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

function decodePageToken(value: string): PageCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw RecError.badRequest('value', 'The next-page-token parameter is not a token this registry issued');
}

/**
 * Reads the query of `GET /DocumentReference`: `subject:identifier` (required, `<nhs-number system>|<NHS
 * number>`), optional `custodian:identifier` and `type` filters, and `next-page-token`. Missing subject →
 * 400 `required`; anything malformed → 400 `value`. Unknown parameters are ignored (FHIR search).
 */
export function parsePointerSearch(query: QueryBag): PointerSearch {
  const subjectForm = `${Systems.nhsNumber}|<a valid NHS number>`;
  if (single(query, 'subject:identifier') === undefined) {
    throw RecError.badRequest('required', `The subject:identifier parameter is required (${subjectForm})`);
  }
  const nhsNumber = token(query, 'subject:identifier', Systems.nhsNumber, isValidNhsNumber, subjectForm) as string;
  const custodian = token(
    query,
    'custodian:identifier',
    Systems.odsOrganisationCode,
    (v) => /^[A-Za-z0-9]{3,10}$/.test(v),
    `${Systems.odsOrganisationCode}|<ODS code>`,
  );
  const typeCode = token(query, 'type', Systems.snomed, (v) => /^\d{6,18}$/.test(v), `${Systems.snomed}|<SNOMED CT code>`);
  const pageToken = single(query, 'next-page-token');
  return {
    nhsNumber,
    ...(custodian === undefined ? {} : { custodian: custodian.toUpperCase() }),
    ...(typeCode === undefined ? {} : { typeCode }),
    ...(pageToken === undefined ? {} : { after: decodePageToken(pageToken) }),
  };
}

/** The query string of a search, canonical, without the page token: for `self` and `next` links. */
export function searchQueryString(search: PointerSearch): string {
  const params: string[] = [`subject:identifier=${encodeURIComponent(`${Systems.nhsNumber}|${search.nhsNumber}`)}`];
  if (search.custodian !== undefined) {
    params.push(`custodian:identifier=${encodeURIComponent(`${Systems.odsOrganisationCode}|${search.custodian}`)}`);
  }
  if (search.typeCode !== undefined) params.push(`type=${encodeURIComponent(`${Systems.snomed}|${search.typeCode}`)}`);
  return params.join('&');
}

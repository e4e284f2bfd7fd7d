import type { IssueList } from '@hub/fhir';

export interface Page {
  /** Matches per page (`_count`); 0 asks for the total only. */
  count: number;
  /** Matches skipped before this page (`_offset`, written by the hub into its next/previous links). */
  offset: number;
}

type BundleLink = fhir4.BundleLink;

function nonNegativeInteger(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * `_count` (FHIR: the page size the client wants; above `max` the server sends fewer, `max`) and
 * `_offset` (where the page starts; the hub's own `next`/`previous` links carry it). A bad value is an
 * issue naming the parameter.
 */
export function parsePage(q: Record<string, unknown>, issues: IssueList, defaultCount: number, max: number): Page {
  let count = defaultCount;
  if (q._count !== undefined) {
    const n = nonNegativeInteger(q._count);
    if (n === undefined) issues.add('value', '_count must be a whole number, 0 or more');
    else count = Math.min(n, max);
  }
  let offset = 0;
  if (q._offset !== undefined) {
    const n = nonNegativeInteger(q._offset);
    if (n === undefined) issues.add('value', '_offset must be a whole number, 0 or more');
    else offset = n;
  }
  return { count, offset };
}

/**
 * The searchset's links: `self` (this page), `first`, and `next` / `previous` when there are such pages.
 * `params` is the search as understood, without paging; each link adds its own `_count` and `_offset`.
 */
export function pageLinks(base: string, path: string, params: URLSearchParams, page: Page, total: number): BundleLink[] {
  const url = (offset: number): string => {
    const p = new URLSearchParams(params);
    p.set('_count', String(page.count));
    if (offset > 0) p.set('_offset', String(offset));
    return `${base}/${path}?${p.toString()}`;
  };
  const links: BundleLink[] = [
    { relation: 'self', url: url(page.offset) },
    { relation: 'first', url: url(0) },
  ];
  if (page.count > 0 && page.offset + page.count < total) links.push({ relation: 'next', url: url(page.offset + page.count) });
  if (page.offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, page.offset - Math.max(page.count, 1))) });
  return links;
}

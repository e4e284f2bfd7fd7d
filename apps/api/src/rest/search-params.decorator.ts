import { SetMetadata } from '@nestjs/common';

export const SEARCH_PARAMS = 'fhir:search-params';

export interface SearchParamDoc {
  name: string;
  type: 'token' | 'date' | 'string' | 'reference' | 'number' | 'special';
  documentation?: string;
}

/** Declares the search parameters a search handler understands; `/metadata` publishes them. */
export const SearchParams = (params: SearchParamDoc[]): MethodDecorator => SetMetadata(SEARCH_PARAMS, params);

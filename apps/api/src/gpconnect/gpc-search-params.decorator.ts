import { SetMetadata } from '@nestjs/common';

export const GPC_INCLUDES = 'gpconnect:search-includes';

/** Declares the `_include` values a GP Connect search handler serves; `/metadata` publishes them. */
export const SearchIncludes = (includes: string[]): MethodDecorator => SetMetadata(GPC_INCLUDES, includes);

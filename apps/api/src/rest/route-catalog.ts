import { Injectable } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SEARCH_PARAMS, type SearchParamDoc } from './search-params.decorator';

/**
 * Class metadata naming the API surface a controller belongs to (default `bars`): each surface's
 * CapabilityStatement and 405 answers are built from its own routes only.
 */
export const ROUTE_SURFACE = 'hub:route-surface';

export interface Route {
  surface: string;
  method: string;
  path: string;
  pattern: RegExp;
  searchParams: SearchParamDoc[];
  /** The handler, for metadata of a surface's own (e.g. GP Connect's `_include` lists). */
  handler: object;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

/**
 * The routes this api really serves, read from Nest's own metadata: the CapabilityStatement and the
 * 405 answers (with `Allow`) are built from it, so neither can drift from the code.
 */
@Injectable()
export class RouteCatalog {
  private routes?: Route[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** The routes of one surface (`bars` unless named). */
  all(surface = 'bars'): Route[] {
    this.routes ??= this.discover();
    return this.routes.filter((r) => r.surface === surface);
  }

  /** Methods served at a concrete path (e.g. `/Slot`), for `Allow`. */
  allowed(path: string, surface = 'bars'): string[] {
    const methods = this.all(surface)
      .filter((r) => r.method !== 'ALL' && r.pattern.test(path))
      .map((r) => r.method);
    return [...new Set(methods)];
  }

  private discover(): Route[] {
    const routes: Route[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = String(this.reflector.get<string>(PATH_METADATA, wrapper.metatype) ?? '');
      const surface = this.reflector.get<string | undefined>(ROUTE_SURFACE, wrapper.metatype) ?? 'bars';
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const subs = this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
        const method = this.reflector.get<number | undefined>(METHOD_METADATA, handler);
        if (subs === undefined || method === undefined) continue;
        // A handler may be mounted at several paths.
        for (const sub of Array.isArray(subs) ? subs : [subs]) {
          const path = `/${[base, sub]
            .map((p) => p.replace(/^\/|\/$/g, ''))
            .filter((p) => p !== '')
            .join('/')}`;
          const regex = path.replace(/[.$]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
          routes.push({
            surface,
            method: METHODS[method] ?? 'GET',
            path,
            pattern: new RegExp(`^${regex}/?$`),
            searchParams: this.reflector.get(SEARCH_PARAMS, handler) ?? [],
            handler,
          });
        }
      }
    }
    return routes;
  }
}

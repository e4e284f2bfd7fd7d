import { Injectable } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SEARCH_PARAMS, type SearchParamDoc } from './search-params.decorator';

export interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  searchParams: SearchParamDoc[];
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

  all(): Route[] {
    this.routes ??= this.discover();
    return this.routes;
  }

  /** Methods served at a concrete path (e.g. `/Slot`), for `Allow`. */
  allowed(path: string): string[] {
    const methods = this.all()
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
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const sub = this.reflector.get<string | undefined>(PATH_METADATA, handler);
        const method = this.reflector.get<number | undefined>(METHOD_METADATA, handler);
        if (sub === undefined || method === undefined) continue;
        const path = `/${[base, sub]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter((p) => p !== '')
          .join('/')}`;
        const regex = path.replace(/[.$]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
        routes.push({
          method: METHODS[method] ?? 'GET',
          path,
          pattern: new RegExp(`^${regex}/?$`),
          searchParams: this.reflector.get(SEARCH_PARAMS, handler) ?? [],
        });
      }
    }
    return routes;
  }
}

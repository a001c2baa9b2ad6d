import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../common/logger.js';
import { metrics } from '../common/metrics.js';
import { runInScope, type Scope } from '../common/scope.js';

/** An incoming X-Request-Id is kept when it looks like an id (a proxy's), else one is made. */
const SANE_ID = /^[\w.:-]{1,128}$/;
/** Probes and scrapes: counted, but their access lines are debug, not info. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * First middleware of every request: gives it a request id (echoed as X-Request-Id), runs the
 * rest in its scope (common/scope.ts), and when the answer is sent counts it and writes the one
 * access line: method, route, GraphQL operation, status, duration, viewer id. `dbLimits` are the
 * statement and lock timeouts of the request's database work (infra/db/orm.ts applies them). The route is
 * express's pattern (or "spa" for a page of the web app), never the raw path: page paths carry
 * invitation tokens.
 */
export function requestScope(log: Logger, dbLimits?: Scope['dbLimits']): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const scope: Scope = {
      requestId: incoming && SANE_ID.test(incoming) ? incoming : randomUUID(),
      viewerId: null,
      operation: null,
      dbLimits,
    };
    res.locals.scope = scope;
    res.set('x-request-id', scope.requestId!);
    const started = performance.now();
    res.once('finish', () => {
      const route = routeOf(req, (res.locals.mount as string | undefined) ?? 'other');
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc({ method: req.method, route, status: res.statusCode });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      const line = {
        method: req.method,
        path: route,
        operation: scope.operation ?? undefined,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000),
        viewerId: scope.viewerId ?? undefined,
      };
      runInScope(scope, () =>
        QUIET.has(route) ? log.debug('request', line) : log.info('request', line),
      );
    });
    runInScope(scope, next);
  };
}

/**
 * Enters the request's scope again. Body parsers deliver the body from the socket's events,
 * which run outside it, so this goes after them, in front of the handlers that log or queue jobs.
 */
export const reenterScope: RequestHandler = (req, res, next) => {
  const { scope } = (res as Response<unknown, { scope?: Scope }>).locals;
  // Express resets req.baseUrl on the way out of a mount; the route label needs it.
  if (req.baseUrl) res.locals.mount = req.baseUrl;
  if (scope) runInScope(scope, next);
  else next();
};

function routeOf(req: Request, fallback: string): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route) return typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : 'spa';
  if (req.baseUrl) return req.baseUrl;
  return fallback;
}

import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../common/context.js';
import { metrics } from '../common/metrics.js';
import { currentScope } from '../common/scope.js';

/** Seconds a client should wait before trying again while the database is down. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Counts and times each GraphQL operation by name and outcome (ok, or the first error's code),
 * names it in the request's access line, and answers HTTP 503 with Retry-After when an error was
 * SERVICE_UNAVAILABLE (the database is down; format-error.ts classifies). Operation names come
 * from documents that parsed and validated; anything else is "(invalid)", so a client cannot
 * grow the metric's label set at will.
 */
export function observabilityPlugin(): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      const started = performance.now();
      return Promise.resolve({
        willSendResponse({ response, operationName, document }) {
          const operation = operationName ?? (document ? '(anonymous)' : '(invalid)');
          const scope = currentScope();
          if (scope) scope.operation = operation;
          const errors =
            response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          if (errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
          metrics.graphqlOperations.inc({
            operation,
            outcome: typeof code === 'string' ? code : errors?.length ? 'error' : 'ok',
          });
          metrics.graphqlDuration.observe({ operation }, (performance.now() - started) / 1000);
          return Promise.resolve();
        },
      });
    },
  };
}

import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { ERROR_CODES } from '@porter/shared';
import { AppError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { isDatabaseUnavailable, trackOutage, type Outage } from '../common/outage.js';

// Codes Apollo itself assigns to request errors; safe to pass through.
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * PostgreSQL ended a request's statement at the request-path limits (DB_STATEMENT_TIMEOUT_MS,
 * DB_LOCK_TIMEOUT_MS): the request may succeed if tried again, so it is SERVICE_UNAVAILABLE with
 * Retry-After, logged as a slow request rather than masked as a bug (and not as an outage).
 */
function timedOut(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (code === '55P03') return 'lock timeout';
  if (code === '57014' && typeof message === 'string' && /statement timeout/.test(message))
    return 'statement timeout';
  return timedOut(cause, depth + 1);
}

/**
 * Keeps AppErrors and Apollo's own request errors, turns argument validation into BAD_USER_INPUT
 * with the failing fields, an unreachable database into SERVICE_UNAVAILABLE (recorded on the
 * outage, which logs once per outage rather than a stack per request; the plugin answers 503),
 * and masks everything else as INTERNAL_SERVER_ERROR after logging it.
 */
export function createFormatError(log: Logger, database: Outage = trackOutage(log, 'database')) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (formatted.extensions?.code === 'SERVICE_UNAVAILABLE' || isDatabaseUnavailable(original)) {
      if (formatted.extensions?.code !== 'SERVICE_UNAVAILABLE') database.failed(original);
      return {
        ...base,
        message: ERROR_CODES.SERVICE_UNAVAILABLE,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { ...original.extensions } };
    }
    const limit = timedOut(original);
    if (limit) {
      log.warn(
        `request database work hit the ${limit} at ${formatted.path?.join('.') ?? 'request'}`,
      );
      return {
        ...base,
        message: ERROR_CODES.SERVICE_UNAVAILABLE,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = original.extensions.validationErrors.map((v) => ({
        field: v.property,
        problems: Object.values(v.constraints ?? {}),
      }));
      return {
        ...base,
        message: ERROR_CODES.BAD_USER_INPUT,
        extensions: { code: 'BAD_USER_INPUT', details: { fields } },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && APOLLO_CODES.has(code)) {
      return { ...base, message: formatted.message, extensions: { code } };
    }
    log.error(`unexpected error at ${formatted.path?.join('.') ?? 'request'}`, original);
    return {
      ...base,
      message: ERROR_CODES.INTERNAL_SERVER_ERROR,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '@porter/shared';

/**
 * The one error class. `code` is stable and lands in `extensions.code`; `details` carries
 * machine-readable specifics (field names, counts) for clients.
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message: string = ERROR_CODES[code],
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...(details ? { details } : {}) } });
    this.code = code;
    this.name = 'AppError';
  }
}

export class BadInputError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message: string = ERROR_CODES.UNAUTHENTICATED) {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string = ERROR_CODES.FORBIDDEN, details?: Record<string, unknown>) {
    super('FORBIDDEN', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', `${what} not found.`, id ? { id } : undefined);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

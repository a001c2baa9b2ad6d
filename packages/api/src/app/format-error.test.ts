import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { createFormatError } from './format-error.js';

function capture() {
  const lines: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (m) => lines.push(m),
  };
  return { lines, format: createFormatError(log) };
}

describe('formatError', () => {
  it('keeps an AppError with its stable code and details', () => {
    const { format } = capture();
    const error = new ForbiddenError('No.', { permission: 'staff:manage' });
    expect(format({ message: error.message, extensions: error.extensions }, error)).toMatchObject({
      message: 'No.',
      extensions: { code: 'FORBIDDEN', details: { permission: 'staff:manage' } },
    });
  });

  it('masks and logs anything unexpected', () => {
    const { format, lines } = capture();
    const original = new Error('connection string postgres://secret');
    const wrapped = new GraphQLError(original.message, {
      originalError: original,
      path: ['organisations'],
    });
    const formatted = format({ message: wrapped.message, path: ['organisations'] }, wrapped);
    expect(formatted.message).not.toContain('secret');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(lines).toHaveLength(1);
  });

  it('answers a statement or lock timeout as SERVICE_UNAVAILABLE, not as a bug', () => {
    const lines: string[] = [];
    const log: Logger = {
      debug: () => {},
      info: () => {},
      warn: (m) => lines.push(m),
      error: (m) => lines.push(`error: ${m}`),
    };
    const format = createFormatError(log);
    for (const [code, message] of [
      ['57014', 'canceling statement due to statement timeout'],
      ['55P03', 'canceling statement due to lock timeout'],
    ]) {
      // As MikroORM wraps pg's error.
      const original = Object.assign(new Error('wrapped'), {
        cause: Object.assign(new Error(message), { code }),
      });
      expect(format({ message: 'x', path: ['patients'] }, original)).toEqual({
        message: expect.any(String),
        path: ['patients'],
        locations: undefined,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    expect(lines).toEqual([
      'request database work hit the statement timeout at patients',
      'request database work hit the lock timeout at patients',
    ]);
    // A cancel for another reason (an operator's pg_cancel_backend) stays unexpected.
    const other = Object.assign(new Error('canceling statement due to user request'), {
      code: '57014',
    });
    expect(format({ message: 'x' }, other).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('passes through Apollo request errors', () => {
    const { format } = capture();
    const formatted = format(
      { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      new GraphQLError('x'),
    );
    expect(formatted.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { errorMessage, type ErrorCode } from '@porter/shared';

/** The first GraphQL error of an Apollo error: the one whose code and message we show. */
function firstGraphQLError(
  error: unknown,
): { message?: string; extensions?: Record<string, unknown> } | undefined {
  if (CombinedGraphQLErrors.is(error)) return error.errors[0];
  if (ServerError.is(error)) {
    // Apollo Server answers request-level failures (bad query, CSRF) with a 4xx and a GraphQL body.
    try {
      const body = JSON.parse(error.bodyText) as {
        errors?: { message?: string; extensions?: Record<string, unknown> }[];
      };
      return body.errors?.[0];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The API's stable error code (`extensions.code`) of an Apollo error, when there is one. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = firstGraphQLError(error)?.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}

/** The input field an error names (`extensions.details.field`), when it names one. */
export function errorFieldOf(error: unknown): string | undefined {
  const details = firstGraphQLError(error)?.extensions?.['details'] as
    { field?: unknown } | undefined;
  return typeof details?.field === 'string' ? details.field : undefined;
}

/**
 * Domain refusals whose server message names the people and roles involved ("Cecilia is the last
 * Admin here; …", "Reviewer is held by 3 people; …"). The API writes these for people to read, so
 * the SPA shows them as they are; every other code gets the shared wording.
 */
export const SERVER_WORDED_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'GRANT_NOT_ALLOWED',
  'ESCALATION_REFUSED',
  'LAST_KEEPER',
  'ROLE_IN_USE',
  'ROLE_NAME_TAKEN',
  'ROLE_SCOPE_NOT_ALLOWED',
]);

/**
 * The wording for an error: the server's own message for the domain refusals above, otherwise
 * the shared message for its code (never a raw server message for anything else).
 */
export function describeError(error: unknown): string {
  return describeCode(errorCodeOf(error), firstGraphQLError(error)?.message);
}

/**
 * The same rule for a code and message that came as data, e.g. one item of a bulk result
 * (`resendInvitations`): the server's message only for the domain refusals above.
 */
export function describeCode(code: string | null | undefined, message?: string | null): string {
  if (code && (SERVER_WORDED_CODES as ReadonlySet<string>).has(code) && message?.trim())
    return message;
  return errorMessage(code ?? undefined);
}

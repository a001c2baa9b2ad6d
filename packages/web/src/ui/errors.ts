import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { errorMessage } from '@porter/shared';

/** The API's stable error code (`extensions.code`) of an Apollo error, when there is one. */
export function errorCodeOf(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.['code'];
    return typeof code === 'string' ? code : undefined;
  }
  if (ServerError.is(error)) {
    // Apollo Server answers request-level failures (bad query, CSRF) with a 4xx and a GraphQL body.
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { extensions?: { code?: unknown } }[] };
      const code = body.errors?.[0]?.extensions?.code;
      return typeof code === 'string' ? code : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The wording for an error, picked from its code, never from the server's message. */
export function describeError(error: unknown): string {
  return errorMessage(errorCodeOf(error));
}

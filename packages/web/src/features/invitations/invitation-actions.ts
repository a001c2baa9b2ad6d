import type { ApolloCache } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import type { ErrorCode } from '@porter/shared';
import { useCallback } from 'react';
import { graphql } from '../../gql';
import type { ResendInvitationsMutationMutation } from '../../gql/graphql';
import { describeCode } from '../../ui/errors';
import { notifyError } from '../../ui/notify';

export const ResendInvitationsMutation = graphql(`
  mutation ResendInvitationsMutation($invitationIds: [ID!]!) {
    resendInvitations(invitationIds: $invitationIds) {
      invitationId
      ok
      code
      message
    }
  }
`);

export const RevokeInvitationsMutation = graphql(`
  mutation RevokeInvitationsMutation($invitationIds: [ID!]!) {
    revokeInvitations(invitationIds: $invitationIds) {
      invitationId
      ok
      code
      message
    }
  }
`);

export const RetryInvitationDeliveriesMutation = graphql(`
  mutation RetryInvitationDeliveriesMutation($invitationIds: [ID!]!) {
    retryInvitationDeliveries(invitationIds: $invitationIds) {
      invitationId
      ok
      code
      message
    }
  }
`);

type ItemResult = ResendInvitationsMutationMutation['resendInvitations'][number];

/**
 * Drops every cached invitation list: lists on screen fetch again at once, the others when they
 * are next opened. Used after inviting and resending, which change rows the viewer may be looking at.
 */
export function forgetInvitationLists(cache: ApolloCache): void {
  cache.evict({ id: 'ROOT_QUERY', fieldName: 'staffInvitations' });
  cache.gc();
}

/** Which invitation is which, for the wording of per-item failures. */
export type EmailsById = ReadonlyMap<string, string>;

const MAX_LISTED = 5;

/**
 * Why a retry was refused, for the staff member who asked: the shared wording of these codes is
 * written for the invited person ("Ask the person who invited you…"), or too general (CONFLICT).
 */
const RETRY_REFUSALS: Partial<Record<ErrorCode, string>> = {
  CONFLICT: 'Its latest message has not failed, so there is nothing to retry.',
  INVITATION_EXPIRED: 'It has expired. Resend it for a new link.',
  INVITATION_ALREADY_USED: 'It has already been accepted.',
  INVITATION_REVOKED: 'It was withdrawn.',
};

const describeRetry = (code: string | null, message: string | null) =>
  (code && RETRY_REFUSALS[code as ErrorCode]) || describeCode(code, message);

/** "tom@x.org: This invitation was withdrawn. …", one line per failed item (the first few). */
function failureLines(
  failed: ItemResult[],
  emails: EmailsById,
  describe: (code: string | null, message: string | null) => string = describeCode,
): string {
  const lines = failed
    .slice(0, MAX_LISTED)
    .map((r) => `${emails.get(r.invitationId) ?? 'An invitation'}: ${describe(r.code, r.message)}`);
  if (failed.length > MAX_LISTED) lines.push(`…and ${failed.length - MAX_LISTED} more.`);
  return lines.join('\n');
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : `${count} ${many}`;
}

/** What a bulk action says: its confirmation, its per-item refusals, and a failure of the whole call. */
interface ActionWords {
  done: (count: number) => { title: string; message: string };
  /** Ends the refusals' title: "One invitation not sent again", "3 invitations not revoked". */
  refused: string;
  describe?: (code: string | null, message: string | null) => string;
  error: (count: number) => string;
}

/**
 * Runs one bulk mutation and reports its per-item outcome: what worked is confirmed (addresses
 * stay out of confirmations: the list beside them already names the people), what did not is
 * listed with its reason. Returns the ids that worked.
 */
async function reportItems(
  ids: readonly string[],
  emails: EmailsById,
  call: () => Promise<readonly ItemResult[]>,
  words: ActionWords,
): Promise<string[]> {
  try {
    const results = await call();
    const done = results.filter((r) => r.ok);
    const failed = results.filter((r) => !r.ok);
    if (done.length > 0) notifications.show({ color: 'green', ...words.done(done.length) });
    if (failed.length > 0) {
      notifications.show({
        color: 'red',
        title: `${plural(failed.length, 'One invitation', 'invitations')} ${words.refused}`,
        message: failureLines(failed, emails, words.describe),
        autoClose: 10_000,
        style: { whiteSpace: 'pre-line' },
      });
    }
    return done.map((r) => r.invitationId);
  } catch (error) {
    notifyError(words.error(ids.length), error);
    return [];
  }
}

const RESEND_WORDS: ActionWords = {
  done: (n) => ({
    title: n === 1 ? 'Invitation sent again' : `${n} invitations sent again`,
    message:
      n === 1
        ? 'A new link and a fresh expiry went out; the old link no longer works.'
        : 'Each got a new link and a fresh expiry; the old links no longer work.',
  }),
  refused: 'not sent again',
  error: (n) => (n === 1 ? 'Invitation not sent again' : 'Invitations not sent again'),
};

/** Failed messages sent again with the links they carried: no new link, no new expiry. */
const RETRY_WORDS: ActionWords = {
  done: (n) => ({
    title: n === 1 ? 'Invitation queued again' : `${n} invitations queued again`,
    message:
      n === 1
        ? 'Its message goes out again with the same link and expiry.'
        : 'Their messages go out again with the same links and expiry.',
  }),
  refused: 'could not be retried',
  describe: describeRetry,
  error: (n) => (n === 1 ? 'Delivery not retried' : 'Deliveries not retried'),
};

const REVOKE_WORDS: ActionWords = {
  done: (n) => ({
    title: n === 1 ? 'Invitation revoked' : `${n} invitations revoked`,
    message: n === 1 ? 'Its link no longer works.' : 'Their links no longer work.',
  }),
  refused: 'not revoked',
  error: (n) => (n === 1 ? 'Invitation not revoked' : 'Invitations not revoked'),
};

/**
 * Resend, retry delivery and revoke, for one invitation or many. Each answers per item and never
 * all-or-nothing (reportItems). Revoked invitations leave every cached list; resent and retried
 * ones make the staff lists fetch again (new expiry and "sent" time; delivery queued again).
 * Each returns the ids that worked.
 */
export function useInvitationActions() {
  const [resendInvitations] = useMutation(ResendInvitationsMutation);
  const [retryDeliveries] = useMutation(RetryInvitationDeliveriesMutation);
  const [revokeInvitations] = useMutation(RevokeInvitationsMutation);

  const resend = useCallback(
    (ids: readonly string[], emails: EmailsById) =>
      reportItems(
        ids,
        emails,
        async () => {
          const { data } = await resendInvitations({
            variables: { invitationIds: [...ids] },
            update(cache, { data: result }) {
              if (result?.resendInvitations.some((r) => r.ok)) forgetInvitationLists(cache);
            },
          });
          return data?.resendInvitations ?? [];
        },
        RESEND_WORDS,
      ),
    [resendInvitations],
  );

  const retry = useCallback(
    (ids: readonly string[], emails: EmailsById) =>
      reportItems(
        ids,
        emails,
        async () => {
          const { data } = await retryDeliveries({
            variables: { invitationIds: [...ids] },
            update(cache, { data: result }) {
              if (result?.retryInvitationDeliveries.some((r) => r.ok)) forgetInvitationLists(cache);
            },
          });
          return data?.retryInvitationDeliveries ?? [];
        },
        RETRY_WORDS,
      ),
    [retryDeliveries],
  );

  const revoke = useCallback(
    (ids: readonly string[], emails: EmailsById) =>
      reportItems(
        ids,
        emails,
        async () => {
          const { data } = await revokeInvitations({
            variables: { invitationIds: [...ids] },
            update(cache, { data: result }) {
              for (const r of result?.revokeInvitations ?? []) {
                if (r.ok)
                  cache.evict({
                    id: cache.identify({ __typename: 'StaffInvitation', id: r.invitationId }),
                  });
              }
              cache.gc();
            },
          });
          return data?.revokeInvitations ?? [];
        },
        REVOKE_WORDS,
      ),
    [revokeInvitations],
  );

  return { resend, retry, revoke };
}

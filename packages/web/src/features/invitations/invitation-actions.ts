import type { ApolloCache } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
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

/** "tom@x.org: This invitation was withdrawn. …", one line per failed item (the first few). */
function failureLines(failed: ItemResult[], emails: EmailsById): string {
  const lines = failed
    .slice(0, MAX_LISTED)
    .map(
      (r) => `${emails.get(r.invitationId) ?? 'An invitation'}: ${describeCode(r.code, r.message)}`,
    );
  if (failed.length > MAX_LISTED) lines.push(`…and ${failed.length - MAX_LISTED} more.`);
  return lines.join('\n');
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : `${count} ${many}`;
}

/**
 * Resend and revoke, for one invitation or many. Both answer per item and never all-or-nothing:
 * what worked is confirmed, what did not is listed with its reason. Revoked invitations leave
 * every cached list; resent ones make the lists fetch again (new expiry, new "sent" time).
 * Each returns the ids that worked.
 */
export function useInvitationActions() {
  const [resendInvitations] = useMutation(ResendInvitationsMutation);
  const [revokeInvitations] = useMutation(RevokeInvitationsMutation);

  const resend = useCallback(
    async (ids: readonly string[], emails: EmailsById): Promise<string[]> => {
      try {
        const { data } = await resendInvitations({
          variables: { invitationIds: [...ids] },
          update(cache, { data: result }) {
            if (result?.resendInvitations.some((r) => r.ok)) forgetInvitationLists(cache);
          },
        });
        const results = data?.resendInvitations ?? [];
        const done = results.filter((r) => r.ok);
        const failed = results.filter((r) => !r.ok);
        if (done.length > 0) {
          notifications.show({
            color: 'green',
            title:
              done.length === 1 ? 'Invitation sent again' : `${done.length} invitations sent again`,
            // Addresses stay out of confirmations: the list beside them already names the people.
            message:
              done.length === 1
                ? 'A new link and a fresh expiry went out; the old link no longer works.'
                : 'Each got a new link and a fresh expiry; the old links no longer work.',
          });
        }
        if (failed.length > 0) {
          notifications.show({
            color: 'red',
            title: `${plural(failed.length, 'One invitation', 'invitations')} not sent again`,
            message: failureLines(failed, emails),
            autoClose: 10_000,
            style: { whiteSpace: 'pre-line' },
          });
        }
        return done.map((r) => r.invitationId);
      } catch (error) {
        notifyError(
          ids.length === 1 ? 'Invitation not sent again' : 'Invitations not sent again',
          error,
        );
        return [];
      }
    },
    [resendInvitations],
  );

  const revoke = useCallback(
    async (ids: readonly string[], emails: EmailsById): Promise<string[]> => {
      try {
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
        const results = data?.revokeInvitations ?? [];
        const done = results.filter((r) => r.ok);
        const failed = results.filter((r) => !r.ok);
        if (done.length > 0) {
          notifications.show({
            color: 'green',
            title: done.length === 1 ? 'Invitation revoked' : `${done.length} invitations revoked`,
            message:
              done.length === 1 ? 'Its link no longer works.' : 'Their links no longer work.',
          });
        }
        if (failed.length > 0) {
          notifications.show({
            color: 'red',
            title: `${plural(failed.length, 'One invitation', 'invitations')} not revoked`,
            message: failureLines(failed, emails),
            autoClose: 10_000,
            style: { whiteSpace: 'pre-line' },
          });
        }
        return done.map((r) => r.invitationId);
      } catch (error) {
        notifyError(ids.length === 1 ? 'Invitation not revoked' : 'Invitations not revoked', error);
        return [];
      }
    },
    [revokeInvitations],
  );

  return { resend, revoke };
}

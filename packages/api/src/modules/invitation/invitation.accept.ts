import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { CHANNEL_INFO, type ChannelInfo } from '@porter/shared';
import type { Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors.js';
import { hashToken } from '../auth/index.js';
import { resolveAccount, type AccountInput, type AccountWording } from '../enrolment/index.js';
import type { UserEntity } from '../user/index.js';
import { InvitationEntity } from './invitation.entity.js';
import type { KindHandlers } from './invitation.kinds.js';
import { refusal, transition } from './invitation.lifecycle.js';
import { isArchivedPlace } from '../../common/places.js';

export interface AcceptDeps {
  em: EntityManager;
  clock: Clock;
  kinds: KindHandlers;
}

/** How accepting refuses an existing account, by the kind of address the invitation went to. */
const WORDING: Record<ChannelInfo['address'], (address: string) => AccountWording> = {
  email: (address) => ({
    wrongAccount: (viewer) =>
      `This invitation is for ${address}, but you are signed in as ${viewer.email}.`,
    signInRequired: `An account for ${address} exists. Sign in to accept the invitation.`,
  }),
  mobile: () => ({
    wrongAccount: () =>
      'This invitation was sent to another mobile number. Sign out and open the link again.',
    signInRequired:
      'An account with this mobile number exists. Sign in with a code sent to it, then open the link again.',
  }),
};

/**
 * Accepts an invitation from its link, for every kind and channel. Signed in with the invited
 * address: joins at once. Signed out: creates the account (enrolment's rules; password-less for
 * channels that say so) and the caller signs in; an existing account must sign in first. Then
 * the kind's handler admits the person. The row is locked, so two accepts at the same moment
 * admit once. Errors: INVITATION_NOT_FOUND, INVITATION_REPLACED, INVITATION_EXPIRED,
 * INVITATION_REVOKED, INVITATION_ALREADY_USED, INVITATION_WRONG_ACCOUNT, SIGN_IN_REQUIRED,
 * TERMS_NOT_ACCEPTED, WEAK_PASSWORD, BAD_USER_INPUT.
 */
export async function acceptInvitation(
  deps: AcceptDeps,
  token: string,
  viewer: Viewer | null,
  input: AccountInput,
  ip: string | null,
): Promise<UserEntity> {
  const now = deps.clock.now();
  return deps.em.transactional(async (tx) => {
    const invitation = await tx.findOne(
      InvitationEntity,
      { tokenHash: hashToken(token) },
      {
        populate: ['role', 'organisation', 'deployment', 'patient'],
        lockMode: LockMode.PESSIMISTIC_WRITE,
      },
    );
    if (!invitation) throw new AppError(await unknownTokenCode(tx, token));
    assertUsable(invitation, now);
    const kind = deps.kinds[invitation.kind];
    const channel = CHANNEL_INFO[invitation.channel];
    const account = await resolveAccount(tx, viewer, {
      address: { kind: channel.address, value: invitation.address },
      input,
      passwordless: channel.passwordless,
      given: kind.givenName(invitation),
      ...WORDING[channel.address](invitation.address),
    });
    transition(invitation, 'accept');
    invitation.acceptedAt = now;
    invitation.acceptedBy = account.user;
    await kind.admit(tx, { invitation, account, clock: deps.clock, now, ip });
    return account.user;
  });
}

/** Refuses an invitation that cannot be used any more, with the code saying why. */
export function assertUsable(invitation: InvitationEntity, now: Date): void {
  const refused = refusal(invitation.status, 'accept');
  // Used or withdrawn before anything else; an archived place before an expiry.
  if (refused && refused !== 'INVITATION_EXPIRED') throw new AppError(refused);
  if (isArchivedPlace(invitation))
    throw new AppError(
      'INVITATION_REVOKED',
      'The organisation or deployment this invitation is for was archived.',
    );
  if (refused || invitation.expiresAt <= now) throw new AppError('INVITATION_EXPIRED');
}

/**
 * Tells an unknown token from one a resend or reminder replaced, and from one whose invitation
 * went with a deleted patient (withdrawn: answered like a revoked invitation).
 */
export async function unknownTokenCode(
  em: EntityManager,
  token: string,
): Promise<'INVITATION_NOT_FOUND' | 'INVITATION_REPLACED' | 'INVITATION_REVOKED'> {
  return (await unknownToken(em, token)).code;
}

/** unknownTokenCode, with the organisation that withdrew the invitation (when it was withdrawn). */
export async function unknownToken(
  em: EntityManager,
  token: string,
): Promise<{
  code: 'INVITATION_NOT_FOUND' | 'INVITATION_REPLACED' | 'INVITATION_REVOKED';
  organisationName: string | null;
}> {
  const conn = em.getConnection();
  const hash = hashToken(token);
  const replaced = await conn.execute<unknown[]>(
    `select 1 from invitation where replaced_token_hashes @> array[?]::text[] limit 1`,
    [hash],
    'all',
    em.getTransactionContext(),
  );
  if (replaced.length) return { code: 'INVITATION_REPLACED', organisationName: null };
  const [withdrawn] = await conn.execute<{ name: string }[]>(
    `select o.name from withdrawn_invitation_token w join organisation o on o.id = w.organisation_id where w.token_hash = ?`,
    [hash],
    'all',
    em.getTransactionContext(),
  );
  return withdrawn
    ? { code: 'INVITATION_REVOKED', organisationName: withdrawn.name }
    : { code: 'INVITATION_NOT_FOUND', organisationName: null };
}

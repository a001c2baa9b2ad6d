import { CHANNEL_SPECS } from '../delivery/index.js';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { NotFoundError } from '../../common/errors.js';
import { OutboxMessageEntity } from '../../infra/mail/outbox.entity.js';
import { setSessionCookie, Viewer, describeUser, hashToken } from '../auth/index.js';
import { UserEntity } from '../user/index.js';
import { InvitationEntity, isOpenInvitation } from './invitation.entity.js';
import { acceptInvitation, unknownToken } from './invitation.accept.js';
import { invitationStatus } from './invitation-list.service.js';
import { isArchivedPlace } from '../../common/places.js';
import { InvitationPreview, OutboxMessage } from './invitation.types.js';

const EMPTY = {
  email: null,
  kind: null,
  channel: null,
  firstName: null,
  lastName: null,
  passwordRequired: true,
  organisationName: null,
  deploymentName: null,
  roleName: null,
  inviterName: null,
  expiresAt: null,
  accountExists: false,
  helperFor: null,
};

/**
 * Public on purpose: the person following an invitation link has no session yet. Each operation
 * is keyed by the link's token, which is looked up by hash and never consumed by a read.
 */
@Resolver()
export class InvitationPublicResolver {
  @Query(() => InvitationPreview, {
    description: 'What an invitation link leads to. Reading it never uses it up.',
  })
  async invitation(
    @Arg('token', () => String) token: string,
    @Ctx() ctx: Context,
  ): Promise<InvitationPreview> {
    const found =
      token.length < 200
        ? await ctx.em.findOne(
            InvitationEntity,
            { tokenHash: hashToken(token) },
            { populate: ['organisation', 'deployment', 'role', 'invitedBy', 'patient'] },
          )
        : null;
    if (!found) {
      const { code, organisationName } =
        token.length < 200
          ? await unknownToken(ctx.em, token)
          : { code: 'INVITATION_NOT_FOUND', organisationName: null };
      const state =
        code === 'INVITATION_REPLACED'
          ? 'REPLACED'
          : code === 'INVITATION_REVOKED'
            ? 'REVOKED'
            : 'NOT_FOUND';
      return { state, ...EMPTY, organisationName };
    }
    const state =
      isArchivedPlace(found) && isOpenInvitation(found.status)
        ? 'REVOKED'
        : invitationStatus(found, ctx.deps.clock.now());
    const usable = state === 'PENDING';
    const { address, passwordless } = CHANNEL_SPECS[found.channel];
    const byMobile = address === 'mobile';
    return {
      state,
      email: usable && !byMobile ? found.address : null,
      kind: found.kind,
      channel: found.channel,
      // Mobile invitations carry the names the inviter gave, for the person to confirm.
      firstName: usable && byMobile ? (found.patient?.firstName ?? null) : null,
      lastName: usable && byMobile ? (found.patient?.lastName ?? null) : null,
      passwordRequired: !passwordless,
      organisationName: found.organisation.name,
      deploymentName: found.deployment?.name ?? null,
      roleName: found.role?.name ?? null,
      inviterName: usable ? (found.invitedBy?.fullName ?? null) : null,
      expiresAt: found.expiresAt,
      accountExists:
        usable &&
        (await ctx.em.count(
          UserEntity,
          byMobile ? { mobile: found.address } : { email: found.address },
        )) > 0,
      helperFor: usable && found.kind === 'PROXY' ? (found.patient?.firstName ?? null) : null,
    };
  }

  @Mutation(() => Viewer, {
    description:
      'Accepts an invitation. Signed in with the invited email (or mobile): joins at once. Signed out: creates the account (fullName, password, acceptTerms) and signs in; text-message invitations take firstName, lastName and acceptTerms, no password. Errors: INVITATION_NOT_FOUND, INVITATION_REPLACED, INVITATION_EXPIRED, INVITATION_REVOKED, INVITATION_ALREADY_USED, INVITATION_WRONG_ACCOUNT, SIGN_IN_REQUIRED, TERMS_NOT_ACCEPTED, WEAK_PASSWORD, BAD_USER_INPUT.',
  })
  async acceptInvitation(
    @Arg('token', () => String) token: string,
    @Arg('fullName', () => String, { nullable: true }) fullName: string | null,
    @Arg('password', () => String, { nullable: true }) password: string | null,
    @Arg('acceptTerms', () => Boolean, { nullable: true }) acceptTerms: boolean | null,
    @Arg('firstName', () => String, {
      nullable: true,
      description: 'Text-message invitations: the first name, as confirmed.',
    })
    firstName: string | null,
    @Arg('lastName', () => String, {
      nullable: true,
      description: 'Text-message invitations: the last name, as confirmed.',
    })
    lastName: string | null,
    @Ctx() ctx: Context,
  ): Promise<Viewer> {
    const user = await acceptInvitation(
      { em: ctx.em, clock: ctx.deps.clock, kinds: ctx.deps.kindHandlers },
      token,
      ctx.viewer,
      { fullName, password, acceptTerms, firstName, lastName },
      ctx.ip,
    );
    if (!ctx.viewer) {
      // The new account's password was just set: no need to check it again.
      const em = ctx.em.fork();
      const auth = ctx.servicesOn(em).auth;
      setSessionCookie(
        ctx,
        await auth.openSession(await em.findOneOrFail(UserEntity, { id: user.id }), ctx),
      );
    }
    return describeUser(ctx.em, user);
  }

  @Query(() => [OutboxMessage], {
    description:
      'Development only: messages kept instead of sent (no SMTP or Twilio configured), newest first. NOT_FOUND elsewhere.',
  })
  async devOutbox(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<OutboxMessage[]> {
    if (!ctx.deps.env.devOutbox) throw new NotFoundError('Outbox');
    const rows = await ctx.em.find(
      OutboxMessageEntity,
      {},
      { orderBy: { createdAt: 'desc' }, limit: Math.min(Math.max(first, 1), 200) },
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      to: r.to,
      subject: r.subject ?? null,
      text: r.text,
      html: r.html ?? null,
      createdAt: r.createdAt,
    }));
  }
}

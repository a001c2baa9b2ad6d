import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { setSessionCookie, describeUser, Viewer } from '../auth/index.js';
import { UserEntity } from '../user/index.js';
import { InviteLinkPreview, JoinCodeRequest, JoinTicket } from './invite-link.types.js';

const service = (ctx: Context) => ctx.services.inviteLinkJoins;

/**
 * Public on purpose: the person who opened an invite link has no session. Every operation is keyed
 * by the link's token (looked up by hash) and checks the link itself; codes and tickets are limited.
 */
@Resolver()
export class InviteLinkPublicResolver {
  @Query(() => InviteLinkPreview, {
    description: 'What an invite link leads to. Reading it never uses it up.',
  })
  inviteLink(
    @Arg('token', () => String) token: string,
    @Ctx() ctx: Context,
  ): Promise<InviteLinkPreview> {
    return service(ctx).preview(token);
  }

  @Mutation(() => JoinCodeRequest, {
    description:
      'Emails a 6-digit code confirming the address (10 minutes, 5 tries). Addresses already registered get a "sign in" email instead; the answer is the same. Errors: LINK_NOT_FOUND, LINK_REPLACED, LINK_EXPIRED, LINK_REVOKED, LINK_FULL, RATE_LIMITED, BAD_USER_INPUT.',
  })
  requestJoinCode(
    @Arg('token', () => String) token: string,
    @Arg('email', () => String) email: string,
    @Ctx() ctx: Context,
  ): Promise<JoinCodeRequest> {
    return service(ctx).requestCode(token, email, ctx.ip);
  }

  @Mutation(() => JoinTicket, {
    description:
      'Checks the emailed code and returns a ticket for joinWithTicket (30 minutes). Errors: CODE_INVALID, CODE_EXPIRED, TOO_MANY_ATTEMPTS, LINK_*.',
  })
  verifyJoinCode(
    @Arg('token', () => String) token: string,
    @Arg('email', () => String) email: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: Context,
  ): Promise<JoinTicket> {
    return service(ctx).verifyCode(token, email, code);
  }

  @Mutation(() => Viewer, {
    description:
      'Joins the deployment as a patient with a verified ticket and signs in. A new account needs fullName, password and acceptTerms; an existing one must be signed in. Errors: CODE_EXPIRED, LINK_EXPIRED, LINK_REVOKED, LINK_FULL, SIGN_IN_REQUIRED, ALREADY_PATIENT, TERMS_NOT_ACCEPTED, WEAK_PASSWORD, BAD_USER_INPUT.',
  })
  async joinWithTicket(
    @Arg('ticket', () => String) ticket: string,
    @Arg('fullName', () => String, { nullable: true }) fullName: string | null,
    @Arg('password', () => String, { nullable: true }) password: string | null,
    @Arg('acceptTerms', () => Boolean, { nullable: true }) acceptTerms: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Viewer> {
    const user = await service(ctx).join(
      ticket,
      ctx.viewer,
      { fullName, password, acceptTerms },
      ctx.ip,
    );
    if (ctx.viewer?.userId !== user.id) {
      // The account was just made with this password: open its session directly.
      const em = ctx.em.fork();
      const auth = ctx.servicesOn(em).auth;
      setSessionCookie(
        ctx,
        await auth.openSession(await em.findOneOrFail(UserEntity, { id: user.id }), ctx),
      );
    }
    return describeUser(ctx.em, user);
  }
}

import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { Viewer } from './viewer.types.js';
import { describeUser, describeViewer } from './viewer.service.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookie.js';

const authService = (ctx: Context) => ctx.services.auth;

/** Public by design: signing in and asking "who am I" must work without a session. */
@Resolver()
export class AuthResolver {
  @Query(() => Viewer, {
    nullable: true,
    description: 'The signed-in user, or null when signed out.',
  })
  async viewer(@Ctx() ctx: Context): Promise<Viewer | null> {
    return ctx.viewer ? describeViewer(ctx.em, ctx.viewer) : null;
  }

  @Mutation(() => Viewer, {
    description:
      'Signs in with email and password and sets the session cookie. Errors: INVALID_CREDENTIALS, ACCOUNT_LOCKED (after 5 failures in a row, for 15 minutes).',
  })
  async signIn(
    @Arg('email', () => String, { description: 'Email address (any case).' }) email: string,
    @Arg('password', () => String, { description: 'Password.' }) password: string,
    @Ctx() ctx: Context,
  ): Promise<Viewer> {
    const { token, user } = await authService(ctx).signIn(email, password, ctx);
    setSessionCookie(ctx, token);
    return describeUser(ctx.em, user);
  }

  @Mutation(() => Boolean, {
    description: 'Ends the current session and clears the cookie. Always succeeds.',
  })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    const token = readSessionCookie(ctx.req);
    if (token) await authService(ctx).signOut(token, ctx.viewer, ctx);
    clearSessionCookie(ctx);
    return true;
  }
}

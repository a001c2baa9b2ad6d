import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { setSessionCookie } from './cookie.js';
import { describeUser } from './viewer.service.js';
import { Viewer } from './viewer.types.js';

@ObjectType({
  description:
    'The answer to a sign-in code request: the same whether or not an account has the number.',
})
export class SignInCodeRequest {
  @Field(() => String, { description: 'The number the code went to, masked (+44 •••• ••0123).' })
  sentTo!: string;

  @Field(() => Date, { description: 'When the code stops working.' })
  expiresAt!: Date;
}

const service = (ctx: Context) => ctx.services.smsSignIn;

/** Public by design: sign-in by a code sent to the mobile of a patient who joined by text message. */
@Resolver()
export class SmsSignInResolver {
  @Mutation(() => SignInCodeRequest, {
    description:
      'Texts a six-digit sign-in code (valid 10 minutes) to a mobile number that has an account; answers the same for any number. Errors: INVALID_PHONE, RATE_LIMITED (3 codes per number per 15 minutes, 10 per client per hour).',
  })
  requestSignInCode(
    @Arg('mobile', () => String, {
      description: 'Mobile number, international or national (default country).',
    })
    mobile: string,
    @Ctx() ctx: Context,
  ): Promise<SignInCodeRequest> {
    return service(ctx).request(mobile.slice(0, 40), ctx);
  }

  @Mutation(() => Viewer, {
    description:
      'Signs in with the latest code texted to a mobile number and sets the session cookie. Errors: CODE_INVALID, CODE_EXPIRED, TOO_MANY_ATTEMPTS (after 5 wrong codes: ask for a new one), INVALID_PHONE.',
  })
  async signInWithCode(
    @Arg('mobile', () => String, { description: 'The mobile number the code went to.' })
    mobile: string,
    @Arg('code', () => String, { description: 'The six digits.' }) code: string,
    @Ctx() ctx: Context,
  ): Promise<Viewer> {
    const { token, user } = await service(ctx).signIn(mobile.slice(0, 40), code.slice(0, 20), ctx);
    setSessionCookie(ctx, token);
    return describeUser(ctx.em, user);
  }
}

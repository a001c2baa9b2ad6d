import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { invitationDeps } from '../invitation/index.js';
import { InvitePatientsPayload } from './patient.types.js';
import { PatientSmsInput, SmsPreview } from './patient-sms.types.js';
import { PatientSmsService } from './patient-sms.service.js';

const service = (ctx: Context) =>
  new PatientSmsService({
    ...invitationDeps(ctx),
    smsDefaultCountry: ctx.deps.env.SMS_DEFAULT_COUNTRY,
  });

@Authorized()
@Resolver()
export class PatientSmsResolver {
  @Query(() => SmsPreview, {
    description:
      'The text message an SMS invitation would send, and the number it goes to; sends nothing. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, INVALID_PHONE (details.field = mobile), BAD_USER_INPUT.',
  })
  previewPatientSms(
    @Arg('input', () => PatientSmsInput) input: PatientSmsInput,
    @Ctx() ctx: Context,
  ): Promise<SmsPreview> {
    return service(ctx).preview(ctx.viewer!, input);
  }

  @Mutation(() => InvitePatientsPayload, {
    description:
      'Invites one patient by text message: INVITED, ALREADY_PENDING or ALREADY_MEMBER. Accepting needs no password. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, INVALID_PHONE, BAD_USER_INPUT.',
  })
  async invitePatientBySms(
    @Arg('input', () => PatientSmsInput) input: PatientSmsInput,
    @Ctx() ctx: Context,
  ): Promise<InvitePatientsPayload> {
    const { batchId, results } = await service(ctx).invite(ctx.viewer!, input, ctx.ip);
    return {
      batchId,
      results,
      invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
    };
  }
}

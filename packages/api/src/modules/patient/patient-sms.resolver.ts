import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { InvitePatientsPayload } from './patient.types.js';
import { PatientSmsInput, SmsPreview } from './patient-sms.types.js';

const service = (ctx: Context) => ctx.services.patientSms;

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
    @CurrentViewer() viewer: Viewer,
  ): Promise<SmsPreview> {
    return service(ctx).preview(viewer, input);
  }

  @Mutation(() => InvitePatientsPayload, {
    description:
      'Invites one patient by text message: INVITED, ALREADY_PENDING or ALREADY_MEMBER. Accepting needs no password. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, INVALID_PHONE, BAD_USER_INPUT.',
  })
  async invitePatientBySms(
    @Arg('input', () => PatientSmsInput) input: PatientSmsInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitePatientsPayload> {
    const { batchId, results } = await service(ctx).invite(viewer, input, ctx.ip);
    return {
      batchId,
      results,
      invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
    };
  }
}

import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Mutation,
  Query,
  Resolver,
} from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import { type Viewer, access } from '../../common/access.js';
import { PageArgs } from '../../common/pagination.js';
import { InvitationActionResult } from '../invitation/index.js';
import {
  InvitePatientHelperInput,
  PatientHelper,
  toPatientHelper,
} from './patient-helper.types.js';
import {
  InvitePatientsInput,
  InvitePatientsPayload,
  Patient,
  PatientConnection,
  PatientTypeEnum,
  toPatient,
  type PatientType,
} from './patient.types.js';
import type { PatientEntity } from './patient.entity.js';
import { patientViewerCan } from './patient.policy.js';

@ArgsType()
class PatientsArgs extends PageArgs {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The deployment.' })
  deploymentId!: string;

  @Field(() => PatientTypeEnum, {
    defaultValue: 'ALL',
    description: 'Patient type: all, active, pending invitations, offboarded.',
  })
  type: PatientType = 'ALL';

  @Field(() => String, {
    nullable: true,
    description: 'Name, email or phone (with identifiers), or a patient id.',
  })
  @MaxLength(200)
  search?: string | null;
}

@Authorized()
@Resolver(() => Patient)
export class PatientResolver {
  @Query(() => PatientConnection, {
    description:
      'Patients of a deployment, newest first. Needs `patient:view`. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.',
  })
  patients(
    @Args(() => PatientsArgs) args: PatientsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    return ctx.services.patients.list(viewer, args);
  }

  @Mutation(() => InvitePatientsPayload, {
    description:
      'Invites patients by email to a deployment, one outcome per address. Needs `patient:manage`. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.',
  })
  async invitePatientsByEmail(
    @Arg('input', () => InvitePatientsInput) input: InvitePatientsInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitePatientsPayload> {
    const { batchId, results } = await ctx.services.patients.inviteByEmail(viewer, input, ctx.ip);
    return {
      batchId,
      results,
      invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
    };
  }

  @Mutation(() => Patient, {
    description:
      'Stops monitoring an active patient, with a reason (OTHER needs a note). Needs `patient:offboard`. Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, CONFLICT.',
  })
  async offboardPatient(
    @Arg('patientId', () => ID) patientId: string,
    @Arg('reason', () => String, {
      description: 'A key of OFFBOARD_REASONS, e.g. COMPLETED or OTHER.',
    })
    reason: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Patient> {
    const service = ctx.services.patients;
    return this.view(ctx, await service.offboard(viewer, patientId, reason, note, ctx.ip));
  }

  @Mutation(() => Patient, {
    description:
      'Starts monitoring an offboarded patient again. Needs `patient:offboard`. Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
  })
  async reactivatePatient(
    @Arg('patientId', () => ID) patientId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Patient> {
    return this.view(ctx, await ctx.services.patients.reactivate(viewer, patientId, ctx.ip));
  }

  @Mutation(() => [InvitationActionResult], {
    description:
      'Deletes pending patient invitations, one result per id. Delete means: the invitation is withdrawn (its link stops working at once) and, if the patient never joined (still invited, no account), the patient record is removed too, with its queued messages and helpers; the audit log keeps an `invitation.deleted` event. A patient who joined is never deleted. Needs `patient:manage`. Per item: NOT_FOUND, FORBIDDEN, INVITATION_ALREADY_USED.',
  })
  deletePatientInvitations(
    @Arg('invitationIds', () => [ID]) invitationIds: string[],
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitationActionResult[]> {
    return ctx.services.patients.deleteInvitations(viewer, invitationIds, ctx.ip);
  }

  @Mutation(() => PatientHelper, {
    description:
      'Invites a helper (a relative or carer) for a patient by email; they accept like a patient and are linked to that patient. Needs `proxy:invite` and helpers on for the deployment. Errors: NOT_FOUND, FORBIDDEN, FEATURE_DISABLED, CONFLICT (offboarded patient, or already a helper), BAD_USER_INPUT.',
  })
  async invitePatientHelper(
    @Arg('input', () => InvitePatientHelperInput) input: InvitePatientHelperInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PatientHelper> {
    const service = ctx.services.patientHelpers;
    const helper = await service.invite(viewer, input, ctx.ip);
    return toPatientHelper(helper, service.identifiers(viewer, helper));
  }

  @Mutation(() => PatientHelper, {
    description:
      'Removes a helper from a patient; their pending invitation stops working. Needs `proxy:invite`. Errors: NOT_FOUND, FORBIDDEN.',
  })
  async removePatientHelper(
    @Arg('helperId', () => ID) helperId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PatientHelper> {
    const service = ctx.services.patientHelpers;
    const helper = await service.remove(viewer, helperId, ctx.ip);
    return toPatientHelper(helper, service.identifiers(viewer, helper));
  }

  /** A patient just offboarded or reactivated (its deployment loaded), as the list shows it. */
  private view(ctx: Context, patient: PatientEntity): Patient {
    const now = ctx.deps.clock.now();
    const scope = {
      type: 'DEPLOYMENT',
      organisationId: patient.organisation.id,
      deploymentId: patient.deployment.id,
    } as const;
    const settings = patient.deployment.settings;
    return toPatient(
      patient,
      access.can(ctx.viewer, 'patient:view-identifiers', scope),
      null,
      patientViewerCan(ctx.viewer, { status: patient.status, scope, settings }, now),
      now,
    );
  }
}

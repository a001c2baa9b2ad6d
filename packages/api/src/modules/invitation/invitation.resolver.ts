import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { IsIn, MaxLength } from 'class-validator';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { PageArgs } from '../../common/pagination.js';
import { qrPng, qrSvg } from '../../infra/qr.js';
import {
  InvitationActionResult,
  InvitationSortEnum,
  InvitationStatusEnum,
  InviteResult,
  InviteStaffInput,
  InviteStaffPayload,
  StaffInvitation,
  StaffInvitationConnection,
  type InvitationSort,
} from './invitation.types.js';

export const invitationService = (ctx: Context) => ctx.services.invitations;

@ArgsType()
class StaffInvitationsArgs extends PageArgs {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { nullable: true, description: 'Only this deployment’s invitations.' })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the email address.' })
  @MaxLength(254)
  search?: string | null;

  @Field(() => InvitationStatusEnum, {
    nullable: true,
    description: 'PENDING or EXPIRED; both when omitted.',
  })
  @IsIn(['PENDING', 'EXPIRED'])
  status?: 'PENDING' | 'EXPIRED' | null;

  @Field(() => ID, { nullable: true, description: 'Only invitations for this role.' })
  roleId?: string | null;

  @Field(() => InvitationSortEnum, {
    defaultValue: 'NEWEST',
    description: 'Order; newest first by default.',
  })
  sort: InvitationSort = 'NEWEST';
}

@Authorized()
@Resolver(() => StaffInvitation)
export class StaffInvitationResolver {
  @Mutation(() => InviteStaffPayload, {
    description:
      'Invites staff by email at an organisation or one of its deployments, one outcome per address. Errors (whole call): NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED, ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED, BAD_USER_INPUT.',
  })
  async inviteStaff(
    @Arg('input', () => InviteStaffInput) input: InviteStaffInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteStaffPayload> {
    const { batchId, results } = await invitationService(ctx).inviteStaff(viewer, input, ctx.ip);
    return {
      batchId,
      results,
      invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
    };
  }

  @Mutation(() => [InvitationActionResult], {
    description:
      'Sends invitations again with new links (old links stop working) and a fresh expiry. One result per id.',
  })
  resendInvitations(
    @Arg('invitationIds', () => [ID]) invitationIds: string[],
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitationActionResult[]> {
    return invitationService(ctx).resend(viewer, invitationIds, ctx.ip);
  }

  @Mutation(() => [InvitationActionResult], {
    description:
      'Sends failed invitation messages again with the links they carried: no new link, no new expiry. For pending invitations whose latest message FAILED, 1 to 1000 ids, one result per id; codes: NOT_FOUND, FORBIDDEN and the grant codes, INVITATION_ALREADY_USED, INVITATION_REVOKED, INVITATION_EXPIRED, CONFLICT (not failed), NO_TOKEN (resend instead).',
  })
  retryInvitationDeliveries(
    @Arg('invitationIds', () => [ID]) invitationIds: string[],
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitationActionResult[]> {
    return invitationService(ctx).retryDeliveries(viewer, invitationIds, ctx.ip);
  }

  @Mutation(() => [InvitationActionResult], {
    description: 'Withdraws invitations; their links stop working at once. One result per id.',
  })
  revokeInvitations(
    @Arg('invitationIds', () => [ID]) invitationIds: string[],
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InvitationActionResult[]> {
    return invitationService(ctx).revoke(viewer, invitationIds, ctx.ip);
  }

  @Query(() => StaffInvitationConnection, {
    description:
      'Staff invitations still waiting for an answer (pending or expired). Needs `staff:view`. Errors: FORBIDDEN, NOT_FOUND.',
  })
  staffInvitations(
    @Args(() => StaffInvitationsArgs) args: StaffInvitationsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    return ctx.services.invitationList.list(viewer, args);
  }
}

/**
 * The QR code of the personal link of a single invite (`InviteResult.link`), for someone standing
 * next to the inviter. Null whenever there is no link: the link exists only in the answer to the
 * call that made the invitation, and only when exactly one address was given and invited.
 */
@Authorized()
@Resolver(() => InviteResult)
export class InviteResultResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The QR code of `link` as SVG markup; null without a link.',
  })
  qrSvg(@Root() result: InviteResult): Promise<string> | null {
    return result.link ? qrSvg(result.link) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The QR code of `link` as a PNG data URL (512 px); null without a link.',
  })
  qrPng(@Root() result: InviteResult): Promise<string> | null {
    return result.link ? qrPng(result.link) : null;
  }
}

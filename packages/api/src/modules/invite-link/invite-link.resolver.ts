import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { qrPng as pngOf, qrSvg as svgOf } from '../../infra/qr.js';
import { Role } from '../role/index.js';
import {
  CreatePatientInviteLinkInput,
  CreateStaffInviteLinkInput,
  InviteLink,
  InviteLinkJoin,
  toInviteLink,
} from './invite-link.types.js';
import type { InviteLinkEntity } from './invite-link.entity.js';

/** What the invite-link services need from a request. */
const service = (ctx: Context) => ctx.services.inviteLinks;
const view = (ctx: Context, link: InviteLinkEntity) =>
  toInviteLink(link, service(ctx).urlOf(link), ctx.deps.clock.now());

/**
 * Staff side of invite links. Patient links need `patient:manage` at their deployment; staff links
 * `staff:manage` at their organisation or deployment.
 */
@Authorized()
@Resolver(() => InviteLink)
export class InviteLinkResolver {
  @Query(() => [InviteLink], {
    description:
      'Patient invite links of a deployment, newest first. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN.',
  })
  async patientInviteLinks(
    @Arg('organisationId', () => ID) organisationId: string,
    @Arg('deploymentId', () => ID) deploymentId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink[]> {
    const links = await service(ctx).list(viewer, organisationId, deploymentId);
    return links.map((l) => view(ctx, l));
  }

  @Mutation(() => InviteLink, {
    description:
      'Makes a multi-use link people open to join the deployment as patients. Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.',
  })
  async createPatientInviteLink(
    @Arg('input', () => CreatePatientInviteLinkInput) input: CreatePatientInviteLinkInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink> {
    return view(ctx, await service(ctx).create(viewer, input, ctx.ip));
  }

  @Query(() => [InviteLink], {
    description:
      'Staff invite links made at exactly this scope (the organisation, or one deployment when given), newest first. Needs `staff:manage`. Errors: NOT_FOUND, FORBIDDEN.',
  })
  async staffInviteLinks(
    @Arg('organisationId', () => ID) organisationId: string,
    @Arg('deploymentId', () => ID, { nullable: true }) deploymentId: string | null,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink[]> {
    const links = await service(ctx).listStaff(viewer, organisationId, deploymentId);
    return links.map((l) => view(ctx, l));
  }

  @Query(() => [Role], {
    description:
      'Roles the viewer may put on a staff invite link here: roles they may give, without admin permissions. Empty without `staff:manage`. Errors: NOT_FOUND.',
  })
  staffInviteLinkRoles(
    @Arg('organisationId', () => ID) organisationId: string,
    @Arg('deploymentId', () => ID, { nullable: true }) deploymentId: string | null,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Role[]> {
    return service(ctx).linkableRoles(viewer, organisationId, deploymentId);
  }

  @Mutation(() => InviteLink, {
    description:
      'Makes a multi-use link that gives one non-admin role at the organisation or a deployment to whoever joins through it. Needs `staff:manage` and the right to give the role. Errors: NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED, ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED, ROLE_NOT_LINKABLE, BAD_USER_INPUT.',
  })
  async createStaffInviteLink(
    @Arg('input', () => CreateStaffInviteLinkInput) input: CreateStaffInviteLinkInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink> {
    return view(ctx, await service(ctx).createStaff(viewer, input, ctx.ip));
  }

  @Mutation(() => InviteLink, {
    description:
      'Switches a link off at once. Needs `patient:manage` (patient links) or `staff:manage` (staff links). Errors: NOT_FOUND, FORBIDDEN.',
  })
  async revokeInviteLink(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink> {
    return view(ctx, await service(ctx).revoke(viewer, id, ctx.ip));
  }

  @Mutation(() => InviteLink, {
    description:
      'Gives a link a new address; the old one stops working (LINK_REPLACED). Needs `patient:manage` or `staff:manage`, as revokeInviteLink. Errors: NOT_FOUND, FORBIDDEN, CONFLICT (revoked).',
  })
  async rotateInviteLink(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLink> {
    return view(ctx, await service(ctx).rotate(viewer, id, ctx.ip));
  }

  @FieldResolver(() => String, { description: 'The QR code of the URL as SVG markup.' })
  qrSvg(@Root() link: InviteLink): Promise<string> {
    return svgOf(link.url);
  }

  @FieldResolver(() => String, {
    description: 'The QR code of the URL as a PNG data URL (data:image/png;base64,…), 512 px.',
  })
  qrPng(@Root() link: InviteLink): Promise<string> {
    return pngOf(link.url);
  }

  @FieldResolver(() => [InviteLinkJoin], {
    description: 'Who joined through it, newest first (at most 100; `useCount` has them all).',
  })
  joins(
    @Root() link: InviteLink,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<InviteLinkJoin[]> {
    return service(ctx).joins(viewer, link, ctx);
  }

  @FieldResolver(() => Int, { description: 'People who asked for a code but have not joined.' })
  unfinishedCount(@Root() link: InviteLink, @Ctx() ctx: Context): Promise<number> {
    return service(ctx).unfinishedCount(link.id, ctx);
  }
}

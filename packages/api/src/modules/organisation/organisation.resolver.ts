import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import { type Viewer, access } from '../../common/access.js';
import { PageArgs } from '../../common/pagination.js';
import { counters } from './counts.js';
import { OrganisationInput } from './organisation.inputs.js';
import {
  Organisation,
  OrganisationConnection,
  OrganisationViewerCan,
} from './organisation.types.js';
import { organisationFacts, organisationViewerCan } from './organisation.policy.js';

@ArgsType()
class OrganisationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name, any case.' })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Include archived organisations (needs `platform:organisations`).',
  })
  includeArchived: boolean = false;
}

const service = (ctx: Context) => ctx.services.organisations;
const scopeOf = (o: Organisation) => ({ type: 'ORGANISATION', organisationId: o.id }) as const;

@Authorized()
@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, {
    description: 'Organisations the viewer may enter, by name.',
  })
  organisations(
    @Args(() => OrganisationsArgs) args: OrganisationsArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    return service(ctx).list(viewer, args);
  }

  @Query(() => Organisation, {
    description:
      'One organisation. Errors: NOT_FOUND, also for organisations the viewer cannot enter.',
  })
  organisation(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Organisation> {
    return service(ctx).get(viewer, id);
  }

  @Mutation(() => Organisation, {
    description:
      'Creates an organisation (platform `platform:organisations`); invite its first administrators next. Errors: FORBIDDEN, BAD_USER_INPUT.',
  })
  createOrganisation(
    @Arg('input', () => OrganisationInput) input: OrganisationInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Organisation> {
    return service(ctx).create(viewer, input, ctx.ip);
  }

  @Mutation(() => Organisation, {
    description:
      'Replaces an organisation’s details (`organisation:edit`). Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.',
  })
  updateOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrganisationInput) input: OrganisationInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Organisation> {
    return service(ctx).update(viewer, id, input, ctx.ip);
  }

  @Mutation(() => Organisation, {
    description:
      'Archives an organisation: hidden from its members at once, kept for platform staff (platform `platform:organisations`). Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
  })
  archiveOrganisation(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Organisation> {
    return service(ctx).archive(viewer, id, ctx.ip);
  }

  @Mutation(() => Organisation, {
    description:
      'Restores an archived organisation (Super Admin). Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
  })
  restoreOrganisation(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Organisation> {
    return service(ctx).restore(viewer, id, ctx.ip);
  }

  @Mutation(() => ID, {
    description:
      'Deletes an organisation and everything in it; its audit events stay. Only an Organisation Owner (`organisation:delete` held in it), not while archived, with `confirmName` equal to its name. Returns the id. Errors: NOT_FOUND, FORBIDDEN, CONFLICT (archived), CONFIRMATION_MISMATCH.',
  })
  async deleteOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('confirmName', () => String, {
      description: 'The organisation’s name, typed by the person deleting it.',
    })
    confirmName: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    await service(ctx).delete(viewer, id, confirmName, ctx.ip);
    return id;
  }

  @FieldResolver(() => [String], {
    description: 'The viewer’s effective permissions in this organisation.',
  })
  viewerPermissions(@Root() organisation: Organisation, @Ctx() ctx: Context): string[] {
    return [...access.permissionsAt(ctx.viewer, scopeOf(organisation))].sort();
  }

  @FieldResolver(() => OrganisationViewerCan, {
    description: 'What the viewer may do to this organisation.',
  })
  viewerCan(@Root() organisation: Organisation, @Ctx() ctx: Context): OrganisationViewerCan {
    return organisationViewerCan(ctx.viewer, organisationFacts(organisation));
  }

  @FieldResolver(() => Int, { description: 'Deployments that are not archived.' })
  deploymentCount(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<number> {
    return counters(ctx, ctx.em).organisationDeployments.load(organisation.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'People with a role in it, at the organisation or one of its deployments; null without `staff:view` there.',
  })
  staffCount(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<number> | null {
    if (!access.can(ctx.viewer, 'staff:view', scopeOf(organisation))) return null;
    return counters(ctx, ctx.em).organisationStaff.load(organisation.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Active patients across its deployments; null without `patient:view` there.',
  })
  patientCount(@Root() organisation: Organisation, @Ctx() ctx: Context): Promise<number> | null {
    if (!access.can(ctx.viewer, 'patient:view', scopeOf(organisation))) return null;
    return counters(ctx, ctx.em).organisationPatients.load(organisation.id);
  }
}

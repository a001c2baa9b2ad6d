import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { resolveScope } from '../organisation/index.js';
import { RoleInput } from './role.inputs.js';
import { roleViewerCan } from './role.policy.js';
import { Permission, Role, toRole } from './role.types.js';

@ObjectType({ description: 'What the viewer may do with a role.' })
export class RoleViewerCan {
  @Field(() => Boolean, {
    description: 'Rename it or change its permissions (custom roles, with `role:manage`).',
  })
  edit!: boolean;

  @Field(() => Boolean, {
    description: 'Delete it (custom roles, with `role:manage`; refused while held).',
  })
  delete!: boolean;
}

const service = (ctx: Context) => ctx.services.roles;

@Authorized()
@Resolver(() => Role)
export class RoleResolver {
  @Query(() => [Role], {
    description:
      'Default roles, plus the custom roles of an organisation when one is given. Errors: NOT_FOUND for an organisation the viewer cannot enter.',
  })
  roles(
    @Arg('organisationId', () => ID, { nullable: true }) organisationId: string | null,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Role[]> {
    return service(ctx).list(viewer, organisationId);
  }

  @Query(() => [Role], {
    description:
      'Roles the viewer may give at a scope (an organisation, or one of its deployments): the options of a role picker. Without ids, the platform. Errors: NOT_FOUND.',
  })
  async grantableRoles(
    @Arg('organisationId', () => ID, { nullable: true }) organisationId: string | null,
    @Arg('deploymentId', () => ID, { nullable: true }) deploymentId: string | null,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Role[]> {
    return service(ctx).grantable(
      viewer,
      await resolveScope(ctx.em, viewer, organisationId, deploymentId),
    );
  }

  @Query(() => [Permission], { description: 'The permission catalogue.' })
  permissions(@Ctx() ctx: Context): Promise<Permission[]> {
    return service(ctx).permissions();
  }

  @Mutation(() => Role, {
    description:
      'Creates a custom role. Needs `role:manage` in the organisation. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, ROLE_NAME_TAKEN, ESCALATION_REFUSED.',
  })
  async createRole(
    @Arg('organisationId', () => ID) organisationId: string,
    @Arg('input', () => RoleInput) input: RoleInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Role> {
    return toRole(await service(ctx).create(viewer, organisationId, input));
  }

  @Mutation(() => Role, {
    description:
      'Changes a custom role; holders feel it on their next request. Errors: as createRole, plus ROLE_READ_ONLY.',
  })
  async updateRole(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RoleInput) input: RoleInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Role> {
    return toRole(await service(ctx).update(viewer, id, input));
  }

  @Mutation(() => ID, {
    description:
      'Deletes a custom role nobody holds; returns its id. Errors: ROLE_IN_USE (details.holders), ROLE_READ_ONLY, FORBIDDEN, NOT_FOUND.',
  })
  async deleteRole(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    await service(ctx).delete(viewer, id);
    return id;
  }

  @FieldResolver(() => RoleViewerCan, { description: 'What the viewer may do with this role.' })
  viewerCan(@Root() role: Role, @Ctx() ctx: Context): RoleViewerCan {
    return roleViewerCan(ctx.viewer, role);
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DEFAULT_ROLES,
  MANDATORY_PERMISSION,
  PERMISSIONS,
  PERMISSION_KEYS,
  type ScopeType,
} from '@porter/shared';
import { access, assertAllowed, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError, BadInputError, NotFoundError } from '../../common/errors.js';
import { audit } from '../audit/index.js';
import { isUuid } from '../../common/ids.js';
import { loadOrganisation } from '../organisation/index.js';
import { grantRefusal, type GrantableRole } from './grant-policy.js';
import { PermissionEntity } from './permission.entity.js';
import { manageRoleRefusal } from './role.policy.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { RoleEntity } from './role.entity.js';
import { toRole, type Permission, type Role } from './role.types.js';

export interface RoleInput {
  name?: string | null;
  description?: string | null;
  permissions?: string[] | null;
  scopes?: ScopeType[] | null;
}

export function toGrantable(role: RoleEntity): GrantableRole {
  return {
    id: role.id,
    key: role.key ?? null,
    name: role.name,
    organisationId: role.organisation?.id ?? null,
    permissions: role.permissions,
    scopes: role.scopes,
    keeper: role.keeper,
  };
}

const CUSTOM_SCOPES: readonly ScopeType[] = ['ORGANISATION', 'DEPLOYMENT'];
const ASSIGNABLE = new Set<string>(
  PERMISSIONS.filter((p) => !('platformOnly' in p && p.platformOnly)).map((p) => p.key),
);
const DEFAULT_NAMES = new Set(DEFAULT_ROLES.map((r) => r.name.toLowerCase()));

/** Roles the viewer may give at a scope (grant policy), oldest first. */
export async function grantableRoles(
  em: EntityManager,
  viewer: Viewer,
  scope: AccessScope,
): Promise<Role[]> {
  const rows = await em.find(
    RoleEntity,
    scope.type === 'PLATFORM'
      ? { organisation: null }
      : {
          deletedAt: null,
          $or: [{ organisation: null }, { organisation: scope.organisationId }],
        },
    { orderBy: { createdAt: 'asc', name: 'asc' } },
  );
  return rows.filter((r) => grantRefusal(viewer, toGrantable(r), scope) === null).map(toRole);
}

export class RoleService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * The default roles, plus the custom roles of an organisation when one is given. Throws
   * NOT_FOUND for an organisation the viewer cannot enter.
   */
  async list(viewer: Viewer, organisationId?: string | null): Promise<Role[]> {
    if (organisationId) await loadOrganisation(this.em, viewer, organisationId);
    const rows = await this.em.find(
      RoleEntity,
      organisationId
        ? { deletedAt: null, $or: [{ organisation: null }, { organisation: organisationId }] }
        : { organisation: null },
      { orderBy: { createdAt: 'asc', name: 'asc' } },
    );
    return rows.map(toRole);
  }

  /** Roles the viewer may give at a scope: the options of every role picker. */
  async grantable(viewer: Viewer, scope: AccessScope): Promise<Role[]> {
    return grantableRoles(this.em, viewer, scope);
  }

  /** The permission catalogue, in catalogue order. */
  async permissions(): Promise<Permission[]> {
    const rows = await this.em.find(PermissionEntity, {});
    const order = new Map<string, number>(PERMISSION_KEYS.map((k, i) => [k, i]));
    return rows
      .sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99))
      .map((p) => ({
        key: p.key,
        label: p.label,
        description: p.description,
        group: p.group,
        platformOnly: p.platformOnly,
      }));
  }

  /**
   * Creates a custom role in an organisation. Needs `role:manage` there; `patient:view` is always
   * added; permissions must be in the catalogue, not platform-only, and held by the viewer
   * (ESCALATION_REFUSED). Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, ROLE_NAME_TAKEN.
   */
  async create(viewer: Viewer, organisationId: string, input: RoleInput): Promise<RoleEntity> {
    await loadOrganisation(this.em, viewer, organisationId);
    const scope: AccessScope = { type: 'ORGANISATION', organisationId };
    access.require(viewer, 'role:manage', scope);
    const name = this.cleanName(input.name);
    await this.assertNameFree(organisationId, name, null);
    const role = this.em.create(RoleEntity, {
      organisation: organisationId,
      name,
      description: input.description?.trim() ?? '',
      permissions: this.cleanPermissions(viewer, scope, input.permissions ?? []),
      scopes: this.cleanScopes(input.scopes),
      grants: [],
    });
    audit(this.em, this.clock, {
      action: 'role.created',
      actor: { id: viewer.userId, email: viewer.email },
      organisationId,
      target: { type: 'Role', id: role.id, label: role.name },
      after: { name: role.name, permissions: role.permissions, scopes: role.scopes },
    });
    await this.em.flush();
    return role;
  }

  /**
   * Renames a custom role or changes its permissions or scopes; holders feel the change on their
   * next request. Errors: as `create`, plus ROLE_READ_ONLY for default roles.
   */
  async update(viewer: Viewer, roleId: string, input: RoleInput): Promise<RoleEntity> {
    const role = await this.loadCustom(viewer, roleId);
    const organisationId = role.organisation!.id;
    const scope: AccessScope = { type: 'ORGANISATION', organisationId };
    const before = {
      name: role.name,
      description: role.description,
      permissions: [...role.permissions],
      scopes: [...role.scopes],
    };
    if (input.name != null) {
      const name = this.cleanName(input.name);
      await this.assertNameFree(organisationId, name, role.id);
      role.name = name;
    }
    if (input.description != null) role.description = input.description.trim();
    if (input.permissions != null)
      role.permissions = this.cleanPermissions(viewer, scope, input.permissions);
    if (input.scopes != null) role.scopes = this.cleanScopes(input.scopes);
    audit(this.em, this.clock, {
      action: 'role.updated',
      actor: { id: viewer.userId, email: viewer.email },
      organisationId,
      target: { type: 'Role', id: role.id, label: role.name },
      before,
      after: {
        name: role.name,
        description: role.description,
        permissions: role.permissions,
        scopes: role.scopes,
      },
    });
    await this.em.flush();
    return role;
  }

  /** Deletes a custom role nobody holds. Errors: ROLE_IN_USE (with the holder count), ROLE_READ_ONLY, FORBIDDEN, NOT_FOUND. */
  async delete(viewer: Viewer, roleId: string): Promise<void> {
    const role = await this.loadCustom(viewer, roleId);
    const holders = await this.em.count(RoleAssignmentEntity, { role: role.id, endedAt: null });
    if (holders > 0) {
      throw new AppError(
        'ROLE_IN_USE',
        `${role.name} is held by ${holders} ${holders === 1 ? 'person' : 'people'}; give them another role first.`,
        { holders },
      );
    }
    role.deletedAt = this.clock.now();
    audit(this.em, this.clock, {
      action: 'role.deleted',
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: role.organisation!.id,
      target: { type: 'Role', id: role.id, label: role.name },
      before: { name: role.name, permissions: role.permissions, scopes: role.scopes },
    });
    await this.em.flush();
  }

  /** A custom role the viewer may change (manageRoleRefusal); NOT_FOUND for unknown, foreign or archived. */
  private async loadCustom(viewer: Viewer, roleId: string): Promise<RoleEntity> {
    const role = isUuid(roleId)
      ? await this.em.findOne(RoleEntity, { id: roleId, deletedAt: null })
      : null;
    if (!role) throw new NotFoundError('Role', roleId);
    if (role.organisation) {
      if (!access.canEnterOrganisation(viewer, role.organisation.id))
        throw new NotFoundError('Role', roleId);
      await loadOrganisation(this.em, viewer, role.organisation.id);
    }
    assertAllowed(
      manageRoleRefusal(viewer, { name: role.name, organisationId: role.organisation?.id ?? null }),
    );
    return role;
  }

  private cleanName(value: string | null | undefined): string {
    const name = value?.trim().replace(/\s+/g, ' ') ?? '';
    if (name.length < 1 || name.length > 100)
      throw new BadInputError('A role name needs 1 to 100 characters.', { field: 'name' });
    return name;
  }

  private async assertNameFree(
    organisationId: string,
    name: string,
    exceptId: string | null,
  ): Promise<void> {
    const taken =
      DEFAULT_NAMES.has(name.toLowerCase()) ||
      (
        await this.em
          .getConnection()
          .execute<unknown[]>(
            `select 1 from role where organisation_id = ? and deleted_at is null and lower(name) = lower(?) and id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')`,
            [organisationId, name, exceptId],
          )
      ).length > 0;
    if (taken)
      throw new AppError('ROLE_NAME_TAKEN', `A role called “${name}” already exists.`, {
        field: 'name',
      });
  }

  private cleanPermissions(
    viewer: Viewer,
    scope: AccessScope,
    requested: readonly string[],
  ): string[] {
    const unknown = requested.filter((p) => !ASSIGNABLE.has(p));
    if (unknown.length)
      throw new BadInputError(`Unknown or platform-only permissions: ${unknown.join(', ')}.`, {
        field: 'permissions',
        permissions: unknown,
      });
    const wanted = new Set([MANDATORY_PERMISSION, ...requested]);
    const held = access.permissionsAt(viewer, scope);
    const beyond = [...wanted].filter((p) => !held.has(p as never));
    if (beyond.length) {
      throw new AppError(
        'ESCALATION_REFUSED',
        `You cannot give a role permissions you do not have: ${beyond.join(', ')}.`,
        { permissions: beyond },
      );
    }
    return PERMISSION_KEYS.filter((p) => wanted.has(p));
  }

  private cleanScopes(scopes: readonly ScopeType[] | null | undefined): ScopeType[] {
    const chosen = scopes?.length ? scopes : CUSTOM_SCOPES;
    if (chosen.some((s) => !CUSTOM_SCOPES.includes(s))) {
      throw new BadInputError('Custom roles are given at organisation or deployment level.', {
        field: 'scopes',
      });
    }
    return CUSTOM_SCOPES.filter((s) => chosen.includes(s));
  }
}

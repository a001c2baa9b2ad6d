import { CUSTOM_ROLES, isPermission, type ScopeType } from '@porter/shared';
import { access, applies, type AccessScope, type Viewer } from '../../common/access.js';
import { AppError, ForbiddenError } from '../../common/errors.js';

/** What the grant rules need to know about a role. */
export interface GrantableRole {
  id: string;
  key: string | null;
  name: string;
  organisationId: string | null;
  permissions: readonly string[];
  scopes: readonly ScopeType[];
  keeper: boolean;
}

const LEVEL: Record<ScopeType, string> = {
  PLATFORM: 'platform',
  ORGANISATION: 'organisation',
  DEPLOYMENT: 'deployment',
};

/**
 * Why the viewer may not give `role` at `scope`, or null when they may. The checks of PRODUCT.md §2,
 * in order: the role fits the scope (ROLE_SCOPE_NOT_ALLOWED); the viewer holds `staff:manage`
 * there (FORBIDDEN); one of the viewer's roles there allows that role (GRANT_NOT_ALLOWED); and
 * no escalation (ESCALATION_REFUSED): the role's permissions are a subset of the viewer's.
 *
 * A default role that a seeded grant rule names by key is trusted as the rule says: that is how
 * Huma lets an Organisation Editor or Support invite an Owner or Admin holding more than they do.
 * Custom roles, and grants by custom roles, always pass the escalation check.
 */
export function grantRefusal(
  viewer: Viewer,
  role: GrantableRole,
  scope: AccessScope,
): AppError | null {
  if (
    !role.scopes.includes(scope.type) ||
    (role.organisationId &&
      (scope.type === 'PLATFORM' || role.organisationId !== scope.organisationId))
  ) {
    return new AppError(
      'ROLE_SCOPE_NOT_ALLOWED',
      `${role.name} cannot be given at ${LEVEL[scope.type]} level.`,
      { roleId: role.id, scope: scope.type },
    );
  }
  if (!access.can(viewer, 'staff:manage', scope)) {
    return new ForbiddenError(
      'You need the “Add and remove staff” permission here to give or change roles.',
      { permission: 'staff:manage' },
    );
  }
  const mine = viewer.grants.filter((g) => applies(g, scope));
  const namedByRule = role.key !== null && mine.some((g) => g.grants.has(role.key!));
  const allowed =
    namedByRule ||
    (role.key === null && mine.some((g) => g.grants.has(CUSTOM_ROLES))) ||
    (!role.keeper && mine.some((g) => g.roleKey === null && g.permissions.has('staff:manage')));
  if (!allowed) {
    return new AppError(
      'GRANT_NOT_ALLOWED',
      `None of your roles here may give the ${role.name} role.`,
      { roleId: role.id },
    );
  }
  if (!namedByRule) {
    const held = access.permissionsAt(viewer, scope);
    const beyond = role.permissions.filter((p) => !isPermission(p) || !held.has(p));
    if (beyond.length) {
      return new AppError(
        'ESCALATION_REFUSED',
        `${role.name} has permissions you do not have here: ${beyond.join(', ')}.`,
        { permissions: beyond },
      );
    }
  }
  return null;
}

/** Throws the refusal of grantRefusal, if any. */
export function requireGrant(viewer: Viewer, role: GrantableRole, scope: AccessScope): void {
  const refusal = grantRefusal(viewer, role, scope);
  if (refusal) throw refusal;
}
